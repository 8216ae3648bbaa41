//! [`AdaptiveSession`]: the state machine an application drives for one unidimensional test.
//!
//! Its state is a pure function of (configuration, seed, scored responses): the application
//! stores the responses and can [`AdaptiveSession::rebuild`] the session at any time. Randomness
//! at step `k` comes from a generator seeded by `(seed, k)`, so asking twice for the next item
//! gives the same answer, and so does asking after a rebuild.

use crate::bank::ItemBank;
use crate::estimation::{
    AnyEstimator, Estimate, Estimator, EstimatorConfig, Grid, Prior, ResponseLog,
};
use crate::selection::{AnySelector, ContentBalance, SelectionContext, Selector, SelectorConfig};
use crate::stopping::{StopConfig, StopRule, StopState};
use crate::{EngineError, Scored, step_rng};
use serde::{Deserialize, Serialize};

/// Everything that defines a test's behaviour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionConfig {
    /// Item selection method.
    #[serde(default)]
    pub selection: SelectorConfig,
    /// Ability estimator.
    #[serde(default)]
    pub estimation: EstimatorConfig,
    /// Prior for Bayesian estimation (and MLE's fallback).
    #[serde(default)]
    pub prior: Prior,
    /// Quadrature grid.
    #[serde(default)]
    pub grid: Grid,
    /// When to stop.
    pub stop: StopConfig,
    /// Ability used to choose the first item.
    #[serde(default)]
    pub start_theta: f64,
    /// Optional content balancing over the bank's content areas.
    #[serde(default)]
    pub content: Option<ContentBalance>,
    /// Items never to give (enemies, retired, seen elsewhere).
    #[serde(default)]
    pub excluded: Vec<usize>,
}

impl SessionConfig {
    /// EAP + maximum information with the given stopping rule.
    pub fn new(stop: StopConfig) -> Self {
        SessionConfig {
            selection: SelectorConfig::Mfi,
            estimation: EstimatorConfig::Eap,
            prior: Prior::default(),
            grid: Grid::default(),
            stop,
            start_theta: 0.0,
            content: None,
            excluded: Vec::new(),
        }
    }
}

/// One examinee's adaptive test over an [`ItemBank`].
#[derive(Debug, Clone)]
pub struct AdaptiveSession<'b> {
    bank: &'b ItemBank,
    config: SessionConfig,
    seed: u64,
    selector: AnySelector,
    estimator: AnyEstimator,
    blocked: Vec<bool>,
    per_area_given: Vec<usize>,
    per_area_left: Vec<usize>,
    log: ResponseLog,
    estimate: Estimate,
    // Prior density on the grid and the current unnormalised posterior, kept only for selectors
    // that read the whole posterior.
    prior_weights: Vec<f64>,
    posterior: Option<Vec<f64>>,
}

impl<'b> AdaptiveSession<'b> {
    /// A new session with no response.
    pub fn new(bank: &'b ItemBank, config: SessionConfig, seed: u64) -> Result<Self, EngineError> {
        config.stop.validate()?;
        config.prior.validate()?;
        config.grid.validate()?;
        let selector = config.selection.build(bank)?;
        let estimator = config.estimation.build(config.prior, &config.grid);
        if !config.start_theta.is_finite() {
            return Err(EngineError::InvalidConfig(
                "start theta must be finite".into(),
            ));
        }
        let mut blocked = vec![false; bank.len()];
        for &i in &config.excluded {
            *blocked.get_mut(i).ok_or(EngineError::UnknownItem(i))? = true;
        }
        if let Some(cb) = &config.content
            && cb.targets.len() != bank.n_areas()
        {
            return Err(EngineError::InvalidConfig(format!(
                "{} content targets for {} content areas",
                cb.targets.len(),
                bank.n_areas()
            )));
        }
        let mut per_area_left = vec![0; bank.n_areas()];
        for i in (0..bank.len()).filter(|&i| !blocked[i]) {
            per_area_left[bank.area(i)] += 1;
        }
        let prior_sd = match config.prior {
            Prior::Normal { sd, .. } => sd,
            Prior::Uniform => config.grid.hi - config.grid.lo,
        };
        let log = ResponseLog::new(&config.grid);
        let prior_weights: Vec<f64> = log
            .grid()
            .iter()
            .map(|&t| config.prior.log_density(t).exp())
            .collect();
        let posterior = matches!(selector, AnySelector::Mepv(_)).then(|| prior_weights.clone());
        Ok(AdaptiveSession {
            prior_weights,
            posterior,
            bank,
            estimate: Estimate {
                theta: config.start_theta,
                se: prior_sd,
            },
            per_area_given: vec![0; bank.n_areas()],
            per_area_left,
            config,
            seed,
            selector,
            estimator,
            blocked,
            log,
        })
    }

