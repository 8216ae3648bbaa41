//! The real bank in `item-bank/data` must load without a single problem. When this test fails,
//! the message lists every `path:line: message`: the item writers fix their files.

use std::path::Path;

use serde_json::Value;
use tremplin_bank::check::normalize::normalize;
use tremplin_bank::{Bank, Kind, Response};

fn real_bank() -> Bank {
    Bank::load(Path::new("data")).unwrap_or_else(|e| panic!("item-bank/data has problems:\n{e}"))
}

#[test]
fn the_real_data_directory_is_valid() {
    let bank = real_bank();
    assert_eq!(bank.framework().version, "2026.1");
    for item in bank.items() {
        assert!(
            bank.framework()
                .competence(item.competence().as_str())
                .is_some()
        );
        assert!((1..=8).contains(&item.level()));
        assert_eq!(bank.get(item.id()).map(|i| i.id()), Some(item.id()));
    }
}

#[test]
fn every_real_item_accepts_its_own_key_and_refuses_a_skip() {
    for item in real_bank().items() {
        for r in item.correct_responses() {
            assert_eq!(item.check(&r), Ok(true), "{} with {r:?}", item.id());
        }
        assert_eq!(
            item.check(&Response::Skip(true)),
            Ok(false),
            "{}",
            item.id()
        );
    }
}

#[test]
fn real_views_have_no_correctness_keys() {
    const FORBIDDEN: &[&str] = &[
        "solution",
        "correct",
        "explanation",
        "tolerance",
        "irt",
        "level",
    ];
    fn walk(v: &Value, id: &str) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    assert!(!FORBIDDEN.contains(&k.as_str()), "{id}: key `{k}` in view");
                    walk(v, id);
                }
            }
            Value::Array(list) => list.iter().for_each(|v| walk(v, id)),
            _ => {}
        }
    }
    for item in real_bank().items() {
        let json = serde_json::to_value(item.view()).expect("view serialises");
        walk(&json, item.id());
        // A short answer must not be shown as a word of the view's labels or options (the
        // prompt may legitimately quote a text to copy).
        if matches!(item.kind(), Kind::Qroc | Kind::Qrocm) {
            let mut shown = Vec::new();
            strings(&json["input"], &mut shown);
            strings(&json["media"], &mut shown);
            let shown: Vec<String> = shown
                .iter()
                .map(|s| format!(" {} ", normalize(s)))
                .collect();
            for r in item.correct_responses() {
                if let Response::Text(answers) = r {
                    for a in &answers {
                        let word = format!(" {} ", normalize(a));
                        assert!(
                            !shown.iter().any(|s| s.contains(&word)),
                            "{}: answer `{a}` visible in the view",
                            item.id()
                        );
                    }
                }
            }
        }
    }
}

fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        Value::Array(list) => list.iter().for_each(|v| strings(v, out)),
        _ => {}
    }
}

#[test]
fn stats_count_live_items_with_the_documented_shape() {
    let bank = real_bank();
    let stats = serde_json::to_value(bank.stats()).expect("stats serialise");
    let live = bank.live().count() as u64;
    assert_eq!(stats["live"], live);
    let by_competence = stats["by_competence"].as_object().expect("object");
    assert_eq!(by_competence.len(), 16);
    let mut total = 0;
    for levels in by_competence.values() {
        let levels = levels.as_object().expect("levels");
        let names: Vec<&str> = levels.keys().map(String::as_str).collect();
        assert_eq!(names, ["1", "2", "3", "4", "5", "6", "7", "8"]);
        total += levels.values().map(|n| n.as_u64().unwrap()).sum::<u64>();
    }
    assert_eq!(total, live);
    let by_kind: u64 = stats["by_kind"]
        .as_object()
        .expect("by_kind")
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(by_kind, live);
    let beginner_live = bank.live().filter(|i| i.beginner_skill().is_some()).count() as u64;
    assert_eq!(stats["beginner"]["live"], beginner_live);
    let skills = stats["beginner"]["skills"].as_object().expect("skills");
    assert_eq!(skills.len(), 30, "every non-observed skill is listed");
    assert!(!skills.contains_key("b01") && !skills.contains_key("b28"));
}
