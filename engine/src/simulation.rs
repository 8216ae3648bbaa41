//! Simulation harness: replays simulated examinees through adaptive sessions and reports
//! precision (RMSE, bias, SE), test length, item exposure and per-step timing. Used by the
//! `tremplin-sim` binary and by the statistical tests. Parsing of the CSV formats lives here too
//! (from text: the binary does the file reading).

use crate::bank::ItemBank;
use crate::calibration::{Model, Response};
use crate::estimation::{Eap, Estimator, Grid, Prior, ResponseLog};
use crate::irt::ItemParams;
use crate::profile::{ProfileBank, ProfileConfig, ProfileItem, ProfileSession};
use crate::selection::SelectorConfig;
use crate::session::{AdaptiveSession, SessionConfig};
use crate::{EngineError, Scored};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, LogNormal, Normal, Uniform};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Instant;

/// Figures of one simulation run (the fields of `tremplin-sim --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimulationReport {
    /// Root mean squared error of the final estimates.
    pub rmse: f64,
    /// 95 % interval of the RMSE from Monte Carlo noise alone: the squared errors are treated as
    /// `σ² χ²_n / n` (normal errors), so the bounds are `rmse · √(n / χ²_{n; 0.975, 0.025})`.
    pub rmse_ci95: [f64; 2],
    /// Mean of (estimate − true θ).
    pub bias: f64,
    /// Mean reported standard error.
    pub mean_se: f64,
    /// Root mean square of the reported standard errors (compare with `rmse`).
    pub rms_se: f64,
    /// `rms_se / rmse`: 1 when the reported precision is honest.
    pub se_rmse_ratio: f64,
    /// Mean number of items given.
    pub mean_length: f64,
    /// Share of examinees whose final SE is below the SE target.
    pub reached_se_share: f64,
    /// The SE target used for `reached_se_share`.
    pub se_target: f64,
    /// Largest exposure rate (share of examinees who saw an item).
    pub max_exposure: f64,
    /// Share of the bank never given.
    pub unused_share: f64,
    /// Expected share of items two examinees have in common: `(N/L)·Var(r) + L/N`.
    pub overlap: f64,
    /// Number of examinees.
    pub examinees: usize,
    /// Bank size.
    pub items: usize,
    /// Wall time of the whole run in milliseconds (including response simulation).
    pub wall_ms: f64,
    /// Median time of one step (select + record), in microseconds.
    pub step_p50_us: f64,
    /// 99th percentile of the step time, in microseconds.
    pub step_p99_us: f64,
    /// Mean step time, in microseconds.
    pub step_mean_us: f64,
}

fn examinee_seed(seed: u64, k: usize) -> u64 {
    seed.wrapping_add((k as u64).wrapping_mul(0xD1B5_4A32_D192_ED03))
}

