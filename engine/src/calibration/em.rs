//! Marginal maximum likelihood by EM (Bock & Aitkin, 1981) on sparse responses.
//!
//! Abilities are integrated out over a fixed quadrature of `N(0, 1)`. Each cycle:
//!
//! - **E-step**: for every person, the posterior weights of the nodes given their answers
//!   (`w_iq ∝ π_q Π_j P_j(θ_q)^x (1 − P_j(θ_q))^(1−x)`, over the items they answered only), summed
//!   into each item's expected counts of answers `n_jq = Σ_i w_iq` and of correct answers
//!   `r_jq = Σ_i w_iq x_ij`;
//! - **M-step**: each item's expected complete-data log posterior is maximised on its own
//!   ([`super::item_fit::maximise`]), which is what makes EM cheap: items do not interact given
//!   the counts.
//!
//! Each cycle increases the marginal log posterior (a generalised EM: the M-step only has to
//! improve, and step halving guarantees it does).

use super::information::joint_standard_errors;
use super::item_fit::{self, Counts, Params, log_prior, point};
use super::{
    Calibration, CalibrationConfig, ConvergenceReport, EmProgress, ItemEstimate, ItemOutcome,
    Response, item_outcome_for_counts,
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

/// Answers grouped by person (compressed rows), items renumbered to the calibrated ones.
pub(super) struct Persons {
    start: Vec<usize>,
    item: Vec<usize>,
    correct: Vec<bool>,
}

impl Persons {
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
        let nodes = quad.len();
        let mut ln_p = Vec::with_capacity(params.len() * nodes);
        let mut ln_q = Vec::with_capacity(params.len() * nodes);
        for x in params {
            for &t in &quad.theta {
                let pt = point(t, x);
                ln_p.push(pt.ln_p);
                ln_q.push(pt.ln_q);
            }
        }
        LogTables { ln_p, ln_q, nodes }
    }

    /// Writes person `i`'s posterior weights over the nodes into `w` and returns the log of their
    /// marginal likelihood `ln Σ_q π_q L_i(θ_q)`.
    pub(super) fn posterior(
        &self,
        persons: &Persons,
        i: usize,
        quad: &Quadrature,
        w: &mut [f64],
    ) -> f64 {
        w.copy_from_slice(&quad.ln_weight);
        for (j, x) in persons.answers(i) {
            let row = if x { &self.ln_p } else { &self.ln_q };
            let row = &row[j * self.nodes..(j + 1) * self.nodes];
            for (wq, l) in w.iter_mut().zip(row) {
                *wq += l;
            }
        }
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
}

/// The E-step: fills the expected counts `n` and `r` (item-major, `items × nodes`) and returns the
/// marginal log-likelihood at `params`.
pub(super) fn e_step(
    persons: &Persons,
    quad: &Quadrature,
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
        loglik += tables.posterior(persons, i, quad, &mut w);
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
    mut progress: impl FnMut(&EmProgress),
) -> Result<Calibration, EngineError> {
    config.validate()?;
    let model = config.model;
    let priors = &config.priors;
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
    let persons_used = (0..persons).filter(|&i| group.count(i) > 0).count();

    let quad = Quadrature::new(config.quadrature_points, config.quadrature_range);
    let nodes = quad.len();
    let mut params: Vec<Params> = calibrated
        .iter()
        .map(|&j| {
            let p = correct[j] as f64 / answered[j] as f64;
            item_fit::start_values(model, priors, p, 0.0, 1.4)
        })
        .collect();
    let mut n = vec![0.0; calibrated.len() * nodes];
    let mut r = vec![0.0; calibrated.len() * nodes];
    let log_priors =
        |params: &[Params]| -> f64 { params.iter().map(|x| log_prior(model, priors, x)).sum() };

    let mut iterations = 0;
    let mut max_change = f64::INFINITY;
    let mut converged = calibrated.is_empty();
    while !converged && iterations < config.max_iterations {
        iterations += 1;
        let loglik = e_step(&group, &quad, &params, &mut n, &mut r);
        let log_posterior = loglik + log_priors(&params);
        max_change = 0.0;
        for (k, x) in params.iter_mut().enumerate() {
            let counts = Counts {
                theta: &quad.theta,
                n: &n[k * nodes..(k + 1) * nodes],
                r: &r[k * nodes..(k + 1) * nodes],
            };
            let y = item_fit::maximise(model, priors, x, counts, M_STEPS);
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

    let log_likelihood = e_step(&group, &quad, &params, &mut n, &mut r);
    let (errors, joint) = joint_standard_errors(model, priors, &group, &quad, &params, &n, &r);
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
    use super::super::{Model, SkipReason};
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
