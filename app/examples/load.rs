//! Load generator for a Tremplin server on this machine: `make load` and `make soak` run it.
//!
//! - `load` (closed loop): `--clients` clients each take an assessment through the REST API,
//!   answering every item (a skip: the answer path does the same work whatever the response),
//!   then start another, until `--answers` answers are stored. Prints the answers per second and
//!   the answer latency's percentiles.
//! - `soak` (open loop): answers at a steady `--rate` per second for `--seconds`, with a page
//!   view every `--page-every` answers and a result read every `--result-every` answers (of an
//!   assessment it finished); prints a line a minute, then the latency percentiles by kind, the
//!   5xx and other failures, and the server's memory (RSS) at start and end.
//!
//! With `--pid`, the server's CPU time per answer and its RSS are read from `/proc`. The last
//! line is one JSON object with the figures. Only a server on this machine can be targeted.

use std::{
    collections::VecDeque,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use clap::{Parser, Subcommand};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

#[derive(Parser)]
#[command(about = "Load generator for a Tremplin server on this machine")]
struct Cli {
    /// The server, e.g. http://127.0.0.1:3000 (this machine only).
    #[arg(long, global = true, default_value = "http://127.0.0.1:3000")]
    url: String,
    /// The server's process id: its CPU time and memory are read from /proc.
    #[arg(long, global = true)]
    pid: Option<u32>,
    #[command(subcommand)]
    mode: Mode,
}

#[derive(Subcommand)]
enum Mode {
    /// Closed loop: as many answers per second as `clients` clients get.
    Load {
        #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u64).range(1..))]
        clients: u64,
        #[arg(long, default_value_t = 8000, value_parser = clap::value_parser!(u64).range(1..))]
        answers: u64,
    },
    /// Open loop: a steady rate of answers mixed with page views and result reads.
    Soak {
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..))]
        rate: u32,
        #[arg(long, default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..))]
        seconds: u64,
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
        page_every: u64,
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
        result_every: u64,
    },
}

/// An assessment being taken: its id, its token, the item to answer (`None` once finished).
#[derive(Clone)]
struct Taking {
    id: String,
    token: String,
    item: Option<String>,
}

struct Target {
    http: Client,
    base: String,
}

/// How a request went: its latency, and its status (`None` when no response came).
struct Outcome {
    ms: f64,
    status: Option<StatusCode>,
}

impl Target {
    async fn timed(&self, req: reqwest::RequestBuilder) -> (Outcome, Option<Value>) {
        let t0 = Instant::now();
        let sent = req.send().await;
        let (status, body) = match sent {
            Ok(res) => {
                let status = res.status();
                let bytes = res.bytes().await.ok();
                let body = bytes.and_then(|b| serde_json::from_slice::<Value>(&b).ok());
                (Some(status), body)
            }
            Err(_) => (None, None),
        };
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        (Outcome { ms, status }, body)
    }

    async fn start(&self) -> anyhow::Result<Taking> {
        let (out, body) = self
            .timed(
                self.http
                    .post(format!("{}/api/v1/assessments", self.base))
                    .json(&json!({"path": "citizen"})),
            )
            .await;
        let body = body.filter(|_| out.status == Some(StatusCode::CREATED));
        let Some(body) = body else {
            anyhow::bail!("start: {:?}", out.status);
        };
        let id = body["id"].as_str().unwrap_or_default().to_owned();
        let token = body["token"].as_str().unwrap_or_default().to_owned();
        let (out, cur) = self
            .timed(
                self.http
                    .get(format!("{}/api/v1/assessments/{id}/current", self.base))
                    .bearer_auth(&token),
            )
            .await;
        anyhow::ensure!(
            out.status == Some(StatusCode::OK),
            "current: {:?}",
            out.status
        );
        let item = cur.and_then(|c| c["item"]["id"].as_str().map(str::to_owned));
        Ok(Taking { id, token, item })
    }

    /// Answers the current item (skip); returns the outcome and the assessment moved on.
    async fn answer(&self, t: &Taking) -> (Outcome, Taking) {
        let item = t.item.clone().unwrap_or_default();
        let (out, body) = self
            .timed(
                self.http
                    .post(format!("{}/api/v1/assessments/{}/answers", self.base, t.id))
                    .bearer_auth(&t.token)
                    .json(&json!({"item_id": item, "response": {"skip": true}})),
            )
            .await;
        let mut next = t.clone();
        if out.status == Some(StatusCode::OK) {
            next.item = body.and_then(|b| b["item"]["id"].as_str().map(str::to_owned));
        }
        (out, next)
    }

    async fn result(&self, t: &Taking) -> Outcome {
        let req = self
            .http
            .get(format!("{}/api/v1/assessments/{}/result", self.base, t.id))
            .bearer_auth(&t.token);
        self.timed(req).await.0
    }

