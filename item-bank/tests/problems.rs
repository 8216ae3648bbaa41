//! Every kind of problem in an item file is reported as `path:line: message`, all of them at
//! once. Each fixture under `tests/fixtures/problems/` is checked against the exact list.

use std::path::Path;

use tremplin_bank::{Bank, Framework};

fn framework() -> Framework {
    Framework::load(Path::new("data/framework.toml")).expect("the real framework loads")
}

/// The problems reported for one fixture file, as displayed.
fn problems(name: &str) -> Vec<String> {
    let path = Path::new("tests/fixtures/problems").join(name);
    let bytes = std::fs::read(&path).expect("fixture exists");
    match Bank::check_file_text(&framework(), Path::new("tests/fixtures"), &path, &bytes) {
        Ok(items) => panic!("{name}: expected problems, got {} valid items", items.len()),
        Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
    }
}

fn assert_problems(name: &str, expected: &[&str]) {
    let prefix = format!("tests/fixtures/problems/{name}:");
    let expected: Vec<String> = expected.iter().map(|e| format!("{prefix}{e}")).collect();
    assert_eq!(problems(name), expected, "problems of {name}");
}

#[test]
fn a_file_that_does_not_parse_is_reported_at_the_error() {
    assert_problems(
        "syntax.toml",
        &["3: TOML syntax: invalid basic string, expected `\"`"],
    );
}

#[test]
fn a_file_that_is_not_utf8_or_empty_is_reported() {
    assert_problems("not-utf8.toml", &["2: file is not valid UTF-8"]);
    assert_problems("empty.toml", &["1: no `[[item]]` in this file"]);
}

#[test]
fn unknown_unused_and_missing_fields_are_each_reported() {
    assert_problems(
        "fields.toml",
        &[
            "1: unknown top-level key `title` (a file holds `[[item]]` tables)",
            "10: unknown field `optoins`",
            "11: field `regions` is not used by kind `qcu`",
            "15: missing field `competence`",
            "15: missing field `level`",
            "15: missing field `options`",
            "15: missing field `prompt`",
            "15: missing field `solution`",
            "15: missing field `status`",
        ],
    );
}

#[test]
fn bad_ids_codes_levels_kinds_statuses_and_texts_are_reported() {
    assert_problems(
        "values.toml",
        &[
            "2: id `Mauvais Id`: use 3 to 64 characters among a-z, 0-9 and '-'",
            "3: unknown competence `9.1`",
            "4: level 9 is out of range 1..8",
            "5: unknown kind `qcx` (qcu, qcm, qroc, qrocm, ordering, hotspot, matching, task)",
            "6: unknown status `publié` (draft, live, pilot, retired)",
            "7: prompt is empty",
            "12: level 0 is out of range 1..8",
            "16: explanation is empty (remove it or write it)",
            "21: duplicate id `fx-valeurs` (first defined at tests/fixtures/problems/values.toml:10)",
            "23: invalid type: string \"trois\", expected i64",
        ],
    );
}

#[test]
fn choice_solutions_must_be_among_unique_options() {
    assert_problems(
        "choices.toml",
        &[
            "9: solution `c` is not among the options",
            "19: qcu needs exactly one solution",
            "30: options: duplicate id `a`",
            "31: options: `c` has an empty text",
            "33: solution must be a non-empty list of strings, e.g. [\"b\"]",
            "42: `options` needs 2 to 6 entries (has 1)",
            "45: qcm prompt must say that several answers are possible (« Plusieurs réponses possibles »)",
        ],
    );
}

#[test]
fn orderings_are_permutations_and_matchings_cover_every_left_id() {
    assert_problems(
        "order-match.toml",
        &[
            "9: ordering: the solution must list every option exactly once",
            "20: solution does not pair left id `l2`",
            "20: solution names unknown left id `l3`",
        ],
    );
}

#[test]
fn short_answer_solutions_must_be_usable() {
    assert_problems(
        "answers.toml",
        &[
            "9: solution `douze` is not a number",
            "18: accepted answer `?!` is empty once normalised (it can never match)",
            "28: unknown mode `n_importe` (independent, any_order)",
            "29: solution for field `f2` must be a non-empty list of strings",
            "29: solution names unknown field `f3`",
        ],
    );
}

