//! Marginal maximum likelihood by EM (Bock & Aitkin, 1981) on sparse responses.
//!
//! Abilities are integrated out over a fixed quadrature of `N(0, 1)` ([`calibrate`]) or, with
//! [`calibrate_conditional`], of a normal prior `N(μ_i, σ_i²)` of each person's own on the same
//! nodes ([`super::PersonPrior`]). Each cycle:
//!
//! - **E-step**: for every person, the posterior weights of the nodes given their answers
//!   (`w_iq ∝ π_iq Π_j P_j(θ_q)^x (1 − P_j(θ_q))^(1−x)`, over the items they answered only, with
//!   `π_iq = π_q` the `N(0, 1)` weights or person `i`'s prior weights), summed
//!   into each item's expected counts of answers `n_jq = Σ_i w_iq` and of correct answers
//!   `r_jq = Σ_i w_iq x_ij`;
//! - **M-step**: each item's expected complete-data log posterior is maximised on its own
//!   ([`super::item_posterior::maximise`]), which is what makes EM cheap: items do not interact
//!   given the counts.
//!
//! Each cycle increases the marginal log posterior (a generalised EM: the M-step only has to
//! improve, and step halving guarantees it does).
//!
//! Per-person priors change the E-step's weights only: the M-step, the convergence rule and Louis's
//! information (`information`) read the same weights, and the marginal log-likelihood becomes
//! `Σ_i ln Σ_q π_iq L_i(θ_q)`, the log-likelihood of the answers given the data behind the priors.
//! With the scale no longer pinned by a common `N(0, 1)`, the priors' means and SDs set it: they
//! must be on the metric the items are wanted on.

use super::information::{EmState, joint_standard_errors};
use super::item_posterior::{self, Counts, Params, log_prior, point};
use super::{
    Calibration, CalibrationConfig, ConvergenceReport, EmProgress, ItemEstimate, ItemOutcome,
    ItemPriors, PersonPrior, Response, item_outcome_for_counts, validate_person_priors,
};
use crate::EngineError;
use crate::irt::ItemParams;

/// Fisher-scoring steps per item and cycle: EM moves little per cycle, so a few suffice.
const M_STEPS: usize = 5;

/// The quadrature: equally spaced nodes with normalised `N(0, 1)` weights.
pub(super) struct Quadrature {
    pub theta: Vec<f64>,
    pub ln_weight: Vec<f64>,
}

impl Quadrature {
    pub(super) fn new(points: usize, range: f64) -> Self {
        let step = 2.0 * range / (points - 1) as f64;
        let theta: Vec<f64> = (0..points).map(|k| -range + step * k as f64).collect();
        let raw: Vec<f64> = theta.iter().map(|t| -0.5 * t * t).collect();
        let ln_total = raw.iter().map(|v| v.exp()).sum::<f64>().ln();
        let ln_weight = raw.iter().map(|v| v - ln_total).collect();
        Quadrature { theta, ln_weight }
    }

    pub(super) fn len(&self) -> usize {
        self.theta.len()
    }
}

/// The prior of every person's θ on the quadrature nodes.
pub(super) enum Population {
    /// `N(0, 1)` for everyone: the quadrature's own weights `π_q`.
    Standard,
    /// Person `i`'s `N(μ_i, σ_i²)` (`means[i]`, `sds[i]`), with `ln Σ_q exp(−z_iq² / 2)` for
    /// `z_iq = (θ_q − μ_i) / σ_i` in `ln_total[i]`, which normalises the weights over the nodes.
    PerPerson {
        means: Vec<f64>,
        sds: Vec<f64>,
        ln_total: Vec<f64>,
    },
}

impl Population {
    /// Person `i`'s prior `priors[i]` on the nodes of `quad` (checked by the caller).
    pub(super) fn per_person(priors: &[PersonPrior], quad: &Quadrature) -> Self {
        let ln_total = priors
            .iter()
            .map(|p| {
                quad.theta
                    .iter()
                    .map(|t| prior_exponent(*t, p.mean, p.sd).exp())
                    .sum::<f64>()
                    .ln()
            })
            .collect();
        Population::PerPerson {
            means: priors.iter().map(|p| p.mean).collect(),
            sds: priors.iter().map(|p| p.sd).collect(),
            ln_total,
        }
    }

