//! `GET /api/v1/observatory/tables` and `GET /api/v1/observatory/tables/{name}`: the
//! observatory's published tables, one release per closed month, as stored (never computed from
//! raw records at read time). No account.

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::{ApiError, ErrorBody};
use crate::i18n::{FR, fill};
use crate::service::observatory::tables::public_tables;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/observatory/tables", get(list))
        .route("/api/v1/observatory/tables/{name}", get(one))
}

/// A published table's name, title and address.
#[derive(Debug, Serialize, ToSchema)]
pub struct TableEntry {
    #[schema(value_type = TableName)]
    pub name: String,
    pub title: String,
    pub url: String,
}

/// The published tables.
#[derive(Debug, Serialize, ToSchema)]
pub struct TablesBody {
    pub tables: Vec<TableEntry>,
    /// The disclosure rule every table follows.
    pub rule: String,
}

/// The name of a published table.
#[derive(ToSchema)]
#[schema(as = TableName)]
#[allow(dead_code)]
pub enum TableName {
    #[schema(rename = "niveaux-national")]
    National,
    #[schema(rename = "niveaux-regions")]
    Regions,
    #[schema(rename = "niveaux-departements")]
    Departements,
    #[schema(rename = "niveaux-ages")]
    Ages,
    #[schema(rename = "orientations-national")]
    OrientationsNational,
    #[schema(rename = "orientations-regions")]
    OrientationsRegions,
}

/// One cell of a table.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TableCell {
    /// The cell's values of the table's dimensions (e.g. `{"month": "2026-10", "region": "53",
    /// "competence": "1.1"}`).
    dimensions: std::collections::BTreeMap<String, String>,
    /// People in the cell; `null` when suppressed (fewer than 11, or hidden so that no such
    /// count can be worked out).
    count: Option<u64>,
    /// National and régions' tables: the share of the people measured at each level 0–8 (from
    /// 0 to 1, whole per cent), `null` for a level whose count is suppressed; `null` in the
    /// other tables and without a count.
    shares: Option<Vec<Option<f64>>>,
    /// National and régions' tables: the share of the people measured at level 1 or above
    /// (DigComp's "basic"), when the counts it comes from are published; `null` otherwise.
    at_least_basic: Option<f64>,
    /// Premiers pas tables (`orientation`: `urgence`, `accompagnement`, `autonomie`, or
    /// `ensemble` for their total): the share of the month's and territory's people the path
    /// oriented this way, when this count and the total are published; absent otherwise.
    #[schema(required = false)]
    share: Option<f64>,
}

/// A published table.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ObservatoryTable {
    #[schema(value_type = TableName)]
    name: String,
    title: String,
    /// The dimensions of every cell, in order.
    dimensions: Vec<String>,
    /// The disclosure rule, in words.
    rule: String,
    /// The smallest count published.
    min_count: u64,
    cells: Vec<TableCell>,
}

#[utoipa::path(get, path = "/api/v1/observatory/tables", operation_id = "list_observatory_tables",
    tag = "observatory",
    responses(
        (status = 200, body = TablesBody, description = "The published tables."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(super) async fn list() -> Json<TablesBody> {
    Json(TablesBody {
        tables: public_tables()
            .into_iter()
            .map(|(name, title)| TableEntry {
                name: name.into(),
                title: title.into(),
                url: format!("/api/v1/observatory/tables/{name}"),
            })
            .collect(),
        rule: crate::service::observatory::tables::RULE.into(),
    })
}

#[utoipa::path(get, path = "/api/v1/observatory/tables/{name}",
    operation_id = "get_observatory_table", tag = "observatory",
    params(("name" = TableName, Path, description = "The table's name, as listed.")),
    responses(
        (status = 200, body = ObservatoryTable, description = "The table's cells."),
        (status = 404, body = ErrorBody, description = "No published table has this name."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(super) async fn one(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let unknown = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            fill(FR.errors.unknown_table, &[("name", name.clone())]),
        )
    };
    if !public_tables().iter().any(|(n, _)| *n == name) {
        return Err(unknown());
    }
    let (_, _, body) = crate::db::observatory::published(&state.db.pool, &name)
        .await
        .map_err(crate::service::ServiceError::from)?
        .ok_or_else(unknown)?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}
