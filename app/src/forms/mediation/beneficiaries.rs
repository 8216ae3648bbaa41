//! The list of people, registering one, a person's page, deleting one.

use axum::{
    extract::{Path as UrlPath, Query, RawForm, State},
    http::StatusCode,
    response::Response,
};

use super::qr_svg;
use super::{Notices, StaffPage, error, message};
use crate::forms::{Form, see_other};
use crate::pages::mediation::{self as views, page, strings};
use crate::service::ServiceError;
use crate::service::mediation::{
    StaffMember, beneficiaries,
    diagnostics::{self, Status},
    results, structures,
};
use crate::state::AppState;

pub(super) async fn dashboard_with(
    state: &AppState,
    who: &StaffMember,
    status: StatusCode,
    error_text: Option<String>,
    notice: Option<String>,
) -> Response {
    let m = strings();
    match beneficiaries::list(state, who).await {
        Ok(list) => page(
            &state.assets,
            status,
            m.beneficiaries_title,
            views::dashboard(
                m,
                who,
                state.settings.retention_beneficiary_months,
                list,
                error_text,
                notice,
            ),
        ),
        Err(e) => error(state, &e),
    }
}

pub(super) async fn dashboard(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    Query(q): Query<Notices>,
) -> Response {
    let m = strings();
    let notice = q
        .supprime
        .map(|_| m.deleted_notice.to_owned())
        .or(q.securite.map(|_| m.totp_done.to_owned()));
    dashboard_with(&state, &who, StatusCode::OK, None, notice).await
}

pub(super) async fn create_beneficiary(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    RawForm(form): RawForm,
) -> Response {
    let p = Form::parse(&form);
    let outcome = if p.first("consent") != Some("oui") {
        Err(ServiceError::InvalidField(
            "consent",
            crate::service::mediation::FieldProblem::Missing,
        ))
    } else {
        beneficiaries::create(
            &state,
            &who,
            beneficiaries::NewBeneficiary {
                pseudonym: p.first("pseudonym").unwrap_or_default().to_owned(),
                age_band: p.first("age_band").map(str::to_owned),
                commune: p.first("commune").map(str::to_owned),
                situation: p.first("situation").map(str::to_owned),
                observatory_consent: p.first("observatory") == Some("oui"),
            },
        )
        .await
    };
    match outcome {
        Ok(b) => see_other(&format!("/mediation/beneficiaires/{}", b.id)),
        Err(e @ ServiceError::Unexpected(_)) => error(&state, &e),
        Err(e) => {
            let (status, text) = message(&e);
            dashboard_with(&state, &who, status, Some(text), None).await
        }
    }
}

pub(super) async fn beneficiary_page(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    UrlPath(id): UrlPath<String>,
) -> Response {
    let m = strings();
    let (found, done) = match results::finished(&state, &who, &id).await {
        Ok(found) => found,
        Err(e) => return error(&state, &e),
    };
    let list = match diagnostics::list(&state, &who, &id).await {
        Ok(l) => l,
        Err(e) => return error(&state, &e),
    };
    let progress = results::progress(&done);
    let code_url = format!("{}/code", state.settings.base_url());
    let mut listed = Vec::new();
    for d in list {
        let qr_svg = match &d.status {
            Status::Waiting { code, .. } => match qr_svg(&format!("{code_url}?c={code}")) {
                Ok(svg) => Some(svg),
                Err(e) => return error(&state, &e),
            },
            _ => None,
        };
        listed.push(views::Listed {
            diagnostic: d,
            qr_svg,
        });
    }
    let title = found.pseudonym.clone();
    page(
        &state.assets,
        StatusCode::OK,
        &title,
        views::beneficiary(m, &who, found, listed, done, progress, code_url),
    )
}

pub(super) async fn delete_beneficiary(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    UrlPath(id): UrlPath<String>,
    RawForm(form): RawForm,
) -> Response {
    if Form::parse(&form).first("confirme") != Some("oui") {
        return see_other(&format!("/mediation/beneficiaires/{id}"));
    }
    match beneficiaries::delete(&state, &who, &id).await {
        Ok(()) => see_other("/mediation?supprime=1"),
        Err(e) => error(&state, &e),
    }
}

/// The report to print and hand to the person.
pub(super) async fn report_page(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    UrlPath(id): UrlPath<String>,
) -> Response {
    let m = strings();
    let (found, done) = match results::finished(&state, &who, &id).await {
        Ok(found) => found,
        Err(e) => return error(&state, &e),
    };
    let structure = match structures::own_structure(&state.db, &who).await {
        Ok(s) => s,
        Err(e) => return error(&state, &e),
    };
    let progress = results::progress(&done);
    let title = crate::i18n::fill(m.report_title, &[("name", found.pseudonym.clone())]);
    page(
        &state.assets,
        StatusCode::OK,
        &title,
        views::report(m, found.pseudonym, found.id, structure.name, done, progress),
    )
}
