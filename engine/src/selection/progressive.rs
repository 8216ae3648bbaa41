//! Progressive selection.

use super::{SelectionContext, Selector};
use rand::{Rng, RngExt};

/// Progressive method (Revuelta & Ponsoda, 1998): each eligible item scores
/// `(1 − w) R_i + w I_i(θ̂)` with `R_i ~ U(0, max_j I_j(θ̂))` and `w = position / planned length`,
/// so the first items are nearly random (protecting the bank) and the last nearly
/// maximum-information (protecting precision). A full scan of the eligible items.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progressive;

impl Selector for Progressive {
    fn select<R: Rng + ?Sized>(&self, ctx: &SelectionContext<'_>, rng: &mut R) -> Option<usize> {
        let theta = ctx.estimate.theta;
        let n = ctx.bank.len();
        let max = (0..n)
            .filter(|&i| ctx.eligible(i))
            .map(|i| ctx.bank.info(i, theta))
            .fold(f64::NEG_INFINITY, f64::max);
        if max == f64::NEG_INFINITY {
            return None;
        }
        let w = if ctx.planned_length == 0 {
            1.0
        } else {
            (ctx.position as f64 / ctx.planned_length as f64).min(1.0)
        };
        let mut best = None;
        let mut best_score = f64::NEG_INFINITY;
        for i in (0..n).filter(|&i| ctx.eligible(i)) {
            let score = (1.0 - w) * rng.random::<f64>() * max + w * ctx.bank.info(i, theta);
            if score > best_score {
                best_score = score;
                best = Some(i);
            }
        }
        best
    }
}
