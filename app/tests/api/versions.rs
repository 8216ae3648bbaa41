//! Item versions: the bank changes under live assessments (items retired, re-parameterised,
//! reworded). An assessment in progress goes on with live items, never a 5xx; a finished
//! assessment's result never changes. Each test restarts the server on the same database with
//! an edited copy of the bank.

use std::path::{Path, PathBuf};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Started, TestApp, root, spawn_app};

/// A copy of the real bank in a fresh temporary directory, removed on drop.
struct BankCopy(PathBuf);

impl Drop for BankCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

impl BankCopy {
    fn new() -> Self {
        let dir = crate::helpers::fresh_dir("tremplin-bank");
        copy_dir(&root().join("item-bank/data"), &dir);
        BankCopy(dir)
    }

    /// Rewrites the `[[item]]` block of `id` with `edit`.
    fn edit(&self, id: &str, edit: impl Fn(&str) -> String) {
        let file = find_item_file(&self.0.join("items"), id).expect("the item is in the bank");
        let text = std::fs::read_to_string(&file).unwrap();
        let at = text
            .find(&format!("id = \"{id}\"\n"))
            .expect("the item's id line");
        let start = text[..at].rfind("[[item]]").expect("its [[item]] header");
        let end = text[at..].find("[[item]]").map_or(text.len(), |e| at + e);
        let edited = format!(
            "{}{}{}",
            &text[..start],
            edit(&text[start..end]),
            &text[end..]
        );
        assert_ne!(edited, text, "the edit of {id} changed nothing");
        std::fs::write(&file, edited).unwrap();
    }

    fn retire(&self, id: &str) {
        self.edit(id, |b| {
            b.replacen("status = \"live\"", "status = \"retired\"", 1)
        });
    }

    fn reparameterise(&self, id: &str) {
        self.edit(id, |b| {
            b.replacen(
                "status = \"live\"\n",
                "status = \"live\"\nirt = { a = 0.7, b = 1.9 }\n",
                1,
            )
        });
    }

    fn reword(&self, id: &str) {
        self.edit(id, |b| {
            b.replacen(
                "prompt = \"\"\"\n",
                "prompt = \"\"\"\nÉnoncé révisé.\n\n",
                1,
            )
            .replacen(
                "explanation = \"",
                "explanation = \"Explication révisée. ",
                1,
            )
        });
    }

    fn remove(&self, id: &str) {
        self.edit(id, |_| String::new());
    }
}

fn find_item_file(dir: &Path, id: &str) -> Option<PathBuf> {
    for entry in std::fs::read_dir(dir).ok()? {
        let path = entry.ok()?.path();
        if path.is_dir() {
            if let Some(found) = find_item_file(&path, id) {
                return Some(found);
            }
        } else if std::fs::read_to_string(&path)
            .ok()?
            .contains(&format!("id = \"{id}\"\n"))
        {
            return Some(path);
        }
    }
    None
}

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
