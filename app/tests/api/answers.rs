//! Answers are accepted once, in order, for the item served; the assessment ends and scores.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tremplin_bank::{Bank, Item, Response};

use crate::helpers::{assert_json_error, root, spawn_app};

#[tokio::test]
async fn an_answer_for_another_item_is_409_and_stores_nothing() {
    let app = spawn_app().await;
    let s = app.start().await;
    let body: Value = app.current(&s).await.json().await.unwrap();
    let current = body["item"]["id"].as_str().unwrap().to_owned();
    let other = app
        .state
        .catalog
        .items
        .iter()
        .find(|id| **id != current)
        .unwrap()
        .clone();
    assert_json_error(
        app.answer(&s, &other, json!({"skip": true})).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(app.stored_answers(&s.id).await, 0);
}

#[tokio::test]
async fn the_same_item_cannot_be_answered_twice() {
    let app = spawn_app().await;
    let s = app.start().await;
    let body: Value = app.current(&s).await.json().await.unwrap();
    let item = body["item"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.answer(&s, &item, json!({"skip": true})).await.status(),
        StatusCode::OK
    );
    assert_json_error(
        app.answer(&s, &item, json!({"skip": true})).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(app.stored_answers(&s.id).await, 1);
}

#[tokio::test]
async fn concurrent_copies_of_one_answer_are_accepted_exactly_once() {
    let app = spawn_app().await;
    let s = app.start().await;
    let body: Value = app.current(&s).await.json().await.unwrap();
    let item = body["item"]["id"].as_str().unwrap().to_owned();
    let url = app.url(&format!("/api/v1/assessments/{}/answers", s.id));
    let attempts = (0..6).map(|_| {
        app.api
            .post(&url)
            .bearer_auth(&s.token)
            .json(&json!({"item_id": item, "response": {"skip": true}}))
            .send()
    });
    let statuses: Vec<StatusCode> = futures_join(attempts).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT)
    );
    assert_eq!(app.stored_answers(&s.id).await, 1);
}

async fn futures_join<F>(futures: impl Iterator<Item = F>) -> Vec<StatusCode>
where
    F: std::future::Future<Output = reqwest::Result<reqwest::Response>> + Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap().unwrap().status());
    }
    out
}

