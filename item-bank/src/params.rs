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
//! - `c` = the probability that a blind guess is scored right, at most [`MAX_PROVISIONAL_C`]
//!   (see below);
//! - `d` = 1;
//! - `calibrated = false`.
//!
//! An explicit `irt = { a = …, b = …, c = …, d = …, calibrated = … }` in the item file overrides
//! the rule; any field it leaves out keeps the provisional value. The loader checks a > 0,
//! b finite and 0 ≤ c < d ≤ 1.
//!
//! # Guessing
//! A blind guess picks uniformly among the answers the item offers, and `c` is the chance that
//! the item's scoring (in `check/`) accepts it:
//! - `qcu`, n options: `1/n`;
//! - `qcm`, n options, right only when exactly the keys are ticked: `1/(2ⁿ − 1)`, one of the
//!   non-empty sets of options (1/15 for 4 options, 1/31 for 5);
//! - `qroc`, `qrocm`: 0 — a typed answer cannot be guessed from a list;
//! - `ordering`, n options, right only in the one right order: `1/n!` (1/6 for 3, 1/24 for 4);
//! - `matching`, l left and r right elements, every left one paired with any right one (a right
//!   one may be reused): `1/rˡ` (1/256 for 4 × 4);
//! - `hotspot`, k regions of which m are keys, one region chosen (a click in any key region is
//!   right): `m/k`; the regions are the zones the picture shows and the keyboard version lists;
//! - `task`, by its action over its t targets (the list the keyboard version offers, with the
//!   item's action already chosen): click, double_click, right_click, tap and scroll_find `1/t`;
//!   drag, one target onto another, `1/(t (t − 1))`; swipe, one of 4 directions, `1/4`;
//!   type_text 0, a typed answer.
//!
//! The cap [`MAX_PROVISIONAL_C`] (it binds for a qcu with 2 options, a hotspot with 2 keys among
//! few regions, a tap between 2 buttons) keeps provisional items informative: calibrated lower
//! asymptotes rarely exceed it, and a 3PL item with a larger `c` tells little about weaker
//! candidates.

use serde::{Deserialize, Serialize};

use crate::item::{Body, TaskSolution};

/// Discrimination given to uncalibrated items.
pub const PROVISIONAL_A: f64 = 1.2;

/// Largest guessing parameter the provisional rule gives.
pub const MAX_PROVISIONAL_C: f64 = 0.35;

