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
/// likelihood's grid maximum) and found by bisection; without a sign change (possible with
/// guessing) the estimate is the grid edge. The standard error is `1 / √I(θ̂)`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Wle;

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
        let g: Vec<f64> = grid.iter().map(|&t| score(bank, log, t).0).collect();
        // Sign changes from + to − are the maxima of the weighted likelihood; take the nearest one.
        let root_bracket = (0..grid.len() - 1)
            .filter(|&k| g[k] > 0.0 && g[k + 1] <= 0.0)
            .min_by_key(|&k| k.abs_diff(start));
        let theta = match root_bracket {
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
        };
        let info = score(bank, log, theta).1;
        Estimate {
            theta,
            se: 1.0 / info.max(1e-12).sqrt(),
        }
    }
}
