//! The `tremplin-sim` binary: JSON contract and `file:line: problem` errors.
#![cfg(feature = "cli")]

use std::process::Command;

fn sim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tremplin-sim"))
        .args(args)
        .output()
        .expect("run tremplin-sim")
}

/// What a successful run wrote.
struct Success {
    stdout: String,
    stderr: String,
}

impl Success {
    /// The JSON report: the last line of stdout.
    fn report(&self) -> serde_json::Value {
        serde_json::from_str(self.stdout.lines().last().unwrap()).unwrap()
    }
}

/// Runs `tremplin-sim` with `args` and checks that it succeeded (its stderr is the message if not).
fn sim_ok(args: &[&str]) -> Success {
    let out = sim(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Success {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn data(name: &str) -> String {
    format!("{}/bench/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn json_report_is_the_last_line_of_stdout_with_every_field() {
    let run = sim_ok(&[
        "--bank",
        &data("bank_2pl_500.csv"),
        "--population",
        &data("population_normal_1000.csv"),
        "--stop",
        "se:0.3,max:50",
        "--json",
    ]);
    let last = run.stdout.lines().last().unwrap();
    let v = run.report();
    for key in [
        "rmse",
        "bias",
        "mean_se",
        "mean_length",
        "reached_se_share",
        "max_exposure",
        "unused_share",
        "overlap",
        "examinees",
        "wall_ms",
        "step_p50_us",
        "step_p99_us",
    ] {
        assert!(
            v.get(key).is_some_and(|x| x.is_number()),
            "missing {key} in {last}"
        );
    }
    assert_eq!(v["examinees"], 1000);
    assert!(v["mean_length"].as_f64().unwrap() < 50.0);
}

#[test]
fn profile_mode_reports_both_models() {
    let v = sim_ok(&[
        "profile",
        "--competences",
        "4",
        "--items-per-competence",
        "10",
        "--length",
        "12",
        "--examinees",
        "50",
        "--json",
    ])
    .report();
    assert_eq!(v["rmse_hierarchical"].as_array().unwrap().len(), 4);
    assert_eq!(v["rmse_independent"].as_array().unwrap().len(), 4);
}

#[test]
fn a_bad_file_gets_file_line_problem_and_exit_code_2() {
    let dir = scratch("test");
    let bank = dir.join("bank.csv");
    std::fs::write(&bank, "id,a,b,c\ni1,1.0,0.0,0.1\ni2,0,0,0\n").unwrap();
    let pop = dir.join("pop.csv");
    std::fs::write(&pop, "theta\n0.1\nzero\n").unwrap();
    let out = sim(&[
        "--bank",
        bank.to_str().unwrap(),
        "--population",
        pop.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{}:3: invalid item parameters", bank.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{}:3: `zero` is not a finite number",
            pop.display()
        )),
        "{stderr}"
    );
    let out = sim(&[
        "--bank",
        bank.to_str().unwrap(),
        "--population",
        pop.to_str().unwrap(),
        "--select",
        "best",
    ]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

/// A fresh directory for one test's files.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tremplin-sim-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn calibrate_writes_one_parameter_row_per_item_and_a_json_report() {
    let dir = scratch("calibrate");
    let (responses, truth, params) = (dir.join("r.csv"), dir.join("t.csv"), dir.join("p.csv"));
    sim_ok(&[
        "responses",
        "--items",
        "6",
        "--examinees",
        "300",
        "--model",
        "2pl",
        "--seed",
        "3",
        "--out-responses",
        responses.to_str().unwrap(),
        "--out-truth",
        truth.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&responses).unwrap();
    assert!(text.starts_with("person,item,correct\n"));
    assert_eq!(text.lines().count(), 1 + 300 * 6);

    let v = sim_ok(&[
        "calibrate",
        "--responses",
        responses.to_str().unwrap(),
        "--model",
        "2pl",
        "--out",
        params.to_str().unwrap(),
        "--json",
    ])
    .report();
    assert_eq!(v["items"], 6);
    assert_eq!(v["persons"], 300);
    assert_eq!(v["responses"], 1800);
    assert_eq!(v["converged"], true);
    assert!(v["iterations"].as_u64().unwrap() >= 2);
    assert!(v["log_likelihood"].as_f64().unwrap() < 0.0);

    let csv = std::fs::read_to_string(&params).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("id,a,b,c,se_a,se_b,se_c"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 6);
    for (k, row) in rows.iter().enumerate() {
        assert_eq!(row[0], format!("i{}", k + 1));
        for field in &row[1..6] {
            let x: f64 = field.parse().unwrap();
            assert!(x.is_finite(), "{row:?}");
        }
        assert_eq!(row[3], "0.000000", "2PL: c is 0");
        assert_eq!(row[6], "", "2PL: c is not estimated, so it has no SE");
    }
    // The parameter file is a bank the simulator accepts as it is.
    sim_ok(&[
        "--bank",
        params.to_str().unwrap(),
        "--population",
        &data("population_normal_1000.csv"),
        "--stop",
        "length:5",
    ]);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn calibrate_reports_items_it_cannot_estimate_and_leaves_them_out() {
    let dir = scratch("calibrate-skip");
    let responses = dir.join("r.csv");
    let mut text = String::from("person,item,correct\n");
    for p in 0..60 {
        let correct = (p * 7) % 10 < 6;
        text.push_str(&format!("p{p},easy,1\np{p},mixed,{}\n", u8::from(correct)));
        text.push_str(&format!("p{p},other,{}\n", u8::from(p % 3 == 0)));
    }
    std::fs::write(&responses, text).unwrap();
    let run = sim_ok(&[
        "calibrate",
        "--responses",
        responses.to_str().unwrap(),
        "--model",
        "3pl",
        "--json",
    ]);
    let (stdout, stderr) = (&run.stdout, &run.stderr);
    assert!(
        stderr.contains("item `easy`: not calibrated, all responses correct (60/60 correct)"),
        "{stderr}"
    );
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("id,a,b,c,se_a,se_b,se_c"));
    let ids: Vec<&str> = stdout
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with('{'))
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, ["mixed", "other"]);
    let v = run.report();
    assert_eq!(v["skipped"][0]["id"], "easy");
    assert_eq!(v["skipped"][0]["reason"], "all_correct");
    assert_eq!(v["calibrated"], 2);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_response_files_get_file_line_problem_and_exit_code_2() {
    let dir = scratch("calibrate-bad");
    let cases = [
        (
            "header.csv",
            "person,item,score\np1,i1,1\n",
            ":1: header must be `person,item,correct`",
        ),
        ("empty.csv", "", ":1: empty file"),
        (
            "no-rows.csv",
            "person,item,correct\n",
            ":2: no response after the header",
        ),
        (
            "score.csv",
            "person,item,correct\np1,i1,1\np1,i2,yes\n",
            ":3: correct = `yes` must be 0 or 1",
        ),
        (
            "fields.csv",
            "person,item,correct\np1,i1\n",
            ":2: expected 3 fields, found 2",
        ),
        (
            "duplicate.csv",
            "person,item,correct\np1,i1,1\np2,i1,0\np1,i1,0\n",
            ":4: person `p1` already answered item `i1` (line 2)",
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let out = sim(&[
            "calibrate",
            "--responses",
            path.to_str().unwrap(),
            "--model",
            "2pl",
        ]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains(&format!("{}{expected}", path.display())),
            "{name}: {stderr}"
        );
    }
    let missing = dir.join("absent.csv");
    let out = sim(&[
        "calibrate",
        "--responses",
        missing.to_str().unwrap(),
        "--model",
        "2pl",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains(&format!("{}:1: cannot read", missing.display()))
    );
    std::fs::remove_dir_all(&dir).ok();
}
