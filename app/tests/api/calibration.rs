//! `tremplin calibrate`: simulated examinees take the real adaptive test into the test's database
//! (SQLite or PostgreSQL), then the command reads their stored answers, writes a calibration file
//! that the bank loads, and a report whose figures are checked against the simulation's truth.

use std::process::Command;

use crate::bank_copy::BankCopy;
use crate::helpers::{TestApp, fresh_dir, root, spawn_app};

fn tremplin(app: &TestApp, args: &[&str]) -> std::process::Output {
    tremplin_on(app, &root().join("item-bank/data"), args)
}

/// The command with the bank in `bank`.
fn tremplin_on(app: &TestApp, bank: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tremplin"))
        .args(args)
        .current_dir(root())
        .env("DATABASE_URL", app.database_url())
        .env("TREMPLIN_BANK_DIR", bank)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn refused(out: &std::process::Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[tokio::test]
async fn simulated_answers_are_calibrated_into_a_file_the_bank_loads_with_a_report() {
    let app = spawn_app().await;
    // A bank with pilot items: the simulated examinees get them as the service serves them.
    let (copy, pilots) = BankCopy::with_pilots();
    let dir = copy.0.clone();
    let work = fresh_dir("tremplin-calibrate");
    let truth = work.join("truth.csv");
    let out = ok(&tremplin_on(
        &app,
        &dir,
        &[
            "calibrate",
            "seed",
            "--persons",
            "1200",
            "--seed",
            "5",
            "--truth",
            truth.to_str().unwrap(),
        ],
    ));
    assert!(out.contains("1200 simulated examinees"), "{out}");

    let file = work.join("calibration.toml");
    let report = work.join("report");
    let out = ok(&tremplin_on(
        &app,
        &dir,
        &[
            "calibrate",
            "--model",
            "2pl",
            "--min-answers",
            "80",
            "--out",
            file.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
            "--truth",
            truth.to_str().unwrap(),
            "--note",
            "simulated answers",
        ],
    ));
    assert!(out.contains("items calibrated"), "{out}");

    let (pilot_answers,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM answers WHERE pilot = 1")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(pilot_answers > 1000, "{pilot_answers} pilot answers");

    // The file loads on top of the bank: a new version, calibrated items.
    let plain = app::service::catalog::bank_version(&dir).unwrap();
    std::fs::copy(&file, dir.join("calibration.toml")).unwrap();
    let bank = tremplin_bank::Bank::load(&dir).expect("the written file loads");
    let source = bank.calibration().expect("the calibration is read");
    assert_eq!(source.model, "2pl");
    assert_eq!(source.persons, 1200);
    let calibrated = bank
        .items()
        .iter()
        .filter(|i| i.params().calibrated)
        .count();
    assert!(calibrated >= 100, "{calibrated} items calibrated");
    let with_file = app::service::catalog::bank_version(&dir).unwrap();
    assert_ne!(
        plain, with_file,
        "the calibration file is part of the bank version"
    );

    // The estimates recover the truth; items the engine gave often are the well-measured ones.
    let truth = app::service::calibration::report::read_truth(&truth).unwrap();
    let written: tremplin_bank::CalibrationFile =
        toml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let mut errors_b = Vec::new();
    for item in written.item.iter().filter(|i| i.answers >= 250) {
        let t = truth.iter().find(|t| t.id == item.id).unwrap();
        if t.dif == 0.0 {
            errors_b.push(item.b - t.b);
        }
    }
    assert!(
        errors_b.len() >= 30,
        "{} items with 250 answers",
        errors_b.len()
    );
    let rmse_b = (errors_b.iter().map(|e| e * e).sum::<f64>() / errors_b.len() as f64).sqrt();
    assert!(
        rmse_b < 0.35,
        "RMSE(b) {rmse_b:.3} over {} items",
        errors_b.len()
    );

    // Pilot items: calibrated with θ fixed, in the file, and said ready or not in the report.
    let html = std::fs::read_to_string(report.join("report.html")).unwrap();
    let pilot_section = html
        .split("<h2>Pilot items</h2>")
        .nth(1)
        .expect("a pilot section");
    for id in &pilots {
        assert!(
            pilot_section.contains(&format!("<td>{id}</td>")),
            "{id} in the report"
        );
    }
    let ready = pilot_section.matches("<td>yes</td>").count();
    assert!(ready >= 5, "{ready} pilot items ready");
    let pilots_in_file = written
        .item
        .iter()
        .filter(|i| pilots.contains(&i.id))
        .count();
    assert!(
        pilots_in_file >= ready,
        "{pilots_in_file} pilot items in the file"
    );
    // Typed answers cannot be guessed: there the 2PL is the true model, and b is recovered.
    let fixed: Vec<f64> = written
        .item
        .iter()
        .filter(|i| pilots.contains(&i.id))
        .filter_map(|i| {
            let t = truth.iter().find(|t| t.id == i.id).unwrap();
            (t.c == 0.0 && t.dif == 0.0).then_some(i.b - t.b)
        })
        .collect();
    assert!(fixed.len() >= 3, "{} typed pilot items", fixed.len());
    let rmse_pilot = (fixed.iter().map(|e| e * e).sum::<f64>() / fixed.len() as f64).sqrt();
    assert!(
        rmse_pilot < 0.4,
        "pilot RMSE(b) {rmse_pilot:.3} over {}",
        fixed.len()
    );

    assert!(html.contains("Recovery of the true parameters"), "{html}");
    let csv = std::fs::read_to_string(report.join("items.csv")).unwrap();
    assert!(csv.starts_with("id,competence,level,kind,answers"), "{csv}");
    assert_eq!(csv.lines().count() - 1, html.matches("<tr id=").count());

    // A new run with the file in the bank carries over what it does not estimate again.
    let second = work.join("second.toml");
    ok(&tremplin_on(
        &app,
        &dir,
        &[
            "calibrate",
            "--min-answers",
            "400",
            "--out",
            second.to_str().unwrap(),
            "--report",
            work.join("report-2").to_str().unwrap(),
        ],
    ));
    let again =
        tremplin_bank::CalibrationFile::parse(&std::fs::read_to_string(&second).unwrap()).unwrap();
    for item in &written.item {
        assert!(
            again.item.iter().any(|i| i.id == item.id),
            "{} carried over",
            item.id
        );
    }
    let html2 = std::fs::read_to_string(work.join("report-2/report.html")).unwrap();
    assert!(html2.contains("Carried over from the previous calibration"));

    // Nothing is overwritten.
    let again = refused(&tremplin(
        &app,
        &[
            "calibrate",
            "--out",
            file.to_str().unwrap(),
            "--report",
            work.join("r2").to_str().unwrap(),
        ],
    ));
    assert!(again.contains("exists; nothing is overwritten"), "{again}");

    // The 3PL: each item's prior on c follows how it is answered, so items that cannot be
    // guessed (typed answers: no guessing in the simulation either) keep c near 0 instead of
    // the 0.2 a common prior pulls every item to, and b is not pushed up with it.
    let third = work.join("third.toml");
    ok(&tremplin_on(
        &app,
        &dir,
        &[
            "calibrate",
            "--model",
            "3pl",
            "--min-answers",
            "80",
            "--out",
            third.to_str().unwrap(),
            "--report",
            work.join("report-3").to_str().unwrap(),
        ],
    ));
    let three =
        tremplin_bank::CalibrationFile::parse(&std::fs::read_to_string(&third).unwrap()).unwrap();
    let typed: Vec<(f64, f64)> = three
        .item
        .iter()
        .filter(|i| i.answers >= 250)
        .filter_map(|i| {
            let t = truth.iter().find(|t| t.id == i.id).unwrap();
            (t.c == 0.0 && t.dif == 0.0).then_some((i.c, i.b - t.b))
        })
        .collect();
    assert!(typed.len() >= 10, "{} typed items", typed.len());
    let html3 = std::fs::read_to_string(work.join("report-3/report.html")).unwrap();
    assert!(
        html3.contains("Beta(1, 200)"),
        "the report says which priors"
    );
    assert!(!html.contains("Beta(1, 200)"), "not in the 2PL's");
    assert!(
        three.calibration.priors.contains("Beta(1, 200)"),
        "the file says which priors: {}",
        three.calibration.priors
    );
    assert!(written.calibration.priors.starts_with("Priors: ln a ~ N("));
    assert!(!written.calibration.priors.contains("Beta"));
    for (c, _) in &typed {
        assert!(*c < 0.05, "c {c} on an item that cannot be guessed");
    }
    let bias = typed.iter().map(|(_, e)| e).sum::<f64>() / typed.len() as f64;
    assert!(bias.abs() < 0.2, "b biased by {bias:.3} on typed items");
}

#[tokio::test]
async fn the_simulator_refuses_a_database_with_real_assessments_and_bad_files_are_named() {
    let app = spawn_app().await;
    let work = fresh_dir("tremplin-calibrate-refusals");
    let none = refused(&tremplin(
        &app,
        &[
            "calibrate",
            "--out",
            work.join("c.toml").to_str().unwrap(),
            "--report",
            work.join("r").to_str().unwrap(),
        ],
    ));
    assert!(none.contains("no stored answer"), "{none}");
    assert!(!work.join("c.toml").exists());

    app.start().await;
    let real = refused(&tremplin(
        &app,
        &[
            "calibrate",
            "seed",
            "--persons",
            "10",
            "--truth",
            work.join("t.csv").to_str().unwrap(),
        ],
    ));
    assert!(real.contains("holds real assessments"), "{real}");
    let (simulated,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM assessments WHERE token_hash = 'synthetique'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(simulated, 0);

    let bad = work.join("bad.csv");
    std::fs::write(&bad, "id,a,b,c,dif\nc11-x,1.0,zero,0,0\n").unwrap();
    let problem = refused(&tremplin(
        &app,
        &[
            "calibrate",
            "--truth",
            bad.to_str().unwrap(),
            "--out",
            work.join("c.toml").to_str().unwrap(),
            "--report",
            work.join("r").to_str().unwrap(),
        ],
    ));
    assert!(
        problem.contains(&format!("{}:2: `b` is not a number: `zero`", bad.display())),
        "{problem}"
    );
}
