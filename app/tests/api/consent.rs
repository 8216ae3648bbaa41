//! The observatory record: only with explicit consent, once, anonymous, optional fields.

use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::helpers::{assert_json_error, spawn_app};

#[tokio::test]
async fn consent_writes_one_anonymous_record_with_optional_fields() {
    let app = spawn_app().await;
    let s = app.start().await;
    let consent = |body: serde_json::Value| {
        app.api
            .post(app.url(&format!("/api/v1/assessments/{}/consent", s.id)))
            .bearer_auth(&s.token)
            .json(&body)
            .send()
    };
    // Not before the end.
    assert_json_error(consent(json!({})).await.unwrap(), StatusCode::CONFLICT).await;
    app.skip_to_the_end(&s).await;
    assert_json_error(
        consent(json!({"departement": "20"})).await.unwrap(),
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(
        consent(json!({"departement": "2A", "age_band": "35-44"}))
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_json_error(consent(json!({})).await.unwrap(), StatusCode::CONFLICT).await;

    // The record waits in the inbox until enough others come (or a day passes).
    type Waiting = (String, String, Option<String>, Option<String>, String);
    let rows: Vec<Waiting> =
        sqlx::query_as("SELECT id, month, departement, age_band, levels FROM observatory_inbox")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(rows.len(), 1);
    let (inbox_id, month, departement, age_band, levels) = rows[0].clone();
    assert_eq!(month.len(), 7, "month granularity: {month}");
    assert_eq!(
        (departement.as_deref(), age_band.as_deref()),
        (Some("2A"), Some("35-44"))
    );
    let levels: serde_json::Map<String, Value> = serde_json::from_str(&levels).unwrap();
    assert_eq!(levels.len(), 16);
    assert_ne!(inbox_id, s.id);
    let (received_at,): (i64,) = sqlx::query_as("SELECT received_at FROM observatory_inbox")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(received_at % 86_400_000, 0, "the day of arrival only");
    // Moved, it gets a fresh id: nothing in it points back to the assessment or the inbox.
    let competences = app::service::observatory::competences(&app.state);
    let moved = app::service::observatory::refresh(
        &app.state.db,
        &competences,
        app::service::observatory::Pass::Force,
        0,
    )
    .await
    .unwrap();
    assert_eq!(moved, 1);
    let ids: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT id, month, departement FROM observatory_records")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(ids.len(), 1);
    assert!(ids[0].0 != s.id && ids[0].0 != inbox_id);
    assert_eq!(
        (ids[0].1.as_str(), ids[0].2.as_deref()),
        (month.as_str(), Some("2A"))
    );
    let (levels,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM observatory_levels")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(levels, 16);
    // The inbox row leaves nothing behind, neither in the SQLite file's free space
    // (secure_delete) nor in its write-ahead log (emptied by the pass).
    if let Some(path) = app.sqlite_file() {
        for suffix in ["", "-wal"] {
            let file = format!("{}{suffix}", path.display());
            // The log may be gone; the database file must be there.
            let bytes = match std::fs::read(&file) {
                Err(e) if suffix == "-wal" && e.kind() == std::io::ErrorKind::NotFound => vec![],
                read => read.unwrap(),
            };
            assert!(
                !bytes
                    .windows(inbox_id.len())
                    .any(|w| w == inbox_id.as_bytes()),
                "the inbox id is still in {}{suffix}",
                path.display()
            );
        }
    }
}

#[tokio::test]
async fn the_consent_form_needs_the_box_ticked_and_nothing_else() {
    let app = spawn_app().await;
    let res = app.api.post(app.url("/commencer")).send().await.unwrap();
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let (id, token) = cookie
        .trim_start_matches("tremplin=")
        .split_once('.')
        .unwrap();
    let s = crate::helpers::Started {
        id: id.into(),
        token: token.into(),
    };
    app.skip_to_the_end(&s).await;
    let post = |form: &'static [(&'static str, &'static str)]| {
        app.api
            .post(app.url("/resultat/consentement"))
            .header(header::COOKIE, &cookie)
            .form(form)
            .send()
    };
    assert_eq!(
        post(&[("departement", "75")]).await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    let count = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT (SELECT COUNT(*) FROM observatory_records) + (SELECT COUNT(*) FROM observatory_inbox)")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        n
    };
    assert_eq!(count().await, 0, "no record without the box ticked");
    assert_eq!(
        post(&[("consent", "oui"), ("departement", ""), ("age_band", "")])
            .await
            .unwrap()
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(count().await, 1);
    let page = app
        .api
        .get(app.url("/resultat"))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("résumé anonyme a bien été enregistré"));
}
