//! Every error is JSON `{"error": …}` with the documented status, and changes nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{assert_json_error, spawn_app};

#[tokio::test]
async fn starting_returns_an_id_and_a_long_random_token_and_a_safe_cookie() {
    let app = spawn_app().await;
    let res = app.post_start(&json!({"path": "citizen"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite="),
        "{cookie}"
    );
    let body: Value = res.json().await.unwrap();
    let token = body["token"].as_str().unwrap();
    assert!(
        token.len() * 4 >= 128 && token.chars().all(|c| c.is_ascii_hexdigit()),
        "{token}"
    );
    let other = app.start().await;
    assert_ne!(other.token, token);
}

#[tokio::test]
async fn an_unknown_path_is_a_bad_request() {
    let app = spawn_app().await;
    let res = app.post_start(&json!({"path": "expert"})).await;
    assert_json_error(res, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn a_wrong_token_is_401_and_an_unknown_id_is_404() {
    let app = spawn_app().await;
    let s = app.start().await;
    let res = app
        .api
        .get(app.url(&format!("/api/v1/assessments/{}/current", s.id)))
        .bearer_auth("0".repeat(64))
        .send()
        .await
        .unwrap();
    assert_json_error(res, StatusCode::UNAUTHORIZED).await;
    let res = app
        .api
        .get(app.url(&format!("/api/v1/assessments/{}/current", s.id)))
        .send()
        .await
        .unwrap();
    assert_json_error(res, StatusCode::UNAUTHORIZED).await;
    let res = app
        .api
        .get(app.url("/api/v1/assessments/ffffffffffffffffffffffffffffffff/current"))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_json_error(res, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn a_malformed_body_is_400_and_stores_nothing() {
    let app = spawn_app().await;
    let s = app.start().await;
    let res = app
        .api
        .post(app.url(&format!("/api/v1/assessments/{}/answers", s.id)))
        .bearer_auth(&s.token)
        .header("content-type", "application/json")
        .body("{\"item_id\": ")
        .send()
        .await
        .unwrap();
    assert_json_error(res, StatusCode::BAD_REQUEST).await;
    let res = app
        .api
        .post(app.url(&format!("/api/v1/assessments/{}/answers", s.id)))
        .bearer_auth(&s.token)
        .json(&json!({"item_id": "x", "response": {"guess": 1}}))
        .send()
        .await
        .unwrap();
    assert_json_error(res, StatusCode::BAD_REQUEST).await;
    assert_eq!(app.stored_answers(&s.id).await, 0);
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let app = spawn_app().await;
    let s = app.start().await;
    let body: Value = app.current(&s).await.json().await.unwrap();
    let item_id = body["item"]["id"].as_str().unwrap();
    let huge = "a".repeat(64 * 1024);
    let res = app.answer(&s, item_id, json!({"text": [huge]})).await;
    assert_json_error(res, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(app.stored_answers(&s.id).await, 0);
}

#[tokio::test]
async fn a_response_of_the_wrong_shape_is_422_and_stores_nothing() {
    let app = spawn_app().await;
    let s = app.start().await;
    let body: Value = app.current(&s).await.json().await.unwrap();
    let item_id = body["item"]["id"].as_str().unwrap();
    // A pairing is the right shape for no kind but matching; the first item is never a matching
    // item with 0 left elements, so an empty pairing is always wrong in shape.
    let res = app.answer(&s, item_id, json!({"pairs": {}})).await;
    assert_json_error(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    let res = app
        .answer(&s, item_id, json!({"choices": ["no-such-option"]}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.stored_answers(&s.id).await, 0);
}

#[tokio::test]
async fn unknown_api_paths_answer_json_404() {
    let app = spawn_app().await;
    let res = app
        .api
        .get(app.url("/api/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_json_error(res, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn the_result_is_refused_until_the_end() {
    let app = spawn_app().await;
    let s = app.start().await;
    assert_json_error(app.result(&s).await, StatusCode::CONFLICT).await;
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint() {
    let app = spawn_app().await;
    let doc: Value = app
        .api
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/assessments",
        "/api/v1/assessments/{id}/current",
        "/api/v1/assessments/{id}/answers",
        "/api/v1/assessments/{id}/result",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} missing from the OpenAPI document"
        );
    }
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
}