    /// The session after `responses`, replayed in order.
    pub fn rebuild(
        bank: &'b ItemBank,
        config: SessionConfig,
        seed: u64,
        responses: &[Scored],
    ) -> Result<Self, EngineError> {
        let mut s = Self::new(bank, config, seed)?;
        for &r in responses {
            s.record(r)?;
        }
        Ok(s)
    }

    /// The item to give next, or `None` when the test is over.
    pub fn next_item(&self) -> Option<usize> {
        if self.is_done() {
            return None;
        }
        self.select()
    }

    fn select(&self) -> Option<usize> {
        self.with_context(|ctx, rng| self.selector.select(ctx, rng))
    }

    /// Like [`Self::next_item`], reporting every item whose Sympson–Hetter lottery is drawn (for
    /// the exposure calibration); other selectors report nothing.
    pub(crate) fn next_item_traced(&self, considered: impl FnMut(usize)) -> Option<usize> {
        if self.is_done() {
            return None;
        }
        match &self.selector {
            AnySelector::SympsonHetter(sh) => {
                self.with_context(|ctx, rng| sh.select_traced(ctx, rng, considered))
            }
            _ => self.select(),
        }
    }

    fn with_context<T>(
        &self,
        f: impl FnOnce(&SelectionContext<'_>, &mut rand::rngs::Xoshiro256PlusPlus) -> Option<T>,
    ) -> Option<T> {
        let area = match &self.config.content {
            Some(cb) => Some(cb.next_area(&self.per_area_given, |a| self.per_area_left[a] > 0)?),
            None => None,
        };
        let ctx = SelectionContext {
            bank: self.bank,
            estimate: self.estimate,
            blocked: &self.blocked,
            area,
            position: self.log.len(),
            planned_length: self.config.stop.max_length().unwrap_or(usize::MAX),
            posterior: self
                .posterior
                .as_ref()
                .map(|w| (self.log.grid(), w.as_slice())),
        };
        let mut rng = step_rng(self.seed, self.log.len());
        f(&ctx, &mut rng)
    }

    /// Records a scored response and updates the estimate. The item must exist and must not have
    /// been administered or excluded.
    pub fn record(&mut self, response: Scored) -> Result<(), EngineError> {
        let i = response.item;
        if i >= self.bank.len() {
            return Err(EngineError::UnknownItem(i));
        }
        if self.blocked[i] {
            return Err(EngineError::ItemNotAvailable(i));
        }
        // Sympson–Hetter: the items whose lottery failed at this step are set aside for the rest
        // of the test, so that P(A_i | S_i) = K_i exactly. Replaying the step's draw here keeps the
        // state a function of the responses alone.
        if let AnySelector::SympsonHetter(sh) = &self.selector
            && !self.is_done()
        {
            let mut rejected = Vec::new();
            self.with_context(|ctx, rng| sh.select_traced(ctx, rng, |j| rejected.push(j)));
            for j in rejected.into_iter().filter(|&j| j != i) {
                self.block(j);
            }
        }
        self.block(i);
        self.per_area_given[self.bank.area(i)] += 1;
        self.log.record(self.bank.params(i), response);
        if let Some(post) = &mut self.posterior {
            for ((p, l), w) in post
                .iter_mut()
                .zip(self.log.likelihood())
                .zip(&self.prior_weights)
            {
                *p = l * w;
            }
        }
        self.estimate = self.estimator.estimate(self.bank, &self.log);
        Ok(())
    }

    fn block(&mut self, i: usize) {
        if !self.blocked[i] {
            self.blocked[i] = true;
            self.per_area_left[self.bank.area(i)] -= 1;
        }
    }

    /// True when the stopping rule is met or no eligible item remains.
    pub fn is_done(&self) -> bool {
        let state = StopState {
            administered: self.log.len(),
            se: self.estimate.se,
        };
        self.config.stop.should_stop(&state) || self.per_area_left.iter().all(|&n| n == 0)
    }

    /// The current estimate (the start value and prior SD before any response).
    pub fn estimate(&self) -> Estimate {
        self.estimate
    }

    /// The responses so far.
    pub fn responses(&self) -> &[Scored] {
        self.log.responses()
    }

    /// The configuration.
    pub fn config(&self) -> &SessionConfig {
        &self.config
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::irt::ItemParams;
    use proptest::prelude::*;

    fn bank() -> ItemBank {
        let params = (0..60)
            .map(|i| {
                ItemParams::three_pl(
                    0.6 + (i % 5) as f64 * 0.3,
                    (i as f64 * 0.71) % 5.0 - 2.5,
                    0.15,
                )
                .unwrap()
            })
            .collect();
        ItemBank::with_areas(params, (0..60).map(|i| (i % 4) as u32).collect()).unwrap()
    }

    fn configs() -> Vec<SessionConfig> {
        let mut v = Vec::new();
        for selection in [
            SelectorConfig::Mfi,
            SelectorConfig::Randomesque { k: 5 },
            SelectorConfig::Progressive,
            SelectorConfig::Random,
        ] {
            let mut c = SessionConfig::new(StopConfig::precision(0.35, 3, 15));
            c.selection = selection;
            v.push(c);
        }
        let mut c = SessionConfig::new(StopConfig::Length(12));
        c.content = Some(ContentBalance::new(vec![1.0; 4]).unwrap());
        c.excluded = vec![0, 1, 2];
        v.push(c);
        v
    }

    proptest! {
        #[test]
        fn rebuilding_from_the_responses_gives_the_same_next_item(seed in any::<u64>(), answers in prop::collection::vec(any::<bool>(), 0..15)) {
            let bank = bank();
            for config in configs() {
                let mut live = AdaptiveSession::new(&bank, config.clone(), seed).unwrap();
                for &x in &answers {
                    let Some(item) = live.next_item() else { break };
                    prop_assert_eq!(live.next_item(), Some(item), "next_item must be stable");
                    live.record(Scored { item, correct: x }).unwrap();
                }
                let rebuilt = AdaptiveSession::rebuild(&bank, config, seed, live.responses()).unwrap();
                prop_assert_eq!(rebuilt.next_item(), live.next_item());
                prop_assert_eq!(rebuilt.estimate(), live.estimate());
            }
        }
    }

    #[test]
    fn refuses_repeated_unknown_and_excluded_items() {
        let bank = bank();
        let mut c = SessionConfig::new(StopConfig::Length(5));
        c.excluded = vec![7];
        let mut s = AdaptiveSession::new(&bank, c, 1).unwrap();
        assert!(matches!(
            s.record(Scored {
                item: 7,
                correct: true
            }),
            Err(EngineError::ItemNotAvailable(7))
        ));
        assert!(matches!(
            s.record(Scored {
                item: 600,
                correct: true
            }),
            Err(EngineError::UnknownItem(600))
        ));
        s.record(Scored {
            item: 3,
            correct: true,
        })
        .unwrap();
        assert!(matches!(
            s.record(Scored {
                item: 3,
                correct: true
            }),
            Err(EngineError::ItemNotAvailable(3))
        ));
    }

    #[test]
    fn content_balancing_spreads_items_over_areas() {
        let bank = bank();
        let mut c = SessionConfig::new(StopConfig::Length(12));
        c.content = Some(ContentBalance::new(vec![1.0; 4]).unwrap());
        let mut s = AdaptiveSession::new(&bank, c, 9).unwrap();
        while let Some(i) = s.next_item() {
            s.record(Scored {
                item: i,
                correct: i % 2 == 0,
            })
            .unwrap();
        }
        let mut per_area = [0; 4];
        for r in s.responses() {
            per_area[bank.area(r.item)] += 1;
        }
        assert_eq!(per_area, [3, 3, 3, 3]);
    }

    #[test]
    fn stops_when_the_bank_runs_out() {
        let bank = ItemBank::new(vec![ItemParams::two_pl(1.0, 0.0).unwrap(); 3]).unwrap();
        let mut s =
            AdaptiveSession::new(&bank, SessionConfig::new(StopConfig::Length(10)), 0).unwrap();
        while let Some(i) = s.next_item() {
            s.record(Scored {
                item: i,
                correct: true,
            })
            .unwrap();
        }
        assert_eq!(s.responses().len(), 3);
        assert!(s.is_done());
    }
}
