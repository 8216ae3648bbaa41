//! Invitations, accounts, sign-in, the second factor and access resets.

use super::{StaffMember, text_field};
use crate::auth::{password, totp};
use crate::db::{self, Db, staff as rows};
use crate::domain::mediation::Role;
use crate::service::{ServiceError, token};

/// How long an invitation link can be used.
pub const INVITATION_HOURS: i64 = 72;

/// A well-formed e-mail address, lower-cased.
fn email_field(email: &str) -> Result<String, ServiceError> {
    let e = text_field("email", email, 254)?.to_lowercase();
    let ok = e
        .split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.'))
        && !e.contains(char::is_whitespace);
    if ok {
        Ok(e)
    } else {
        Err(ServiceError::InvalidField(
            "email",
            super::FieldProblem::NotAllowed,
        ))
    }
}

/// Who may invite whom: the command line (no inviter) anyone; a platform admin anyone; a
/// structure admin mediators and structure admins of their own structure; a mediator or an
/// analyst nobody.
fn may_invite(inviter: Option<&StaffMember>, structure_id: &str, role: Role) -> bool {
    match inviter {
        None => true,
        Some(s) => match s.role {
            Role::PlatformAdmin => true,
            Role::StructureAdmin => {
                s.structure_id == structure_id
                    && matches!(role, Role::Mediator | Role::StructureAdmin)
            }
            Role::Mediator | Role::Analyst => false,
        },
    }
}

