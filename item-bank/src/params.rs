//! IRT parameters of an item, and the rule that gives provisional parameters to items that have
//! not been calibrated yet.
//!
//! # Provisional rule
//! An item without an explicit `irt` table gets, from its level and kind:
//! - `b` = the centre of its level's θ band in `framework.toml`:
//!   `theta_cut[level] + (theta_cut[level + 1] - theta_cut[level]) / 2`, and for level 8
//!   `theta_cut[8] + 0.35` (with the 2026.1 cuts: −1.65, −0.95, −0.25, 0.45, 1.15, 1.85, 2.55,
//!   3.25 for levels 1 … 8);
//! - `a` = 1.2 (a moderate discrimination, typical of well-written items);
//! - `c` = 1 / number of options for `qcu` (the chance of a blind guess), 0 for every other kind;
//! - `d` = 1;
//! - `calibrated = false`.
//!
//! An explicit `irt = { a = …, b = …, c = …, d = …, calibrated = … }` in the item file overrides
//! the rule; any field it leaves out keeps the provisional value. The loader checks a > 0,
//! b finite and 0 ≤ c < d ≤ 1.

use serde::{Deserialize, Serialize};

/// Discrimination given to uncalibrated items.
pub const PROVISIONAL_A: f64 = 1.2;

/// Four-parameter logistic item parameters (no 1.7 scaling constant), plus whether they come
/// from a calibration or from the provisional rule.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct IrtParams {
    /// Discrimination (> 0).
    pub a: f64,
    /// Difficulty on the θ scale.
    pub b: f64,
    /// Lower asymptote (guessing), 0 ≤ c < d.
    pub c: f64,
    /// Upper asymptote (slipping), c < d ≤ 1.
    pub d: f64,
    /// `true` when estimated from data, `false` when provisional.
    pub calibrated: bool,
}

impl IrtParams {
    /// Provisional parameters for an item whose level band is centred on `level_centre`, with
    /// `qcu_options` = `Some(number of options)` for a single-choice item.
    pub fn provisional(level_centre: f64, qcu_options: Option<usize>) -> IrtParams {
        let c = match qcu_options {
            Some(n) if n > 0 => 1.0 / n as f64,
            _ => 0.0,
        };
        IrtParams {
            a: PROVISIONAL_A,
            b: level_centre,
            c,
            d: 1.0,
            calibrated: false,
        }
    }

    /// What is wrong with these parameters, if anything.
    pub fn problem(&self) -> Option<String> {
        if !(self.a.is_finite() && self.a > 0.0) {
            return Some(format!("irt: `a` must be > 0 (got {})", self.a));
        }
        if !self.b.is_finite() {
            return Some(format!("irt: `b` must be a finite number (got {})", self.b));
        }
        if !(self.c >= 0.0 && self.c < self.d && self.d <= 1.0) {
            return Some(format!(
                "irt: need 0 <= c < d <= 1 (got c = {}, d = {})",
                self.c, self.d
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provisional_guessing_is_one_over_the_options_for_qcu_only() {
        let p = IrtParams::provisional(0.45, Some(4));
        assert_eq!(
            (p.a, p.b, p.c, p.d, p.calibrated),
            (1.2, 0.45, 0.25, 1.0, false)
        );
        assert_eq!(IrtParams::provisional(0.45, None).c, 0.0);
        assert!(p.problem().is_none());
    }

    #[test]
    fn invalid_parameters_are_named() {
        let ok = IrtParams::provisional(0.0, None);
        let bad_a = IrtParams { a: 0.0, ..ok };
        let bad_c = IrtParams { c: 1.0, ..ok };
        let bad_d = IrtParams { d: 1.5, ..ok };
        let nan_b = IrtParams { b: f64::NAN, ..ok };
        assert!(bad_a.problem().unwrap().contains("`a`"));
        assert!(bad_c.problem().unwrap().contains("c < d"));
        assert!(bad_d.problem().unwrap().contains("d <= 1"));
        assert!(nan_b.problem().unwrap().contains("`b`"));
    }
}