    /// `priors` on the nodes of `quad`, or `N(0, 1)` for everyone if `None`.
    pub(super) fn new(priors: Option<&[PersonPrior]>, quad: &Quadrature) -> Self {
        priors.map_or(Population::Standard, |p| Population::per_person(p, quad))
    }

    /// Writes person `i`'s log prior weights `ln π_iq` (summing to 1 over the nodes) into `lw`.
    pub(super) fn ln_weights(&self, i: usize, quad: &Quadrature, lw: &mut [f64]) {
        match self {
            Population::Standard => lw.copy_from_slice(&quad.ln_weight),
            Population::PerPerson {
                means,
                sds,
                ln_total,
            } => {
                let (m, s, ln_t) = (means[i], sds[i], ln_total[i]);
                for (w, t) in lw.iter_mut().zip(&quad.theta) {
                    *w = prior_exponent(*t, m, s) - ln_t;
                }
            }
        }
    }
}

/// `−z² / 2` with `z = (θ − μ) / σ`, computed as [`Quadrature::new`] computes `−θ² / 2` (so that
/// `N(0, 1)` gives the same bits).
fn prior_exponent(theta: f64, mean: f64, sd: f64) -> f64 {
    let z = (theta - mean) / sd;
    -0.5 * z * z
}

/// The responses sorted by person then item, after checking that every index is below `persons`
/// and `items` and that no person answered an item twice ([`EngineError::InvalidData`] if not).
pub(super) fn sorted_responses(
    responses: &[Response],
    persons: usize,
    items: usize,
) -> Result<Vec<Response>, EngineError> {
    let mut sorted = responses.to_vec();
    if let Some(bad) = sorted
        .iter()
        .find(|r| r.person >= persons || r.item >= items)
    {
        return Err(EngineError::InvalidData(format!(
            "response of person {} to item {} is outside {persons} persons × {items} items",
            bad.person, bad.item
        )));
    }
    sorted.sort_unstable_by_key(|r| (r.person, r.item));
    if let Some(pair) = sorted
        .windows(2)
        .find(|w| (w[0].person, w[0].item) == (w[1].person, w[1].item))
    {
        return Err(EngineError::InvalidData(format!(
            "person {} answered item {} more than once",
            pair[0].person, pair[0].item
        )));
    }
    Ok(sorted)
}

/// Answers grouped by person (compressed rows), items renumbered to the calibrated ones.
pub(super) struct Persons {
    start: Vec<usize>,
    item: Vec<usize>,
    correct: Vec<bool>,
}

impl Persons {
    /// Groups `sorted` (from [`sorted_responses`]) by person `0..persons`, keeping the answers to
    /// items `j` with `slot[j] != usize::MAX` and renumbering them `slot[j]`.
    pub(super) fn new(sorted: &[Response], persons: usize, slot: &[usize]) -> Self {
        let mut group = Persons {
            start: vec![0],
            item: Vec::new(),
            correct: Vec::new(),
        };
        let mut it = sorted.iter().peekable();
        for i in 0..persons {
            while let Some(r) = it.next_if(|r| r.person == i) {
                if slot[r.item] != usize::MAX {
                    group.item.push(slot[r.item]);
                    group.correct.push(r.correct);
                }
            }
            group.start.push(group.item.len());
        }
        group
    }

    #[cfg(test)]
    pub(super) fn for_tests(start: Vec<usize>, item: Vec<usize>, correct: Vec<bool>) -> Self {
        Persons {
            start,
            item,
            correct,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.start.len() - 1
    }

    /// The `(calibrated item, correct)` answers of person `i`.
    pub(super) fn answers(&self, i: usize) -> impl Iterator<Item = (usize, bool)> + '_ {
        let range = self.start[i]..self.start[i + 1];
        self.item[range.clone()]
            .iter()
            .copied()
            .zip(self.correct[range].iter().copied())
    }

    pub(super) fn count(&self, i: usize) -> usize {
        self.start[i + 1] - self.start[i]
    }
}

