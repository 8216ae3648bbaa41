//! Ability estimation: the [`Estimator`] trait and its EAP, MAP, MLE and WLE implementations.
//!
//! Every estimator reads a [`ResponseLog`]: the scored responses so far together with their
//! log-likelihood on a fixed quadrature grid, updated in O(grid) per response. Bayesian estimates
//! (EAP, MAP) and starting points of the likelihood-based ones come from that grid, so that an
//! adaptive step costs one pass over the grid rather than one over every past response.

mod eap;
mod map;
mod mle;
mod wle;

pub use eap::Eap;
pub use map::Map;
pub use mle::Mle;
pub use wle::Wle;

use crate::bank::ItemBank;
use crate::irt::ItemParams;
use crate::{EngineError, Scored};
use serde::{Deserialize, Serialize};

/// An ability estimate and its standard error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Estimated ability.
    pub theta: f64,
    /// Standard error (posterior standard deviation for Bayesian estimators).
    pub se: f64,
}

/// Prior distribution of ability for Bayesian estimators.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Prior {
    /// Normal prior `N(mean, sd²)`.
    Normal {
        /// Prior mean.
        mean: f64,
        /// Prior standard deviation.
        sd: f64,
    },
    /// Uniform prior over the whole quadrature grid.
    Uniform,
}

impl Default for Prior {
    fn default() -> Self {
        Prior::Normal { mean: 0.0, sd: 1.0 }
    }
}

impl Prior {
    /// Checks that the prior is proper.
    pub fn validate(&self) -> Result<(), EngineError> {
        match *self {
            Prior::Normal { mean, sd } if !(mean.is_finite() && sd.is_finite() && sd > 0.0) => {
                Err(EngineError::InvalidConfig(format!(
                    "normal prior needs a finite mean and sd > 0, got {mean}, {sd}"
                )))
            }
            _ => Ok(()),
        }
    }

    /// Log-density up to a constant.
    #[inline]
    pub fn log_density(&self, theta: f64) -> f64 {
        match *self {
            Prior::Normal { mean, sd } => {
                let z = (theta - mean) / sd;
                -0.5 * z * z
            }
            Prior::Uniform => 0.0,
        }
    }

    /// Prior precision (1/variance; 0 for the uniform prior).
    pub fn precision(&self) -> f64 {
        match *self {
            Prior::Normal { sd, .. } => 1.0 / (sd * sd),
            Prior::Uniform => 0.0,
        }
    }
}

/// A uniform quadrature grid on `[lo, hi]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Grid {
    /// Lowest point.
    pub lo: f64,
    /// Highest point.
    pub hi: f64,
    /// Number of points (≥ 3).
    pub points: usize,
}

impl Default for Grid {
    /// 61 points on [−5, 5] (step 1/6): the rectangle rule on such a grid integrates the smooth
    /// posteriors of IRT to far below the sampling error of any test.
    fn default() -> Self {
        Grid {
            lo: -5.0,
            hi: 5.0,
            points: 61,
        }
    }
}

impl Grid {
    /// Checks the grid's bounds and size.
    pub fn validate(&self) -> Result<(), EngineError> {
        if self.lo.is_finite()
            && self.hi.is_finite()
            && self.lo < self.hi
            && self.points >= 3
            && self.points <= 100_000
        {
            Ok(())
        } else {
            Err(EngineError::InvalidConfig(format!("bad grid {self:?}")))
        }
    }

    /// The grid's abscissas.
    pub fn abscissas(&self) -> Vec<f64> {
        let step = (self.hi - self.lo) / (self.points - 1) as f64;
        (0..self.points)
            .map(|k| self.lo + step * k as f64)
            .collect()
    }
}