fn percentile(sorted: &[u64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[idx] as f64 / 1000.0
}

/// Runs one adaptive session per true ability in `thetas` and summarises them. `progress` is
/// called after each examinee.
pub fn simulate(
    bank: &ItemBank,
    thetas: &[f64],
    config: &SessionConfig,
    seed: u64,
    se_target: f64,
    mut progress: impl FnMut(usize),
) -> Result<SimulationReport, EngineError> {
    run(
        bank,
        thetas,
        config,
        seed,
        se_target,
        &mut progress,
        &mut |_| {},
    )
    .map(|(r, _)| r)
}

fn run(
    bank: &ItemBank,
    thetas: &[f64],
    config: &SessionConfig,
    seed: u64,
    se_target: f64,
    progress: &mut dyn FnMut(usize),
    considered: &mut dyn FnMut(usize),
) -> Result<(SimulationReport, Vec<usize>), EngineError> {
    if thetas.is_empty() {
        return Err(EngineError::InvalidConfig("the population is empty".into()));
    }
    let start = Instant::now();
    let mut exposure = vec![0usize; bank.len()];
    let mut steps: Vec<u64> = Vec::with_capacity(thetas.len() * 32);
    let (mut se2, mut err, mut err2, mut se_sum, mut len, mut reached) =
        (0.0, 0.0, 0.0, 0.0, 0usize, 0usize);
    for (k, &theta) in thetas.iter().enumerate() {
        let s = examinee_seed(seed, k);
        let mut session = AdaptiveSession::new(bank, config.clone(), s)?;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(!s);
        loop {
            let t0 = Instant::now();
            let Some(item) = session.next_item_traced(&mut *considered) else {
                break;
            };
            let t1 = t0.elapsed();
            let correct = rng.random::<f64>() < bank.params(item).prob(theta);
            let t2 = Instant::now();
            session.record(Scored { item, correct })?;
            steps.push((t1 + t2.elapsed()).as_nanos() as u64);
            exposure[item] += 1;
        }
        let e = session.estimate();
        let d = e.theta - theta;
        err += d;
        err2 += d * d;
        se_sum += e.se;
        se2 += e.se * e.se;
        len += session.responses().len();
        reached += usize::from(e.se < se_target);
        progress(k + 1);
    }
    let wall_ms = start.elapsed().as_secs_f64() * 1000.0;
    let n = thetas.len() as f64;
    let rates: Vec<f64> = exposure.iter().map(|&c| c as f64 / n).collect();
    let mean_len = len as f64 / n;
    let items = bank.len() as f64;
    let mean_rate = rates.iter().sum::<f64>() / items;
    let var_rate = rates.iter().map(|r| (r - mean_rate).powi(2)).sum::<f64>() / items;
    steps.sort_unstable();
    let rmse = (err2 / n).sqrt();
    let rms_se = (se2 / n).sqrt();
    let report = SimulationReport {
        rmse_ci95: rmse_interval(rmse, thetas.len()),
        rmse,
        bias: err / n,
        mean_se: se_sum / n,
        rms_se,
        se_rmse_ratio: rms_se / rmse,
        mean_length: mean_len,
        reached_se_share: reached as f64 / n,
        se_target,
        max_exposure: rates.iter().copied().fold(0.0, f64::max),
        unused_share: exposure.iter().filter(|&&c| c == 0).count() as f64 / items,
        overlap: if mean_len > 0.0 {
            items / mean_len * var_rate + mean_len / items
        } else {
            0.0
        },
        examinees: thetas.len(),
        items: bank.len(),
        wall_ms,
        step_p50_us: percentile(&steps, 0.5),
        step_p99_us: percentile(&steps, 0.99),
        step_mean_us: steps.iter().sum::<u64>() as f64 / steps.len().max(1) as f64 / 1000.0,
    };
    Ok((report, exposure))
}

/// 95 % Monte Carlo interval of an RMSE computed from `n` errors (chi-square quantiles, statrs).
fn rmse_interval(rmse: f64, n: usize) -> [f64; 2] {
    use statrs::distribution::{ChiSquared, ContinuousCDF};
    match ChiSquared::new(n as f64) {
        Ok(chi) => {
            let n = n as f64;
            [
                rmse * (n / chi.inverse_cdf(0.975)).sqrt(),
                rmse * (n / chi.inverse_cdf(0.025)).sqrt(),
            ]
        }
        Err(_) => [f64::NAN, f64::NAN],
    }
}

/// Calibrates Sympson–Hetter exposure parameters for a target maximum exposure rate `r`
/// (Sympson & Hetter, 1985): starting from `K = 1`, each round simulates the `thetas` with the
/// current parameters, counts how often each item's lottery is drawn (`P(S_i)`, per examinee)
/// and lowers `K_i` to `r / P(S_i)` where `P(S_i) > r`. Unlike the original update, which resets
/// `K_i` to 1 whenever `P(S_i) ≤ r` and oscillates, parameters here never rise between rounds, so
/// the iteration settles. `base` gives the estimator and stopping rule; its selection is replaced.
pub fn calibrate_sympson_hetter(
    bank: &ItemBank,
    thetas: &[f64],
    base: &SessionConfig,
    r: f64,
    rounds: usize,
    seed: u64,
) -> Result<Vec<f64>, EngineError> {
    if !(r > 0.0 && r <= 1.0) {
        return Err(EngineError::InvalidConfig(format!(
            "target exposure must be in (0, 1], got {r}"
        )));
    }
    let mut k = vec![1.0; bank.len()];
    let n = thetas.len() as f64;
    for round in 0..rounds {
        let mut config = base.clone();
        config.selection = SelectorConfig::SympsonHetter {
            exposure: k.clone(),
        };
        let mut selected = vec![0usize; bank.len()];
        run(
            bank,
            thetas,
            &config,
            seed.wrapping_add(round as u64 * 7919),
            0.0,
            &mut |_| {},
            &mut |i| selected[i] += 1,
        )?;
        for (ki, &s) in k.iter_mut().zip(&selected) {
            let ps = s as f64 / n;
            if ps > r {
                *ki = ki.min(r / ps);
            }
        }
    }
    Ok(k)
}

/// Draws `n` abilities from `N(mean, sd²)` with a seeded generator.
pub fn normal_population(n: usize, mean: f64, sd: f64, seed: u64) -> Result<Vec<f64>, EngineError> {
    let dist = Normal::new(mean, sd).map_err(|e| EngineError::InvalidConfig(e.to_string()))?;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    Ok((0..n).map(|_| dist.sample(&mut rng)).collect())
}

/// Options of the profile simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileSimOptions {
    /// Number of competences.
    pub competences: usize,
    /// Items generated per competence (a ~ LogNormal(0, 0.25), b ~ N(0, 1)).
    pub items_per_competence: usize,
    /// Correlation between competences (σ_g² with unit total variance).
    pub correlation: f64,
    /// Test length (fixed).
    pub length: usize,
    /// Number of simulated examinees.
    pub examinees: usize,
    /// Seed of everything random.
    pub seed: u64,
    /// 3PL items with c ~ U(0, 0.25) instead of 2PL.
    pub guessing: bool,
}

