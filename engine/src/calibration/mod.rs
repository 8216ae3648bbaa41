//! Item calibration from real answers: Bayes-modal item estimates by marginal maximum likelihood
//! (Bock & Aitkin, 1981) for the 2PL and the 3PL, a fixed-ability variant for pilot items, and the
//! analyses that judge calibrated items: fit, observed characteristic curves and DIF.
//!
//! The model is the engine's ([`crate::irt`]): `P(θ) = c + (1 − c) / (1 + exp(−a (θ − b)))` on the
//! logistic metric (no 1.7 constant), with `d = 1`. The returned `b` is in that same metric, so a
//! calibrated item goes straight into an [`crate::bank::ItemBank`].
//!
//! - [`calibrate`] — EM over a fixed quadrature of an `N(0, 1)` latent distribution (which fixes the
//!   scale), for sparse data: every person answers any subset of the items, as in adaptive tests.
//!   The E-step gives each item expected counts at the quadrature nodes; the M-step maximises each
//!   item's expected complete-data log posterior by Fisher scoring with step halving
//!   (`item_posterior`). Standard errors come from the exact observed information of the marginal
//!   log posterior by Louis's (1982) formula, inverted as a whole (`information`).
//! - [`calibrate_conditional`] — the same EM with a normal prior `N(μ_i, σ_i²)` of its own on each
//!   person's θ ([`PersonPrior`]), for data whose items were chosen from answers outside the
//!   calibrated set (an adaptive multi-competence test): the posterior of θ given those answers.
//!   With `N(0, 1)` for everyone it is [`calibrate`].
//! - [`calibrate_fixed_theta`] — one item's estimates when the respondents' abilities are taken as
//!   known (e.g. pilot items given alongside a calibrated test).
//! - [`ItemPriors`] — the priors that make the estimates Bayes modal: `ln a ~ N(0, 0.5²)` and
//!   `c ~ Beta(5, 17)` by default (the BILOG-MG / IRTPRO / mirt conventions), optionally
//!   `b ~ N(m, s²)`.
//! - [`eap_abilities`] and [`item_fit`] — the persons' EAP abilities under the calibration's
//!   `N(0, 1)`, and each item's infit and outfit mean squares (Wright & Masters, 1982) with their
//!   Wilson–Hilferty `t` and a documented flag rule, plus Orlando & Thissen's S-X² when the data
//!   are complete enough (`fit`, `s_x2`); [`eap_abilities_conditional`] and
//!   [`item_fit_conditional`] take per-person priors as [`calibrate_conditional`] does.
//! - [`icc_observed`] and [`icc_curve`] — an item's respondents binned by ability with observed and
//!   model proportions right, and the model curve on a grid: the data of a fit plot (`icc`).
//! - [`dif_mantel_haenszel`] — Mantel–Haenszel DIF between a reference and a focal group matched
//!   on θ strata, with Δ_MH, its standard error, the MH χ² and the ETS A/B/C category (`dif`).
//!
//! Items that cannot be estimated (fewer answers than [`CalibrationConfig::min_responses`], or all
//! answers correct, or all wrong) are left out of the likelihood and reported as
//! [`ItemOutcome::Skipped`], never as NaN.

mod bins;
mod dif;
mod em;
mod fit;
mod icc;
mod information;
mod item_posterior;
mod linalg;
mod s_x2;

pub use dif::{
    DifConfig, DifGroup, EtsClass, ItemDif, MantelHaenszel, Stratum, dif_mantel_haenszel,
    ets_class, mantel_haenszel,
};
pub use em::{calibrate, calibrate_conditional};
pub use fit::{
    Expected, FitConfig, FitFlag, FitReport, ItemFit, MeanSquares, eap_abilities,
    eap_abilities_conditional, item_fit, item_fit_conditional, mean_squares,
};
pub use icc::{Binning, CurvePoint, IccBin, icc_curve, icc_observed};
pub use item_posterior::calibrate_fixed_theta;
pub use s_x2::SX2;

