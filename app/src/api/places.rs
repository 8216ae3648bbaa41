//! `GET /api/v1/places?departement=35[&service=demarches][&besoin=Surdité]`: mediation places
//! of a département, optionally offering a service and handling a specific need. No account.

use axum::{
    Json, Router,
    extract::{Query, State},
    http::{StatusCode, Uri},
    routing::get,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiError, ErrorBody};
use crate::domain::{Place, PlaceService};
use crate::i18n::{FR, fill};
use crate::service::places;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/places", get(list))
}

/// What to look for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PlacesParams {
    /// INSEE département code (01–19, 2A, 2B, 21–95, 971–974, 976).
    #[param(value_type = super::schema::DepartementCode)]
    pub departement: String,
    /// Only places offering this service.
    pub service: Option<PlaceService>,
    /// Only places handling this specific need, as the standard's `prise_en_charge_specifique`
    /// writes it (e.g. `Surdité`, `Handicaps moteurs`, `Illettrisme`, `Langues étrangères`).
    #[param(pattern = r"^[^%_;\\]+$")]
    pub besoin: Option<String>,
}

/// The places found, by name.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlacesBody {
    pub places: Vec<Place>,
}

#[utoipa::path(get, path = "/api/v1/places", operation_id = "list_places", tag = "places",
    params(PlacesParams),
    responses(
        (status = 200, body = PlacesBody, description = "The places of the département that match, by name (maybe none)."),
        (status = 400, body = ErrorBody, description = "Missing or invalid parameter."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(super) async fn list(
    State(state): State<AppState>,
    uri: Uri,
) -> Result<Json<PlacesBody>, ApiError> {
    let Query(q) = Query::<PlacesParams>::try_from_uri(&uri).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            fill(FR.errors.invalid_query, &[("detail", e.body_text())]),
        )
    })?;
    let found = places::near(&state.db, &q.departement, q.service, q.besoin.as_deref()).await?;
    Ok(Json(PlacesBody { places: found }))
}
