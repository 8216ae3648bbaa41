//! Item fit: whether each item's answers follow its response function, and the persons' EAP
//! abilities the item analyses use.
//!
//! **Abilities.** Each person's θ is estimated by EAP (Bock & Mislevy, 1982) under the `N(0, 1)`
//! population of the calibration, from all their answers to items that have parameters, on the
//! calibration's equally spaced quadrature: `θ̂ = Σ_q θ_q w_q`, `SE = (Σ_q θ_q² w_q − θ̂²)^½`, with
//! `w_q ∝ π_q Π_j P_j(θ_q)^x (1 − P_j(θ_q))^(1−x)` ([`eap_abilities`]). EAP is defined for every
//! answer pattern (all right, all wrong, one answer), which sparse adaptive data needs.
//!
//! [`eap_abilities_conditional`] and [`item_fit_conditional`] put person `i`'s own prior
//! `N(μ_i, σ_i²)` in place of `N(0, 1)` (`π_iq` for `π_q`; [`super::PersonPrior`]): with items
//! chosen from the answers to other competences, θ given those answers is the ability the
//! calibration ([`super::calibrate_conditional`]) assumed, and the one the fit, the observed
//! curves and DIF matching should use. Everything else is unchanged, but for S-X², whose
//! expectation integrates over the population rather than over persons and stays under `N(0, 1)`
//! (it needs complete data, which an adaptive design does not give).
//!
//! **Mean squares** (Wright & Masters, 1982, ch. 5; Wright & Linacre, 1994). For person `n` and
//! item `i`, with `P` the model probability of a right answer (below), the answer `x ∈ {0, 1}` has
//! expectation `P`, variance `W = P (1 − P)` and fourth central moment
//! `C = P (1 − P)⁴ + (1 − P) P⁴ = W (P³ + (1 − P)³)`. With the residual `y = x − P` and
//! `z² = y² / W`, over the `N` answers to the item:
//!
//! ```text
//! outfit  u = Σ z² / N                q_u² = Σ (C / W²) / N² − 1 / N
//! infit   v = Σ y² / Σ W              q_v² = Σ (C − W²) / (Σ W)²
//! t = (MS^⅓ − 1) (3 / q) + q / 3      (Wilson–Hilferty cube root; ≈ N(0, 1) under the model)
//! ```
//!
//! Both mean squares have expectation 1 under the model. Above 1 the answers are noisier than the
//! response function says (*underfit*: a flatter curve than the parameters claim, guessing, a
//! miskey, a drifted item); below 1 they are more predictable (*overfit*: a steeper curve than
//! claimed). Outfit weighs every answer alike, so a few surprising answers far from the item
//! (lucky guesses of weak persons, slips of strong ones) move it; infit weighs answers by their
//! information and reflects the persons near the item.
//!
//! **The probability `P`** ([`Expected`]). Wright & Masters use `P_i(θ̂_n)`, the curve at the
//! person's estimate ([`Expected::AtEstimate`], here the EAP of all their answers). But `θ̂_n` was
//! computed from `x` itself, which pulls the residuals in, the more so the fewer answers a person
//! has: on simulated data with the true parameters (1,000 persons, 40 items, six seeds) the
//! well-fitting items averaged infit 0.94–0.97 and outfit 0.90–0.95 with complete data, 0.91–0.94
//! and 0.85–0.88 with 16 answers a person, where one to three of them a run were flagged. The
//! default, [`Expected::Predictive`], compares `x` with its expectation given the person's *other*
//! answers — the EAP posterior with the item's own likelihood divided out:
//!
//! ```text
//! P = E[P_i(θ) | x_n,−i] = Σ_q w_q⁽⁻ⁱ⁾ P_i(θ_q),   w_q⁽⁻ⁱ⁾ ∝ w_q / P_i(θ_q)^x (1 − P_i(θ_q))^(1−x)
//! ```
//!
//! Under the model `x` given the other answers is exactly Bernoulli(`P`), so `W`, `C` and the `q²`
//! are exact and the mean squares have expectation 1 at any test length (the same simulations:
//! averages 0.96–1.03 with complete data, 16 or 8 answers a person, and at most one of the 38
//! well-fitting items flagged in a run). Neither variant accounts for an adaptive design in which
//! the items given after item `i` depend on its answer.
//!
//! What mean squares can and cannot see: they measure the answers against the *given* curve. With
//! parameters calibrated on the same data, a curve that is merely flatter or steeper than the rest
//! of the bank is absorbed by its own `a` and fits; a non-logistic shape calibrated to a nearly flat
//! curve has mean squares near 1 whatever the data (`Σ (x − p̄)² ≈ N p̄ (1 − p̄)`). They catch items
//! that departed from parameters calibrated elsewhere (drift, the bank's values against live
//! adaptive data) and shapes the logistic cannot take; the summed-score S-X² ([`SX2`], complete
//! data only) catches a wrong shape more surely.
//!
//! **Flag rule** ([`FitConfig::flag`]), after Linacre's practice of requiring both a practical and
//! a statistical departure:
//!
//! 1. fewer than [`FitConfig::min_responses`] answers: [`FitFlag::TooFewResponses`];
//! 2. infit or outfit above the upper end of [`FitConfig::mean_square_range`] (1.3) with its
//!    `t ≥` [`FitConfig::t_limit`] (2): [`FitFlag::Underfit`];
//! 3. otherwise, infit or outfit below the lower end (0.7) with its `t ≤ −2`: [`FitFlag::Overfit`];
//! 4. otherwise [`FitFlag::Fits`].
//!
//! With few answers the mean squares wander far from 1 by chance (their SD is about `√(2/N)`),
//! which the `t` condition absorbs; with many, `t` is large for trivial departures, which the
//! mean-square range absorbs.

