//! Item selection: the [`Selector`] trait, the built-in selectors and content constraints.
//!
//! A selector sees a [`SelectionContext`] (bank, current estimate, which items may no longer be
//! used, the content area to draw from) and an injected random generator, and names the next
//! item. It never returns a blocked item (administered or excluded) nor one outside the area.

mod content;
mod mepv;
mod mfi;
mod progressive;
mod random;
mod randomesque;
mod sympson_hetter;

pub use content::ContentBalance;
pub use mepv::MinExpectedVariance;
pub use mfi::MaxInfo;
pub use progressive::Progressive;
pub use random::RandomSelector;
pub use randomesque::Randomesque;
pub use sympson_hetter::SympsonHetter;

use crate::EngineError;
use crate::bank::ItemBank;
use crate::estimation::Estimate;
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What a selector may look at.
#[derive(Debug, Clone, Copy)]
pub struct SelectionContext<'a> {
    /// The item bank.
    pub bank: &'a ItemBank,
    /// Current ability estimate.
    pub estimate: Estimate,
    /// `blocked[i]` is true for items already administered or excluded.
    pub blocked: &'a [bool],
    /// Draw only from this content area, when set.
    pub area: Option<usize>,
    /// Items administered so far.
    pub position: usize,
    /// The test's planned (maximum) length.
    pub planned_length: usize,
    /// The current posterior on a grid (abscissas, unnormalised weights), when the caller has one.
    pub posterior: Option<(&'a [f64], &'a [f64])>,
}

impl SelectionContext<'_> {
    /// True when item `i` may be selected now.
    #[inline]
    pub fn eligible(&self, i: usize) -> bool {
        !self.blocked[i] && self.area.is_none_or(|a| self.bank.area(i) == a)
    }
}

