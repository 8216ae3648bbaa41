//! The `tremplin-sim` binary: JSON contract and `file:line: problem` errors.
#![cfg(feature = "cli")]

use std::process::Command;

fn sim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tremplin-sim"))
        .args(args)
        .output()
        .expect("run tremplin-sim")
}

fn data(name: &str) -> String {
    format!("{}/bench/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn json_report_is_the_last_line_of_stdout_with_every_field() {
    let out = sim(&[
        "--bank",
        &data("bank_2pl_500.csv"),
        "--population",
        &data("population_normal_1000.csv"),
        "--stop",
        "se:0.3,max:50",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last = stdout.lines().last().unwrap();
    let v: serde_json::Value = serde_json::from_str(last).unwrap();
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
    let out = sim(&[
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
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(v["rmse_hierarchical"].as_array().unwrap().len(), 4);
    assert_eq!(v["rmse_independent"].as_array().unwrap().len(), 4);
}

#[test]
fn a_bad_file_gets_file_line_problem_and_exit_code_2() {
    let dir = std::env::temp_dir().join(format!("tremplin-sim-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
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
