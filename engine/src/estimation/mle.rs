//! Maximum likelihood estimation.

use super::{Eap, Estimate, Estimator, Prior, ResponseLog};
use crate::bank::ItemBank;
use crate::irt::{ItemParams, logistic};

/// MLE: the maximum of `L(θ)` on the grid's range; the standard error is `1 / √I(θ̂)`.
///
/// **Search.** The log's grid maximum brackets θ̂ between its two neighbouring grid points. Inside
/// that bracket θ̂ is the root of the score `ℓ'(θ)`, found by Newton–Raphson with the analytic first
/// and second derivatives of the 4PL log-likelihood, safeguarded by bisection: the bracket shrinks
/// on the sign of the score at every iterate, and a Newton step that leaves it, or is taken where
/// `ℓ'' ≥ 0`, is replaced by the bracket's midpoint. Started at the vertex of the parabola through
/// the three grid log-likelihoods, it needs three or four passes over the responses where
/// golden-section search on the likelihood needed about 33. Should it meet a non-finite value or
/// not converge within 60 iterations, golden-section search on the same bracket decides, as it
/// always did before.
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

/// An iterate is accepted once the Newton step from it is shorter than this (Newton converges
/// quadratically, so its error is of the order of that step), or once the bracket is narrower.
const TOLERANCE: f64 = 1e-9;

/// Safeguarded Newton iterations before handing over to golden-section search. Pure bisection
/// shrinks a one-grid-step bracket below [`TOLERANCE`] in about 30.
const MAX_ITERATIONS: usize = 60;

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
        let (theta, info) = newton_max(bank, log, k).unwrap_or_else(|| {
            let theta = log.refine_max(k, |t| log.loglik_at(bank, t));
            (theta, log.info_at(bank, theta))
        });
        Estimate {
            theta,
            se: 1.0 / info.max(1e-12).sqrt(),
        }
    }
}

/// The maximum of the log-likelihood between the grid neighbours of grid point `k`, and the test
/// information there; `None` when the safeguarded Newton iteration fails.
fn newton_max(bank: &ItemBank, log: &ResponseLog, k: usize) -> Option<(f64, f64)> {
    let grid = log.grid();
    let last = grid.len() - 1;
    let (mut lo, mut hi) = (grid[k.saturating_sub(1)], grid[(k + 1).min(last)]);
    // At a grid edge start on the edge itself: if the score points outwards, the bracket closes
    // there at once and the edge is the answer.
    let mut theta = if k == 0 || k == last {
        grid[k]
    } else {
        parabola_vertex(grid, log.likelihood(), k)
    };
    for _ in 0..MAX_ITERATIONS {
        let d = Derivatives::at(bank, log, theta);
        if !(d.score.is_finite() && d.curvature.is_finite() && d.info.is_finite()) {
            return None;
        }
        // The maximum lies uphill of θ.
        if d.score > 0.0 {
            lo = theta;
        } else {
            hi = theta;
        }
        if d.curvature < 0.0 {
            let step = -d.score / d.curvature;
            if step.abs() <= TOLERANCE {
                return Some((theta, d.info));
            }
            if theta + step > lo && theta + step < hi {
                theta += step;
                continue;
            }
        }
        // θ is now one end of the bracket, so the bracket's width bounds its error.
        if hi - lo <= TOLERANCE {
            return Some((theta, d.info));
        }
        theta = 0.5 * (lo + hi);
    }
    None
}

/// The abscissa of the vertex of the parabola through the grid log-likelihoods at `k − 1`, `k` and
/// `k + 1` (`k` an interior maximum), kept within that bracket: a start usually within 1e-3 of θ̂.
fn parabola_vertex(grid: &[f64], lik: &[f64], k: usize) -> f64 {
    let (l0, l1, l2) = (lik[k - 1].ln(), lik[k].ln(), lik[k + 1].ln());
    let bend = l0 - 2.0 * l1 + l2;
    let step = grid[k + 1] - grid[k];
    let offset = if bend < 0.0 {
        0.5 * step * (l0 - l2) / bend
    } else {
        0.0
    };
    grid[k] + offset.clamp(-step, step)
}

/// The log-likelihood's first and second derivatives and the test information at one ability.
///
/// With `L = 1 / (1 + exp(−a (θ − b)))`, `P = c + (d − c) L` and `P' = a (d − c) L (1 − L)`, a correct
/// answer contributes `ℓ' = P'/P = a (1 − L) w` with `w = (P − c)/P`, and
/// `ℓ'' = a (1 − 2L) ℓ' − ℓ'²` (since `P'' = a (1 − 2L) P'`); a wrong answer contributes
/// `ℓ' = −P'/(1 − P) = −a L v` with `v = (d − P)/(1 − P)`, and `ℓ'' = a (1 − 2L) ℓ' − ℓ'²` as well.
/// Written with `w` and `v`, which lie in `[0, 1]` (`w` is exactly 1 when `c = 0`, `v` when
/// `d = 1`), the terms stay finite where `L` or `1 − L` underflows.
#[derive(Debug, Clone, Copy)]
struct Derivatives {
    score: f64,
    curvature: f64,
    info: f64,
}

