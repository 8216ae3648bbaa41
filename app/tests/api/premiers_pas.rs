//! "Premiers pas" through the API: beginner tasks from the most basic, kind stops, outcomes
//! per skill and the orientation, the result page, and what the path does not offer.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tremplin_bank::Bank;

use crate::answers::right_response;
use crate::helpers::{Started, TestApp, assert_json_error, cookie_pair, root, spawn_app};

async fn start(app: &TestApp, body: Value) -> (Started, String) {
    let res = app.post_start(&body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let cookie = cookie_pair(&res);
    let body: Value = res.json().await.unwrap();
    let started = Started {
        id: body["id"].as_str().unwrap().to_owned(),
        token: body["token"].as_str().unwrap().to_owned(),
    };
    (started, cookie)
}

/// Answers every task with `respond` until the end; returns the items served.
pub(crate) async fn walk(
    app: &TestApp,
    s: &Started,
    respond: impl Fn(&Value) -> Value,
) -> Vec<String> {
    let mut served = Vec::new();
    let mut body: Value = app.current(s).await.json().await.unwrap();
    while body.get("done").is_none() {
        let id = body["item"]["id"].as_str().unwrap().to_owned();
        let res = app.answer(s, &id, respond(&body["item"])).await;
        assert_eq!(res.status(), StatusCode::OK);
        body = res.json().await.unwrap();
        served.push(id);
        assert!(served.len() <= 100, "the path never ends");
    }
    served
}

#[tokio::test]
async fn a_person_who_can_do_nothing_stops_after_8_beginner_tasks_and_is_oriented_kindly() {
    let app = spawn_app().await;
    let bank = Bank::load(&root().join("item-bank/data")).unwrap();
    let (s, cookie) = start(&app, json!({"path": "beginner"})).await;
    let served = walk(&app, &s, |_| json!({"skip": true})).await;
    assert_eq!(served.len(), 8, "{served:?}");
    let skills: Vec<&str> = served
        .iter()
        .map(|id| {
            bank.get(id)
                .unwrap()
                .beginner_skill()
                .expect("a beginner task")
        })
        .collect();
    assert_eq!(
        skills,
        ["b02", "b02", "b07", "b07", "b08", "b08", "b03", "b03"]
    );
    for pair in served.chunks(2) {
        let levels: Vec<u8> = pair
            .iter()
            .map(|id| bank.get(id).unwrap().level())
            .collect();
        assert!(levels[0] <= levels[1], "the easier task first: {pair:?}");
    }

    let result: Value = app.result(&s).await.json().await.unwrap();
    assert_eq!(result["path"], "beginner");
    assert_eq!(result["tasks"], 8);
    assert_eq!(result["orientation"], "accompagnement");
    assert_eq!(result["not_reached"], 26);
    let outcomes: Vec<&str> = result["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["a_travailler"; 4]);
    assert_eq!(result["skills"][0]["name"], "Cliquer sur une cible");

    // The result page shows the sheet in words.
    let page = app.page("/resultat", Some(&cookie)).await;
    assert!(page.contains("Votre bilan Premiers pas"), "{page}");
    assert!(page.contains("Cliquer sur une cible"));
    assert!(page.contains("Un conseiller numérique peut vous aider"));
    assert!(
        !page.contains("faux") && !page.contains("Faux"),
        "never a « faux »"
    );
}

#[tokio::test]
async fn a_procedure_to_do_now_without_the_skills_is_urgence() {
    let app = spawn_app().await;
    let (s, _) = start(&app, json!({"path": "beginner", "urgent_procedure": true})).await;
    walk(&app, &s, |_| json!({"skip": true})).await;
    let result: Value = app.result(&s).await.json().await.unwrap();
    assert_eq!(result["orientation"], "urgence");
    assert_eq!(result["urgent_procedure"], true);
}

#[tokio::test]
async fn a_confident_person_goes_through_every_skill_and_most_are_acquired() {
    let app = spawn_app().await;
    let bank = Bank::load(&root().join("item-bank/data")).unwrap();
    let (s, _) = start(&app, json!({"path": "beginner"})).await;
    let served = walk(&app, &s, |view| {
        let item = bank.get(view["id"].as_str().unwrap()).unwrap();
        right_response(item, view).unwrap_or(json!({"skip": true}))
    })
    .await;
    let result: Value = app.result(&s).await.json().await.unwrap();
    let skills = result["skills"].as_array().unwrap();
    assert_eq!(skills.len(), 30, "every skill reached");
    assert_eq!(result["not_reached"], 0);
    let acquired = skills.iter().filter(|s| s["outcome"] == "acquis").count();
    // Only typed answers cannot be guessed by this test: the rest is answered right at once.
    assert!(acquired >= 24, "{acquired} of 30 acquired");
    assert!((30..=40).contains(&served.len()), "{} tasks", served.len());
    println!(
        "Premiers pas, confident person: {} tasks, {acquired} of 30 skills acquired",
        served.len()
    );
}

#[tokio::test]
async fn a_premiers_pas_consent_gives_an_anonymous_record_of_the_orientation_and_outcomes() {
    let app = spawn_app().await;
    let (s, cookie) = start(&app, json!({"path": "beginner"})).await;
    walk(&app, &s, |_| json!({"skip": true})).await;
    let result: Value = app.result(&s).await.json().await.unwrap();
    assert_eq!(result["consent_given"], false);
    let sheet = app.page("/resultat", Some(&cookie)).await;
    assert!(
        sheet.contains("Oui, je donne mon résultat sans mon nom"),
        "{sheet}"
    );
    let consent = |body: Value| {
        app.api
            .post(app.url(&format!("/api/v1/assessments/{}/consent", s.id)))
            .bearer_auth(&s.token)
            .json(&body)
            .send()
    };
    // A bad département or age band: 400, and nothing written.
    for bad in [
        json!({"departement": "20"}),
        json!({"age_band": "soixante"}),
    ] {
        assert_json_error(consent(bad).await.unwrap(), StatusCode::BAD_REQUEST).await;
    }
    let (waiting,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM observatory_inbox")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(waiting, 0);
    let res = consent(json!({"departement": "35", "age_band": "65-74"}))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_json_error(consent(json!({})).await.unwrap(), StatusCode::CONFLICT).await;
    let sheet = app.page("/resultat", Some(&cookie)).await;
    assert!(
        sheet.contains("Votre résultat est envoyé, sans votre nom."),
        "{sheet}"
    );
    assert_eq!(
        app.result(&s).await.json::<Value>().await.unwrap()["consent_given"],
        true
    );

    // In the inbox: the orientation and each skill's outcome, no levels, nothing of the test.
    let (path, orientation, outcomes, levels, departement): (
        String,
        String,
        String,
        String,
        String,
    ) = sqlx::query_as(
        "SELECT path, orientation, outcomes, levels, departement FROM observatory_inbox",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!((path.as_str(), departement.as_str()), ("beginner", "35"));
    assert_eq!(orientation, result["orientation"].as_str().unwrap());
    assert_eq!(levels, "{}");
    let outcomes: Value = serde_json::from_str(&outcomes).unwrap();
    let skills = result["skills"].as_array().unwrap();
    assert!(!skills.is_empty());
    assert_eq!(outcomes.as_object().unwrap().len(), skills.len());
    for skill in skills {
        assert_eq!(outcomes[skill["skill"].as_str().unwrap()], skill["outcome"]);
    }

    // Moved: a record with its outcomes, and one person in the rollups.
    let competences = app::service::observatory::competences(&app.state);
    let moved = app::service::observatory::refresh(
        &app.state.db,
        &competences,
        app::service::observatory::Pass::Force,
        app::db::now_ms(),
    )
    .await
    .unwrap();
    assert_eq!(moved, 1);
    let (filed, kept, people, oriented): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM observatory_records WHERE path = 'beginner' \
         AND orientation = $1), (SELECT COUNT(*) FROM observatory_outcomes), \
         (SELECT CAST(SUM(people) AS BIGINT) FROM observatory_people WHERE path = 'beginner'), \
         (SELECT CAST(SUM(people) AS BIGINT) FROM observatory_orientations_rollup \
          WHERE orientation = $1 AND departement = '35' AND age_band = '65-74')",
    )
    .bind(&orientation)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(
        (filed, kept, people, oriented),
        (1, skills.len() as i64, 1, 1)
    );
}

#[tokio::test]
async fn the_sheet_proposes_real_places_near_the_postcode_typed_for_the_help_needed() {
    let app = spawn_app().await;
    app::service::places::import(
        &app.state.db,
        &std::fs::read(root().join("app/data/places/lieux-fictifs.csv")).unwrap(),
    )
    .await
    .unwrap();
    let (s, cookie) = start(&app, json!({"path": "beginner"})).await;
    walk(&app, &s, |_| json!({"skip": true})).await;
    let sheet = |query: &'static str| {
        let path = format!("/resultat{query}");
        let cookie = cookie.clone();
        let app = &app;
        async move { app.page(&path, Some(&cookie)).await }
    };

    // Accompagnement: places teaching everyday tools, in the postcode's département.
    let page = sheet("?ou=35000").await;
    assert!(page.contains("Espace numérique fictif des Lices"), "{page}");
    assert!(page.contains("Atelier fictif du Blosne"));
    assert!(
        !page.contains("Maison fictive des services de Vitré"),
        "no everyday-tools service"
    );
    assert!(page.contains("Mo-Fr 09:00-12:00,14:00-18:00") && page.contains("Prendre rendez-vous"));
    // A specific need narrows the list.
    let page = sheet("?ou=35&besoin=Surdit%C3%A9").await;
    assert!(page.contains("Espace numérique fictif des Lices"));
    assert!(!page.contains("Atelier fictif du Blosne"));
    // Codes that name no département, and a département without places, say so.
    assert!(
        sheet("?ou=20000")
            .await
            .contains("En Corse, écrivez 2A ou 2B")
    );
    assert!(
        sheet("?ou=abc")
            .await
            .contains("Nous ne reconnaissons pas ce code")
    );
    assert!(
        sheet("?ou=22")
            .await
            .contains("pas encore de lieu dans ce département")
    );

    // Urgence: places helping with procedures.
    let (urgent, cookie) = start(&app, json!({"path": "beginner", "urgent_procedure": true})).await;
    walk(&app, &urgent, |_| json!({"skip": true})).await;
    let page = app.page("/resultat?ou=35500", Some(&cookie)).await;
    assert!(page.contains("France Services"), "the advice names it");
    assert!(page.contains("Maison fictive des services de Vitré"));
    assert!(page.contains("Espace numérique fictif des Lices"));
    assert!(
        !page.contains("Atelier fictif du Blosne"),
        "no procedure help there"
    );
}

fn item_id(page: &str) -> Option<String> {
    let marker = "name=\"item_id\" value=\"";
    let start = page.find(marker)? + marker.len();
    Some(page[start..start + page[start..].find('"')?].to_owned())
}

#[tokio::test]
async fn premiers_pas_works_with_plain_forms_from_the_home_page_to_the_sheet() {
    let app = spawn_app().await;
    let home = app.page("/", None).await;
    assert!(
        home.contains("href=\"/premiers-pas\""),
        "an entry on the home page"
    );
    let start = app.page("/premiers-pas", None).await;
    assert!(start.contains("Avez-vous une démarche à faire très vite ?"));
    assert!(start.contains("action=\"/premiers-pas/commencer\""));

    let res = app
        .api
        .post(app.url("/premiers-pas/commencer"))
        .form(&[("urgent", "oui")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[reqwest::header::LOCATION], "/evaluation");
    let cookie = cookie_pair(&res);
    let (path, urgent): (String, i64) =
        sqlx::query_as("SELECT path, urgent_procedure FROM assessments")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!((path.as_str(), urgent), ("beginner", 1));

    let page = app.page("/evaluation", Some(&cookie)).await;
    assert!(page.contains("Tâche 1"), "{page}");
    assert!(page.contains("Je n&#x27;y arrive pas") || page.contains("Je n'y arrive pas"));
    assert!(!page.contains("Je ne sais pas"));
    assert!(page.contains("Prenez votre temps"));
    assert!(page.contains("0 tâche faite"));

    let mut tasks = 0;
    while let Some(id) = item_id(&app.page("/evaluation", Some(&cookie)).await) {
        let res = app
            .api
            .post(app.url("/evaluation"))
            .header(reqwest::header::COOKIE, &cookie)
            .form(&[("item_id", id.as_str()), ("skip", "1")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        tasks += 1;
        assert!(tasks <= 12, "at most 12 tasks when nothing works");
        let next = app.page("/evaluation", Some(&cookie)).await;
        if item_id(&next).is_some() {
            assert!(
                next.contains("c&#x27;est noté") || next.contains("c'est noté"),
                "a kind word"
            );
        }
    }
    assert_eq!(tasks, 8);
    let sheet = app.page("/resultat", Some(&cookie)).await;
    assert!(sheet.contains("Votre bilan Premiers pas"));
    assert!(
        sheet.contains("France Services"),
        "urgence: somewhere to do it now"
    );
}
