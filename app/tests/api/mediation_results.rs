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
    account, assessment_cookie, call, create_beneficiary, current_item_id, skip_with_observation,
    structure,
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
    (format!("{staff_cookie}; {held}"), held_test(&held))
}

/// The credentials of the assessment cookie pair `tremplin=<id>.<token>`.
fn held_test(held: &str) -> Started {
    let (id, token) = held.split_once('=').unwrap().1.split_once('.').unwrap();
    Started {
        id: id.to_owned(),
        token: token.to_owned(),
    }
}

/// A code diagnostic started for `beneficiary` by the API; returns the code.
async fn code_for(app: &TestApp, staff_cookie: &str, beneficiary: &str) -> String {
    let res = call(
        app,
        reqwest::Method::POST,
        &format!("/api/v1/beneficiaries/{beneficiary}/diagnostics"),
        Some(staff_cookie),
        Some(json!({ "path": "beginner", "mode": "code" })),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The person's device joins with the code at `/code`; returns the assessment's credentials.
async fn join(app: &TestApp, code: &str) -> Started {
    let res = app
        .api
        .post(app.url("/code"))
        .form(&[("code", code)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    held_test(&assessment_cookie(&res))
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

    // A code given for the person's own phone, then a second guided diagnostic (skipped)
    // finished before the person uses the code and answers right wherever the test can: the
    // progress goes from the first to finish to the last to finish, whatever the order they
    // were started in.
    let code = code_for(&app, &a.cookie, &id).await;
    let (_, second) = guided(&app, &a.cookie, &id).await;
    walk(&app, &second, |_| json!({"skip": true})).await;
    let third = join(&app, &code).await;
    walk(&app, &third, |view| {
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

    // La Coop's activities, JSON: one per finished diagnostic, in the order they finished.
    let (disposition, json_text) =
        download(&app, "/mediation/export/activites.json", &a.cookie).await;
    let day = &json_text[json_text.find("\"date\": \"").unwrap() + 9..][..10];
    assert_eq!(
        disposition,
        format!("attachment; filename=\"tremplin-activites-{day}.json\"")
    );
    let activities: Value = serde_json::from_str(&json_text).unwrap();
    let list = activities.as_array().unwrap();
    assert_eq!(list.len(), 3, "{json_text}");
    for a in list {
        assert_eq!(a["beneficiaire"], id.as_str());
        assert_eq!(a["type"], "individuel");
        assert_eq!(a["lieu_code_insee"], "69123");
        assert_eq!(a["thematiques"], json!(["diagnostic_numerique"]));
        assert_eq!(a["tranche_age"], "soixante_soixante_neuf");
        assert_eq!(a["statut_social"], "retraite");
        assert_eq!(a["commune_code_insee"], "2A004");
        assert_eq!(a["parcours"], "beginner");
        assert_eq!(a["date"].as_str().unwrap().len(), 10);
        assert_eq!(a["oriente_vers_structure"], false);
    }
    let places: Vec<&str> = list
        .iter()
        .map(|a| a["type_lieu"].as_str().unwrap())
        .collect();
    assert_eq!(places, ["lieu_activite", "lieu_activite", "a_distance"]);
    // Observed "pas encore" twice (all the steps noted): entirely accompanied. Then no
    // observation: Premiers pas' orientation decides.
    assert_eq!(list[0]["autonomie"], "entierement_accompagne");
    assert_eq!(list[1]["autonomie"], "partiellement_autonome");
    let third_result: Value = app.result(&third).await.json().await.unwrap();
    let expected = match third_result["orientation"].as_str().unwrap() {
        "autonomie" => "autonome",
        "accompagnement" => "partiellement_autonome",
        other => panic!("a person answering right is not oriented {other}"),
    };
    assert_eq!(list[2]["autonomie"], expected);
    // With a code, the minutes are the time on the tasks: the answers' durations.
    let spent: i64 = sqlx::query_scalar(
        "SELECT CAST(SUM(duration_ms) AS BIGINT) FROM answers WHERE assessment_id = $1",
    )
    .bind(&third.id)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(list[2]["duree"], json!(((spent + 59_999) / 60_000).max(1)));

    // The same as CSV.
    let (_, csv_text) = download(&app, "/mediation/export/activites.csv", &a.cookie).await;
    let (header, rows) = csv_rows(&csv_text);
    assert_eq!(header[..4], ["beneficiaire", "type", "date", "duree"]);
    assert_eq!(rows.len(), 3);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[0][col("autonomie")], "entierement_accompagne");
    assert_eq!(rows[2][col("type_lieu")], "a_distance");
    assert_eq!(rows[1][col("thematiques")], "diagnostic_numerique");

    // The structure's data: its people, diagnostics, results and observations; formulas
    // neutralised; nothing of the other structure.
    let (_, data) = download(&app, "/mediation/export/donnees.csv", &a.cookie).await;
    let (header, rows) = csv_rows(&data);
    assert_eq!(header[0], "ligne");
    let kinds = |kind: &str| rows.iter().filter(|r| r[0] == kind).count();
    assert_eq!(kinds("beneficiaire"), 2);
    assert_eq!(kinds("diagnostic"), 3);
    assert_eq!(kinds("observation"), 2);
    assert!(kinds("savoir_faire") >= 8 + 8 + 8);
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
    let pool = &app.state.db.pool;
    let s = structure(&app, "Rétention (fictive)").await;
    let a = account(&app, &s, Role::Mediator, "retention@exemple.fr").await;
    let idle = create_beneficiary(&app, &a.cookie, "Idle-R1").await;
    let back = create_beneficiary(&app, &a.cookie, "Back-R2").await;
    create_beneficiary(&app, &a.cookie, "Young-R3").await;
    let never = create_beneficiary(&app, &a.cookie, "Never-R4").await;
    let joined = create_beneficiary(&app, &a.cookie, "Joined-R5").await;

    // Idle-R1: a guided diagnostic with an observation, all 25 months ago.
    let (held, idle_test) = guided(&app, &a.cookie, &idle).await;
    let item = current_item_id(&app, &held).await;
    let res = skip_with_observation(&app, &held, &item, "avec_aide").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    walk(&app, &idle_test, |_| json!({"skip": true})).await;
    // Back-R2: registered 25 months ago, a guided diagnostic 13 months ago, with an observation.
    let (held, back_test) = guided(&app, &a.cookie, &back).await;
    let item = current_item_id(&app, &held).await;
    let res = skip_with_observation(&app, &held, &item, "autonomie").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    walk(&app, &back_test, |_| json!({"skip": true})).await;
    // Joined-R5: a code given 25 months ago... and used only now (a long-valid code in an older
    // version; what counts is that the test started recently).
    let code = code_for(&app, &a.cookie, &joined).await;
    join(&app, &code).await;

    let shift = |sql: &'static str, id: String, by: i64| async move {
        sqlx::query(sql)
            .bind(by)
            .bind(id)
            .execute(pool)
            .await
            .unwrap();
    };
    for id in [&idle, &back, &never, &joined] {
        shift(
            "UPDATE beneficiaries SET created_at = created_at - $1, consent_at = consent_at - $1 WHERE id = $2",
            id.clone(),
            25 * MONTH,
        )
        .await;
    }
    for (id, months) in [(&idle, 25), (&back, 13), (&joined, 25)] {
        shift(
            "UPDATE diagnostics SET created_at = created_at - $1 WHERE beneficiary_id = $2",
            id.clone(),
            months * MONTH,
        )
        .await;
    }
    for (test, months) in [(&idle_test, 25), (&back_test, 13)] {
        shift(
            "UPDATE assessments SET created_at = created_at - $1, finished_at = finished_at - $1 WHERE id = $2",
            test.id.clone(),
            months * MONTH,
        )
        .await;
    }

    let now = app::db::now_ms();
    let purged = retention::run_once(&app.state.db, crate::operations::PERIODS, now)
        .await
        .unwrap();
    assert_eq!(purged.beneficiaries, 2, "Idle-R1 and Never-R4");
    let left: Vec<String> =
        sqlx::query_scalar("SELECT pseudonym FROM beneficiaries ORDER BY pseudonym")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(left, ["Back-R2", "Joined-R5", "Young-R3"]);
    let idle_rows: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM diagnostics WHERE beneficiary_id = $1) \
         + (SELECT COUNT(*) FROM assessments WHERE id = $2) \
         + (SELECT COUNT(*) FROM answers WHERE assessment_id = $2) \
         + (SELECT COUNT(*) FROM observations WHERE assessment_id = $2)",
    )
    .bind(&idle)
    .bind(&idle_test.id)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        idle_rows, 0,
        "the diagnostic, its test, answers and observations went with them"
    );
    // Back-R2's answers are past a year: they go, the result and the mediator's observation stay.
    assert_eq!(app.stored_answers(&back_test.id).await, 0);
    assert_eq!(app.result(&back_test).await.status(), StatusCode::OK);
    let observed: Vec<Option<String>> =
        sqlx::query_scalar("SELECT observation FROM observations WHERE assessment_id = $1")
            .bind(&back_test.id)
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(observed, [Some("autonomie".to_owned())]);

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
