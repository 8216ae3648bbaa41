//! One item's log posterior given (possibly fractional) counts of answers at ability points, its
//! maximisation (the M-step of EM, and the whole of fixed-ability calibration) and its observed
//! information.
//!
//! With counts `n_k` of answers and `r_k` of correct ones at abilities `θ_k`, the objective is
//!
//! ```text
//! f(a, b, c) = Σ_k [ r_k ln P(θ_k) + (n_k − r_k) ln(1 − P(θ_k)) ] + ln prior(a, b, c)
//! ```
//!
//! In EM the points are the quadrature nodes and the counts the E-step's expected ones; with known
//! abilities they are the respondents' θs with counts 0 or 1. `f` is maximised by Fisher scoring in
//! the unconstrained coordinates `(ln a, b, logit c)` with step halving, so every accepted step
//! increases `f` (EM stays monotone).

// Gradients and symmetric 3 × 3 matrices read best, and match the formulas, with indices.
#![allow(clippy::needless_range_loop)]

use super::linalg::{inverse_diagonal, solve_spd};
use super::{CalibrationConfig, ItemEstimate, ItemOutcome, ItemPriors, Model};
use super::{StandardErrors, item_outcome_for_counts};
use crate::EngineError;
use crate::irt::{ItemParams, logistic};

/// Natural parameters `[a, b, c]` of an item under calibration (`c = 0` for the 2PL).
pub(super) type Params = [f64; 3];

/// Bounds that keep a runaway item finite; an estimate on them is already meaningless.
const A_RANGE: (f64, f64) = (1e-3, 50.0);
const B_RANGE: (f64, f64) = (-30.0, 30.0);
const LOGIT_C_RANGE: (f64, f64) = (-20.0, 20.0);

/// `ln logistic(x)`, stable for large |x|.
fn ln_logistic(x: f64) -> f64 {
    if x >= 0.0 {
        -(-x).exp().ln_1p()
    } else {
        x - x.exp().ln_1p()
    }
}

/// The response function at one ability, in forms that stay finite where `P` or `1 − P` underflow.
pub(super) struct Point {
    /// `ln P`.
    pub ln_p: f64,
    /// `ln (1 − P)`.
    pub ln_q: f64,
    /// `∇P / P` (the score of a correct answer), over `(a, b, c)`.
    pub sp: [f64; 3],
    /// `∇P / (1 − P)` (minus the score of a wrong answer).
    pub sq: [f64; 3],
    /// `∇²P / P`.
    pub hp: [[f64; 3]; 3],
    /// `∇²P / (1 − P)`.
    pub hq: [[f64; 3]; 3],
}

/// `P(θ) = c + (1 − c) L` with `L = logistic(a (θ − b))` and its first two derivatives, each divided
/// by `P` or by `1 − P = (1 − c)(1 − L)` analytically so that no ratio is 0/0.
pub(super) fn point(theta: f64, x: &Params) -> Point {
    let [a, b, c] = *x;
    let z = a * (theta - b);
    let (l, m) = (logistic(z), logistic(-z));
    let d = theta - b;
    let (ln_p, ratio_p) = if c == 0.0 {
        (ln_logistic(z), 1.0)
    } else {
        let p = c + (1.0 - c) * l;
        (p.ln(), (1.0 - c) * l / p)
    };
    let ln_q = (1.0 - c).ln() + ln_logistic(-z);
    // ∇P / P and ∇P / Q, from ∂P/∂a = (1−c) L M (θ−b), ∂P/∂b = −(1−c) L M a, ∂P/∂c = M.
    let p_over = ratio_p * m;
    let sp = [p_over * d, -p_over * a, m / (c + (1.0 - c) * l)];
    let sq = [l * d, -l * a, 1.0 / (1.0 - c)];
    // ∂²L/∂z² = L M (M − L); ∂²z/∂a∂b = −1.
    let mm = m - l;
    let l_over_p = ratio_p / (1.0 - c);
    let hp = [
        [
            p_over * mm * d * d,
            p_over * (-mm * d * a - 1.0),
            -l_over_p * m * d,
        ],
        [0.0, p_over * mm * a * a, l_over_p * m * a],
        [0.0, 0.0, 0.0],
    ];
    let hq = [
        [l * mm * d * d, l * (-mm * d * a - 1.0), -l * d / (1.0 - c)],
        [0.0, l * mm * a * a, l * a / (1.0 - c)],
        [0.0, 0.0, 0.0],
    ];
    Point {
        ln_p,
        ln_q,
        sp,
        sq,
        hp: symmetric(hp),
        hq: symmetric(hq),
    }
}

