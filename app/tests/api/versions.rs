//! Item versions: the bank changes under live assessments (items retired, re-parameterised,
//! reworded). An assessment in progress goes on with live items, never a 5xx; a finished
//! assessment's result never changes. Each test restarts the server on the same database with
//! an edited copy of the bank.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::bank_copy::BankCopy;
use crate::helpers::{Started, TestApp, spawn_app};

async fn current_id(app: &TestApp, s: &Started) -> Option<String> {
    let res = app.current(s).await;
    assert_eq!(res.status(), StatusCode::OK, "no 5xx after a bank change");
    let body: Value = res.json().await.unwrap();
    body["item"]["id"].as_str().map(str::to_owned)
}

/// Skips `n` items; returns their ids.
async fn skip(app: &TestApp, s: &Started, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for _ in 0..n {
        let id = current_id(app, s).await.expect("an item to answer");
        let res = app.answer(s, &id, json!({"skip": true})).await;
        assert_eq!(res.status(), StatusCode::OK);
        ids.push(id);
    }
    ids
}

async fn stored_bank_version(app: &TestApp, id: &str) -> String {
    let (v,): (String,) = sqlx::query_as("SELECT bank_version FROM assessments WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    v
}

#[tokio::test]
async fn an_assessment_goes_on_when_answered_and_current_items_are_retired() {
    let first = spawn_app().await;
    let s = first.start().await;
    let answered = skip(&first, &s, 3).await;
    let served = current_id(&first, &s).await.unwrap();

    let bank = BankCopy::new();
    bank.retire(&answered[1]);
    bank.retire(&served);
    let second = first
        .restart_with(|settings| settings.bank_dir = bank.0.clone())
        .await;
    assert_ne!(second.state.catalog.version, first.state.catalog.version);
    assert_eq!(
        stored_bank_version(&second, &s.id).await,
        first.state.catalog.version,
        "the assessment keeps the version it started with"
    );

    // The retired item being served is replaced by a live one; answering the old one is 409.
    let now = current_id(&second, &s).await.expect("a new item");
    assert_ne!(now, served);
    assert!(!answered.contains(&now));
    assert!(second.state.catalog.live(&now).is_some());
    assert_eq!(
        second
            .answer(&s, &served, json!({"skip": true}))
            .await
            .status(),
        StatusCode::CONFLICT
    );

    // It goes on to the end and scores, the retired answered item included.
    let n = second.skip_to_the_end(&s).await;
    assert!(n >= 1);
    let res = second.result(&s).await;
    assert_eq!(res.status(), StatusCode::OK);
    let result: Value = res.json().await.unwrap();
    let reviewed: Vec<&str> = result["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["item_id"].as_str().unwrap())
        .collect();
    assert!(reviewed.contains(&answered[1].as_str()));
    assert_eq!(second.stored_answers(&s.id).await, (3 + n) as i64);
}

#[tokio::test]
async fn new_parameters_and_new_texts_do_not_stop_an_assessment_in_progress() {
    let first = spawn_app().await;
    let s = first.start().await;
    let answered = skip(&first, &s, 2).await;
    let served = current_id(&first, &s).await.unwrap();

    let bank = BankCopy::new();
    bank.reparameterise(&answered[0]);
    bank.reword(&served);
    let second = first
        .restart_with(|settings| settings.bank_dir = bank.0.clone())
        .await;
    let body: Value = second.current(&s).await.json().await.unwrap();
    assert_eq!(
        body["item"]["id"],
        served.as_str(),
        "a live item stays current"
    );
    assert_eq!(
        body["item"]["prompt"][0], "Énoncé révisé.",
        "it is shown as the bank says now"
    );
    second.skip_to_the_end(&s).await;
    assert_eq!(second.result(&s).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_answered_item_removed_from_the_bank_does_not_stop_the_assessment() {
    let first = spawn_app().await;
    let s = first.start().await;
    let answered = skip(&first, &s, 2).await;
    let bank = BankCopy::new();
    bank.remove(&answered[0]);
    let second = first
        .restart_with(|settings| settings.bank_dir = bank.0.clone())
        .await;
    assert!(second.state.catalog.bank.get(&answered[0]).is_none());
    assert!(current_id(&second, &s).await.is_some());
    second.skip_to_the_end(&s).await;
    assert_eq!(second.result(&s).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_finished_result_never_changes_when_the_bank_does() {
    let first = spawn_app().await;
    let s = first.start().await;
    first.skip_to_the_end(&s).await;
    let before: Value = first.result(&s).await.json().await.unwrap();
    let answered: Vec<String> = before["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["item_id"].as_str().unwrap().to_owned())
        .collect();
    assert!(answered.len() >= 3);

    let bank = BankCopy::new();
    bank.retire(&answered[0]);
    bank.reparameterise(&answered[1]);
    bank.reword(&answered[2]);
    let second = first
        .restart_with(|settings| settings.bank_dir = bank.0.clone())
        .await;
    let after: Value = second.result(&s).await.json().await.unwrap();
    assert_eq!(after, before, "the stored result is served as it was");
    assert_eq!(before["bank_version"], first.state.catalog.version.as_str());
    let text = after.to_string();
    assert!(!text.contains("Énoncé révisé") && !text.contains("Explication révisée"));
}
