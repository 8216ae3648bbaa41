//! The calibration file (`calibration.toml`) is loaded on top of the items: listed items take its
//! parameters and are marked calibrated; a bad file is refused as `file:line: problem` and then
//! nothing of it applies.

use std::path::{Path, PathBuf};

use tremplin_bank::{Bank, CalibratedItem, CalibrationFile, CalibrationSource, Framework};

fn framework() -> Framework {
    Framework::load(Path::new("data/framework.toml")).expect("the real framework loads")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A data directory with the fixture items and this calibration text (or none). Problems in an
/// `[[item]]` are reported at its header line.
fn data_dir(name: &str, calibration: Option<&str>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "tremplin-bank-calibration-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(Path::new("tests/fixtures/items"), &dir.join("items"));
    copy_dir(Path::new("tests/fixtures/media"), &dir.join("media"));
    if let Some(text) = calibration {
        std::fs::write(dir.join("calibration.toml"), text).unwrap();
    }
    dir
}

const HEADER: &str =
    "[calibration]\nmodel = \"3pl\"\ndate = \"2026-11-30\"\nanswers = 900\npersons = 300\n";

#[test]
fn listed_items_take_the_calibrated_parameters_and_the_others_keep_theirs() {
    let plain = Bank::with_framework(framework(), &data_dir("plain", None)).unwrap();
    assert!(plain.calibration().is_none());
    let file = CalibrationFile {
        calibration: CalibrationSource {
            model: "3pl".into(),
            date: "2026-11-30".into(),
            answers: 900,
            persons: 300,
            note: "test".into(),
            priors: "none".into(),
        },
        item: vec![CalibratedItem {
            id: "fx-qcu".into(),
            a: 0.8,
            b: -1.25,
            c: 0.18,
            se_a: Some(0.1),
            se_b: Some(0.2),
            se_c: Some(0.05),
            answers: 300,
        }],
    };
    let dir = data_dir("good", Some(&file.to_toml()));
    let bank = Bank::with_framework(framework(), &dir).expect("a good calibration loads");
    let p = bank.get("fx-qcu").unwrap().params();
    assert_eq!(
        (p.a, p.b, p.c, p.d, p.calibrated),
        (0.8, -1.25, 0.18, 1.0, true)
    );
    assert_eq!(bank.calibration().unwrap(), &file.calibration);
    for item in bank.items().iter().filter(|i| i.id() != "fx-qcu") {
        assert_eq!(
            item.params(),
            plain.get(item.id()).unwrap().params(),
            "{} is not in the file and keeps its parameters",
            item.id()
        );
    }
}

#[test]
fn a_bad_file_names_each_problem_with_its_line_and_applies_nothing() {
    let text = format!(
        "{HEADER}\n[[item]]\nid = \"fx-qcu\"\na = 1.0\nb = 0.0\nanswers = 10\n\n\
         [[item]]\nid = \"fx-inconnu\"\na = 1.0\nb = 0.0\nanswers = 10\n\n\
         [[item]]\nid = \"fx-qcm\"\na = -1.0\nb = 0.0\nanswers = 10\n\n\
         [[item]]\nid = \"fx-qcu\"\na = 1.0\nb = 0.0\nanswers = 10\n\n\
         [[item]]\nid = \"fx-qroc-texte\"\na = 1.0\nb = 0.0\nse_b = -0.5\nanswers = 10\n"
    );
    let dir = data_dir("bad", Some(&text));
    let errors = Bank::with_framework(framework(), &dir).expect_err("refused");
    let file = dir.join("calibration.toml");
    let lines: Vec<String> = errors
        .0
        .iter()
        .map(|p| format!("{}: {}", p.line, p.message))
        .collect();
    assert_eq!(
        lines,
        [
            "13: unknown item `fx-inconnu`",
            "19: item `fx-qcm`: irt: `a` must be > 0 (got -1)",
            "25: item `fx-qcu` is listed twice",
            "31: item `fx-qroc-texte`: a standard error must be a number >= 0 (got -0.5)",
        ]
    );
    assert!(errors.0.iter().all(|p| p.path == file));
}

#[test]
fn a_syntax_error_or_an_unknown_field_or_model_is_reported() {
    let dir = data_dir(
        "syntax",
        Some(&format!("{HEADER}\n[[item]]\nid = \"fx-qcu\"\na = \n")),
    );
    let errors = Bank::with_framework(framework(), &dir).expect_err("refused");
    assert_eq!(errors.0.len(), 1);
    assert_eq!(errors.0[0].line, 9, "{errors}");

    let dir = data_dir(
        "field",
        Some(&format!(
            "{HEADER}\n[[item]]\nid = \"fx-qcu\"\na = 1.0\nb = 0.0\nanswers = 3\nbeta = 2\n"
        )),
    );
    let errors = Bank::with_framework(framework(), &dir).expect_err("refused");
    assert!(
        errors.to_string().contains("unknown field `beta`"),
        "{errors}"
    );

    let dir = data_dir(
        "model",
        Some("[calibration]\nmodel = \"rasch\"\ndate = \"2026-11-30\"\nanswers = 1\npersons = 1\n"),
    );
    let errors = Bank::with_framework(framework(), &dir).expect_err("refused");
    assert_eq!(
        errors.0[0].message,
        "calibration.model is `rasch`: expected `2pl` or `3pl`"
    );
}
