//! Answer checking for every kind, on the fixture items of `tests/fixtures/items/kinds.toml`:
//! worked examples per kind, then properties (a correct answer always passes, option order never
//! matters for qcm, no response panics) and the promise that a view leaks no solution.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use tremplin_bank::{
    Bank, Framework, InputView, Item, Kind, Point, Response, ResponseError, Status, TaskOutcome,
};

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| {
        let framework = Framework::load(Path::new("data/framework.toml")).expect("framework");
        Bank::with_framework(framework, Path::new("tests/fixtures"))
            .unwrap_or_else(|e| panic!("fixture items are valid:\n{e}"))
    })
}

fn item(id: &str) -> &'static Item {
    bank()
        .get(id)
        .unwrap_or_else(|| panic!("fixture item {id}"))
}

fn choices(ids: &[&str]) -> Response {
    Response::Choices(ids.iter().map(|s| s.to_string()).collect())
}

fn text(answers: &[&str]) -> Response {
    Response::Text(answers.iter().map(|s| s.to_string()).collect())
}

fn task(action: &str) -> TaskOutcome {
    TaskOutcome {
        action: action.to_owned(),
        ..TaskOutcome::default()
    }
}

#[test]
fn the_fixture_bank_has_every_kind_and_status() {
    let b = bank();
    for kind in Kind::ALL {
        assert!(b.items().iter().any(|i| i.kind() == kind), "{kind}");
    }
    assert_eq!(b.items().len(), 15);
    assert_eq!(b.live().count(), 13);
    assert_eq!(item("fx-qroc-code").status(), Status::Draft);
    assert!(b.get("absent").is_none());
}

#[test]
fn qcu_is_right_only_for_the_key_and_refuses_other_shapes() {
    let i = item("fx-qcu");
    assert_eq!(i.check(&choices(&["b"])), Ok(true));
    assert_eq!(i.check(&choices(&["a"])), Ok(false));
    assert_eq!(i.check(&Response::Skip(true)), Ok(false));
    assert_eq!(
        i.check(&choices(&["a", "b"])),
        Err(ResponseError::WrongCount {
            expected: 1,
            got: 2
        })
    );
    assert_eq!(
        i.check(&choices(&[])),
        Err(ResponseError::WrongCount {
            expected: 1,
            got: 0
        })
    );
    assert_eq!(
        i.check(&choices(&["z"])),
        Err(ResponseError::UnknownId("z".into()))
    );
    assert_eq!(
        i.check(&text(&["b"])),
        Err(ResponseError::WrongShape {
            kind: Kind::Qcu,
            got: "text"
        })
    );
    assert_eq!(
        i.check(&Response::Skip(false)),
        Err(ResponseError::SkipFalse)
    );
}

#[test]
fn qcm_needs_all_and_only_the_keys() {
    let i = item("fx-qcm");
    assert_eq!(i.check(&choices(&["c", "a"])), Ok(true));
    assert_eq!(i.check(&choices(&["a"])), Ok(false));
    assert_eq!(i.check(&choices(&["a", "b", "c"])), Ok(false));
    assert_eq!(i.check(&choices(&[])), Ok(false));
    assert_eq!(
        i.check(&choices(&["a", "a"])),
        Err(ResponseError::Duplicate("a".into()))
    );
}

#[test]
fn qroc_text_forgives_case_accents_spaces_and_one_typo() {
    let i = item("fx-qroc-texte");
    assert_eq!(i.check(&text(&["portail-public"])), Ok(true));
    assert_eq!(i.check(&text(&["  Portail Public "])), Ok(true));
    assert_eq!(i.check(&text(&["Annuaire-Mairié"])), Ok(true));
    assert_eq!(i.check(&text(&["portail-publci"])), Ok(true));
    assert_eq!(i.check(&text(&["mairie"])), Ok(false));
    assert_eq!(i.check(&text(&[""])), Ok(false));
    assert_eq!(
        i.check(&text(&["a", "b"])),
        Err(ResponseError::WrongCount {
            expected: 1,
            got: 2
        })
    );
}

#[test]
fn qroc_without_typo_tolerance_needs_every_letter() {
    let i = item("fx-qroc-code");
    assert_eq!(i.check(&text(&["xk7q2"])), Ok(true));
    assert_eq!(i.check(&text(&["XK7Q3"])), Ok(false));
}

