//! Builds the whole application from settings: database, bank, routes of each feature, layers,
//! listener.

use std::{
    net::SocketAddr,
    sync::{Arc, OnceLock},
};

use anyhow::Context;
use axum::{
    Router,
    body::Body,
    extract::{DefaultBodyLimit, Path, Request, State},
    http::{HeaderName, HeaderValue, StatusCode, header},
    middleware,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use leptos::prelude::*;
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, generate_route_list, handle_server_fns_with_context,
};
use tokio::net::TcpListener;
use tower_http::{
    limit::RequestBodyLimitLayer,
    request_id::{PropagateRequestIdLayer, SetRequestIdLayer},
    services::ServeDir,
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

use crate::{
    api,
    assets::{self, Assets},
    auth::{CookiePolicy, same_origin},
    db::{Db, now_ms as db_now},
    forms,
    metrics::Metrics,
    pages::{App, shell},
    rate_limit, request_id,
    service::catalog::Catalog,
    settings::Settings,
    state::AppState,
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
        let db = Db::open(settings.database_url()).await?;
        crate::auth::password::prepare_decoy().await?;
        let catalog = Catalog::load(&settings.bank_dir)?;
        tracing::info!(bank_version = %catalog.version, "item bank loaded");
        let assets = Assets::load(&settings.site_root)?;
        let leptos_options = LeptosOptions::builder()
            .output_name("app")
            .site_root(settings.site_root.to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .site_addr(settings.addr)
            .build();
        let metrics = Arc::new(Metrics::new(&catalog.version));
        let state = AppState {
            db,
            catalog: Arc::new(catalog),
            cookies: CookiePolicy {
                secure: settings.https(),
            },
            settings: Arc::new(settings),
            leptos_options,
            assets: Arc::new(assets),
            metrics,
            observatory: Arc::default(),
        };
        // The observatory's tables exist from the start (empty, or from older records).
        let competences = crate::service::observatory::competences(&state);
        crate::service::observatory::refresh(
            &state.db,
            &competences,
            crate::service::observatory::Pass::Daily,
            db_now(),
        )
        .await
        .map_err(|e| anyhow::anyhow!("cannot publish the observatory's tables: {e:?}"))?;
        let router = router(state.clone());
        let addr = state.settings.addr;
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
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

    /// Serves until the process is stopped (the tests' servers: no signal handling, no
    /// graceful-shutdown wrapper around the connections).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    }

    /// Serves until `stop` resolves (see [`shutdown_signal`]), then stops accepting
    /// connections, lets the requests in flight (an answer being stored) finish, and returns.
    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(stop)
        .await
    }
}

/// Listens for SIGTERM (what service managers send) and Ctrl-C from now on, and returns a
/// future that resolves at the first of them. Call it before saying the server is up, so that
/// a stop sent right after is never missed.
pub fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static>
{
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = term.recv() => {},
                _ = interrupt.recv() => {},
            }
            tracing::info!("stop requested: finishing the requests in flight, then exiting");
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("stop requested: finishing the requests in flight, then exiting");
        })
    }
}

async fn server_fn_handler(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), req).await
}

/// `GET /media/{name}`: a picture under its content-hashed name, cached for good.
async fn media(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    match state.catalog.media(&name) {
        Some(file) => (
            [
                (header::CONTENT_TYPE, file.content_type),
                (header::CACHE_CONTROL, assets::IMMUTABLE),
            ],
            file.bytes.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The pages' routes, listed once per process. Listing them renders the app with a
/// process-wide flag set that parks every resource first polled meanwhile, forever
/// (leptos_server's `SuppressResourceLoad`, leptos issue #4773): a second listing while
/// another server of the same process renders a page (the tests run many) would hang
/// that page.
fn route_list() -> &'static [AxumRouteListing] {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App))
}

/// A request's path as logged: an invitation's token (a one-time secret) is left out.
fn redacted_path(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in ["/invitation/", "/api/v1/invitations/"] {
        if path.starts_with(prefix) && path.len() > prefix.len() {
            return format!("{prefix}…").into();
        }
    }
    path.into()
}

/// Every route with its layers.
pub fn router(state: AppState) -> Router {
    let routes = route_list().to_vec();
    let starts = rate_limit::start_limit(&state.settings);
    let logins = rate_limit::login_limit(&state.settings);
    // The mediators' and analysts' space, under its session layer (citizens' routes never load
    // a session).
    let staff_routes = Router::new()
        .merge(api::mediation::routes(&logins))
        .merge(forms::analysis::routes())
        .merge(forms::mediation::routes(
            &logins,
            &starts,
            state.assets.clone(),
        ))
        .layer(crate::auth::staff::layer(&state));
    let assets = state.assets.clone();
    let page_state = state.clone();
    let site_root = state.settings.site_root.clone();
    let metrics = state.settings.metrics;
    let router = Router::new()
        .merge(api::routes(&starts))
        .merge(staff_routes)
        .merge(forms::observatory::routes())
        .route("/api/{*rest}", axum::routing::any(api::not_found))
        // Server functions read the raw body, which DefaultBodyLimit does not cover.
        .route(
            "/sfn/{*fn_name}",
            post(server_fn_handler).layer(RequestBodyLimitLayer::new(api::BODY_LIMIT)),
        )
        .route(
            "/commencer",
            post(forms::assessment::start)
                .layer(rate_limit::form_layer(&starts, state.assets.clone())),
        )
        .route(
            "/premiers-pas/commencer",
            post(forms::premiers_pas::start)
                .layer(rate_limit::form_layer(&starts, state.assets.clone())),
        )
        .route("/evaluation", post(forms::assessment::answer))
        .route("/resultat/consentement", post(forms::assessment::consent))
        .route("/resultat/supprimer", post(forms::assessment::delete))
        .route("/terminer", post(forms::assessment::finish_on_device))
        .route("/media/{name}", get(media))
        .route("/healthz", get(api::health::healthz))
        .route("/readyz", get(api::health::readyz))
        .nest_service(assets::PKG_PATH, assets::service(&site_root))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(page_state.clone());
                leptos::nonce::provide_nonce();
            },
            move || shell(assets.clone()),
        );
    // With metrics on, every route above is timed (refusals by the outer layers and files
    // served by the fallback are not), and `/metrics` serves them.
    let router = if metrics {
        router
            .route_layer(middleware::from_fn_with_state(
                state.metrics.clone(),
                crate::metrics::track,
            ))
            .route("/metrics", get(crate::metrics::serve))
    } else {
        router
    };
    router
        .fallback_service(ServeDir::new(site_root))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            same_origin::check,
        ))
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
        .layer(middleware::from_fn(request_id::scope))
        .layer(PropagateRequestIdLayer::new(request_id::HEADER))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                let id = req
                    .headers()
                    .get(&request_id::HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                let path = redacted_path(req.uri().path());
                tracing::info_span!("request", id, method = %req.method(), path = %path)
            }),
        )
        .layer(SetRequestIdLayer::new(
            request_id::HEADER,
            request_id::MakeId,
        ))
        .with_state(state)
}