/// The scored responses of one examinee and their likelihood on a quadrature grid.
///
/// The likelihood is kept in linear form, rescaled to a maximum of 1 after each response (the
/// scale is irrelevant to every estimator). On a uniform grid `exp(−a(θ_q − b))` is a geometric
/// sequence in `q`, so a response costs two exponentials and a few multiplications per point
/// instead of an exponential and a logarithm. Each factor is kept within `[1e-300, 1]`, so the
/// rescaled maximum never underflows.
#[derive(Debug, Clone)]
pub struct ResponseLog {
    theta: Vec<f64>,
    step: f64,
    lik: Vec<f64>,
    responses: Vec<Scored>,
    correct: usize,
}

impl ResponseLog {
    /// An empty log on `grid`.
    pub fn new(grid: &Grid) -> Self {
        let theta = grid.abscissas();
        let lik = vec![1.0; theta.len()];
        let step = theta[1] - theta[0];
        ResponseLog {
            theta,
            step,
            lik,
            responses: Vec::new(),
            correct: 0,
        }
    }

    /// Adds one scored response for an item with parameters `p`.
    pub fn record(&mut self, p: &ItemParams, response: Scored) {
        let (a, b, c, d) = (p.a(), p.b(), p.c(), p.d());
        let x0 = -a * (self.theta[0] - b);
        let x1 = -a * (self.theta[self.theta.len() - 1] - b);
        // Past |x| ≈ 700 the exponential overflows: compute each point directly then.
        let geometric = x0.abs() < 600.0 && x1.abs() < 600.0;
        let ratio = (-a * self.step).exp();
        let mut e = if geometric { x0.exp() } else { 0.0 };
        let mut max = 0.0f64;
        for (l, &t) in self.lik.iter_mut().zip(&self.theta) {
            let lg = if geometric {
                let v = 1.0 / (1.0 + e);
                e *= ratio;
                v
            } else {
                crate::irt::logistic(a * (t - b))
            };
            let pr = c + (d - c) * lg;
            let f = if response.correct { pr } else { 1.0 - pr };
            *l *= f.clamp(1e-300, 1.0);
            max = max.max(*l);
        }
        let inv = 1.0 / max;
        self.lik.iter_mut().for_each(|l| *l *= inv);
        self.correct += usize::from(response.correct);
        self.responses.push(response);
    }

    /// The grid abscissas.
    pub fn grid(&self) -> &[f64] {
        &self.theta
    }

    /// Likelihood at each grid point, up to a constant factor (largest value 1).
    pub fn likelihood(&self) -> &[f64] {
        &self.lik
    }

    /// Responses in the order given.
    pub fn responses(&self) -> &[Scored] {
        &self.responses
    }

    /// Number of responses.
    pub fn len(&self) -> usize {
        self.responses.len()
    }

    /// True when no response was recorded.
    pub fn is_empty(&self) -> bool {
        self.responses.is_empty()
    }

    /// True when there is at least one correct and one wrong answer (a finite MLE exists for
    /// 1PL/2PL items only then).
    pub fn is_mixed(&self) -> bool {
        self.correct > 0 && self.correct < self.responses.len()
    }

    /// Exact log-likelihood at any `theta`.
    pub fn loglik_at(&self, bank: &ItemBank, theta: f64) -> f64 {
        self.responses
            .iter()
            .map(|r| crate::irt::log_lik(theta, bank.params(r.item), r.correct))
            .sum()
    }

    /// Test information at `theta` of the items answered.
    pub fn info_at(&self, bank: &ItemBank, theta: f64) -> f64 {
        self.responses
            .iter()
            .map(|r| bank.info(r.item, theta))
            .sum()
    }

    /// Index of the grid point maximising `loglik + extra(θ)`.
    pub(crate) fn argmax_with(&self, extra: impl Fn(f64) -> f64) -> usize {
        let mut best = 0;
        let mut best_v = f64::NEG_INFINITY;
        for (k, (&l, &t)) in self.lik.iter().zip(&self.theta).enumerate() {
            let v = l.ln() + extra(t);
            if v > best_v {
                best_v = v;
                best = k;
            }
        }
        best
    }