#[test]
fn qroc_numbers_accept_comma_point_spaces_within_tolerance() {
    let i = item("fx-qroc-nombre");
    for ok in ["12,5", "12.5", " 12,5 ", "12,51", "12.49"] {
        assert_eq!(i.check(&text(&[ok])), Ok(true), "{ok}");
    }
    for wrong in ["12,6", "12", "douze", ""] {
        assert_eq!(i.check(&text(&[wrong])), Ok(false), "{wrong}");
    }
    let p = i.params();
    assert_eq!(
        (p.a, p.b, p.c, p.d, p.calibrated),
        (0.9, 0.2, 0.0, 1.0, true)
    );
}

#[test]
fn provisional_parameters_follow_the_level_rule() {
    let qcu = item("fx-qcu").params(); // level 3, 4 options
    assert!((qcu.b - -0.25).abs() < 1e-12);
    assert_eq!(
        (qcu.a, qcu.c, qcu.d, qcu.calibrated),
        (1.2, 0.25, 1.0, false)
    );
    let qcm = item("fx-qcm").params(); // level 4, 4 options: one of 15 non-empty sets
    assert!((qcm.b - 0.45).abs() < 1e-12);
    assert!((qcm.c - 1.0 / 15.0).abs() < 1e-12);
    // Guessing of the other kinds, through the loader (the rule per kind: src/params.rs).
    let c = |id: &str| item(id).params().c;
    assert!((c("fx-zone") - 1.0 / 3.0).abs() < 1e-12); // one key region among 3
    assert!((c("fx-ordre") - 1.0 / 6.0).abs() < 1e-12); // 3! orders
    assert!((c("fx-paires") - 1.0 / 8.0).abs() < 1e-12); // 2^3 pairings
    assert_eq!(c("fx-tache-double"), 0.35); // 1 target of 2, capped
    assert_eq!(c("fx-tache-glisser"), 0.35); // 2 × 1 drags, capped
    assert_eq!(c("fx-tache-balayer"), 0.25); // 4 directions
    assert_eq!(c("fx-tache-ecrire"), 0.0); // typed
}

#[test]
fn qrocm_any_order_accepts_the_answers_in_either_field() {
    let i = item("fx-qrocm-libre");
    assert_eq!(i.check(&text(&["chercheplus", "trouve tout"])), Ok(true));
    assert_eq!(i.check(&text(&["TrouveTout", "chercheplus"])), Ok(true));
    // The same answer twice fills only one field.
    assert_eq!(i.check(&text(&["chercheplus", "chercheplus"])), Ok(false));
    assert_eq!(
        i.check(&text(&["chercheplus"])),
        Err(ResponseError::WrongCount {
            expected: 2,
            got: 1
        })
    );
}

#[test]
fn qrocm_independent_fields_must_match_in_place() {
    let i = item("fx-qrocm-fixe");
    assert_eq!(i.check(&text(&["somme", "A1:A10"])), Ok(true));
    assert_eq!(i.check(&text(&["A1:A10", "somme"])), Ok(false));
    assert_eq!(i.check(&text(&["somme", "A1:A11"])), Ok(false));
}

#[test]
fn ordering_needs_the_exact_order_of_a_permutation() {
    let i = item("fx-ordre");
    let order = |ids: &[&str]| Response::Order(ids.iter().map(|s| s.to_string()).collect());
    assert_eq!(i.check(&order(&["b", "a", "c"])), Ok(true));
    assert_eq!(i.check(&order(&["a", "b", "c"])), Ok(false));
    assert_eq!(
        i.check(&order(&["a", "b"])),
        Err(ResponseError::WrongCount {
            expected: 3,
            got: 2
        })
    );
    assert_eq!(
        i.check(&order(&["a", "a", "b"])),
        Err(ResponseError::Duplicate("a".into()))
    );
}

#[test]
fn hotspot_accepts_a_point_in_the_key_region_or_its_id() {
    let i = item("fx-zone");
    let point = |x, y| Response::Point { x, y };
    assert_eq!(i.check(&point(300.0, 20.0)), Ok(true));
    assert_eq!(i.check(&point(290.0, 50.0)), Ok(true)); // corner counts
    assert_eq!(i.check(&point(20.0, 20.0)), Ok(false)); // another region
    assert_eq!(i.check(&point(200.0, 200.0)), Ok(false)); // nowhere
    assert_eq!(i.check(&point(f64::NAN, 1.0)), Err(ResponseError::BadPoint));
    assert_eq!(i.check(&choices(&["rouge"])), Ok(true));
    assert_eq!(i.check(&choices(&["vert"])), Ok(false));
    assert_eq!(
        i.check(&choices(&["jaune"])),
        Err(ResponseError::UnknownId("jaune".into()))
    );
}