use super::em::{
    LogTables, Persons, Population, Quadrature, normalise_log_weights, sorted_responses,
};
use super::item_posterior::point;
use super::s_x2::{SX2, summed_score_fit};
use super::{Model, PersonPrior, Response, validate_person_priors, validate_quadrature};
use crate::EngineError;
use crate::estimation::Estimate;
use crate::irt::ItemParams;
use serde::{Deserialize, Serialize};

/// Model probabilities are kept in `[ε, 1 − ε]`, so that an answer the model deems impossible has
/// a large finite `z²` (about `1/ε`) rather than an infinite one.
const PROBABILITY_FLOOR: f64 = 1e-9;

/// Settings of [`item_fit`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitConfig {
    /// Number of equally spaced quadrature nodes of the persons' EAP.
    pub quadrature_points: usize,
    /// Half-width of the quadrature range `[−r, r]`.
    pub quadrature_range: f64,
    /// Items with fewer answers get their statistics but no verdict
    /// ([`FitFlag::TooFewResponses`]).
    pub min_responses: usize,
    /// Acceptable mean squares `[low, high]`.
    pub mean_square_range: (f64, f64),
    /// A mean square outside the range flags the item only if its `|t|` reaches this too.
    pub t_limit: f64,
    /// Parameters per item estimated from these data (2 for the 2PL, 3 for the 3PL; 0 when the
    /// parameters come from elsewhere), subtracted from the degrees of freedom of S-X².
    pub estimated_parameters: usize,
    /// S-X² is computed only when at least this many persons — and at least half of the persons
    /// with an answer — answered every item that has parameters.
    pub s_x2_min_persons: usize,
    /// S-X²: adjacent score groups are pooled until the expected numbers of right and of wrong
    /// answers in each group both reach this (Orlando & Thissen, 2000, used 1).
    pub s_x2_min_expected: f64,
    /// The model probability each answer is compared with.
    pub expected: Expected,
}

/// The model probability each answer is compared with (module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expected {
    /// `P_i(θ̂)` at the EAP of all the person's answers: Wright & Masters' plug-in, whose mean
    /// squares run below 1 when persons have few answers.
    AtEstimate,
    /// `E[P_i(θ) | the person's other answers]`, from the leave-one-out EAP posterior: mean
    /// squares of expectation 1 at any test length (the default).
    Predictive,
}

impl FitConfig {
    /// Defaults for items calibrated under `model`: the calibration's 61 nodes on `[−6, 6]`,
    /// predictive residuals, a verdict from 50 answers, the `[0.7, 1.3]` range with `|t| ≥ 2`, and
    /// S-X² from 200 complete answer patterns with expected counts of at least 1.
    pub fn new(model: Model) -> Self {
        FitConfig {
            quadrature_points: 61,
            quadrature_range: 6.0,
            min_responses: 50,
            mean_square_range: (0.7, 1.3),
            t_limit: 2.0,
            estimated_parameters: model.parameters(),
            s_x2_min_persons: 200,
            s_x2_min_expected: 1.0,
            expected: Expected::Predictive,
        }
    }

    /// Checks every setting.
    pub fn validate(&self) -> Result<(), EngineError> {
        validate_quadrature(self.quadrature_points, self.quadrature_range)?;
        let (lo, hi) = self.mean_square_range;
        if !((0.0..1.0).contains(&lo) && hi.is_finite() && hi > 1.0) {
            return Err(EngineError::InvalidConfig(format!(
                "mean-square range [{lo}, {hi}]: need 0 <= low < 1 < high"
            )));
        }
        if !(self.t_limit.is_finite() && self.t_limit >= 0.0) {
            return Err(EngineError::InvalidConfig(format!(
                "t limit {}: need a finite value >= 0",
                self.t_limit
            )));
        }
        if !(self.s_x2_min_expected.is_finite() && self.s_x2_min_expected > 0.0) {
            return Err(EngineError::InvalidConfig(format!(
                "S-X² minimum expected count {}: need a finite value > 0",
                self.s_x2_min_expected
            )));
        }
        Ok(())
    }