    /// Refines a grid maximum of `f` by golden-section search between the neighbouring points.
    pub(crate) fn refine_max(&self, k: usize, f: impl Fn(f64) -> f64) -> f64 {
        let lo = self.theta[k.saturating_sub(1)];
        let hi = self.theta[(k + 1).min(self.theta.len() - 1)];
        crate::irt::golden_max(f, lo, hi, 1e-7)
    }
}

/// Estimates ability from the responses so far.
pub trait Estimator {
    /// The estimate and its standard error given the responses in `log` to items of `bank`.
    fn estimate(&self, bank: &ItemBank, log: &ResponseLog) -> Estimate;
}

/// The estimators by name, for configuration files and the simulator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "method", rename_all = "lowercase")]
pub enum EstimatorConfig {
    /// Expected a posteriori.
    #[default]
    Eap,
    /// Maximum a posteriori.
    Map,
    /// Maximum likelihood (EAP until the pattern is mixed).
    Mle,
    /// Warm's weighted likelihood.
    Wle,
}

impl EstimatorConfig {
    /// The estimator, with `prior` for the Bayesian ones (and MLE's fallback), for logs on `grid`.
    pub fn build(self, prior: Prior, grid: &Grid) -> AnyEstimator {
        match self {
            EstimatorConfig::Eap => AnyEstimator::Eap(Eap::for_grid(prior, grid)),
            EstimatorConfig::Map => AnyEstimator::Map(Map::new(prior)),
            EstimatorConfig::Mle => AnyEstimator::Mle(Mle::new(prior)),
            EstimatorConfig::Wle => AnyEstimator::Wle(Wle),
        }
    }
}

/// One of the built-in estimators.
#[derive(Debug, Clone)]
pub enum AnyEstimator {
    /// EAP.
    Eap(Eap),
    /// MAP.
    Map(Map),
    /// MLE.
    Mle(Mle),
    /// WLE.
    Wle(Wle),
}