#[test]
fn matching_needs_every_pair_right() {
    let i = item("fx-paires");
    let pairs = |p: &[(&str, &str)]| {
        Response::Pairs(
            p.iter()
                .map(|(l, r)| (l.to_string(), r.to_string()))
                .collect(),
        )
    };
    assert_eq!(
        i.check(&pairs(&[("l1", "r1"), ("l2", "r2"), ("l3", "r1")])),
        Ok(true)
    );
    assert_eq!(
        i.check(&pairs(&[("l1", "r1"), ("l2", "r1"), ("l3", "r1")])),
        Ok(false)
    );
    assert_eq!(i.check(&pairs(&[("l1", "r1"), ("l2", "r2")])), Ok(false));
    assert_eq!(
        i.check(&pairs(&[("l9", "r1")])),
        Err(ResponseError::UnknownId("l9".into()))
    );
}

#[test]
fn tasks_need_the_right_gesture_on_the_right_target() {
    let double = item("fx-tache-double");
    let on = |action: &str, target: &str| {
        Response::Task(TaskOutcome {
            target: Some(target.to_owned()),
            ..task(action)
        })
    };
    assert_eq!(double.check(&on("double_click", "bleu")), Ok(true));
    assert_eq!(double.check(&on("click", "bleu")), Ok(false));
    assert_eq!(double.check(&on("double_click", "vert")), Ok(false));
    assert_eq!(
        double.check(&Response::Task(task("double_click"))),
        Ok(false)
    );

    let drag = item("fx-tache-glisser");
    let moved = |source: &str, target: &str| {
        Response::Task(TaskOutcome {
            source: Some(source.to_owned()),
            target: Some(target.to_owned()),
            ..task("drag")
        })
    };
    assert_eq!(drag.check(&moved("photo", "dossier")), Ok(true));
    assert_eq!(drag.check(&moved("dossier", "photo")), Ok(false));

    let swipe = item("fx-tache-balayer");
    let towards = |d: &str| {
        Response::Task(TaskOutcome {
            direction: Some(d.to_owned()),
            ..task("swipe")
        })
    };
    assert_eq!(swipe.check(&towards("left")), Ok(true));
    assert_eq!(swipe.check(&towards("right")), Ok(false));
}

#[test]
fn tasks_answered_with_points_are_hit_tested_on_the_server() {
    let p = |x, y| Some(Point { x, y });
    let double = item("fx-tache-double");
    let clicked = |action: &str, x, y| {
        Response::Task(TaskOutcome {
            at: p(x, y),
            ..task(action)
        })
    };
    // "bleu" is x 10..110, y 10..50; "vert" x 150..250.
    assert_eq!(double.check(&clicked("double_click", 60.0, 30.0)), Ok(true));
    assert_eq!(
        double.check(&clicked("double_click", 200.0, 30.0)),
        Ok(false)
    );
    assert_eq!(
        double.check(&clicked("double_click", 130.0, 200.0)),
        Ok(false)
    );
    assert_eq!(double.check(&clicked("click", 60.0, 30.0)), Ok(false));

    let movement = |action: &str, from: (f64, f64), to: (f64, f64)| {
        Response::Task(TaskOutcome {
            from: p(from.0, from.1),
            to: p(to.0, to.1),
            ..task(action)
        })
    };
    let drag = item("fx-tache-glisser");
    assert_eq!(
        drag.check(&movement("drag", (20.0, 20.0), (300.0, 40.0))),
        Ok(true)
    );
    assert_eq!(
        drag.check(&movement("drag", (300.0, 40.0), (20.0, 20.0))),
        Ok(false)
    );
    let swipe = item("fx-tache-balayer");
    assert_eq!(
        swipe.check(&movement("swipe", (300.0, 150.0), (60.0, 170.0))),
        Ok(true)
    );
    assert_eq!(
        swipe.check(&movement("swipe", (60.0, 150.0), (300.0, 170.0))),
        Ok(false)
    );

    let mixed = Response::Task(TaskOutcome {
        target: Some("bleu".into()),
        at: p(60.0, 30.0),
        ..task("double_click")
    });
    assert!(matches!(
        double.check(&mixed),
        Err(ResponseError::BadGesture(_))
    ));
    assert_eq!(
        double.check(&clicked("double_click", f64::NAN, 30.0)),
        Err(ResponseError::BadPoint)
    );
    for i in [double, drag, swipe] {
        for r in i.correct_responses() {
            assert_eq!(i.check(&r), Ok(true), "{} {r:?}", i.id());
        }
        assert_eq!(
            i.correct_responses().len(),
            2,
            "by id and by point: {}",
            i.id()
        );
    }
}

