//! The mediators' REST API: accepting an invitation, signing in and out (a session cookie), and
//! the beneficiaries of the caller's structure. Another structure's beneficiary is 404.

use axum::{
    Json, Router,
    extract::{Path as UrlPath, State},
    http::StatusCode,
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use utoipa::ToSchema;

use super::schema::{BeneficiaryAgeBand, Situation};
use super::{ApiError, ApiJson, ErrorBody};
use crate::auth::staff::{self, Staff};
use crate::service::assessment::Path;
use crate::service::mediation::{
    accounts, beneficiaries,
    diagnostics::{self, Mode, Status},
};
use crate::state::AppState;

/// The routes (under the staff session layer); signing in is rate-limited per address.
pub fn routes(logins: &crate::rate_limit::Limit) -> Router<AppState> {
    Router::new()
        .route("/api/v1/invitations/{token}", post(accept_invitation))
        .route(
            "/api/v1/session",
            post(sign_in)
                .layer(crate::rate_limit::api_layer(logins))
                .delete(sign_out),
        )
        .route("/api/v1/beneficiaries", get(list).post(create))
        .route("/api/v1/beneficiaries/{id}", get(one).delete(delete))
        .route(
            "/api/v1/beneficiaries/{id}/diagnostics",
            get(list_diagnostics).post(start_diagnostic),
        )
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationRequest {
    /// The chosen password: 12 to 128 characters, not a common one.
    #[schema(min_length = 12, max_length = 128)]
    pub password: String,
}

/// The account created from an invitation.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountBody {
    pub email: String,
    /// `mediator`, `structure_admin` or `platform_admin`.
    pub role: String,
    /// The structure's name.
    pub structure: String,
}

#[utoipa::path(post, path = "/api/v1/invitations/{token}", operation_id = "accept_invitation",
    tag = "mediation", request_body = InvitationRequest,
    params(("token" = String, Path, description = "The token of the invitation link `/invitation/<token>`.")),
    responses(
        (status = 201, body = AccountBody, description = "The account is created; sign in with `POST /api/v1/session`."),
        (status = 400, body = ErrorBody, description = "Malformed body."),
        (status = 403, body = ErrorBody, description = "A browser's cross-site request."),
        (status = 409, body = ErrorBody, description = "An account exists for this e-mail."),
        (status = 410, body = ErrorBody, description = "Unknown, expired (72 h) or already used invitation."),
        (status = 413, body = ErrorBody, description = "Body over 16 KiB."),
        (status = 422, body = ErrorBody, description = "Password refused (too short, too long, or common)."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(super) async fn accept_invitation(
    State(state): State<AppState>,
    UrlPath(token): UrlPath<String>,
    ApiJson(req): ApiJson<InvitationRequest>,
) -> Result<(StatusCode, Json<AccountBody>), ApiError> {
    let i = accounts::accept_invitation(&state.db, &token, &req.password).await?;
    Ok((
        StatusCode::CREATED,
        Json(AccountBody {
            email: i.email,
            role: i.role.as_str().to_owned(),
            structure: i.structure_name,
        }),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
    /// The 6-digit one-time code, for an account with a second factor.
    #[serde(default)]
    pub totp: Option<String>,
}

/// Who is signed in.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionBody {
    pub email: String,
    pub role: String,
    /// Whether the account has a second factor; an admin without one must set it up (in the
    /// web pages) before anything else answers.
    pub second_factor: bool,
}

#[utoipa::path(post, path = "/api/v1/session", operation_id = "sign_in",
    tag = "mediation", request_body = SignInRequest,
    responses(
        (status = 200, body = SessionBody, description = "Signed in: the response sets the session cookie (HttpOnly, SameSite=Strict; `__Host-` and Secure behind https)."),
        (status = 400, body = ErrorBody, description = "Malformed body."),
        (status = 401, body = ErrorBody, description = "Wrong e-mail or password, or a missing or wrong one-time code."),
        (status = 403, body = ErrorBody, description = "A browser's cross-site request."),
        (status = 413, body = ErrorBody, description = "Body over 16 KiB."),
        (status = 429, body = ErrorBody, description = "Too many attempts from this address; see `Retry-After`."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(super) async fn sign_in(
    State(state): State<AppState>,
    session: Session,
    ApiJson(req): ApiJson<SignInRequest>,
) -> Result<Json<SessionBody>, ApiError> {
    let who = accounts::sign_in(&state.db, &req.email, &req.password, req.totp.as_deref()).await?;
    staff::sign_in(&session, &who).await?;
    Ok(Json(SessionBody {
        email: who.email,
        role: who.role.as_str().to_owned(),
        second_factor: who.has_totp,
    }))
}

#[utoipa::path(delete, path = "/api/v1/session", operation_id = "sign_out",
    tag = "mediation",
    responses(
        (status = 204, description = "The session is ended on the server and its cookie removed (also when there was none)."),
        (status = 403, body = ErrorBody, description = "A browser's cross-site request."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(super) async fn sign_out(session: Session) -> Result<StatusCode, ApiError> {
    staff::sign_out(&session).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A beneficiary of the caller's structure.
#[derive(Debug, Serialize, ToSchema)]
pub struct BeneficiaryBody {
    #[schema(pattern = "^[0-9a-f]{32}$")]
    pub id: String,
    pub pseudonym: String,
    #[schema(value_type = Option<BeneficiaryAgeBand>)]
    pub age_band: Option<String>,
    pub commune: Option<String>,
    #[schema(value_type = Option<Situation>)]
    pub situation: Option<String>,
    /// Whether an anonymous record of the person's results may go to the observatory.
    pub observatory_consent: bool,
    /// When the person agreed to what is kept (ms since the epoch).
    pub consent_at: i64,
    pub created_at: i64,
}

impl From<beneficiaries::Beneficiary> for BeneficiaryBody {
    fn from(b: beneficiaries::Beneficiary) -> Self {
        BeneficiaryBody {
            id: b.id,
            pseudonym: b.pseudonym,
            age_band: b.age_band,
            commune: b.commune,
            situation: b.situation,
            observatory_consent: b.observatory_consent,
            consent_at: b.consent_at,
            created_at: b.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBeneficiaryRequest {
    /// A pseudonym or first name chosen with the person (1 to 40 characters, spaces around
    /// it trimmed).
    #[schema(min_length = 1, max_length = 40)]
    pub pseudonym: String,
    #[serde(default)]
    #[schema(value_type = Option<BeneficiaryAgeBand>)]
    pub age_band: Option<String>,
    /// INSEE code of the commune.
    #[serde(default)]
    #[schema(pattern = "^([013-9][0-9]|2[AB1-9])[0-9]{3}$")]
    pub commune: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<Situation>)]
    pub situation: Option<String>,
    /// The person agrees that an anonymous record of their results goes to the observatory.
    #[serde(default)]
    pub observatory_consent: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BeneficiariesBody {
    pub beneficiaries: Vec<BeneficiaryBody>,
}

#[utoipa::path(get, path = "/api/v1/beneficiaries", operation_id = "list_beneficiaries",
    tag = "mediation", security(("staff_session" = [])),
    responses(
        (status = 200, body = BeneficiariesBody, description = "The beneficiaries of the caller's structure, newest first."),
        (status = 401, body = ErrorBody, description = "Not signed in, or the session ended."),
        (status = 403, body = ErrorBody, description = "An admin must set up the second factor first."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(super) async fn list(
    State(state): State<AppState>,
    Staff(who): Staff,
) -> Result<Json<BeneficiariesBody>, ApiError> {
    let list = beneficiaries::list(&state, &who).await?;
    Ok(Json(BeneficiariesBody {
        beneficiaries: list.into_iter().map(Into::into).collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/beneficiaries", operation_id = "create_beneficiary",
    tag = "mediation", security(("staff_session" = [])), request_body = NewBeneficiaryRequest,
    responses(
        (status = 201, body = BeneficiaryBody, description = "Created in the caller's structure; the person's consent is recorded now."),
        (status = 400, body = ErrorBody, description = "Malformed body."),
        (status = 401, body = ErrorBody, description = "Not signed in, or the session ended."),
        (status = 403, body = ErrorBody, description = "A cross-site request, or an admin without a second factor."),
        (status = 413, body = ErrorBody, description = "Body over 16 KiB."),
        (status = 422, body = ErrorBody, description = "A field breaks its rule (empty or long pseudonym, unknown band, situation or commune code)."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(super) async fn create(
    State(state): State<AppState>,
    Staff(who): Staff,
    ApiJson(req): ApiJson<NewBeneficiaryRequest>,
) -> Result<(StatusCode, Json<BeneficiaryBody>), ApiError> {
    let b = beneficiaries::create(
        &state,
        &who,
        beneficiaries::NewBeneficiary {
            pseudonym: req.pseudonym,
            age_band: req.age_band,
            commune: req.commune,
            situation: req.situation,
            observatory_consent: req.observatory_consent,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(b.into())))
}

#[utoipa::path(get, path = "/api/v1/beneficiaries/{id}", operation_id = "get_beneficiary",
    tag = "mediation", security(("staff_session" = [])),
    params(("id" = String, Path, description = "Beneficiary id.")),
    responses(
        (status = 200, body = BeneficiaryBody, description = "The beneficiary."),
        (status = 401, body = ErrorBody, description = "Not signed in, or the session ended."),
        (status = 403, body = ErrorBody, description = "An admin must set up the second factor first."),
        (status = 404, body = ErrorBody, description = "No such beneficiary in the caller's structure."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(super) async fn one(
    State(state): State<AppState>,
    Staff(who): Staff,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<BeneficiaryBody>, ApiError> {
    Ok(Json(beneficiaries::get(&state, &who, &id).await?.into()))
}

#[utoipa::path(delete, path = "/api/v1/beneficiaries/{id}", operation_id = "delete_beneficiary",
    tag = "mediation", security(("staff_session" = [])),
    params(("id" = String, Path, description = "Beneficiary id.")),
    responses(
        (status = 204, description = "Deleted with everything attached (anonymous observatory records are not linked and stay)."),
        (status = 401, body = ErrorBody, description = "Not signed in, or the session ended."),
        (status = 403, body = ErrorBody, description = "A cross-site request, or an admin without a second factor."),
        (status = 404, body = ErrorBody, description = "No such beneficiary in the caller's structure."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(super) async fn delete(
    State(state): State<AppState>,
    Staff(who): Staff,
    UrlPath(id): UrlPath<String>,
) -> Result<StatusCode, ApiError> {
    beneficiaries::delete(&state, &who, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

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
    pub path: super::assessment::PathName,
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
pub(super) async fn start_diagnostic(
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
pub(super) async fn list_diagnostics(
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

// The bodies that carry a secret never print it.
impl std::fmt::Debug for InvitationRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InvitationRequest { password: <redacted> }")
    }
}

impl std::fmt::Debug for SignInRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInRequest")
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .field("totp", &self.totp.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

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
