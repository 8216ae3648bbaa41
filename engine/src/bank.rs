//! An item bank laid out for fast selection.
//!
//! Selection by maximum information must find, among thousands of items, the one most informative
//! at the current ability estimate, at every step. [`ItemBank`] keeps the parameters in
//! struct-of-arrays form sorted by each item's *maximum* information. Since `I_i(θ) ≤ max_θ I_i`,
//! a scan in that order can stop as soon as the next item's maximum cannot beat the k-th best value
//! found so far: the result is exactly that of a full scan, usually after a small fraction of it.

use crate::EngineError;
use crate::irt::{ItemParams, info};

/// The calibrated items of a test, with an optional content area per item.
#[derive(Debug, Clone)]
pub struct ItemBank {
    params: Vec<ItemParams>,
    areas: Vec<u32>,
    n_areas: usize,
    // Sorted by maximum information, decreasing; `order[k]` is the item index of row k.
    order: Vec<u32>,
    sa: Vec<f64>,
    sb: Vec<f64>,
    sc: Vec<f64>,
    sd: Vec<f64>,
    smax: Vec<f64>,
}

impl ItemBank {
    /// A bank with every item in content area 0.
    pub fn new(params: Vec<ItemParams>) -> Result<Self, EngineError> {
        let areas = vec![0; params.len()];
        Self::with_areas(params, areas)
    }

    /// A bank whose item `i` belongs to content area `areas[i]` (areas numbered from 0).
    pub fn with_areas(params: Vec<ItemParams>, areas: Vec<u32>) -> Result<Self, EngineError> {
        if params.is_empty() {
            return Err(EngineError::EmptyBank);
        }
        if params.len() != areas.len() {
            return Err(EngineError::InvalidConfig(format!(
                "{} items but {} content areas",
                params.len(),
                areas.len()
            )));
        }
        if params.len() > u32::MAX as usize {
            return Err(EngineError::InvalidConfig("too many items".into()));
        }
        let max: Vec<f64> = params.iter().map(ItemParams::max_info).collect();
        let mut order: Vec<u32> = (0..params.len() as u32).collect();
        order.sort_by(|&i, &j| max[j as usize].total_cmp(&max[i as usize]).then(i.cmp(&j)));
        let col = |f: fn(&ItemParams) -> f64| -> Vec<f64> {
            order.iter().map(|&i| f(&params[i as usize])).collect()
        };
        let (sa, sb, sc, sd) = (
            col(ItemParams::a),
            col(ItemParams::b),
            col(ItemParams::c),
            col(ItemParams::d),
        );
        let smax = order.iter().map(|&i| max[i as usize]).collect();
        let n_areas = areas.iter().map(|&a| a as usize + 1).max().unwrap_or(1);
        Ok(ItemBank {
            params,
            areas,
            n_areas,
            order,
            sa,
            sb,
            sc,
            sd,
            smax,
        })
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.params.len()
    }

    /// Always false: a bank has at least one item.
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// Parameters of item `i`.
    pub fn params(&self, i: usize) -> &ItemParams {
        &self.params[i]
    }

    /// All parameters, in item order.
    pub fn all_params(&self) -> &[ItemParams] {
        &self.params
    }

    /// Content area of item `i`.
    pub fn area(&self, i: usize) -> usize {
        self.areas[i] as usize
    }

    /// Number of content areas (largest area index + 1).
    pub fn n_areas(&self) -> usize {
        self.n_areas
    }

    /// Fisher information of item `i` at `theta`.
    pub fn info(&self, i: usize, theta: f64) -> f64 {
        self.params[i].info(theta)
    }

    /// The `k` eligible items most informative at `theta`, best first, written into `out` as
    /// `(information, item)`. Exact: equal to sorting every eligible item by information.
    pub fn top_k(
        &self,
        theta: f64,
        k: usize,
        eligible: impl Fn(usize) -> bool,
        out: &mut Vec<(f64, usize)>,
    ) {
        out.clear();
        if k == 0 {
            return;
        }
        let mut floor = f64::NEG_INFINITY;
        for row in 0..self.order.len() {
            if out.len() == k && self.smax[row] <= floor {
                break;
            }
            let item = self.order[row] as usize;
            if !eligible(item) {
                continue;
            }
            let v = info(
                theta,
                self.sa[row],
                self.sb[row],
                self.sc[row],
                self.sd[row],
            );
            if out.len() < k || v > floor {
                let pos = out.partition_point(|&(w, j)| w > v || (w == v && j < item));
                out.insert(pos, (v, item));
                out.truncate(k);
                if out.len() == k {
                    floor = out[k - 1].0;
                }
            }
        }
    }

    /// Information at `theta` of every item, in item order (a full scan).
    pub fn info_all(&self, theta: f64, out: &mut Vec<f64>) {
        out.clear();
        out.extend(self.params.iter().map(|p| p.info(theta)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bank_strategy() -> impl Strategy<Value = ItemBank> {
        prop::collection::vec((0.3f64..2.5, -3.0f64..3.0, 0.0f64..0.3), 1..80).prop_map(|v| {
            ItemBank::new(
                v.into_iter()
                    .map(|(a, b, c)| ItemParams::three_pl(a, b, c).unwrap())
                    .collect(),
            )
            .unwrap()
        })
    }

    proptest! {
        #[test]
        fn pruned_top_k_equals_a_full_sort(bank in bank_strategy(), theta in -4.0f64..4.0, k in 1usize..6, seed in any::<u64>()) {
            let eligible = |i: usize| !(i as u64).wrapping_mul(seed | 1).is_multiple_of(3);
            let mut got = Vec::new();
            bank.top_k(theta, k, eligible, &mut got);
            let mut all: Vec<(f64, usize)> = (0..bank.len()).filter(|&i| eligible(i)).map(|i| (bank.info(i, theta), i)).collect();
            all.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            all.truncate(k);
            prop_assert_eq!(got, all);
        }
    }

    #[test]
    fn rejects_an_empty_bank_and_mismatched_areas() {
        assert!(matches!(ItemBank::new(vec![]), Err(EngineError::EmptyBank)));
        let p = ItemParams::two_pl(1.0, 0.0).unwrap();
        assert!(ItemBank::with_areas(vec![p, p], vec![0]).is_err());
        assert_eq!(
            ItemBank::with_areas(vec![p, p], vec![0, 3])
                .unwrap()
                .n_areas(),
            4
        );
    }
}