/// Invites `email` as `role` in a structure; returns the one-time token of the link.
pub async fn invite(
    db: &Db,
    inviter: Option<&StaffMember>,
    structure_id: &str,
    email: &str,
    role: Role,
) -> Result<String, ServiceError> {
    if !may_invite(inviter, structure_id, role) {
        return Err(ServiceError::Forbidden);
    }
    let email = email_field(email)?;
    if rows::structure(&db.pool, structure_id).await?.is_none() {
        return Err(ServiceError::NoSuchObject);
    }
    if rows::staff_by_email(&db.pool, &email).await?.is_some() {
        return Err(ServiceError::AccountExists);
    }
    let secret = token::new_token()?;
    let now = db::now_ms();
    let mut tx = db.begin_write().await?;
    rows::insert_invitation(
        &mut tx,
        &rows::InvitationRow {
            token_hash: token::hash(&secret),
            structure_id: structure_id.to_owned(),
            email,
            role: role.as_str().to_owned(),
            created_at: now,
            expires_at: now + INVITATION_HOURS * 3_600_000,
            used_at: None,
            staff_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(
        structure = %structure_id,
        role = role.as_str(),
        by = inviter.map_or("command line", |w| w.id.as_str()),
        "invitation created"
    );
    Ok(secret)
}

/// What an invitation link opens, for the page where the password is chosen.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub email: String,
    pub role: Role,
    pub structure_name: String,
    /// An access reset: the account exists and gets a new password.
    pub renewal: bool,
}

async fn usable_invitation(db: &Db, secret: &str) -> Result<rows::InvitationRow, ServiceError> {
    match rows::invitation(&db.pool, &token::hash(secret)).await? {
        Some(i) if i.used_at.is_none() && i.expires_at > db::now_ms() => Ok(i),
        _ => Err(ServiceError::InvitationUnusable),
    }
}

pub async fn invitation(db: &Db, secret: &str) -> Result<Invitation, ServiceError> {
    let i = usable_invitation(db, secret).await?;
    let structure = rows::structure(&db.pool, &i.structure_id)
        .await?
        .ok_or(ServiceError::InvitationUnusable)?;
    Ok(Invitation {
        email: i.email,
        role: Role::parse(&i.role).ok_or_else(|| anyhow::anyhow!("stored role {}", i.role))?,
        structure_name: structure.name,
        renewal: i.staff_id.is_some(),
    })
}

/// Creates the invited account with the chosen password (or, for an access reset, gives the
/// account its new password); the link is then used up.
pub async fn accept_invitation(
    db: &Db,
    secret: &str,
    chosen: &str,
) -> Result<Invitation, ServiceError> {
    // A password of the wrong length is refused first, whatever the link (the request is
    // malformed); the rest of the rules need the account's e-mail.
    password::check_length(chosen).map_err(ServiceError::WeakPassword)?;
    let found = invitation(db, secret).await?;
    password::check(chosen, &found.email).map_err(ServiceError::WeakPassword)?;
    let hash = password::hash(chosen.to_owned()).await?;
    let now = db::now_ms();
    let mut tx = db.begin_write().await?;
    let i = usable_invitation(db, secret).await?;
    if !rows::use_invitation(&mut tx, &i.token_hash, now).await? {
        return Err(ServiceError::InvitationUnusable);
    }
    if let Some(staff_id) = &i.staff_id {
        rows::set_password(&mut tx, staff_id, &hash).await?;
        tx.commit().await?;
        tracing::info!(staff = %staff_id, "new password chosen after an access reset");
        return Ok(found);
    }
    if rows::staff_by_email(&mut **tx, &i.email).await?.is_some() {
        return Err(ServiceError::AccountExists);
    }
    let inserted = rows::insert_staff(
        &mut tx,
        &rows::StaffRow {
            id: token::new_id()?,
            structure_id: i.structure_id.clone(),
            email: i.email.clone(),
            role: i.role.clone(),
            password_hash: hash,
            totp_secret: None,
            totp_last_step: None,
            created_at: now,
            session_epoch: 0,
        },
    )
    .await;
    // Two invitations for one e-mail accepted at the same moment: the second meets the first.
    if let Err(e) = &inserted
        && e.as_database_error()
            .is_some_and(|d| d.is_unique_violation())
    {
        return Err(ServiceError::AccountExists);
    }
    inserted?;
    tx.commit().await?;
    tracing::info!(structure = %i.structure_id, role = %i.role, "account created from an invitation");
    Ok(found)
}

pub(super) fn member(row: rows::StaffRow) -> Result<StaffMember, ServiceError> {
    Ok(StaffMember {
        role: Role::parse(&row.role).ok_or_else(|| anyhow::anyhow!("stored role {}", row.role))?,
        has_totp: row.totp_secret.is_some(),
        session_epoch: row.session_epoch,
        id: row.id,
        structure_id: row.structure_id,
        email: row.email,
    })
}

/// The staff member of a session opened under `epoch`, unless their access was reset since
/// (which ends every session they had).
pub async fn member_of_session(
    db: &Db,
    id: &str,
    epoch: i64,
) -> Result<Option<StaffMember>, ServiceError> {
    rows::staff_by_id(&db.pool, id)
        .await?
        .filter(|r| r.session_epoch == epoch)
        .map(member)
        .transpose()
}

fn unix_seconds() -> u64 {
    (db::now_ms().max(0) / 1000) as u64
}

/// Checks e-mail, password and (when the account has one) the one-time code. An admin
/// without a second factor signs in only to set one up ([`StaffMember::has_totp`] false).
pub async fn sign_in(
    db: &Db,
    email: &str,
    given_password: &str,
    code: Option<&str>,
) -> Result<StaffMember, ServiceError> {
    let email = email.trim().to_lowercase();
    let row = rows::staff_by_email(&db.pool, &email).await?;
    let hash = row
        .as_ref()
        .map(|r| r.password_hash.clone())
        .unwrap_or_else(|| password::decoy_hash().to_owned());
    let right = password::verify(given_password.to_owned(), hash).await?;
    let row = match row {
        Some(r) if right => r,
        _ => return Err(ServiceError::BadLogin),
    };
    if let Some(secret) = &row.totp_secret {
        let code = code.ok_or(ServiceError::SecondFactorNeeded)?;
        let step = totp::accept(secret, &row.email, code, unix_seconds(), row.totp_last_step)?
            .ok_or(ServiceError::SecondFactorNeeded)?;
        let mut tx = db.begin_write().await?;
        if !rows::use_totp_step(&mut tx, &row.id, step).await? {
            return Err(ServiceError::SecondFactorNeeded);
        }
        tx.commit().await?;
    }
    member(row)
}

/// Sets up the second factor: `secret` (made by [`totp::new_secret`] and shown to the person)
/// is kept once a code made from it is given. An account that has one cannot replace it here
/// (a session left open must not be enough to swap the authenticator).
pub async fn enable_totp(
    db: &Db,
    who: &StaffMember,
    secret: &str,
    code: &str,
) -> Result<(), ServiceError> {
    if who.has_totp {
        return Err(ServiceError::Forbidden);
    }
    let step = totp::accept(secret, &who.email, code, unix_seconds(), None)?
        .ok_or(ServiceError::SecondFactorNeeded)?;
    let mut tx = db.begin_write().await?;
    rows::set_totp(&mut tx, &who.id, Some(secret)).await?;
    rows::use_totp_step(&mut tx, &who.id, step).await?;
    tx.commit().await?;
    tracing::info!(staff = %who.id, "second factor set up");
    Ok(())
}

/// A platform admin resets a person's access (a lost phone, a forgotten password): their
/// second factor and password are removed, every session they had ends, and the returned
/// one-time token (a link valid [`INVITATION_HOURS`] hours, to give them in person or by
/// phone) lets them choose a new password; they then set up a new second factor (admins must,
/// mediators may). Not one's own access. Returns the person's e-mail and the token.
pub async fn reset_access(
    db: &Db,
    who: &StaffMember,
    staff_id: &str,
) -> Result<(String, String), ServiceError> {
    if who.role != Role::PlatformAdmin || who.id == staff_id {
        return Err(ServiceError::Forbidden);
    }
    let target = rows::staff_by_id(&db.pool, staff_id)
        .await?
        .ok_or(ServiceError::NoSuchObject)?;
    let secret = token::new_token()?;
    let now = db::now_ms();
    let mut tx = db.begin_write().await?;
    if !rows::reset_access(&mut tx, staff_id, now).await? {
        return Err(ServiceError::NoSuchObject);
    }
    rows::insert_invitation(
        &mut tx,
        &rows::InvitationRow {
            token_hash: token::hash(&secret),
            structure_id: target.structure_id.clone(),
            email: target.email.clone(),
            role: target.role.clone(),
            created_at: now,
            expires_at: now + INVITATION_HOURS * 3_600_000,
            used_at: None,
            staff_id: Some(staff_id.to_owned()),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(by = %who.id, staff = %staff_id, "access reset");
    Ok((target.email, secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(role: Role, structure: &str) -> StaffMember {
        StaffMember {
            id: "s".into(),
            structure_id: structure.into(),
            email: "a@b.fr".into(),
            role,
            has_totp: true,
            session_epoch: 0,
        }
    }

    #[test]
    fn only_admins_invite_and_structure_admins_only_at_home() {
        let m = staff(Role::Mediator, "A");
        let sa = staff(Role::StructureAdmin, "A");
        let pa = staff(Role::PlatformAdmin, "A");
        assert!(may_invite(None, "B", Role::PlatformAdmin));
        assert!(!may_invite(Some(&m), "A", Role::Mediator));
        assert!(may_invite(Some(&sa), "A", Role::Mediator));
        assert!(may_invite(Some(&sa), "A", Role::StructureAdmin));
        assert!(!may_invite(Some(&sa), "A", Role::PlatformAdmin));
        assert!(!may_invite(Some(&sa), "A", Role::Analyst));
        assert!(may_invite(Some(&pa), "B", Role::Analyst));
        assert!(!may_invite(
            Some(&staff(Role::Analyst, "A")),
            "A",
            Role::Analyst
        ));
        assert!(!may_invite(Some(&sa), "B", Role::Mediator));
        assert!(may_invite(Some(&pa), "B", Role::StructureAdmin));
    }

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(
            email_field(" Camille@Exemple.FR ").unwrap(),
            "camille@exemple.fr"
        );
        for bad in [
            "camille",
            "@exemple.fr",
            "camille@exemple",
            "cam ille@exemple.fr",
            "",
        ] {
            assert!(email_field(bad).is_err(), "{bad}");
        }
    }
}