impl Estimator for AnyEstimator {
    fn estimate(&self, bank: &ItemBank, log: &ResponseLog) -> Estimate {
        match self {
            AnyEstimator::Eap(e) => e.estimate(bank, log),
            AnyEstimator::Map(e) => e.estimate(bank, log),
            AnyEstimator::Mle(e) => e.estimate(bank, log),
            AnyEstimator::Wle(e) => e.estimate(bank, log),
        }
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::*;

    pub fn bank() -> ItemBank {
        let p = [
            (1.2, -1.5, 0.1),
            (0.8, -0.5, 0.2),
            (1.5, 0.0, 0.0),
            (1.0, 0.7, 0.15),
            (2.0, 1.4, 0.05),
            (0.9, 2.0, 0.2),
        ];
        ItemBank::new(
            p.iter()
                .map(|&(a, b, c)| ItemParams::three_pl(a, b, c).unwrap())
                .collect(),
        )
        .unwrap()
    }

    pub fn log_of(bank: &ItemBank, pattern: &[bool]) -> ResponseLog {
        let mut log = ResponseLog::new(&Grid::default());
        for (i, &x) in pattern.iter().enumerate() {
            log.record(
                bank.params(i),
                Scored {
                    item: i,
                    correct: x,
                },
            );
        }
        log
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::*;
    use super::*;
    use proptest::prelude::*;

    /// Brute-force posterior mean and SD by composite Simpson integration on a fine grid.
    fn brute_force(bank: &ItemBank, pattern: &[bool]) -> (f64, f64) {
        let n = 20_000;
        let (lo, hi) = (-8.0, 8.0);
        let h = (hi - lo) / n as f64;
        let (mut z, mut m1, mut m2) = (0.0, 0.0, 0.0);
        for k in 0..=n {
            let t = lo + h * k as f64;
            let w = if k == 0 || k == n {
                1.0
            } else if k % 2 == 1 {
                4.0
            } else {
                2.0
            };
            let mut l = (-0.5 * t * t).exp();
            for (i, &x) in pattern.iter().enumerate() {
                let p = bank.params(i).prob(t);
                l *= if x { p } else { 1.0 - p };
            }
            z += w * l;
            m1 += w * l * t;
            m2 += w * l * t * t;
        }
        let mean = m1 / z;
        (mean, (m2 / z - mean * mean).sqrt())
    }

    proptest! {
        #[test]
        fn eap_matches_brute_force_integration(pattern in prop::collection::vec(any::<bool>(), 0..6)) {
            let bank = bank();
            let est = Eap::new(Prior::default()).estimate(&bank, &log_of(&bank, &pattern));
            let (mean, sd) = brute_force(&bank, &pattern);
            prop_assert!((est.theta - mean).abs() < 1e-4, "{} vs {}", est.theta, mean);
            prop_assert!((est.se - sd).abs() < 1e-4, "{} vs {}", est.se, sd);
        }

        #[test]
        fn every_estimator_gives_a_finite_estimate_and_positive_se(pattern in prop::collection::vec(any::<bool>(), 0..6)) {
            let bank = bank();
            let log = log_of(&bank, &pattern);
            for cfg in [EstimatorConfig::Eap, EstimatorConfig::Map, EstimatorConfig::Mle, EstimatorConfig::Wle] {
                let e = cfg.build(Prior::default(), &Grid::default()).estimate(&bank, &log);
                prop_assert!(e.theta.is_finite() && e.se.is_finite() && e.se > 0.0, "{cfg:?}: {e:?}");
            }
        }
    }

    #[test]
    fn map_is_the_posterior_mode() {
        let bank = bank();
        let pattern = [true, true, false, true, false, false];
        let log = log_of(&bank, &pattern);
        let est = Map::new(Prior::default()).estimate(&bank, &log);
        let f = |t: f64| log.loglik_at(&bank, t) - 0.5 * t * t;
        for dt in [-0.01, 0.01] {
            assert!(f(est.theta) >= f(est.theta + dt));
        }
    }

    #[test]
    fn mle_maximises_the_likelihood_for_a_mixed_pattern() {
        let bank = bank();
        let log = log_of(&bank, &[true, true, true, false, true, false]);
        let est = Mle::new(Prior::default()).estimate(&bank, &log);
        for dt in [-0.01, 0.01] {
            assert!(log.loglik_at(&bank, est.theta) >= log.loglik_at(&bank, est.theta + dt));
        }
        let info = log.info_at(&bank, est.theta);
        assert!((est.se - 1.0 / info.sqrt()).abs() < 1e-9);
    }

    #[test]
    fn mle_falls_back_to_eap_when_every_answer_is_correct() {
        let bank = bank();
        let log = log_of(&bank, &[true, true, true]);
        let mle = Mle::new(Prior::default()).estimate(&bank, &log);
        let eap = Eap::new(Prior::default()).estimate(&bank, &log);
        assert_eq!(mle, eap);
    }

    #[test]
    fn wle_is_finite_for_an_all_correct_two_pl_pattern_and_shrinks_mle_bias() {
        let bank = ItemBank::new(
            (0..5)
                .map(|k| ItemParams::two_pl(1.0, k as f64 * 0.5 - 1.0).unwrap())
                .collect(),
        )
        .unwrap();
        let log = log_of(&bank, &[true; 5]);
        let e = Wle.estimate(&bank, &log);
        assert!(e.theta > 1.0 && e.theta < 5.0, "{e:?}");
        // For a mixed pattern WLE lies between the MLE and the item difficulties' centre.
        let log = log_of(&bank, &[true, true, true, true, false]);
        let w = Wle.estimate(&bank, &log);
        let m = Mle::new(Prior::default()).estimate(&bank, &log);
        assert!(w.theta < m.theta && w.theta > 0.0, "wle {w:?} mle {m:?}");
    }
}