#[test]
fn typed_text_is_exact_or_normalised_as_the_item_says() {
    let typed = |t: &str| {
        Response::Task(TaskOutcome {
            text: Some(t.to_owned()),
            ..task("type_text")
        })
    };
    let exact = item("fx-tache-ecrire");
    assert_eq!(exact.check(&typed("  Zoé   Martin ")), Ok(true));
    assert_eq!(exact.check(&typed("Zoe Martin")), Ok(false));
    assert_eq!(exact.check(&typed("zoé martin")), Ok(false));
    let loose = item("fx-tache-ecrire-libre");
    assert_eq!(loose.check(&typed("Bonjour !")), Ok(true));
    assert_eq!(loose.check(&typed("bonjuor")), Ok(false));
    assert_eq!(loose.check(&typed("")), Ok(false));
}

#[test]
fn answer_texts_describe_the_key_in_french() {
    assert_eq!(item("fx-qcu").answer_text(), "Bonne réponse : Deuxième");
    assert_eq!(item("fx-qcm").answer_text(), "Bonnes réponses : Un ; Trois");
    assert_eq!(
        item("fx-qroc-nombre").answer_text(),
        "Réponse attendue : 12,5 (à 0,01 près)"
    );
    assert_eq!(
        item("fx-ordre").answer_text(),
        "Le bon ordre : 1. Ouvrir la messagerie ; 2. Écrire le message ; 3. Envoyer"
    );
    assert_eq!(
        item("fx-zone").answer_text(),
        "La bonne zone : Bouton rouge"
    );
    assert_eq!(
        item("fx-tache-glisser").answer_text(),
        "Il fallait déplacer « Photo » sur « Dossier »"
    );
}

#[test]
fn debug_output_of_an_item_never_shows_its_solution() {
    let shown = format!("{:?}", item("fx-qroc-texte"));
    assert!(shown.contains("fx-qroc-texte"));
    assert!(!shown.contains("portail"), "{shown}");
}

/// Keys that would carry correctness information if they appeared in a view.
const FORBIDDEN_KEYS: &[&str] = &[
    "solution",
    "correct",
    "explanation",
    "tolerance",
    "typo_tolerance",
    "irt",
    "level",
    "calibrated",
    "accepted",
    "answer",
];

fn keys(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                keys(v, out);
            }
        }
        serde_json::Value::Array(list) => list.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

/// Checks one item's view: no correctness key anywhere, and no accepted short answer in it
/// (except a text the prompt itself asks the person to copy).
pub fn assert_view_leaks_nothing(item: &Item) {
    let view = item.view();
    let json = serde_json::to_value(&view).expect("a view serialises");
    let mut found = Vec::new();
    keys(&json, &mut found);
    for k in &found {
        assert!(
            !FORBIDDEN_KEYS.contains(&k.as_str()),
            "{}: key `{k}`",
            item.id()
        );
    }
    let back: tremplin_bank::ItemView = serde_json::from_value(json.clone()).expect("round trip");
    assert_eq!(back, view);
    let without_prompt = {
        let mut j = json.clone();
        j["prompt"] = serde_json::Value::Null;
        j.to_string().to_lowercase()
    };
    if matches!(item.kind(), Kind::Qroc | Kind::Qrocm) {
        for r in item.correct_responses() {
            if let Response::Text(answers) = r {
                for a in answers {
                    assert!(
                        !without_prompt.contains(&a.to_lowercase()),
                        "{}: answer `{a}` visible in the view",
                        item.id()
                    );
                }
            }
        }
    }
}

