//! The observatory's public pages and open data files: `/observatoire` (a competence and a
//! month, chosen among the published ones with a plain GET form), `/observatoire/methode`,
//! `/observatoire/donnees`, and each table as `/observatoire/donnees/<name>.csv` with its Table
//! Schema `<name>.schema.json`. Everything is read from the published tables, never from records.

use std::collections::HashMap;
use std::sync::Arc;

use axum::{
    Router,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

use super::{error_page, error_page_with};
use crate::domain::AGE_BANDS;
use crate::pages::observatory::{self as pages, Overview, strings};
use crate::service::observatory::geo::geography;
use crate::service::observatory::orientations;
use crate::service::observatory::tables::{self, Cell, Published, RULE, Table, public_tables};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(pages::PATH, get(overview))
        .route(pages::METHOD_PATH, get(method))
        .route(pages::DATA_PATH, get(data))
        .route("/observatoire/donnees/{file}", get(download))
}

/// The months a table has cells for, oldest first.
pub(super) fn months_of(table: Option<&Table>) -> Vec<String> {
    let mut months: Vec<String> = table
        .map(|t| {
            t.cells
                .iter()
                .filter_map(|c| c.dimensions.get("month").cloned())
                .collect()
        })
        .unwrap_or_default();
    months.sort();
    months.dedup();
    months
}

/// The month asked for (`mois`) if it is one of `months`, or the latest if none is asked;
/// `None` for a month not published.
pub(super) fn chosen_month(query: &HashMap<String, String>, months: &[String]) -> Option<String> {
    match query.get("mois").filter(|m| !m.is_empty()) {
        Some(m) => months.contains(m).then(|| m.clone()),
        None => Some(months.last().cloned().unwrap_or_default()),
    }
}

/// The competence asked for (`competence`), the first when none is; `None` when it is not one
/// of `competences`.
pub(super) fn chosen_competence(
    query: &HashMap<String, String>,
    competences: &[(String, String)],
) -> Option<String> {
    match query.get("competence").filter(|c| !c.is_empty()) {
        Some(c) => competences
            .iter()
            .any(|(code, _)| code == c)
            .then(|| c.clone()),
        None => Some(
            competences
                .first()
                .map(|(c, _)| c.clone())
                .unwrap_or_default(),
        ),
    }
}

fn cell_of<'a>(table: Option<&'a Arc<Published>>, pick: &[(&str, String)]) -> Option<&'a Cell> {
    table?.cell(pick)
}

async fn overview(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let t = strings();
    let mut loaded: HashMap<&str, Arc<Published>> = HashMap::new();
    for (name, _) in public_tables() {
        match tables::published(&state.db, &state.observatory, name).await {
            Ok(Some(table)) => {
                loaded.insert(name, table);
            }
            Ok(None) => {}
            Err(e) => return error_page(&state.assets, &e),
        }
    }
    let national = loaded.get("niveaux-national");
    let months = months_of(national.map(|n| &***n));
    let competences = crate::service::observatory::named_competences(&state);
    let Some(competence) = chosen_competence(&query, &competences) else {
        return error_page_with(&state.assets, StatusCode::BAD_REQUEST, t.unknown_competence);
    };
    let Some(month) = chosen_month(&query, &months) else {
        return error_page_with(&state.assets, StatusCode::BAD_REQUEST, t.unknown_month);
    };
    let at = |extra: Option<(&'static str, &'static str)>| {
        let mut pick: Vec<(&str, String)> =
            vec![("month", month.clone()), ("competence", competence.clone())];
        pick.extend(extra.map(|(k, v)| (k, v.to_owned())));
        pick
    };
    let geo = geography();
    let o = Overview {
        national: cell_of(national, &at(None)).cloned(),
        regions: geo
            .regions
            .iter()
            .map(|r| {
                let cell = cell_of(
                    loaded.get("niveaux-regions"),
                    &at(Some(("region", r.code.as_str()))),
                );
                (r.code.clone(), r.nom.clone(), cell.cloned())
            })
            .collect(),
        departements: geo
            .departements
            .iter()
            .map(|d| {
                let cell = cell_of(
                    loaded.get("niveaux-departements"),
                    &at(Some(("departement", d.code.as_str()))),
                );
                let region = geo.regions.iter().find(|r| r.code == d.region);
                let region_cell = region.and_then(|r| {
                    cell_of(
                        loaded.get("niveaux-regions"),
                        &at(Some(("region", r.code.as_str()))),
                    )
                });
                pages::DepartementRow {
                    code: d.code.clone(),
                    name: d.nom.clone(),
                    cell: cell.cloned(),
                    region: region.map(|r| r.nom.clone()).unwrap_or_default(),
                    region_cell: region_cell.cloned(),
                }
            })
            .collect(),
        trend: national
            .map(|n| {
                n.cells
                    .iter()
                    .filter(|c| c.dimensions.get("competence") == Some(&competence))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
        beginners: beginner_rows(&loaded, &month),
        ages: AGE_BANDS
            .iter()
            .map(|a| {
                let cell = cell_of(loaded.get("niveaux-ages"), &at(Some(("age_band", *a))));
                ((*a).to_owned(), cell.cloned())
            })
            .collect(),
        competences,
        months,
        competence,
        month,
    };
    pages::overview_page(&state.assets, o)
}

/// Premiers pas in `month`: the country, then every région.
fn beginner_rows(loaded: &HashMap<&str, Arc<Published>>, month: &str) -> Vec<pages::BeginnerRow> {
    let [(national, ..), (regional, ..)] = orientations::TABLES;
    let kinds = crate::domain::Orientation::ALL.map(|o| o.as_str());
    let row = |table: &str, name: String, region: Option<&str>| {
        let cells = std::array::from_fn(|k| {
            let mut pick = vec![("month", month.to_owned())];
            pick.extend(region.map(|r| ("region", r.to_owned())));
            let kind = kinds.get(k).copied().unwrap_or(orientations::ALL);
            pick.push(("orientation", kind.to_owned()));
            cell_of(loaded.get(table), &pick).cloned()
        });
        pages::BeginnerRow { name, cells }
    };
    let mut rows = vec![row(national, strings().france.to_owned(), None)];
    for r in &geography().regions {
        rows.push(row(regional, r.nom.clone(), Some(&r.code)));
    }
    rows
}

async fn method(State(state): State<AppState>) -> Response {
    pages::method_page(&state.assets)
}

async fn data(State(state): State<AppState>) -> Response {
    pages::data_page(&state.assets, &public_tables(), RULE)
}

/// The CSV columns of a table: its dimensions, then count, the share at level 1 or above and
/// the share at each level 0–8 (Premiers pas tables: count and share).
fn columns(table_dimensions: &[String]) -> Vec<String> {
    let mut c: Vec<String> = table_dimensions.to_vec();
    c.push("count".into());
    if table_dimensions.iter().any(|d| d == "orientation") {
        c.push("share".into());
        return c;
    }
    c.push("at_least_basic".into());
    c.extend((0..9).map(|l| format!("share_level_{l}")));
    c
}

async fn download(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let t = strings();
    let (name, kind) = match (file.strip_suffix(".csv"), file.strip_suffix(".schema.json")) {
        (Some(n), _) => (n, "csv"),
        (_, Some(n)) => (n, "schema"),
        _ => return error_page_with(&state.assets, StatusCode::NOT_FOUND, t.unknown_file),
    };
    let Some((name, title)) = public_tables().into_iter().find(|(n, _)| *n == name) else {
        return error_page_with(&state.assets, StatusCode::NOT_FOUND, t.unknown_file);
    };
    let table = match tables::published(&state.db, &state.observatory, name).await {
        Ok(Some(table)) => table,
        Ok(None) => return error_page_with(&state.assets, StatusCode::NOT_FOUND, t.unknown_file),
        Err(e) => return error_page(&state.assets, &e),
    };
    let columns = columns(&table.dimensions);
    let (content_type, body) = if kind == "csv" {
        match csv_of(&table, &columns) {
            Ok(body) => ("text/csv; charset=utf-8", body),
            Err(e) => return error_page(&state.assets, &e),
        }
    } else {
        ("application/json", schema_of(name, title, &table, &columns))
    };
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{file}\""),
            ),
        ],
        body,
    )
        .into_response()
}

