//! Gestures on the simulated screen: a task answered with points is stored as that gesture and
//! scored by the server (the zone a point hits is found there); a malformed gesture is 422 and
//! stores nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tremplin_bank::{Bank, Response};

use crate::helpers::{Started, TestApp, assert_json_error, root, spawn_app};

/// Skips items until a task answered at a point (click, double-click, …) is served; returns
/// its id and the point-based right answer.
async fn skip_to_a_pointed_task(app: &TestApp, s: &Started, bank: &Bank) -> (String, Value) {
    let mut body: Value = app.current(s).await.json().await.unwrap();
    for _ in 0..60 {
        assert!(body.get("done").is_none(), "no task item was served");
        let id = body["item"]["id"].as_str().unwrap().to_owned();
        let at = bank
            .get(&id)
            .unwrap()
            .correct_responses()
            .into_iter()
            .find(|r| matches!(r, Response::Task(outcome) if outcome.at.is_some()));
        if let Some(right) = at {
            return (id, serde_json::to_value(right).unwrap());
        }
        let res = app.answer(s, &id, json!({"skip": true})).await;
        assert_eq!(res.status(), StatusCode::OK);
        body = res.json().await.unwrap();
    }
    panic!("no task item within 60 items");
}

async fn stored(app: &TestApp, s: &Started, item_id: &str) -> (Value, i64) {
    let (response, correct): (String, i64) = sqlx::query_as(
        "SELECT response, correct FROM answers WHERE assessment_id = $1 AND item_id = $2",
    )
    .bind(&s.id)
    .bind(item_id)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    (serde_json::from_str(&response).unwrap(), correct)
}

#[tokio::test]
async fn a_task_answered_with_a_point_is_stored_as_that_gesture_and_scored_by_the_server() {
    let app = spawn_app().await;
    let bank = Bank::load(&root().join("item-bank/data")).unwrap();

    let s = app.start().await;
    let (item, right) = skip_to_a_pointed_task(&app, &s, &bank).await;
    assert_eq!(
        app.answer(&s, &item, right.clone()).await.status(),
        StatusCode::OK
    );
    let (response, correct) = stored(&app, &s, &item).await;
    assert_eq!(response, right, "stored as the gesture sent: {response}");
    assert!(response["task"]["at"]["x"].is_number());
    assert_eq!(correct, 1, "the point is in the key target");

    // Outside every target: a wrong answer, not an error.
    let other = app.start().await;
    let (item, right) = skip_to_a_pointed_task(&app, &other, &bank).await;
    let mut outside = right.clone();
    outside["task"]["at"] = json!({"x": -50.0, "y": -50.0});
    assert_eq!(
        app.answer(&other, &item, outside.clone()).await.status(),
        StatusCode::OK
    );
    assert_eq!(stored(&app, &other, &item).await, (outside, 0));
}

#[tokio::test]
async fn a_malformed_gesture_is_422_and_stores_nothing() {
    let app = spawn_app().await;
    let bank = Bank::load(&root().join("item-bank/data")).unwrap();
    let s = app.start().await;
    let (item, right) = skip_to_a_pointed_task(&app, &s, &bank).await;
    let before = app.stored_answers(&s.id).await;
    let action = right["task"]["action"].clone();
    let point = json!({"x": 1.0, "y": 1.0});
    // Shapes the document allows, refused by the checker: 422.
    for malformed in [
        // Ids and points mixed.
        json!({"task": {"action": action, "target": "x", "at": point}}),
        // A start without an end.
        json!({"task": {"action": action, "from": point}}),
        // A point and a movement.
        json!({"task": {"action": action, "at": point, "from": point, "to": point}}),
    ] {
        assert_json_error(
            app.answer(&s, &item, malformed.clone()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(app.stored_answers(&s.id).await, before, "{malformed}");
    }
    // Not a point at all: the body does not fit the document, 400.
    for malformed in [
        json!({"task": {"action": action, "at": {"x": "gauche", "y": 1.0}}}),
        json!({"task": {"action": action, "at": {"x": 1.0, "y": 1.0, "z": 0.0}}}),
    ] {
        assert_json_error(
            app.answer(&s, &item, malformed.clone()).await,
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert_eq!(app.stored_answers(&s.id).await, before, "{malformed}");
    }
    assert_eq!(
        app.answer(&s, &item, right).await.status(),
        StatusCode::OK,
        "the item can still be answered"
    );
}