/// `ln P` and `ln (1 − P)` of every calibrated item at every node, item-major.
pub(super) struct LogTables {
    ln_p: Vec<f64>,
    ln_q: Vec<f64>,
    nodes: usize,
}

impl LogTables {
    pub(super) fn new(params: &[Params], quad: &Quadrature) -> Self {
        Self::from_fn(params.len(), quad, |j, t| {
            let pt = point(t, &params[j]);
            (pt.ln_p, pt.ln_q)
        })
    }

    /// The tables of `items` items whose `(ln P, ln (1 − P))` at ability `θ` is `f(item, θ)`.
    pub(super) fn from_fn(
        items: usize,
        quad: &Quadrature,
        f: impl Fn(usize, f64) -> (f64, f64),
    ) -> Self {
        let nodes = quad.len();
        let mut ln_p = Vec::with_capacity(items * nodes);
        let mut ln_q = Vec::with_capacity(items * nodes);
        for j in 0..items {
            for &t in &quad.theta {
                let (lp, lq) = f(j, t);
                ln_p.push(lp);
                ln_q.push(lq);
            }
        }
        LogTables { ln_p, ln_q, nodes }
    }

    /// `ln P_j` (for a right answer) or `ln (1 − P_j)` (wrong) of item `j` at every node.
    pub(super) fn row(&self, j: usize, correct: bool) -> &[f64] {
        let table = if correct { &self.ln_p } else { &self.ln_q };
        &table[j * self.nodes..(j + 1) * self.nodes]
    }

    /// Writes the log of person `i`'s unnormalised posterior over the nodes into `lw`:
    /// `ln π_iq + Σ_j [x ln P_j(θ_q) + (1 − x) ln (1 − P_j(θ_q))]`, `π_iq` their prior weights.
    pub(super) fn log_posterior(
        &self,
        persons: &Persons,
        i: usize,
        quad: &Quadrature,
        population: &Population,
        lw: &mut [f64],
    ) {
        population.ln_weights(i, quad, lw);
        for (j, x) in persons.answers(i) {
            for (wq, l) in lw.iter_mut().zip(self.row(j, x)) {
                *wq += l;
            }
        }
    }

    /// Writes person `i`'s posterior weights over the nodes into `w` and returns the log of their
    /// marginal likelihood `ln Σ_q π_iq L_i(θ_q)`.
    pub(super) fn posterior(
        &self,
        persons: &Persons,
        i: usize,
        quad: &Quadrature,
        population: &Population,
        w: &mut [f64],
    ) -> f64 {
        self.log_posterior(persons, i, quad, population, w);
        normalise_log_weights(w)
    }
}

/// Turns log weights into weights that sum to 1, in place, and returns the log of their total
/// `ln Σ_q exp(w_q)` (computed from the largest, so nothing overflows).
pub(super) fn normalise_log_weights(w: &mut [f64]) -> f64 {
    let top = w.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    let mut total = 0.0;
    for wq in w.iter_mut() {
        *wq = (*wq - top).exp();
        total += *wq;
    }
    for wq in w.iter_mut() {
        *wq /= total;
    }
    top + total.ln()
}

/// The E-step: fills the expected counts `n` and `r` (item-major, `items × nodes`) and returns the
/// marginal log-likelihood at `params`.
pub(super) fn e_step(
    persons: &Persons,
    quad: &Quadrature,
    population: &Population,
    params: &[Params],
    n: &mut [f64],
    r: &mut [f64],
) -> f64 {
    let tables = LogTables::new(params, quad);
    let nodes = quad.len();
    n.fill(0.0);
    r.fill(0.0);
    let mut w = vec![0.0; nodes];
    let mut loglik = 0.0;
    for i in 0..persons.len() {
        if persons.count(i) == 0 {
            continue;
        }
        loglik += tables.posterior(persons, i, quad, population, &mut w);
        for (j, x) in persons.answers(i) {
            let nj = &mut n[j * nodes..(j + 1) * nodes];
            nj.iter_mut().zip(&w).for_each(|(a, b)| *a += b);
            if x {
                let rj = &mut r[j * nodes..(j + 1) * nodes];
                rj.iter_mut().zip(&w).for_each(|(a, b)| *a += b);
            }
        }
    }
    loglik
}

