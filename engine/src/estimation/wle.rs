//! Warm's weighted likelihood estimation.

use super::{Estimate, Estimator, ResponseLog};
use crate::bank::ItemBank;

/// WLE (Warm, 1989): the root of the bias-corrected score equation
///
/// ```text
/// Σ (x_i − P_i) P'_i / (P_i Q_i)  +  J(θ) / (2 I(θ)) = 0,   J(θ) = Σ P'_i P''_i / (P_i Q_i)
/// ```
///
/// which removes the O(1/n) bias of the MLE and stays finite for all-correct or all-wrong patterns
/// of 1PL/2PL items. The root is bracketed on the grid (nearest sign change from + to − to the
/// likelihood's grid maximum, the lower one of two as near) and found by the Illinois variant of
/// regula falsi, which keeps the bracket and converges superlinearly; without a sign change
/// (possible with guessing) the estimate is the grid edge. The grid is searched outwards from the
/// likelihood's maximum, so a step usually evaluates the score at a few grid points rather than all
/// of them. The standard error is `1 / √I(θ̂)`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Wle;

/// Width of the bracket at which the root is accepted.
const TOLERANCE: f64 = 1e-10;

/// Regula falsi steps before the bracket's midpoint is taken as it stands.
const MAX_ITERATIONS: usize = 100;

fn score(bank: &ItemBank, log: &ResponseLog, theta: f64) -> (f64, f64) {
    let (mut s, mut i, mut j) = (0.0, 0.0, 0.0);
    for r in log.responses() {
        let p = bank.params(r.item);
        let l = crate::irt::logistic(p.a() * (theta - p.b()));
        let pr = (p.c() + (p.d() - p.c()) * l).clamp(1e-12, 1.0 - 1e-12);
        let pq = pr * (1.0 - pr);
        let d1 = p.a() * (p.d() - p.c()) * l * (1.0 - l);
        let d2 = p.a() * d1 * (1.0 - 2.0 * l);
        let x = if r.correct { 1.0 } else { 0.0 };
        s += (x - pr) * d1 / pq;
        i += d1 * d1 / pq;
        j += d1 * d2 / pq;
    }
    (s + if i > 0.0 { j / (2.0 * i) } else { 0.0 }, i)
}

impl Estimator for Wle {
    fn estimate(&self, bank: &ItemBank, log: &ResponseLog) -> Estimate {
        let grid = log.grid();
        if log.is_empty() {
            return Estimate {
                theta: 0.0,
                se: grid[grid.len() - 1] - grid[0],
            };
        }
        let start = log.argmax_with(|_| 0.0);
        let mut g = GridScore::new(bank, log);
        let theta = match g.nearest_root_bracket(start) {
            Some(k) => illinois(
                |t| score(bank, log, t).0,
                (grid[k], g.at(k)),
                (grid[k + 1], g.at(k + 1)),
            ),
            None if g.at(0) <= 0.0 => grid[0],
            None => grid[grid.len() - 1],
        };
        let info = score(bank, log, theta).1;
        Estimate {
            theta,
            se: 1.0 / info.max(1e-12).sqrt(),
        }
    }
}

/// The weighted score at the grid points, each computed when first needed.
struct GridScore<'a> {
    bank: &'a ItemBank,
    log: &'a ResponseLog,
    values: Vec<Option<f64>>,
}

impl<'a> GridScore<'a> {
    fn new(bank: &'a ItemBank, log: &'a ResponseLog) -> Self {
        GridScore {
            bank,
            log,
            values: vec![None; log.grid().len()],
        }
    }

    fn at(&mut self, k: usize) -> f64 {
        let (bank, log) = (self.bank, self.log);
        *self.values[k].get_or_insert_with(|| score(bank, log, log.grid()[k]).0)
    }

    /// The grid interval `[k, k + 1]` nearest to `start` (the lower one of two as near) where the
    /// score changes sign from + to −: the maxima of the weighted likelihood.
    fn nearest_root_bracket(&mut self, start: usize) -> Option<usize> {
        let last_interval = self.values.len() - 2;
        for distance in 0..self.values.len() {
            if distance > start && start + distance > last_interval {
                break;
            }
            let below = start.checked_sub(distance);
            let above = (distance > 0).then_some(start + distance);
            for k in [below, above]
                .into_iter()
                .flatten()
                .filter(|&k| k <= last_interval)
            {
                if self.at(k) > 0.0 && self.at(k + 1) <= 0.0 {
                    return Some(k);
                }
            }
        }
        None
    }
}

