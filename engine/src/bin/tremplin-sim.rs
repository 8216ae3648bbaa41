//! `tremplin-sim`: simulates adaptive tests on a bank and reports precision, exposure and speed.
//!
//! ```text
//! tremplin-sim --bank FILE.csv --population FILE.csv [--select mfi|randomesque:K|sympson-hetter:R|progressive|random]
//!              [--estimate eap|map|mle|wle] [--stop length:L | se:S,max:M] [--start THETA] [--seed N] [--json]
//! tremplin-sim profile --competences 16 --items-per-competence 40 --correlation 0.7 --length 48
//!              --examinees 1000 [--seed N] [--json]
//! tremplin-sim profile --bank PARAMS.csv --target-se 0.45 --length 48 [--min-per-competence 2]
//!              [--randomesque K] --examinees 1000   (variable length on a real bank)
//! tremplin-sim calibrate --responses R.csv --model 2pl|3pl [--out P.csv] [--json]
//! tremplin-sim responses --items 40 --examinees 1000 --model 2pl|3pl [--missing F] [--seed N]
//!              --out-responses R.csv --out-truth T.csv
//! ```
//! Progress goes to stderr; with `--json` the last line of stdout is one JSON object.

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use tremplin_engine::calibration::{self, CalibrationConfig, ItemOutcome, Model};
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
    /// Calibrate items from answers (marginal maximum likelihood, EM) and write their parameters.
    Calibrate(CalibrateArgs),
    /// Simulate answers of a population to generated items, for calibration studies.
    Responses(ResponsesArgs),
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

#[derive(Args)]
struct CalibrateArgs {
    /// Responses CSV with header `person,item,correct` (correct is 0 or 1).
    #[arg(long)]
    responses: PathBuf,
    /// 2pl | 3pl
    #[arg(long, value_parser = parse_model)]
    model: Model,
    /// Write the parameters here (CSV `id,a,b,c,se_a,se_b,se_c`, loadable as a bank) instead of
    /// printing them on stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Prior on ln a as MEAN,SD, or `none`.
    #[arg(long, default_value = "0,0.5")]
    prior_log_a: String,
    /// Prior on b as MEAN,SD, or `none`.
    #[arg(long, default_value = "none")]
    prior_b: String,
    /// Beta prior on c (3PL) as ALPHA,BETA, or `none`.
    #[arg(long, default_value = "5,17")]
    prior_c: String,
    /// Items with fewer answers are reported and not calibrated.
    #[arg(long, default_value_t = 10)]
    min_responses: usize,
    /// Convergence: largest parameter change in one EM cycle.
    #[arg(long, default_value_t = 1e-4)]
    tolerance: f64,
    #[arg(long, default_value_t = 2000)]
    max_iterations: usize,
    /// Quadrature nodes on [-6, 6].
    #[arg(long, default_value_t = 61)]
    quadrature_points: usize,
    /// Print one JSON object on the last line of stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ResponsesArgs {
    #[arg(long, default_value_t = 40)]
    items: usize,
    #[arg(long, default_value_t = 1000)]
    examinees: usize,
    /// 2pl | 3pl
    #[arg(long, value_parser = parse_model, default_value = "2pl")]
    model: Model,
    /// Share of answers missing completely at random.
    #[arg(long, default_value_t = 0.0)]
    missing: f64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Responses CSV `person,item,correct`.
    #[arg(long)]
    out_responses: PathBuf,
    /// True item parameters, CSV `id,a,b,c` (a bank).
    #[arg(long)]
    out_truth: PathBuf,
    /// True abilities, CSV `person,theta`.
    #[arg(long)]
    out_thetas: Option<PathBuf>,
}

fn parse_model(s: &str) -> Result<Model, String> {
    s.parse()
        .map_err(|e: tremplin_engine::EngineError| e.to_string())
}

