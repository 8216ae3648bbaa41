//! Maximum a posteriori estimation.

use super::{Estimate, Estimator, Prior, ResponseLog};
use crate::bank::ItemBank;

/// MAP: the mode of `L(θ) π(θ)`, located on the grid and refined by golden-section search; the
/// standard error is `1 / √(I(θ̂) + prior precision)`, with `I` the test's Fisher information.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Map {
    prior: Prior,
}

impl Map {
    /// MAP with the given prior.
    pub fn new(prior: Prior) -> Self {
        Map { prior }
    }
}

impl Estimator for Map {
    fn estimate(&self, bank: &ItemBank, log: &ResponseLog) -> Estimate {
        let lp = |t| self.prior.log_density(t);
        let k = log.argmax_with(lp);
        let theta = log.refine_max(k, |t| log.loglik_at(bank, t) + lp(t));
        let precision = log.info_at(bank, theta) + self.prior.precision();
        let se = if precision > 0.0 {
            1.0 / precision.sqrt()
        } else {
            log.grid()[log.grid().len() - 1] - log.grid()[0]
        };
        Estimate { theta, se }
    }
}