pub(super) fn csv_of(
    table: &Table,
    columns: &[String],
) -> Result<String, crate::service::ServiceError> {
    let unexpected = |e: csv::Error| crate::service::ServiceError::Unexpected(e.into());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(columns).map_err(unexpected)?;
    let number = |v: Option<f64>| v.map(|s| format!("{s:.2}")).unwrap_or_default();
    for cell in &table.cells {
        let row: Vec<String> = columns
            .iter()
            .map(|c| match c.as_str() {
                "count" => cell.count.map(|n| n.to_string()).unwrap_or_default(),
                "at_least_basic" => number(cell.at_least_basic),
                "share" => number(cell.share),
                c => match c
                    .strip_prefix("share_level_")
                    .and_then(|l| l.parse::<usize>().ok())
                {
                    Some(l) => number(
                        cell.shares
                            .as_ref()
                            .and_then(|s| s.get(l).copied().flatten()),
                    ),
                    None => cell.dimensions.get(c).cloned().unwrap_or_default(),
                },
            })
            .collect();
        w.write_record(&row).map_err(unexpected)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| crate::service::ServiceError::Unexpected(anyhow::anyhow!("{e}")))?;
    String::from_utf8(bytes).map_err(|e| crate::service::ServiceError::Unexpected(e.into()))
}

/// The table's CSV described as a Frictionless Table Schema, with the disclosure rule.
pub(super) fn schema_of(name: &str, title: &str, table: &Table, columns: &[String]) -> String {
    let t = strings();
    let describe = |c: &str| {
        let key = if c.starts_with("share_level_") {
            "share_level_0"
        } else {
            c
        };
        let base = t
            .columns
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, d)| *d);
        match c.strip_prefix("share_level_") {
            Some(l) if l != "0" => base.replace("niveau 0", &format!("niveau {l}")),
            _ => base.to_owned(),
        }
    };
    let fields: Vec<serde_json::Value> = columns
        .iter()
        .map(|c| {
            let (kind, constraints) = match c.as_str() {
                "month" => ("yearmonth", serde_json::json!({ "required": true })),
                "count" => ("integer", serde_json::json!({ "minimum": 0 })),
                c if c == "at_least_basic" || c == "share" || c.starts_with("share_level_") => {
                    ("number", serde_json::json!({ "minimum": 0, "maximum": 1 }))
                }
                _ => ("string", serde_json::json!({ "required": true })),
            };
            serde_json::json!({
                "name": c,
                "type": kind,
                "description": describe(c),
                "constraints": constraints,
            })
        })
        .collect();
    serde_json::json!({
        "name": name,
        "title": title,
        "path": format!("{name}.csv"),
        "licenses": [{ "name": "etalab-2.0", "title": "Licence Ouverte / Open Licence 2.0" }],
        "description": table.rule,
        "minimumPublishedCount": table.min_count,
        "schema": {
            "fields": fields,
            "missingValues": [""],
            "primaryKey": table.dimensions,
        }
    })
    .to_string()
}
