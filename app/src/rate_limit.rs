//! Limits how fast one client address may start assessments (each start writes a row) and try
//! to sign in as staff (each try checks a password), with
//! tower_governor. Its builder's `per_second(n)` means "one more request every n seconds", not
//! "n per second": the quota here is set as a period of 60 s / `starts_per_minute`, with a burst
//! of `starts_burst`. Refusals are 429 with a readable message (JSON for the API, a page for
//! the form) and a `Retry-After`.

use std::{net::IpAddr, net::SocketAddr, sync::Arc, time::Duration};

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{HeaderValue, Request, Response, StatusCode, header},
    response::IntoResponse,
};
use tower_governor::{
    GovernorError, GovernorLayer,
    governor::{GovernorConfig, GovernorConfigBuilder},
    key_extractor::KeyExtractor,
};

use crate::i18n::FR;
use crate::settings::Settings;

/// The client's address: the peer, or — when the peer is the configured reverse proxy — the
/// address the proxy appended last to `X-Forwarded-For` (earlier entries can be forged).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp {
    pub trusted_proxy: Option<IpAddr>,
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        let peer = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .ok_or(GovernorError::UnableToExtractKey)?;
        if Some(peer) != self.trusted_proxy {
            return Ok(peer);
        }
        let forwarded = req
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .next_back()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next_back())
            .and_then(|ip| ip.trim().parse::<IpAddr>().ok());
        Ok(forwarded.unwrap_or(peer))
    }
}

/// A limiter, shared by the routes it guards.
pub type Limit = Arc<GovernorConfig<ClientIp, governor::middleware::NoOpMiddleware>>;

/// The limiter of assessment starts, from the settings.
pub fn start_limit(settings: &Settings) -> Limit {
    limit(settings, settings.starts_per_minute, settings.starts_burst)
}

/// The limiter of staff sign-in attempts, from the settings.
pub fn login_limit(settings: &Settings) -> Limit {
    limit(settings, settings.logins_per_minute, settings.logins_burst)
}

/// A limiter of `per_minute` requests (sustained) after a burst of `burst`, per client
/// address, and a task that forgets idle clients every minute.
fn limit(settings: &Settings, per_minute: u32, burst: u32) -> Limit {
    let per_minute = u64::from(per_minute.max(1));
    let config = GovernorConfigBuilder::default()
        .key_extractor(ClientIp {
            trusted_proxy: settings.trusted_proxy,
        })
        .period(Duration::from_millis((60_000 / per_minute).max(1)))
        .burst_size(burst.max(1))
        .finish()
        .expect("period and burst are not zero");
    let config = Arc::new(config);
    let limiter = config.limiter().clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limiter.retain_recent();
        }
    });
    config
}

fn refusal(e: &GovernorError) -> (StatusCode, Option<u64>) {
    match e {
        GovernorError::TooManyRequests { wait_time, .. } => {
            (StatusCode::TOO_MANY_REQUESTS, Some(*wait_time))
        }
        GovernorError::UnableToExtractKey => (StatusCode::INTERNAL_SERVER_ERROR, None),
        GovernorError::Other { code, .. } => (*code, None),
    }
}

fn with_retry_after(mut res: Response<Body>, wait: Option<u64>) -> Response<Body> {
    if let Some(wait) = wait
        && let Ok(v) = HeaderValue::from_str(&wait.max(1).to_string())
    {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

/// The layer for API routes: `{"error": "…"}`.
pub fn api_layer(
    limit: &Limit,
) -> GovernorLayer<ClientIp, governor::middleware::NoOpMiddleware, Body> {
    GovernorLayer::new(limit.clone()).error_handler(|e| {
        let (status, wait) = refusal(&e);
        let res = crate::api::ApiError::new(status, FR.errors.too_many_requests).into_response();
        with_retry_after(res, wait)
    })
}

/// The layer for form routes: a short HTML page.
pub fn form_layer(
    limit: &Limit,
    assets: Arc<crate::assets::Assets>,
) -> GovernorLayer<ClientIp, governor::middleware::NoOpMiddleware, Body> {
    GovernorLayer::new(limit.clone()).error_handler(move |e| {
        let (status, wait) = refusal(&e);
        let res = crate::forms::error_page_with(&assets, status, FR.errors.too_many_requests);
        with_retry_after(res, wait)
    })
}
