//! Invariant: no solution, verdict or explanation reaches the client before the answer is
//! stored. One assessment is walked to its end through all three doors at once (HTML pages,
//! server functions, REST API) and every body is checked against the bank's own key.

use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use tremplin_bank::Bank;

use crate::helpers::{root, spawn_app};

/// Strings that would give an item away if they were sent before its answer is stored.
fn secrets(bank: &Bank, item_id: &str) -> Vec<String> {
    let item = bank.get(item_id).expect("served items come from the bank");
    let mut s = vec![item.answer_text()];
    if let Some(e) = item.explanation()
        && !e.trim().is_empty()
    {
        s.push(e.to_owned());
    }
    s
}

/// JSON keys that would carry a key or a verdict.
const FORBIDDEN_KEYS: [&str; 6] = [
    "\"solution\"",
    "\"correct\"",
    "\"explanation\"",
    "\"accepted\"",
    "\"is_correct\"",
    "\"irt\"",
];

fn assert_clean(body: &str, secrets: &[String], door: &str) {
    for key in FORBIDDEN_KEYS {
        assert!(
            !body.contains(key),
            "{door} sent {key} before the answer was stored"
        );
    }
    for secret in secrets {
        assert!(
            !body.contains(secret.as_str()),
            "{door} sent the key or explanation «{secret}» before the answer"
        );
    }
}

#[tokio::test]
async fn no_solution_reaches_the_client_through_pages_server_functions_or_the_api() {
    let app = spawn_app().await;
    let bank = Bank::load(&root().join("item-bank/data")).expect("the bank loads");

    // Start through the HTML form, then use the same assessment through every door.
    let (cookie, s) = app.start_in_browser().await;

    let mut served = 0;
    loop {
        let page = app.page("/evaluation", Some(&cookie)).await;
        let sfn = app
            .api
            .post(app.url("/sfn/current_page"))
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .send()
            .await
            .unwrap();
        assert_eq!(sfn.status(), StatusCode::OK);
        let sfn = sfn.text().await.unwrap();
        let api: Value = app.current(&s).await.json().await.unwrap();
        if api.get("done").is_some() {
            assert!(
                sfn.contains("Done"),
                "the server function agrees that the test is over"
            );
            break;
        }
        let item_id = api["item"]["id"].as_str().unwrap().to_owned();
        assert!(
            page.contains(&item_id) && sfn.contains(&item_id),
            "all doors serve the same item"
        );
        let secrets = secrets(&bank, &item_id);
        assert_clean(&page, &secrets, "the item page");
        assert_clean(&sfn, &secrets, "the server function");
        assert_clean(&api.to_string(), &secrets, "the API");

        // Answer alternately through the HTML form and the API; neither reply may tell the verdict.
        if served % 2 == 0 {
            let res = app
                .api
                .post(app.url("/evaluation"))
                .header(header::COOKIE, &cookie)
                .form(&[("item_id", item_id.as_str()), ("skip", "1")])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::SEE_OTHER);
        } else {
            let res = app.answer(&s, &item_id, json!({"skip": true})).await;
            assert_eq!(res.status(), StatusCode::OK);
            let body = res.text().await.unwrap();
            for key in FORBIDDEN_KEYS {
                assert!(!body.contains(key), "the answer's reply carries {key}");
            }
        }
        served += 1;
        assert!(served <= 200, "the assessment never ends");
    }
    assert!(served >= 1);
    assert_eq!(app.stored_answers(&s.id).await, served as i64);

    // Now, and only now, the explanations are shown.
    let result = app.page("/resultat", Some(&cookie)).await;
    let first: Value = app.result(&s).await.json().await.unwrap();
    let first_item = first["answers"][0]["item_id"].as_str().unwrap();
    let answer_text = bank.get(first_item).unwrap().answer_text();
    assert!(
        result.contains(
            &answer_text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        ),
        "the result page shows the expected answers"
    );
}