#[test]
fn views_carry_no_correctness_information() {
    for i in bank().items() {
        assert_view_leaks_nothing(i);
    }
    // Fixture answers are chosen so that even the prompt does not contain them.
    let json = serde_json::to_string(&item("fx-qroc-texte").view()).unwrap();
    assert!(
        !json.contains("portail") && !json.contains("annuaire"),
        "{json}"
    );
    let json = serde_json::to_string(&item("fx-qroc-nombre").view()).unwrap();
    assert!(!json.contains("12.5") && !json.contains("12,5"), "{json}");
    // Choice views are the options in file order, with nothing more than id and text.
    let view = item("fx-qcm").view();
    match view.input {
        InputView::Choice { multiple, options } => {
            assert!(multiple);
            let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
            assert_eq!(ids, ["a", "b", "c", "d"]);
        }
        other => panic!("unexpected input {other:?}"),
    }
    let json = serde_json::to_value(item("fx-zone").view()).unwrap();
    assert_eq!(json["media"]["src"], "/media/ecran.svg");
    assert_eq!(json["input"]["type"], "hotspot");
}

#[test]
fn every_canonical_correct_response_passes() {
    for i in bank().items() {
        let responses = i.correct_responses();
        assert!(!responses.is_empty(), "{}", i.id());
        for r in responses {
            assert_eq!(i.check(&r), Ok(true), "{} with {r:?}", i.id());
        }
    }
}

/// Ids that exist in the fixture items, plus unknown ones.
fn id_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "a", "b", "c", "d", "f1", "f2", "l1", "l2", "l3", "r1", "r2", "rouge", "bleu", "vert",
            "photo", "dossier", "left",
        ])
        .prop_map(str::to_owned),
        any::<String>(),
    ]
}

fn float_strategy() -> impl Strategy<Value = f64> {
    prop_oneof![-10.0..500.0f64, any::<f64>()]
}

fn point_strategy() -> impl Strategy<Value = Point> {
    (float_strategy(), float_strategy()).prop_map(|(x, y)| Point { x, y })
}

fn response_strategy() -> impl Strategy<Value = Response> {
    let ids = || prop::collection::vec(id_strategy(), 0..8);
    prop_oneof![
        ids().prop_map(Response::Choices),
        prop::collection::vec(any::<String>(), 0..4).prop_map(Response::Text),
        ids().prop_map(Response::Order),
        (float_strategy(), float_strategy()).prop_map(|(x, y)| Response::Point { x, y }),
        prop::collection::btree_map(id_strategy(), id_strategy(), 0..5).prop_map(Response::Pairs),
        (
            prop::sample::select(vec![
                "click",
                "double_click",
                "drag",
                "swipe",
                "type_text",
                "pinch"
            ]),
            prop::option::of(id_strategy()),
            prop::option::of(id_strategy()),
            prop::option::of(id_strategy()),
            prop::option::of(any::<String>()),
            prop::option::of(point_strategy()),
            prop::option::of(point_strategy()),
            prop::option::of(point_strategy()),
        )
            .prop_map(|(action, source, target, direction, text, at, from, to)| {
                Response::Task(TaskOutcome {
                    action: action.to_owned(),
                    source,
                    target,
                    direction,
                    text,
                    at,
                    from,
                    to,
                })
            }),
        any::<bool>().prop_map(Response::Skip),
    ]
}

fn same_shape(kind: Kind, r: &Response) -> bool {
    matches!(
        (kind, r),
        (Kind::Qcu | Kind::Qcm | Kind::Hotspot, Response::Choices(_))
            | (Kind::Qroc | Kind::Qrocm, Response::Text(_))
            | (Kind::Ordering, Response::Order(_))
            | (Kind::Hotspot, Response::Point { .. })
            | (Kind::Matching, Response::Pairs(_))
            | (Kind::Task, Response::Task(_))
            | (_, Response::Skip(_))
    )
}

