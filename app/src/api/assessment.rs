//! `/api/v1/assessments…`: start, current item, answer, result, consent. Credentials are
//! checked (extracted) before the body is read, so a request without them is 401, not 400.
//!
//! The OpenAPI description of each operation lists every status it can answer, each with its
//! body, and the links that lead from one operation to the next (start → current item →
//! answer → … → result → consent), so that a client, or a stateful fuzzer, can follow them.

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::schema::{AgeBand, AlwaysTrue, AnswerResponse, DepartementCode};
use super::{ApiError, ApiJson, ErrorBody};
use crate::auth::{Credentials, Token};
use crate::domain::{BeginnerResult, ItemDisplay, Progress, ResultView};
use crate::service::assessment::{self, AssessmentResult, Consent, Next, Path};
use crate::state::AppState;

/// The routes; starting is rate-limited per client address (`starts`).
pub fn routes(starts: &crate::rate_limit::Limit) -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/assessments",
            post(start).layer(crate::rate_limit::api_layer(starts)),
        )
        .route("/api/v1/assessments/{id}/current", get(current))
        .route("/api/v1/assessments/{id}/answers", post(answer))
        .route("/api/v1/assessments/{id}/result", get(result))
        .route("/api/v1/assessments/{id}/consent", post(consent))
        .route("/api/v1/assessments/{id}", axum::routing::delete(delete))
}

/// The assessment's path.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PathName {
    /// The citizen's self-assessment over the 16 competences.
    Citizen,
    /// "Premiers pas", short tasks for people who have barely used a screen.
    Beginner,
}

