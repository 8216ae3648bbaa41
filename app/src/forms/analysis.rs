//! The analysts' page and downloads: `/observatoire/analyse` (a month, competence and région of
//! the analysts' tables, chosen among the released ones with a plain GET form) and each whole
//! table as `/observatoire/analyse/<name>.csv`, `.json` and `.schema.json`. Signed-in analysts
//! only, with their second factor set up; the tables are read as released, never from records.

use std::collections::HashMap;

use axum::{
    Router,
    extract::{FromRequestParts, Path, Query, State},
    http::{StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::get,
};
use tower_sessions::Session;

use super::observatory::{chosen_competence, chosen_month, csv_of, months_of, schema_of};
use super::{error_page, error_page_with};
use crate::domain::mediation::Role;
use crate::pages::observatory::{self as pages, ANALYSIS_PATH, Analysis};
use crate::service::ServiceError;
use crate::service::mediation::StaffMember;
use crate::service::observatory::analysis::{self, COMPETENCES_NAME, NAME};
use crate::service::observatory::geo::geography;
use crate::service::observatory::release::cross::AGE_GROUPS;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(ANALYSIS_PATH, get(overview))
        .route("/observatoire/analyse/{file}", get(download))
}

/// A signed-in analyst (second factor set up); others are sent to sign in, or refused.
pub struct AnalystPage(pub StaffMember);

impl FromRequestParts<AppState> for AnalystPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let who = super::mediation::signed_in_or_redirect(&session, state).await?;
        if who.role != Role::Analyst {
            return Err(error_page(&state.assets, &ServiceError::Forbidden));
        }
        Ok(AnalystPage(who))
    }
}

async fn overview(
    State(state): State<AppState>,
    AnalystPage(who): AnalystPage,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let (table, shares) = match (
        analysis::table(&state.db, &state.observatory, NAME).await,
        analysis::table(&state.db, &state.observatory, COMPETENCES_NAME).await,
    ) {
        (Ok(t), Ok(s)) => (t, s),
        (Err(e), _) | (_, Err(e)) => return error_page(&state.assets, &e),
    };
    let months = months_of(table.as_ref().map(|t| &***t));
    let Some(month) = chosen_month(&query, &months) else {
        let o = pages::strings();
        return error_page_with(&state.assets, StatusCode::BAD_REQUEST, o.unknown_month);
    };
    let competences = crate::service::observatory::named_competences(&state);
    let Some(competence) = chosen_competence(&query, &competences) else {
        let o = pages::strings();
        return error_page_with(&state.assets, StatusCode::BAD_REQUEST, o.unknown_competence);
    };
    let geo = geography();
    let region = match query.get("region").filter(|r| !r.is_empty()) {
        Some(r) if geo.regions.iter().any(|g| g.code == *r) => r.clone(),
        Some(_) => {
            let t = crate::i18n::analysis::for_language(&crate::i18n::FR);
            return error_page_with(&state.assets, StatusCode::BAD_REQUEST, t.unknown_region);
        }
        None => String::new(),
    };
    let rows = geo
        .departements
        .iter()
        .filter(|d| region.is_empty() || d.region == region)
        .map(|d| {
            let cells = AGE_GROUPS
                .iter()
                .map(|(group, _)| {
                    let mut pick = vec![
                        ("month", month.clone()),
                        ("departement", d.code.clone()),
                        ("age_group", (*group).to_owned()),
                    ];
                    let people = table
                        .as_ref()
                        .and_then(|t| t.cell(&pick))
                        .and_then(|c| c.count);
                    pick.push(("competence", competence.clone()));
                    // A month released before the competences' table has none.
                    let share = shares
                        .as_ref()
                        .and_then(|t| t.cell(&pick))
                        .and_then(|c| c.at_least_basic);
                    (people, share)
                })
                .collect();
            (d.code.clone(), d.nom.clone(), cells)
        })
        .collect();
    pages::analysis_page(
        &state.assets,
        Analysis {
            who,
            competences,
            competence,
            months,
            regions: geo
                .regions
                .iter()
                .map(|r| (r.code.clone(), r.nom.clone()))
                .collect(),
            month,
            region,
            rows,
        },
    )
}

async fn download(
    State(state): State<AppState>,
    AnalystPage(who): AnalystPage,
    Path(file): Path<String>,
) -> Response {
    let t = pages::strings();
    let known = analysis::TABLES.iter().find_map(|(name, title, _)| {
        let kind = file.strip_prefix(name)?;
        let kind = match kind {
            ".csv" => "csv",
            ".json" => "json",
            ".schema.json" => "schema",
            _ => return None,
        };
        Some((*name, *title, kind))
    });
    let Some((name, title, kind)) = known else {
        return error_page_with(&state.assets, StatusCode::NOT_FOUND, t.unknown_file);
    };
    let table = match analysis::table(&state.db, &state.observatory, name).await {
        Ok(Some(table)) => table,
        Ok(None) => return error_page_with(&state.assets, StatusCode::NOT_FOUND, t.unknown_file),
        Err(e) => return error_page(&state.assets, &e),
    };
    let mut columns = table.dimensions.clone();
    columns.push("count".into());
    if name == COMPETENCES_NAME {
        columns.push("at_least_basic".into());
    }
    let (content_type, body) = match kind {
        "csv" => match csv_of(&table, &columns) {
            Ok(body) => ("text/csv; charset=utf-8", body),
            Err(e) => return error_page(&state.assets, &e),
        },
        "json" => match serde_json::to_string(&**table) {
            Ok(body) => ("application/json", body),
            Err(e) => return error_page(&state.assets, &ServiceError::Unexpected(e.into())),
        },
        _ => ("application/json", schema_of(name, title, &table, &columns)),
    };
    tracing::info!(staff = %who.id, file = %file, "analysts' table downloaded");
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}
