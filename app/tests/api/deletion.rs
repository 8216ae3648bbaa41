//! A person deletes their own test: through the API with its token, or from the result page
//! of their device. Everything of the test goes; another person's test cannot be touched.

use reqwest::{StatusCode, header};

use crate::helpers::{assert_json_error, spawn_app};

#[tokio::test]
async fn the_api_deletes_a_test_with_its_token_and_nothing_else() {
    let app = spawn_app().await;
    let (mine, other) = (app.start().await, app.start().await);
    app.skip_to_the_end(&mine).await;
    let delete = |id: &str, token: &str| {
        app.api
            .delete(app.url(&format!("/api/v1/assessments/{id}")))
            .bearer_auth(token)
            .send()
    };
    // Someone else's token opens nothing and deletes nothing.
    let res = delete(&mine.id, &other.token).await.unwrap();
    assert_json_error(res, StatusCode::UNAUTHORIZED).await;
    assert!(app.stored_answers(&mine.id).await > 0);

    let res = delete(&mine.id, &mine.token).await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.stored_answers(&mine.id).await, 0);
    assert_eq!(app.result(&mine).await.status(), StatusCode::NOT_FOUND);
    // Deleting is idempotent with the same token; another token is still refused, and an id
    // that never existed is unknown.
    let res = delete(&mine.id, &mine.token).await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = delete(&mine.id, &other.token).await.unwrap();
    assert_json_error(res, StatusCode::UNAUTHORIZED).await;
    let res = delete("0123456789abcdef0123456789abcdef", &mine.token)
        .await
        .unwrap();
    assert_json_error(res, StatusCode::NOT_FOUND).await;
    // The other test is untouched.
    assert_eq!(app.current(&other).await.status(), StatusCode::OK);
    let body: serde_json::Value = app.current(&other).await.json().await.unwrap();
    assert!(body["item"]["id"].is_string(), "{body}");
}

#[tokio::test]
async fn the_result_page_deletes_the_test_of_this_device_once_confirmed() {
    let app = spawn_app().await;
    let (cookie, started) = app.start_in_browser().await;
    app.skip_to_the_end(&started).await;
    let page = app.page("/resultat", Some(&cookie)).await;
    assert!(page.contains("action=\"/resultat/supprimer\""), "{page}");
    let post = |form: &'static [(&'static str, &'static str)]| {
        app.api
            .post(app.url("/resultat/supprimer"))
            .header(header::COOKIE, &cookie)
            .form(form)
            .send()
    };
    // Without the confirmation ticked, nothing happens.
    let res = post(&[]).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/resultat");
    assert_eq!(app.result(&started).await.status(), StatusCode::OK);

    let res = post(&[("confirme", "oui")]).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/?efface=1");
    let set_cookie = res.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(set_cookie.contains("Max-Age=0"), "{set_cookie}");
    assert_eq!(app.result(&started).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.stored_answers(&started.id).await, 0);
    let home = app.page("/?efface=1", None).await;
    assert!(home.contains("Votre test a été effacé."), "{home}");
}

#[tokio::test]
async fn i_am_done_forgets_the_test_on_this_device_and_keeps_it_stored() {
    let app = spawn_app().await;
    let (cookie, started) = app.start_in_browser().await;
    app.skip_to_the_end(&started).await;
    let page = app.page("/resultat", Some(&cookie)).await;
    assert!(
        page.contains("action=\"/terminer\""),
        "the result page offers it"
    );
    let res = app
        .api
        .post(app.url("/terminer"))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/");
    let cleared = res.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    // The test itself is still stored (its token still opens it): only the device forgot it.
    assert_eq!(app.result(&started).await.status(), StatusCode::OK);
}
