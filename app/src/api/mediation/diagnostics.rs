//! A beneficiary's diagnostics: started (guided, or with a code), listed.

use axum::{
    Json,
    extract::{Path as UrlPath, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::{ApiError, ApiJson, ErrorBody};
use crate::auth::staff::Staff;
use crate::service::assessment::Path;
use crate::service::mediation::diagnostics::{self, Mode, Status};
use crate::state::AppState;

/// Where a diagnostic runs.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticMode {
    /// On the mediator's device, with the mediator's observations.
    Guided,
    /// On the person's own device, joined with a 6-character code.
    Code,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDiagnosticRequest {
    pub path: crate::api::assessment::PathName,
    pub mode: DiagnosticMode,
}

/// A diagnostic just started.
#[derive(Serialize, ToSchema)]
pub struct NewDiagnosticBody {
    #[schema(pattern = "^[0-9a-f]{32}$")]
    pub id: String,
    /// Code mode: the code the person types at `/code` (6 characters, valid 48 hours, once).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Code mode: when the code expires (ms since the epoch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_expires_at: Option<i64>,
    /// Guided mode: the assessment to run on this device (`Authorization: Bearer <token>` on
    /// `/api/v1/assessments/{id}/…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessment_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessment_token: Option<String>,
}

/// One diagnostic of a beneficiary.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiagnosticBody {
    pub id: String,
    /// `beginner` or `citizen`.
    pub path: String,
    pub mode: DiagnosticMode,
    pub created_at: i64,
    /// `waiting` (code not used yet), `expired` (code unused, too late), `in_progress`,
    /// `finished`, or `deleted` (the assessment is gone).
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DiagnosticsBody {
    pub diagnostics: Vec<DiagnosticBody>,
}

#[utoipa::path(post, path = "/api/v1/beneficiaries/{id}/diagnostics", operation_id = "start_diagnostic",
    tag = "mediation", security(("staff_session" = [])), request_body = NewDiagnosticRequest,
    params(("id" = String, Path, description = "Beneficiary id.")),
    responses(
        (status = 201, body = NewDiagnosticBody, description = "Started: a code to give the person, or (guided) the assessment to run here."),
        (status = 400, body = ErrorBody, description = "Malformed body, or unknown path or mode."),
        (status = 401, body = ErrorBody, description = "Not signed in, or the session ended."),
        (status = 403, body = ErrorBody, description = "A cross-site request, or an admin without a second factor."),
        (status = 404, body = ErrorBody, description = "No such beneficiary in the caller's structure."),
        (status = 413, body = ErrorBody, description = "Body over 16 KiB."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(crate) async fn start_diagnostic(
    State(state): State<AppState>,
    Staff(who): Staff,
    UrlPath(id): UrlPath<String>,
    ApiJson(req): ApiJson<NewDiagnosticRequest>,
) -> Result<(StatusCode, Json<NewDiagnosticBody>), ApiError> {
    let mode = match req.mode {
        DiagnosticMode::Guided => Mode::Guided,
        DiagnosticMode::Code => Mode::Code,
    };
    let path: Path = req.path.into();
    let d = diagnostics::start(&state, &who, &id, path, mode).await?;
    Ok((
        StatusCode::CREATED,
        Json(NewDiagnosticBody {
            id: d.id,
            code: d.code,
            code_expires_at: d.code_expires_at,
            assessment_id: d.assessment.as_ref().map(|a| a.id.clone()),
            assessment_token: d.assessment.map(|a| a.token),
        }),
    ))
}

#[utoipa::path(get, path = "/api/v1/beneficiaries/{id}/diagnostics", operation_id = "list_diagnostics",
    tag = "mediation", security(("staff_session" = [])),
    params(("id" = String, Path, description = "Beneficiary id.")),
    responses(
        (status = 200, body = DiagnosticsBody, description = "The beneficiary's diagnostics, oldest first."),
        (status = 401, body = ErrorBody, description = "Not signed in, or the session ended."),
        (status = 403, body = ErrorBody, description = "An admin must set up the second factor first."),
        (status = 404, body = ErrorBody, description = "No such beneficiary in the caller's structure."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(crate) async fn list_diagnostics(
    State(state): State<AppState>,
    Staff(who): Staff,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<DiagnosticsBody>, ApiError> {
    let list = diagnostics::list(&state, &who, &id).await?;
    Ok(Json(DiagnosticsBody {
        diagnostics: list
            .into_iter()
            .map(|d| {
                let (status, code, answered, finished_at) = match d.status {
                    Status::Waiting { code, .. } => ("waiting", Some(code), None, None),
                    Status::Expired => ("expired", None, None, None),
                    Status::InProgress { answered } => ("in_progress", None, Some(answered), None),
                    Status::Finished { at } => ("finished", None, None, Some(at)),
                    Status::Gone => ("deleted", None, None, None),
                };
                DiagnosticBody {
                    id: d.id,
                    path: d.path.as_str().to_owned(),
                    mode: match d.mode {
                        Mode::Guided => DiagnosticMode::Guided,
                        Mode::Code => DiagnosticMode::Code,
                    },
                    created_at: d.created_at,
                    status: status.to_owned(),
                    code,
                    answered,
                    finished_at,
                }
            })
            .collect(),
    }))
}

// The token of a guided diagnostic's assessment never prints.
impl std::fmt::Debug for NewDiagnosticBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewDiagnosticBody")
            .field("id", &self.id)
            .field("code", &self.code)
            .field("assessment_id", &self.assessment_id)
            .field(
                "assessment_token",
                &self.assessment_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}
