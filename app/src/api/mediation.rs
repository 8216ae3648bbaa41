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

use super::{ApiError, ApiJson, ErrorBody};
use crate::auth::staff::{self, Staff};
use crate::service::mediation::{accounts, beneficiaries};
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
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationRequest {
    /// The chosen password: 12 to 128 characters, not a common one.
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

#[derive(Debug, Deserialize, ToSchema)]
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
    pub age_band: Option<String>,
    pub commune: Option<String>,
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
    /// A pseudonym or first name chosen with the person (1 to 40 characters).
    pub pseudonym: String,
    /// One of the fine age bands (`moins de 12`, `12-15`, `16-17`, `18-24`, `25-29` … `70-74`,
    /// `75 et plus`, `non communiqué`).
    #[serde(default)]
    pub age_band: Option<String>,
    /// INSEE code of the commune.
    #[serde(default)]
    #[schema(pattern = "^([013-9][0-9]|2[AB1-9])[0-9]{3}$")]
    pub commune: Option<String>,
    /// `scolarise`, `en_emploi`, `sans_emploi`, `retraite` or `non_communique`.
    #[serde(default)]
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
