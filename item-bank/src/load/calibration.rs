//! The calibration file `data/calibration.toml`: estimated IRT parameters loaded on top of the
//! items (format in `item-bank/FORMAT.md`, "Calibration"). It is written by `tremplin
//! calibrate`, read by a reviewer and accepted in a commit; since it is part of the bank's
//! content, accepting it makes a new bank version. Nothing in the item files is overwritten.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Problem, first_line, line_of};
use crate::item::Item;
use crate::params::IrtParams;

/// Name of the calibration file inside the data directory.
pub const FILE: &str = "calibration.toml";

/// Where the parameters in use came from, as the calibration file states it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationSource {
    /// `2pl` or `3pl`.
    pub model: String,
    /// When the answers were read (ISO 8601 date).
    pub date: String,
    /// Number of answers used.
    pub answers: u64,
    /// Number of assessments those answers came from.
    pub persons: u64,
    /// Free text: what the answers were (e.g. "simulated").
    #[serde(default)]
    pub note: String,
    /// The item priors the estimation used, in words.
    #[serde(default)]
    pub priors: String,
}

/// One item's calibrated parameters and their standard errors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibratedItem {
    /// The item's id.
    pub id: String,
    /// Discrimination.
    pub a: f64,
    /// Difficulty.
    pub b: f64,
    /// Lower asymptote (0 for the 2PL).
    #[serde(default)]
    pub c: f64,
    /// Standard error of `a`.
    pub se_a: Option<f64>,
    /// Standard error of `b`.
    pub se_b: Option<f64>,
    /// Standard error of `c` (3PL).
    pub se_c: Option<f64>,
    /// Answers the estimate rests on.
    pub answers: u64,
}

/// The whole file, as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationFile {
    /// Its source.
    pub calibration: CalibrationSource,
    /// Its items (`[[item]]`).
    #[serde(default)]
    pub item: Vec<CalibratedItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    calibration: CalibrationSource,
    #[serde(default)]
    item: Vec<Spanned<CalibratedItem>>,
}

/// Reads `dir/calibration.toml` if it exists and applies it to `items`: every listed item gets
/// its parameters (`d = 1`, `calibrated = true`). Problems (syntax, an unknown or repeated id,
/// parameters out of range, a negative standard error) are pushed as `file:line: problem`, and
/// then nothing is applied.
pub(crate) fn apply(
    dir: &Path,
    items: &mut [Item],
    index: &HashMap<String, usize>,
    problems: &mut Vec<Problem>,
) -> Option<CalibrationSource> {
    let path = dir.join(FILE);
    if !path.exists() {
        return None;
    }
    let problem = |line: usize, message: String| Problem {
        path: path.clone(),
        line,
        message,
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            problems.push(problem(1, format!("cannot read calibration: {e}")));
            return None;
        }
    };
    let raw: RawFile = match toml::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(&text, s.start));
            problems.push(problem(line, first_line(e.message())));
            return None;
        }
    };
    if !matches!(raw.calibration.model.as_str(), "2pl" | "3pl") {
        problems.push(problem(
            1,
            format!(
                "calibration.model is `{}`: expected `2pl` or `3pl`",
                raw.calibration.model
            ),
        ));
    }
    let before = problems.len();
    let mut seen = HashSet::new();
    let mut updates = Vec::new();
    for entry in &raw.item {
        let line = line_of(&text, entry.span().start);
        let e = entry.get_ref();
        let Some(&at) = index.get(&e.id) else {
            problems.push(problem(line, format!("unknown item `{}`", e.id)));
            continue;
        };
        if !seen.insert(e.id.as_str()) {
            problems.push(problem(line, format!("item `{}` is listed twice", e.id)));
            continue;
        }
        let params = IrtParams {
            a: e.a,
            b: e.b,
            c: e.c,
            d: 1.0,
            calibrated: true,
        };
        if let Some(p) = params.problem() {
            problems.push(problem(line, format!("item `{}`: {p}", e.id)));
            continue;
        }
        if let Some(se) = [e.se_a, e.se_b, e.se_c]
            .into_iter()
            .flatten()
            .find(|s| !(s.is_finite() && *s >= 0.0))
        {
            problems.push(problem(
                line,
                format!(
                    "item `{}`: a standard error must be a number >= 0 (got {se})",
                    e.id
                ),
            ));
            continue;
        }
        updates.push((at, params));
    }
    if problems.len() > before {
        return None;
    }
    for (at, params) in updates {
        items[at].params = params;
    }
    Some(raw.calibration)
}

impl CalibrationFile {
    /// Reads a calibration file's text (as written by [`CalibrationFile::to_toml`]).
    pub fn parse(text: &str) -> Result<CalibrationFile, String> {
        toml::from_str(text).map_err(|e| first_line(e.message()))
    }

    /// The file's text, with a comment saying what it is.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).expect("a calibration always serialises");
        format!(
            "# Calibrated IRT parameters, loaded on top of the items (item-bank/FORMAT.md, \
             \"Calibration\").\n# Written by `tremplin calibrate`; review it with its report \
             before committing it.\n\n{body}"
        )
    }
}
