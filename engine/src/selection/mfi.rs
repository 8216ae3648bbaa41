//! Maximum Fisher information selection.

use super::{SelectionContext, Selector};
use rand::Rng;

/// Maximum Fisher information (Lord, 1980): the eligible item with the largest `I_i(θ̂)`.
/// Uses the bank's pruned scan, so it is exact and usually visits a small part of the bank.
#[derive(Debug, Clone, Copy, Default)]
pub struct MaxInfo;

impl Selector for MaxInfo {
    fn select<R: Rng + ?Sized>(&self, ctx: &SelectionContext<'_>, _rng: &mut R) -> Option<usize> {
        let mut best = Vec::with_capacity(1);
        ctx.bank
            .top_k(ctx.estimate.theta, 1, |i| ctx.eligible(i), &mut best);
        best.first().map(|&(_, i)| i)
    }
}