impl From<PathName> for Path {
    fn from(p: PathName) -> Self {
        match p {
            PathName::Citizen => Path::Citizen,
            PathName::Beginner => Path::Beginner,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartRequest {
    pub path: PathName,
    /// Premiers pas: the person says a procedure must be done now (it can turn the orientation
    /// into "urgence"). Ignored on the citizen path.
    #[serde(default)]
    #[schema(default = false)]
    pub urgent_procedure: bool,
}

/// A finished assessment's result: the citizen's levels, or the Premiers pas outcomes (which
/// carry `"path": "beginner"`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ResultBody {
    Citizen(Box<ResultView>),
    Beginner(Box<BeginnerResult>),
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
    /// Id of the item being answered: must be the current one (else 409).
    pub item_id: String,
    #[schema(value_type = AnswerResponse)]
    pub response: tremplin_bank::Response,
}

/// What the person adds to the anonymous record; both optional (absent or `null`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentRequest {
    #[schema(value_type = Option<DepartementCode>)]
    pub departement: Option<String>,
    #[schema(value_type = Option<AgeBand>)]
    pub age_band: Option<String>,
}

/// `{"item": …, "progress": {"answered", "expected"}}` or `{"done": true}`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum NextBody {
    /// The item to answer now.
    #[schema(title = "Item")]
    Item {
        item: Box<ItemDisplay>,
        progress: Progress,
    },
    /// Every item is answered: the result is ready.
    #[schema(title = "Done")]
    Done {
        #[schema(value_type = AlwaysTrue)]
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

#[utoipa::path(post, path = "/api/v1/assessments", operation_id = "start_assessment",
    tag = "assessments", request_body = StartRequest,
    responses(
        (status = 201, body = StartResponse,
            description = "Started. The token is shown only now; it opens the assessment as `Authorization: Bearer <token>`.",
            links(("current_item" = (operation_id = "current_item",
                parameters(("path.id" = "$response.body#/id")),
                description = "The first item of the assessment just started; the `token` of the same body is its bearer token.")))),
        (status = 400, body = ErrorBody, description = "Malformed body or unknown path."),
        (status = 403, body = ErrorBody, description = "A browser's cross-site request."),
        (status = 413, body = ErrorBody, description = "Body over 16 KiB."),
        (status = 429, body = ErrorBody, description = "Too many assessments started from this address; see `Retry-After`."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(super) async fn start(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<StartRequest>,
) -> Result<Response, ApiError> {
    let started = assessment::start(&state, req.path.into(), req.urgent_procedure).await?;
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

#[utoipa::path(get, path = "/api/v1/assessments/{id}/current", operation_id = "current_item",
    tag = "assessments", security(("bearer" = [])),
    params(("id" = String, Path, pattern = "^[0-9a-f]{32}$", description = "Assessment id, from the 201 of `start_assessment`.")),
    responses(
        (status = 200, body = NextBody, description = "The item to answer now, or `{\"done\": true}`.",
            links(("answer_item" = (operation_id = "answer_item",
                parameters(("path.id" = "$request.path.id")),
                request_body = json!({"item_id": "$response.body#/item/id"}),
                description = "Answer the item just shown (`item_id` from this body; the response is the client's).")))),
        (status = 401, body = ErrorBody, description = "Missing or wrong token."),
        (status = 404, body = ErrorBody, description = "Unknown assessment."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(super) async fn current(
    State(state): State<AppState>,
    creds: Credentials,
) -> Result<Json<NextBody>, ApiError> {
    Ok(Json(assessment::current(&state, &creds).await?.into()))
}

#[utoipa::path(post, path = "/api/v1/assessments/{id}/answers", operation_id = "answer_item",
    tag = "assessments", security(("bearer" = [])), request_body = AnswerRequest,
    params(("id" = String, Path, pattern = "^[0-9a-f]{32}$", description = "Assessment id, from the 201 of `start_assessment`.")),
    responses(
        (status = 200, body = NextBody, description = "Stored; the next item, or `{\"done\": true}`.",
            links(
                ("next_answer" = (operation_id = "answer_item",
                    parameters(("path.id" = "$request.path.id")),
                    request_body = json!({"item_id": "$response.body#/item/id"}),
                    description = "Answer the next item (`item_id` from this body).")),
                ("result" = (operation_id = "get_result",
                    parameters(("path.id" = "$request.path.id")),
                    description = "The result, once this body is `{\"done\": true}`.")))),
        (status = 400, body = ErrorBody, description = "Malformed body."),
        (status = 401, body = ErrorBody, description = "Missing or wrong token."),
        (status = 403, body = ErrorBody, description = "A browser's cross-site request."),
        (status = 404, body = ErrorBody, description = "Unknown assessment."),
        (status = 409, body = ErrorBody, description = "Not the current item, already answered, or the assessment is finished."),
        (status = 413, body = ErrorBody, description = "Body over 16 KiB."),
        (status = 422, body = ErrorBody, description = "A response of the wrong shape for the item served, an unknown or repeated id, or `skip: false`."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
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

#[utoipa::path(get, path = "/api/v1/assessments/{id}/result", operation_id = "get_result",
    tag = "assessments", security(("bearer" = [])),
    params(("id" = String, Path, pattern = "^[0-9a-f]{32}$", description = "Assessment id, from the 201 of `start_assessment`.")),
    responses(
        (status = 200, body = ResultBody,
            description = "Citizen: levels 0–8, θ and SE per competence and domain, versions, answers with explanations. Premiers pas: each skill reached as acquis / en_cours / a_travailler, and the orientation (urgence, accompagnement, autonomie).",
            links(("give_consent" = (operation_id = "give_consent",
                parameters(("path.id" = "$request.path.id")),
                description = "Give the anonymous record to the observatory.")))),
        (status = 401, body = ErrorBody, description = "Missing or wrong token."),
        (status = 404, body = ErrorBody, description = "Unknown assessment."),
        (status = 409, body = ErrorBody, description = "Not finished."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(super) async fn result(
    State(state): State<AppState>,
    creds: Credentials,
) -> Result<Json<ResultBody>, ApiError> {
    Ok(Json(match assessment::result(&state, &creds).await? {
        AssessmentResult::Citizen(r) => ResultBody::Citizen(r),
        AssessmentResult::Beginner(r) => ResultBody::Beginner(r),
    }))
}

#[utoipa::path(post, path = "/api/v1/assessments/{id}/consent", operation_id = "give_consent",
    tag = "assessments", security(("bearer" = [])), request_body = ConsentRequest,
    params(("id" = String, Path, pattern = "^[0-9a-f]{32}$", description = "Assessment id, from the 201 of `start_assessment`.")),
    responses(
        (status = 204, description = "Anonymous record written."),
        (status = 400, body = ErrorBody, description = "Malformed body, unknown département or age band."),
        (status = 401, body = ErrorBody, description = "Missing or wrong token."),
        (status = 403, body = ErrorBody, description = "A browser's cross-site request."),
        (status = 404, body = ErrorBody, description = "Unknown assessment."),
        (status = 409, body = ErrorBody, description = "Not finished, or consent already given."),
        (status = 413, body = ErrorBody, description = "Body over 16 KiB."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
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

#[utoipa::path(delete, path = "/api/v1/assessments/{id}", operation_id = "delete_assessment",
    tag = "assessments", security(("bearer" = [])),
    params(("id" = String, Path, pattern = "^[0-9a-f]{32}$", description = "Assessment id, from the 201 of `start_assessment`.")),
    responses(
        (status = 204, description = "The assessment, its answers and its result are deleted for good (an anonymous record given to the observatory stays: nothing links it to the assessment). Deleting is idempotent: deleting again with the same token is 204 too."),
        (status = 401, body = ErrorBody, description = "Missing or wrong token."),
        (status = 403, body = ErrorBody, description = "A browser's cross-site request."),
        (status = 404, body = ErrorBody, description = "Unknown assessment."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(super) async fn delete(
    State(state): State<AppState>,
    creds: Credentials,
) -> Result<StatusCode, ApiError> {
    assessment::delete(&state, &creds).await?;
    Ok(StatusCode::NO_CONTENT)
}
