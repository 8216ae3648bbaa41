//! Sympson–Hetter exposure control.

use super::{SelectionContext, Selector};
use crate::EngineError;
use rand::{Rng, RngExt};
use std::sync::Arc;

/// Sympson–Hetter (1985): items are taken in decreasing order of information; the item ranked
/// first is administered with probability `K_i`, otherwise the next one is tried, and so on. The
/// exposure parameters `K_i` are calibrated by simulation
/// ([`crate::simulation::calibrate_sympson_hetter`]) so that no item's exposure rate
/// `P(A_i) = K_i P(S_i)` exceeds the target. A rejected item is set aside for the rest of the
/// examinee's test (the session does that). If every eligible item is rejected, the most
/// informative one is given.
#[derive(Debug, Clone)]
pub struct SympsonHetter {
    exposure: Arc<[f64]>,
}

impl SympsonHetter {
    /// Exposure parameters, one in `[0, 1]` per item of a bank of `bank_len` items.
    pub fn new(exposure: Arc<[f64]>, bank_len: usize) -> Result<Self, EngineError> {
        if exposure.len() != bank_len {
            return Err(EngineError::InvalidConfig(format!(
                "{} exposure parameters for {bank_len} items",
                exposure.len()
            )));
        }
        if let Some(k) = exposure.iter().find(|k| !(0.0..=1.0).contains(*k)) {
            return Err(EngineError::InvalidConfig(format!(
                "exposure parameter {k} outside [0, 1]"
            )));
        }
        Ok(SympsonHetter { exposure })
    }

    /// Like [`Selector::select`], calling `considered(i)` for every item whose lottery is drawn
    /// (the "selected" events counted by the calibration).
    pub fn select_traced<R: Rng + ?Sized>(
        &self,
        ctx: &SelectionContext<'_>,
        rng: &mut R,
        mut considered: impl FnMut(usize),
    ) -> Option<usize> {
        let mut ranked = Vec::new();
        let mut k = 16;
        let mut first = None;
        let mut tried = 0;
        loop {
            ctx.bank
                .top_k(ctx.estimate.theta, k, |i| ctx.eligible(i), &mut ranked);
            first = first.or(ranked.first().map(|&(_, i)| i));
            for &(_, item) in &ranked[tried.min(ranked.len())..] {
                considered(item);
                if rng.random::<f64>() < self.exposure[item] {
                    return Some(item);
                }
            }
            if ranked.len() < k {
                return first;
            }
            tried = ranked.len();
            k *= 4;
        }
    }
}

impl Selector for SympsonHetter {
    fn select<R: Rng + ?Sized>(&self, ctx: &SelectionContext<'_>, rng: &mut R) -> Option<usize> {
        self.select_traced(ctx, rng, |_| {})
    }
}
