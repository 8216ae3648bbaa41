//! What an operator relies on: the health and readiness probes, a backup taken while answers
//! are being stored (and restored), and a clean stop on SIGTERM.

use std::{
    process::Command,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::{Connection, Row};

use crate::helpers::{TestApp, fresh_dir, root, spawn_app, spawn_app_with};
use crate::process::ServerProcess;

/// The default retention periods.
pub(crate) const PERIODS: app::service::retention::Periods = app::service::retention::Periods {
    unfinished_days: 30,
    answers_days: 365,
    beneficiary_months: 24,
};

fn tremplin(database_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tremplin"))
        .args(args)
        .current_dir(root())
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

fn temp_path(name: &str) -> std::path::PathBuf {
    fresh_dir("tremplin-ops").join(name)
}

fn is_postgres(app: &TestApp) -> bool {
    app.database_url().starts_with("postgres")
}

#[tokio::test]
async fn the_probes_say_alive_and_ready() {
    let app = spawn_app().await;
    let res = app.get("/healthz", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ok");
    let res = app.get("/readyz", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body, json!({"status": "ready"}));
}

#[tokio::test]
async fn readiness_fails_with_a_reason_when_a_migration_is_missing() {
    let app = spawn_app().await;
    let (version,): (i64,) = sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = $1")
        .bind(version)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let res = app.get("/readyz", None).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = res.json().await.unwrap();
    let error = body["error"].as_str().unwrap();
    assert!(error.contains(&version.to_string()), "{error}");
    // The process itself is still alive.
    assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
}

/// Answers "Je ne sais pas" until the end of the assessment, noting when each answer was
/// acknowledged.
async fn answer_all(app: Arc<TestApp>, acks: Arc<Mutex<Vec<(String, String, Instant)>>>) {
    let s = app.start().await;
    let mut body: Value = app.current(&s).await.json().await.unwrap();
    while body.get("done").is_none() {
        let item = body["item"]["id"].as_str().unwrap().to_owned();
        let res = app.answer(&s, &item, json!({"skip": true})).await;
        assert_eq!(res.status(), StatusCode::OK);
        acks.lock()
            .unwrap()
            .push((s.id.clone(), item, Instant::now()));
        body = res.json().await.unwrap();
    }
}

#[tokio::test]
async fn a_backup_taken_while_answers_are_stored_holds_every_answer_acknowledged_before_it() {
    let app = Arc::new(spawn_app().await);
    let file = temp_path("sauvegarde.db");
    let path = file.to_str().unwrap().to_owned();
    if is_postgres(&app) {
        // PostgreSQL has its own tools; the command says which and changes nothing.
        let out = tremplin(app.database_url(), &["backup", "--to", &path]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
        assert!(!file.exists());
        return;
    }
    let acks = Arc::new(Mutex::new(Vec::new()));
    let load: Vec<_> = (0..4)
        .map(|_| tokio::spawn(answer_all(app.clone(), acks.clone())))
        .collect();
    while acks.lock().unwrap().len() < 40 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let started = Instant::now();
    let url = app.database_url().to_owned();
    let backup = {
        let path = path.clone();
        tokio::task::spawn_blocking(move || tremplin(&url, &["backup", "--to", &path]))
            .await
            .unwrap()
    };
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    for task in load {
        task.await.unwrap();
    }
    let acks = acks.lock().unwrap().clone();
    let before: Vec<_> = acks.iter().filter(|(_, _, at)| *at < started).collect();
    assert!(
        before.len() >= 40 && before.len() < acks.len(),
        "answers went on during the backup"
    );

    // Restore into a new database file, and look there for every answer acknowledged before.
    let restored = temp_path("restored.db");
    let restored_url = format!("sqlite://{}", restored.display());
    let out = tremplin(&restored_url, &["restore", "--from", &path]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut conn = sqlx::AnyConnection::connect(&restored_url).await.unwrap();
    let verdict: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
    assert_eq!(verdict, "ok");
    let mut missing = Vec::new();
    for (assessment, item, _) in &before {
        let found: i64 =
            sqlx::query("SELECT COUNT(*) FROM answers WHERE assessment_id = $1 AND item_id = $2")
                .bind(assessment)
                .bind(item)
                .fetch_one(&mut conn)
                .await
                .unwrap()
                .get(0);
        if found != 1 {
            missing.push(format!("{assessment}/{item}"));
        }
    }
    assert!(missing.is_empty(), "lost in the backup: {missing:?}");

    // Restoring again over that database keeps it aside rather than deleting it.
    let out = tremplin(&restored_url, &["restore", "--from", &path]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kept = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(kept.contains("kept as"), "{kept}");
    let aside = std::fs::read_dir(restored.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".before-restore-"))
        .count();
    assert!(aside >= 1, "the replaced database is kept");

    // A backup never creates a database: a wrong DATABASE_URL is an error, and nothing appears.
    let missing = temp_path("absente.db");
    let out = tremplin(
        &format!("sqlite://{}", missing.display()),
        &["backup", "--to", temp_path("b.db").to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such database"));
    assert!(!missing.exists());

    // A second backup to the same file is refused, and the first is left as it was.
    let size = std::fs::metadata(&file).unwrap().len();
    let out = tremplin(app.database_url(), &["backup", "--to", &path]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));
    assert_eq!(std::fs::metadata(&file).unwrap().len(), size);
}

#[tokio::test]
async fn restore_refuses_a_file_that_is_not_a_tremplin_backup_and_changes_nothing() {
    let app = spawn_app().await;
    if is_postgres(&app) {
        let out = tremplin(app.database_url(), &["restore", "--from", "nothing.db"]);
        assert_eq!(out.status.code(), Some(2));
        return;
    }
    let s = app.start().await;
    let bogus = temp_path("pas-une-sauvegarde.db");
    std::fs::write(&bogus, "ceci n'est pas une base de données").unwrap();
    let out = tremplin(
        app.database_url(),
        &["restore", "--from", bogus.to_str().unwrap()],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pas-une-sauvegarde.db"), "{stderr}");
    // The served database is untouched.
    assert_eq!(app.current(&s).await.status(), StatusCode::OK);
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let db = temp_path("stop.db");
    let server = ServerProcess::start(&format!("sqlite://{}", db.display()), &[]);
    let (status, lines) = server.terminate();
    assert!(status.success(), "exit status {status}");
    assert!(
        lines.iter().any(|l| l.contains("stop requested")),
        "{lines:?}"
    );
}

#[tokio::test]
async fn retention_deletes_old_unfinished_tests_and_old_answers_but_keeps_results() {
    use app::service::retention;
    const DAY: i64 = 24 * 60 * 60 * 1000;
    let app = spawn_app().await;
    let (old_unfinished, young_unfinished, old_finished) =
        (app.start().await, app.start().await, app.start().await);
    for s in [&old_unfinished, &young_unfinished] {
        let body: Value = app.current(s).await.json().await.unwrap();
        let item = body["item"]["id"].as_str().unwrap().to_owned();
        assert_eq!(
            app.answer(s, &item, json!({"skip": true})).await.status(),
            StatusCode::OK
        );
    }
    let served = app.skip_to_the_end(&old_finished).await;
    let age = |id: &str, column: &'static str, days: i64| {
        let pool = app.state.db.pool.clone();
        let id = id.to_owned();
        async move {
            sqlx::query(&format!(
                "UPDATE assessments SET {column} = {column} - $1 WHERE id = $2"
            ))
            .bind(days * DAY)
            .bind(id)
            .execute(&pool)
            .await
            .unwrap();
        }
    };
    age(&old_unfinished.id, "created_at", 31).await;
    age(&young_unfinished.id, "created_at", 29).await;
    age(&old_finished.id, "finished_at", 366).await;

    let now = app::db::now_ms();
    let purged = retention::run_once(&app.state.db, PERIODS, now)
        .await
        .unwrap();
    assert_eq!(purged.unfinished, 1);
    assert_eq!(purged.answers, served as u64);
    assert_eq!(
        app.current(&old_unfinished).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.stored_answers(&old_unfinished.id).await, 0);
    assert_eq!(
        app.current(&young_unfinished).await.status(),
        StatusCode::OK
    );
    assert_eq!(app.stored_answers(&young_unfinished.id).await, 1);
    assert_eq!(app.stored_answers(&old_finished.id).await, 0);
    assert_eq!(
        app.result(&old_finished).await.status(),
        StatusCode::OK,
        "the result stays"
    );
    // A second pass finds nothing more to delete.
    let again = retention::run_once(&app.state.db, PERIODS, now)
        .await
        .unwrap();
    assert_eq!(again, retention::Purged::default());
}

#[tokio::test]
async fn metrics_count_answers_time_routes_and_show_the_pool_when_switched_on() {
    let off = spawn_app().await;
    assert_eq!(
        off.get("/metrics", None).await.status(),
        StatusCode::NOT_FOUND,
        "off by default"
    );

    let app = spawn_app_with(|s| s.metrics = true).await;
    let s = app.start().await;
    let body: Value = app.current(&s).await.json().await.unwrap();
    let item = body["item"]["id"].as_str().unwrap().to_owned();
    let res = app.answer(&s, &item, json!({"skip": true})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.answer(&s, &item, json!({"skip": true})).await;
    assert!(res.status().is_client_error(), "the same answer twice");
    // A page, a mediators' route (signed out: sent to sign in), a method nobody uses.
    assert_eq!(app.get("/", None).await.status(), StatusCode::OK);
    assert_eq!(
        app.get("/mediation", None).await.status(),
        StatusCode::SEE_OTHER
    );
    let odd = reqwest::Method::from_bytes(b"RANDOM123").unwrap();
    let res = app
        .api
        .request(odd, app.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    let res = app.get("/metrics", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()[reqwest::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let text = res.text().await.unwrap();
    let route = r#"route="/api/v1/assessments/{id}/answers""#;
    for expected in [
        "tremplin_answers_total 1\n".to_owned(),
        format!(r#"tremplin_http_responses_total{{method="POST",{route},status="2xx"}} 1"#),
        format!(r#"tremplin_http_responses_total{{method="POST",{route},status="4xx"}} 1"#),
        format!(r#"tremplin_http_request_duration_seconds_count{{method="POST",{route}}} 2"#),
        "# TYPE tremplin_db_connections_open gauge".to_owned(),
        r#"tremplin_http_responses_total{method="GET",route="/",status="2xx"} 1"#.to_owned(),
        r#"tremplin_http_responses_total{method="GET",route="/mediation",status="3xx"} 1"#
            .to_owned(),
        r#"tremplin_http_responses_total{method="other",route="/healthz",status="4xx"} 1"#
            .to_owned(),
    ] {
        assert!(text.contains(&expected), "{expected} in:\n{text}");
    }
    // Routes are patterns and methods a fixed set: no id, nothing a client made up.
    assert!(
        !text.contains(&s.id) && !text.contains("RANDOM123"),
        "{text}"
    );
    let open: i64 = text
        .lines()
        .find_map(|l| l.strip_prefix("tremplin_db_connections_open "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(open >= 1, "{text}");
    // The process (this test's, where the server runs) and the build.
    let figure = |name: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
            .unwrap_or_else(|| panic!("{name} in:\n{text}"))
            .parse()
            .unwrap()
    };
    assert!(
        figure("tremplin_process_resident_memory_bytes") > 1e6,
        "{text}"
    );
    assert!(figure("tremplin_process_cpu_seconds_total") > 0.0, "{text}");
    let started = figure("tremplin_process_start_time_seconds");
    let now = app::db::now_ms() as f64 / 1000.0;
    assert!(started <= now && started > now - 3600.0, "{text}");
    let build = format!(
        r#"tremplin_build_info{{version="{}",bank_version="{}"}} 1"#,
        env!("CARGO_PKG_VERSION"),
        app.state.catalog.version
    );
    assert!(text.contains(&build), "{build} in:\n{text}");
}

#[test]
fn json_logs_put_each_line_in_json_with_the_request_id() {
    use std::io::{Read, Write};
    let db = temp_path("json-logs.db");
    let server = ServerProcess::start(
        &format!("sqlite://{}", db.display()),
        &[
            ("TREMPLIN_LOG_FORMAT", "json"),
            ("RUST_LOG", "info,tower_http=debug"),
        ],
    );
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: x\r\nx-request-id: 0123456789abcdef\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    // Stopped, its output has ended: every line it wrote is read.
    let (_, lines) = server.terminate();
    let lines: Vec<Value> = lines
        .iter()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert!(
        lines
            .iter()
            .all(|v| v["timestamp"].is_string() && v["level"].is_string()),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|v| v["span"]["id"] == "0123456789abcdef" && v["span"]["path"] == "/healthz"),
        "a JSON line in the request's span, with its id: {lines:?}"
    );
}
