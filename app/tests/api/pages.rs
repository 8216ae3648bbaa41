//! The HTML pages as a browser without JavaScript sees them, and the security headers.

use reqwest::{StatusCode, header};

use crate::helpers::{Started, TestApp, spawn_app};

async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> reqwest::Response {
    app.get(path, cookie).await
}

fn item_id(page: &str) -> String {
    let marker = "name=\"item_id\" value=\"";
    let start = page
        .find(marker)
        .expect("the item form carries its item id")
        + marker.len();
    page[start..start + page[start..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/evaluation", "/api/openapi.json", "/api/v1/nope"] {
        let res = get(&app, path, None).await;
        let h = res.headers();
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(h[header::REFERRER_POLICY], "no-referrer", "{path}");
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY", "{path}");
    }
}

#[tokio::test]
async fn page_scripts_carry_the_nonce_of_their_csp() {
    let app = spawn_app().await;
    let res = get(&app, "/", None).await;
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_owned();
    let html = res.text().await.unwrap();
    let scripts = html.matches("<script").count();
    assert!(scripts > 0);
    assert_eq!(
        html.matches(&format!("<script type=\"module\" nonce=\"{nonce}\""))
            .count()
            + html.matches(&format!("<script nonce=\"{nonce}\"")).count(),
        scripts
    );
}

#[tokio::test]
async fn the_home_page_explains_the_test_and_offers_to_start() {
    let app = spawn_app().await;
    let html = get(&app, "/", None).await.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\""));
    assert!(html.contains("Pas besoin de créer un compte"));
    assert!(html.contains("action=\"/commencer\""));
    assert!(!html.contains("Reprendre mon test"));
}

#[tokio::test]
async fn a_whole_assessment_works_with_plain_forms_and_can_be_resumed() {
    let app = spawn_app().await;
    let res = app.api.post(app.url("/commencer")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/evaluation");
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let cookie = cookie.as_str();

    // Coming back to the home page offers to resume.
    let home = get(&app, "/", Some(cookie)).await.text().await.unwrap();
    assert!(home.contains("Reprendre mon test"));

    // An empty form is refused with a message, and nothing is stored.
    let page = get(&app, "/evaluation", Some(cookie))
        .await
        .text()
        .await
        .unwrap();
    let first = item_id(&page);
    let res = app
        .api
        .post(app.url("/evaluation"))
        .header(header::COOKIE, cookie)
        .form(&[("item_id", first.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[header::LOCATION], "/evaluation?erreur=vide");
    let page = get(&app, "/evaluation?erreur=vide", Some(cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("role=\"alert\""));
    assert!(page.contains("<progress"), "a progress bar");
    assert!(
        page.contains("0 question répondue sur environ"),
        "progress in words, singular for none"
    );
    assert!(page.contains("Je ne sais pas"));

    let mut answered = 0;
    loop {
        let res = get(&app, "/evaluation", Some(cookie)).await;
        assert_eq!(res.status(), StatusCode::OK);
        let page = res.text().await.unwrap();
        if !page.contains("name=\"item_id\"") {
            assert!(
                page.contains("href=\"/resultat\""),
                "the end links to the result"
            );
            break;
        }
        let res = app
            .api
            .post(app.url("/evaluation"))
            .header(header::COOKIE, cookie)
            .form(&[("item_id", item_id(&page).as_str()), ("skip", "1")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        answered += 1;
        assert!(answered <= 200);
    }
    let result = get(&app, "/resultat", Some(cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(result.contains("<svg"), "a chart");
    assert!(result.contains("<table"), "a table alternative");
    assert!(result.contains("Pour progresser"));
    assert!(result.contains("action=\"/resultat/consentement\""));
}

#[tokio::test]
async fn without_a_cookie_the_item_page_says_there_is_no_test() {
    let app = spawn_app().await;
    let page = get(&app, "/evaluation", None).await.text().await.unwrap();
    assert!(page.contains("Aucun test en cours"));
    let forged = get(&app, "/evaluation", Some("tremplin=abc.def"))
        .await
        .text()
        .await
        .unwrap();
    assert!(forged.contains("Aucun test en cours"));
    let _ = Started {
        id: String::new(),
        token: String::new(),
    };
}

#[tokio::test]
async fn every_page_links_the_accessibility_declaration_and_the_privacy_page() {
    let app = spawn_app().await;
    for path in ["/", "/premiers-pas", "/evaluation", "/resultat"] {
        let page = app.page(path, None).await;
        assert!(page.contains("href=\"/accessibilite\""), "{path}");
        assert!(page.contains("href=\"/confidentialite\""), "{path}");
        assert!(page.contains("Accessibilité : non conforme"), "{path}");
    }
    let declaration = app.page("/accessibilite", None).await;
    for words in [
        "<h1>Déclaration d",
        "RGAA 4.1",
        "non conforme",
        "Défenseur des droits",
        "axe-core",
    ] {
        assert!(declaration.contains(words), "{words}");
    }
}

#[tokio::test]
async fn the_privacy_page_states_the_retention_and_contact_that_are_configured() {
    let app = spawn_app().await;
    let page = app.page("/confidentialite", None).await;
    assert!(page.contains("effacé 30 jours après son début"), "{page}");
    assert!(page.contains("effacées 365 jours après la fin"));
    assert!(page.contains("Adressez-vous à l"));
    let app = crate::helpers::spawn_app_with(|s| {
        s.retention_unfinished_days = 10;
        s.retention_answers_days = 90;
        s.contact_email = Some("donnees@exemple.invalid".into());
    })
    .await;
    let page = app.page("/confidentialite", None).await;
    assert!(page.contains("effacé 10 jours après son début"), "{page}");
    assert!(page.contains("effacées 90 jours après la fin"));
    assert!(page.contains("Écrivez à donnees@exemple.invalid."));
}