    /// The verdict on an item with mean squares `ms` from `responses` answers (module docs).
    pub fn flag(&self, ms: &MeanSquares, responses: usize) -> FitFlag {
        let (lo, hi) = self.mean_square_range;
        let t = self.t_limit;
        if responses < self.min_responses {
            FitFlag::TooFewResponses
        } else if (ms.infit > hi && ms.infit_t >= t) || (ms.outfit > hi && ms.outfit_t >= t) {
            FitFlag::Underfit
        } else if (ms.infit < lo && ms.infit_t <= -t) || (ms.outfit < lo && ms.outfit_t <= -t) {
            FitFlag::Overfit
        } else {
            FitFlag::Fits
        }
    }
}

/// Infit and outfit mean squares of one item and their standardised values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MeanSquares {
    /// Information-weighted mean square `Σ y² / Σ W`.
    pub infit: f64,
    /// Wilson–Hilferty standardised infit (0 when its model variance is 0).
    pub infit_t: f64,
    /// Unweighted mean square `Σ z² / N`.
    pub outfit: f64,
    /// Wilson–Hilferty standardised outfit (0 when its model variance is 0).
    pub outfit_t: f64,
}

/// The verdict of the flag rule (module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FitFlag {
    /// Mean squares inside the range, or not significantly outside it.
    Fits,
    /// Noisier than the model: a mean square above the range, with `t` beyond the limit.
    Underfit,
    /// More predictable than the model: a mean square below the range, with `t` beyond the limit.
    Overfit,
    /// Too few answers for a verdict.
    TooFewResponses,
}

/// Fit of one item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ItemFit {
    /// Answers to the item from persons with an ability estimate.
    pub responses: usize,
    /// Correct answers among them.
    pub correct: usize,
    /// Infit and outfit.
    pub mean_squares: MeanSquares,
    /// The verdict on the mean squares.
    pub flag: FitFlag,
    /// Orlando & Thissen's S-X², when the data are complete enough (see [`FitConfig`]).
    pub s_x2: Option<SX2>,
}

/// The result of [`item_fit`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitReport {
    /// EAP ability of person `i` at index `i`; `None` for a person with no answer to an item that
    /// has parameters.
    pub abilities: Vec<Option<Estimate>>,
    /// Fit of item `j` at index `j`; `None` for an item without parameters or without answers.
    pub items: Vec<Option<ItemFit>>,
    /// Persons whose complete answer patterns gave the S-X² (0 when it was not computed).
    pub s_x2_persons: usize,
}

impl FitReport {
    /// The persons' θ estimates alone: the ability argument of [`super::icc_observed`] and the
    /// matching variable of [`super::dif_mantel_haenszel`].
    pub fn thetas(&self) -> Vec<Option<f64>> {
        self.abilities.iter().map(|e| e.map(|e| e.theta)).collect()
    }
}

/// Running sums of one item's mean squares.
#[derive(Debug, Clone, Copy, Default)]
struct MeanSquareSums {
    n: usize,
    z2: f64,
    kurtosis_over_w2: f64,
    y2: f64,
    w: f64,
    c_minus_w2: f64,
}

impl MeanSquareSums {
    fn add(&mut self, p: f64, correct: bool) {
        let p = p.clamp(PROBABILITY_FLOOR, 1.0 - PROBABILITY_FLOOR);
        let w = p * (1.0 - p);
        let y = f64::from(u8::from(correct)) - p;
        let c = w * (p.powi(3) + (1.0 - p).powi(3));
        self.n += 1;
        self.z2 += y * y / w;
        self.kurtosis_over_w2 += c / (w * w);
        self.y2 += y * y;
        self.w += w;
        self.c_minus_w2 += c - w * w;
    }

    fn finish(&self) -> Option<MeanSquares> {
        if self.n == 0 {
            return None;
        }
        let n = self.n as f64;
        let outfit = self.z2 / n;
        let infit = self.y2 / self.w;
        let q2_out = self.kurtosis_over_w2 / (n * n) - 1.0 / n;
        let q2_in = self.c_minus_w2 / (self.w * self.w);
        Some(MeanSquares {
            infit,
            infit_t: wilson_hilferty(infit, q2_in),
            outfit,
            outfit_t: wilson_hilferty(outfit, q2_out),
        })
    }
}