impl Derivatives {
    fn at(bank: &ItemBank, log: &ResponseLog, theta: f64) -> Self {
        let mut sum = Derivatives {
            score: 0.0,
            curvature: 0.0,
            info: 0.0,
        };
        for r in log.responses() {
            let item = bank.params(r.item);
            let (s, h, i) = item_derivatives(item, theta, r.correct);
            sum.score += s;
            sum.curvature += h;
            sum.info += i;
        }
        sum
    }
}

/// `(ℓ', ℓ'', I)` of one response at `theta`; `I` is computed exactly as [`crate::irt::info`].
#[inline]
fn item_derivatives(item: &ItemParams, theta: f64, correct: bool) -> (f64, f64, f64) {
    let (a, c, d) = (item.a(), item.c(), item.d());
    let l = logistic(a * (theta - item.b()));
    let m = 1.0 - l;
    let p = c + (d - c) * l;
    let q = 1.0 - p;
    let score = if correct {
        let w = if c == 0.0 { 1.0 } else { (d - c) * l / p };
        a * m * w
    } else {
        let v = if d == 1.0 { 1.0 } else { (d - c) * m / q };
        -a * l * v
    };
    let curvature = a * (1.0 - 2.0 * l) * score - score * score;
    let dp = a * (d - c) * l * m;
    let denom = p * q;
    let info = if denom <= f64::MIN_POSITIVE {
        0.0
    } else {
        dp * dp / denom
    };
    (score, curvature, info)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;
    use proptest::prelude::*;

    fn item() -> impl Strategy<Value = ItemParams> {
        (0.3f64..2.5, -3.0f64..3.0, 0.0f64..0.35, 0.85f64..=1.0)
            .prop_map(|(a, b, c, d)| ItemParams::new(a, b, c, d).unwrap())
    }

    proptest! {
        #[test]
        fn item_derivatives_match_finite_differences_of_the_log_likelihood(
            p in item(), t in -4.0f64..4.0, correct in any::<bool>()
        ) {
            let h = 1e-4;
            let f = |t| crate::irt::log_lik(t, &p, correct);
            let (s, c, i) = item_derivatives(&p, t, correct);
            let s_num = (f(t + h) - f(t - h)) / (2.0 * h);
            let c_num = (f(t + h) - 2.0 * f(t) + f(t - h)) / (h * h);
            prop_assert!((s - s_num).abs() < 1e-6 * (1.0 + s.abs()), "{s} vs {s_num}");
            prop_assert!((c - c_num).abs() < 1e-4 * (1.0 + c.abs()), "{c} vs {c_num}");
            prop_assert_eq!(i, p.info(t));
        }

        /// The Newton search returns what the golden-section search it replaced returned.
        #[test]
        fn newton_agrees_with_golden_section_search(pattern in prop::collection::vec(any::<bool>(), 6)) {
            let bank = bank();
            let log = log_of(&bank, &pattern);
            prop_assume!(log.is_mixed());
            let k = log.argmax_with(|_| 0.0);
            let golden = log.refine_max(k, |t| log.loglik_at(&bank, t));
            let (newton, info) = newton_max(&bank, &log, k).expect("Newton converges");
            prop_assert!((newton - golden).abs() < 1e-6, "{newton} vs {golden}");
            prop_assert!((info - log.info_at(&bank, newton)).abs() < 1e-12);
        }
    }

    #[test]
    fn item_derivatives_stay_finite_far_from_the_difficulty() {
        for p in [
            ItemParams::two_pl(3.0, 0.0).unwrap(),
            ItemParams::new(3.0, 0.0, 0.2, 0.9).unwrap(),
        ] {
            for t in [-400.0, 400.0] {
                for x in [false, true] {
                    let (s, c, i) = item_derivatives(&p, t, x);
                    assert!(
                        s.is_finite() && c.is_finite() && i.is_finite(),
                        "{p:?} {t} {x}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_mixed_pattern_pushed_to_the_grid_edge_returns_the_edge() {
        // Wrong on the easiest items, right on the hardest, which guess often: the likelihood keeps
        // falling as θ rises from the grid's lower bound.
        let bank = ItemBank::new(vec![
            ItemParams::three_pl(2.0, -4.0, 0.0).unwrap(),
            ItemParams::three_pl(2.0, -3.5, 0.0).unwrap(),
            ItemParams::three_pl(0.5, 4.0, 0.3).unwrap(),
        ])
        .unwrap();
        let log = log_of(&bank, &[false, false, true]);
        let e = Mle::new(Prior::default()).estimate(&bank, &log);
        assert_eq!(e.theta, log.grid()[0]);
    }
}
