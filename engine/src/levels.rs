//! Mapping an ability estimate to a proficiency level from cut scores given by the caller.
//! The engine knows no framework: the CRCN cut scores live in the item bank's data.

use crate::EngineError;

/// Increasing cut scores `cuts[k]` = lowest θ of level `k + 1`; below `cuts[0]` is level 0.
#[derive(Debug, Clone, PartialEq)]
pub struct CutScores {
    cuts: Vec<f64>,
}

impl CutScores {
    /// Validates that the cuts are finite, strictly increasing and at most 255.
    pub fn new(cuts: Vec<f64>) -> Result<Self, EngineError> {
        if cuts.is_empty() || cuts.len() > 255 {
            return Err(EngineError::InvalidConfig(
                "cut scores: need 1 to 255 values".into(),
            ));
        }
        if cuts.iter().any(|c| !c.is_finite()) || cuts.windows(2).any(|w| w[0] >= w[1]) {
            return Err(EngineError::InvalidConfig(
                "cut scores must be finite and strictly increasing".into(),
            ));
        }
        Ok(CutScores { cuts })
    }

    /// The level of `theta`: the number of cuts at or below it.
    pub fn level(&self, theta: f64) -> u8 {
        self.cuts.partition_point(|&c| c <= theta) as u8
    }

    /// The highest level.
    pub fn max_level(&self) -> u8 {
        self.cuts.len() as u8
    }

    /// The cut scores.
    pub fn cuts(&self) -> &[f64] {
        &self.cuts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_cuts() {
        let c = CutScores::new(vec![-2.0, -1.3, -0.6, 0.1, 0.8, 1.5, 2.2, 2.9]).unwrap();
        assert_eq!(c.level(-3.0), 0);
        assert_eq!(c.level(-2.0), 1);
        assert_eq!(c.level(0.0), 3);
        assert_eq!(c.level(0.1), 4);
        assert_eq!(c.level(5.0), 8);
        assert_eq!(c.max_level(), 8);
    }

    #[test]
    fn rejects_unordered_cuts() {
        assert!(CutScores::new(vec![0.0, 0.0]).is_err());
        assert!(CutScores::new(vec![1.0, 0.0]).is_err());
        assert!(CutScores::new(vec![]).is_err());
        assert!(CutScores::new(vec![f64::NAN]).is_err());
    }
}