/// `t = (MS^⅓ − 1)(3/q) + q/3` for a mean square with model variance `q²`; 0 when `q² ≈ 0` (every
/// `P = ½`, where the outfit is 1 whatever the answers).
fn wilson_hilferty(ms: f64, q2: f64) -> f64 {
    if q2.is_nan() || q2 <= 1e-12 {
        return 0.0;
    }
    let q = q2.sqrt();
    (ms.cbrt() - 1.0) * (3.0 / q) + q / 3.0
}

/// Infit and outfit of the answers `(P, correct)` of one item, `P` being the model probability at
/// the person's ability; `None` for no answer.
pub fn mean_squares(answers: &[(f64, bool)]) -> Option<MeanSquares> {
    let mut sums = MeanSquareSums::default();
    for &(p, x) in answers {
        sums.add(p, x);
    }
    sums.finish()
}

/// `(ln P, ln (1 − P))` of an item at `theta`, finite in the tails for `d = 1`.
fn ln_probabilities(params: &ItemParams, theta: f64) -> (f64, f64) {
    if params.d() == 1.0 {
        let pt = point(theta, &[params.a(), params.b(), params.c()]);
        (pt.ln_p, pt.ln_q)
    } else {
        let p = params.prob(theta);
        (p.max(f64::MIN_POSITIVE).ln(), (1.0 - p).ln())
    }
}

/// The answers to items with parameters grouped by person, and the EAP of every person.
struct Scored {
    persons: Persons,
    /// Parameters of the items that have them, in item order.
    params: Vec<ItemParams>,
    /// Item index of each of `params`.
    index: Vec<usize>,
    quad: Quadrature,
    population: Population,
    tables: LogTables,
    abilities: Vec<Option<Estimate>>,
}

fn score(
    responses: &[Response],
    persons: usize,
    items: &[Option<ItemParams>],
    person_priors: Option<&[PersonPrior]>,
    quadrature_points: usize,
    quadrature_range: f64,
) -> Result<Scored, EngineError> {
    validate_quadrature(quadrature_points, quadrature_range)?;
    let sorted = sorted_responses(responses, persons, items.len())?;
    let mut slot = vec![usize::MAX; items.len()];
    let (mut params, mut index) = (Vec::new(), Vec::new());
    for (j, p) in items.iter().enumerate() {
        if let Some(p) = p {
            slot[j] = params.len();
            params.push(*p);
            index.push(j);
        }
    }
    let group = Persons::new(&sorted, persons, &slot);
    if let Some(p) = person_priors {
        validate_person_priors(p, persons, quadrature_points, quadrature_range, |i| {
            group.count(i) > 0
        })?;
    }
    let quad = Quadrature::new(quadrature_points, quadrature_range);
    let population = Population::new(person_priors, &quad);
    let tables = LogTables::from_fn(params.len(), &quad, |j, t| ln_probabilities(&params[j], t));
    let mut w = vec![0.0; quad.len()];
    let abilities = (0..persons)
        .map(|i| {
            if group.count(i) == 0 {
                return None;
            }
            tables.posterior(&group, i, &quad, &population, &mut w);
            let (m1, m2) = w
                .iter()
                .zip(&quad.theta)
                .fold((0.0, 0.0), |(m1, m2), (w, t)| (m1 + w * t, m2 + w * t * t));
            Some(Estimate {
                theta: m1,
                se: (m2 - m1 * m1).max(0.0).sqrt(),
            })
        })
        .collect();
    Ok(Scored {
        persons: group,
        params,
        index,
        quad,
        population,
        tables,
        abilities,
    })
}

/// EAP abilities of `persons` people from their `responses` to items with parameters `items`
/// (`None`: an item left out), under an `N(0, 1)` prior on `quadrature_points` equally spaced
/// nodes of `[−quadrature_range, quadrature_range]` (module docs).
///
/// Person `i`'s estimate is at index `i`, `None` if they answered no item with parameters. Errors:
/// invalid quadrature settings, an index out of range or a duplicate answer.
pub fn eap_abilities(
    responses: &[Response],
    persons: usize,
    items: &[Option<ItemParams>],
    quadrature_points: usize,
    quadrature_range: f64,
) -> Result<Vec<Option<Estimate>>, EngineError> {
    score(
        responses,
        persons,
        items,
        None,
        quadrature_points,
        quadrature_range,
    )
    .map(|s| s.abilities)
}

/// [`eap_abilities`] under person `i`'s own prior `priors[i]` instead of `N(0, 1)`
/// ([`super::PersonPrior`]): `θ̂_i = Σ_q θ_q w_iq`, `w_iq ∝ π_iq L_i(θ_q)`.
///
/// Errors: those of [`eap_abilities`], and those of the priors as in
/// [`super::calibrate_conditional`] (checked against the quadrature for the persons with an answer
/// to an item with parameters).
pub fn eap_abilities_conditional(
    responses: &[Response],
    persons: usize,
    items: &[Option<ItemParams>],
    priors: &[PersonPrior],
    quadrature_points: usize,
    quadrature_range: f64,
) -> Result<Vec<Option<Estimate>>, EngineError> {
    score(
        responses,
        persons,
        items,
        Some(priors),
        quadrature_points,
        quadrature_range,
    )
    .map(|s| s.abilities)
}