/// Figures of a profile simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileReport {
    /// Number of examinees.
    pub examinees: usize,
    /// Number of competences.
    pub competences: usize,
    /// Maximum test length.
    pub length: usize,
    /// Mean number of items given.
    pub mean_length: f64,
    /// Share of examinees whose every competence reached the SE target.
    pub reached_se_share: f64,
    /// Correlation used for the simulation and the model.
    pub correlation: f64,
    /// Per-competence RMSE of the hierarchical (profile) estimates.
    pub rmse_hierarchical: Vec<f64>,
    /// Per-competence RMSE of independent EAP N(0, 1) estimates from the same responses.
    pub rmse_independent: Vec<f64>,
    /// Mean over competences of `rmse_hierarchical`.
    pub mean_rmse_hierarchical: f64,
    /// Mean over competences of `rmse_independent`.
    pub mean_rmse_independent: f64,
    /// Smallest per-competence relative gain `1 − hierarchical / independent`.
    pub min_gain: f64,
    /// Mean relative gain.
    pub mean_gain: f64,
    /// RMSE of the general ability.
    pub rmse_general: f64,
    /// Root mean square of the reported per-competence SEs (compare with the hierarchical RMSE).
    pub rms_se_hierarchical: f64,
    /// Wall time in milliseconds.
    pub wall_ms: f64,
    /// Median step time (select + record), microseconds.
    pub step_p50_us: f64,
    /// 99th percentile step time, microseconds.
    pub step_p99_us: f64,
}

