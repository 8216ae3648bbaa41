//! Stopping rules: the [`StopRule`] trait and [`StopConfig`], which composes fixed length, SE
//! threshold, minimum and maximum length with `any`/`all` combinators.

use crate::EngineError;
use serde::{Deserialize, Serialize};

/// What a stopping rule sees after each response.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StopState {
    /// Items administered so far.
    pub administered: usize,
    /// Standard error of the current estimate.
    pub se: f64,
}

/// Decides whether the test is over.
pub trait StopRule {
    /// True when the test should end now.
    fn should_stop(&self, state: &StopState) -> bool;
    /// The longest the test can be, if bounded.
    fn max_length(&self) -> Option<usize>;
}

/// A stopping rule as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StopConfig {
    /// Stop after exactly this many items.
    Length(usize),
    /// Stop once the standard error is below this value.
    Se(f64),
    /// True once at least this many items were given (use inside `all`).
    MinItems(usize),
    /// Stop once this many items were given.
    MaxItems(usize),
    /// Stop when any rule says so.
    Any(Vec<StopConfig>),
    /// Stop when every rule says so.
    All(Vec<StopConfig>),
}

impl StopConfig {
    /// "Stop when SE < `se`, with at least `min` and at most `max` items."
    pub fn precision(se: f64, min: usize, max: usize) -> Self {
        StopConfig::Any(vec![
            StopConfig::All(vec![StopConfig::Se(se), StopConfig::MinItems(min)]),
            StopConfig::MaxItems(max),
        ])
    }

    /// Checks the rule is well-formed and the test cannot run forever.
    pub fn validate(&self) -> Result<(), EngineError> {
        self.check()?;
        if self.max_length().is_none() {
            return Err(EngineError::InvalidConfig(
                "the stopping rule has no maximum length (add a length or max-items rule)".into(),
            ));
        }
        Ok(())
    }

    fn check(&self) -> Result<(), EngineError> {
        match self {
            StopConfig::Length(0) | StopConfig::MaxItems(0) => Err(EngineError::InvalidConfig(
                "a test needs at least one item".into(),
            )),
            StopConfig::Se(s) if !(s.is_finite() && *s > 0.0) => Err(EngineError::InvalidConfig(
                format!("SE threshold must be positive, got {s}"),
            )),
            StopConfig::Any(v) | StopConfig::All(v) if v.is_empty() => Err(
                EngineError::InvalidConfig("empty any/all stopping rule".into()),
            ),
            StopConfig::Any(v) | StopConfig::All(v) => v.iter().try_for_each(StopConfig::check),
            _ => Ok(()),
        }
    }
}

impl StopRule for StopConfig {
    fn should_stop(&self, s: &StopState) -> bool {
        match self {
            StopConfig::Length(n) | StopConfig::MaxItems(n) => s.administered >= *n,
            StopConfig::Se(t) => s.administered > 0 && s.se < *t,
            StopConfig::MinItems(n) => s.administered >= *n,
            StopConfig::Any(v) => v.iter().any(|r| r.should_stop(s)),
            StopConfig::All(v) => v.iter().all(|r| r.should_stop(s)),
        }
    }

    fn max_length(&self) -> Option<usize> {
        match self {
            StopConfig::Length(n) | StopConfig::MaxItems(n) => Some(*n),
            StopConfig::Se(_) | StopConfig::MinItems(_) => None,
            // Any stops at the first bound reached; All only when every bounded rule (and the others) agree.
            StopConfig::Any(v) => v.iter().filter_map(StopConfig::max_length).min(),
            StopConfig::All(v) => {
                let bounds: Vec<usize> = v.iter().filter_map(StopConfig::max_length).collect();
                if bounds.len() == v.len() {
                    bounds.into_iter().max()
                } else {
                    None
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(administered: usize, se: f64) -> StopState {
        StopState { administered, se }
    }

    #[test]
    fn fixed_length_and_se_threshold() {
        assert!(!StopConfig::Length(3).should_stop(&at(2, 0.1)));
        assert!(StopConfig::Length(3).should_stop(&at(3, 0.9)));
        assert!(!StopConfig::Se(0.3).should_stop(&at(4, 0.31)));
        assert!(StopConfig::Se(0.3).should_stop(&at(4, 0.29)));
        assert!(
            !StopConfig::Se(0.3).should_stop(&at(0, 0.1)),
            "never before the first item"
        );
    }

    #[test]
    fn precision_rule_respects_min_and_max() {
        let r = StopConfig::precision(0.3, 5, 20);
        assert!(!r.should_stop(&at(4, 0.1)));
        assert!(r.should_stop(&at(5, 0.1)));
        assert!(!r.should_stop(&at(19, 0.5)));
        assert!(r.should_stop(&at(20, 0.5)));
        assert_eq!(r.max_length(), Some(20));
    }

    #[test]
    fn unbounded_or_malformed_rules_are_rejected() {
        assert!(StopConfig::Se(0.3).validate().is_err());
        assert!(
            StopConfig::All(vec![StopConfig::Se(0.3), StopConfig::MaxItems(10)])
                .validate()
                .is_err()
        );
        assert!(StopConfig::Any(vec![]).validate().is_err());
        assert!(StopConfig::Length(0).validate().is_err());
        assert!(
            StopConfig::Any(vec![StopConfig::Se(-1.0), StopConfig::Length(3)])
                .validate()
                .is_err()
        );
        assert!(
            StopConfig::Any(vec![StopConfig::Se(0.3), StopConfig::MaxItems(10)])
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn serde_round_trip() {
        let r = StopConfig::precision(0.3, 5, 20);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<StopConfig>(&json).unwrap(), r);
    }
}