/// Number of directions a swipe can take (left, right, up, down).
const SWIPE_DIRECTIONS: f64 = 4.0;

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
    /// Provisional parameters for an item whose level band is centred on `level_centre` and
    /// which is answered as `body` says (`None`, an item the loader refused: no guessing).
    pub(crate) fn provisional(level_centre: f64, body: Option<&Body>) -> IrtParams {
        IrtParams {
            a: PROVISIONAL_A,
            b: level_centre,
            c: body.map_or(0.0, provisional_guessing),
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

/// The probability that a blind guess at `body` is scored right (rule in the module
/// documentation), capped at [`MAX_PROVISIONAL_C`].
pub(crate) fn provisional_guessing(body: &Body) -> f64 {
    let count = |n: usize| n as f64;
    let chance = match body {
        Body::Qcu { options, .. } => one_in(count(options.len())),
        Body::Qcm { options, .. } => one_in(2f64.powi(options.len() as i32) - 1.0),
        Body::Qroc { .. } | Body::Qrocm { .. } => 0.0,
        Body::Ordering { options, .. } => one_in((1..=options.len()).map(count).product()),
        Body::Matching { left, right, .. } => one_in(count(right.len()).powi(left.len() as i32)),
        Body::Hotspot { regions, solution } => {
            let keys = regions.iter().filter(|r| solution.contains(&r.id)).count();
            count(keys) * one_in(count(regions.len()))
        }
        Body::Task {
            targets, solution, ..
        } => {
            let t = count(targets.len());
            match solution {
                TaskSolution::Target(_) => one_in(t),
                TaskSolution::Drag { .. } => one_in(t * (t - 1.0)),
                TaskSolution::Swipe(_) => one_in(SWIPE_DIRECTIONS),
                TaskSolution::Text { .. } => 0.0,
            }
        }
    };
    chance.min(MAX_PROVISIONAL_C)
}

/// `1 / ways`, the chance of the one right answer among `ways` equally likely ones; 0 when there
/// is no way at all (a body the loader refuses).
fn one_in(ways: f64) -> f64 {
    if ways >= 1.0 { 1.0 / ways } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::item::{Accepted, Action, Choice, FieldMode, Region};

    fn choices(n: usize) -> Vec<Choice> {
        (0..n)
            .map(|k| Choice {
                id: format!("o{k}"),
                text: format!("Option {k}"),
            })
            .collect()
    }

    fn regions(n: usize) -> Vec<Region> {
        (0..n)
            .map(|k| Region {
                id: format!("z{k}"),
                label: format!("Zone {k}"),
                x: 100.0 * k as f64,
                y: 0.0,
                w: 80.0,
                h: 40.0,
            })
            .collect()
    }

    fn ids(ids: &[&str]) -> BTreeSet<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn qcu(n: usize) -> Body {
        Body::Qcu {
            options: choices(n),
            solution: "o0".into(),
        }
    }

    fn qcm(n: usize) -> Body {
        Body::Qcm {
            options: choices(n),
            solution: ids(&["o0", "o2"]),
        }
    }

    fn ordering(n: usize) -> Body {
        let options = choices(n);
        let solution = options.iter().rev().map(|o| o.id.clone()).collect();
        Body::Ordering { options, solution }
    }

    fn matching(l: usize, r: usize) -> Body {
        let (left, right) = (choices(l), choices(r));
        let solution = left
            .iter()
            .zip(right.iter().cycle())
            .map(|(a, b)| (a.id.clone(), b.id.clone()))
            .collect();
        Body::Matching {
            left,
            right,
            solution,
        }
    }

    fn hotspot(n: usize, keys: &[&str]) -> Body {
        Body::Hotspot {
            regions: regions(n),
            solution: ids(keys),
        }
    }

    fn task(action: Action, targets: usize, solution: TaskSolution) -> Body {
        Body::Task {
            action,
            targets: regions(targets),
            solution,
        }
    }

    fn assert_close(body: &Body, expected: f64) {
        let c = provisional_guessing(body);
        assert!(
            (c - expected).abs() < 1e-12,
            "{body:?}: c = {c}, expected {expected}"
        );
    }

    #[test]
    fn provisional_parameters_take_the_level_centre_and_the_blind_guess() {
        let p = IrtParams::provisional(0.45, Some(&qcu(4)));
        assert_eq!(
            (p.a, p.b, p.c, p.d, p.calibrated),
            (1.2, 0.45, 0.25, 1.0, false)
        );
        assert!(p.problem().is_none());
        assert_eq!(IrtParams::provisional(0.45, None).c, 0.0);
    }

    #[test]
    fn qcu_guessing_is_one_over_the_options() {
        assert_close(&qcu(3), 1.0 / 3.0);
        assert_close(&qcu(4), 0.25);
        assert_close(&qcu(6), 1.0 / 6.0);
    }

    #[test]
    fn qcm_guessing_is_one_over_the_non_empty_sets_of_options() {
        assert_close(&qcm(4), 1.0 / 15.0);
        assert_close(&qcm(5), 1.0 / 31.0);
    }

    #[test]
    fn typed_answers_have_no_guessing() {
        let text = || Accepted::Text {
            answers: vec!["somme".into()],
            typo: true,
        };
        assert_eq!(provisional_guessing(&Body::Qroc { accepted: text() }), 0.0);
        let qrocm = Body::Qrocm {
            fields: vec![],
            mode: FieldMode::Independent,
            accepted: vec![text(), text()],
        };
        assert_eq!(provisional_guessing(&qrocm), 0.0);
        let typing = TaskSolution::Text {
            text: "Marie Dupont".into(),
            exact: true,
        };
        assert_eq!(
            provisional_guessing(&task(Action::TypeText, 0, typing)),
            0.0
        );
    }

    #[test]
    fn ordering_guessing_is_one_over_the_orders() {
        assert_close(&ordering(3), 1.0 / 6.0);
        assert_close(&ordering(4), 1.0 / 24.0);
        assert_close(&ordering(7), 1.0 / 5040.0);
    }

    #[test]
    fn matching_guessing_is_one_over_every_way_to_pair_with_reuse() {
        assert_close(&matching(4, 4), 1.0 / 256.0);
        assert_close(&matching(4, 6), 1.0 / 1296.0);
    }

    #[test]
    fn hotspot_guessing_is_the_share_of_key_regions() {
        assert_close(&hotspot(3, &["z1"]), 1.0 / 3.0);
        assert_close(&hotspot(5, &["z4"]), 0.2);
        assert_close(&hotspot(9, &["z0"]), 1.0 / 9.0);
        // Two keys among five: 2/5, above the cap.
        assert_close(&hotspot(5, &["z0", "z3"]), MAX_PROVISIONAL_C);
    }

    #[test]
    fn task_guessing_follows_its_action_and_targets() {
        let target = || TaskSolution::Target("z1".into());
        for action in [
            Action::Click,
            Action::DoubleClick,
            Action::RightClick,
            Action::Tap,
            Action::ScrollFind,
        ] {
            assert_close(&task(action, 4, target()), 0.25);
            assert_close(&task(action, 5, target()), 0.2);
        }
        // A tap between two buttons: 1/2, capped.
        assert_close(&task(Action::Tap, 2, target()), MAX_PROVISIONAL_C);
        let drag = || TaskSolution::Drag {
            source: "z0".into(),
            target: "z1".into(),
        };
        assert_close(&task(Action::Drag, 4, drag()), 1.0 / 12.0);
        assert_close(&task(Action::Drag, 5, drag()), 1.0 / 20.0);
        let swipe = TaskSolution::Swipe("left".into());
        assert_close(&task(Action::Swipe, 0, swipe), 0.25);
    }

    #[test]
    fn the_cap_binds_for_two_options() {
        assert_close(&qcu(2), MAX_PROVISIONAL_C);
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
