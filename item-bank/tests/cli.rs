//! The `tremplin-bank` binary: `check` exit codes and output, `stats --json` shape.

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tremplin-bank"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_passes_on_the_real_data_with_a_one_line_summary() {
    let (code, out, err) = run(&["check", "data"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains("OK") && out.contains("framework 2026.1"),
        "{out}"
    );
}

#[test]
fn check_fails_with_every_problem_on_a_broken_directory() {
    let (code, out, err) = run(&["check", "tests/fixtures/dup"]);
    assert_eq!(code, 1);
    assert_eq!(
        out.trim_end(),
        "tests/fixtures/dup/framework.toml:1: cannot read framework: No such file or directory (os error 2)"
    );
    assert!(err.contains("1 problem(s)"), "{err}");
}

#[test]
fn stats_json_is_one_object_with_the_documented_keys() {
    let (code, out, err) = run(&["stats", "data", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim_end().lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["beginner", "by_competence", "by_kind", "live"]);
    assert!(v["by_competence"]["4.1"]["8"].is_u64());
    assert!(v["by_kind"]["qcu"].is_u64());
    assert!(v["beginner"]["skills"]["b02"].is_u64());
}

#[test]
fn stats_tables_list_every_competence() {
    let (code, out, _) = run(&["stats", "data"]);
    assert_eq!(code, 0);
    for code in ["1.1", "2.4", "3.4", "5.2"] {
        assert!(out.contains(code), "{out}");
    }
}

#[test]
fn params_prints_one_csv_row_per_live_item() {
    let (code, out, _) = run(&["params"]);
    assert_eq!(code, 0);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("id,competence,a,b,c,d"));
    let rows: Vec<&str> = lines.collect();
    let bank = tremplin_bank::Bank::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data"
    )))
    .unwrap();
    assert_eq!(rows.len(), bank.live().count());
    for row in rows {
        let f: Vec<&str> = row.split(',').collect();
        assert_eq!(f.len(), 6, "{row}");
        let item = bank.get(f[0]).expect("known id");
        assert_eq!(f[1], item.competence().as_str());
        assert_eq!(f[3].parse::<f64>().unwrap(), item.params().b);
    }
}
