//! The structure's exports, downloaded from the list of people: its own data as CSV, and the
//! activities for La Coop de la médiation numérique as CSV or JSON.

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};

use super::{StaffPage, error};
use crate::service::ServiceError;
use crate::service::mediation::exports;
use crate::state::AppState;

/// A file to save: its type, a name with the day (`tremplin-STEM-YYYY-MM-DD.EXT`), and no
/// caching (personal data).
fn download(content_type: &'static str, stem: &str, ext: &str, body: String) -> Response {
    let day = exports::iso_day(crate::db::now_ms());
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"tremplin-{stem}-{day}.{ext}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

pub(super) async fn structure_data(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
) -> Response {
    match exports::structure_data_csv(&state, &who).await {
        Ok(csv) => download("text/csv; charset=utf-8", "donnees", "csv", csv),
        Err(e) => error(&state, &e),
    }
}

pub(super) async fn activities_csv(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
) -> Response {
    match exports::activities(&state, &who)
        .await
        .and_then(|list| exports::activities_csv(&list))
    {
        Ok(csv) => download("text/csv; charset=utf-8", "activites", "csv", csv),
        Err(e) => error(&state, &e),
    }
}

pub(super) async fn activities_json(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
) -> Response {
    let json = exports::activities(&state, &who).await.and_then(|list| {
        serde_json::to_string_pretty(&list).map_err(|e| ServiceError::Unexpected(e.into()))
    });
    match json {
        Ok(body) => download("application/json", "activites", "json", body),
        Err(e) => error(&state, &e),
    }
}
