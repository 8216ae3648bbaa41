//! Randomesque selection.

use super::{SelectionContext, Selector};
use crate::EngineError;
use rand::{Rng, RngExt};

/// Randomesque (Kingsbury & Zara, 1989): one of the `k` most informative eligible items, chosen
/// uniformly, which spreads exposure at a small cost in precision.
#[derive(Debug, Clone, Copy)]
pub struct Randomesque {
    k: usize,
}

impl Randomesque {
    /// Draw among the `k ≥ 1` best items.
    pub fn new(k: usize) -> Result<Self, EngineError> {
        if k == 0 {
            return Err(EngineError::InvalidConfig(
                "randomesque needs k >= 1".into(),
            ));
        }
        Ok(Randomesque { k })
    }
}

impl Selector for Randomesque {
    fn select<R: Rng + ?Sized>(&self, ctx: &SelectionContext<'_>, rng: &mut R) -> Option<usize> {
        let mut best = Vec::with_capacity(self.k);
        ctx.bank
            .top_k(ctx.estimate.theta, self.k, |i| ctx.eligible(i), &mut best);
        if best.is_empty() {
            return None;
        }
        Some(best[rng.random_range(0..best.len())].1)
    }
}