#[tokio::test]
async fn a_skipped_assessment_ends_within_the_maximum_and_scores_every_competence() {
    let app = spawn_app().await;
    let s = app.start().await;
    let n = app.skip_to_the_end(&s).await;
    assert!(n <= app.state.catalog.config.max_items, "{n} items served");
    let done: Value = app.current(&s).await.json().await.unwrap();
    assert_eq!(done, json!({"done": true}));
    let res = app.result(&s).await;
    assert_eq!(res.status(), StatusCode::OK);
    let result: Value = res.json().await.unwrap();
    assert_eq!(result["competences"].as_array().unwrap().len(), 16);
    assert_eq!(result["domains"].as_array().unwrap().len(), 5);
    assert!(!result["framework_version"].as_str().unwrap().is_empty());
    for c in result["competences"].as_array().unwrap() {
        let level = c["level"].as_u64().unwrap();
        assert!(level <= 8);
        assert!(c["se"].as_f64().unwrap() > 0.0);
        assert!(c["theta"].as_f64().unwrap().is_finite());
    }
    assert_eq!(result["answers"].as_array().unwrap().len(), n);
    assert!(
        result["answers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["skipped"] == true && a["correct"] == false)
    );
    // The answers were stored in the order they were given.
    let seqs: Vec<(i64, String)> =
        sqlx::query_as("SELECT seq, item_id FROM answers WHERE assessment_id = $1 ORDER BY seq")
            .bind(&s.id)
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(
        seqs.iter().map(|(q, _)| *q).collect::<Vec<_>>(),
        (0..n as i64).collect::<Vec<_>>()
    );
    let reviewed: Vec<&str> = result["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["item_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        reviewed,
        seqs.iter().map(|(_, id)| id.as_str()).collect::<Vec<_>>()
    );
}

/// A right response found by trying the candidates the item's own checker accepts
/// (choice, ordering, zone and task items but typed text; others are skipped).
pub fn right_response(item: &Item, view: &Value) -> Option<Value> {
    let way = &view["answer"];
    let ids = |key: &str| -> Vec<String> {
        way[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|o| o["id"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let ok = |v: &Value| -> bool {
        serde_json::from_value::<Response>(v.clone())
            .ok()
            .and_then(|r| item.check(&r).ok())
            .unwrap_or(false)
    };
    let options = ids("options");
    let zones = ids("regions");
    let mut candidates: Vec<Value> = Vec::new();
    match (way["kind"].as_str().unwrap(), way["multiple"].as_bool()) {
        ("choice", Some(false)) => {
            candidates.extend(options.iter().map(|o| json!({"choices": [o]})))
        }
        ("choice", _) => {
            for mask in 1u32..(1 << options.len()) {
                let chosen: Vec<&String> = options
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, o)| o)
                    .collect();
                candidates.push(json!({"choices": chosen}));
            }
        }
        ("task", _) => {
            let action = way["action"].as_str().unwrap();
            let targets = ids("targets");
            match action {
                "drag" => {
                    for a in &targets {
                        for b in &targets {
                            candidates.push(
                                json!({"task": {"action": action, "source": a, "target": b}}),
                            );
                        }
                    }
                }
                "swipe" => candidates.extend(
                    ["left", "right", "up", "down"]
                        .map(|d| json!({"task": {"action": action, "direction": d}})),
                ),
                _ => candidates.extend(
                    targets
                        .iter()
                        .map(|t| json!({"task": {"action": action, "target": t}})),
                ),
            }
        }
        ("hotspot", _) => candidates.extend(zones.iter().map(|z| json!({"choices": [z]}))),
        ("ordering", _) if options.len() <= 7 => {
            let mut perm = options.clone();
            permutations(&mut perm, 0, &mut |p| candidates.push(json!({"order": p})));
        }
        _ => {}
    }
    candidates.into_iter().find(ok)
}

fn permutations(v: &mut Vec<String>, k: usize, f: &mut impl FnMut(&[String])) {
    if k == v.len() {
        f(v);
        return;
    }
    for i in k..v.len() {
        v.swap(k, i);
        permutations(v, k + 1, f);
        v.swap(k, i);
    }
}

#[tokio::test]
async fn answering_well_gives_higher_levels_than_not_knowing() {
    let app = spawn_app().await;
    let bank = Bank::load(&root().join("item-bank/data")).unwrap();
    let skipper = app.start().await;
    app.skip_to_the_end(&skipper).await;

    let good = app.start().await;
    let mut body: Value = app.current(&good).await.json().await.unwrap();
    let mut right = 0;
    while body.get("done").is_none() {
        let view = &body["item"];
        let id = view["id"].as_str().unwrap().to_owned();
        let response =
            right_response(bank.get(&id).unwrap(), view).unwrap_or(json!({"skip": true}));
        right += usize::from(response.get("skip").is_none());
        let res = app.answer(&good, &id, response).await;
        assert_eq!(res.status(), StatusCode::OK);
        body = res.json().await.unwrap();
    }
    assert!(right > 0, "the test could answer some items right");
    let low: Value = app.result(&skipper).await.json().await.unwrap();
    let high: Value = app.result(&good).await.json().await.unwrap();
    let mean = |r: &Value| {
        let c = r["competences"].as_array().unwrap();
        c.iter().map(|x| x["theta"].as_f64().unwrap()).sum::<f64>() / c.len() as f64
    };
    assert!(
        mean(&high) > mean(&low),
        "θ {} (good) vs {} (skipped)",
        mean(&high),
        mean(&low)
    );
    assert!(high["general_theta"].as_f64().unwrap() > low["general_theta"].as_f64().unwrap());
}

#[tokio::test]
async fn an_answer_replays_the_engine_once_and_showing_an_item_never_does() {
    let app = spawn_app().await;
    let (cookie, s) = app.start_in_browser().await;
    let replays = || app.state.catalog.replays();
    for _ in 0..2 {
        let before = replays();
        // Showing the item: the page, its server function, the REST `current`.
        let page = app.get("/evaluation", Some(&cookie)).await;
        assert_eq!(page.status(), StatusCode::OK);
        let body: Value = app.current(&s).await.json().await.unwrap();
        assert_eq!(
            replays(),
            before,
            "showing the current item replays nothing"
        );
        // Answering through the form, then through the API: one replay each.
        let item = body["item"]["id"].as_str().unwrap().to_owned();
        let res = app
            .api
            .post(app.url("/evaluation"))
            .header(reqwest::header::COOKIE, &cookie)
            .form(&[("item_id", item.as_str()), ("skip", "1")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(replays(), before + 1, "one replay for a form answer");
        let body: Value = app.current(&s).await.json().await.unwrap();
        let item = body["item"]["id"].as_str().unwrap().to_owned();
        assert_eq!(
            app.answer(&s, &item, json!({"skip": true})).await.status(),
            StatusCode::OK
        );
        assert_eq!(replays(), before + 2, "one replay for an API answer");
    }
}
