//! Pilot items: served now and then on the citizen path, never first, last or twice in a row,
//! stored as pilot answers and left out of the result; calibrated with θ fixed by
//! `tremplin calibrate`.

use std::collections::HashSet;

use serde_json::Value;

use crate::bank_copy::BankCopy;
use crate::helpers::spawn_app_with;

#[tokio::test]
async fn pilot_items_come_now_and_then_unscored_never_first_last_or_twice_in_a_row() {
    let (bank, pilots) = BankCopy::with_pilots();
    assert!(pilots.len() >= 20, "{} pilot items", pilots.len());
    let app = spawn_app_with(|s| s.bank_dir = bank.0.clone()).await;
    let (mut answers, mut piloted) = (0, 0);
    for _ in 0..8 {
        let s = app.start().await;
        app.skip_to_the_end(&s).await;
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT item_id, pilot FROM answers WHERE assessment_id = $1 ORDER BY seq",
        )
        .bind(&s.id)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(rows[0].1, 0, "never first");
        assert_eq!(rows.last().unwrap().1, 0, "never last");
        for pair in rows.windows(2) {
            assert!(pair[0].1 == 0 || pair[1].1 == 0, "two in a row: {rows:?}");
        }
        for (id, pilot) in &rows {
            assert_eq!(*pilot == 1, pilots.contains(id), "{id}: marked {pilot}");
        }
        let scored = rows.iter().filter(|r| r.1 == 0).count();
        let result: Value = app.result(&s).await.json().await.unwrap();
        let counted: u64 = result["competences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["answered"].as_u64().unwrap())
            .sum();
        assert_eq!(
            counted as usize, scored,
            "the result counts the scored answers only"
        );
        answers += rows.len();
        piloted += rows.len() - scored;
    }
    // One in twelve is due after a scored answer: about 7.7 % of all answers.
    let share = piloted as f64 / answers as f64;
    assert!(
        (0.03..0.16).contains(&share),
        "{piloted} pilot answers of {answers}"
    );
}

#[tokio::test]
async fn an_item_answered_as_a_pilot_is_not_served_again_once_it_is_live() {
    let (bank, pilots) = BankCopy::with_pilots();
    let app = spawn_app_with(|s| s.bank_dir = bank.0.clone()).await;
    // Skip until some assessment has answered a pilot item.
    let started = loop {
        let s = app.start().await;
        let mut answered_pilot = false;
        for _ in 0..30 {
            let body: Value = app.current(&s).await.json().await.unwrap();
            let Some(id) = body["item"]["id"].as_str().map(str::to_owned) else {
                break;
            };
            let res = app.answer(&s, &id, serde_json::json!({"skip": true})).await;
            assert_eq!(res.status(), reqwest::StatusCode::OK);
            if pilots.contains(&id) {
                answered_pilot = true;
                break;
            }
        }
        if answered_pilot {
            break s;
        }
    };
    // The next bank version makes every pilot item live (the real bank).
    let live = app
        .restart_with(|s| s.bank_dir = crate::helpers::root().join("item-bank/data"))
        .await;
    live.skip_to_the_end(&started).await;
    let ids: Vec<(String,)> =
        sqlx::query_as("SELECT item_id FROM answers WHERE assessment_id = $1")
            .bind(&started.id)
            .fetch_all(&live.state.db.pool)
            .await
            .unwrap();
    let distinct: HashSet<&str> = ids.iter().map(|(i,)| i.as_str()).collect();
    assert_eq!(distinct.len(), ids.len(), "no item twice");
    let result = live.result(&started).await;
    assert_eq!(result.status(), reqwest::StatusCode::OK);
}