/// The root of `f` in `[lo.0, hi.0]`, given `f(lo.0) = lo.1 > 0 ≥ f(hi.0) = hi.1`, by the Illinois
/// algorithm (Dowell & Jarratt, 1971): regula falsi that halves the value kept at an end which
/// stays twice in a row, so that both ends close in.
fn illinois(f: impl Fn(f64) -> f64, lo: (f64, f64), hi: (f64, f64)) -> f64 {
    let ((mut a, mut fa), (mut b, mut fb)) = (lo, hi);
    let mut kept = 0i8; // −1: `a` kept last time, +1: `b` kept last time
    for _ in 0..MAX_ITERATIONS {
        if b - a <= TOLERANCE {
            break;
        }
        let mut x = (a * fb - b * fa) / (fb - fa);
        if !(x > a && x < b) {
            x = 0.5 * (a + b);
        }
        let fx = f(x);
        if fx > 0.0 {
            (a, fa) = (x, fx);
            if kept == 1 {
                fb *= 0.5;
            }
            kept = 1;
        } else {
            (b, fb) = (x, fx);
            if kept == -1 {
                fa *= 0.5;
            }
            kept = -1;
        }
        if fx == 0.0 {
            return x;
        }
    }
    0.5 * (a + b)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{bank, log_of};
    use super::*;
    use crate::irt::ItemParams;
    use proptest::prelude::*;

    /// The search this estimator used before: the score at every grid point, the sign change
    /// nearest to the likelihood's maximum, 60 bisections.
    fn full_scan_and_bisection(bank: &ItemBank, log: &ResponseLog) -> f64 {
        let grid = log.grid();
        let start = log.argmax_with(|_| 0.0);
        let g: Vec<f64> = grid.iter().map(|&t| score(bank, log, t).0).collect();
        let root_bracket = (0..grid.len() - 1)
            .filter(|&k| g[k] > 0.0 && g[k + 1] <= 0.0)
            .min_by_key(|&k| k.abs_diff(start));
        match root_bracket {
            Some(k) => {
                let (mut lo, mut hi) = (grid[k], grid[k + 1]);
                for _ in 0..60 {
                    let mid = 0.5 * (lo + hi);
                    if score(bank, log, mid).0 > 0.0 {
                        lo = mid
                    } else {
                        hi = mid
                    }
                }
                0.5 * (lo + hi)
            }
            None if g[0] <= 0.0 => grid[0],
            None => grid[grid.len() - 1],
        }
    }

    fn random_bank() -> impl Strategy<Value = ItemBank> {
        let item = (0.4f64..2.5, -3.0f64..3.0, 0.0f64..0.35, 0.85f64..=1.0)
            .prop_map(|(a, b, c, d)| ItemParams::new(a, b, c, d).unwrap());
        prop::collection::vec(item, 1..40).prop_map(|items| ItemBank::new(items).unwrap())
    }

    proptest! {
        #[test]
        fn the_outward_search_and_illinois_find_the_root_the_full_scan_found(
            pattern in prop::collection::vec(any::<bool>(), 1..=6)
        ) {
            let bank = bank();
            let log = log_of(&bank, &pattern);
            let (new, old) = (Wle.estimate(&bank, &log).theta, full_scan_and_bisection(&bank, &log));
            prop_assert!((new - old).abs() < 1e-8, "{new} vs {old}");
        }

        #[test]
        fn the_same_holds_on_random_banks_and_patterns(
            bank in random_bank(), bits in any::<u64>()
        ) {
            let pattern: Vec<bool> = (0..bank.len()).map(|i| bits >> i & 1 == 1).collect();
            let log = log_of(&bank, &pattern);
            let (new, old) = (Wle.estimate(&bank, &log).theta, full_scan_and_bisection(&bank, &log));
            prop_assert!((new - old).abs() < 1e-8, "{new} vs {old}");
        }
    }

    #[test]
    fn illinois_finds_the_root_of_a_function_that_regula_falsi_approaches_from_one_side() {
        let f = |t: f64| 1.0 - t.powi(10) * 1e3;
        let root = 1e-3f64.powf(0.1);
        let x = illinois(f, (0.0, f(0.0)), (1.0, f(1.0)));
        assert!((x - root).abs() < 1e-9, "{x} vs {root}");
    }
}
