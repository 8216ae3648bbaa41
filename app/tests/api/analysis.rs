//! The analysts' role and tables: an analyst (second factor required) reads the département ×
//! age group table and the share at level 1 or above by competence, and downloads them; nobody
//! else does, and an analyst reaches nothing of the mediators' space. The tables are released
//! with the public tables and their published counts agree with them.

use app::domain::mediation::Role;
use app::service::ServiceError;
use app::service::mediation::{StaffMember, accounts};
use app::service::observatory::Pass;
use reqwest::{Method, StatusCode, header};
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app};
use crate::mediation::{PASSWORD, accept, account, call, invite, sign_in, staff_cookie, structure};

const MONTH: &str = "2026-10";

/// `n` consented records of the closed month in the inbox; record `j` is at level
/// `(j + k) % 3` in competence `k`, so every cell mixes levels 0, 1 and 2.
async fn records(app: &TestApp, n: usize, departement: &str, age: &str) {
    let competences = app::service::observatory::competences(&app.state);
    for j in 0..n {
        let levels: Vec<(String, u8)> = competences
            .iter()
            .enumerate()
            .map(|(k, c)| (c.clone(), ((j + k) % 3) as u8))
            .collect();
        let mut tx = app.state.db.begin_write().await.unwrap();
        app::db::observatory::insert(
            &mut tx,
            &app::db::observatory::NewRecord {
                id: &app::service::token::new_id().unwrap(),
                received_at: app::db::now_ms(),
                path: "citizen",
                month: MONTH,
                cog_year: 2026,
                departement: Some(departement),
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

async fn release(app: &TestApp) {
    let competences = app::service::observatory::competences(&app.state);
    app::service::observatory::refresh(&app.state.db, &competences, Pass::Force, app::db::now_ms())
        .await
        .unwrap();
}

async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> reqwest::Response {
    call(app, Method::GET, path, cookie, None).await
}

/// The cell of `departement` and `group` in the JSON table.
fn cell<'a>(t: &'a Value, departement: &str, group: &str) -> &'a Value {
    t["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["dimensions"]["departement"] == departement
                && c["dimensions"]["age_group"] == group
                && c["dimensions"]["month"] == MONTH
        })
        .unwrap_or_else(|| panic!("a cell {departement} {group}"))
}

#[tokio::test]
async fn an_analyst_reads_and_downloads_the_cross_table_and_nothing_else() {
    let app = spawn_app().await;
    // Rhône: 40 people aged 25-34 and 33 aged 45-54; Ain: 33 aged 35-44; Paris: 4 aged 16-24
    // (a small cell) and 26 aged 65-74.
    records(&app, 40, "69", "25-34").await;
    records(&app, 33, "69", "45-54").await;
    records(&app, 33, "01", "35-44").await;
    records(&app, 4, "75", "16-24").await;
    records(&app, 26, "75", "65-74").await;
    release(&app).await;

    let home = structure(&app, "Observatoire régional (fictif)").await;
    let analyst = account(&app, &home, Role::Analyst, "analyste@example.org").await;
    assert!(
        analyst.secret.is_some(),
        "an analyst must set up a second factor"
    );

    // The page: the latest month, every département.
    let res = get(&app, "/observatoire/analyse", Some(&analyst.cookie)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("Tableaux des analystes"), "{page}");
    assert!(page.contains("69 Rhône"), "the Rhône's row");
    assert!(page.contains("masqué"), "the small cell is shown as hidden");
    assert!(page.contains("<td>aucune personne</td>"), "an empty cell");
    // Competence 1.1 (the first): 26 of the Rhône's 40 aged 25-44 at level 1 or above.
    assert!(
        page.contains("40 personnes, 65\u{202f}% au niveau 1 ou plus"),
        "{page}"
    );
    let res = get(
        &app,
        "/observatoire/analyse?mois=2026-10&region=84",
        Some(&analyst.cookie),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("01 Ain") && !page.contains("75 Paris"),
        "only the région's rows"
    );
    for bad in ["?region=99", "?mois=1999-01", "?competence=9.9"] {
        let res = get(
            &app,
            &format!("/observatoire/analyse{bad}"),
            Some(&analyst.cookie),
        )
        .await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
    }

    // The whole table as JSON: counts agree with the records, nothing small is published, a
    // share only with its count.
    let res = get(
        &app,
        "/observatoire/analyse/analyse-departements-ages.json",
        Some(&analyst.cookie),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let t: Value = res.json().await.unwrap();
    assert_eq!(t["min_count"], 11);
    for c in t["cells"].as_array().unwrap() {
        if let Some(n) = c["count"].as_i64() {
            assert!(n == 0 || n >= 11, "{c}");
        }
    }
    assert_eq!(cell(&t, "69", "25-44")["count"], 40);
    assert_eq!(cell(&t, "69", "45-64")["count"], 33);
    assert_eq!(cell(&t, "01", "25-44")["count"], 33);
    assert!(
        cell(&t, "75", "moins de 25")["count"].is_null(),
        "4 people: hidden"
    );
    assert_eq!(
        t["dimensions"],
        serde_json::json!(["month", "departement", "age_group"])
    );
    // The public table agrees, and the two together do not give Paris's 4 back (its public
    // count less its 65 and over).
    let public: Value = app
        .get("/api/v1/observatory/tables/niveaux-departements", None)
        .await
        .json()
        .await
        .unwrap();
    let public_count = |code: &str| {
        public["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["dimensions"]["departement"] == code && c["dimensions"]["month"] == MONTH)
            .unwrap()["count"]
            .clone()
    };
    assert_eq!(public_count("01"), 33);
    assert!(
        public_count("75").is_null() || cell(&t, "75", "65 et plus")["count"].is_null(),
        "Paris's total less its 65 and over would give the 4 back"
    );

    // CSV and Table Schema.
    let res = get(
        &app,
        "/observatoire/analyse/analyse-departements-ages.csv",
        Some(&analyst.cookie),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = res.text().await.unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("month,departement,age_group,count"));
    assert!(lines.any(|l| l == "2026-10,01,25-44,33"), "{csv}");
    let schema: Value = get(
        &app,
        "/observatoire/analyse/analyse-departements-ages.schema.json",
        Some(&analyst.cookie),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(schema["schema"]["fields"].as_array().unwrap().len(), 4);
    let res = get(
        &app,
        "/observatoire/analyse/niveaux-national.csv",
        Some(&analyst.cookie),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The share at level 1 or above by competence: record j is at level (j + k) % 3 in
    // competence k, so in the Rhône's 25-44 j % 3 == 0 is below level 1 (14 of 40).
    let shares: Value = get(
        &app,
        "/observatoire/analyse/analyse-competences.json",
        Some(&analyst.cookie),
    )
    .await
    .json()
    .await
    .unwrap();
    let competences = app::service::observatory::competences(&app.state);
    let share = |departement: &str, group: &str, k: usize| {
        shares["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| {
                c["dimensions"]["departement"] == departement
                    && c["dimensions"]["age_group"] == group
                    && c["dimensions"]["competence"] == competences[k].as_str()
                    && c["dimensions"]["month"] == MONTH
            })
            .unwrap_or_else(|| panic!("a cell {departement} {group} {k}"))
            .clone()
    };
    assert_eq!(share("69", "25-44", 0)["count"], 40);
    assert_eq!(share("69", "25-44", 0)["at_least_basic"], 0.65);
    assert_eq!(share("69", "25-44", 3)["at_least_basic"], 0.65);
    assert_eq!(share("01", "25-44", 0)["at_least_basic"], 0.67);
    // Competence 2: Paris has 10 people below level 1, hidden in the public tables, and so
    // its région's count at level 1 or above, and the Rhône's région's, which would give it
    // back from the country's. Under a hidden count of its région, no share is given.
    let regions: Value = app
        .get("/api/v1/observatory/tables/niveaux-regions", None)
        .await
        .json()
        .await
        .unwrap();
    let public_basic = regions["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["dimensions"]["region"] == "84"
                && c["dimensions"]["competence"] == competences[2].as_str()
        })
        .unwrap()["at_least_basic"]
        .clone();
    assert!(public_basic.is_null(), "{public_basic}");
    assert!(share("69", "25-44", 2)["at_least_basic"].is_null());
    assert!(share("75", "65 et plus", 2)["at_least_basic"].is_null());
    assert_eq!(shares["cells"].as_array().unwrap().len(), 101 * 4 * 16);
    // Whatever the cell, a share given lets one work out at most 100 people exactly: neither
    // those at level 1 or above nor those below are then from 1 to 10.
    let mut given = 0;
    for c in shares["cells"].as_array().unwrap() {
        let Some(s) = c["at_least_basic"].as_f64() else {
            continue;
        };
        given += 1;
        let n = c["count"]
            .as_u64()
            .expect("a share under a published count");
        assert!(n >= 11, "{c}");
        if n <= 100 {
            let y = (s * n as f64).round() as u64;
            for part in [y, n - y] {
                assert!(part == 0 || part >= 11, "{part} people in {c}");
            }
        }
    }
    assert!(given >= 3, "{given} shares given");
    let csv = get(
        &app,
        "/observatoire/analyse/analyse-competences.csv",
        Some(&analyst.cookie),
    )
    .await
    .text()
    .await
    .unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("month,departement,age_group,competence,count,at_least_basic")
    );
    let row = format!("2026-10,69,25-44,{},40,0.65", competences[0]);
    assert!(lines.any(|l| l == row), "{csv}");

    // Nothing of the mediators' space: the API refuses, the pages send to the analysts' page.
    let res = get(&app, "/api/v1/beneficiaries", Some(&analyst.cookie)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    for path in [
        "/mediation",
        "/mediation/equipe",
        "/mediation/export/donnees.csv",
    ] {
        let res = get(&app, path, Some(&analyst.cookie)).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(
            res.headers()[header::LOCATION],
            "/observatoire/analyse",
            "{path}"
        );
    }
}

#[tokio::test]
async fn only_analysts_with_a_second_factor_read_the_cross_table() {
    let app = spawn_app().await;
    records(&app, 30, "01", "35-44").await;
    release(&app).await;
    let file = "/observatoire/analyse/analyse-departements-ages.csv";

    // Not signed in: sent to sign in.
    for path in ["/observatoire/analyse", file] {
        let res = get(&app, path, None).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()[header::LOCATION], "/connexion");
    }
    // Never public: not in the open data, not in the public API.
    let list = get(&app, "/api/v1/observatory/tables", None)
        .await
        .text()
        .await
        .unwrap();
    for name in ["analyse-departements-ages", "analyse-competences"] {
        let res = get(&app, &format!("/observatoire/donnees/{name}.csv"), None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let res = get(&app, &format!("/api/v1/observatory/tables/{name}"), None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert!(!list.contains(name));
    }

    // A mediator and admins are refused.
    let home = structure(&app, "Espace numérique (fictif)").await;
    for (role, email) in [
        (Role::Mediator, "mediatrice@example.org"),
        (Role::StructureAdmin, "admin@example.org"),
        (Role::PlatformAdmin, "plateforme@example.org"),
    ] {
        let who = account(&app, &home, role, email).await;
        for path in ["/observatoire/analyse", file] {
            let res = get(&app, path, Some(&who.cookie)).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{role:?} {path}");
        }
    }

    // An analyst without a second factor yet: sent to set it up.
    let token = invite(&app, &home, Role::Analyst, "nouvelle@example.org").await;
    assert_eq!(
        accept(&app, &token, PASSWORD).await.status(),
        StatusCode::CREATED
    );
    let res = sign_in(&app, "nouvelle@example.org", PASSWORD, None).await;
    let cookie = staff_cookie(&res).expect("a session");
    for path in ["/observatoire/analyse", file] {
        let res = get(&app, path, Some(&cookie)).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()[header::LOCATION], "/mediation/securite");
    }

    // Only a platform admin (or the command line) invites an analyst.
    let as_role = |role| StaffMember {
        id: "x".into(),
        structure_id: home.clone(),
        email: "x@example.org".into(),
        role,
        has_totp: true,
        session_epoch: 0,
    };
    let refused = accounts::invite(
        &app.state.db,
        Some(&as_role(Role::StructureAdmin)),
        &home,
        "y@example.org",
        Role::Analyst,
    )
    .await;
    assert!(
        matches!(refused, Err(ServiceError::Forbidden)),
        "{refused:?}"
    );
    let invited = accounts::invite(
        &app.state.db,
        Some(&as_role(Role::PlatformAdmin)),
        &home,
        "y@example.org",
        Role::Analyst,
    )
    .await;
    assert!(invited.is_ok(), "{invited:?}");
}