/// Fit of every item with parameters `items` (`None`: not analysed) to the `responses` of
/// `persons` people: the persons' EAP abilities, each item's infit and outfit with their
/// standardised values and verdict, and S-X² when the data are complete enough (module docs).
///
/// Typical use, after [`super::calibrate`]:
/// `item_fit(&responses, persons, &calibration.item_params(), &FitConfig::new(model))`; with a
/// bank's parameters and live answers, set [`FitConfig::estimated_parameters`] to 0.
///
/// Errors: invalid settings, an index out of range or a duplicate answer.
pub fn item_fit(
    responses: &[Response],
    persons: usize,
    items: &[Option<ItemParams>],
    config: &FitConfig,
) -> Result<FitReport, EngineError> {
    fit(responses, persons, items, None, config)
}

/// [`item_fit`] with person `i`'s own prior `priors[i]` instead of `N(0, 1)`
/// ([`super::PersonPrior`]) in the abilities and in the predictive residuals; S-X² stays under
/// `N(0, 1)` (module docs). After [`super::calibrate_conditional`], pass the same priors.
///
/// Errors: those of [`item_fit`], and those of the priors as in
/// [`super::calibrate_conditional`].
pub fn item_fit_conditional(
    responses: &[Response],
    persons: usize,
    items: &[Option<ItemParams>],
    priors: &[PersonPrior],
    config: &FitConfig,
) -> Result<FitReport, EngineError> {
    fit(responses, persons, items, Some(priors), config)
}