use crate::EngineError;
use crate::irt::ItemParams;
use serde::{Deserialize, Serialize};

/// The item response model to calibrate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// Two-parameter logistic: `a`, `b` estimated, `c = 0`.
    #[serde(rename = "2pl")]
    TwoPl,
    /// Three-parameter logistic: `a`, `b`, `c` estimated.
    #[serde(rename = "3pl")]
    ThreePl,
}

impl Model {
    /// Number of estimated parameters per item.
    pub fn parameters(self) -> usize {
        match self {
            Model::TwoPl => 2,
            Model::ThreePl => 3,
        }
    }
}

impl std::str::FromStr for Model {
    type Err = EngineError;
    fn from_str(s: &str) -> Result<Self, EngineError> {
        match s.to_ascii_lowercase().as_str() {
            "2pl" => Ok(Model::TwoPl),
            "3pl" => Ok(Model::ThreePl),
            _ => Err(EngineError::InvalidConfig(format!(
                "model `{s}`: expected 2pl or 3pl"
            ))),
        }
    }
}

/// Priors on the item parameters, applied in the M-step (so estimates are posterior modes).
///
/// The log prior added to an item's log-likelihood is
/// `−(ln a − μ)² / (2σ²) + (α − 1) ln c + (β − 1) ln(1 − c) [− (b − m)² / (2 s²)]`:
/// a normal density on `ln a` (so the prior mode of `a` is `e^μ`, as in BILOG-MG), a Beta density
/// on `c` (mode `(α − 1) / (α + β − 2)`, 0.2 for Beta(5, 17)), and an optional normal on `b`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ItemPriors {
    /// Mean `μ` and standard deviation `σ` of `ln a`; `None` for no prior on `a`.
    pub log_a: Option<(f64, f64)>,
    /// Mean and standard deviation of `b`; `None` (the default) for no prior on `b`.
    pub b: Option<(f64, f64)>,
    /// Shape parameters `(α, β)` of the Beta prior on `c` (3PL only); `None` for no prior, which
    /// lets `c` run to 0 or towards the proportion correct of the weakest examinees.
    pub c: Option<(f64, f64)>,
}

impl Default for ItemPriors {
    fn default() -> Self {
        ItemPriors {
            log_a: Some((0.0, 0.5)),
            b: None,
            c: Some((5.0, 17.0)),
        }
    }
}

impl ItemPriors {
    /// Checks that every prior is proper and log-concave where it is used.
    pub fn validate(&self) -> Result<(), EngineError> {
        let normal_ok = |p: Option<(f64, f64)>| {
            p.is_none_or(|(m, s)| m.is_finite() && s.is_finite() && s > 0.0)
        };
        if !normal_ok(self.log_a) || !normal_ok(self.b) {
            return Err(EngineError::InvalidConfig(
                "normal priors need a finite mean and a positive finite sd".into(),
            ));
        }
        if let Some((al, be)) = self.c
            && !(al.is_finite() && be.is_finite() && al >= 1.0 && be >= 1.0)
        {
            return Err(EngineError::InvalidConfig(format!(
                "Beta({al}, {be}) prior on c: need both shapes >= 1 (a prior mode inside [0, 1))"
            )));
        }
        Ok(())
    }
}