fn symmetric(mut h: [[f64; 3]; 3]) -> [[f64; 3]; 3] {
    for i in 0..3 {
        for j in 0..i {
            h[i][j] = h[j][i];
        }
    }
    h
}

/// Counts of answers (`n`) and of correct answers (`r`) at abilities `theta`.
#[derive(Clone, Copy)]
pub(super) struct Counts<'a> {
    pub theta: &'a [f64],
    pub n: &'a [f64],
    pub r: &'a [f64],
}

impl<'a> Counts<'a> {
    /// `(n, r, response function of x)` at every ability with answers (`n ≠ 0`).
    fn answered(self, x: Params) -> impl Iterator<Item = (f64, f64, Point)> + 'a {
        (0..self.theta.len())
            .filter(move |&q| self.n[q] != 0.0)
            .map(move |q| (self.n[q], self.r[q], point(self.theta[q], &x)))
    }
}

/// The log prior of `x` (constants dropped).
pub(super) fn log_prior(model: Model, priors: &ItemPriors, x: &Params) -> f64 {
    let [a, b, c] = *x;
    let mut lp = 0.0;
    if let Some((mu, s)) = priors.log_a {
        lp -= (a.ln() - mu).powi(2) / (2.0 * s * s);
    }
    if let Some((m, s)) = priors.b {
        lp -= (b - m).powi(2) / (2.0 * s * s);
    }
    if let (Model::ThreePl, Some((al, be))) = (model, priors.c) {
        lp += (al - 1.0) * c.ln() + (be - 1.0) * (1.0 - c).ln();
    }
    lp
}

/// Minus the Hessian of the log prior in natural coordinates `(a, b, c)` (diagonal).
pub(super) fn prior_information(model: Model, priors: &ItemPriors, x: &Params) -> [f64; 3] {
    let [a, _, c] = *x;
    let mut info = [0.0; 3];
    if let Some((mu, s)) = priors.log_a {
        // d²/da² of −(ln a − μ)²/(2s²) is (ln a − μ − 1) / (s² a²).
        info[0] = (1.0 - (a.ln() - mu)) / (s * s * a * a);
    }
    if let Some((_, s)) = priors.b {
        info[1] = 1.0 / (s * s);
    }
    if let (Model::ThreePl, Some((al, be))) = (model, priors.c) {
        info[2] = (al - 1.0) / (c * c) + (be - 1.0) / ((1.0 - c) * (1.0 - c));
    }
    info
}

/// The objective `f`: log-likelihood of the counts plus log prior.
pub(super) fn log_posterior(model: Model, priors: &ItemPriors, x: &Params, data: Counts) -> f64 {
    let mut f = log_prior(model, priors, x);
    for k in 0..data.theta.len() {
        let pt = point(data.theta[k], x);
        f += data.r[k] * pt.ln_p + (data.n[k] - data.r[k]) * pt.ln_q;
    }
    f
}

