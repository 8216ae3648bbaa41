//! Versioned REST API `/api/v1/…` for non-browser clients, described at `/api/openapi.json`.
//! Handlers only translate HTTP to `service::assessment` calls and back.

mod json;

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{OpenApi, ToSchema};

pub use json::{ApiError, ApiJson};

use crate::service::assessment::{self, Consent, Credentials, Next};
use crate::state::AppState;
use crate::web::{cookie_credentials, session_cookie};

/// Largest request body accepted anywhere (bytes).
pub const BODY_LIMIT: usize = 16 * 1024;

/// The API routes (mounted at the root; every path starts with `/api/`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/v1/assessments", post(start))
        .route("/api/v1/assessments/{id}/current", get(current))
        .route("/api/v1/assessments/{id}/answers", post(answer))
        .route("/api/v1/assessments/{id}/result", get(result))
        .route("/api/v1/assessments/{id}/consent", post(consent))
}

/// JSON 404 for unknown `/api/…` paths.
pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "Adresse d'API inconnue.")
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StartRequest {
    /// Only `citizen` for now.
    pub path: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StartResponse {
    /// Assessment id (128 random bits, hex).
    pub id: String,
    /// Bearer token (256 random bits, hex); shown once, stored only as a hash.
    pub token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerRequest {
    /// Id of the item being answered: must be the current one.
    pub item_id: String,
    /// One of `{"choices":[…]}`, `{"text":[…]}`, `{"order":[…]}`, `{"point":{"x":…,"y":…}}`,
    /// `{"pairs":{…}}`, `{"task":{…}}`, `{"skip":true}`.
    #[schema(value_type = Object)]
    pub response: tremplin_bank::Response,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ConsentRequest {
    /// INSEE département code (optional).
    pub departement: Option<String>,
    /// Age band such as `35-44` (optional).
    pub age_band: Option<String>,
}

/// `{"item": ItemDisplay, "progress": {"answered", "expected"}}` or `{"done": true}`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum NextBody {
    Item {
        #[schema(value_type = Object)]
        item: Box<crate::model::ItemDisplay>,
        #[schema(value_type = Object)]
        progress: crate::model::Progress,
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

fn credentials(id: String, headers: &HeaderMap) -> Result<Credentials, ApiError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned());
    let token = bearer
        .or_else(|| {
            cookie_credentials(headers)
                .filter(|c| c.id == id)
                .map(|c| c.token)
        })
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "En-tête « Authorization: Bearer <jeton> » manquant.",
            )
        })?;
    Ok(Credentials { id, token })
}

#[utoipa::path(post, path = "/api/v1/assessments", request_body = StartRequest,
    responses((status = 201, body = StartResponse), (status = 400, description = "malformed body or unknown path"),
              (status = 413, description = "body too large")))]
async fn start(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<StartRequest>,
) -> Result<Response, ApiError> {
    let started = assessment::start(&state, &req.path).await?;
    let mut res = (
        StatusCode::CREATED,
        Json(StartResponse {
            id: started.id.clone(),
            token: started.token.clone(),
        }),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&session_cookie(&started.id, &started.token)) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[utoipa::path(get, path = "/api/v1/assessments/{id}/current", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = NextBody), (status = 401), (status = 404)))]
async fn current(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<NextBody>, ApiError> {
    let creds = credentials(id, &headers)?;
    Ok(Json(assessment::current(&state, &creds).await?.into()))
}

#[utoipa::path(post, path = "/api/v1/assessments/{id}/answers", params(("id" = String, Path)),
    security(("bearer" = [])), request_body = AnswerRequest,
    responses((status = 200, body = NextBody, description = "stored; the next item or done"),
              (status = 400, description = "malformed body"), (status = 401), (status = 404),
              (status = 409, description = "not the current item, or already answered"),
              (status = 413, description = "body too large"),
              (status = 422, description = "response of the wrong shape for the item")))]
async fn answer(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<AnswerRequest>,
) -> Result<Json<NextBody>, ApiError> {
    let creds = credentials(id, &headers)?;
    Ok(Json(
        assessment::answer(&state, &creds, &req.item_id, req.response)
            .await?
            .into(),
    ))
}

#[utoipa::path(get, path = "/api/v1/assessments/{id}/result", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, description = "levels 0–8, θ and SE per competence and domain, framework version, answers with explanations"),
              (status = 401), (status = 404), (status = 409, description = "not finished")))]
async fn result(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<crate::model::ResultView>, ApiError> {
    let creds = credentials(id, &headers)?;
    Ok(Json(assessment::result(&state, &creds).await?))
}

#[utoipa::path(post, path = "/api/v1/assessments/{id}/consent", params(("id" = String, Path)),
    security(("bearer" = [])), request_body = ConsentRequest,
    responses((status = 204, description = "anonymous record written"), (status = 400), (status = 401),
              (status = 404), (status = 409, description = "not finished or already given")))]
async fn consent(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<ConsentRequest>,
) -> Result<StatusCode, ApiError> {
    let creds = credentials(id, &headers)?;
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

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tremplin API",
        version = "1",
        description = "Adaptive self-assessment of digital skills (CRCN). Errors are always `{\"error\": \"…\"}`."
    ),
    paths(start, current, answer, result, consent),
    components(schemas(StartRequest, StartResponse, AnswerRequest, ConsentRequest, NextBody))
)]
struct ApiDoc;

/// The OpenAPI document.
pub fn openapi_json() -> serde_json::Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_else(|_| json!({}));
    doc["components"]["securitySchemes"] =
        json!({ "bearer": { "type": "http", "scheme": "bearer" } });
    doc
}

async fn openapi() -> Json<serde_json::Value> {
    Json(openapi_json())
}
