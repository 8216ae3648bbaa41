//! Premiers pas in the observatory's published tables: people by orientation proposed, for the
//! country and by région, with no count of 1 to 10 and shares only from published counts; the
//! page shows them and the open data serves them.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app};

const CLOSED: &str = "2026-10";

/// Puts `n` consented Premiers pas records of the closed month in the inbox.
async fn beginners(app: &TestApp, n: usize, departement: Option<&str>, orientation: &str) {
    let outcomes = vec![("b01".to_owned(), "acquis"), ("b02".to_owned(), "en_cours")];
    for _ in 0..n {
        let mut tx = app.state.db.begin_write().await.unwrap();
        app::db::observatory::insert(
            &mut tx,
            &app::db::observatory::NewRecord {
                id: &app::service::token::new_id().unwrap(),
                received_at: 0,
                path: "beginner",
                month: CLOSED,
                cog_year: 2026,
                departement,
                age_band: Some("65-74"),
                framework_version: "test",
                levels: &[],
                beginner: Some(app::db::observatory::Beginner {
                    orientation,
                    outcomes: &outcomes,
                }),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
}

async fn table(app: &TestApp, name: &str) -> Vec<Value> {
    let res = app
        .get(&format!("/api/v1/observatory/tables/{name}"), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{name}");
    let t: Value = res.json().await.unwrap();
    t["cells"].as_array().unwrap().clone()
}

fn cell<'a>(cells: &'a [Value], region: Option<&str>, orientation: &str) -> &'a Value {
    cells
        .iter()
        .find(|c| {
            c["dimensions"]["orientation"] == orientation
                && region.is_none_or(|r| c["dimensions"]["region"] == r)
        })
        .unwrap_or_else(|| panic!("a cell {region:?} {orientation}"))
}

#[tokio::test]
async fn orientations_are_published_by_region_without_small_counts() {
    let app = spawn_app().await;
    // Bretagne (35, 29): 40 accompagnement, 25 autonomie, 12 urgence; Normandie (14): 3 urgence
    // and 30 accompagnement; 2 without a département.
    beginners(&app, 25, Some("35"), "accompagnement").await;
    beginners(&app, 15, Some("29"), "accompagnement").await;
    beginners(&app, 25, Some("35"), "autonomie").await;
    beginners(&app, 12, Some("35"), "urgence").await;
    beginners(&app, 3, Some("14"), "urgence").await;
    beginners(&app, 30, Some("14"), "accompagnement").await;
    beginners(&app, 2, None, "autonomie").await;
    let competences = app::service::observatory::competences(&app.state);
    app::service::observatory::refresh(
        &app.state.db,
        &competences,
        app::service::observatory::Pass::Force,
        app::db::now_ms(),
    )
    .await
    .unwrap();

    let national = table(&app, "orientations-national").await;
    let regions = table(&app, "orientations-regions").await;
    assert_eq!(national.len(), 4, "three orientations and their total");
    assert_eq!(regions.len(), 18 * 4);
    for c in national.iter().chain(&regions) {
        assert_eq!(c["dimensions"]["month"], CLOSED);
        if let Some(n) = c["count"].as_i64() {
            assert!(n == 0 || n >= 11, "{c}");
        } else {
            assert!(
                c.get("share").is_none_or(Value::is_null),
                "a share without its count: {c}"
            );
        }
    }
    // Every published count and share is the true one; a share needs its count and its total.
    let truth = |region: Option<&str>, orientation: &str| -> i64 {
        let rows: [(&str, &str, i64); 6] = [
            ("53", "accompagnement", 40),
            ("53", "autonomie", 25),
            ("53", "urgence", 12),
            ("28", "urgence", 3),
            ("28", "accompagnement", 30),
            ("", "autonomie", 2),
        ];
        rows.iter()
            .filter(|(r, _, _)| region.is_none_or(|x| x == *r))
            .filter(|(_, o, _)| orientation == "ensemble" || *o == orientation)
            .map(|(.., n)| n)
            .sum()
    };
    let mut published = 0;
    for (region, cells) in [
        (None, &national),
        (Some("53"), &regions),
        (Some("28"), &regions),
    ] {
        let total = cell(cells, region, "ensemble")["count"].as_i64();
        for o in ["urgence", "accompagnement", "autonomie", "ensemble"] {
            let c = cell(cells, region, o);
            let Some(n) = c["count"].as_i64() else {
                continue;
            };
            published += 1;
            assert_eq!(n, truth(region, o), "{c}");
            match (c.get("share").and_then(Value::as_f64), total) {
                (Some(s), Some(t)) => {
                    assert_eq!(s, ((n * 100) as f64 / t as f64).round() / 100.0, "{c}")
                }
                (Some(_), None) => panic!("a share without its total: {c}"),
                (None, Some(_)) if o != "ensemble" => panic!("a share left out: {c}"),
                _ => {}
            }
        }
    }
    assert!(
        published >= 6,
        "most large counts are published ({published} of 12)"
    );
    // Normandie's 3 urgence are hidden, and so is another cell of its row, or its 30 would
    // give them away.
    assert!(cell(&regions, Some("28"), "urgence")["count"].is_null());
    let normandie: Vec<Option<i64>> = ["urgence", "accompagnement", "autonomie", "ensemble"]
        .iter()
        .map(|o| cell(&regions, Some("28"), o)["count"].as_i64())
        .collect();
    assert!(
        normandie.iter().filter(|c| c.is_none()).count() >= 2,
        "{normandie:?}"
    );
    // A région without beginners: zeros.
    assert_eq!(cell(&regions, Some("11"), "ensemble")["count"], 0);

    // The page: the country and each région, in a captioned table.
    let page = app
        .get("/observatoire?mois=2026-10", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Premiers pas : l&#x27;aide proposée")
            || page.contains("Premiers pas : l'aide proposée"),
        "{page}"
    );
    assert!(page.contains("<th scope=\"row\">Bretagne</th>"), "{page}");
    assert!(
        page.contains("<th scope=\"row\">France entière</th>"),
        "{page}"
    );
    // The open data: month, région, orientation, count, share.
    let csv = app
        .get("/observatoire/donnees/orientations-regions.csv", None)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        csv.lines().next(),
        Some("month,region,orientation,count,share")
    );
    assert_eq!(csv.lines().count(), 1 + 18 * 4);
    assert!(csv.lines().any(|l| l == "2026-10,28,urgence,,"), "{csv}");
}

#[tokio::test]
async fn a_diagnostic_gives_the_record_its_beneficiary_agreed_to_and_only_that() {
    use crate::mediation::{Account, account, call, create_beneficiary, structure};
    use app::domain::mediation::Role;
    use reqwest::Method;
    let app = spawn_app().await;
    let s = structure(&app, "Espace numérique (fictif)").await;
    let med: Account = account(&app, &s, Role::Mediator, "med@exemple.fr").await;
    // Agreed: commune 2A004 (Corse-du-Sud), age 60-64.
    let agreed = create_beneficiary(&app, &med.cookie, "Rose-1").await;
    let res = call(
        &app,
        Method::POST,
        "/api/v1/beneficiaries",
        Some(&med.cookie),
        Some(
            serde_json::json!({ "pseudonym": "Paul-2", "commune": "35238",
            "observatory_consent": false }),
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let declined = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut results = Vec::new();
    // The agreed beneficiary twice in the month (a series of workshops): one person in the
    // month's counts.
    for id in [&agreed, &declined, &agreed] {
        let res = call(
            &app,
            Method::POST,
            &format!("/api/v1/beneficiaries/{id}/diagnostics"),
            Some(&med.cookie),
            Some(serde_json::json!({ "path": "beginner", "mode": "guided" })),
        )
        .await;
        let body: Value = res.json().await.unwrap();
        let started = crate::helpers::Started {
            id: body["assessment_id"].as_str().unwrap().to_owned(),
            token: body["assessment_token"].as_str().unwrap().to_owned(),
        };
        crate::premiers_pas::walk(&app, &started, |_| serde_json::json!({"skip": true})).await;
        results.push(app.result(&started).await.json::<Value>().await.unwrap());
    }
    // One record, with the département of the commune and the observatory's age band.
    let rows: Vec<(String, String, String, String)> =
        sqlx::query_as("SELECT path, departement, age_band, orientation FROM observatory_inbox")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    let orientation = results[0]["orientation"].as_str().unwrap().to_owned();
    assert_eq!(
        rows,
        [(
            "beginner".to_owned(),
            "2A".to_owned(),
            "55-64".to_owned(),
            orientation
        )]
    );
    // The sheet then says it is given; the other beneficiary's sheet still offers it.
    assert_eq!(results[0]["consent_given"], true);
    assert_eq!(results[1]["consent_given"], false);
    assert_eq!(results[2]["consent_given"], false);
}
