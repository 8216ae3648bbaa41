//! The observatory's records and published tables: records move in batches, the tables come
//! from the rollups, and no published count is small or can be worked out from the others.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, assert_json_error, spawn_app};

/// Puts `n` consented records in the inbox, as the consent does, at time `at`.
async fn consented(app: &TestApp, n: usize, departement: Option<&str>, age: &str, at: i64) {
    let levels: Vec<(String, u8)> = app::service::observatory::competences(&app.state)
        .into_iter()
        .enumerate()
        .map(|(i, c)| (c, (i % 5) as u8))
        .collect();
    for _ in 0..n {
        let mut tx = app.state.db.begin_write().await.unwrap();
        app::db::observatory::insert(
            &mut tx,
            &app::db::observatory::NewRecord {
                id: &app::service::token::new_id().unwrap(),
                received_at: at,
                path: "citizen",
                month: "2026-11",
                cog_year: 2026,
                departement,
                age_band: Some(age),
                framework_version: "test",
                levels: &levels,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
}

async fn refresh(app: &TestApp, force: bool, now: i64) -> i64 {
    let competences = app::service::observatory::competences(&app.state);
    app::service::observatory::refresh(&app.state.db, &competences, force, now)
        .await
        .unwrap()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    n
}

async fn table(app: &TestApp, name: &str) -> Value {
    let res = app
        .get(&format!("/api/v1/observatory/tables/{name}"), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{name}");
    res.json().await.unwrap()
}

/// The count of the cell whose dimension `key` is `value` (first competence).
fn count_of(t: &Value, key: &str, value: &str) -> Option<i64> {
    t["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["dimensions"][key] == value)
        .unwrap_or_else(|| panic!("a cell {key}={value}"))["count"]
        .as_i64()
}

#[tokio::test]
async fn the_tables_are_listed_and_served_from_the_start() {
    let app = spawn_app().await;
    let list: Value = app
        .get("/api/v1/observatory/tables", None)
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = list["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "niveaux-national",
            "niveaux-regions",
            "niveaux-departements",
            "niveaux-ages"
        ]
    );
    assert!(list["rule"].as_str().unwrap().contains("11"));
    for name in names {
        let t = table(&app, name).await;
        assert_eq!(t["min_count"], 11);
        assert!(!t["cells"].as_array().unwrap().is_empty(), "{name}");
    }
    // 18 régions × 16 competences; 101 départements × 16.
    assert_eq!(
        table(&app, "niveaux-regions").await["cells"]
            .as_array()
            .unwrap()
            .len(),
        18 * 16
    );
    assert_eq!(
        table(&app, "niveaux-departements").await["cells"]
            .as_array()
            .unwrap()
            .len(),
        101 * 16
    );
    let res = app.get("/api/v1/observatory/tables/personnes", None).await;
    assert_json_error(res, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn records_move_in_batches_or_after_a_day_under_fresh_ids() {
    let app = spawn_app().await;
    let now = app::db::now_ms();
    consented(&app, 5, Some("35"), "25-34", now).await;
    assert_eq!(refresh(&app, false, now).await, 0, "5 wait for more");
    assert_eq!(
        (
            count(&app, "observatory_inbox").await,
            count(&app, "observatory_records").await
        ),
        (5, 0)
    );
    let day = 24 * 60 * 60 * 1000;
    assert_eq!(
        refresh(&app, false, now + day).await,
        5,
        "a day later they go"
    );
    assert_eq!(
        (
            count(&app, "observatory_inbox").await,
            count(&app, "observatory_records").await
        ),
        (0, 5)
    );
    consented(&app, 20, Some("35"), "25-34", now).await;
    assert_eq!(refresh(&app, false, now).await, 20, "20 go at once");
    assert_eq!(count(&app, "observatory_records").await, 25);
    assert_eq!(count(&app, "observatory_levels").await, 25 * 16);
    let t = table(&app, "niveaux-national").await;
    assert_eq!(count_of(&t, "competence", "1.1"), Some(25));
}

#[tokio::test]
async fn small_counts_are_hidden_and_cannot_be_worked_out_from_the_region() {
    let app = spawn_app().await;
    let now = app::db::now_ms();
    // Bretagne (53): 25 people in Ille-et-Vilaine (35), 3 in Côtes-d'Armor (22), nobody in the
    // Finistère or the Morbihan; 14 more in Paris, 2 who gave no département.
    consented(&app, 13, Some("35"), "25-34", now).await;
    consented(&app, 12, Some("35"), "55-64", now).await;
    consented(&app, 3, Some("22"), "75+", now).await;
    consented(&app, 14, Some("75"), "25-34", now).await;
    consented(&app, 2, None, "16-24", now).await;
    assert_eq!(refresh(&app, false, now).await, 44);

    let national = table(&app, "niveaux-national").await;
    let regions = table(&app, "niveaux-regions").await;
    let departements = table(&app, "niveaux-departements").await;
    let ages = table(&app, "niveaux-ages").await;
    for t in [&national, &regions, &departements, &ages] {
        for cell in t["cells"].as_array().unwrap() {
            match cell["count"].as_i64() {
                Some(n) => {
                    assert!(n == 0 || n >= 11, "{cell}");
                    if n > 0 {
                        let shares = cell["shares"].as_array().unwrap();
                        assert_eq!(shares.len(), 9);
                        let sum: f64 = shares.iter().map(|s| s.as_f64().unwrap()).sum();
                        assert!((sum - 1.0).abs() < 0.05, "{cell}");
                    }
                }
                None => assert!(cell["shares"].is_null() && cell["at_least_basic"].is_null()),
            }
        }
    }
    assert_eq!(count_of(&departements, "departement", "22"), None);
    assert_eq!(count_of(&departements, "departement", "29"), Some(0));
    assert_eq!(count_of(&departements, "departement", "56"), Some(0));
    // The région minus Ille-et-Vilaine would give the Côtes-d'Armor's 3: one of them is hidden.
    let bretagne = count_of(&regions, "region", "53");
    let ille = count_of(&departements, "departement", "35");
    assert!(
        bretagne.is_none() || ille.is_none(),
        "{bretagne:?} {ille:?}"
    );
    // The 75+ band holds the 3 as well: hidden, and so is another band or the total.
    assert_eq!(count_of(&ages, "age_band", "75+"), None);
    // Levels: every record has competence 1.1 at level 0 (see `consented`): wherever a count is
    // published, all its people are at level 0 and none at "at least basic".
    let mut shown = 0;
    for t in [&national, &regions, &departements, &ages] {
        for cell in t["cells"].as_array().unwrap() {
            if cell["dimensions"]["competence"] == "1.1" && cell["count"].as_i64() > Some(0) {
                assert_eq!(cell["shares"][0], 1.0, "{cell}");
                assert_eq!(cell["at_least_basic"], 0.0, "{cell}");
                shown += 1;
            }
        }
    }
    assert!(shown >= 1, "some count is published");
}

#[tokio::test]
async fn the_document_names_exactly_the_published_tables() {
    let app = spawn_app().await;
    let doc: Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let names = &doc["components"]["schemas"]["TableName"]["enum"];
    let expected: Vec<&str> = app::service::observatory::tables::TABLES
        .iter()
        .map(|(n, ..)| *n)
        .collect();
    assert_eq!(names, &serde_json::json!(expected));
}