/// Minus the Hessian of the log-likelihood of the counts in natural coordinates (the observed
/// information of complete data), upper `k × k` block for `k` estimated parameters.
pub(super) fn complete_information(model: Model, x: &Params, data: Counts) -> [[f64; 3]; 3] {
    let k = model.parameters();
    let mut info = [[0.0; 3]; 3];
    for (n, r, pt) in data.answered(*x) {
        for i in 0..k {
            for j in i..k {
                // −∂² [r ln P + (n − r) ln Q] = r (∇P/P)(∇P/P)ᵀ + (n − r)(∇P/Q)(∇P/Q)ᵀ
                //                             − (r/P − (n − r)/Q) ∇²P
                info[i][j] += r * pt.sp[i] * pt.sp[j] + (n - r) * pt.sq[i] * pt.sq[j]
                    - (r * pt.hp[i][j] - (n - r) * pt.hq[i][j]);
            }
        }
    }
    symmetric(info)
}

fn to_unconstrained(x: &Params) -> Params {
    [x[0].ln(), x[1], (x[2] / (1.0 - x[2])).ln()]
}

fn from_unconstrained(u: &Params, model: Model) -> Params {
    let a = u[0].exp().clamp(A_RANGE.0, A_RANGE.1);
    let b = u[1].clamp(B_RANGE.0, B_RANGE.1);
    let c = match model {
        Model::TwoPl => 0.0,
        Model::ThreePl => logistic(u[2].clamp(LOGIT_C_RANGE.0, LOGIT_C_RANGE.1)),
    };
    [a, b, c]
}

/// Gradient of `f` and its Fisher information (plus the prior's curvature) in the unconstrained
/// coordinates `(ln a, b, logit c)`: the Fisher metric is positive definite wherever the data has
/// any weight, so the scoring step always points uphill.
fn scoring_step(model: Model, priors: &ItemPriors, x: &Params, data: Counts) -> Option<Vec<f64>> {
    let k = model.parameters();
    let [a, b, c] = *x;
    let mut grad = [0.0; 3];
    let mut fisher = [[0.0; 3]; 3];
    for (n, r, pt) in data.answered(*x) {
        for i in 0..k {
            grad[i] += r * pt.sp[i] - (n - r) * pt.sq[i];
            for j in i..k {
                // n ∇P ∇Pᵀ / (P Q)
                fisher[i][j] += n * pt.sp[i] * pt.sq[j];
            }
        }
    }
    let jac = [a, 1.0, c * (1.0 - c)];
    let mut g = vec![0.0; k];
    let mut h = vec![0.0; k * k];
    for i in 0..k {
        g[i] = jac[i] * grad[i];
        for j in i..k {
            h[i * k + j] = jac[i] * jac[j] * fisher[i][j];
            h[j * k + i] = h[i * k + j];
        }
    }
    // The priors are log-concave in these coordinates; their exact curvature joins the metric.
    if let Some((mu, s)) = priors.log_a {
        g[0] -= (a.ln() - mu) / (s * s);
        h[0] += 1.0 / (s * s);
    }
    if let Some((m, s)) = priors.b {
        g[1] -= (b - m) / (s * s);
        h[k + 1] += 1.0 / (s * s);
    }
    if let (Model::ThreePl, Some((al, be))) = (model, priors.c) {
        g[2] += (al - 1.0) * (1.0 - c) - (be - 1.0) * c;
        h[8] += (al + be - 2.0) * c * (1.0 - c);
    }
    // A tiny ridge keeps a flat direction (e.g. c without prior and no low-ability data) solvable.
    for i in 0..k {
        h[i * k + i] += 1e-9;
    }
    let mut step = solve_spd(&h, &g)?;
    // Never move more than one unit at once (a factor e on a): far from the mode the quadratic model
    // overshoots.
    let largest = step.iter().fold(0.0f64, |m, s| m.max(s.abs()));
    if largest > 1.0 {
        step.iter_mut().for_each(|s| *s /= largest);
    }
    Some(step)
}

