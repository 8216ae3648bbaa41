//! Accepting an invitation, signing in and out (the staff session cookie).

use axum::{
    Json,
    extract::{Path as UrlPath, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use utoipa::ToSchema;

use crate::api::{ApiError, ApiJson, ErrorBody};
use crate::auth::staff;
use crate::service::mediation::accounts;
use crate::state::AppState;

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
    /// `mediator`, `structure_admin`, `platform_admin` or `analyst`.
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
pub(crate) async fn accept_invitation(
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
pub(crate) async fn sign_in(
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
pub(crate) async fn sign_out(session: Session) -> Result<StatusCode, ApiError> {
    staff::sign_out(&session).await?;
    Ok(StatusCode::NO_CONTENT)
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