/// Simulates fixed-length profile sessions on a generated bank and compares the hierarchical
/// estimates with independent unidimensional EAP estimates computed from the same responses.
pub fn simulate_profile(
    opts: &ProfileSimOptions,
    progress: impl FnMut(usize),
) -> Result<ProfileReport, EngineError> {
    let config = ProfileConfig {
        target_se: 1e-9,
        max_items: opts.length,
        min_items: opts.length,
        min_per_competence: 1,
        ..ProfileConfig::with_correlation(opts.correlation)?
    };
    if opts.items_per_competence == 0 {
        return Err(EngineError::InvalidConfig("need items".into()));
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(opts.seed ^ 0xBA4C);
    let invalid = |e: rand_distr::NormalError| EngineError::InvalidConfig(e.to_string());
    let a_dist = LogNormal::new(0.0, 0.25).map_err(invalid)?;
    let b_dist = Normal::new(0.0, 1.0).map_err(invalid)?;
    let c_dist = Uniform::new(0.0, 0.25).map_err(|e| EngineError::InvalidConfig(e.to_string()))?;
    let mut items = Vec::new();
    for c in 0..opts.competences {
        for _ in 0..opts.items_per_competence {
            let guess = if opts.guessing {
                c_dist.sample(&mut rng)
            } else {
                0.0
            };
            let params =
                ItemParams::three_pl(a_dist.sample(&mut rng), b_dist.sample(&mut rng), guess)?;
            items.push(ProfileItem {
                params,
                competence: c,
            });
        }
    }
    simulate_profile_bank(
        &items,
        opts.competences,
        &config,
        opts.correlation,
        opts.examinees,
        opts.seed,
        progress,
    )
}

/// Simulates profile sessions with `config` on the given items: true abilities are drawn as
/// `θ_c = g + u_c` with `g ~ N(0, ρ)` and `u_c ~ N(0, 1 − ρ)`; the hierarchical estimates are
/// compared with independent EAP N(0, 1) estimates from the same responses.
pub fn simulate_profile_bank(
    items: &[ProfileItem],
    competences: usize,
    config: &ProfileConfig,
    correlation: f64,
    examinees: usize,
    seed: u64,
    mut progress: impl FnMut(usize),
) -> Result<ProfileReport, EngineError> {
    if examinees == 0 {
        return Err(EngineError::InvalidConfig("need examinees".into()));
    }
    if !(correlation > 0.0 && correlation < 1.0) {
        return Err(EngineError::InvalidConfig(format!(
            "correlation must be in (0, 1), got {correlation}"
        )));
    }
    let bank = ProfileBank::new(items.to_vec(), competences)?;
    let flat = ItemBank::new(items.iter().map(|i| i.params).collect())?;
    let invalid = |e: rand_distr::NormalError| EngineError::InvalidConfig(e.to_string());
    let g_dist = Normal::new(0.0, correlation.sqrt()).map_err(invalid)?;
    let u_dist = Normal::new(0.0, (1.0 - correlation).sqrt()).map_err(invalid)?;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let eap = Eap::for_grid(Prior::default(), &Grid::default());
    let comps = competences;
    let (mut sq_h, mut sq_i, mut sq_g, mut se2) = (vec![0.0; comps], vec![0.0; comps], 0.0, 0.0);
    let (mut length, mut reached) = (0usize, 0usize);
    let mut steps = Vec::with_capacity(examinees * config.max_items);
    let start = Instant::now();
    for k in 0..examinees {
        let g = g_dist.sample(&mut rng);
        let truth: Vec<f64> = (0..comps).map(|_| g + u_dist.sample(&mut rng)).collect();
        let mut session = ProfileSession::new(&bank, config.clone(), examinee_seed(seed, k))?;
        let mut logs = vec![ResponseLog::new(&Grid::default()); comps];
        loop {
            let t0 = Instant::now();
            let Some(i) = session.next_item() else { break };
            let t1 = t0.elapsed();
            let it = bank.item(i);
            let correct = rng.random::<f64>() < it.params.prob(truth[it.competence]);
            let t2 = Instant::now();
            session.record(Scored { item: i, correct })?;
            steps.push((t1 + t2.elapsed()).as_nanos() as u64);
            logs[it.competence].record(&it.params, Scored { item: i, correct });
        }
        let est = session.estimates();
        length += session.answered();
        reached += usize::from(est.competences.iter().all(|e| e.se < config.target_se));
        sq_g += (est.general.theta - g).powi(2);
        for c in 0..comps {
            sq_h[c] += (est.competences[c].theta - truth[c]).powi(2);
            se2 += est.competences[c].se.powi(2);
            sq_i[c] += (eap.estimate(&flat, &logs[c]).theta - truth[c]).powi(2);
        }
        progress(k + 1);
    }
    let n = examinees as f64;
    let rmse_h: Vec<f64> = sq_h.iter().map(|s| (s / n).sqrt()).collect();
    let rmse_i: Vec<f64> = sq_i.iter().map(|s| (s / n).sqrt()).collect();
    let gains: Vec<f64> = rmse_h
        .iter()
        .zip(&rmse_i)
        .map(|(h, i)| 1.0 - h / i)
        .collect();
    steps.sort_unstable();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    Ok(ProfileReport {
        examinees,
        competences: comps,
        length: config.max_items,
        mean_length: length as f64 / n,
        reached_se_share: reached as f64 / n,
        correlation,
        mean_rmse_hierarchical: mean(&rmse_h),
        mean_rmse_independent: mean(&rmse_i),
        min_gain: gains.iter().copied().fold(f64::INFINITY, f64::min),
        mean_gain: mean(&gains),
        rmse_general: (sq_g / n).sqrt(),
        rms_se_hierarchical: (se2 / (n * comps as f64)).sqrt(),
        rmse_hierarchical: rmse_h,
        rmse_independent: rmse_i,
        wall_ms: start.elapsed().as_secs_f64() * 1000.0,
        step_p50_us: percentile(&steps, 0.5),
        step_p99_us: percentile(&steps, 0.99),
    })
}

/// Parses a profile bank CSV: header `id,competence,a,b,c,d` (as printed by `tremplin-bank
/// params`; `c` and `d` optional). Competence labels are numbered in sorted order; returns the
/// items and the labels. Errors read `label:line: problem`, all of them.
pub fn parse_profile_bank_csv(
    text: &str,
    label: &str,
) -> Result<(Vec<ProfileItem>, Vec<String>), Vec<String>> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let header = lines.next().map(|(_, h)| h).unwrap_or("");
    let Some(col) = header
        .split(',')
        .map(str::trim)
        .position(|c| c == "competence")
    else {
        return Err(vec![format!(
            "{label}:1: header must have a `competence` column, got `{header}`"
        )]);
    };
    // Reuse the plain bank parser on the same text without the competence column.
    let strip = |l: &str| {
        l.split(',')
            .enumerate()
            .filter(|(i, _)| *i != col)
            .map(|(_, f)| f)
            .collect::<Vec<_>>()
            .join(",")
    };
    let stripped: String = text
        .lines()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                strip(l)
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let codes: Vec<Option<String>> = text
        .lines()
        .map(|l| {
            if l.trim().is_empty() {
                None
            } else {
                l.split(',').nth(col).map(|c| c.trim().to_string())
            }
        })
        .collect();
    let (_, params) = parse_bank_csv(&stripped, label)?;
    let row_codes: Vec<String> = codes.into_iter().flatten().skip(1).collect();
    let mut labels: Vec<String> = row_codes.clone();
    labels.sort();
    labels.dedup();
    let items = params
        .into_iter()
        .zip(&row_codes)
        .map(|(params, code)| ProfileItem {
            params,
            competence: labels.binary_search(code).unwrap_or(0),
        })
        .collect();
    Ok((items, labels))
}

