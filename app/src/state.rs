//! The state every handler receives: database, item bank, settings, page options, asset
//! names — passed explicitly, never global.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::assets::Assets;
use crate::auth::CookiePolicy;
use crate::db::Db;
use crate::service::catalog::Catalog;
use crate::settings::Settings;

/// Shared, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub catalog: Arc<Catalog>,
    pub settings: Arc<Settings>,
    pub cookies: CookiePolicy,
    pub leptos_options: LeptosOptions,
    /// The hashed names of the hydration bundle and stylesheet, read at startup.
    pub assets: Arc<Assets>,
    /// Counted always; served at `/metrics` when the `metrics` setting is on.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// The observatory's published tables, parsed once per version.
    pub observatory: Arc<crate::service::observatory::tables::Parsed>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
