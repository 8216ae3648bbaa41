//! Storage invariants: SQLite settings, server-side timing, acknowledgement after commit.

use std::time::Duration;

use app::db::Backend;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Connection;

use crate::helpers::spawn_app;

#[tokio::test]
async fn sqlite_runs_in_wal_with_full_sync_and_foreign_keys() {
    let app = spawn_app().await;
    if app.state.db.pool.connect_options().database_url.scheme() != "sqlite" {
        return; // PostgreSQL has no such settings; the same file runs there for the other tests.
    }
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let (sync,): (i64,) = sqlx::query_as("PRAGMA synchronous")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let (fk,): (i64,) = sqlx::query_as("PRAGMA foreign_keys")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let (busy,): (i64,) = sqlx::query_as("PRAGMA busy_timeout")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
    assert_eq!(sync, 2, "synchronous = FULL");
    assert_eq!(fk, 1);
    assert!(busy >= 1000);
}

#[tokio::test]
async fn the_time_spent_on_an_item_is_measured_by_the_server() {
    let app = spawn_app().await;
    let s = app.start().await;
    let body: Value = app.current(&s).await.json().await.unwrap();
    let item = body["item"]["id"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(120)).await;
    assert_eq!(
        app.answer(&s, &item, json!({"skip": true})).await.status(),
        StatusCode::OK
    );
    let (duration, served, answered): (i64, i64, i64) = sqlx::query_as(
        "SELECT duration_ms, served_at, answered_at FROM answers WHERE assessment_id = $1",
    )
    .bind(&s.id)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert!(duration >= 120, "measured {duration} ms");
    assert_eq!(duration, answered - served);
}

#[tokio::test]
async fn an_acknowledged_answer_is_visible_to_a_new_connection() {
    let app = spawn_app().await;
    let s = app.start().await;
    let body: Value = app.current(&s).await.json().await.unwrap();
    let item = body["item"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.answer(&s, &item, json!({"skip": true})).await.status(),
        StatusCode::OK
    );
    // A connection outside the server's pool sees it at once: it was committed before the reply.
    let url = app.state.db.pool.connect_options().database_url.to_string();
    let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM answers WHERE assessment_id = $1")
        .bind(&s.id)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let _ = Backend::of(&url).unwrap();
}

#[tokio::test]
async fn the_token_itself_is_never_stored() {
    let app = spawn_app().await;
    let s = app.start().await;
    let (hash,): (String,) = sqlx::query_as("SELECT token_hash FROM assessments WHERE id = $1")
        .bind(&s.id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_ne!(hash, s.token);
    assert_eq!(hash.len(), 64);
}