    async fn page(&self, path: &str) -> Outcome {
        let t0 = Instant::now();
        let res = self.http.get(format!("{}{path}", self.base)).send().await;
        let status = match res {
            Ok(r) => {
                let s = r.status();
                let _ = r.bytes().await;
                Some(s)
            }
            Err(_) => None,
        };
        Outcome {
            ms: t0.elapsed().as_secs_f64() * 1000.0,
            status,
        }
    }
}

/// Latencies and failures of one kind of request.
#[derive(Default)]
struct Tally {
    ms: Vec<f64>,
    server_errors: u64,
    other_failures: u64,
}

impl Tally {
    fn add(&mut self, o: &Outcome, expected: StatusCode) {
        match o.status {
            Some(s) if s == expected => self.ms.push(o.ms),
            Some(s) if s.is_server_error() => self.server_errors += 1,
            _ => self.other_failures += 1,
        }
    }

    fn percentile(sorted: &[f64], p: f64) -> f64 {
        if sorted.is_empty() {
            return f64::NAN;
        }
        // Nearest rank: the smallest value with at least p of them at or below it.
        let rank = (p * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    fn summary(&self) -> Value {
        let mut ms = self.ms.clone();
        ms.sort_by(f64::total_cmp);
        let round = |x: f64| (x * 10.0).round() / 10.0;
        json!({
            "ok": ms.len(),
            "server_errors": self.server_errors,
            "other_failures": self.other_failures,
            "p50_ms": round(Self::percentile(&ms, 0.50)),
            "p90_ms": round(Self::percentile(&ms, 0.90)),
            "p99_ms": round(Self::percentile(&ms, 0.99)),
            "max_ms": round(ms.last().copied().unwrap_or(f64::NAN)),
        })
    }
}

/// The server's resident memory (kB) and CPU time (s), from /proc.
fn process_figures(pid: u32) -> Option<(u64, f64)> {
    let (bytes, cpu) = app::metrics::process_figures(&pid.to_string())?;
    Some((bytes.max(0) as u64 / 1024, cpu))
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

async fn run_load(target: Arc<Target>, clients: u64, total: u64) -> anyhow::Result<Value> {
    let done = Arc::new(AtomicU64::new(0));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let t0 = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..clients {
        let (target, done, tally) = (target.clone(), done.clone(), tally.clone());
        workers.push(tokio::spawn(async move {
            let mut t = target.start().await?;
            while done.load(Ordering::Relaxed) < total {
                if t.item.is_none() {
                    t = target.start().await?;
                    continue;
                }
                let (out, next) = target.answer(&t).await;
                tally.lock().unwrap().add(&out, StatusCode::OK);
                anyhow::ensure!(
                    out.status == Some(StatusCode::OK),
                    "answer: {:?}",
                    out.status
                );
                done.fetch_add(1, Ordering::Relaxed);
                t = next;
            }
            anyhow::Ok(())
        }));
    }
    for w in workers {
        w.await??;
    }
    let seconds = t0.elapsed().as_secs_f64();
    let tally = tally.lock().unwrap();
    let answers = tally.ms.len() as f64;
    Ok(json!({
        "mode": "load",
        "clients": clients,
        "seconds": (seconds * 10.0).round() / 10.0,
        "answers_per_second": (answers / seconds).round(),
        "answers": tally.summary(),
    }))
}

async fn run_soak(
    target: Arc<Target>,
    pid: Option<u32>,
    rate: u32,
    seconds: u64,
    page_every: u64,
    result_every: u64,
) -> anyhow::Result<Value> {
    let idle: Arc<Mutex<VecDeque<Taking>>> = Arc::default();
    let finished: Arc<Mutex<Vec<Taking>>> = Arc::default();
    let answers = Arc::new(Mutex::new(Tally::default()));
    let pages = Arc::new(Mutex::new(Tally::default()));
    let results = Arc::new(Mutex::new(Tally::default()));
    let starts_failed = Arc::new(AtomicU64::new(0));
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / f64::from(rate)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let t0 = Instant::now();
    let end = t0 + Duration::from_secs(seconds);
    let mut n: u64 = 0;
    let mut next_report = t0 + Duration::from_secs(60);
    let mut tasks = tokio::task::JoinSet::new();
    while Instant::now() < end {
        // Latencies count from when the request was due, so that a late generator (or a
        // server that falls behind) shows in them rather than lowering the rate unseen.
        let due = tick.tick().await.into_std();
        n += 1;
        let (t_target, t_idle, t_finished, t_answers, t_starts_failed) = (
            target.clone(),
            idle.clone(),
            finished.clone(),
            answers.clone(),
            starts_failed.clone(),
        );
        tasks.spawn(async move {
            let taken = t_idle.lock().unwrap().pop_front();
            let t = match taken {
                Some(t) => t,
                None => match t_target.start().await {
                    Ok(t) => t,
                    Err(_) => {
                        t_starts_failed.fetch_add(1, Ordering::Relaxed);
                        return;
                    }
                },
            };
            let (mut out, next) = t_target.answer(&t).await;
            out.ms = due.elapsed().as_secs_f64() * 1000.0;
            t_answers.lock().unwrap().add(&out, StatusCode::OK);
            if out.status != Some(StatusCode::OK) {
                return;
            }
            if next.item.is_some() {
                t_idle.lock().unwrap().push_back(next);
            } else {
                t_finished.lock().unwrap().push(next);
            }
        });
        if n.is_multiple_of(page_every) {
            let (target, pages) = (target.clone(), pages.clone());
            let path = ["/", "/premiers-pas", "/confidentialite"][(n / page_every % 3) as usize];
            tasks.spawn(async move {
                let mut out = target.page(path).await;
                out.ms = due.elapsed().as_secs_f64() * 1000.0;
                pages.lock().unwrap().add(&out, StatusCode::OK);
            });
        }
        if n.is_multiple_of(result_every) {
            let done = {
                let f = finished.lock().unwrap();
                (!f.is_empty()).then(|| f[(n as usize / 7) % f.len()].clone())
            };
            if let Some(t) = done {
                let (target, results) = (target.clone(), results.clone());
                tasks.spawn(async move {
                    let mut out = target.result(&t).await;
                    out.ms = due.elapsed().as_secs_f64() * 1000.0;
                    results.lock().unwrap().add(&out, StatusCode::OK);
                });
            }
        }
        while tasks.try_join_next().is_some() {}
        if Instant::now() >= next_report {
            next_report += Duration::from_secs(60);
            let a = answers.lock().unwrap().summary();
            let rss = pid
                .and_then(process_figures)
                .map(|(kb, _)| format!(", server RSS {} MB", kb / 1024))
                .unwrap_or_default();
            eprintln!(
                "{:>4} s: {} answers, p99 {} ms, {} in flight{rss}, load average {}",
                t0.elapsed().as_secs(),
                a["ok"],
                a["p99_ms"],
                tasks.len(),
                load_average()
            );
        }
    }
    while tasks.join_next().await.is_some() {}
    let seconds = t0.elapsed().as_secs_f64();
    let a = answers.lock().unwrap();
    Ok(json!({
        "mode": "soak",
        "rate": rate,
        "seconds": seconds.round(),
        "answers_per_second": (a.ms.len() as f64 / seconds).round(),
        "answers": a.summary(),
        "pages": pages.lock().unwrap().summary(),
        "results": results.lock().unwrap().summary(),
        "starts_failed": starts_failed.load(Ordering::Relaxed),
    }))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let url = reqwest::Url::parse(&cli.url)?;
    anyhow::ensure!(
        url.scheme() == "http"
            && url.username().is_empty()
            && url.password().is_none()
            && matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")),
        "--url must be a server on this machine (http://127.0.0.1:PORT)"
    );
    let target = Arc::new(Target {
        http: Client::builder()
            .timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(1024)
            .build()?,
        base: cli.url.trim_end_matches('/').to_owned(),
    });
    let before = cli.pid.and_then(process_figures);
    let mut report = match cli.mode {
        Mode::Load { clients, answers } => run_load(target, clients, answers).await?,
        Mode::Soak {
            rate,
            seconds,
            page_every,
            result_every,
        } => run_soak(target, cli.pid, rate, seconds, page_every, result_every).await?,
    };
    report["load_average"] = json!(load_average());
    if let (Some(pid), Some((rss0, cpu0))) = (cli.pid, before)
        && let Some((rss1, cpu1)) = process_figures(pid)
    {
        let stored = report["answers"]["ok"].as_f64().unwrap_or(0.0);
        report["server_rss_kb"] = json!({"start": rss0, "end": rss1});
        report["server_cpu_ms_per_answer"] =
            json!(((cpu1 - cpu0) * 1000.0 / stored.max(1.0) * 100.0).round() / 100.0);
    }
    let a = &report["answers"];
    eprintln!(
        "{} answers/s; answer latency p50 {} ms, p90 {} ms, p99 {} ms, max {} ms; {} 5xx, {} other failures; load average {}",
        report["answers_per_second"],
        a["p50_ms"],
        a["p90_ms"],
        a["p99_ms"],
        a["max_ms"],
        a["server_errors"],
        a["other_failures"],
        report["load_average"].as_str().unwrap_or_default()
    );
    println!("{report}");
    Ok(())
}
