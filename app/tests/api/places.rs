//! Mediation places: importing the open-data standard (all or nothing, upsert by id) with the
//! `tremplin places import` command and the service, and reading them by département.

use std::process::Command;

use app::domain::PlaceService;
use app::service::{
    ServiceError,
    places::{self, ImportError, ImportReport},
};

use crate::helpers::{TestApp, root, spawn_app};

fn sample() -> Vec<u8> {
    std::fs::read(root().join("app/data/places/lieux-fictifs.csv")).unwrap()
}

async fn count(app: &TestApp) -> i64 {
    app::db::places::count(&app.state.db.pool).await.unwrap()
}

#[tokio::test]
async fn the_sample_imports_once_and_importing_it_again_changes_nothing() {
    let app = spawn_app().await;
    let first = places::import(&app.state.db, &sample()).await.unwrap();
    assert_eq!(
        first,
        ImportReport {
            inserted: 10,
            updated: 0,
            unchanged: 0
        }
    );
    let again = places::import(&app.state.db, &sample()).await.unwrap();
    assert_eq!(again.unchanged, 10);
    assert_eq!((again.inserted, again.updated), (0, 0));
    assert_eq!(count(&app).await, 10);

    // A changed row is updated, the others stay as they are.
    let edited = String::from_utf8(sample()).unwrap().replace(
        "Atelier fictif du Blosne",
        "Atelier fictif du Blosne rénové",
    );
    let report = places::import(&app.state.db, edited.as_bytes())
        .await
        .unwrap();
    assert_eq!((report.updated, report.unchanged), (1, 9));
    let rennes = places::near(&app.state.db, "35", None, None).await.unwrap();
    assert!(rennes.iter().any(|p| p.nom.contains("rénové")));
}

#[tokio::test]
async fn a_file_with_bad_rows_is_reported_line_by_line_and_changes_nothing() {
    let app = spawn_app().await;
    places::import(&app.state.db, &sample()).await.unwrap();
    let text = String::from_utf8(sample()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[1] = lines[1].replace("Espace numérique fictif", "Espace renommé");
    lines[3] = lines[3].replace(",35500,", ",355,");
    lines[5] = lines[5].replace("Loisirs et créations numériques", "Cours de cuisine");
    let bad = lines.join("\n");
    let Err(ImportError::Invalid(problems)) = places::import(&app.state.db, bad.as_bytes()).await
    else {
        panic!("the file is refused");
    };
    let reported: Vec<u64> = problems.iter().map(|p| p.line).collect();
    assert_eq!(reported, vec![4, 6], "{problems:?}");
    // Nothing half-imported: the good, renamed first row was not written either.
    let rennes = places::near(&app.state.db, "35", None, None).await.unwrap();
    assert!(rennes.iter().all(|p| !p.nom.contains("renommé")));
    assert_eq!(count(&app).await, 10);
}

#[tokio::test]
async fn places_are_read_by_departement_service_and_specific_need() {
    let app = spawn_app().await;
    places::import(&app.state.db, &sample()).await.unwrap();
    let db = &app.state.db;
    let ids = |v: Vec<app::domain::Place>| v.into_iter().map(|p| p.id).collect::<Vec<_>>();
    assert_eq!(places::near(db, "35", None, None).await.unwrap().len(), 3);
    let demarches = ids(places::near(db, "35", Some(PlaceService::Demarches), None)
        .await
        .unwrap());
    assert_eq!(demarches, vec!["fictif-35-01", "fictif-35-03"]);
    let deaf = ids(places::near(db, "35", None, Some("Surdité")).await.unwrap());
    assert_eq!(deaf, vec!["fictif-35-01"]);
    assert_eq!(
        ids(places::near(db, "2A", None, None).await.unwrap()),
        vec!["fictif-2A-01"]
    );
    assert_eq!(
        ids(places::near(db, "974", None, None).await.unwrap()),
        vec!["fictif-974-01"]
    );
    assert!(places::near(db, "22", None, None).await.unwrap().is_empty());
    assert!(matches!(
        places::near(db, "20", None, None).await,
        Err(ServiceError::UnknownDepartement(_))
    ));
    assert!(matches!(
        places::near(db, "35", None, Some("%")).await,
        Err(ServiceError::InvalidQuery(_))
    ));
}

#[tokio::test]
async fn the_import_command_reports_file_line_problems_and_exits_non_zero() {
    let app = spawn_app().await;
    let dir = std::env::temp_dir().join(format!("tremplin-places-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join(format!("bad-{}.csv", app.state.catalog.version));
    let text = String::from_utf8(sample()).unwrap();
    std::fs::write(&bad, text.replacen("2026-11-15", "15/11/2026", 1)).unwrap();
    let run = |file: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_tremplin"))
            .args(["places", "import"])
            .arg(file)
            .env("DATABASE_URL", app.database_url())
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let out = run(&bad);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:2: date_maj `15/11/2026`", bad.display())),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was imported"));
    assert_eq!(count(&app).await, 0);

    let good = root().join("app/data/places/lieux-fictifs.csv");
    let out = run(&good);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("10 places imported (10 new"));
    assert_eq!(count(&app).await, 10);
    let _ = std::fs::remove_file(&bad);
}

#[tokio::test]
async fn the_places_api_answers_by_departement_with_filters_and_clear_errors() {
    let app = spawn_app().await;
    places::import(&app.state.db, &sample()).await.unwrap();
    let get = |query: &'static str| {
        let url = app.url(&format!("/api/v1/places{query}"));
        let client = app.api.clone();
        async move { client.get(url).send().await.unwrap() }
    };
    let ids = |body: serde_json::Value| -> Vec<String> {
        body["places"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let res = get("?departement=35").await;
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(ids(body.clone()).len(), 3);
    let first = &body["places"][0];
    for field in [
        "nom",
        "adresse",
        "code_postal",
        "commune",
        "horaires",
        "prise_rdv",
    ] {
        assert!(first[field].is_string(), "{field} in {first}");
    }
    assert!(first["services"].is_array() && first["frais_a_charge"].is_array());
    let body = get("?departement=35&service=demarches")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(body), vec!["fictif-35-01", "fictif-35-03"]);
    let body = get("?departement=35&besoin=Surdit%C3%A9")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(body), vec!["fictif-35-01"]);
    let body = get("?departement=22").await.json().await.unwrap();
    assert!(ids(body).is_empty());
    for bad in [
        "",
        "?departement=20",
        "?departement=35&service=cuisine",
        "?departement=35&besoin=%25",
        "?departement=35&couleur=bleu",
    ] {
        crate::helpers::assert_json_error(get(bad).await, reqwest::StatusCode::BAD_REQUEST).await;
    }
}

#[tokio::test]
async fn a_citizen_with_weak_competences_is_offered_places_near_home_on_the_result() {
    let app = spawn_app().await;
    places::import(&app.state.db, &sample()).await.unwrap();
    let (cookie, s) = app.start_in_browser().await;
    app.skip_to_the_end(&s).await;
    let page = app.page("/resultat", Some(&cookie)).await;
    assert!(
        page.contains("Trouver de l&#x27;aide près de chez vous")
            || page.contains("Trouver de l'aide près de chez vous")
    );
    let page = app.page("/resultat?ou=59000", Some(&cookie)).await;
    assert!(
        page.contains("Médiathèque fictive de Wazemmes"),
        "everyday tools in the 59"
    );
}
