//! Random selection.

use super::{SelectionContext, Selector};
use rand::{Rng, RngExt};

/// A uniformly random eligible item: the baseline every adaptive method must beat.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomSelector;

impl Selector for RandomSelector {
    fn select<R: Rng + ?Sized>(&self, ctx: &SelectionContext<'_>, rng: &mut R) -> Option<usize> {
        let n = ctx.bank.len();
        // Rejection sampling is fast while most items are eligible; fall back to an exact draw.
        for _ in 0..32 {
            let i = rng.random_range(0..n);
            if ctx.eligible(i) {
                return Some(i);
            }
        }
        let count = (0..n).filter(|&i| ctx.eligible(i)).count();
        if count == 0 {
            return None;
        }
        let pick = rng.random_range(0..count);
        (0..n).filter(|&i| ctx.eligible(i)).nth(pick)
    }
}
