//! Prometheus metrics, served at `/metrics` when the `metrics` setting is on (OpenMetrics text):
//! answers stored, request latency by route (a histogram), responses by route and status class
//! (so errors by route), the database pool (connections open and idle), the process (resident
//! memory and CPU time, read from `/proc` at each scrape; when it started serving) and the
//! build (version and item bank). Routes are the
//! router's patterns (`/api/v1/assessments/{id}/answers`), never raw paths, so the label set
//! stays small and holds no id.

use std::sync::Arc;
use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
        info::Info,
    },
    registry::Registry,
};

use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ResponseLabels {
    pub method: String,
    pub route: String,
    /// `2xx`, `3xx`, `4xx` or `5xx`.
    pub status: String,
}

type Latency = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 1 ms to about 8 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 14))
}

/// The process's metrics.
pub struct Metrics {
    registry: Registry,
    pub answers: Counter,
    latency: Latency,
    responses: Family<ResponseLabels, Counter>,
    pool_open: Gauge,
    pool_idle: Gauge,
    resident_memory: Gauge,
    cpu_seconds: Counter<f64, std::sync::atomic::AtomicU64>,
    /// One scrape at a time adds the CPU time used since the last.
    scrape: std::sync::Mutex<()>,
}

impl Metrics {
    /// The metrics of a server running `bank_version` of the item bank.
    pub fn new(bank_version: &str) -> Self {
        let mut registry = Registry::with_prefix("tremplin");
        let answers = Counter::default();
        registry.register("answers", "Answers stored", answers.clone());
        let latency: Latency = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by route",
            latency.clone(),
        );
        let responses = Family::<ResponseLabels, Counter>::default();
        registry.register(
            "http_responses",
            "Responses by route and status class",
            responses.clone(),
        );
        let pool_open = Gauge::default();
        registry.register(
            "db_connections_open",
            "Database connections open in the pool",
            pool_open.clone(),
        );
        let pool_idle = Gauge::default();
        registry.register(
            "db_connections_idle",
            "Database connections idle in the pool",
            pool_idle.clone(),
        );
        let resident_memory = Gauge::default();
        registry.register(
            "process_resident_memory_bytes",
            "Resident memory of the server process",
            resident_memory.clone(),
        );
        let cpu_seconds = Counter::<f64, std::sync::atomic::AtomicU64>::default();
        registry.register(
            "process_cpu_seconds",
            "CPU time of the server process (user and system)",
            cpu_seconds.clone(),
        );
        let started = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
        started.set(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs_f64())
                .unwrap_or(0.0),
        );
        registry.register(
            "process_start_time_seconds",
            "When the server started (Unix time, once its database and bank were ready)",
            started,
        );
        registry.register(
            "build",
            "The server's version and the item bank it serves",
            Info::new(vec![
                ("version", env!("CARGO_PKG_VERSION").to_owned()),
                ("bank_version", bank_version.to_owned()),
            ]),
        );
        Metrics {
            registry,
            answers,
            latency,
            responses,
            pool_open,
            pool_idle,
            resident_memory,
            cpu_seconds,
            scrape: std::sync::Mutex::new(()),
        }
    }

    fn observe(&self, method: &str, route: &str, status: StatusCode, seconds: f64) {
        self.latency
            .get_or_create(&RouteLabels {
                method: method.to_owned(),
                route: route.to_owned(),
            })
            .observe(seconds);
        self.responses
            .get_or_create(&ResponseLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status: format!("{}xx", status.as_u16() / 100),
            })
            .inc();
    }

    /// The metrics as OpenMetrics text, the pool's gauges read now.
    pub fn render(&self, pool: &sqlx::AnyPool) -> Result<String, std::fmt::Error> {
        self.pool_open.set(i64::from(pool.size()));
        self.pool_idle.set(pool.num_idle() as i64);
        let _one_at_a_time = self.scrape.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((rss, cpu)) = process_figures("self") {
            self.resident_memory.set(rss);
            // A counter only goes up: add what the process used since the last scrape.
            let since = cpu - self.cpu_seconds.get();
            if since > 0.0 {
                self.cpu_seconds.inc_by(since);
            }
        }
        let mut out = String::new();
        encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

/// A process's resident memory (bytes) and CPU time (seconds), from `/proc/<which>` (`self`, or
/// a process id); `None` where there is no such file (not Linux). The load generator reads the
/// server's with it too.
pub fn process_figures(which: &str) -> Option<(i64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{which}/status")).ok()?;
    let rss_kb: i64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let stat = std::fs::read_to_string(format!("/proc/{which}/stat")).ok()?;
    // After the command name (which may hold spaces and parentheses): utime and stime, in clock
    // ticks (100 per second on Linux), are the 12th and 13th fields.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some((rss_kb * 1024, ticks / 100.0))
}

/// The method as a label: one of a fixed set (a client may send any method name).
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The route as a label: the router's pattern; the static bundle's files as one route.
fn route_label(req: &Request) -> String {
    match req.extensions().get::<MatchedPath>() {
        Some(m) => m.as_str().to_owned(),
        None if req.uri().path().starts_with(crate::assets::PKG_PATH) => {
            format!("{}/{{*file}}", crate::assets::PKG_PATH)
        }
        None => "other".to_owned(),
    }
}

/// Times every routed request (a route layer: it runs once the route is known).
pub async fn track(State(metrics): State<Arc<Metrics>>, req: Request, next: Next) -> Response {
    let route = route_label(&req);
    let method = method_label(req.method());
    let start = Instant::now();
    let res = next.run(req).await;
    metrics.observe(method, &route, res.status(), start.elapsed().as_secs_f64());
    res
}

/// `GET /metrics`.
pub async fn serve(State(state): State<AppState>) -> Response {
    match state.metrics.render(&state.db.pool) {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