#[test]
fn media_must_exist_have_alt_text_and_match_their_viewbox() {
    assert_problems(
        "media.toml",
        &[
            "8: media: file `media/introuvable.svg` not found",
            "19: media: `alt` (alternative text) is empty",
            "30: media: `media/carre.svg` has viewBox size 100x100 but the item says 200x100",
            "41: media: `media/sans-viewbox.svg` has no viewBox on its <svg> element",
            "52: media: file `../secret.png` must be `media/<folder>/<name>.svg`",
        ],
    );
}

#[test]
fn hotspots_need_a_picture_and_three_regions_inside_it() {
    assert_problems(
        "hotspot.toml",
        &[
            "1: hotspot needs `media` (the picture)",
            "23: hotspot needs at least 3 regions",
            "39: regions: `b` has an empty label",
            "40: regions: `c` goes outside the 100x100 picture",
            "42: solution `z` is not among the regions",
        ],
    );
}

#[test]
fn beginner_skills_must_exist_be_bank_skills_and_fit_the_item() {
    assert_problems(
        "beginner.toml",
        &[
            "7: unknown beginner skill `b99`",
            "18: beginner skill `b28` is observed by a mediator and has no bank item",
            "29: beginner items are level 1 or 2, not 3",
            "29: beginner skill `b02` belongs to competence 5.2, not 4.1",
        ],
    );
}

#[test]
fn irt_parameters_must_be_valid() {
    assert_problems(
        "irt.toml",
        &[
            "10: irt: `a` must be > 0 (got 0)",
            "21: irt: need 0 <= c < d <= 1 (got c = 0.5, d = 0.4)",
            "32: unknown field `difficulte`, expected one of `a`, `b`, `c`, `d`, `calibrated`",
        ],
    );
}

#[test]
fn tasks_need_a_known_action_targets_and_a_screen() {
    assert_problems(
        "task.toml",
        &[
            "8: unknown action `triple_click` (click, double_click, right_click, drag, scroll_find, type_text, tap, swipe)",
            "22: solution target `dossier` is not among the targets",
            "24: task `swipe` needs `media` (the simulated screen)",
            "32: swipe solution needs direction = left, right, up or down",
        ],
    );
}

#[test]
fn a_duplicate_id_across_files_names_both_places() {
    let errors = Bank::with_framework(framework(), Path::new("tests/fixtures/dup"))
        .expect_err("duplicate ids are refused");
    assert_eq!(
        errors.to_string(),
        "tests/fixtures/dup/items/b.toml:4: duplicate id `fx-double` (first defined at tests/fixtures/dup/items/a.toml:2)"
    );
}

#[test]
fn a_missing_framework_or_items_directory_is_a_problem() {
    let errors = Bank::load(Path::new("tests/fixtures/nowhere")).expect_err("nothing to load");
    assert_eq!(errors.0.len(), 1);
    assert_eq!(
        errors.0[0].path,
        Path::new("tests/fixtures/nowhere/framework.toml")
    );
    assert!(errors.0[0].message.starts_with("cannot read framework"));
    let errors = Bank::with_framework(framework(), Path::new("tests/fixtures/problems"))
        .expect_err("no items/ directory");
    assert_eq!(
        errors.to_string(),
        "tests/fixtures/problems/items:1: items directory not found"
    );
}

#[test]
fn a_broken_framework_is_reported_with_its_line() {
    let errors = Bank::load(Path::new("tests/fixtures/bad-framework")).expect_err("bad framework");
    assert_eq!(
        errors.to_string(),
        "tests/fixtures/bad-framework/framework.toml:145: invalid type: string \"0,8\", expected f64"
    );
    let errors = Framework::load(Path::new(
        "tests/fixtures/bad-framework-levels/framework.toml",
    ))
    .expect_err("level 6 twice, level 7 missing");
    let path = "tests/fixtures/bad-framework-levels/framework.toml";
    assert_eq!(
        errors.to_string(),
        format!(
            "{path}:1: level 7 must be defined exactly once\n\
             {path}:154: level 6 must be defined exactly once"
        )
    );
}

#[test]
fn items_live_in_the_folder_of_their_competence_or_in_debutants() {
    let errors = Bank::with_framework(framework(), Path::new("tests/fixtures/folders"))
        .expect_err("misplaced items");
    assert_eq!(
        errors.to_string(),
        "tests/fixtures/folders/items/4.1/rangement.toml:11: an item of competence 4.2 does not belong in items/4.1/\n\
         tests/fixtures/folders/items/debutants/sans-competence.toml:1: items under items/debutants/ need a `beginner_skill`"
    );
}
