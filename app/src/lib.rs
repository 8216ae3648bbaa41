//! Tremplin's web app: the citizen's adaptive self-assessment.
//!
//! - [`pages`]: Leptos components, rendered on the server and hydrated in the browser;
//!   [`model`] holds the data they show, [`i18n`] every sentence they say.
//! - `service` (server only): the rules, called by the REST API (`api`), the server functions
//!   ([`server_fns`]) and the plain HTML form endpoints (`web`).
//! - `db`: plain async functions per table, over SQLite or PostgreSQL.
//! - `startup::Application`: builds the server from `settings::Settings`.

pub mod advice;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod settings;
#[cfg(feature = "ssr")]
pub mod startup;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod web;

/// Entry point of the WASM bundle: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(pages::App);
}
