//! `tremplin-sim`: simulates adaptive tests on a bank and reports precision, exposure and speed.
//!
//! ```text
//! tremplin-sim --bank FILE.csv --population FILE.csv [--select mfi|randomesque:K|sympson-hetter:R|progressive|random]
//!              [--estimate eap|map|mle|wle] [--stop length:L | se:S,max:M] [--start THETA] [--seed N] [--json]
//! tremplin-sim profile --competences 16 --items-per-competence 40 --correlation 0.7 --length 48
//!              --examinees 1000 [--seed N] [--json]
//! tremplin-sim profile --bank PARAMS.csv --target-se 0.45 --length 48 [--min-per-competence 2]
//!              [--randomesque K] --examinees 1000   (variable length on a real bank)
//! ```
//! Progress goes to stderr; with `--json` the last line of stdout is one JSON object.

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tremplin_engine::estimation::EstimatorConfig;
use tremplin_engine::profile::ProfileConfig;
use tremplin_engine::selection::SelectorConfig;
use tremplin_engine::session::SessionConfig;
use tremplin_engine::simulation::{self, ProfileSimOptions};
use tremplin_engine::stopping::StopConfig;

#[derive(Parser)]
#[command(
    name = "tremplin-sim",
    about = "Simulate adaptive tests with the Tremplin engine",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    unidim: Option<Unidim>,
}

#[derive(Subcommand)]
enum Command {
    /// Multi-competence profile simulation: hierarchical model vs independent estimates.
    Profile(ProfileArgs),
}

#[derive(Args)]
struct Unidim {
    /// Bank CSV with header `id,a,b,c` (optional `d`).
    #[arg(long)]
    bank: PathBuf,
    /// Population CSV with header `theta`.
    #[arg(long)]
    population: PathBuf,
    /// mfi | randomesque:K | sympson-hetter:R | progressive | random
    #[arg(long, default_value = "mfi")]
    select: String,
    /// eap | map | mle | wle
    #[arg(long, default_value = "eap")]
    estimate: String,
    /// length:L | se:S,max:M (optionally ,min:M)
    #[arg(long, default_value = "length:20")]
    stop: String,
    /// Starting ability.
    #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
    start: f64,
    /// Seed of all randomness.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// SE threshold for the `reached_se_share` figure (defaults to the stop rule's, else 0.3).
    #[arg(long)]
    se_target: Option<f64>,
    /// Replay the population this many times (different response draws) to shrink Monte Carlo noise.
    #[arg(long, default_value_t = 1)]
    replications: usize,
    /// Print one JSON object on the last line of stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ProfileArgs {
    #[arg(long, default_value_t = 16)]
    competences: usize,
    #[arg(long, default_value_t = 40)]
    items_per_competence: usize,
    #[arg(long, default_value_t = 0.7)]
    correlation: f64,
    #[arg(long, default_value_t = 48)]
    length: usize,
    #[arg(long, default_value_t = 1000)]
    examinees: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Generate 3PL items (c ~ U(0, 0.25)) instead of 2PL.
    #[arg(long)]
    guessing: bool,
    /// Use this bank instead of a generated one: CSV `id,competence,a,b,c,d` (`tremplin-bank params`).
    #[arg(long)]
    bank: Option<PathBuf>,
    /// Variable length: stop when every competence's SE is below this (with --length as maximum).
    #[arg(long)]
    target_se: Option<f64>,
    /// With --target-se: minimum items per competence.
    #[arg(long, default_value_t = 2)]
    min_per_competence: usize,
    /// With --target-se: draw among this many best items (exposure control).
    #[arg(long, default_value_t = 1)]
    randomesque: usize,
    #[arg(long)]
    json: bool,
}

/// A user fault in the input files: reported as `file:line: problem`, exit code 2.
struct InputError(Vec<String>);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match (cli.command, cli.unidim) {
        (Some(Command::Profile(p)), _) => run_profile(p),
        (None, Some(u)) => run_unidim(u),
        (None, None) => Err(anyhow!(
            "give --bank and --population, or the `profile` subcommand (see --help)"
        )),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => match e.downcast_ref::<InputErrorBox>() {
            Some(InputErrorBox(InputError(lines))) => {
                for l in lines {
                    eprintln!("{l}");
                }
                ExitCode::from(2)
            }
            None => {
                eprintln!("error: {e:#}");
                ExitCode::from(2)
            }
        },
    }
}

#[derive(Debug)]
struct InputErrorBox(InputError);
impl std::fmt::Debug for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.join("\n"))
    }
}
impl std::fmt::Display for InputErrorBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}
impl std::error::Error for InputErrorBox {}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        InputErrorBox(InputError(vec![format!(
            "{}:1: cannot read: {e}",
            path.display()
        )]))
        .into()
    })
}

