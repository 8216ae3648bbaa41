//! Mediation places near what the person typed (public data: no session needed).

use leptos::prelude::*;

use crate::domain::{PlaceService, PlacesNear};

/// Places in the département of `typed` (a postcode or a département code), offering `service`
/// first, handling `need` if given.
#[server(prefix = "/sfn", endpoint = "find_places")]
pub async fn find_places(
    typed: String,
    service: PlaceService,
    need: Option<String>,
) -> Result<PlacesNear, ServerFnError> {
    let state = expect_context::<crate::state::AppState>();
    crate::service::places::near_typed(&state.db, &typed, service, need.as_deref())
        .await
        .map_err(|e| super::failure(&e))
}
