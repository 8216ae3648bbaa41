//! Starting a diagnostic (guided, or with a code) and joining one with a code.

use axum::{
    extract::{Path as UrlPath, Query, RawForm, State},
    http::StatusCode,
    response::Response,
};

use super::{StaffPage, error, message};
use crate::forms::{Form, see_other};
use crate::pages::mediation::{self as views, public_page, strings};
use crate::service::ServiceError;
use crate::service::assessment::{Path, Started};
use crate::service::mediation::diagnostics::{self, Mode};
use crate::state::AppState;

pub(super) async fn start_diagnostic(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    UrlPath(id): UrlPath<String>,
    RawForm(form): RawForm,
) -> Response {
    let p = Form::parse(&form);
    let path = Path::parse(p.first("path").unwrap_or_default());
    let mode = Mode::parse(p.first("mode").unwrap_or_default());
    let (Some(path), Some(mode)) = (path, mode) else {
        return error(
            &state,
            &ServiceError::InvalidField(
                "mode",
                crate::service::mediation::FieldProblem::NotAllowed,
            ),
        );
    };
    match diagnostics::start(&state, &who, &id, path, mode).await {
        Ok(d) => match d.assessment {
            // Guided: this device holds the assessment now; "Terminer" clears it.
            Some(started) => with_assessment_cookie(&state, see_other("/evaluation"), &started),
            None => see_other(&format!("/mediation/beneficiaires/{id}")),
        },
        Err(e) => error(&state, &e),
    }
}

/// `response` with the cookie that holds `started` on this device.
pub(super) fn with_assessment_cookie(
    state: &AppState,
    mut response: Response,
    started: &Started,
) -> Response {
    let cookie = state
        .cookies
        .set_cookie(&started.id, &crate::auth::Token::new(started.token.clone()));
    if let Ok(v) = axum::http::HeaderValue::from_str(&cookie) {
        response
            .headers_mut()
            .insert(axum::http::header::SET_COOKIE, v);
    }
    response
}

#[derive(serde::Deserialize)]
pub struct CodeQuery {
    c: Option<String>,
}

pub(super) async fn join_page(
    State(state): State<AppState>,
    Query(q): Query<CodeQuery>,
) -> Response {
    let m = strings();
    let code =
        q.c.map(|c| diagnostics::normalize_code(&c))
            .unwrap_or_default();
    public_page(
        &state.assets,
        StatusCode::OK,
        m.join_title,
        views::join(m, code, None),
    )
}

pub(super) async fn join(State(state): State<AppState>, RawForm(form): RawForm) -> Response {
    let m = strings();
    let typed = Form::parse(&form)
        .first("code")
        .unwrap_or_default()
        .to_owned();
    match diagnostics::join(&state, &typed).await {
        Ok(started) => with_assessment_cookie(&state, see_other("/evaluation"), &started),
        Err(e @ ServiceError::Unexpected(_)) => error(&state, &e),
        Err(e) => {
            let (status, text) = message(&e);
            public_page(
                &state.assets,
                status,
                m.join_title,
                views::join(m, typed, Some(text)),
            )
        }
    }
}
