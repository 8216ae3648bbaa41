//! Signing in and out, accepting an invitation, the second factor, the team.

use axum::{
    extract::{Path as UrlPath, Query, RawForm, State},
    http::StatusCode,
    response::Response,
};
use tower_sessions::Session;

use super::{Notices, StaffPage, error, message, qr_svg};
use crate::auth::{staff, totp};
use crate::domain::mediation::Role;
use crate::forms::{Form, see_other};
use crate::i18n::fill;
use crate::pages::mediation::{self as views, page, strings};
use crate::service::ServiceError;
use crate::service::mediation::{StaffMember, accounts, structures};
use crate::state::AppState;

pub(super) async fn sign_in_page(
    State(state): State<AppState>,
    Query(q): Query<Notices>,
) -> Response {
    let m = strings();
    let notice = q
        .bienvenue
        .map(|_| m.welcome_after_invitation.to_owned())
        .or(q.fin.map(|_| m.not_signed_in.to_owned()));
    page(
        &state.assets,
        StatusCode::OK,
        m.sign_in_title,
        views::sign_in(m, String::new(), None, notice),
    )
}

pub(super) async fn sign_in(
    State(state): State<AppState>,
    session: Session,
    RawForm(form): RawForm,
) -> Response {
    let m = strings();
    let p = Form::parse(&form);
    let email = p.first("email").unwrap_or_default().to_owned();
    let outcome = accounts::sign_in(
        &state.db,
        &email,
        p.first("password").unwrap_or_default(),
        p.first("totp"),
    )
    .await;
    match outcome {
        Ok(who) => {
            if let Err(e) = staff::sign_in(&session, &who).await {
                return error(&state, &e);
            }
            if who.role.requires_totp() && !who.has_totp {
                see_other("/mediation/securite")
            } else {
                see_other("/mediation")
            }
        }
        Err(e @ ServiceError::Unexpected(_)) => error(&state, &e),
        Err(e) => {
            let (status, text) = message(&e);
            page(
                &state.assets,
                status,
                m.sign_in_title,
                views::sign_in(m, email, Some(text), None),
            )
        }
    }
}

pub(super) async fn sign_out(State(state): State<AppState>, session: Session) -> Response {
    match staff::sign_out(&session).await {
        Ok(()) => see_other("/connexion?fin=1"),
        Err(e) => error(&state, &e),
    }
}

pub(super) async fn invitation_page(
    State(state): State<AppState>,
    UrlPath(token): UrlPath<String>,
) -> Response {
    let m = strings();
    match accounts::invitation(&state.db, &token).await {
        Ok(i) => page(
            &state.assets,
            StatusCode::OK,
            if i.renewal {
                m.renewal_title
            } else {
                m.invitation_title
            },
            views::invitation(m, token, i, None),
        ),
        Err(e) => error(&state, &e),
    }
}

pub(super) async fn accept_invitation(
    State(state): State<AppState>,
    UrlPath(token): UrlPath<String>,
    RawForm(form): RawForm,
) -> Response {
    let m = strings();
    let p = Form::parse(&form);
    let chosen = p.first("password").unwrap_or_default();
    match accounts::accept_invitation(&state.db, &token, chosen).await {
        Ok(_) => see_other("/connexion?bienvenue=1"),
        Err(e @ ServiceError::WeakPassword(_)) => {
            match accounts::invitation(&state.db, &token).await {
                Ok(i) => {
                    let (status, text) = message(&e);
                    page(
                        &state.assets,
                        status,
                        if i.renewal {
                            m.renewal_title
                        } else {
                            m.invitation_title
                        },
                        views::invitation(m, token, i, Some(text)),
                    )
                }
                Err(e) => error(&state, &e),
            }
        }
        Err(e) => error(&state, &e),
    }
}

pub(super) async fn totp_page_with(
    state: &AppState,
    session: &Session,
    who: &StaffMember,
    error_text: Option<String>,
) -> Response {
    let m = strings();
    let secret = match staff::pending_totp(session).await {
        Ok(Some(s)) => s,
        Ok(None) => {
            let fresh = match totp::new_secret() {
                Ok(s) => s,
                Err(e) => return error(state, &ServiceError::Unexpected(e)),
            };
            if let Err(e) = staff::set_pending_totp(session, Some(&fresh)).await {
                return error(state, &e);
            }
            fresh
        }
        Err(e) => return error(state, &e),
    };
    let svg = totp::provisioning_url(&secret, &who.email)
        .map_err(ServiceError::Unexpected)
        .and_then(|url| qr_svg(&url));
    match svg {
        Ok(svg) => page(
            &state.assets,
            if error_text.is_some() {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            },
            m.totp_title,
            views::totp_setup(m, who.role.requires_totp(), secret, svg, error_text),
        ),
        Err(e) => error(state, &e),
    }
}