/// Maximises `f` from `start` by Fisher scoring with step halving; at most `max_steps` steps.
pub(super) fn maximise(
    model: Model,
    priors: &ItemPriors,
    start: &Params,
    data: Counts,
    max_steps: usize,
) -> Params {
    let mut x = *start;
    let mut f = log_posterior(model, priors, &x, data);
    for _ in 0..max_steps {
        let Some(step) = scoring_step(model, priors, &x, data) else {
            break;
        };
        let u = to_unconstrained(&x);
        let mut t = 1.0;
        let mut accepted = None;
        while t > 1e-3 {
            let mut v = u;
            for (i, s) in step.iter().enumerate() {
                v[i] += t * s;
            }
            let y = from_unconstrained(&v, model);
            let fy = log_posterior(model, priors, &y, data);
            if fy >= f {
                accepted = Some((y, fy));
                break;
            }
            t /= 2.0;
        }
        let Some((y, fy)) = accepted else {
            break;
        };
        let moved = (0..3).fold(0.0f64, |m, i| m.max((y[i] - x[i]).abs()));
        x = y;
        f = fy;
        if moved < 1e-9 {
            break;
        }
    }
    x
}

/// Standard errors from the variances of `(a, b)` or `(a, b, c)` (the diagonal of an inverted
/// information matrix, in that order); `None` unless every variance is finite and positive.
pub(super) fn errors_from_variances(var: &[f64]) -> Option<StandardErrors> {
    var.iter()
        .all(|v| v.is_finite() && *v > 0.0)
        .then(|| StandardErrors {
            a: var[0].sqrt(),
            b: var[1].sqrt(),
            c: (var.len() == 3).then(|| var[2].sqrt()),
        })
}

/// Standard errors from the inverse of an information matrix over the estimated parameters.
pub(super) fn standard_errors(model: Model, info: &[[f64; 3]; 3]) -> Option<StandardErrors> {
    let k = model.parameters();
    let flat: Vec<f64> = (0..k * k).map(|i| info[i / k][i % k]).collect();
    inverse_diagonal(&flat, k).and_then(|var| errors_from_variances(&var))
}

/// Starting values from the proportion correct `p`: `a = e^μ` (the prior mode of `a`), `c` at the
/// prior mode, and `b` where the curve gives `p` at ability `center`. `spread` widens the logit
/// for a population of unknown abilities: averaging a logistic over N(0, 1) flattens it by about
/// `√(1 + a²π²/8)`, 1.4 near `a = 1`.
pub(super) fn start_values(
    model: Model,
    priors: &ItemPriors,
    p: f64,
    center: f64,
    spread: f64,
) -> Params {
    let a = priors.log_a.map_or(1.0, |(mu, _)| mu.exp());
    let c = match (model, priors.c) {
        (Model::TwoPl, _) => 0.0,
        (Model::ThreePl, Some((al, be))) if al + be > 2.0 => {
            ((al - 1.0) / (al + be - 2.0)).clamp(0.01, 0.5)
        }
        (Model::ThreePl, _) => 0.1,
    };
    let p_star = ((p - c) / (1.0 - c)).clamp(0.02, 0.98);
    let b = center - spread * (p_star / (1.0 - p_star)).ln() / a;
    [a, b.clamp(center - 4.0, center + 4.0), c]
}