/// Chooses the next item.
pub trait Selector {
    /// The next item, or `None` when no eligible item remains.
    fn select<R: Rng + ?Sized>(&self, ctx: &SelectionContext<'_>, rng: &mut R) -> Option<usize>;
}

/// The selectors by name, for configuration files and the simulator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "method", rename_all = "kebab-case")]
pub enum SelectorConfig {
    /// Maximum Fisher information at the current estimate.
    #[default]
    Mfi,
    /// One of the `k` most informative items, uniformly.
    Randomesque {
        /// Size of the draw.
        k: usize,
    },
    /// Sympson–Hetter exposure control with calibrated exposure parameters (one per item).
    SympsonHetter {
        /// `P(administer | selected)` per item, from [`crate::simulation::calibrate_sympson_hetter`].
        exposure: Vec<f64>,
    },
    /// Progressive method (Revuelta & Ponsoda, 1998).
    Progressive,
    /// Minimum expected posterior variance among the `candidates` most informative items.
    Mepv {
        /// Number of maximum-information candidates compared.
        candidates: usize,
    },
    /// Uniformly random eligible item.
    Random,
}

impl SelectorConfig {
    /// The selector, validated against the bank's size.
    pub fn build(&self, bank: &ItemBank) -> Result<AnySelector, EngineError> {
        Ok(match self {
            SelectorConfig::Mfi => AnySelector::Mfi(MaxInfo),
            SelectorConfig::Randomesque { k } => AnySelector::Randomesque(Randomesque::new(*k)?),
            SelectorConfig::SympsonHetter { exposure } => AnySelector::SympsonHetter(
                SympsonHetter::new(Arc::from(exposure.as_slice()), bank.len())?,
            ),
            SelectorConfig::Progressive => AnySelector::Progressive(Progressive),
            SelectorConfig::Mepv { candidates } if *candidates == 0 => {
                return Err(EngineError::InvalidConfig(
                    "mepv needs at least one candidate".into(),
                ));
            }
            SelectorConfig::Mepv { candidates } => AnySelector::Mepv(MinExpectedVariance {
                candidates: *candidates,
            }),
            SelectorConfig::Random => AnySelector::Random(RandomSelector),
        })
    }
}

/// One of the built-in selectors.
#[derive(Debug, Clone)]
pub enum AnySelector {
    /// Maximum information.
    Mfi(MaxInfo),
    /// Randomesque.
    Randomesque(Randomesque),
    /// Sympson–Hetter.
    SympsonHetter(SympsonHetter),
    /// Progressive.
    Progressive(Progressive),
    /// Minimum expected posterior variance.
    Mepv(MinExpectedVariance),
    /// Random.
    Random(RandomSelector),
}

impl Selector for AnySelector {
    fn select<R: Rng + ?Sized>(&self, ctx: &SelectionContext<'_>, rng: &mut R) -> Option<usize> {
        match self {
            AnySelector::Mfi(s) => s.select(ctx, rng),
            AnySelector::Randomesque(s) => s.select(ctx, rng),
            AnySelector::SympsonHetter(s) => s.select(ctx, rng),
            AnySelector::Progressive(s) => s.select(ctx, rng),
            AnySelector::Mepv(s) => s.select(ctx, rng),
            AnySelector::Random(s) => s.select(ctx, rng),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::irt::ItemParams;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    fn bank(n: usize) -> ItemBank {
        let params = (0..n)
            .map(|i| {
                ItemParams::three_pl(
                    0.5 + (i % 7) as f64 * 0.2,
                    (i as f64 * 0.37) % 4.0 - 2.0,
                    0.1,
                )
                .unwrap()
            })
            .collect();
        ItemBank::with_areas(params, (0..n).map(|i| (i % 3) as u32).collect()).unwrap()
    }

    fn all_selectors(n: usize) -> Vec<SelectorConfig> {
        vec![
            SelectorConfig::Mfi,
            SelectorConfig::Randomesque { k: 4 },
            SelectorConfig::SympsonHetter {
                exposure: (0..n).map(|i| if i % 2 == 0 { 0.3 } else { 1.0 }).collect(),
            },
            SelectorConfig::Progressive,
            SelectorConfig::Random,
            SelectorConfig::Mepv { candidates: 5 },
        ]
    }

    proptest! {
        #[test]
        fn a_selector_never_returns_a_blocked_item_or_one_outside_the_area(
            blocked in prop::collection::vec(any::<bool>(), 30),
            theta in -3.0f64..3.0,
            area in prop::option::of(0usize..3),
            seed in any::<u64>(),
        ) {
            let bank = bank(30);
            for cfg in all_selectors(30) {
                let sel = cfg.build(&bank).unwrap();
                let ctx = SelectionContext { bank: &bank, estimate: Estimate { theta, se: 0.5 }, blocked: &blocked, area, position: 3, planned_length: 10, posterior: None };
                let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
                let any_eligible = (0..30).any(|i| ctx.eligible(i));
                match sel.select(&ctx, &mut rng) {
                    Some(i) => prop_assert!(ctx.eligible(i), "{cfg:?} returned blocked item {i}"),
                    None => prop_assert!(!any_eligible, "{cfg:?} returned nothing with eligible items left"),
                }
            }
        }
    }

    #[test]
    fn mfi_returns_the_most_informative_eligible_item() {
        let bank = bank(40);
        let mut blocked = vec![false; 40];
        let ctx = |b: &[bool]| -> Option<usize> {
            let c = SelectionContext {
                bank: &bank,
                estimate: Estimate {
                    theta: 0.4,
                    se: 0.5,
                },
                blocked: b,
                area: None,
                position: 0,
                planned_length: 10,
                posterior: None,
            };
            MaxInfo.select(&c, &mut Xoshiro256PlusPlus::seed_from_u64(1))
        };
        let best = ctx(&blocked).unwrap();
        let expected = (0..40)
            .max_by(|&i, &j| bank.info(i, 0.4).total_cmp(&bank.info(j, 0.4)))
            .unwrap();
        assert_eq!(best, expected);
        blocked[best] = true;
        assert_ne!(ctx(&blocked), Some(best));
    }

    #[test]
    fn invalid_selector_configurations_are_rejected() {
        let bank = bank(10);
        assert!(SelectorConfig::Randomesque { k: 0 }.build(&bank).is_err());
        assert!(
            SelectorConfig::SympsonHetter {
                exposure: vec![1.0; 3]
            }
            .build(&bank)
            .is_err()
        );
        assert!(
            SelectorConfig::SympsonHetter {
                exposure: vec![1.5; 10]
            }
            .build(&bank)
            .is_err()
        );
    }
}