/// Settings of [`calibrate`] and [`calibrate_conditional`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationConfig {
    /// 2PL or 3PL.
    pub model: Model,
    /// Item priors.
    pub priors: ItemPriors,
    /// Number of equally spaced quadrature nodes.
    pub quadrature_points: usize,
    /// Half-width of the quadrature range `[−r, r]` (in standard deviations of θ).
    pub quadrature_range: f64,
    /// Convergence when no parameter (a, b or c) moves more than this in one EM cycle.
    pub tolerance: f64,
    /// Upper bound on EM cycles; reaching it leaves `converged = false`.
    pub max_iterations: usize,
    /// Items with fewer answers are not estimated.
    pub min_responses: usize,
    /// Priors of each item (index = item), in place of `priors`: e.g. a prior on the guessing
    /// parameter that follows how each item is answered. `None` (the default): `priors` for all.
    /// Used by [`calibrate`] and [`calibrate_conditional`]; [`calibrate_fixed_theta`] (one item)
    /// takes `priors`.
    #[serde(default)]
    pub item_priors: Option<Vec<ItemPriors>>,
}

impl CalibrationConfig {
    /// Defaults for `model`: 61 nodes on `[−6, 6]`, tolerance 1e-4 (mirt's), 2,000 cycles at most,
    /// at least 10 answers per item.
    pub fn new(model: Model) -> Self {
        CalibrationConfig {
            model,
            priors: ItemPriors::default(),
            quadrature_points: 61,
            quadrature_range: 6.0,
            tolerance: 1e-4,
            max_iterations: 2000,
            min_responses: 10,
            item_priors: None,
        }
    }

    /// Checks every setting.
    pub fn validate(&self) -> Result<(), EngineError> {
        self.priors.validate()?;
        for p in self.item_priors.iter().flatten() {
            p.validate()?;
        }
        validate_quadrature(self.quadrature_points, self.quadrature_range)?;
        let bad = |m: String| Err(EngineError::InvalidConfig(m));
        if !(self.tolerance.is_finite() && self.tolerance > 0.0) {
            return bad(format!("tolerance {}: need > 0", self.tolerance));
        }
        if self.max_iterations == 0 {
            return bad("max_iterations must be at least 1".into());
        }
        Ok(())
    }
}

/// Checks the settings of an `N(0, 1)` quadrature: 5 to 1001 nodes on `[−r, r]` with `r ≥ 2`.
pub(super) fn validate_quadrature(points: usize, range: f64) -> Result<(), EngineError> {
    if !(5..=1001).contains(&points) {
        return Err(EngineError::InvalidConfig(format!(
            "{points} quadrature points: need 5 to 1001"
        )));
    }
    if !(range.is_finite() && range >= 2.0) {
        return Err(EngineError::InvalidConfig(format!(
            "quadrature range ±{range}: need at least ±2"
        )));
    }
    Ok(())
}

/// A normal prior `N(mean, sd²)` on one person's θ, for [`calibrate_conditional`],
/// [`eap_abilities_conditional`] and [`item_fit_conditional`].
///
/// **Why.** In an adaptive multi-competence test the items of competence `c` are chosen from the
/// person's answers to the *other* competences as well (the profile model `θ_c = g + u_c` borrows
/// strength across them). Which items of `c` a person saw then depends on data outside the
/// calibration of `c`, so the missing answers are not ignorable under a common `N(0, 1)`: the
/// persons who took a hard item are known to be able, and calibrating as if each were drawn from
/// `N(0, 1)` flattens every item (simulated adaptive data gave slopes about a third of the true
/// ones). Conditioning on the data that drove the selection makes it ignorable again (Rubin, 1976;
/// Mislevy & Wu, 1996): the likelihood of person `i`'s answers `Y_c` to competence `c` is
///
/// ```text
/// p(Y_c | Y_−c) = ∫ P(Y_c | θ) p(θ | Y_−c) dθ,    p(θ | Y_−c) ≈ N(μ_i, σ_i²)
/// ```
///
/// with `μ_i`, `σ_i` the posterior mean and SD of `θ_c` given the person's answers to the other
/// competences (from the profile model), computed by the caller.
///
/// **On the quadrature.** The nodes stay the calibration's equally spaced `[−r, r]`; person `i`'s
/// prior weights are `π_iq ∝ exp(−(θ_q − μ_i)² / (2σ_i²))`, normalised over the nodes (as the
/// `N(0, 1)` weights are). The grid must hold the prior and resolve it, so for every person who
/// enters the calculation `|μ_i| + 4σ_i ≤ r` (the mass left outside is below 3.2·10⁻⁵) and
/// `σ_i ≥ h = 2r / (Q − 1)` (the node spacing: the rectangle rule's error on a normal density of
/// SD `σ` is of order `exp(−2π²σ²/h²)`, 3·10⁻⁹ at `σ = h`); otherwise the call fails with
/// [`EngineError::InvalidConfig`] asking for a wider range or more nodes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PersonPrior {
    /// Prior mean `μ` of θ.
    pub mean: f64,
    /// Prior standard deviation `σ > 0` of θ.
    pub sd: f64,
}

