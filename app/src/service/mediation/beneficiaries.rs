//! The beneficiaries of a structure: a pseudonym or first name chosen with the person, and
//! optionally a commune, an age band and a situation. No e-mail, no phone. Creating one records
//! the person's consent to what is kept (and whether an anonymous record may go to the
//! observatory).

use super::{FieldProblem, StaffMember, text_field};
use crate::db::{self, beneficiaries as rows};
use crate::domain::mediation::{AGE_BANDS, SITUATIONS, is_commune_code};
use crate::service::{ServiceError, token};
use crate::state::AppState;

/// What a mediator enters for a new beneficiary.
#[derive(Debug, Clone, Default)]
pub struct NewBeneficiary {
    pub pseudonym: String,
    pub age_band: Option<String>,
    pub commune: Option<String>,
    pub situation: Option<String>,
    pub observatory_consent: bool,
}

/// A beneficiary as the structure's staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beneficiary {
    pub id: String,
    pub pseudonym: String,
    pub age_band: Option<String>,
    pub commune: Option<String>,
    pub situation: Option<String>,
    pub observatory_consent: bool,
    pub consent_at: i64,
    pub created_at: i64,
}

impl From<rows::BeneficiaryRow> for Beneficiary {
    fn from(r: rows::BeneficiaryRow) -> Self {
        Beneficiary {
            id: r.id,
            pseudonym: r.pseudonym,
            age_band: r.age_band,
            commune: r.commune,
            situation: r.situation,
            observatory_consent: r.consent_observatory != 0,
            consent_at: r.consent_at,
            created_at: r.created_at,
        }
    }
}

/// The longest pseudonym.
pub const PSEUDONYM_MAX: usize = 40;

/// An optional value that must be one of `allowed` when given (the forms give nothing for
/// their empty choice; an empty string is not a value).
fn one_of(
    name: &'static str,
    value: Option<String>,
    allowed: impl Fn(&str) -> bool,
) -> Result<Option<String>, ServiceError> {
    match value {
        None => Ok(None),
        Some(v) if allowed(&v) => Ok(Some(v)),
        Some(_) => Err(ServiceError::InvalidField(name, FieldProblem::NotAllowed)),
    }
}

pub async fn create(
    state: &AppState,
    who: &StaffMember,
    new: NewBeneficiary,
) -> Result<Beneficiary, ServiceError> {
    let pseudonym = text_field("pseudonym", &new.pseudonym, PSEUDONYM_MAX)?;
    let age_band = one_of("age_band", new.age_band, |v| AGE_BANDS.contains(&v))?;
    let commune = one_of("commune", new.commune, is_commune_code)?;
    let situation = one_of("situation", new.situation, |v| {
        SITUATIONS.iter().any(|(code, _)| *code == v)
    })?;
    let now = db::now_ms();
    let row = rows::BeneficiaryRow {
        id: token::new_id()?,
        structure_id: who.structure_id.clone(),
        pseudonym,
        age_band,
        commune,
        situation,
        consent_at: now,
        consent_observatory: i64::from(new.observatory_consent),
        created_by: who.id.clone(),
        created_at: now,
    };
    let mut tx = state.db.begin_write().await?;
    rows::insert(&mut tx, &row).await?;
    tx.commit().await?;
    Ok(row.into())
}

/// The structure's beneficiaries, newest first.
pub async fn list(state: &AppState, who: &StaffMember) -> Result<Vec<Beneficiary>, ServiceError> {
    Ok(rows::of_structure(&state.db.pool, &who.structure_id)
        .await?
        .into_iter()
        .map(Beneficiary::from)
        .collect())
}

/// One beneficiary of the caller's structure.
pub async fn get(
    state: &AppState,
    who: &StaffMember,
    id: &str,
) -> Result<Beneficiary, ServiceError> {
    rows::get(&state.db.pool, &who.structure_id, id)
        .await?
        .map(Beneficiary::from)
        .ok_or(ServiceError::NoSuchObject)
}

/// Deletes a beneficiary of the caller's structure and everything attached to it.
pub async fn delete(state: &AppState, who: &StaffMember, id: &str) -> Result<(), ServiceError> {
    let mut tx = state.db.begin_write().await?;
    if rows::get(&mut **tx, &who.structure_id, id).await?.is_none() {
        return Err(ServiceError::NoSuchObject);
    }
    db::diagnostics::delete_of_beneficiary(&mut tx, id, db::now_ms()).await?;
    if !rows::delete(&mut tx, &who.structure_id, id).await? {
        return Err(ServiceError::NoSuchObject);
    }
    tx.commit().await?;
    tracing::info!(staff = %who.id, "a beneficiary was deleted");
    Ok(())
}
