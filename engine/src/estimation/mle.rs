//! Maximum likelihood estimation.

use super::{Eap, Estimate, Estimator, Prior, ResponseLog};
use crate::bank::ItemBank;

/// MLE: the maximum of `L(θ)` on the grid's range, refined by golden-section search; the standard
/// error is `1 / √I(θ̂)`.
///
/// **Fallback.** For an all-correct or all-wrong pattern (and before any response) the likelihood is
/// monotone and has no finite maximum. Until the pattern is mixed this estimator returns the EAP
/// estimate under its prior (the usual "EAP until a mixed pattern" practice of operational CATs),
/// which keeps item selection near the examinee instead of at a grid bound. Patterns that are mixed
/// but still push the maximum to the grid's edge (possible with guessing) return that edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Mle {
    fallback: Eap,
}

impl Mle {
    /// MLE with `prior` used by the fallback.
    pub fn new(prior: Prior) -> Self {
        Mle {
            fallback: Eap::new(prior),
        }
    }
}

impl Estimator for Mle {
    fn estimate(&self, bank: &ItemBank, log: &ResponseLog) -> Estimate {
        if !log.is_mixed() {
            return self.fallback.estimate(bank, log);
        }
        let k = log.argmax_with(|_| 0.0);
        let theta = log.refine_max(k, |t| log.loglik_at(bank, t));
        let info = log.info_at(bank, theta);
        Estimate {
            theta,
            se: 1.0 / info.max(1e-12).sqrt(),
        }
    }
}
