//! Probes for the operator and the orchestrator: `/healthz` says the process answers,
//! `/readyz` that it can serve (database reachable, every migration applied).

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::{db::maintenance, state::AppState};

/// `GET /healthz`: 200 `ok` while the process runs.
pub async fn healthz() -> &'static str {
    "ok"
}

/// `GET /readyz`: 200 `{"status":"ready"}`, or 503 `{"error": …}` saying what is wrong.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match maintenance::readiness(&state.db).await {
        Ok(()) => Json(json!({ "status": "ready" })).into_response(),
        Err(problem) => {
            tracing::warn!(%problem, "not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "error": problem })),
            )
                .into_response()
        }
    }
}
