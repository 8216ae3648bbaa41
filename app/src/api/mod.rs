//! Versioned REST API `/api/v1/…` for non-browser clients, described at `/api/openapi.json`.
//! Handlers only translate HTTP to service calls and back; the status of each service error is
//! chosen here ([`error`]).

pub mod assessment;
pub mod error;
pub mod health;
mod json;
pub mod mediation;
pub mod observatory;
pub mod openapi;
pub mod places;
pub mod schema;

use axum::{Router, http::StatusCode, routing::get};

pub use error::{ApiError, ErrorBody, describe};
pub use json::ApiJson;

use crate::state::AppState;

/// Largest request body accepted anywhere (bytes).
pub const BODY_LIMIT: usize = 16 * 1024;

/// The API routes (mounted at the root; every path starts with `/api/`).
pub fn routes(starts: &crate::rate_limit::Limit) -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi::serve))
        .merge(assessment::routes(starts))
        .merge(places::routes())
        .merge(observatory::routes())
}

/// JSON 404 for unknown `/api/…` paths.
pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        crate::i18n::FR.errors.unknown_api_path,
    )
}
