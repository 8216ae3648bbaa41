//! The state every handler receives: database pool, item bank, engine catalog, page options.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::AnyPool;

use crate::db::WriteGate;
use crate::service::catalog::Catalog;

/// Shared, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub pool: AnyPool,
    /// Lets one writer at a time into SQLite (see [`WriteGate`]).
    pub writes: WriteGate,
    pub catalog: Arc<Catalog>,
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
