//! The server binary under real failures, on SQLite and on PostgreSQL alike: killed with
//! SIGKILL at random moments while clients answer (every acknowledged answer survives, the
//! numbering has no gap, the SQLite file is sound), and two instances on one database (each
//! answer accepted once, whichever instance the copies reach).

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::Duration,
};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sqlx::{AnyConnection, Connection, Row};

use crate::helpers::FreshDb;
use crate::process::ServerProcess;

/// Starts are not what these tests measure: the limit is raised out of the way.
const ENV: &[(&str, &str)] = &[
    ("TREMPLIN_STARTS_PER_MINUTE", "100000"),
    ("TREMPLIN_STARTS_BURST", "10000"),
];

/// An assessment being taken through the API.
#[derive(Clone, Debug)]
struct Taking {
    id: String,
    token: String,
    /// The item to answer, `None` once finished.
    item: Option<String>,
}

fn http() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

async fn start(http: &Client, base: &str) -> reqwest::Result<Taking> {
    let res = http
        .post(format!("{base}/api/v1/assessments"))
        .json(&json!({"path": "citizen"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await?;
    let t = Taking {
        id: body["id"].as_str().unwrap().to_owned(),
        token: body["token"].as_str().unwrap().to_owned(),
        item: None,
    };
    current(http, base, t).await
}

/// The assessment with the item the server says is current now.
async fn current(http: &Client, base: &str, mut t: Taking) -> reqwest::Result<Taking> {
    let res = http
        .get(format!("{base}/api/v1/assessments/{}/current", t.id))
        .bearer_auth(&t.token)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await?;
    t.item = body["item"]["id"].as_str().map(str::to_owned);
    Ok(t)
}

async fn post_answer(
    http: &Client,
    base: &str,
    t: &Taking,
    item: &str,
) -> reqwest::Result<(StatusCode, Value)> {
    let res = http
        .post(format!("{base}/api/v1/assessments/{}/answers", t.id))
        .bearer_auth(&t.token)
        .json(&json!({"item_id": item, "response": {"skip": true}}))
        .send()
        .await?;
    let status = res.status();
    Ok((status, res.json().await.unwrap_or(Value::Null)))
}

/// A small deterministic generator (xorshift), seeded from the clock or `TREMPLIN_CRASH_SEED`.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// What the clients saw: the answers the server acknowledged, and any reply that should not
/// have come (a crash shows as a failed connection, never as an error status).
#[derive(Default)]
struct Seen {
    acked: Mutex<Vec<(String, String)>>,
    count: AtomicUsize,
    unexpected: Mutex<Vec<String>>,
}

/// One client: takes up its assessment where the server left it (an answer stored but not
/// acknowledged before a crash moves it on), answers until stopped or cut off, and returns it.
async fn client(
    http: Client,
    base: String,
    taking: Option<Taking>,
    seen: Arc<Seen>,
    stop: Arc<AtomicBool>,
) -> Option<Taking> {
    let resumed = match taking.clone() {
        Some(t) => current(&http, &base, t).await,
        None => start(&http, &base).await,
    };
    let Ok(mut t) = resumed else { return taking };
    while !stop.load(Ordering::Relaxed) {
        let Some(item) = t.item.clone() else {
            match start(&http, &base).await {
                Ok(new) => t = new,
                Err(_) => break,
            }
            continue;
        };
        match post_answer(&http, &base, &t, &item).await {
            Ok((StatusCode::OK, body)) => {
                seen.acked.lock().unwrap().push((t.id.clone(), item));
                seen.count.fetch_add(1, Ordering::Relaxed);
                t.item = body["item"]["id"].as_str().map(str::to_owned);
            }
            Ok((status, body)) => {
                seen.unexpected
                    .lock()
                    .unwrap()
                    .push(format!("{status} {body}"));
                break;
            }
            // The server is gone.
            Err(_) => break,
        }
    }
    Some(t)
}

/// Waits until `n` more answers are acknowledged (at most 30 s).
async fn wait_for_answers(seen: &Seen, n: usize) {
    let target = seen.count.load(Ordering::Relaxed) + n;
    for _ in 0..600 {
        if seen.count.load(Ordering::Relaxed) >= target {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("fewer than {n} answers in 30 s");
}

/// Per assessment: stored answers, lowest and highest number, and the `answered` counter.
async fn numbering(url: &str) -> Vec<(String, i64, i64, i64, i64)> {
    let mut conn = AnyConnection::connect(url).await.unwrap();
    sqlx::query(
        "SELECT a.id, COUNT(x.seq), COALESCE(MIN(x.seq), 0), COALESCE(MAX(x.seq), -1), a.answered \
         FROM assessments a LEFT JOIN answers x ON x.assessment_id = a.id \
         GROUP BY a.id, a.answered",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
    .collect()
}

fn assert_no_gaps(rows: &[(String, i64, i64, i64, i64)]) {
    for (id, count, min, max, answered) in rows {
        if *count > 0 {
            assert_eq!((*min, *max), (0, count - 1), "numbering of {id}");
        }
        assert_eq!(answered, count, "the counter of {id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn answers_acknowledged_before_a_sigkill_are_all_stored() {
    let kills: usize = std::env::var("TREMPLIN_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6);
    let seed = std::env::var("TREMPLIN_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("crash test: {kills} kills, TREMPLIN_CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let db = FreshDb::new().await;
    let seen = Arc::new(Seen::default());
    let mut takings: Vec<Option<Taking>> = vec![None; 8];
    for round in 0..=kills {
        let server = ServerProcess::start(db.url(), ENV);
        let stop = Arc::new(AtomicBool::new(false));
        let clients: Vec<_> = takings
            .drain(..)
            .map(|t| {
                tokio::spawn(client(
                    http(),
                    server.base.clone(),
                    t,
                    seen.clone(),
                    stop.clone(),
                ))
            })
            .collect();
        // Under load, then at a random moment within the next 400 ms.
        wait_for_answers(&seen, 20).await;
        tokio::time::sleep(Duration::from_millis(rng.below(400))).await;
        if round == kills {
            stop.store(true, Ordering::Relaxed);
        }
        // The last round is killed too, once its clients stopped: the checks read the files
        // as a crash left them.
        if round < kills {
            server.kill();
        }
        for c in clients {
            takings.push(c.await.unwrap());
        }
    }
    let unexpected = seen.unexpected.lock().unwrap().clone();
    assert!(unexpected.is_empty(), "unexpected replies: {unexpected:?}");

    let acked = seen.acked.lock().unwrap().clone();
    let mut conn = AnyConnection::connect(db.url()).await.unwrap();
    let stored: Vec<(String, String)> = sqlx::query("SELECT assessment_id, item_id FROM answers")
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let stored_set: std::collections::HashSet<_> = stored.iter().collect();
    let lost: Vec<_> = acked.iter().filter(|a| !stored_set.contains(a)).collect();
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
    assert_no_gaps(&numbering(db.url()).await);
    if db.url().starts_with("sqlite") {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(check, "ok");
    }
    eprintln!(
        "crash test: {kills} SIGKILLs, {} answers acknowledged, {} stored, 0 lost",
        acked.len(),
        stored.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_database_accept_each_answer_once() {
    let db = FreshDb::new().await;
    let a = ServerProcess::start(db.url(), ENV);
    let b = ServerProcess::start(db.url(), ENV);
    let (a, b) = (a.base.clone(), b.base.clone());
    let mut tasks = Vec::new();
    for n in 0..6 {
        let (a, b) = (a.clone(), b.clone());
        tasks.push(tokio::spawn(async move {
            let http = http();
            let mut t = start(&http, if n % 2 == 0 { &a } else { &b })
                .await
                .unwrap();
            let mut accepted = 0;
            let mut statuses: HashMap<u16, usize> = HashMap::new();
            while let Some(item) = t.item.clone() {
                // Two copies of the same answer to each instance, at once.
                let (r1, r2, r3, r4) = tokio::join!(
                    post_answer(&http, &a, &t, &item),
                    post_answer(&http, &b, &t, &item),
                    post_answer(&http, &a, &t, &item),
                    post_answer(&http, &b, &t, &item),
                );
                let replies = [r1.unwrap(), r2.unwrap(), r3.unwrap(), r4.unwrap()];
                for (s, _) in &replies {
                    *statuses.entry(s.as_u16()).or_default() += 1;
                }
                let ok: Vec<_> = replies
                    .iter()
                    .filter(|(s, _)| *s == StatusCode::OK)
                    .collect();
                assert_eq!(ok.len(), 1, "exactly one copy accepted: {replies:?}");
                assert!(
                    replies
                        .iter()
                        .all(|(s, _)| *s == StatusCode::OK || *s == StatusCode::CONFLICT),
                    "the others refused as conflicts: {replies:?}"
                );
                accepted += 1;
                // Both instances agree on what comes next.
                let next = ok[0].1["item"]["id"].as_str().map(str::to_owned);
                let on_a = current(&http, &a, t.clone()).await.unwrap();
                let on_b = current(&http, &b, t.clone()).await.unwrap();
                assert_eq!((&on_a.item, &on_b.item), (&next, &next));
                t = on_a;
            }
            (t.id, accepted, statuses)
        }));
    }
    let mut accepted_by_id = HashMap::new();
    let mut races = 0;
    for task in tasks {
        let (id, accepted, statuses) = task.await.unwrap();
        races += accepted;
        eprintln!("{id}: {accepted} answers, replies by status {statuses:?}");
        accepted_by_id.insert(id, accepted as i64);
    }
    let rows = numbering(db.url()).await;
    assert_no_gaps(&rows);
    assert_eq!(rows.len(), 6);
    for (id, count, ..) in &rows {
        assert_eq!(
            Some(count),
            accepted_by_id.get(id),
            "stored answers of {id}"
        );
    }
    eprintln!("two instances: {races} answers raced in 4 copies each, each stored once");
}
