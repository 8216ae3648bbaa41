//! `tremplin-bank check [DIR]`, `tremplin-bank stats [DIR] [--json]` and `tremplin-bank params [DIR]`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tremplin_bank::{Bank, DEFAULT_DATA_DIR, Stats};

#[derive(Parser)]
#[command(name = "tremplin-bank", about = "Check and count Tremplin's item bank")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the framework and every item; print every problem as `path:line: message`.
    Check {
        /// Data directory (holds framework.toml and items/) [default: item-bank/data].
        dir: Option<PathBuf>,
    },
    /// Count live items by competence × level, by kind, and beginner items by skill.
    Stats {
        /// Data directory (holds framework.toml and items/) [default: item-bank/data].
        dir: Option<PathBuf>,
        /// Print one JSON object instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Print the live items' IRT parameters as CSV (`id,competence,a,b,c,d`), the bank format of
    /// `tremplin-sim profile --bank`.
    Params {
        /// Data directory (holds framework.toml and items/) [default: item-bank/data].
        dir: Option<PathBuf>,
    },
}

fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { dir } => {
            let dir = data_dir(dir);
            match Bank::load(&dir) {
                Ok(bank) => {
                    let live = bank.live().count();
                    println!(
                        "{}: OK — {} items ({live} live), framework {}",
                        dir.display(),
                        bank.items().len(),
                        bank.framework().version
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(errors) => {
                    println!("{errors}");
                    eprintln!("{} problem(s) found", errors.0.len());
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Params { dir } => {
            let dir = data_dir(dir);
            let bank = match Bank::load(&dir) {
                Ok(bank) => bank,
                Err(errors) => {
                    eprintln!("{errors}");
                    return Ok(ExitCode::from(1));
                }
            };
            let mut text = String::from("id,competence,a,b,c,d\n");
            for item in bank.live() {
                let p = item.params();
                writeln!(
                    text,
                    "{},{},{},{},{},{}",
                    item.id(),
                    item.competence(),
                    p.a,
                    p.b,
                    p.c,
                    p.d
                )?;
            }
            let _ = std::io::stdout().write_all(text.as_bytes());
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { dir, json } => {
            let dir = data_dir(dir);
            let bank = match Bank::load(&dir) {
                Ok(bank) => bank,
                Err(errors) => {
                    eprintln!("{errors}");
                    eprintln!(
                        "{} problem(s): run `tremplin-bank check` first",
                        errors.0.len()
                    );
                    return Ok(ExitCode::from(1));
                }
            };
            let stats = bank.stats();
            let text = if json {
                format!("{}\n", serde_json::to_string(&stats)?)
            } else {
                tables(&stats)
            };
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::stdout().write_all(text.as_bytes());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The directory given, else `item-bank/data`, else `data` when run from inside `item-bank/`.
fn data_dir(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| {
        let default = PathBuf::from(DEFAULT_DATA_DIR);
        let inside = PathBuf::from("data");
        if !default.exists() && inside.join("framework.toml").exists() {
            inside
        } else {
            default
        }
    })
}

/// Plain-text tables of the counts.
fn tables(stats: &Stats) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write_tables(&mut out, stats);
    out
}

fn write_tables(out: &mut String, stats: &Stats) -> std::fmt::Result {
    writeln!(out, "live items: {}", stats.live)?;
    writeln!(out)?;
    writeln!(out, "competence |   1   2   3   4   5   6   7   8 | total")?;
    for (code, levels) in &stats.by_competence {
        let counts: Vec<String> = levels.values().map(|n| format!("{n:3}")).collect();
        let total: usize = levels.values().sum();
        writeln!(out, "{code:>10} | {} | {total:5}", counts.join(" "))?;
    }
    writeln!(out)?;
    writeln!(out, "by kind:")?;
    for (kind, n) in &stats.by_kind {
        writeln!(out, "  {kind:<9} {n:4}")?;
    }
    writeln!(out)?;
    let covered = stats.beginner.skills.values().filter(|n| **n > 0).count();
    writeln!(
        out,
        "beginner items: {} live, {covered}/{} skills covered",
        stats.beginner.live,
        stats.beginner.skills.len()
    )?;
    for (skill, n) in &stats.beginner.skills {
        writeln!(out, "  {skill} {n:4}")?;
    }
    Ok(())
}
