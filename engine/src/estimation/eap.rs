//! Expected a posteriori estimation (Bock & Mislevy, 1982).

use super::{Estimate, Estimator, Prior, ResponseLog};
use crate::bank::ItemBank;

/// EAP: the posterior mean `∫ θ L(θ) π(θ) dθ / ∫ L(θ) π(θ) dθ`, by the rectangle rule on the log's
/// grid; the standard error is the posterior standard deviation. Defined for every pattern.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Eap {
    prior: Prior,
}

impl Eap {
    /// EAP with the given prior.
    pub fn new(prior: Prior) -> Self {
        Eap { prior }
    }
}

impl Estimator for Eap {
    fn estimate(&self, _bank: &ItemBank, log: &ResponseLog) -> Estimate {
        posterior_moments(log.grid(), log.loglik(), |t| self.prior.log_density(t))
    }
}

/// Mean and standard deviation of the density proportional to `exp(loglik + logprior)` on a grid.
pub(crate) fn posterior_moments(
    grid: &[f64],
    loglik: &[f64],
    logprior: impl Fn(f64) -> f64,
) -> Estimate {
    let mut max = f64::NEG_INFINITY;
    for (&l, &t) in loglik.iter().zip(grid) {
        max = max.max(l + logprior(t));
    }
    let (mut z, mut s1, mut s2) = (0.0, 0.0, 0.0);
    // Centre on the first abscissa's neighbourhood is unnecessary: values stay O(1) here.
    for (&l, &t) in loglik.iter().zip(grid) {
        let w = (l + logprior(t) - max).exp();
        z += w;
        s1 += w * t;
        s2 += w * t * t;
    }
    let mean = s1 / z;
    let var = (s2 / z - mean * mean).max(0.0);
    Estimate {
        theta: mean,
        se: var.sqrt().max(1e-12),
    }
}
