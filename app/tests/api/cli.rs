//! The `tremplin` command line: help, the default `serve`, clear errors.

use std::process::Command;

fn tremplin(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tremplin"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn help_lists_the_serve_command() {
    let out = tremplin(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("serve"), "{text}");
    assert!(text.contains("Usage"), "{text}");
}

#[test]
fn an_unknown_command_is_a_usage_error() {
    let out = tremplin(&["nonsense"]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("nonsense"), "{text}");
}

#[test]
fn invalid_settings_stop_the_server_with_a_clear_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_tremplin"))
        .arg("serve")
        .env("TREMPLIN_ADDR", "not-an-address")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("invalid settings"), "{text}");
}