impl PersonPrior {
    /// `N(0, 1)`, the prior of [`calibrate`]: with it for everyone, the conditional functions
    /// return what the unconditional ones do.
    pub const STANDARD: PersonPrior = PersonPrior { mean: 0.0, sd: 1.0 };
}

impl Default for PersonPrior {
    fn default() -> Self {
        PersonPrior::STANDARD
    }
}

/// Checks `priors` against `persons` and a quadrature of `points` nodes on `[−range, range]`:
/// one prior per person, each with a finite mean and a positive finite SD
/// ([`EngineError::InvalidData`] if not), and, for the persons with `enters(i)`, a prior inside the
/// range and wider than the node spacing ([`EngineError::InvalidConfig`]; see [`PersonPrior`]).
pub(super) fn validate_person_priors(
    priors: &[PersonPrior],
    persons: usize,
    points: usize,
    range: f64,
    enters: impl Fn(usize) -> bool,
) -> Result<(), EngineError> {
    if priors.len() != persons {
        return Err(EngineError::InvalidData(format!(
            "{} person priors for {persons} persons: need one per person",
            priors.len()
        )));
    }
    if let Some((i, p)) = priors
        .iter()
        .enumerate()
        .find(|(_, p)| !(p.mean.is_finite() && p.sd.is_finite() && p.sd > 0.0))
    {
        return Err(EngineError::InvalidData(format!(
            "prior of person {i}: N({}, {}²) needs a finite mean and a positive finite sd",
            p.mean, p.sd
        )));
    }
    let spacing = 2.0 * range / (points - 1) as f64;
    for (i, p) in priors.iter().enumerate().filter(|&(i, _)| enters(i)) {
        let reach = p.mean.abs() + 4.0 * p.sd;
        if reach > range {
            return Err(EngineError::InvalidConfig(format!(
                "prior of person {i}: N({}, {}²) reaches |μ| + 4σ = {reach:.3}, beyond the \
                 quadrature range ±{range}; widen quadrature_range",
                p.mean, p.sd
            )));
        }
        if p.sd < spacing {
            return Err(EngineError::InvalidConfig(format!(
                "prior of person {i}: sd {} is below the node spacing {spacing:.4} of {points} \
                 nodes on ±{range}; use more quadrature points",
                p.sd
            )));
        }
    }
    Ok(())
}

/// One scored answer of a person to an item, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// Index of the person, `< persons`.
    pub person: usize,
    /// Index of the item, `< items`.
    pub item: usize,
    /// True for a correct answer.
    pub correct: bool,
}

/// Standard errors of one item's estimates; `c` is `None` for the 2PL (not estimated).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StandardErrors {
    /// SE of `a`.
    pub a: f64,
    /// SE of `b`.
    pub b: f64,
    /// SE of `c` (3PL only).
    pub c: Option<f64>,
}

/// Estimates of one item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ItemEstimate {
    /// Posterior-mode parameters (`d = 1`; `c = 0` for the 2PL).
    pub params: ItemParams,
    /// Standard errors, `None` when the information matrix is not positive definite.
    pub se: Option<StandardErrors>,
    /// Number of answers to the item.
    pub responses: usize,
    /// Number of correct answers.
    pub correct: usize,
}

