//! The platform admins' pages: every structure, creating one, inviting into any, and
//! resetting a person's access (second factor and password).

use axum::{
    extract::{Path as UrlPath, RawForm, State},
    http::StatusCode,
    response::Response,
};

use super::{StaffPage, error, message};
use crate::domain::mediation::Role;
use crate::forms::{Form, see_other};
use crate::i18n::fill;
use crate::pages::mediation::{self as views, page, strings};
use crate::service::ServiceError;
use crate::service::mediation::{StaffMember, accounts, structures};
use crate::state::AppState;

async fn list_with(
    state: &AppState,
    who: &StaffMember,
    status: StatusCode,
    error_text: Option<String>,
) -> Response {
    let m = strings();
    match structures::all_structures(&state.db, who).await {
        Ok(list) => page(
            &state.assets,
            status,
            m.structures_title,
            views::structures(m, who, list, error_text),
        ),
        Err(e) => error(state, &e),
    }
}

pub(super) async fn list(State(state): State<AppState>, StaffPage(who): StaffPage) -> Response {
    list_with(&state, &who, StatusCode::OK, None).await
}

pub(super) async fn create(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    RawForm(form): RawForm,
) -> Response {
    let p = Form::parse(&form);
    let name = p.first("name").unwrap_or_default();
    match structures::create_structure_as(&state.db, &who, name, p.first("commune")).await {
        Ok(id) => see_other(&format!("/mediation/structures/{id}")),
        Err(e @ (ServiceError::Unexpected(_) | ServiceError::Forbidden)) => error(&state, &e),
        Err(e) => {
            let (status, text) = message(&e);
            list_with(&state, &who, status, Some(text)).await
        }
    }
}

async fn one_with(
    state: &AppState,
    who: &StaffMember,
    id: &str,
    status: StatusCode,
    error_text: Option<String>,
    notice: Option<String>,
) -> Response {
    let m = strings();
    if who.role != Role::PlatformAdmin {
        return error(state, &ServiceError::Forbidden);
    }
    match structures::staff_of(&state.db, who, id).await {
        Ok((structure, staff)) => page(
            &state.assets,
            status,
            &format!("{} · {}", m.team_title, structure.name),
            views::team(m, who, structure, staff, false, error_text, notice),
        ),
        Err(e) => error(state, &e),
    }
}

pub(super) async fn one(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    UrlPath(id): UrlPath<String>,
) -> Response {
    one_with(&state, &who, &id, StatusCode::OK, None, None).await
}

pub(super) async fn invite(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    UrlPath(id): UrlPath<String>,
    RawForm(form): RawForm,
) -> Response {
    let m = strings();
    if who.role != Role::PlatformAdmin {
        return error(&state, &ServiceError::Forbidden);
    }
    let p = Form::parse(&form);
    let role = Role::parse(p.first("role").unwrap_or_default()).unwrap_or(Role::Mediator);
    let email = p.first("email").unwrap_or_default();
    match accounts::invite(&state.db, Some(&who), &id, email, role).await {
        Ok(token) => {
            let link = crate::cli::invitation_link(&state.settings, &token);
            let notice = fill(m.invite_done, &[("link", link)]);
            one_with(&state, &who, &id, StatusCode::OK, None, Some(notice)).await
        }
        Err(e @ (ServiceError::Unexpected(_) | ServiceError::NoSuchObject)) => error(&state, &e),
        Err(e) => {
            let (status, text) = message(&e);
            one_with(&state, &who, &id, status, Some(text), None).await
        }
    }
}

pub(super) async fn reset_access(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    UrlPath((id, staff_id)): UrlPath<(String, String)>,
) -> Response {
    let m = strings();
    // The person must belong to the structure of the page.
    let belongs = match structures::staff_of(&state.db, &who, &id).await {
        Ok((_, staff)) => staff.iter().any(|s| s.id == staff_id),
        Err(e) => return error(&state, &e),
    };
    if !belongs {
        return error(&state, &ServiceError::NoSuchObject);
    }
    match accounts::reset_access(&state.db, &who, &staff_id).await {
        Ok((email, token)) => {
            let link = crate::cli::invitation_link(&state.settings, &token);
            let notice = fill(m.access_reset_done, &[("email", email), ("link", link)]);
            one_with(&state, &who, &id, StatusCode::OK, None, Some(notice)).await
        }
        Err(e) => error(&state, &e),
    }
}