/// [`item_fit`] (`person_priors` `None`) and [`item_fit_conditional`].
fn fit(
    responses: &[Response],
    persons: usize,
    items: &[Option<ItemParams>],
    person_priors: Option<&[PersonPrior]>,
    config: &FitConfig,
) -> Result<FitReport, EngineError> {
    config.validate()?;
    let scored = score(
        responses,
        persons,
        items,
        person_priors,
        config.quadrature_points,
        config.quadrature_range,
    )?;
    let mut sums = vec![MeanSquareSums::default(); scored.params.len()];
    let mut correct = vec![0usize; scored.params.len()];
    let nodes = scored.quad.len();
    let prob: Vec<f64> = scored
        .params
        .iter()
        .flat_map(|p| scored.quad.theta.iter().map(|&t| p.prob(t)))
        .collect();
    let (mut lw, mut loo) = (vec![0.0; nodes], vec![0.0; nodes]);
    for (i, ability) in scored.abilities.iter().enumerate() {
        let Some(ability) = ability else { continue };
        if config.expected == Expected::Predictive {
            scored.tables.log_posterior(
                &scored.persons,
                i,
                &scored.quad,
                &scored.population,
                &mut lw,
            );
        }
        for (k, x) in scored.persons.answers(i) {
            let p = match config.expected {
                Expected::AtEstimate => scored.params[k].prob(ability.theta),
                Expected::Predictive => {
                    for ((l, w), own) in loo.iter_mut().zip(&lw).zip(scored.tables.row(k, x)) {
                        *l = w - own;
                    }
                    normalise_log_weights(&mut loo);
                    loo.iter()
                        .zip(&prob[k * nodes..(k + 1) * nodes])
                        .map(|(w, p)| w * p)
                        .sum()
                }
            };
            sums[k].add(p, x);
            correct[k] += usize::from(x);
        }
    }

    let answered = (0..persons)
        .filter(|&i| scored.persons.count(i) > 0)
        .count();
    let complete = (0..persons)
        .filter(|&i| scored.persons.count(i) == scored.params.len())
        .count();
    let s_x2_persons = if scored.params.is_empty()
        || complete < config.s_x2_min_persons.max(1)
        || 2 * complete < answered
    {
        0
    } else {
        complete
    };
    let s_x2 = if s_x2_persons > 0 {
        summed_score_fit(
            &scored.persons,
            &scored.params,
            &scored.quad,
            config.s_x2_min_expected,
            config.estimated_parameters,
        )
    } else {
        vec![None; scored.params.len()]
    };

    let mut out = vec![None; items.len()];
    for (k, &j) in scored.index.iter().enumerate() {
        out[j] = sums[k].finish().map(|ms| ItemFit {
            responses: sums[k].n,
            correct: correct[k],
            mean_squares: ms,
            flag: config.flag(&ms, sums[k].n),
            s_x2: s_x2[k],
        });
    }
    Ok(FitReport {
        abilities: scored.abilities,
        items: out,
        s_x2_persons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn mean_squares_match_a_hand_computed_case() {
        // P = 0.8 answered right, P = 0.3 right, P = 0.6 wrong, P = 0.5 wrong.
        // y = 0.2, 0.7, −0.6, −0.5; W = 0.16, 0.21, 0.24, 0.25 (Σ 0.86);
        // z² = 0.25, 2.3333333, 1.5, 1.
        // outfit = 5.0833333/4 = 1.2708333; infit = (0.04 + 0.49 + 0.36 + 0.25)/0.86 = 1.3255814.
        // C/W² = (P³ + Q³)/W = 3.25, 1.7619048, 1.1666667, 1:
        // q_u² = 7.1785714/16 − 1/4 = 0.1986607.
        // C − W² = W (P³ + Q³ − W) = 0.0576, 0.0336, 0.0096, 0: q_v² = 0.1008/0.7396 = 0.1362899.
        let ms = mean_squares(&[(0.8, true), (0.3, true), (0.6, false), (0.5, false)]).unwrap();
        assert!((ms.outfit - 1.2708333333).abs() < 1e-9, "{ms:?}");
        assert!((ms.infit - 1.3255813953).abs() < 1e-9, "{ms:?}");
        // t = (MS^⅓ − 1)·3/q + q/3: (1.0832 − 1)·3/0.44571 + 0.14857 = 0.70836 for the outfit,
        // (1.0985 − 1)·3/0.36917 + 0.12306 = 0.92354 for the infit.
        assert!((ms.outfit_t - 0.708363).abs() < 1e-6, "{ms:?}");
        assert!((ms.infit_t - 0.923535).abs() < 1e-6, "{ms:?}");
        assert!(mean_squares(&[]).is_none());
        // Every P = ½: z² = 1 whatever the answer, so the outfit is 1 with no variance.
        let half = mean_squares(&[(0.5, true), (0.5, false)]).unwrap();
        assert_eq!((half.outfit, half.outfit_t), (1.0, 0.0));
    }

    #[test]
    fn standardised_mean_squares_are_standard_normal_under_the_model() {
        // 1,000 replications of an item answered by 200 persons, answers drawn from the model:
        // mean squares average 1 and their t has mean 0 and SD 1. Monte Carlo errors: 0.004 on
        // the mean outfit, 0.032 on the mean t, 0.022 on its SD; the cube-root approximation
        // leaves the mean t near 0.05. Dropping the −1/N of the outfit variance takes its SD to
        // 0.89.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(17);
        let item = ItemParams::three_pl(1.4, 0.3, 0.15).unwrap();
        let mut stats = Vec::new();
        for _ in 0..1000 {
            let answers: Vec<(f64, bool)> = (0..200)
                .map(|_| {
                    let theta = 5.0 * rng.random::<f64>() - 2.5;
                    let p = item.prob(theta);
                    (p, rng.random::<f64>() < p)
                })
                .collect();
            stats.push(mean_squares(&answers).unwrap());
        }
        let moments = |f: &dyn Fn(&MeanSquares) -> f64| {
            let n = stats.len() as f64;
            let m = stats.iter().map(f).sum::<f64>() / n;
            let v = stats.iter().map(|s| (f(s) - m).powi(2)).sum::<f64>() / (n - 1.0);
            (m, v.sqrt())
        };
        for (name, ms, t) in [
            ("infit", moments(&|s| s.infit), moments(&|s| s.infit_t)),
            ("outfit", moments(&|s| s.outfit), moments(&|s| s.outfit_t)),
        ] {
            assert!((ms.0 - 1.0).abs() < 0.015, "{name} mean square {ms:?}");
            assert!(t.0.abs() < 0.15, "{name} t mean {t:?}");
            assert!((t.1 - 1.0).abs() < 0.07, "{name} t sd {t:?}");
        }
    }

    #[test]
    fn the_flag_rule_needs_both_the_range_and_the_t_limit() {
        let config = FitConfig::new(Model::TwoPl);
        let ms = |infit, infit_t, outfit, outfit_t| MeanSquares {
            infit,
            infit_t,
            outfit,
            outfit_t,
        };
        assert_eq!(config.flag(&ms(1.0, 0.0, 1.0, 0.0), 500), FitFlag::Fits);
        assert_eq!(config.flag(&ms(1.0, 0.0, 1.5, 3.0), 500), FitFlag::Underfit);
        assert_eq!(config.flag(&ms(1.4, 2.5, 1.0, 0.0), 500), FitFlag::Underfit);
        // Outside the range but not significant, or significant but inside it.
        assert_eq!(config.flag(&ms(1.0, 0.0, 1.5, 1.9), 500), FitFlag::Fits);
        assert_eq!(config.flag(&ms(1.25, 4.0, 1.0, 0.0), 500), FitFlag::Fits);
        assert_eq!(
            config.flag(&ms(0.6, -3.0, 0.8, -1.0), 500),
            FitFlag::Overfit
        );
        // Underfit wins over overfit; too few answers win over everything.
        assert_eq!(
            config.flag(&ms(0.6, -3.0, 1.5, 3.0), 500),
            FitFlag::Underfit
        );
        assert_eq!(
            config.flag(&ms(2.0, 9.0, 2.0, 9.0), 49),
            FitFlag::TooFewResponses
        );
    }

    #[test]
    fn eap_of_one_answer_matches_direct_integration() {
        // One right answer to a 2PL item (a = 1.5, b = 0.5): the posterior is φ(θ) P(θ) / const;
        // integrated by the rectangle rule on a fine grid independently of the quadrature code.
        let item = ItemParams::two_pl(1.5, 0.5).unwrap();
        let response = [Response {
            person: 0,
            item: 0,
            correct: true,
        }];
        let est = eap_abilities(&response, 2, &[Some(item)], 201, 6.0).unwrap();
        assert!(est[1].is_none());
        let e = est[0].unwrap();
        let (mut z, mut m1, mut m2) = (0.0, 0.0, 0.0);
        for k in 0..=24_000 {
            let t = -12.0 + k as f64 * 0.001;
            let w = (-0.5 * t * t).exp() * item.prob(t);
            z += w;
            m1 += w * t;
            m2 += w * t * t;
        }
        let mean = m1 / z;
        let sd = (m2 / z - mean * mean).sqrt();
        assert!((e.theta - mean).abs() < 1e-6, "{e:?} vs {mean}");
        assert!((e.se - sd).abs() < 1e-6, "{e:?} vs {sd}");
        assert!(e.theta > 0.0 && e.se < 1.0);
    }

    #[test]
    fn conditional_eap_of_one_answer_matches_direct_integration() {
        // One right answer under the prior N(0.7, 0.6²), integrated by the rectangle rule as
        // above; and N(0, 1) given as a person prior is eap_abilities itself.
        let item = ItemParams::two_pl(1.5, 0.5).unwrap();
        let response = [Response {
            person: 0,
            item: 0,
            correct: true,
        }];
        let (m, s) = (0.7, 0.6);
        let priors = [PersonPrior { mean: m, sd: s }, PersonPrior::STANDARD];
        let est =
            eap_abilities_conditional(&response, 2, &[Some(item)], &priors, 201, 6.0).unwrap();
        assert!(est[1].is_none());
        let e = est[0].unwrap();
        let (mut z, mut m1, mut m2) = (0.0, 0.0, 0.0);
        for k in 0..=24_000 {
            let t = -12.0 + k as f64 * 0.001;
            let w = (-0.5 * ((t - m) / s).powi(2)).exp() * item.prob(t);
            z += w;
            m1 += w * t;
            m2 += w * t * t;
        }
        let mean = m1 / z;
        let sd = (m2 / z - mean * mean).sqrt();
        assert!((e.theta - mean).abs() < 1e-6, "{e:?} vs {mean}");
        assert!((e.se - sd).abs() < 1e-6, "{e:?} vs {sd}");
        assert!(e.theta > m && e.se < s);
        let standard = [PersonPrior::STANDARD; 2];
        assert_eq!(
            eap_abilities_conditional(&response, 2, &[Some(item)], &standard, 201, 6.0).unwrap(),
            eap_abilities(&response, 2, &[Some(item)], 201, 6.0).unwrap()
        );
    }

    #[test]
    fn standard_person_priors_give_the_unconditional_fit_and_bad_ones_are_refused() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let items: Vec<Option<ItemParams>> = (0..6)
            .map(|j| ItemParams::two_pl(0.8 + 0.2 * j as f64, -1.0 + 0.4 * j as f64).ok())
            .collect();
        let responses: Vec<Response> = (0..300)
            .flat_map(|person| (0..6).map(move |item| (person, item)))
            .filter(|_| rng.random::<f64>() < 0.8)
            .map(|(person, item)| Response {
                person,
                item,
                correct: (person * 7 + item * 3) % 5 < 3,
            })
            .collect();
        let config = FitConfig::new(Model::TwoPl);
        let plain = item_fit(&responses, 300, &items, &config).unwrap();
        let standard = vec![PersonPrior::STANDARD; 300];
        let conditional =
            item_fit_conditional(&responses, 300, &items, &standard, &config).unwrap();
        assert_eq!(plain, conditional);
        // A different prior changes the abilities and the residuals.
        let shifted = vec![PersonPrior { mean: 1.0, sd: 0.8 }; 300];
        let moved = item_fit_conditional(&responses, 300, &items, &shifted, &config).unwrap();
        assert!(moved.abilities[0].unwrap().theta > plain.abilities[0].unwrap().theta);
        assert_ne!(moved.items, plain.items);
        let refused = item_fit_conditional(&responses, 300, &items, &standard[1..], &config);
        assert!(
            matches!(refused, Err(EngineError::InvalidData(_))),
            "{refused:?}"
        );
        let narrow = vec![PersonPrior { mean: 0.0, sd: 0.1 }; 300];
        let refused = eap_abilities_conditional(&responses, 300, &items, &narrow, 61, 6.0);
        assert!(
            matches!(refused, Err(EngineError::InvalidConfig(_))),
            "{refused:?}"
        );
    }

    #[test]
    fn each_answer_is_compared_with_the_chosen_probability() {
        // One person: right on item 0, wrong on item 1. With a single answer the outfit is
        // (1 − P)/P for a right answer and P/(1 − P) for a wrong one, which gives P back.
        let items = [
            ItemParams::two_pl(1.3, -0.2).ok(),
            ItemParams::two_pl(0.8, 0.6).ok(),
        ];
        let r = |item, correct| Response {
            person: 0,
            item,
            correct,
        };
        let responses = [r(0, true), r(1, false)];
        let p_of = |config: &FitConfig| {
            let report = item_fit(&responses, 1, &items, config).unwrap();
            let right = report.items[0].unwrap().mean_squares.outfit;
            let wrong = report.items[1].unwrap().mean_squares.outfit;
            (
                1.0 / (1.0 + right),
                wrong / (1.0 + wrong),
                report.abilities[0].unwrap(),
            )
        };
        // Leave-one-out posterior means of each curve, integrated on a fine grid: item 0's given
        // the wrong answer to item 1, and item 1's given the right answer to item 0.
        let (p0, p1) = (items[0].unwrap(), items[1].unwrap());
        let mean_under = |curve: &dyn Fn(f64) -> f64, lik: &dyn Fn(f64) -> f64| {
            let (mut num, mut den) = (0.0, 0.0);
            for k in 0..=24_000 {
                let t = -12.0 + k as f64 * 0.001;
                let w = (-0.5 * t * t).exp() * lik(t);
                num += w * curve(t);
                den += w;
            }
            num / den
        };
        let expect0 = mean_under(&|t| p0.prob(t), &|t| 1.0 - p1.prob(t));
        let expect1 = mean_under(&|t| p1.prob(t), &|t| p0.prob(t));
        let config = FitConfig::new(Model::TwoPl);
        assert_eq!(config.expected, Expected::Predictive);
        let (got0, got1, _) = p_of(&config);
        assert!((got0 - expect0).abs() < 1e-7, "{got0} vs {expect0}");
        assert!((got1 - expect1).abs() < 1e-7, "{got1} vs {expect1}");
        // The plug-in: each curve at the EAP of both answers.
        let plug_in = FitConfig {
            expected: Expected::AtEstimate,
            ..config
        };
        let (got0, got1, eap) = p_of(&plug_in);
        assert!((got0 - p0.prob(eap.theta)).abs() < 1e-12);
        assert!((got1 - p1.prob(eap.theta)).abs() < 1e-12);
        assert!((got0 - expect0).abs() > 0.01, "the two choices differ");
    }

    #[test]
    fn persons_and_items_without_data_are_none_and_bad_input_is_an_error() {
        let r = |person, item, correct| Response {
            person,
            item,
            correct,
        };
        let items = [ItemParams::two_pl(1.0, 0.0).ok(), None, None];
        let responses = [r(0, 0, true), r(1, 0, false), r(1, 1, true)];
        let report = item_fit(&responses, 3, &items, &FitConfig::new(Model::TwoPl)).unwrap();
        assert!(report.abilities[0].is_some() && report.abilities[1].is_some());
        assert!(report.abilities[2].is_none());
        let fit = report.items[0].unwrap();
        assert_eq!((fit.responses, fit.correct), (2, 1));
        assert_eq!(fit.flag, FitFlag::TooFewResponses);
        assert!(report.items[1].is_none() && report.items[2].is_none());
        assert_eq!(report.s_x2_persons, 0);
        let config = FitConfig::new(Model::TwoPl);
        assert!(item_fit(&[r(0, 3, true)], 3, &items, &config).is_err());
        assert!(item_fit(&[r(0, 0, true), r(0, 0, false)], 3, &items, &config).is_err());
        let mut bad = config.clone();
        bad.mean_square_range = (1.1, 1.3);
        assert!(item_fit(&responses, 3, &items, &bad).is_err());
    }
}
