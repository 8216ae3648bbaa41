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

/// The write of an answer to the current item of `s` (a skip), moving it to a made-up next item.
async fn answer_write(
    app: &crate::helpers::TestApp,
    s: &crate::helpers::Started,
) -> app::db::answer_batch::AnswerWrite {
    let body: Value = app.current(s).await.json().await.unwrap();
    let now = app::db::now_ms();
    app::db::answer_batch::AnswerWrite {
        assessment_id: s.id.clone(),
        seq: 0,
        item_id: body["item"]["id"].as_str().unwrap().to_owned(),
        response: r#"{"skip":true}"#.into(),
        correct: false,
        pilot: false,
        skipped: true,
        served_at: now,
        answered_at: now,
        next: Some(format!("next-of-{}", s.id)),
        answered: 1,
        expected: 40,
        result: None,
    }
}

async fn stored(app: &crate::helpers::TestApp, id: &str) -> (i64, Option<String>) {
    let (current,): (Option<String>,) =
        sqlx::query_as("SELECT current_item FROM assessments WHERE id = $1")
            .bind(id)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    (app.stored_answers(id).await, current)
}

#[tokio::test]
async fn answers_written_together_are_each_stored_once_or_not_at_all() {
    use app::db::answer_batch::store;
    let app = spawn_app().await;
    let (a, b, c) = (app.start().await, app.start().await, app.start().await);
    let (wa, wb, wc) = (
        answer_write(&app, &a).await,
        answer_write(&app, &b).await,
        answer_write(&app, &c).await,
    );
    // C's item is replaced (as when it leaves the bank) after its answer was prepared.
    sqlx::query("UPDATE assessments SET current_item = 'replaced' WHERE id = $1")
        .bind(&c.id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let mut tx = app.state.db.begin_write().await.unwrap();
    let done = store(&mut tx, &[wa.clone(), wb.clone(), wc.clone()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(done, [true, true, false]);
    assert_eq!(stored(&app, &a.id).await, (1, wa.next.clone()));
    assert_eq!(stored(&app, &b.id).await, (1, wb.next.clone()));
    assert_eq!(stored(&app, &c.id).await, (0, Some("replaced".into())));
    // A second copy of A's answer (same number, same item) stores nothing, moves nothing.
    let mut copy = wa.clone();
    copy.response = r#"{"choice":"x"}"#.into();
    copy.next = Some("elsewhere".into());
    let mut tx = app.state.db.begin_write().await.unwrap();
    assert_eq!(store(&mut tx, &[copy]).await.unwrap(), [false]);
    tx.commit().await.unwrap();
    assert_eq!(stored(&app, &a.id).await, (1, wa.next));
}

#[tokio::test]
async fn concurrent_copies_through_the_writer_are_stored_once_per_assessment() {
    let app = spawn_app().await;
    let mut writes = Vec::new();
    for _ in 0..10 {
        let s = app.start().await;
        writes.push(answer_write(&app, &s).await);
    }
    // Four copies of each, all queued at once (this test's runtime has one thread, so every
    // task sends before the writer runs): copies land in one batch and must be split.
    let mut tasks = Vec::new();
    for _ in 0..4 {
        for w in &writes {
            let (db, w) = (app.state.db.clone(), w.clone());
            tasks.push(tokio::spawn(
                async move { db.store_answer(w).await.unwrap() },
            ));
        }
    }
    let mut accepted: std::collections::HashMap<String, usize> = Default::default();
    for (i, t) in tasks.into_iter().enumerate() {
        if t.await.unwrap() {
            *accepted
                .entry(writes[i % writes.len()].assessment_id.clone())
                .or_default() += 1;
        }
    }
    for w in &writes {
        assert_eq!(
            accepted.get(&w.assessment_id),
            Some(&1),
            "{}",
            w.assessment_id
        );
        assert_eq!(stored(&app, &w.assessment_id).await, (1, w.next.clone()));
    }
}

#[tokio::test]
async fn an_answer_the_database_refuses_fails_alone_in_its_batch() {
    let app = spawn_app().await;
    let mut writes = Vec::new();
    for _ in 0..3 {
        let s = app.start().await;
        writes.push(answer_write(&app, &s).await);
    }
    // An answer to an assessment that does not exist: the foreign key refuses it.
    let mut bad = writes[0].clone();
    bad.assessment_id = "no-such-assessment".into();
    writes.insert(1, bad);
    // All queued at once (this test's runtime has one thread): one batch on SQLite.
    let tasks: Vec<_> = writes
        .iter()
        .map(|w| {
            let (db, w) = (app.state.db.clone(), w.clone());
            tokio::spawn(async move { db.store_answer(w).await })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap());
    }
    assert!(outcomes[1].is_err(), "{:?}", outcomes[1]);
    for i in [0, 2, 3] {
        assert!(matches!(outcomes[i], Ok(true)), "{i}: {:?}", outcomes[i]);
        let w = &writes[i];
        assert_eq!(stored(&app, &w.assessment_id).await, (1, w.next.clone()));
    }
}