/// Calibrates every item from sparse `responses` of `persons` people to `items` items by marginal
/// maximum likelihood (EM), with the priors of `config` (Bayes modal estimates).
///
/// `progress` is called after every EM cycle. Items that cannot be estimated are reported as
/// [`ItemOutcome::Skipped`] and do not enter the likelihood; persons keep their other answers.
///
/// **Standard errors** invert the observed information of the marginal log posterior at the
/// estimates, computed exactly by Louis's (1982) formula (complete-data information minus the
/// posterior covariance of each person's complete-data score, plus the priors' curvature), over
/// all items jointly; see [`ConvergenceReport::joint_standard_errors`] for the fallback.
///
/// Errors: invalid settings ([`EngineError::InvalidConfig`]); an index out of range or a person
/// answering the same item twice ([`EngineError::InvalidData`]).
pub fn calibrate(
    responses: &[Response],
    persons: usize,
    items: usize,
    config: &CalibrationConfig,
    progress: impl FnMut(&EmProgress),
) -> Result<Calibration, EngineError> {
    run(responses, persons, items, None, config, progress)
}

/// [`calibrate`] with a normal prior `N(μ_i, σ_i²)` on each person's θ: `priors[i]` for person
/// `i`, typically the posterior of θ given their answers to the other competences
/// ([`PersonPrior`], which explains why and what the quadrature needs).
///
/// The E-step weights person `i`'s nodes by `π_iq L_i(θ_q)`, `π_iq ∝ φ((θ_q − μ_i)/σ_i)`
/// normalised over the nodes, so EM maximises `Σ_i ln ∫ L_i(θ) φ_i(θ) dθ` plus the item log
/// priors; the reported log-likelihood and Louis's standard errors are those of that marginal.
/// With [`PersonPrior::STANDARD`] for everyone the result is [`calibrate`]'s, bit for bit.
///
/// Errors: those of [`calibrate`]; `priors` not one per person, or a prior with a non-finite mean
/// or a non-positive or non-finite SD ([`EngineError::InvalidData`]); the prior of a person with
/// an answer to a calibrated item outside the quadrature (`|μ_i| + 4σ_i > r`) or narrower than its
/// node spacing ([`EngineError::InvalidConfig`]).
pub fn calibrate_conditional(
    responses: &[Response],
    persons: usize,
    items: usize,
    priors: &[PersonPrior],
    config: &CalibrationConfig,
    progress: impl FnMut(&EmProgress),
) -> Result<Calibration, EngineError> {
    run(responses, persons, items, Some(priors), config, progress)
}