proptest! {
    #[test]
    fn no_response_panics_and_shapes_are_judged_by_kind(r in response_strategy()) {
        for i in bank().items() {
            let result = i.check(&r);
            prop_assert_eq!(&result, &i.check(&r), "checking is deterministic");
            if !same_shape(i.kind(), &r) {
                let is_wrong_shape = matches!(result, Err(ResponseError::WrongShape { .. }));
                prop_assert!(is_wrong_shape);
            }
            if r == Response::Skip(true) {
                prop_assert_eq!(result, Ok(false));
            }
        }
    }

    #[test]
    fn qcm_option_order_never_matters(seed in any::<u64>(), pick in prop::collection::vec(any::<bool>(), 4)) {
        let i = item("fx-qcm");
        let ids: Vec<String> = ["a", "b", "c", "d"]
            .iter()
            .zip(&pick)
            .filter(|(_, p)| **p)
            .map(|(id, _)| id.to_string())
            .collect();
        let mut shuffled = ids.clone();
        // A seeded rotation and reversal: every arrangement of up to 4 ids is reachable.
        let n = shuffled.len().max(1);
        shuffled.rotate_left((seed as usize) % n);
        if seed & 1 == 1 {
            shuffled.reverse();
        }
        prop_assert_eq!(i.check(&Response::Choices(ids)), i.check(&Response::Choices(shuffled)));
    }

    #[test]
    fn an_accepted_text_passes_whatever_its_case_and_spacing(upper in prop::collection::vec(any::<bool>(), 20), pad in 0usize..4) {
        let i = item("fx-qroc-texte");
        for accepted in ["portail-public", "annuaire-mairie"] {
            let styled: String = accepted
                .chars()
                .zip(upper.iter().cycle())
                .map(|(c, u)| if *u { c.to_ascii_uppercase() } else { c })
                .collect();
            let typed = format!("{}{styled}{}", " ".repeat(pad), " ".repeat(pad));
            prop_assert_eq!(i.check(&Response::Text(vec![typed])), Ok(true));
        }
    }

    #[test]
    fn a_point_anywhere_in_the_key_region_passes(fx in 0.0..=1.0f64, fy in 0.0..=1.0f64) {
        let i = item("fx-zone");
        // The key region "rouge" is x 290..390, y 10..50.
        let r = Response::Point { x: 290.0 + 100.0 * fx, y: 10.0 + 40.0 * fy };
        prop_assert_eq!(i.check(&r), Ok(true));
    }

    #[test]
    fn numbers_pass_however_they_are_written(spaces in 0usize..3, comma in any::<bool>()) {
        let i = item("fx-qroc-nombre");
        let number = if comma { "12,5" } else { "12.5" };
        let typed = format!("{}{number}{}", " ".repeat(spaces), " ".repeat(spaces));
        prop_assert_eq!(i.check(&Response::Text(vec![typed])), Ok(true));
    }
}

#[test]
fn pairs_with_a_missing_element_are_wrong_not_malformed() {
    let i = item("fx-paires");
    let r = Response::Pairs(BTreeMap::new());
    assert_eq!(i.check(&r), Ok(false));
}

/// Every item of the fixtures and of the real bank.
fn all_items() -> &'static [Item] {
    static ALL: OnceLock<Vec<Item>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all = bank().items().to_vec();
        if let Ok(real) = Bank::load(Path::new("data")) {
            all.extend(real.items().iter().cloned());
        }
        all
    })
}

/// A correct response as a candidate might really send it: choices in another order, short
/// answers with other capitals and extra spaces.
fn perturb(r: Response, seed: u64, upper: &[bool]) -> Response {
    match r {
        Response::Choices(mut ids) => {
            let n = ids.len().max(1);
            ids.rotate_left((seed as usize) % n);
            Response::Choices(ids)
        }
        Response::Text(answers) => Response::Text(
            answers
                .into_iter()
                .map(|a| {
                    let styled: String = a
                        .chars()
                        .zip(upper.iter().cycle())
                        .map(|(c, u)| {
                            if *u {
                                c.to_ascii_uppercase()
                            } else {
                                c.to_ascii_lowercase()
                            }
                        })
                        .collect();
                    let pad = " ".repeat((seed % 3) as usize);
                    format!("{pad}{styled}{pad}")
                })
                .collect(),
        ),
        other => other,
    }
}

proptest! {
    #[test]
    fn a_correct_answer_always_passes(pick in any::<prop::sample::Index>(), seed in any::<u64>(), upper in prop::collection::vec(any::<bool>(), 1..16)) {
        let items = all_items();
        let item = pick.get(items);
        let responses = item.correct_responses();
        let r = responses[(seed as usize) % responses.len()].clone();
        let r = perturb(r, seed, &upper);
        prop_assert_eq!(item.check(&r), Ok(true), "{} with {:?}", item.id(), r);
    }
}
