//! Orlando & Thissen's (2000, 2003) summed-score item fit statistic S-X², for complete data.
//!
//! Persons who answered all `n` items are grouped by their number of right answers `k`. For item
//! `i`, the observed proportion right `O_ik` in group `k` is compared with the model's
//!
//! ```text
//! E_ik = ∫ P_i(θ) f₋ᵢ(k − 1 | θ) φ(θ) dθ / ∫ f(k | θ) φ(θ) dθ
//! ```
//!
//! where `f(k | θ)` is the probability of `k` right answers to the `n` items and `f₋ᵢ` the same
//! without item `i`, both by Lord & Wingersky's (1984) recursion, and the integrals run over the
//! `N(0, 1)` quadrature. Unlike Yen's Q1 or Bock's χ², nothing depends on ability estimates, so
//! the statistic follows its reference distribution closely. Groups `k = 1 … n − 1` enter (in
//! groups 0 and `n` the item is right for nobody or everybody by construction); adjacent groups,
//! from the lowest score up, are pooled until the expected numbers of right and of wrong answers
//! both reach the minimum, a last incomplete pool joining the one before. Then
//!
//! ```text
//! S-X²_i = Σ_g N_g (O_ig − E_ig)² / (E_ig (1 − E_ig))  ~  χ² with G − m degrees of freedom
//! ```
//!
//! for `G` pooled groups and `m` parameters estimated per item. The summed score needs a common set
//! of items, so the statistic is computed only for (nearly) complete data: see
//! [`super::FitConfig::s_x2_min_persons`]. For sparse adaptive data the mean squares are the
//! primary fit statistics.

use super::em::{Persons, Quadrature};
use crate::irt::ItemParams;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF};

/// S-X² of one item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SX2 {
    /// The statistic.
    pub statistic: f64,
    /// Degrees of freedom: pooled score groups minus the parameters estimated per item.
    pub df: usize,
    /// Upper tail probability of the statistic under χ²(df).
    pub p_value: f64,
    /// Score groups after pooling.
    pub groups: usize,
}

/// Lord & Wingersky's recursion: `out[k]` becomes the probability of exactly `k` right answers to
/// independent items answered right with probabilities `p`.
pub(super) fn summed_score_distribution(p: impl IntoIterator<Item = f64>, out: &mut Vec<f64>) {
    out.clear();
    out.push(1.0);
    for pj in p {
        out.push(0.0);
        for k in (1..out.len()).rev() {
            out[k] = out[k] * (1.0 - pj) + out[k - 1] * pj;
        }
        out[0] *= 1.0 - pj;
    }
}

/// The model's proportion right `E_ik` on item `i` among persons with `k` right answers, item-major
/// (`n + 1` scores an item); NaN where a score has probability 0 under the model.
pub(super) fn expected_proportions(params: &[ItemParams], quad: &Quadrature) -> Vec<f64> {
    let (n, nodes) = (params.len(), quad.len());
    let prob: Vec<f64> = params
        .iter()
        .flat_map(|p| quad.theta.iter().map(|&t| p.prob(t)))
        .collect();
    let p = |j: usize, q: usize| prob[j * nodes + q];
    let mut den = vec![0.0; n + 1];
    let mut num = vec![0.0; n * (n + 1)];
    let (mut all, mut without) = (Vec::new(), Vec::new());
    for q in 0..nodes {
        let weight = quad.ln_weight[q].exp();
        summed_score_distribution((0..n).map(|j| p(j, q)), &mut all);
        for (d, f) in den.iter_mut().zip(&all) {
            *d += weight * f;
        }
        for i in 0..n {
            summed_score_distribution((0..n).filter(|&j| j != i).map(|j| p(j, q)), &mut without);
            let w = weight * p(i, q);
            let row = &mut num[i * (n + 1) + 1..(i + 1) * (n + 1)];
            for (e, f) in row.iter_mut().zip(&without) {
                *e += w * f;
            }
        }
    }
    num.chunks_mut(n + 1).for_each(|row| {
        for (e, d) in row.iter_mut().zip(&den) {
            *e = if *d > 0.0 { *e / d } else { f64::NAN };
        }
    });
    num
}

/// One score group of an item: persons, right answers observed, right answers expected.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct ScoreGroup {
    pub persons: f64,
    pub correct: f64,
    pub expected: f64,
}

/// Pools adjacent groups from the lowest up until the expected numbers of right and of wrong
/// answers both reach `min_expected`; a last pool short of it joins the one before.
pub(super) fn pool(cells: &[ScoreGroup], min_expected: f64) -> Vec<ScoreGroup> {
    let mut pooled: Vec<ScoreGroup> = Vec::new();
    let mut acc = ScoreGroup::default();
    for c in cells {
        acc.persons += c.persons;
        acc.correct += c.correct;
        acc.expected += c.expected;
        if acc.persons > 0.0
            && acc.expected >= min_expected
            && acc.persons - acc.expected >= min_expected
        {
            pooled.push(acc);
            acc = ScoreGroup::default();
        }
    }
    if acc.persons > 0.0 {
        match pooled.last_mut() {
            Some(last) => {
                last.persons += acc.persons;
                last.correct += acc.correct;
                last.expected += acc.expected;
            }
            None => pooled.push(acc),
        }
    }
    pooled
}

