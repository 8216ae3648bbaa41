//! The observatory's records and published tables: records move in batches, the tables come
//! from the rollups, and no published count is small or can be worked out from the others.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, assert_json_error, spawn_app};

/// A closed month (released) and the current one (not yet).
const CLOSED: &str = "2026-10";

/// Puts `n` consented records of `month` in the inbox, as the consent does, at time `at`.
async fn consented_in(
    app: &TestApp,
    month: &str,
    n: usize,
    departement: Option<&str>,
    age: &str,
    at: i64,
) {
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
                month,
                cog_year: 2026,
                departement,
                age_band: Some(age),
                framework_version: "test",
                levels: &levels,
                beginner: None,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
}

async fn consented(app: &TestApp, n: usize, departement: Option<&str>, age: &str, at: i64) {
    consented_in(app, CLOSED, n, departement, age, at).await
}

async fn refresh(app: &TestApp, pass: app::service::observatory::Pass, now: i64) -> i64 {
    let competences = app::service::observatory::competences(&app.state);
    app::service::observatory::refresh(&app.state.db, &competences, pass, now)
        .await
        .unwrap()
}

use app::service::observatory::Pass;

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

/// The count of the cell of the closed month whose dimension `key` is `value` (first
/// competence).
fn count_of(t: &Value, key: &str, value: &str) -> Option<i64> {
    t["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["dimensions"][key] == value && c["dimensions"]["month"] == CLOSED)
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
            "niveaux-ages",
            "orientations-national",
            "orientations-regions"
        ]
    );
    assert!(list["rule"].as_str().unwrap().contains("11"));
    for name in &names {
        let t = table(&app, name).await;
        assert_eq!(t["min_count"], 11);
        assert_eq!(t["dimensions"][0], "month");
        let cells = t["cells"].as_array().unwrap();
        assert!(cells.is_empty(), "{name}: no month released yet");
    }
    // One closed month: 18 régions × 16 competences; 101 départements × 16.
    consented(&app, 1, Some("35"), "25-34", 0).await;
    refresh(&app, Pass::Force, app::db::now_ms()).await;
    let cells = |t: Value| t["cells"].as_array().unwrap().len();
    assert_eq!(cells(table(&app, "niveaux-regions").await), 18 * 16);
    assert_eq!(cells(table(&app, "niveaux-departements").await), 101 * 16);
    let res = app.get("/api/v1/observatory/tables/personnes", None).await;
    assert_json_error(res, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn records_move_in_batches_or_after_a_day_under_fresh_ids() {
    let app = spawn_app().await;
    let now = app::db::now_ms();
    let month = app::service::assessment::month_of(now);
    consented_in(&app, &month, 5, Some("35"), "25-34", now).await;
    assert_eq!(
        refresh(&app, Pass::AfterConsent, now).await,
        0,
        "5 wait for more"
    );
    assert_eq!(refresh(&app, Pass::Daily, now).await, 0, "for a day");
    assert_eq!(
        (
            count(&app, "observatory_inbox").await,
            count(&app, "observatory_records").await
        ),
        (5, 0)
    );
    // The inbox keeps the day of arrival only: they go at the first pass from the next
    // midnight (UTC) on.
    let day = 24 * 60 * 60 * 1000;
    let midnight = now - now.rem_euclid(day) + day;
    assert_eq!(
        refresh(&app, Pass::Daily, midnight - 1).await,
        0,
        "not before the day of arrival ends"
    );
    assert_eq!(
        refresh(&app, Pass::AfterConsent, midnight).await,
        5,
        "from midnight, any pass moves them"
    );
    assert_eq!(
        (
            count(&app, "observatory_inbox").await,
            count(&app, "observatory_records").await
        ),
        (0, 5)
    );
    consented_in(&app, &month, 20, Some("35"), "25-34", now).await;
    assert_eq!(
        refresh(&app, Pass::AfterConsent, now).await,
        20,
        "20 go at once"
    );
    assert_eq!(count(&app, "observatory_records").await, 25);
    assert_eq!(count(&app, "observatory_levels").await, 25 * 16);
    // Released once the month is closed, with everything moved meanwhile.
    refresh(&app, Pass::Daily, now + 40 * day).await;
    let t = table(&app, "niveaux-national").await;
    let cell = t["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["dimensions"]["month"] == month.as_str())
        .unwrap()
        .clone();
    assert_eq!(cell["count"], 25);
}

#[tokio::test]
async fn small_counts_are_hidden_and_cannot_be_worked_out_from_the_region() {
    let app = spawn_app().await;
    let now = app::db::now_ms();
    // Bretagne (53): 25 people in Ille-et-Vilaine (35), 3 in Côtes-d'Armor (22), nobody in the
    // Finistère or the Morbihan; 14 more in Paris, 12 who gave no département (fewer would be
    // protected too).
    consented(&app, 13, Some("35"), "25-34", now).await;
    consented(&app, 12, Some("35"), "55-64", now).await;
    consented(&app, 3, Some("22"), "75+", now).await;
    consented(&app, 14, Some("75"), "25-34", now).await;
    consented(&app, 12, None, "16-24", now).await;
    assert_eq!(refresh(&app, Pass::AfterConsent, now).await, 54);
    // The daily pass releases the closed month.
    refresh(&app, Pass::Daily, now).await;

    let national = table(&app, "niveaux-national").await;
    let regions = table(&app, "niveaux-regions").await;
    let departements = table(&app, "niveaux-departements").await;
    let ages = table(&app, "niveaux-ages").await;
    for t in [&national, &regions, &departements, &ages] {
        for cell in t["cells"].as_array().unwrap() {
            if let Some(n) = cell["count"].as_i64() {
                assert!(n == 0 || n >= 11, "{cell}");
            }
            if cell["count"].is_null() {
                assert!(
                    cell["shares"].is_null() && cell["at_least_basic"].is_null(),
                    "{cell}"
                );
            }
            // Shares for the country and the régions; by département and age band, counts.
            if t["name"] == "niveaux-departements" || t["name"] == "niveaux-ages" {
                assert!(
                    cell["shares"].is_null() && cell["at_least_basic"].is_null(),
                    "{cell}"
                );
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
    // Levels: competence i is at level i % 5 for everyone (see `consented`): nationally, 54 at
    // one level, none elsewhere, and "at least basic" is 0 for the first competence.
    let first = national["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["dimensions"]["competence"] == "1.1")
        .unwrap();
    assert_eq!(first["count"], 54);
    assert_eq!(first["shares"][0], 1.0);
    assert_eq!(first["shares"][1], 0.0);
    assert_eq!(first["at_least_basic"], 0.0);
}

#[tokio::test]
async fn a_month_is_released_once_closed_and_never_revised() {
    let app = spawn_app().await;
    let now = app::db::now_ms();
    let current = app::service::assessment::month_of(now);
    consented_in(&app, &current, 30, Some("35"), "25-34", now).await;
    consented(&app, 30, Some("35"), "25-34", now).await;
    refresh(&app, Pass::Daily, now).await;
    let t = table(&app, "niveaux-national").await;
    let months: std::collections::BTreeSet<&str> = t["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["dimensions"]["month"].as_str().unwrap())
        .collect();
    assert_eq!(
        months,
        [CLOSED].into(),
        "the current month waits for its end"
    );
    assert_eq!(count_of(&t, "competence", "1.1"), Some(30));
    // A late record of the closed month changes nothing released.
    consented(&app, 25, Some("35"), "25-34", now).await;
    refresh(&app, Pass::Daily, now).await;
    assert_eq!(
        count_of(&table(&app, "niveaux-national").await, "competence", "1.1"),
        Some(30)
    );
    // Once the current month closes, it is released too.
    let later = now + 40 * 24 * 60 * 60 * 1000;
    refresh(&app, Pass::Daily, later).await;
    let t = table(&app, "niveaux-national").await;
    let current_count = t["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["dimensions"]["month"] == current.as_str())
        .map(|c| c["count"].clone());
    assert_eq!(current_count, Some(serde_json::json!(30)));
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
    let expected: Vec<&str> = app::service::observatory::tables::public_tables()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, &serde_json::json!(expected));
}

/// A page of the site (HTML) and its status.
async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let res = app.get(path, None).await;
    let status = res.status();
    (status, res.text().await.unwrap())
}

#[tokio::test]
async fn the_public_pages_show_the_published_month_with_a_map_and_its_table() {
    let app = spawn_app().await;
    let (status, body) = page(&app, "/observatoire").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Aucun mois n'est encore publié"), "{body}");

    let now = app::db::now_ms();
    consented(&app, 30, Some("35"), "25-34", now).await;
    consented(&app, 12, Some("29"), "25-34", now).await;
    refresh(&app, Pass::Force, now).await;
    let (status, body) = page(&app, "/observatoire?competence=1.2&mois=2026-10").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("octobre 2026"), "{body}");
    assert!(body.contains("42 personnes mesurées"), "{body}");
    // Competence 1.2 is at level 1 for everyone (see `consented`): 100 % at level 1 or above.
    assert!(
        body.contains("100\u{202f}% ont au moins le niveau 1"),
        "{body}"
    );
    // The map: an outline per département, Ille-et-Vilaine coloured with its région's share.
    assert_eq!(body.matches(r#"class="dep""#).count(), 101);
    assert!(
        body.contains("<title>35 Ille-et-Vilaine (Bretagne) : 100\u{202f}%</title>"),
        "{body}"
    );
    assert!(body.contains(r#"role="img" aria-labelledby="carte-titre""#));
    // Its table says the same.
    assert!(
        body.contains(
            "<th scope=\"row\">35 Ille-et-Vilaine</th><td>30</td><td>Bretagne</td><td>100\u{202f}%</td>"
        ),
        "{body}"
    );

    for bad in ["/observatoire?competence=9.9", "/observatoire?mois=1999-01"] {
        let (status, body) = page(&app, bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(body.contains("Choisissez"), "{body}");
    }
    let (status, body) = page(&app, "/observatoire/methode").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("de 1 à 10 personnes"), "{body}");

    // A new release shows at once: the tables the page parsed before are read again.
    let current = app::service::assessment::month_of(now);
    consented_in(&app, &current, 30, Some("35"), "25-34", now).await;
    refresh(&app, Pass::Daily, now + 40 * 24 * 60 * 60 * 1000).await;
    let (status, body) = page(&app, "/observatoire?competence=1.2").await;
    assert_eq!(status, StatusCode::OK);
    let label = app::pages::observatory::month_label(&current);
    assert!(body.contains(&label), "{label} in {body}");
}

#[tokio::test]
async fn every_table_is_open_data_in_csv_with_its_table_schema() {
    let app = spawn_app().await;
    let now = app::db::now_ms();
    consented(&app, 30, Some("35"), "25-34", now).await;
    consented(&app, 3, Some("22"), "25-34", now).await;
    refresh(&app, Pass::Force, now).await;
    let (status, body) = page(&app, "/observatoire/donnees").await;
    assert_eq!(status, StatusCode::OK);
    for (name, _) in app::service::observatory::tables::public_tables() {
        assert!(
            body.contains(&format!("/observatoire/donnees/{name}.csv")),
            "{name}"
        );
        let res = app
            .get(&format!("/observatoire/donnees/{name}.csv"), None)
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = res.text().await.unwrap();
        let header = csv.lines().next().unwrap();
        let schema: Value = app
            .get(&format!("/observatoire/donnees/{name}.schema.json"), None)
            .await
            .json()
            .await
            .unwrap();
        let fields: Vec<&str> = schema["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            header,
            fields.join(","),
            "{name}: the schema names the columns"
        );
        assert_eq!(schema["schema"]["missingValues"], serde_json::json!([""]));
        // As many rows as the JSON table has cells, and the same counts.
        let json = table(&app, name).await;
        let cells = json["cells"].as_array().unwrap();
        assert_eq!(csv.lines().count(), cells.len() + 1, "{name}");
        let count_at = fields.iter().position(|f| *f == "count").unwrap();
        for (line, cell) in csv.lines().skip(1).zip(cells) {
            let value = line.split(',').nth(count_at).unwrap();
            match cell["count"].as_i64() {
                Some(n) => assert_eq!(value, n.to_string()),
                None => assert_eq!(value, "", "a hidden count is an empty cell"),
            }
        }
    }
    // The Côtes-d'Armor's 3 people are an empty cell.
    let csv = app
        .get("/observatoire/donnees/niveaux-departements.csv", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("\n2026-10,22,1.1,,"), "{csv}");
    for bad in [
        "/observatoire/donnees/nope.csv",
        "/observatoire/donnees/niveaux-ages.xlsx",
    ] {
        let (status, body) = page(&app, bad).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
        assert!(body.contains("Ce fichier n'existe pas"), "{body}");
    }
}