/// Calibrates one item from answers of people whose abilities are known: `answers` holds each
/// respondent's `(θ, correct)`.
///
/// The estimates maximise the item's log posterior under `config.priors` (quadrature settings
/// are not used). The standard errors invert the observed information (minus the Hessian of that
/// log posterior, analytic) at the estimate: they treat the θs as exact, so they understate the
/// uncertainty when the θs are themselves estimates.
///
/// Returns [`ItemOutcome::Skipped`] for fewer than `config.min_responses` answers, all correct or
/// all wrong; an error for invalid settings or a non-finite θ.
pub fn calibrate_fixed_theta(
    answers: &[(f64, bool)],
    config: &CalibrationConfig,
) -> Result<ItemOutcome, EngineError> {
    config.validate()?;
    if let Some((t, _)) = answers.iter().find(|(t, _)| !t.is_finite()) {
        return Err(EngineError::InvalidData(format!(
            "ability {t} is not finite"
        )));
    }
    let correct = answers.iter().filter(|(_, x)| *x).count();
    if let Some(skipped) = item_outcome_for_counts(answers.len(), correct, config.min_responses) {
        return Ok(skipped);
    }
    let theta: Vec<f64> = answers.iter().map(|(t, _)| *t).collect();
    let n = vec![1.0; answers.len()];
    let r: Vec<f64> = answers
        .iter()
        .map(|(_, x)| if *x { 1.0 } else { 0.0 })
        .collect();
    let data = Counts {
        theta: &theta,
        n: &n,
        r: &r,
    };
    let mean_theta = theta.iter().sum::<f64>() / theta.len() as f64;
    let p = correct as f64 / answers.len() as f64;
    let start = start_values(config.model, &config.priors, p, mean_theta, 1.0);
    let x = maximise(
        config.model,
        &config.priors,
        &start,
        data,
        config.max_iterations.max(50),
    );
    let mut info = complete_information(config.model, &x, data);
    let prior = prior_information(config.model, &config.priors, &x);
    for i in 0..3 {
        info[i][i] += prior[i];
    }
    Ok(ItemOutcome::Estimated(ItemEstimate {
        params: ItemParams::three_pl(x[0], x[1], x[2])?,
        se: standard_errors(config.model, &info),
        responses: answers.len(),
        correct,
    }))
}

#[cfg(test)]
mod tests {
    use super::super::SkipReason;
    use super::super::linalg::second_difference;
    use super::*;
    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{RngExt, SeedableRng};

    fn finite_difference_check(x: Params, theta: f64, correct: bool) {
        let f = |y: &Params| {
            let pt = point(theta, y);
            if correct { pt.ln_p } else { pt.ln_q }
        };
        let pt = point(theta, &x);
        let h = 1e-5;
        for i in 0..3 {
            let (mut up, mut down) = (x, x);
            up[i] += h;
            down[i] -= h;
            let numeric = (f(&up) - f(&down)) / (2.0 * h);
            let analytic = if correct { pt.sp[i] } else { -pt.sq[i] };
            assert!(
                (numeric - analytic).abs() < 1e-6 * (1.0 + analytic.abs()),
                "score {i} at {x:?}, θ={theta}: {numeric} vs {analytic}"
            );
        }
    }

    #[test]
    fn scores_match_numeric_derivatives_of_the_log_probability() {
        for x in [[1.3, 0.4, 0.2], [0.6, -1.5, 0.05], [2.5, 2.0, 0.3]] {
            for theta in [-5.0, -1.0, 0.3, 2.0, 5.5] {
                finite_difference_check(x, theta, true);
                finite_difference_check(x, theta, false);
            }
        }
    }

    #[test]
    fn complete_information_matches_the_numeric_hessian() {
        let theta = [-2.0, -0.5, 0.0, 1.0, 2.5];
        let n = [3.0, 2.5, 4.0, 1.5, 2.0];
        let r = [0.7, 1.1, 2.9, 1.2, 1.9];
        let data = Counts {
            theta: &theta,
            n: &n,
            r: &r,
        };
        let x = [1.2, 0.3, 0.15];
        let priors = ItemPriors {
            log_a: None,
            b: None,
            c: None,
        };
        let f = |y: &[f64]| log_posterior(Model::ThreePl, &priors, &[y[0], y[1], y[2]], data);
        let info = complete_information(Model::ThreePl, &x, data);
        for i in 0..3 {
            for j in 0..3 {
                let numeric = -second_difference(f, &x, i, j, 1e-4);
                assert!(
                    (numeric - info[i][j]).abs() < 1e-4 * (1.0 + numeric.abs()),
                    "({i},{j}): {numeric} vs {}",
                    info[i][j]
                );
            }
        }
    }

