//! Minimum expected posterior variance selection.

use super::{SelectionContext, Selector};
use rand::Rng;

/// Minimum expected posterior variance (van der Linden, 1998): among the `candidates` items most
/// informative at `θ̂`, the one whose answer is expected to leave the smallest posterior variance,
/// `P(1) Var(θ | x, 1) + P(0) Var(θ | x, 0)`, computed on the session's quadrature grid. It looks
/// at the whole posterior instead of its mean, which matters early in a test and with guessing.
/// Without a posterior in the context it falls back to maximum information.
#[derive(Debug, Clone, Copy)]
pub struct MinExpectedVariance {
    /// How many maximum-information candidates to compare.
    pub candidates: usize,
}

impl Selector for MinExpectedVariance {
    fn select<R: Rng + ?Sized>(&self, ctx: &SelectionContext<'_>, _rng: &mut R) -> Option<usize> {
        let mut top = Vec::with_capacity(self.candidates);
        ctx.bank.top_k(
            ctx.estimate.theta,
            self.candidates.max(1),
            |i| ctx.eligible(i),
            &mut top,
        );
        let Some((grid, post)) = ctx.posterior else {
            return top.first().map(|&(_, i)| i);
        };
        let mut best = None;
        let mut best_v = f64::INFINITY;
        for &(_, item) in &top {
            let p = ctx.bank.params(item);
            let (mut z1, mut m1, mut s1, mut z0, mut m0, mut s0) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
            for (&w, &t) in post.iter().zip(grid) {
                let pr = p.prob(t);
                let (a, b) = (w * pr, w * (1.0 - pr));
                z1 += a;
                m1 += a * t;
                s1 += a * t * t;
                z0 += b;
                m0 += b * t;
                s0 += b * t * t;
            }
            let var = |z: f64, m: f64, s: f64| {
                if z > 0.0 {
                    s / z - (m / z).powi(2)
                } else {
                    0.0
                }
            };
            // Unnormalised: (z1 + z0) is the same for every candidate.
            let v = z1 * var(z1, m1, s1) + z0 * var(z0, m0, s0);
            if v < best_v {
                best_v = v;
                best = Some(item);
            }
        }
        best
    }
}