/// The EM of [`calibrate`] (`person_priors` `None`) and [`calibrate_conditional`].
fn run(
    responses: &[Response],
    persons: usize,
    items: usize,
    person_priors: Option<&[PersonPrior]>,
    config: &CalibrationConfig,
    mut progress: impl FnMut(&EmProgress),
) -> Result<Calibration, EngineError> {
    config.validate()?;
    let model = config.model;
    if let Some(p) = &config.item_priors
        && p.len() != items
    {
        return Err(EngineError::InvalidConfig(format!(
            "{} item priors for {items} items",
            p.len()
        )));
    }
    let prior_of =
        |j: usize| -> ItemPriors { config.item_priors.as_ref().map_or(config.priors, |p| p[j]) };
    let sorted = sorted_responses(responses, persons, items)?;

    let mut answered = vec![0usize; items];
    let mut correct = vec![0usize; items];
    for r in &sorted {
        answered[r.item] += 1;
        correct[r.item] += usize::from(r.correct);
    }
    let mut outcomes: Vec<Option<ItemOutcome>> = (0..items)
        .map(|j| item_outcome_for_counts(answered[j], correct[j], config.min_responses))
        .collect();
    let calibrated: Vec<usize> = (0..items).filter(|&j| outcomes[j].is_none()).collect();
    let mut slot = vec![usize::MAX; items];
    for (k, &j) in calibrated.iter().enumerate() {
        slot[j] = k;
    }

    let group = Persons::new(&sorted, persons, &slot);
    let persons_used = (0..persons).filter(|&i| group.count(i) > 0).count();
    if let Some(p) = person_priors {
        validate_person_priors(
            p,
            persons,
            config.quadrature_points,
            config.quadrature_range,
            |i| group.count(i) > 0,
        )?;
    }

    let quad = Quadrature::new(config.quadrature_points, config.quadrature_range);
    let population = Population::new(person_priors, &quad);
    let nodes = quad.len();
    // The priors of the calibrated items, in their order.
    let priors: Vec<ItemPriors> = calibrated.iter().map(|&j| prior_of(j)).collect();
    let mut params: Vec<Params> = calibrated
        .iter()
        .zip(&priors)
        .map(|(&j, prior)| {
            let p = correct[j] as f64 / answered[j] as f64;
            item_posterior::start_values(model, prior, p, 0.0, 1.4)
        })
        .collect();
    let mut n = vec![0.0; calibrated.len() * nodes];
    let mut r = vec![0.0; calibrated.len() * nodes];
    let log_priors = |params: &[Params]| -> f64 {
        params
            .iter()
            .zip(&priors)
            .map(|(x, prior)| log_prior(model, prior, x))
            .sum()
    };

    let mut iterations = 0;
    let mut max_change = f64::INFINITY;
    let mut converged = calibrated.is_empty();
    while !converged && iterations < config.max_iterations {
        iterations += 1;
        let loglik = e_step(&group, &quad, &population, &params, &mut n, &mut r);
        let log_posterior = loglik + log_priors(&params);
        max_change = 0.0;
        for (k, x) in params.iter_mut().enumerate() {
            let counts = Counts {
                theta: &quad.theta,
                n: &n[k * nodes..(k + 1) * nodes],
                r: &r[k * nodes..(k + 1) * nodes],
            };
            let y = item_posterior::maximise(model, &priors[k], x, counts, M_STEPS);
            max_change = (0..3).fold(max_change, |m, i| m.max((y[i] - x[i]).abs()));
            *x = y;
        }
        converged = max_change < config.tolerance;
        progress(&EmProgress {
            iteration: iterations,
            log_likelihood: loglik,
            log_posterior,
            max_change,
        });
    }
    if calibrated.is_empty() {
        max_change = 0.0;
    }

    let log_likelihood = e_step(&group, &quad, &population, &params, &mut n, &mut r);
    let at = EmState {
        persons: &group,
        quad: &quad,
        population: &population,
        params: &params,
        n: &n,
        r: &r,
    };
    let (errors, joint) = joint_standard_errors(model, &priors, &at);
    for (k, &j) in calibrated.iter().enumerate() {
        let [a, b, c] = params[k];
        outcomes[j] = Some(ItemOutcome::Estimated(ItemEstimate {
            params: ItemParams::three_pl(a, b, c)?,
            se: errors[k],
            responses: answered[j],
            correct: correct[j],
        }));
    }
    Ok(Calibration {
        items: outcomes.into_iter().flatten().collect(),
        report: ConvergenceReport {
            iterations,
            log_likelihood,
            log_posterior: log_likelihood + log_priors(&params),
            max_change,
            converged,
            persons: persons_used,
            responses: group.item.len(),
            joint_standard_errors: joint,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Model, PersonPrior, SkipReason};
    use super::*;
    use crate::simulation::{ResponseSimOptions, simulate_responses};

    fn simulated(model: Model, items: usize, examinees: usize, missing: f64) -> Vec<Response> {
        simulate_responses(&ResponseSimOptions {
            items,
            examinees,
            model,
            missing,
            seed: 21,
        })
        .unwrap()
        .responses
    }

    #[test]
    fn every_em_cycle_increases_the_log_posterior() {
        for model in [Model::TwoPl, Model::ThreePl] {
            let responses = simulated(model, 8, 300, 0.3);
            let mut history = Vec::new();
            let config = CalibrationConfig::new(model);
            let cal = calibrate(&responses, 300, 8, &config, |p| {
                history.push(p.log_posterior)
            })
            .unwrap();
            assert!(cal.report.converged, "{:?}", cal.report);
            assert!(history.len() >= 3);
            for w in history.windows(2) {
                assert!(w[1] >= w[0] - 1e-9, "{model:?}: {history:?}");
            }
            assert!(cal.report.log_posterior >= history[history.len() - 1] - 1e-9);
        }
    }

    #[test]
    fn per_item_priors_keep_the_guessing_of_items_that_cannot_be_guessed_near_zero() {
        // Answers without guessing (2PL truth), fitted by the 3PL: the default Beta(5, 17)
        // pulls every c towards 0.2 and b up with it; a prior on c with its mode at 0 (items
        // answered by typing) keeps c near 0 and b where the 2PL puts it.
        let (items, persons) = (10, 1500);
        let responses = simulated(Model::TwoPl, items, persons, 0.0);
        let b_of = |config: &CalibrationConfig| -> Vec<(f64, f64)> {
            let cal = calibrate(&responses, persons, items, config, |_| {}).unwrap();
            cal.items
                .iter()
                .map(|o| {
                    let p = o.estimate().unwrap().params;
                    (p.b(), p.c())
                })
                .collect()
        };
        let two_pl = b_of(&CalibrationConfig::new(Model::TwoPl));
        let default = b_of(&CalibrationConfig::new(Model::ThreePl));
        let mut typed = CalibrationConfig::new(Model::ThreePl);
        let no_guessing = ItemPriors {
            c: Some((1.0, 200.0)),
            ..ItemPriors::default()
        };
        typed.item_priors = Some(vec![no_guessing; items]);
        let per_item = b_of(&typed);
        let shift = |fit: &[(f64, f64)]| -> f64 {
            fit.iter().zip(&two_pl).map(|(x, y)| x.0 - y.0).sum::<f64>() / items as f64
        };
        assert!(
            shift(&default) > 0.15,
            "default prior: b shifted by {}",
            shift(&default)
        );
        assert!(
            shift(&per_item).abs() < 0.05,
            "per-item: {}",
            shift(&per_item)
        );
        for (b, c) in &per_item {
            assert!(*c < 0.02, "c {c} for b {b}");
        }
        // Each item gets its own prior, by item index, even when an item before it is not
        // estimated: item 0 has 3 answers; then every other item is typed (mode 0) or guessable
        // (Beta(5, 17), mode 0.2).
        let mut shifted: Vec<Response> = responses
            .iter()
            .map(|r| Response {
                item: r.item + 1,
                ..*r
            })
            .collect();
        for person in 0..3 {
            shifted.push(Response {
                person,
                item: 0,
                correct: true,
            });
        }
        let guessable = ItemPriors::default();
        let mut mixed = CalibrationConfig::new(Model::ThreePl);
        mixed.item_priors = Some(
            (0..=items)
                .map(|j| if j % 2 == 1 { no_guessing } else { guessable })
                .collect(),
        );
        let cal = calibrate(&shifted, persons, items + 1, &mixed, |_| {}).unwrap();
        assert!(
            cal.items[0].estimate().is_none(),
            "3 answers: not estimated"
        );
        for (j, o) in cal.items.iter().enumerate().skip(1) {
            let c = o.estimate().unwrap().params.c();
            if j % 2 == 1 {
                assert!(c < 0.02, "item {j}: c {c} under a prior with mode 0");
            } else {
                assert!(c > 0.05, "item {j}: c {c} under Beta(5, 17)");
            }
        }
        // One prior per item, no more, no fewer.
        typed.item_priors = Some(vec![no_guessing; items - 1]);
        assert!(matches!(
            calibrate(&responses, persons, items, &typed, |_| {}),
            Err(EngineError::InvalidConfig(_))
        ));
    }

    #[test]
    fn items_that_cannot_be_estimated_are_reported_and_the_others_calibrated() {
        let mut responses = simulated(Model::TwoPl, 5, 200, 0.0);
        // Item 5: right for everyone; item 6: wrong for all 40 who took it; item 7: 3 answers;
        // item 8: never given.
        for person in 0..200 {
            responses.push(Response {
                person,
                item: 5,
                correct: true,
            });
        }
        for person in 0..40 {
            responses.push(Response {
                person,
                item: 6,
                correct: false,
            });
        }
        for person in 0..3 {
            responses.push(Response {
                person,
                item: 7,
                correct: person == 0,
            });
        }
        let cal = calibrate(
            &responses,
            200,
            9,
            &CalibrationConfig::new(Model::TwoPl),
            |_| {},
        )
        .unwrap();
        let reasons: Vec<Option<SkipReason>> = cal
            .items
            .iter()
            .map(|o| match o {
                ItemOutcome::Skipped { reason, .. } => Some(*reason),
                ItemOutcome::Estimated(_) => None,
            })
            .collect();
        assert_eq!(
            reasons[5..],
            [
                Some(SkipReason::AllCorrect),
                Some(SkipReason::AllWrong),
                Some(SkipReason::TooFewResponses),
                Some(SkipReason::TooFewResponses),
            ]
        );
        for o in &cal.items[..5] {
            let e = o.estimate().expect("estimated");
            let se = e.se.expect("standard errors");
            assert!(e.params.a().is_finite() && e.params.b().is_finite());
            assert!(se.a.is_finite() && se.b.is_finite() && se.c.is_none());
        }
        assert!(cal.report.log_likelihood.is_finite());
        assert_eq!(cal.report.responses, 1000);
    }

    #[test]
    fn duplicate_answers_and_indexes_out_of_range_are_errors() {
        let r = |person, item| Response {
            person,
            item,
            correct: true,
        };
        let config = CalibrationConfig::new(Model::TwoPl);
        let dup = calibrate(&[r(0, 1), r(1, 1), r(0, 1)], 2, 2, &config, |_| {});
        assert!(matches!(dup, Err(EngineError::InvalidData(m)) if m.contains("more than once")));
        let out = calibrate(&[r(0, 2)], 2, 2, &config, |_| {});
        assert!(matches!(out, Err(EngineError::InvalidData(_))));
    }

    #[test]
    fn no_calibratable_item_gives_an_empty_converged_run() {
        let config = CalibrationConfig::new(Model::ThreePl);
        let cal = calibrate(&[], 0, 2, &config, |_| {}).unwrap();
        assert!(cal.report.converged);
        assert_eq!(cal.report.iterations, 0);
        assert!(cal.items.iter().all(|o| o.estimate().is_none()));
    }

    #[test]
    fn standard_person_priors_give_exactly_what_calibrate_gives() {
        for model in [Model::TwoPl, Model::ThreePl] {
            let responses = simulated(model, 8, 300, 0.3);
            let config = CalibrationConfig::new(model);
            let (mut h0, mut h1) = (Vec::new(), Vec::new());
            let plain = calibrate(&responses, 300, 8, &config, |p| h0.push(*p)).unwrap();
            let priors = vec![PersonPrior::STANDARD; 300];
            let conditional =
                calibrate_conditional(&responses, 300, 8, &priors, &config, |p| h1.push(*p))
                    .unwrap();
            assert_eq!(plain, conditional, "{model:?}");
            assert_eq!(h0, h1, "{model:?}");
        }
    }

    #[test]
    fn a_common_prior_n_m_1_moves_every_difficulty_by_m() {
        // θ ~ N(m, 1) for everyone is the N(0, 1) model translated by m: the same likelihood with
        // b + m for b and a unchanged (the default item priors do not involve b). The quadrature
        // nodes stay put, so the agreement tests the per-person weights, not a relabelling.
        let m = 0.7;
        let responses = simulated(Model::TwoPl, 8, 300, 0.3);
        let mut config = CalibrationConfig::new(Model::TwoPl);
        config.tolerance = 1e-9;
        let plain = calibrate(&responses, 300, 8, &config, |_| {}).unwrap();
        let priors = vec![PersonPrior { mean: m, sd: 1.0 }; 300];
        let shifted = calibrate_conditional(&responses, 300, 8, &priors, &config, |_| {}).unwrap();
        assert!(shifted.report.converged);
        let close = |x: f64, y: f64| (x - y).abs() < 1e-6;
        assert!(close(
            plain.report.log_likelihood,
            shifted.report.log_likelihood
        ));
        for (p, s) in plain.items.iter().zip(&shifted.items) {
            let (p, s) = (p.estimate().unwrap(), s.estimate().unwrap());
            assert!(close(p.params.a(), s.params.a()), "{p:?} {s:?}");
            assert!(close(p.params.b() + m, s.params.b()), "{p:?} {s:?}");
            let (ep, es) = (p.se.unwrap(), s.se.unwrap());
            assert!(close(ep.a, es.a) && close(ep.b, es.b), "{ep:?} {es:?}");
        }
    }

    #[test]
    fn a_person_with_a_high_prior_makes_their_items_look_harder() {
        // The same answers, but half the persons known (from elsewhere) to be able: the items they
        // answered must come out harder than under N(0, 1), where nothing sets them apart.
        let responses = simulated(Model::TwoPl, 6, 400, 0.0);
        let config = CalibrationConfig::new(Model::TwoPl);
        let plain = calibrate(&responses, 400, 6, &config, |_| {}).unwrap();
        let priors: Vec<PersonPrior> = (0..400)
            .map(|i| PersonPrior {
                mean: if i % 2 == 0 { 1.0 } else { 0.0 },
                sd: 1.0,
            })
            .collect();
        let high = calibrate_conditional(&responses, 400, 6, &priors, &config, |_| {}).unwrap();
        for (p, h) in plain.items.iter().zip(&high.items) {
            let (p, h) = (p.estimate().unwrap(), h.estimate().unwrap());
            assert!(h.params.b() > p.params.b() + 0.2, "{p:?} {h:?}");
        }
    }

    #[test]
    fn bad_person_priors_are_refused() {
        let responses = simulated(Model::TwoPl, 5, 50, 0.0);
        let config = CalibrationConfig::new(Model::TwoPl);
        let run = |priors: &[PersonPrior], persons: usize| {
            let mut responses = responses.clone();
            responses.retain(|r| r.person < persons.min(50));
            calibrate_conditional(&responses, persons, 5, priors, &config, |_| {})
        };
        let prior = |mean, sd| PersonPrior { mean, sd };
        let with = |i: usize, p: PersonPrior| {
            let mut v = vec![PersonPrior::STANDARD; 50];
            v[i] = p;
            v
        };
        let data_error = |r: Result<Calibration, EngineError>, what: &str| {
            assert!(
                matches!(&r, Err(EngineError::InvalidData(m)) if m.contains(what)),
                "{what}: {r:?}"
            );
        };
        let config_error = |r: Result<Calibration, EngineError>, what: &str| {
            assert!(
                matches!(&r, Err(EngineError::InvalidConfig(m)) if m.contains(what)),
                "{what}: {r:?}"
            );
        };
        data_error(run(&[PersonPrior::STANDARD; 49], 50), "one per person");
        data_error(run(&with(3, prior(f64::NAN, 1.0)), 50), "person 3");
        data_error(run(&with(4, prior(0.0, 0.0)), 50), "positive finite sd");
        data_error(run(&with(4, prior(0.0, -1.0)), 50), "positive finite sd");
        data_error(run(&with(4, prior(0.0, f64::INFINITY)), 50), "person 4");
        // 61 nodes on ±6: the prior must stay inside the range and be wider than 0.2.
        config_error(
            run(&with(7, prior(3.0, 0.8)), 50),
            "beyond the quadrature range",
        );
        config_error(run(&with(8, prior(0.0, 0.15)), 50), "node spacing");
        // A person without answers does not enter the quadrature, so their prior is only checked
        // for being a proper normal.
        let mut v = vec![PersonPrior::STANDARD; 51];
        v[50] = prior(9.0, 0.01);
        assert!(run(&v, 51).is_ok());
        v[50] = prior(9.0, 0.0);
        data_error(run(&v, 51), "person 50");
    }

    #[test]
    fn the_quadrature_weights_are_a_normalised_standard_normal() {
        let q = Quadrature::new(61, 6.0);
        let w: Vec<f64> = q.ln_weight.iter().map(|l| l.exp()).collect();
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let mean: f64 = q.theta.iter().zip(&w).map(|(t, w)| t * w).sum();
        let var: f64 = q.theta.iter().zip(&w).map(|(t, w)| t * t * w).sum();
        assert!(
            mean.abs() < 1e-12 && (var - 1.0).abs() < 1e-6,
            "{mean} {var}"
        );
    }
}