/// Options of [`simulate_responses`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseSimOptions {
    /// Number of items.
    pub items: usize,
    /// Number of examinees, with abilities drawn from N(0, 1).
    pub examinees: usize,
    /// 2PL (`c = 0`) or 3PL.
    pub model: Model,
    /// Probability that an answer is missing, independently for every person × item (MCAR).
    pub missing: f64,
    /// Seed of everything random.
    pub seed: u64,
}

/// Simulated answers with the truth that produced them.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedResponses {
    /// True item parameters: `a ~ LogNormal(0, 0.3)`, `b ~ N(0, 1)`, and for the 3PL
    /// `c ~ U(0.1, 0.3)`.
    pub truth: Vec<ItemParams>,
    /// True abilities, N(0, 1).
    pub thetas: Vec<f64>,
    /// Answers, person by person, items in order; missing ones left out.
    pub responses: Vec<Response>,
}

/// Simulates a calibration data set: every examinee answers every item (but for the `missing`
/// share) under the model, with item parameters from distributions typical of operational banks.
pub fn simulate_responses(opts: &ResponseSimOptions) -> Result<SimulatedResponses, EngineError> {
    if !(0.0..1.0).contains(&opts.missing) {
        return Err(EngineError::InvalidConfig(format!(
            "missing share {}: need 0 <= missing < 1",
            opts.missing
        )));
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(opts.seed ^ 0xCA1B);
    let invalid = |e: rand_distr::NormalError| EngineError::InvalidConfig(e.to_string());
    let a_dist = LogNormal::new(0.0, 0.3).map_err(invalid)?;
    let b_dist = Normal::new(0.0, 1.0).map_err(invalid)?;
    let c_dist = Uniform::new(0.1, 0.3).map_err(|e| EngineError::InvalidConfig(e.to_string()))?;
    let truth = (0..opts.items)
        .map(|_| {
            let (a, b) = (a_dist.sample(&mut rng), b_dist.sample(&mut rng));
            match opts.model {
                Model::TwoPl => ItemParams::two_pl(a, b),
                Model::ThreePl => ItemParams::three_pl(a, b, c_dist.sample(&mut rng)),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let thetas: Vec<f64> = (0..opts.examinees)
        .map(|_| b_dist.sample(&mut rng))
        .collect();
    let mut responses = Vec::new();
    for (person, &theta) in thetas.iter().enumerate() {
        for (item, p) in truth.iter().enumerate() {
            let absent = rng.random::<f64>() < opts.missing;
            let correct = rng.random::<f64>() < p.prob(theta);
            if !absent {
                responses.push(Response {
                    person,
                    item,
                    correct,
                });
            }
        }
    }
    Ok(SimulatedResponses {
        truth,
        thetas,
        responses,
    })
}

/// Answers read from a responses CSV, persons and items numbered in order of first appearance.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseTable {
    /// Person ids; index `i` is person `i` of the responses.
    pub persons: Vec<String>,
    /// Item ids; index `j` is item `j` of the responses.
    pub items: Vec<String>,
    /// The answers.
    pub responses: Vec<Response>,
}

/// Parses a responses CSV: header exactly `person,item,correct`, one answer per line, `correct`
/// 0 or 1, person and item any non-empty strings, each person × item pair at most once. Errors
/// read `label:line: problem`, all of them.
pub fn parse_responses_csv(text: &str, label: &str) -> Result<ResponseTable, Vec<String>> {
    const HEADER: &str = "person,item,correct";
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    match lines.next() {
        Some((_, h)) if h.trim() == HEADER => {}
        Some((n, h)) => {
            return Err(vec![format!(
                "{label}:{}: header must be `{HEADER}`, got `{}`",
                n + 1,
                h.trim()
            )]);
        }
        None => {
            return Err(vec![format!(
                "{label}:1: empty file, expected a header `{HEADER}`"
            )]);
        }
    }
    let mut errors = Vec::new();
    let mut table = ResponseTable {
        persons: Vec::new(),
        items: Vec::new(),
        responses: Vec::new(),
    };
    let (mut person_ids, mut item_ids) = (HashMap::new(), HashMap::new());
    let mut seen = HashMap::new();
    let index = |ids: &mut HashMap<String, usize>, names: &mut Vec<String>, id: &str| {
        *ids.entry(id.to_string()).or_insert_with(|| {
            names.push(id.to_string());
            names.len() - 1
        })
    };
    for (ln, line) in lines {
        let ln = ln + 1;
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let [person, item, correct] = f[..] else {
            errors.push(format!(
                "{label}:{ln}: expected 3 fields, found {}",
                f.len()
            ));
            continue;
        };
        if person.is_empty() || item.is_empty() {
            errors.push(format!("{label}:{ln}: empty person or item id"));
            continue;
        }
        let correct = match correct {
            "1" => true,
            "0" => false,
            other => {
                errors.push(format!("{label}:{ln}: correct = `{other}` must be 0 or 1"));
                continue;
            }
        };
        let p = index(&mut person_ids, &mut table.persons, person);
        let i = index(&mut item_ids, &mut table.items, item);
        if let Some(first) = seen.insert((p, i), ln) {
            errors.push(format!(
                "{label}:{ln}: person `{person}` already answered item `{item}` (line {first})"
            ));
            continue;
        }
        table.responses.push(Response {
            person: p,
            item: i,
            correct,
        });
    }
    if table.responses.is_empty() && errors.is_empty() {
        errors.push(format!("{label}:2: no response after the header"));
    }
    if errors.is_empty() {
        Ok(table)
    } else {
        Err(errors)
    }
}

/// Parses a bank CSV (header `id,a,b,c` with an optional `d`; `c` defaults to 0 and `d` to 1 when
/// the column is absent). Errors read `label:line: problem`, all of them.
pub fn parse_bank_csv(
    text: &str,
    label: &str,
) -> Result<(Vec<String>, Vec<ItemParams>), Vec<String>> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((hl, header)) = lines.next() else {
        return Err(vec![format!(
            "{label}:1: empty file, expected a header `id,a,b,c`"
        )]);
    };
    let cols: Vec<&str> = header.split(',').map(str::trim).collect();
    let find = |name: &str| cols.iter().position(|c| *c == name);
    let (Some(ci), Some(ca), Some(cb)) = (find("id"), find("a"), find("b")) else {
        return Err(vec![format!(
            "{label}:{}: header must name columns id, a, b (and optionally c, d), got `{header}`",
            hl + 1
        )]);
    };
    let (cc, cd) = (find("c"), find("d"));
    let mut errors = Vec::new();
    let (mut ids, mut params) = (Vec::new(), Vec::new());
    let mut seen = std::collections::HashMap::new();
    for (ln, line) in lines {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        if f.len() != cols.len() {
            errors.push(format!(
                "{label}:{}: expected {} fields, found {}",
                ln + 1,
                cols.len(),
                f.len()
            ));
            continue;
        }
        let num = |idx: Option<usize>, default: f64, name: &str| -> Result<f64, String> {
            match idx {
                None => Ok(default),
                Some(i) => f[i].parse::<f64>().map_err(|_| {
                    format!("{label}:{}: {name} = `{}` is not a number", ln + 1, f[i])
                }),
            }
        };
        match (
            num(Some(ca), 0.0, "a"),
            num(Some(cb), 0.0, "b"),
            num(cc, 0.0, "c"),
            num(cd, 1.0, "d"),
        ) {
            (Ok(a), Ok(b), Ok(c), Ok(d)) => match ItemParams::new(a, b, c, d) {
                Ok(p) => {
                    let id = f[ci].to_string();
                    if let Some(prev) = seen.insert(id.clone(), ln + 1) {
                        errors.push(format!(
                            "{label}:{}: duplicate id `{id}` (first on line {prev})",
                            ln + 1
                        ));
                    }
                    ids.push(id);
                    params.push(p);
                }
                Err(e) => errors.push(format!("{label}:{}: {e}", ln + 1)),
            },
            (a, b, c, d) => errors.extend([a, b, c, d].into_iter().filter_map(Result::err)),
        }
    }
    if params.is_empty() && errors.is_empty() {
        errors.push(format!("{label}:{}: no item after the header", hl + 1));
    }
    if errors.is_empty() {
        Ok((ids, params))
    } else {
        Err(errors)
    }
}

/// Parses a population CSV (header `theta`, one finite ability per line).
pub fn parse_population_csv(text: &str, label: &str) -> Result<Vec<f64>, Vec<String>> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    match lines.next() {
        Some((_, h)) if h.trim() == "theta" => {}
        Some((n, h)) => {
            return Err(vec![format!(
                "{label}:{}: header must be `theta`, got `{h}`",
                n + 1
            )]);
        }
        None => {
            return Err(vec![format!(
                "{label}:1: empty file, expected a header `theta`"
            )]);
        }
    }
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (ln, line) in lines {
        match line.trim().parse::<f64>() {
            Ok(t) if t.is_finite() => out.push(t),
            _ => errors.push(format!(
                "{label}:{}: `{}` is not a finite number",
                ln + 1,
                line.trim()
            )),
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(format!("{label}:2: no ability after the header"));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_csv_numbers_persons_and_items_in_order_of_first_appearance() {
        let text = "\u{feff}person,item,correct\r\nann,q2,1\r\nbob,q1,0\r\n\r\nann,q1,0\r\n";
        let t = parse_responses_csv(text, "r.csv").unwrap();
        assert_eq!(t.persons, ["ann", "bob"]);
        assert_eq!(t.items, ["q2", "q1"]);
        assert_eq!(
            t.responses,
            [
                Response {
                    person: 0,
                    item: 0,
                    correct: true
                },
                Response {
                    person: 1,
                    item: 1,
                    correct: false
                },
                Response {
                    person: 0,
                    item: 1,
                    correct: false
                },
            ]
        );
    }

    #[test]
    fn bank_csv_errors_name_file_and_line() {
        let text = "id,a,b,c\ni1,1.0,0.0,0.1\ni2,x,0,0\ni3,-1,0,0\ni1,1,0,0\ni4,1,2\n";
        let errs = parse_bank_csv(text, "bank.csv").unwrap_err();
        assert_eq!(errs.len(), 4, "{errs:?}");
        assert!(errs[0].starts_with("bank.csv:3: a = `x`"));
        assert!(errs[1].starts_with("bank.csv:4: invalid item parameters"));
        assert!(errs[2].starts_with("bank.csv:5: duplicate id `i1`"));
        assert!(errs[3].starts_with("bank.csv:6: expected 4 fields"));
        assert!(
            parse_bank_csv("foo,bar\n", "b.csv").unwrap_err()[0].starts_with("b.csv:1: header")
        );
        let (ids, p) = parse_bank_csv("id,a,b\nx,1.5,0.2\n", "b").unwrap();
        assert_eq!(ids, vec!["x"]);
        assert_eq!(p[0], ItemParams::two_pl(1.5, 0.2).unwrap());
    }

    #[test]
    fn profile_bank_csv_numbers_competences_in_sorted_order() {
        let (items, labels) = parse_profile_bank_csv(
            "id,competence,a,b,c,d\nx,2.1,1.2,0,0.25,1\ny,1.1,1,0.5,0,1\n\n",
            "p",
        )
        .unwrap();
        assert_eq!(labels, vec!["1.1", "2.1"]);
        assert_eq!(items[0].competence, 1);
        assert_eq!(items[1].competence, 0);
        assert_eq!(items[1].params, ItemParams::two_pl(1.0, 0.5).unwrap());
        assert!(
            parse_profile_bank_csv("id,a,b\nx,1,0\n", "p.csv").unwrap_err()[0]
                .starts_with("p.csv:1: header")
        );
        assert!(
            parse_profile_bank_csv("id,competence,a,b\nx,1.1,-1,0\n", "p.csv").unwrap_err()[0]
                .starts_with("p.csv:2: invalid item parameters")
        );
    }

    #[test]
    fn population_csv_errors_name_file_and_line() {
        assert_eq!(
            parse_population_csv("theta\n0.5\n-1\n", "p").unwrap(),
            vec![0.5, -1.0]
        );
        let e = parse_population_csv("theta\n0.5\nabc\ninf\n", "p.csv").unwrap_err();
        assert_eq!(
            e,
            vec![
                "p.csv:3: `abc` is not a finite number",
                "p.csv:4: `inf` is not a finite number"
            ]
        );
        assert!(parse_population_csv("t\n1\n", "p").is_err());
    }

    #[test]
    fn rmse_interval_brackets_the_estimate_and_narrows_with_n() {
        let [lo, hi] = rmse_interval(0.4, 1000);
        assert!(lo < 0.4 && 0.4 < hi);
        assert!((hi - lo) > 0.03 && (hi - lo) < 0.04, "{lo} {hi}");
        let [lo2, hi2] = rmse_interval(0.4, 10_000);
        assert!(hi2 - lo2 < (hi - lo) / 3.0);
    }

    #[test]
    fn sympson_hetter_calibration_caps_exposure() {
        let params: Vec<ItemParams> = (0..200)
            .map(|i| {
                ItemParams::two_pl(
                    0.7 + (i % 9) as f64 * 0.15,
                    ((i * 53) % 200) as f64 / 50.0 - 2.0,
                )
                .unwrap()
            })
            .collect();
        let bank = ItemBank::new(params).unwrap();
        let pop = normal_population(400, 0.0, 1.0, 3).unwrap();
        let base = SessionConfig::new(crate::stopping::StopConfig::Length(10));
        let mfi = simulate(&bank, &pop, &base, 1, 0.3, |_| {}).unwrap();
        assert!(
            mfi.max_exposure > 0.5,
            "MFI alone over-exposes: {}",
            mfi.max_exposure
        );
        let k = calibrate_sympson_hetter(&bank, &pop, &base, 0.2, 8, 5).unwrap();
        let mut sh = base.clone();
        sh.selection = SelectorConfig::SympsonHetter { exposure: k };
        let fresh = normal_population(400, 0.0, 1.0, 4).unwrap();
        let rep = simulate(&bank, &fresh, &sh, 2, 0.3, |_| {}).unwrap();
        assert!(rep.max_exposure <= 0.26, "exposure {}", rep.max_exposure);
    }
}