    #[test]
    fn stays_finite_far_in_the_tails() {
        let pt = point(-6.0, &[8.0, 5.0, 0.0]);
        assert!(pt.ln_p.is_finite() && pt.ln_p < -80.0);
        assert!(pt.sp.iter().chain(pt.sq.iter()).all(|v| v.is_finite()));
        let pt = point(6.0, &[8.0, -5.0, 0.2]);
        assert!(pt.ln_q.is_finite() && pt.ln_q < -80.0);
    }

    fn answers(a: f64, b: f64, c: f64, n: usize, seed: u64) -> Vec<(f64, bool)> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let pop = crate::simulation::normal_population(n, 0.0, 1.0, seed).unwrap();
        pop.into_iter()
            .map(|t| (t, rng.random::<f64>() < crate::irt::prob(t, a, b, c, 1.0)))
            .collect()
    }

    /// The estimates of a fixed-θ calibration under `model` with the default settings, which must
    /// calibrate the item.
    fn estimated(answers: &[(f64, bool)], model: Model) -> ItemEstimate {
        match calibrate_fixed_theta(answers, &CalibrationConfig::new(model)).unwrap() {
            ItemOutcome::Estimated(e) => e,
            other => panic!("not estimated: {other:?}"),
        }
    }

    #[test]
    fn fixed_theta_calibration_recovers_a_two_pl_item_within_its_standard_errors() {
        let e = estimated(&answers(1.4, 0.5, 0.0, 3000, 11), Model::TwoPl);
        let se = e.se.unwrap();
        assert!(se.c.is_none());
        // With n = 3000 the SEs are about 0.05; 4 SE leaves a 1-in-15,000 false alarm per check.
        assert!((e.params.a() - 1.4).abs() < 4.0 * se.a, "{e:?}");
        assert!((e.params.b() - 0.5).abs() < 4.0 * se.b, "{e:?}");
        assert!(se.a < 0.1 && se.b < 0.1, "{se:?}");
    }

    #[test]
    fn fixed_theta_calibration_of_a_three_pl_item_reports_every_standard_error() {
        let e = estimated(&answers(1.5, 0.3, 0.2, 4000, 5), Model::ThreePl);
        let se = e.se.unwrap();
        assert!((e.params.a() - 1.5).abs() < 4.0 * se.a, "{e:?}");
        assert!((e.params.b() - 0.3).abs() < 4.0 * se.b, "{e:?}");
        assert!((e.params.c() - 0.2).abs() < 4.0 * se.c.unwrap(), "{e:?}");
    }

    #[test]
    fn fixed_theta_calibration_reports_degenerate_items() {
        let config = CalibrationConfig::new(Model::TwoPl);
        let all_right: Vec<(f64, bool)> = (0..30).map(|k| (k as f64 / 10.0, true)).collect();
        assert!(matches!(
            calibrate_fixed_theta(&all_right, &config).unwrap(),
            ItemOutcome::Skipped {
                reason: SkipReason::AllCorrect,
                responses: 30,
                ..
            }
        ));
        assert!(matches!(
            calibrate_fixed_theta(&[(0.0, true), (1.0, false)], &config).unwrap(),
            ItemOutcome::Skipped {
                reason: SkipReason::TooFewResponses,
                ..
            }
        ));
        assert!(calibrate_fixed_theta(&[(f64::NAN, true)], &config).is_err());
    }

    #[test]
    fn the_beta_prior_pulls_an_unidentified_asymptote_to_its_mode() {
        // Only able respondents: nothing in the data speaks about c, so it sits at the prior mode.
        let answers: Vec<(f64, bool)> = answers(1.0, -1.0, 0.25, 400, 3)
            .into_iter()
            .map(|(t, x)| (t.abs() + 2.0, x))
            .collect();
        let e = estimated(&answers, Model::ThreePl);
        assert!((e.params.c() - 0.2).abs() < 0.05, "{e:?}");
    }
}
