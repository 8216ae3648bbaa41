//! What a deployment needs: cookies for https, cross-site requests refused, starts rate-limited
//! per client, a request id on every response and in 5xx bodies, pictures under opaque names.

use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::helpers::{assert_json_error, spawn_app, spawn_app_with};

#[tokio::test]
async fn behind_https_the_cookie_is_host_only_and_secure() {
    let app = spawn_app_with(|s| s.public_url = Some("https://tremplin.example.fr".into())).await;
    let res = app
        .api
        .post(app.url("/commencer"))
        .header(header::ORIGIN, "https://tremplin.example.fr")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("__Host-tremplin="), "{cookie}");
    for flag in ["Secure", "HttpOnly", "Path=/", "SameSite="] {
        assert!(cookie.contains(flag), "{flag} missing: {cookie}");
    }
    assert!(!cookie.contains("Domain="));
    // The cookie opens the assessment; the plain name no longer does.
    let pair = cookie.split(';').next().unwrap().to_owned();
    let page = app.page("/evaluation", Some(&pair)).await;
    assert!(page.contains("name=\"item_id\""));
    let plain = pair.trim_start_matches("__Host-");
    let page = app.page("/evaluation", Some(plain)).await;
    assert!(page.contains("Aucun test en cours"));
}

#[tokio::test]
async fn over_plain_http_the_cookie_is_not_marked_secure() {
    let app = spawn_app().await;
    let res = app.api.post(app.url("/commencer")).send().await.unwrap();
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("tremplin=") && !cookie.contains("Secure"));
}

async fn assessments(app: &crate::helpers::TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM assessments")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    n
}

#[tokio::test]
async fn cross_site_state_changes_are_refused_and_change_nothing() {
    let app = spawn_app_with(|s| s.public_url = Some("https://tremplin.example.fr".into())).await;
    let from_elsewhere = app
        .api
        .post(app.url("/commencer"))
        .header(header::ORIGIN, "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(from_elsewhere.status(), StatusCode::FORBIDDEN);
    assert!(from_elsewhere.text().await.unwrap().contains("autre site"));
    let fetch_metadata = app
        .api
        .post(app.url("/commencer"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(fetch_metadata.status(), StatusCode::FORBIDDEN);
    let api = app
        .api
        .post(app.url("/api/v1/assessments"))
        .header(header::ORIGIN, "https://evil.example")
        .json(&json!({"path": "citizen"}))
        .send()
        .await
        .unwrap();
    assert_json_error(api, StatusCode::FORBIDDEN).await;
    assert_eq!(assessments(&app).await, 0);

    // The same requests from the site itself pass.
    let same = app
        .api
        .post(app.url("/commencer"))
        .header(header::ORIGIN, "https://tremplin.example.fr")
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::SEE_OTHER);
    assert_eq!(assessments(&app).await, 1);
}

#[tokio::test]
async fn starting_too_many_assessments_from_one_address_is_429_with_a_message() {
    let app = spawn_app_with(|s| {
        s.starts_per_minute = 1;
        s.starts_burst = 3;
    })
    .await;
    for _ in 0..3 {
        app.start().await;
    }
    let res = app.post_start(&json!({"path": "citizen"})).await;
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    assert_json_error(res, StatusCode::TOO_MANY_REQUESTS).await;
    // The form door shares the limit and says it in a page.
    let res = app.api.post(app.url("/commencer")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let page = res.text().await.unwrap();
    assert!(page.contains("Patientez"), "{page}");
    assert_eq!(assessments(&app).await, 3);
    // Other requests are not limited.
    let doc = app
        .api
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(doc.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_response_has_a_request_id_and_a_5xx_body_quotes_it() {
    let app = spawn_app().await;
    let s = app.start().await;
    let res = app.current(&s).await;
    let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 16);
    let body: Value = res.json().await.unwrap();
    let item = body["item"]["id"].as_str().unwrap().to_owned();

    // Break the storage under the server: the answer fails inside, not because of the caller.
    sqlx::raw_sql("DROP TABLE answers")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let res = app.answer(&s, &item, json!({"skip": true})).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body: Value = res.json().await.unwrap();
    let message = body["error"].as_str().unwrap();
    assert!(message.contains(&id), "{message} quotes {id}");
    assert!(
        !message.to_lowercase().contains("answers"),
        "no internals: {message}"
    );
}

#[tokio::test]
async fn pictures_are_served_under_opaque_content_hashed_names_for_good() {
    let app = spawn_app().await;
    let catalog = &app.state.catalog;
    let item = catalog
        .bank
        .live()
        .find(|i| {
            i.media()
                .is_some_and(|m| m.file.ends_with("appel-faux-conseiller.svg"))
        })
        .expect("the bank has this picture");
    let file = &item.media().unwrap().file;
    let url = catalog.media_url(file).unwrap();
    assert!(!url.contains("conseiller") && !url.contains("4.1"), "{url}");
    let res = app.api.get(app.url(url)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "image/svg+xml");
    assert!(
        res.headers()[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let bytes = res.bytes().await.unwrap();
    let on_disk =
        std::fs::read_to_string(crate::helpers::root().join("item-bank/data").join(file)).unwrap();
    // The picture as drawn by the team, without anything that could name a zone.
    assert_eq!(
        std::str::from_utf8(&bytes).unwrap(),
        app::service::catalog::clean_svg(&on_disk)
    );
    // The file's own name is not served.
    let by_name = app
        .api
        .get(app.url(&format!("/{file}")))
        .send()
        .await
        .unwrap();
    assert_eq!(by_name.status(), StatusCode::NOT_FOUND);
}