/// A user fault in the input files: reported as `file:line: problem`, exit code 2.
struct InputError(Vec<String>);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match (cli.command, cli.unidim) {
        (Some(Command::Profile(p)), _) => run_profile(p),
        (Some(Command::Calibrate(c)), _) => run_calibrate(c),
        (Some(Command::Responses(r)), _) => run_responses(r),
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

/// `MEAN,SD` (or `ALPHA,BETA`) or `none`.
fn parse_pair(flag: &str, s: &str) -> Result<Option<(f64, f64)>> {
    if s == "none" {
        return Ok(None);
    }
    let parsed = s
        .split_once(',')
        .and_then(|(x, y)| Some((x.trim().parse().ok()?, y.trim().parse().ok()?)));
    match parsed {
        Some(pair) => Ok(Some(pair)),
        None => bail!("{flag} {s}: expected two numbers `X,Y` or `none`"),
    }
}

fn run_calibrate(c: CalibrateArgs) -> Result<()> {
    let text = read(&c.responses)?;
    let table = simulation::parse_responses_csv(&text, &c.responses.display().to_string())
        .map_err(|e| InputErrorBox(InputError(e)))?;
    let mut config = CalibrationConfig::new(c.model);
    config.priors.log_a = parse_pair("--prior-log-a", &c.prior_log_a)?;
    config.priors.b = parse_pair("--prior-b", &c.prior_b)?;
    config.priors.c = parse_pair("--prior-c", &c.prior_c)?;
    config.min_responses = c.min_responses;
    config.tolerance = c.tolerance;
    config.max_iterations = c.max_iterations;
    config.quadrature_points = c.quadrature_points;
    config.validate()?;

    let bar = ProgressBar::with_draw_target(
        Some(config.max_iterations as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        ProgressStyle::with_template("EM cycle {pos} (at most {len}), {msg} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = Instant::now();
    let cal = calibration::calibrate(
        &table.responses,
        table.persons.len(),
        table.items.len(),
        &config,
        |p| {
            bar.set_position(p.iteration as u64);
            bar.set_message(format!("largest change {:.1e}", p.max_change));
        },
    )?;
    bar.finish_and_clear();
    let wall_ms = started.elapsed().as_secs_f64() * 1e3;

    let mut csv = String::from("id,a,b,c,se_a,se_b,se_c\n");
    let mut skipped = Vec::new();
    for (id, outcome) in table.items.iter().zip(&cal.items) {
        match outcome {
            ItemOutcome::Estimated(e) => {
                let p = e.params;
                let se = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.6}"));
                writeln!(
                    csv,
                    "{id},{:.6},{:.6},{:.6},{},{},{}",
                    p.a(),
                    p.b(),
                    p.c(),
                    se(e.se.map(|s| s.a)),
                    se(e.se.map(|s| s.b)),
                    se(e.se.and_then(|s| s.c)),
                )?;
            }
            ItemOutcome::Skipped {
                responses,
                correct,
                reason,
            } => {
                eprintln!("item `{id}`: not calibrated, {reason} ({correct}/{responses} correct)");
                skipped.push(serde_json::json!({
                    "id": id, "reason": reason, "responses": responses, "correct": correct
                }));
            }
        }
    }
    let r = &cal.report;
    if !r.converged {
        eprintln!(
            "warning: EM stopped after {} cycles without converging (largest change {:.2e} > {:.0e})",
            r.iterations, r.max_change, config.tolerance
        );
    }
    let summary = format!(
        "{} items calibrated ({} skipped) from {} responses of {} persons | {} | {} EM cycles, converged: {}, log-likelihood {:.3} | {:.0} ms",
        table.items.len() - skipped.len(),
        skipped.len(),
        r.responses,
        r.persons,
        serde_json::to_value(c.model)?.as_str().unwrap_or("?"),
        r.iterations,
        r.converged,
        r.log_likelihood,
        wall_ms
    );
    match &c.out {
        Some(path) => {
            std::fs::write(path, &csv).with_context(|| format!("writing {}", path.display()))?;
            println!("{summary}");
        }
        None => {
            print!("{csv}");
            eprintln!("{summary}");
        }
    }
    if c.json {
        let v = serde_json::json!({
            "model": c.model,
            "items": table.items.len(),
            "calibrated": table.items.len() - skipped.len(),
            "skipped": skipped,
            "persons": r.persons,
            "responses": r.responses,
            "iterations": r.iterations,
            "log_likelihood": r.log_likelihood,
            "log_posterior": r.log_posterior,
            "max_change": r.max_change,
            "converged": r.converged,
            "standard_errors": if r.joint_standard_errors { "louis" } else { "louis_item_blocks" },
            "priors": config.priors,
            "wall_ms": wall_ms,
        });
        println!("{v}");
    }
    Ok(())
}

fn run_responses(a: ResponsesArgs) -> Result<()> {
    let sim = simulation::simulate_responses(&simulation::ResponseSimOptions {
        items: a.items,
        examinees: a.examinees,
        model: a.model,
        missing: a.missing,
        seed: a.seed,
    })?;
    let item_id = |j: usize| format!("i{:0w$}", j + 1, w = a.items.to_string().len());
    let person_id = |i: usize| format!("p{:0w$}", i + 1, w = a.examinees.to_string().len());
    let mut responses = String::from("person,item,correct\n");
    for r in &sim.responses {
        writeln!(
            responses,
            "{},{},{}",
            person_id(r.person),
            item_id(r.item),
            u8::from(r.correct)
        )?;
    }
    let mut truth = String::from("id,a,b,c\n");
    for (j, p) in sim.truth.iter().enumerate() {
        writeln!(truth, "{},{},{},{}", item_id(j), p.a(), p.b(), p.c())?;
    }
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
    };
    write(&a.out_responses, &responses)?;
    write(&a.out_truth, &truth)?;
    if let Some(path) = &a.out_thetas {
        let mut thetas = String::from("person,theta\n");
        for (i, t) in sim.thetas.iter().enumerate() {
            writeln!(thetas, "{},{t}", person_id(i))?;
        }
        write(path, &thetas)?;
    }
    println!(
        "{} responses of {} examinees to {} items written to {}",
        sim.responses.len(),
        a.examinees,
        a.items,
        a.out_responses.display()
    );
    Ok(())
}