/// Why an item was not estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Fewer answers than [`CalibrationConfig::min_responses`] (possibly none).
    TooFewResponses,
    /// Every answer is correct: the likelihood has no finite maximum in `b`.
    AllCorrect,
    /// Every answer is wrong.
    AllWrong,
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SkipReason::TooFewResponses => "too few responses",
            SkipReason::AllCorrect => "all responses correct",
            SkipReason::AllWrong => "all responses wrong",
        })
    }
}

/// What became of one item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ItemOutcome {
    /// Calibrated.
    Estimated(ItemEstimate),
    /// Left out of the calibration.
    Skipped {
        /// Number of answers to the item.
        responses: usize,
        /// Number of correct answers.
        correct: usize,
        /// Why.
        reason: SkipReason,
    },
}

impl ItemOutcome {
    /// The estimates, if the item was calibrated.
    pub fn estimate(&self) -> Option<&ItemEstimate> {
        match self {
            ItemOutcome::Estimated(e) => Some(e),
            ItemOutcome::Skipped { .. } => None,
        }
    }
}

/// How the EM run ended.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ConvergenceReport {
    /// EM cycles run.
    pub iterations: usize,
    /// Marginal log-likelihood `Σ_persons ln ∫ L(θ) φ(θ) dθ` at the final estimates (quadrature);
    /// with per-person priors ([`calibrate_conditional`]) `Σ_i ln ∫ L_i(θ) φ_i(θ) dθ`, `φ_i` the
    /// density of person `i`'s prior (the log-likelihood of the answers given the prior's data).
    pub log_likelihood: f64,
    /// `log_likelihood` plus the items' log priors: the quantity EM increases at every cycle.
    pub log_posterior: f64,
    /// Largest change of a parameter (a, b or c) in the last cycle.
    pub max_change: f64,
    /// True when `max_change` fell below the tolerance.
    pub converged: bool,
    /// Persons with at least one answer to a calibrated item.
    pub persons: usize,
    /// Answers to calibrated items.
    pub responses: usize,
    /// False when the joint information matrix was not positive definite and the standard errors
    /// come from each item's own block instead (cross-item covariances ignored).
    pub joint_standard_errors: bool,
}

/// The result of [`calibrate`] and [`calibrate_conditional`]: one outcome per item index, and the convergence report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// Outcome of item `j` at index `j`.
    pub items: Vec<ItemOutcome>,
    /// How EM ended.
    pub report: ConvergenceReport,
}

impl Calibration {
    /// The parameters of every item, `None` for a skipped one: the bank that [`item_fit`],
    /// [`eap_abilities`] and the other item analyses take.
    pub fn item_params(&self) -> Vec<Option<ItemParams>> {
        self.items
            .iter()
            .map(|o| o.estimate().map(|e| e.params))
            .collect()
    }
}

/// State of the EM run after one cycle, given to the progress callback.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EmProgress {
    /// Cycle number, from 1.
    pub iteration: usize,
    /// Marginal log-likelihood at the parameters entering this cycle.
    pub log_likelihood: f64,
    /// Log posterior at the parameters entering this cycle.
    pub log_posterior: f64,
    /// Largest parameter change made by this cycle.
    pub max_change: f64,
}

/// The outcome of an item that cannot be estimated from `responses` answers of which `correct`
/// are correct, or `None` if it can.
pub(super) fn item_outcome_for_counts(
    responses: usize,
    correct: usize,
    min_responses: usize,
) -> Option<ItemOutcome> {
    let reason = if responses < min_responses.max(1) {
        SkipReason::TooFewResponses
    } else if correct == responses {
        SkipReason::AllCorrect
    } else if correct == 0 {
        SkipReason::AllWrong
    } else {
        return None;
    };
    Some(ItemOutcome::Skipped {
        responses,
        correct,
        reason,
    })
}
