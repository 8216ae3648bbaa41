//! Expected a posteriori estimation (Bock & Mislevy, 1982).

use super::{Estimate, Estimator, Grid, Prior, ResponseLog};
use crate::bank::ItemBank;

/// EAP: the posterior mean `∫ θ L(θ) π(θ) dθ / ∫ L(θ) π(θ) dθ`, by the rectangle rule on the log's
/// grid; the standard error is the posterior standard deviation. Defined for every pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Eap {
    prior: Prior,
    // Prior density on the grid it was built for (empty: computed on the fly).
    weights: Vec<f64>,
}

impl Eap {
    /// EAP with the given prior.
    pub fn new(prior: Prior) -> Self {
        Eap {
            prior,
            weights: Vec::new(),
        }
    }

    /// EAP with the prior's density precomputed for logs on `grid` (the fast path).
    pub fn for_grid(prior: Prior, grid: &Grid) -> Self {
        let weights = grid
            .abscissas()
            .iter()
            .map(|&t| prior.log_density(t).exp())
            .collect();
        Eap { prior, weights }
    }
}

impl Estimator for Eap {
    fn estimate(&self, _bank: &ItemBank, log: &ResponseLog) -> Estimate {
        let (grid, lik) = (log.grid(), log.likelihood());
        if self.weights.len() == grid.len() {
            weighted_moments(grid, lik.iter().zip(&self.weights).map(|(l, w)| l * w))
        } else {
            weighted_moments(
                grid,
                lik.iter()
                    .zip(grid)
                    .map(|(l, &t)| l * self.prior.log_density(t).exp()),
            )
        }
    }
}

/// Mean and standard deviation of the grid distribution with (unnormalised) `weights`.
fn weighted_moments(grid: &[f64], weights: impl Iterator<Item = f64>) -> Estimate {
    let (mut z, mut s1, mut s2) = (0.0, 0.0, 0.0);
    for (w, &t) in weights.zip(grid) {
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
