//! What mediators get from finished diagnostics: results with their observations, progress
//! across repeated diagnostics (chart and table), the report for the person, and the
//! structure's exports (its own data; La Coop's activity fields as CSV and JSON), each holding
//! the structure's data only.

use app::domain::mediation::Role;
use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use tremplin_bank::Bank;

use crate::answers::right_response;
use crate::helpers::{Started, TestApp, root, spawn_app};
use crate::mediation::{
    account, assessment_cookie, create_beneficiary, current_item_id, structure,
};
use crate::premiers_pas::walk;

/// Starts a guided Premiers pas for `beneficiary` on the mediator's device; returns the cookie
/// header holding both the staff session and the assessment, and the assessment's credentials.
async fn guided(app: &TestApp, staff_cookie: &str, beneficiary: &str) -> (String, Started) {
    let res = app
        .api
        .post(app.url(&format!(
            "/mediation/beneficiaires/{beneficiary}/diagnostics"
        )))
        .header(header::COOKIE, staff_cookie)
        .form(&[("path", "beginner"), ("mode", "guided")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let held = assessment_cookie(&res);
    let (id, token) = held.split_once('=').unwrap().1.split_once('.').unwrap();
    let started = Started {
        id: id.to_owned(),
        token: token.to_owned(),
    };
    (format!("{staff_cookie}; {held}"), started)
}

async fn download(app: &TestApp, path: &str, cookie: &str) -> (String, String) {
    let res = app.get(path, Some(cookie)).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let disposition = res.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_owned();
    (disposition, res.text().await.unwrap())
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[tokio::test]
async fn repeated_diagnostics_show_progress_a_report_and_fill_the_exports_of_one_structure_only() {
    let app = spawn_app().await;
    let bank = Bank::load(&root().join("item-bank/data")).unwrap();
    let s = structure(&app, "Espace numérique (fictif)").await;
    let other = structure(&app, "Autre lieu (fictif)").await;
    let a = account(&app, &s, Role::Mediator, "suivi@exemple.fr").await;
    let b = account(&app, &other, Role::Mediator, "autre@exemple.fr").await;
    let id = create_beneficiary(&app, &a.cookie, "Progress-P1").await;
    let formula = create_beneficiary(&app, &a.cookie, "=1+1").await;
    let elsewhere = create_beneficiary(&app, &b.cookie, "Ailleurs-Q2").await;

    // First diagnostic: the first two tasks observed "pas encore" (with a comment), the rest
    // skipped without observation.
    let (held, first) = guided(&app, &a.cookie, &id).await;
    for comment in ["cherche le bouton", ""] {
        let item = current_item_id(&app, &held).await;
        let res = app
            .api
            .post(app.url("/evaluation"))
            .header(header::COOKIE, &held)
            .form(&[
                ("item_id", item.as_str()),
                ("skip", "1"),
                ("observation", "pas_encore"),
                ("comment", comment),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    walk(&app, &first, |_| json!({"skip": true})).await;

    // The beneficiary's page before a second diagnostic: the result, the observations, the
    // report's link, and no progress yet.
    let page = app
        .page(&format!("/mediation/beneficiaires/{id}"), Some(&a.cookie))
        .await;
    assert!(
        page.contains("Voir le résultat et les observations"),
        "{page}"
    );
    assert!(page.contains("À travailler") && page.contains("Pas encore"));
    assert!(page.contains("« cherche le bouton »"));
    assert!(page.contains(&format!("/mediation/beneficiaires/{id}/rapport")));
    assert!(
        page.contains("Les progrès s&#x27;affichent") || page.contains("Les progrès s'affichent")
    );

    // Second diagnostic, weeks later: answered right wherever the test can.
    let (held2, second) = guided(&app, &a.cookie, &id).await;
    let item = current_item_id(&app, &held2).await;
    assert!(!item.is_empty());
    walk(&app, &second, |view| {
        let item = bank.get(view["id"].as_str().unwrap()).unwrap();
        right_response(item, view).unwrap_or(json!({"skip": true}))
    })
    .await;

    let page = app
        .page(&format!("/mediation/beneficiaires/{id}"), Some(&a.cookie))
        .await;
    assert!(page.contains("<h2 id=\"progres-titre\">Progrès</h2>"));
    assert!(page.contains("class=\"bar before\"") && page.contains("class=\"bar after\""));
    // The table says what the chart draws: a skill from "À travailler" to "Acquis".
    let table = &page[page.find("id=\"progres-tableau-0\"").expect("the table")..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(
        table.contains("<td>À travailler</td><td>Acquis</td>"),
        "{table}"
    );

    // The report: the person's words, the structure, the progress; no mediator's comment.
    let report = app
        .page(
            &format!("/mediation/beneficiaires/{id}/rapport"),
            Some(&a.cookie),
        )
        .await;
    assert!(report.contains("Bilan de Progress-P1"));
    assert!(report.contains("Espace numérique (fictif)"));
    assert!(report.contains("Vous savez faire"));
    assert!(report.contains("class=\"bar after\""));
    assert!(!report.contains("cherche le bouton"));
    let res = app
        .get(
            &format!("/mediation/beneficiaires/{elsewhere}/rapport"),
            Some(&a.cookie),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "another structure's report"
    );

    // La Coop's activities, JSON: one per finished diagnostic, oldest first.
    let (disposition, json_text) =
        download(&app, "/mediation/export/activites.json", &a.cookie).await;
    assert!(disposition.starts_with("attachment; filename=\"tremplin-activites.json-"));
    let activities: Value = serde_json::from_str(&json_text).unwrap();
    let list = activities.as_array().unwrap();
    assert_eq!(list.len(), 2, "{json_text}");
    for a in list {
        assert_eq!(a["beneficiaire"], id.as_str());
        assert_eq!(a["type"], "individuel");
        assert_eq!(a["type_lieu"], "lieu_activite");
        assert_eq!(a["lieu_code_insee"], "69123");
        assert_eq!(a["thematiques"], "diagnostic_numerique");
        assert_eq!(a["tranche_age"], "soixante_soixante_neuf");
        assert_eq!(a["statut_social"], "retraite");
        assert_eq!(a["commune_code_insee"], "2A004");
        assert_eq!(a["parcours"], "beginner");
        assert!(a["duree"].as_i64().unwrap() >= 1);
        assert_eq!(a["date"].as_str().unwrap().len(), 10);
        assert_eq!(a["oriente_vers_structure"], false);
    }
    // Observed "pas encore" twice (all the steps noted): entirely accompanied. Then no
    // observation, Premiers pas' orientation decides.
    assert_eq!(list[0]["autonomie"], "entierement_accompagne");
    let second_result: Value = app.result(&second).await.json().await.unwrap();
    let expected = match second_result["orientation"].as_str().unwrap() {
        "autonomie" => "autonome",
        "accompagnement" => "partiellement_autonome",
        other => panic!("a person answering right is not oriented {other}"),
    };
    assert_eq!(list[1]["autonomie"], expected);

    // The same as CSV.
    let (_, csv_text) = download(&app, "/mediation/export/activites.csv", &a.cookie).await;
    let (header, rows) = csv_rows(&csv_text);
    assert_eq!(header[..4], ["beneficiaire", "type", "date", "duree"]);
    assert_eq!(rows.len(), 2);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[0][col("autonomie")], "entierement_accompagne");
    assert_eq!(rows[1][col("thematiques")], "diagnostic_numerique");

    // The structure's data: its people, diagnostics, results and observations; formulas
    // neutralised; nothing of the other structure.
    let (_, data) = download(&app, "/mediation/export/donnees.csv", &a.cookie).await;
    let (header, rows) = csv_rows(&data);
    assert_eq!(header[0], "ligne");
    let kinds = |kind: &str| rows.iter().filter(|r| r[0] == kind).count();
    assert_eq!(kinds("beneficiaire"), 2);
    assert_eq!(kinds("diagnostic"), 2);
    assert_eq!(kinds("observation"), 2);
    assert!(kinds("savoir_faire") >= 8 + 8);
    assert!(data.contains("cherche le bouton"));
    assert!(data.contains("'=1+1") && !data.contains(",=1+1"));
    assert!(!data.contains("Ailleurs-Q2") && !data.contains(&elsewhere));
    assert!(rows.iter().any(|r| r[1] == formula));

    // The other structure's exports hold nothing of this one.
    let (_, theirs) = download(&app, "/mediation/export/donnees.csv", &b.cookie).await;
    assert!(theirs.contains("Ailleurs-Q2"));
    assert!(!theirs.contains("Progress-P1") && !theirs.contains(&id));
    let (_, theirs) = download(&app, "/mediation/export/activites.json", &b.cookie).await;
    assert_eq!(serde_json::from_str::<Value>(&theirs).unwrap(), json!([]));

    // Signed out: the exports send to the sign-in page.
    for path in [
        "/mediation/export/donnees.csv",
        "/mediation/export/activites.csv",
        "/mediation/export/activites.json",
    ] {
        let res = app.get(path, None).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(res.headers()[header::LOCATION], "/connexion");
    }
}

#[tokio::test]
async fn a_structure_admin_sets_the_place_that_fills_the_activities() {
    let app = spawn_app().await;
    let s = structure(&app, "Mairie annexe (fictive)").await;
    let admin = account(&app, &s, Role::StructureAdmin, "lieu@exemple.fr").await;
    let mediator = account(&app, &s, Role::Mediator, "med.lieu@exemple.fr").await;
    let post = |cookie: String, commune: &'static str| {
        app.api
            .post(app.url("/mediation/equipe/lieu"))
            .header(header::COOKIE, cookie)
            .form(&[("commune", commune)])
            .send()
    };
    let res = post(admin.cookie.clone(), "123").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Commune (code INSEE)"),
        "the field is named in words"
    );
    let res = post(mediator.cookie.clone(), "75056").await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let stored: Option<String> = sqlx::query_scalar("SELECT commune FROM structures WHERE id = $1")
        .bind(&s)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(stored.as_deref(), Some("69123"), "refusals change nothing");

    let res = post(admin.cookie.clone(), "75056").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("value=\"75056\""));

    // A finished diagnostic's activity now carries the new place.
    let id = create_beneficiary(&app, &mediator.cookie, "Lieu-L1").await;
    let (_, started) = guided(&app, &mediator.cookie, &id).await;
    walk(&app, &started, |_| json!({"skip": true})).await;
    let (_, text) = download(&app, "/mediation/export/activites.json", &admin.cookie).await;
    let list: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(list[0]["lieu_code_insee"], "75056");

    // Cleared with an empty field.
    let res = post(admin.cookie.clone(), "").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, text) = download(&app, "/mediation/export/activites.json", &admin.cookie).await;
    let list: Value = serde_json::from_str(&text).unwrap();
    assert!(list[0]["lieu_code_insee"].is_null());
}

#[tokio::test]
async fn beneficiaries_idle_longer_than_agreed_are_deleted_with_everything_attached() {
    use app::service::retention;
    const MONTH: i64 = 30 * 24 * 60 * 60 * 1000;
    let app = spawn_app().await;
    let s = structure(&app, "Rétention (fictive)").await;
    let a = account(&app, &s, Role::Mediator, "retention@exemple.fr").await;
    let idle = create_beneficiary(&app, &a.cookie, "Idle-R1").await;
    let back = create_beneficiary(&app, &a.cookie, "Back-R2").await;
    create_beneficiary(&app, &a.cookie, "Young-R3").await;
    let (_, idle_test) = guided(&app, &a.cookie, &idle).await;
    walk(&app, &idle_test, |_| json!({"skip": true})).await;
    let (_, back_test) = guided(&app, &a.cookie, &back).await;
    walk(&app, &back_test, |_| json!({"skip": true})).await;

    // Idle-R1 and Back-R2 came 25 months ago; Back-R2 came back last month.
    let pool = &app.state.db.pool;
    let shift = |sql: &'static str, id: String, by: i64| async move {
        sqlx::query(sql)
            .bind(by)
            .bind(id)
            .execute(pool)
            .await
            .unwrap();
    };
    for id in [&idle, &back] {
        shift(
            "UPDATE beneficiaries SET created_at = created_at - $1, consent_at = consent_at - $1 WHERE id = $2",
            id.clone(),
            25 * MONTH,
        )
        .await;
    }
    shift(
        "UPDATE diagnostics SET created_at = created_at - $1 WHERE beneficiary_id = $2",
        idle.clone(),
        25 * MONTH,
    )
    .await;
    shift(
        "UPDATE assessments SET created_at = created_at - $1, finished_at = finished_at - $1 WHERE id = $2",
        idle_test.id.clone(),
        25 * MONTH,
    )
    .await;
    shift(
        "UPDATE diagnostics SET created_at = created_at - $1 WHERE beneficiary_id = $2",
        back.clone(),
        MONTH,
    )
    .await;

    let now = app::db::now_ms();
    let purged = retention::run_once(&app.state.db, crate::operations::PERIODS, now)
        .await
        .unwrap();
    assert_eq!(purged.beneficiaries, 1);
    let left: Vec<String> =
        sqlx::query_scalar("SELECT pseudonym FROM beneficiaries ORDER BY pseudonym")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(left, ["Back-R2", "Young-R3"]);
    let idle_rows: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM diagnostics WHERE beneficiary_id = $1) \
         + (SELECT COUNT(*) FROM assessments WHERE id = $2) \
         + (SELECT COUNT(*) FROM answers WHERE assessment_id = $2)",
    )
    .bind(&idle)
    .bind(&idle_test.id)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        idle_rows, 0,
        "the diagnostic, its test and answers went with them"
    );
    assert_eq!(app.result(&back_test).await.status(), StatusCode::OK);

    // Nothing more on a second pass; the consent says how long.
    let again = retention::run_once(&app.state.db, crate::operations::PERIODS, now)
        .await
        .unwrap();
    assert_eq!(again, retention::Purged::default());
    let page = app.page("/mediation", Some(&a.cookie)).await;
    assert!(page.contains("Tout est effacé 24 mois après sa dernière venue"));
    let privacy = app.page("/confidentialite", None).await;
    assert!(privacy.contains("effacés 24 mois après votre dernière venue"));
}