fn progress_bar(n: usize) -> ProgressBar {
    let bar =
        ProgressBar::with_draw_target(Some(n as u64), indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} examinees {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn parse_select(s: &str) -> Result<(SelectorConfig, Option<f64>)> {
    let (name, arg) = s.split_once(':').map_or((s, None), |(n, a)| (n, Some(a)));
    let num = |a: Option<&str>| -> Result<f64> {
        a.ok_or_else(|| anyhow!("--select {name} needs a value, e.g. {name}:5"))?
            .parse::<f64>()
            .with_context(|| format!("--select {s}: not a number"))
    };
    Ok(match name {
        "mfi" => (SelectorConfig::Mfi, None),
        "randomesque" => (
            SelectorConfig::Randomesque {
                k: num(arg)? as usize,
            },
            None,
        ),
        "sympson-hetter" => (SelectorConfig::Mfi, Some(num(arg)?)),
        "progressive" => (SelectorConfig::Progressive, None),
        "mepv" => (
            SelectorConfig::Mepv {
                candidates: arg.map_or(Ok(16.0), |a| num(Some(a)))? as usize,
            },
            None,
        ),
        "random" => (SelectorConfig::Random, None),
        _ => bail!(
            "--select {s}: expected mfi, randomesque:K, sympson-hetter:R, progressive, random or mepv[:K]"
        ),
    })
}

fn parse_estimate(s: &str) -> Result<EstimatorConfig> {
    Ok(match s {
        "eap" => EstimatorConfig::Eap,
        "map" => EstimatorConfig::Map,
        "mle" => EstimatorConfig::Mle,
        "wle" => EstimatorConfig::Wle,
        _ => bail!("--estimate {s}: expected eap, map, mle or wle"),
    })
}

fn parse_stop(s: &str) -> Result<(StopConfig, Option<f64>)> {
    let (mut length, mut se, mut min, mut max) = (None, None, None, None);
    for part in s.split(',') {
        let (k, v) = part
            .split_once(':')
            .ok_or_else(|| anyhow!("--stop {s}: expected key:value parts"))?;
        match k {
            "length" => {
                length = Some(
                    v.parse::<usize>()
                        .with_context(|| format!("--stop {part}"))?,
                )
            }
            "se" => se = Some(v.parse::<f64>().with_context(|| format!("--stop {part}"))?),
            "min" => {
                min = Some(
                    v.parse::<usize>()
                        .with_context(|| format!("--stop {part}"))?,
                )
            }
            "max" => {
                max = Some(
                    v.parse::<usize>()
                        .with_context(|| format!("--stop {part}"))?,
                )
            }
            _ => bail!("--stop {s}: unknown key `{k}` (length, se, min, max)"),
        }
    }
    let mut any = Vec::new();
    any.extend(length.map(StopConfig::Length));
    any.extend(max.map(StopConfig::MaxItems));
    any.extend(se.map(StopConfig::Se));
    let rule = StopConfig::Any(any);
    let rule = match min {
        Some(m) => StopConfig::Any(vec![
            StopConfig::All(vec![rule.clone(), StopConfig::MinItems(m)]),
            StopConfig::MaxItems(rule_max(&rule)?),
        ]),
        None => rule,
    };
    rule.validate().map_err(|e| anyhow!("--stop {s}: {e}"))?;
    Ok((rule, se))
}

fn rule_max(rule: &StopConfig) -> Result<usize> {
    use tremplin_engine::StopRule;
    rule.max_length()
        .ok_or_else(|| anyhow!("the stop rule needs length:L or max:M"))
}

fn run_unidim(u: Unidim) -> Result<()> {
    let bank_text = read(&u.bank)?;
    let pop_text = read(&u.population)?;
    let label_b = u.bank.display().to_string();
    let label_p = u.population.display().to_string();
    let mut errors = Vec::new();
    let bank = simulation::parse_bank_csv(&bank_text, &label_b)
        .map_err(|e| errors.extend(e))
        .ok();
    let pop = simulation::parse_population_csv(&pop_text, &label_p)
        .map_err(|e| errors.extend(e))
        .ok();
    let (Some((_, params)), Some(pop)) = (bank, pop) else {
        return Err(InputErrorBox(InputError(errors)).into());
    };
    let bank = tremplin_engine::bank::ItemBank::new(params)?;
    let (selection, sh_target) = parse_select(&u.select)?;
    let (stop, se_from_rule) = parse_stop(&u.stop)?;
    let mut config = SessionConfig::new(stop);
    config.selection = selection;
    config.estimation = parse_estimate(&u.estimate)?;
    config.start_theta = u.start;
    if let Some(r) = sh_target {
        eprintln!(
            "calibrating Sympson–Hetter exposure parameters for r = {r} (12 rounds on a fresh N(0,1) sample of {})…",
            pop.len()
        );
        let calib_pop = simulation::normal_population(pop.len(), 0.0, 1.0, u.seed ^ 0x5EED)?;
        let k = simulation::calibrate_sympson_hetter(
            &bank,
            &calib_pop,
            &config,
            r,
            12,
            u.seed ^ 0xCA11,
        )?;
        config.selection = SelectorConfig::SympsonHetter { exposure: k };
    }
    if u.replications == 0 {
        bail!("--replications must be at least 1");
    }
    let pop: Vec<f64> = pop
        .iter()
        .copied()
        .cycle()
        .take(pop.len() * u.replications)
        .collect();
    let bar = progress_bar(pop.len());
    let se_target = u.se_target.or(se_from_rule).unwrap_or(0.3);
    let report = simulation::simulate(&bank, &pop, &config, u.seed, se_target, |k| {
        bar.set_position(k as u64)
    })?;
    bar.finish_and_clear();
    println!(
        "{} examinees, {} items | RMSE {:.3} [{:.3}, {:.3}]  bias {:+.3}  mean SE {:.3} (RMS SE/RMSE {:.3}) | mean length {:.1}, SE<{} reached {:.1}% | max exposure {:.3}, unused {:.1}%, overlap {:.3} | {:.0} ms, step p50 {:.2} µs p99 {:.2} µs",
        report.examinees,
        report.items,
        report.rmse,
        report.rmse_ci95[0],
        report.rmse_ci95[1],
        report.bias,
        report.mean_se,
        report.se_rmse_ratio,
        report.mean_length,
        report.se_target,
        100.0 * report.reached_se_share,
        report.max_exposure,
        100.0 * report.unused_share,
        report.overlap,
        report.wall_ms,
        report.step_p50_us,
        report.step_p99_us
    );
    if u.json {
        println!("{}", serde_json::to_string(&report)?);
    }
    Ok(())
}

fn run_profile(p: ProfileArgs) -> Result<()> {
    let bar = progress_bar(p.examinees);
    let tick = |k: usize| bar.set_position(k as u64);
    let variable = p.target_se.is_some() || p.bank.is_some();
    let r = if variable {
        let (items, labels) = match &p.bank {
            Some(path) => {
                let text = read(path)?;
                simulation::parse_profile_bank_csv(&text, &path.display().to_string())
                    .map_err(|e| InputErrorBox(InputError(e)))?
            }
            None => bail!("--target-se needs --bank (a generated bank is fixed-length only)"),
        };
        let mut config = ProfileConfig::with_correlation(p.correlation)?;
        config.max_items = p.length;
        config.min_per_competence = p.min_per_competence;
        config.randomesque = p.randomesque;
        match p.target_se {
            Some(se) => config.target_se = se,
            None => {
                config.target_se = 1e-9;
                config.min_items = p.length;
            }
        }
        eprintln!(
            "{} items over {} competences; configuration: {}",
            items.len(),
            labels.len(),
            serde_json::to_string(&config)?
        );
        simulation::simulate_profile_bank(
            &items,
            labels.len(),
            &config,
            p.correlation,
            p.examinees,
            p.seed,
            tick,
        )?
    } else {
        let opts = ProfileSimOptions {
            competences: p.competences,
            items_per_competence: p.items_per_competence,
            correlation: p.correlation,
            length: p.length,
            examinees: p.examinees,
            seed: p.seed,
            guessing: p.guessing,
        };
        simulation::simulate_profile(&opts, tick)?
    };
    bar.finish_and_clear();
    println!("competence  RMSE hierarchical  RMSE independent  gain");
    for c in 0..r.competences {
        println!(
            "{:>10}  {:>17.3}  {:>16.3}  {:>4.1}%",
            c + 1,
            r.rmse_hierarchical[c],
            r.rmse_independent[c],
            100.0 * (1.0 - r.rmse_hierarchical[c] / r.rmse_independent[c])
        );
    }
    println!(
        "mean length {:.1} (all SE < target: {:.1}%) | mean RMSE {:.3} vs {:.3} (gain {:.1}%, smallest {:.1}%), general ability RMSE {:.3}, RMS SE {:.3} | {:.0} ms, step p50 {:.1} µs p99 {:.1} µs",
        r.mean_length,
        100.0 * r.reached_se_share,
        r.mean_rmse_hierarchical,
        r.mean_rmse_independent,
        100.0 * r.mean_gain,
        100.0 * r.min_gain,
        r.rmse_general,
        r.rms_se_hierarchical,
        r.wall_ms,
        r.step_p50_us,
        r.step_p99_us
    );
    if p.json {
        println!("{}", serde_json::to_string(&r)?);
    }
    Ok(())
}
