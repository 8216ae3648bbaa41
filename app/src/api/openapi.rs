//! The OpenAPI 3.1 document of the REST API, generated from the handlers and types (utoipa).

use axum::Json;
use serde_json::json;
use utoipa::OpenApi;

use super::assessment::{
    AnswerRequest, ConsentRequest, NextBody, PathName, StartRequest, StartResponse,
};
use crate::domain::{
    AnswerReview, AnswerWay, CompetenceLevel, DomainLevel, ItemDisplay, Labelled, Media, Progress,
    ResultView, TaskAction, Zone,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tremplin API",
        version = "1",
        description = "Adaptive self-assessment of digital skills (CRCN). Errors are always `{\"error\": \"…\"}`."
    ),
    paths(
        super::assessment::start,
        super::assessment::current,
        super::assessment::answer,
        super::assessment::result,
        super::assessment::consent
    ),
    components(schemas(
        PathName,
        StartRequest,
        StartResponse,
        AnswerRequest,
        ConsentRequest,
        NextBody,
        ItemDisplay,
        AnswerWay,
        Labelled,
        Media,
        Zone,
        TaskAction,
        Progress,
        ResultView,
        CompetenceLevel,
        DomainLevel,
        AnswerReview
    ))
)]
struct ApiDoc;

/// The OpenAPI document.
pub fn document() -> serde_json::Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_else(|_| json!({}));
    doc["components"]["securitySchemes"] =
        json!({ "bearer": { "type": "http", "scheme": "bearer" } });
    doc
}

pub(super) async fn serve() -> Json<serde_json::Value> {
    Json(document())
}
