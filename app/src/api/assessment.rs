//! `/api/v1/assessments…`: start, current item, answer, result, consent. Credentials are
//! checked (extracted) before the body is read, so a request without them is 401, not 400.

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiError, ApiJson};
use crate::auth::{Credentials, Token};
use crate::domain::{ItemDisplay, Progress, ResultView};
use crate::service::assessment::{self, Consent, Next};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/assessments", post(start))
        .route("/api/v1/assessments/{id}/current", get(current))
        .route("/api/v1/assessments/{id}/answers", post(answer))
        .route("/api/v1/assessments/{id}/result", get(result))
        .route("/api/v1/assessments/{id}/consent", post(consent))
}

/// The assessment's path.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PathName {
    /// The citizen's self-assessment over the 16 competences.
    Citizen,
}

impl PathName {
    fn as_str(self) -> &'static str {
        match self {
            PathName::Citizen => "citizen",
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartRequest {
    pub path: PathName,
}

#[derive(Serialize, ToSchema)]
pub struct StartResponse {
    /// Assessment id (128 random bits, hex).
    #[schema(pattern = "^[0-9a-f]{32}$")]
    pub id: String,
    /// Bearer token (256 random bits, hex); shown once, stored only as a hash.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    /// Id of the item being answered: must be the current one.
    pub item_id: String,
    /// One of `{"choices":[…]}`, `{"text":[…]}`, `{"order":[…]}`, `{"point":{"x":…,"y":…}}`,
    /// `{"pairs":{…}}`, `{"task":{…}}`, `{"skip":true}`.
    #[schema(value_type = Object)]
    pub response: tremplin_bank::Response,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentRequest {
    /// INSEE département code (optional).
    pub departement: Option<String>,
    /// Age band such as `35-44` (optional).
    pub age_band: Option<String>,
}

/// `{"item": …, "progress": {"answered", "expected"}}` or `{"done": true}`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum NextBody {
    Item {
        item: Box<ItemDisplay>,
        progress: Progress,
    },
    Done {
        done: bool,
    },
}

impl From<Next> for NextBody {
    fn from(n: Next) -> Self {
        match n {
            Next::Item { item, progress } => NextBody::Item { item, progress },
            Next::Done => NextBody::Done { done: true },
        }
    }
}

#[utoipa::path(post, path = "/api/v1/assessments", request_body = StartRequest,
    responses((status = 201, body = StartResponse), (status = 400, description = "malformed body or unknown path"),
              (status = 413, description = "body too large")))]
pub(super) async fn start(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<StartRequest>,
) -> Result<Response, ApiError> {
    let started = assessment::start(&state, req.path.as_str()).await?;
    let mut res = (
        StatusCode::CREATED,
        Json(StartResponse {
            id: started.id.clone(),
            token: started.token.clone(),
        }),
    )
        .into_response();
    let cookie = state
        .cookies
        .set_cookie(&started.id, &Token::new(started.token));
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[utoipa::path(get, path = "/api/v1/assessments/{id}/current", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = NextBody), (status = 401), (status = 404)))]
pub(super) async fn current(
    State(state): State<AppState>,
    creds: Credentials,
) -> Result<Json<NextBody>, ApiError> {
    Ok(Json(assessment::current(&state, &creds).await?.into()))
}

#[utoipa::path(post, path = "/api/v1/assessments/{id}/answers", params(("id" = String, Path)),
    security(("bearer" = [])), request_body = AnswerRequest,
    responses((status = 200, body = NextBody, description = "stored; the next item or done"),
              (status = 400, description = "malformed body"), (status = 401), (status = 404),
              (status = 409, description = "not the current item, or already answered"),
              (status = 413, description = "body too large"),
              (status = 422, description = "response of the wrong shape for the item")))]
pub(super) async fn answer(
    State(state): State<AppState>,
    creds: Credentials,
    ApiJson(req): ApiJson<AnswerRequest>,
) -> Result<Json<NextBody>, ApiError> {
    Ok(Json(
        assessment::answer(&state, &creds, &req.item_id, req.response)
            .await?
            .into(),
    ))
}

#[utoipa::path(get, path = "/api/v1/assessments/{id}/result", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ResultView, description = "levels 0–8, θ and SE per competence and domain, versions, answers with explanations"),
              (status = 401), (status = 404), (status = 409, description = "not finished")))]
pub(super) async fn result(
    State(state): State<AppState>,
    creds: Credentials,
) -> Result<Json<ResultView>, ApiError> {
    Ok(Json(assessment::result(&state, &creds).await?))
}

#[utoipa::path(post, path = "/api/v1/assessments/{id}/consent", params(("id" = String, Path)),
    security(("bearer" = [])), request_body = ConsentRequest,
    responses((status = 204, description = "anonymous record written"), (status = 400), (status = 401),
              (status = 404), (status = 409, description = "not finished or already given")))]
pub(super) async fn consent(
    State(state): State<AppState>,
    creds: Credentials,
    ApiJson(req): ApiJson<ConsentRequest>,
) -> Result<StatusCode, ApiError> {
    assessment::give_consent(
        &state,
        &creds,
        Consent {
            departement: req.departement,
            age_band: req.age_band,
        },
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