/// S-X² from pooled groups with `estimated` parameters per item; `None` without a degree of
/// freedom left.
pub(super) fn statistic(groups: &[ScoreGroup], estimated: usize) -> Option<SX2> {
    let df = groups.len().checked_sub(estimated).filter(|&d| d > 0)?;
    let statistic: f64 = groups
        .iter()
        .map(|g| {
            let e = g.expected / g.persons;
            (g.correct - g.expected).powi(2) / (g.expected * (1.0 - e))
        })
        .sum();
    let p_value = ChiSquared::new(df as f64).ok()?.sf(statistic);
    Some(SX2 {
        statistic,
        df,
        p_value,
        groups: groups.len(),
    })
}

/// S-X² of every item of `params` from the persons who answered them all.
pub(super) fn summed_score_fit(
    persons: &Persons,
    params: &[ItemParams],
    quad: &Quadrature,
    min_expected: f64,
    estimated: usize,
) -> Vec<Option<SX2>> {
    let n = params.len();
    if n < 2 {
        return vec![None; n];
    }
    // Persons by score, and right answers to each item by score.
    let mut at_score = vec![0.0; n + 1];
    let mut right = vec![0.0; n * (n + 1)];
    for i in (0..persons.len()).filter(|&i| persons.count(i) == n) {
        let k = persons.answers(i).filter(|&(_, x)| x).count();
        at_score[k] += 1.0;
        for (j, _) in persons.answers(i).filter(|&(_, x)| x) {
            right[j * (n + 1) + k] += 1.0;
        }
    }
    let expected = expected_proportions(params, quad);
    (0..n)
        .map(|j| {
            let cells: Vec<ScoreGroup> = (1..n)
                .filter(|&k| at_score[k] > 0.0 && expected[j * (n + 1) + k].is_finite())
                .map(|k| ScoreGroup {
                    persons: at_score[k],
                    correct: right[j * (n + 1) + k],
                    expected: at_score[k] * expected[j * (n + 1) + k],
                })
                .collect();
            statistic(&pool(&cells, min_expected), estimated)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lord_wingersky_gives_the_summed_score_distribution() {
        let mut f = Vec::new();
        summed_score_distribution([0.2, 0.7, 0.5], &mut f);
        // P(0) = .8 × .3 × .5; P(1) = .2×.3×.5 + .8×.7×.5 + .8×.3×.5; P(3) = .2 × .7 × .5.
        let expected = [0.12, 0.03 + 0.28 + 0.12, 0.07 + 0.28 + 0.03, 0.07];
        for (a, b) in f.iter().zip(expected) {
            assert!((a - b).abs() < 1e-15, "{f:?}");
        }
        summed_score_distribution([], &mut f);
        assert_eq!(f, [1.0]);
    }

    #[test]
    fn expected_proportions_add_up_to_the_score() {
        // Given k right answers, the expected number of right answers is k: Σ_i E_ik = k exactly,
        // since Σ_i P_i f₋ᵢ(k − 1) = k f(k) at every θ.
        let params: Vec<ItemParams> = [
            (1.2, -1.0, 0.0),
            (0.7, 0.2, 0.2),
            (2.0, 0.5, 0.1),
            (1.0, 1.5, 0.0),
            (1.5, -0.3, 0.25),
        ]
        .iter()
        .map(|&(a, b, c)| ItemParams::three_pl(a, b, c).unwrap())
        .collect();
        let quad = Quadrature::new(41, 5.0);
        let e = expected_proportions(&params, &quad);
        let n = params.len();
        for k in 0..=n {
            let total: f64 = (0..n).map(|i| e[i * (n + 1) + k]).sum();
            assert!((total - k as f64).abs() < 1e-12, "score {k}: {total}");
        }
        // Each E_ik grows with k (a monotone item is more often right among higher scores).
        for i in 0..n {
            let row = &e[i * (n + 1)..(i + 1) * (n + 1)];
            assert!(row.windows(2).all(|w| w[1] > w[0]), "{row:?}");
        }
    }

    #[test]
    fn pooling_and_the_statistic_match_a_hand_computed_case() {
        let g = |persons: f64, correct: f64, expected: f64| ScoreGroup {
            persons,
            correct,
            expected,
        };
        // Expected right / wrong: (0.4, 3.6) → pool; + (1.5, 4.5) → (1.9, 8.1) closes;
        // (5, 5) closes; (7.5, 2.5) closes; (5.6, 0.4) is short of wrong answers and joins it.
        let cells = [
            g(4.0, 1.0, 0.4),
            g(6.0, 1.0, 1.5),
            g(10.0, 7.0, 5.0),
            g(10.0, 7.0, 7.5),
            g(6.0, 6.0, 5.6),
        ];
        let pooled = pool(&cells, 1.0);
        assert_eq!(
            pooled,
            [g(10.0, 2.0, 1.9), g(10.0, 7.0, 5.0), g(16.0, 13.0, 13.1)]
        );
        // Σ (O − NE)² / (NE (1 − E)): 0.01/(1.9 × 0.81) + 4/(5 × 0.5) + 0.01/(13.1 × 0.18125).
        let s = statistic(&pooled, 2).unwrap();
        let hand = 0.01 / 1.539 + 4.0 / 2.5 + 0.01 / 2.374_375;
        assert!((s.statistic - hand).abs() < 1e-12, "{s:?} vs {hand}");
        assert_eq!((s.df, s.groups), (1, 3));
        // χ²(1) upper tail at 1.610709: 2 (1 − Φ(√x)) = 0.204392.
        assert!((s.p_value - 0.204_392).abs() < 1e-6, "{s:?}");
        assert!(statistic(&pooled, 3).is_none());
        // Nothing reaches the minimum: everything in one pool.
        assert_eq!(pool(&cells[..2], 5.0), [g(10.0, 2.0, 1.9)]);
    }
}