pub(super) async fn totp_page(State(state): State<AppState>, session: Session) -> Response {
    match staff::signed_in(&session, &state).await {
        Ok(who) if who.has_totp => {
            let m = strings();
            page(
                &state.assets,
                StatusCode::OK,
                m.totp_title,
                views::totp_active(m, &who),
            )
        }
        Ok(who) => totp_page_with(&state, &session, &who, None).await,
        Err(ServiceError::NotSignedIn) => see_other("/connexion"),
        Err(e) => error(&state, &e),
    }
}

pub(super) async fn enable_totp(
    State(state): State<AppState>,
    session: Session,
    RawForm(form): RawForm,
) -> Response {
    let who = match staff::signed_in(&session, &state).await {
        Ok(w) => w,
        Err(ServiceError::NotSignedIn) => return see_other("/connexion"),
        Err(e) => return error(&state, &e),
    };
    if who.has_totp {
        // Set up already: replacing it is not done from a session.
        return error(&state, &ServiceError::Forbidden);
    }
    let secret = match staff::pending_totp(&session).await {
        Ok(Some(s)) => s,
        Ok(None) => return see_other("/mediation/securite"),
        Err(e) => return error(&state, &e),
    };
    let code = Form::parse(&form)
        .first("totp")
        .unwrap_or_default()
        .to_owned();
    match accounts::enable_totp(&state.db, &who, &secret, &code).await {
        Ok(()) => {
            let _ = staff::set_pending_totp(&session, None).await;
            see_other("/mediation?securite=1")
        }
        Err(e @ ServiceError::SecondFactorNeeded) => {
            let text = message(&e).1;
            totp_page_with(&state, &session, &who, Some(text)).await
        }
        Err(e) => error(&state, &e),
    }
}

pub(super) async fn team_with(
    state: &AppState,
    who: &StaffMember,
    status: StatusCode,
    error_text: Option<String>,
    notice: Option<String>,
) -> Response {
    let m = strings();
    if !matches!(who.role, Role::StructureAdmin | Role::PlatformAdmin) {
        return error(state, &ServiceError::Forbidden);
    }
    match structures::structure_staff(&state.db, who).await {
        Ok((structure, staff)) => page(
            &state.assets,
            status,
            m.team_title,
            views::team(m, who, structure, staff, true, error_text, notice),
        ),
        Err(e) => error(state, &e),
    }
}

pub(super) async fn team_page(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
) -> Response {
    team_with(&state, &who, StatusCode::OK, None, None).await
}

pub(super) async fn invite(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    RawForm(form): RawForm,
) -> Response {
    let m = strings();
    let p = Form::parse(&form);
    let role = Role::parse(p.first("role").unwrap_or_default()).unwrap_or(Role::Mediator);
    let email = p.first("email").unwrap_or_default();
    match accounts::invite(&state.db, Some(&who), &who.structure_id, email, role).await {
        Ok(token) => {
            let link = crate::cli::invitation_link(&state.settings, &token);
            let notice = fill(m.invite_done, &[("link", link)]);
            team_with(&state, &who, StatusCode::OK, None, Some(notice)).await
        }
        Err(e @ ServiceError::Unexpected(_)) => error(&state, &e),
        Err(e) => {
            let (status, text) = message(&e);
            team_with(&state, &who, status, Some(text), None).await
        }
    }
}

/// A structure admin sets the INSEE code of the structure's place.
pub(super) async fn set_place(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    RawForm(form): RawForm,
) -> Response {
    let m = strings();
    let p = Form::parse(&form);
    match structures::set_commune(&state.db, &who, p.first("commune")).await {
        Ok(()) => {
            team_with(
                &state,
                &who,
                StatusCode::OK,
                None,
                Some(m.place_done.to_owned()),
            )
            .await
        }
        Err(e @ (ServiceError::Unexpected(_) | ServiceError::Forbidden)) => error(&state, &e),
        Err(e) => {
            let (status, text) = message(&e);
            team_with(&state, &who, status, Some(text), None).await
        }
    }
}
