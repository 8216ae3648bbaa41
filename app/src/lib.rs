//! Tremplin's web app, one folder per feature in each layer (today: the citizen's assessment).
//!
//! - [`domain`]: types shared by server and browser (the ways to answer an item, results, …);
//!   [`i18n`]: every sentence, per feature; [`pages`]: Leptos components, rendered on the
//!   server and hydrated in the browser; [`server_fns`]: their data, one function per file.
//! - Server only: `service` (the rules, once), called by `api` (REST + OpenAPI), `forms`
//!   (plain HTML form posts) and the server functions; `db` (plain async functions per table,
//!   SQLite or PostgreSQL, every write through `Db::begin_write`); `auth` (the caller's
//!   credentials); `assets` (the hydration bundle's and stylesheet's content-hashed names);
//!   `startup::Application` builds the server from `settings::Settings`.

pub mod domain;
pub mod i18n;
pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod forms;
#[cfg(feature = "ssr")]
pub mod metrics;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod request_id;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod settings;
#[cfg(feature = "ssr")]
pub mod startup;
#[cfg(feature = "ssr")]
pub mod state;

/// Entry point of the WASM bundle: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(pages::App);
}
