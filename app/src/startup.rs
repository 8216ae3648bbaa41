//! Builds the whole application from settings: database, bank, routes, layers, listener.

use std::sync::Arc;

use anyhow::Context;
use axum::{
    Router,
    body::Body,
    extract::{DefaultBodyLimit, Request, State},
    http::{HeaderName, HeaderValue, header},
    response::IntoResponse,
    routing::post,
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use tokio::net::TcpListener;
use tower_http::{
    limit::RequestBodyLimitLayer, services::ServeDir, set_header::SetResponseHeaderLayer,
};

use crate::{
    api, db,
    pages::{App, shell},
    service::catalog::Catalog,
    settings::Settings,
    state::AppState,
    web,
};

/// Content-Security-Policy of everything that is not a page (pages get one with a nonce).
const STRICT_CSP: &str = "default-src 'none'; img-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The page CSP: scripts only from this origin or with this response's nonce.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
         base-uri 'none'; object-src 'none'"
    )
}

/// A server ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    pub state: AppState,
}

impl Application {
    /// Opens the database (migrating it), loads the bank, binds the address.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let pool = db::connect_and_migrate(&settings.database_url).await?;
        let writes = db::WriteGate::for_backend(db::Backend::of(&settings.database_url)?);
        let catalog = Catalog::load(&settings.bank_dir)?;
        let leptos_options = LeptosOptions::builder()
            .output_name("app")
            .site_root(settings.site_root.to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .site_addr(settings.addr)
            .build();
        let state = AppState {
            pool,
            writes,
            catalog: Arc::new(catalog),
            leptos_options,
        };
        let router = router(state.clone(), &settings);
        let listener = TcpListener::bind(settings.addr)
            .await
            .with_context(|| format!("cannot listen on {}", settings.addr))?;
        Ok(Self {
            listener,
            router,
            state,
        })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until the process is stopped.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        axum::serve(self.listener, self.router).await
    }
}

async fn server_fn_handler(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), req).await
}

/// Every route with its layers.
pub fn router(state: AppState, settings: &Settings) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let page_state = state.clone();
    let site_root = settings.site_root.clone();
    Router::new()
        .merge(api::routes())
        .route("/api/{*rest}", axum::routing::any(api::not_found))
        // Server functions read the raw body, which DefaultBodyLimit does not cover.
        .route(
            "/sfn/{*fn_name}",
            post(server_fn_handler).layer(RequestBodyLimitLayer::new(api::BODY_LIMIT)),
        )
        .route("/commencer", post(web::start))
        .route("/evaluation", post(web::answer))
        .route("/resultat/consentement", post(web::consent))
        .nest_service("/pkg", ServeDir::new(site_root.join("pkg")))
        .nest_service("/media", ServeDir::new(settings.bank_dir.join("media")))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(page_state.clone());
                leptos::nonce::provide_nonce();
            },
            move || shell(options.clone()),
        )
        .fallback_service(ServeDir::new(site_root))
        .layer(DefaultBodyLimit::max(api::BODY_LIMIT))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(STRICT_CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ))
        .with_state(state)
}
