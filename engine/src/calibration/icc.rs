//! An item's characteristic curve against its data: the respondents binned by ability, each bin's
//! observed proportion right beside the model's, and the model curve on a grid. Pure numbers: the
//! application draws them.
//!
//! The bins are quantile bins of the respondents' ability estimates ([`Binning`]): equal counts,
//! tied estimates kept together, none smaller than the minimum. Within a bin of `n` persons,
//! `observed` is the proportion right, `model_at_mean` the curve at the bin's mean ability (the
//! usual point of a fit plot) and `model_mean` the mean of the curve over the bin's persons, which
//! is what `observed` estimates when the model holds (the two differ where the curve bends within a
//! wide bin); `model_se = √(Σ_n P(θ_n) (1 − P(θ_n))) / n` is the standard deviation of `observed`
//! under the model given the bin's abilities, so `observed` outside `model_mean ± 2 model_se` in
//! several bins shows misfit.

use super::Response;
use super::bins::quantile_bins;
use crate::EngineError;
use crate::irt::ItemParams;
use serde::{Deserialize, Serialize};

/// How to bin persons by ability: at most `bins` quantile bins of at least `min_count` persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binning {
    /// Largest number of bins.
    pub bins: usize,
    /// Smallest number of persons in a bin.
    pub min_count: usize,
}

impl Default for Binning {
    /// Deciles of at least 20 persons.
    fn default() -> Self {
        Binning {
            bins: 10,
            min_count: 20,
        }
    }
}

impl Binning {
    /// Checks that there is at least one bin of at least one person.
    pub fn validate(&self) -> Result<(), EngineError> {
        if self.bins == 0 || self.min_count == 0 {
            return Err(EngineError::InvalidConfig(format!(
                "{} bins of at least {} persons: need both >= 1",
                self.bins, self.min_count
            )));
        }
        Ok(())
    }
}

/// One ability bin of an item's respondents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IccBin {
    /// Lowest ability in the bin.
    pub theta_min: f64,
    /// Highest ability in the bin.
    pub theta_max: f64,
    /// Mean ability in the bin.
    pub theta_mean: f64,
    /// Persons in the bin.
    pub n: usize,
    /// Right answers in the bin.
    pub correct: usize,
    /// Observed proportion right, `correct / n`.
    pub observed: f64,
    /// Model probability at `theta_mean`.
    pub model_at_mean: f64,
    /// Mean model probability over the bin's persons.
    pub model_mean: f64,
    /// Standard deviation of `observed` under the model, `√(Σ P (1 − P)) / n`.
    pub model_se: f64,
}

/// A point of the model curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Ability.
    pub theta: f64,
    /// Probability of a right answer.
    pub p: f64,
}

/// The answers to `item` (parameters `params`) binned by the respondents' `abilities` (person `i`'s
/// estimate at index `i`, `None`: left out, e.g. [`super::FitReport::thetas`]), in increasing
/// ability. Answers to other items are ignored.
///
/// Errors: invalid binning, an answer of a person beyond `abilities`, a non-finite ability, a
/// person answering the item twice.
pub fn icc_observed(
    item: usize,
    params: &ItemParams,
    responses: &[Response],
    abilities: &[Option<f64>],
    binning: &Binning,
) -> Result<Vec<IccBin>, EngineError> {
    binning.validate()?;
    let answers = item_answers(item, responses, abilities)?;
    let values: Vec<f64> = answers.iter().map(|&(t, _, _)| t).collect();
    Ok(quantile_bins(&values, binning.bins, binning.min_count)
        .into_iter()
        .map(|run| {
            let bin = &answers[run];
            let n = bin.len();
            let correct = bin.iter().filter(|&&(_, _, x)| x).count();
            let theta_mean = bin.iter().map(|&(t, _, _)| t).sum::<f64>() / n as f64;
            let (sum_p, sum_pq) = bin.iter().fold((0.0, 0.0), |(s, v), &(t, _, _)| {
                let p = params.prob(t);
                (s + p, v + p * (1.0 - p))
            });
            let model_mean = sum_p / n as f64;
            IccBin {
                theta_min: bin[0].0,
                theta_max: bin[n - 1].0,
                theta_mean,
                n,
                correct,
                observed: correct as f64 / n as f64,
                model_at_mean: params.prob(theta_mean),
                model_mean,
                model_se: sum_pq.sqrt() / n as f64,
            }
        })
        .collect())
}

/// The answers `(ability, person, correct)` to `item` of persons with an ability, sorted by ability
/// then person; errors as [`icc_observed`]'s.
pub(super) fn item_answers(
    item: usize,
    responses: &[Response],
    abilities: &[Option<f64>],
) -> Result<Vec<(f64, usize, bool)>, EngineError> {
    if let Some(t) = abilities.iter().flatten().find(|t| !t.is_finite()) {
        return Err(EngineError::InvalidData(format!(
            "ability {t} is not finite"
        )));
    }
    let mut answers = Vec::new();
    for r in responses.iter().filter(|r| r.item == item) {
        let ability = abilities.get(r.person).ok_or_else(|| {
            EngineError::InvalidData(format!(
                "response of person {} is outside the {} persons with an ability",
                r.person,
                abilities.len()
            ))
        })?;
        if let Some(t) = ability {
            answers.push((*t, r.person, r.correct));
        }
    }
    answers.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    if let Some(w) = answers.windows(2).find(|w| w[0].1 == w[1].1) {
        return Err(EngineError::InvalidData(format!(
            "person {} answered item {item} more than once",
            w[0].1
        )));
    }
    Ok(answers)
}

/// The model curve of `params` at `points` equally spaced abilities from `from` to `to`.
///
/// Errors: fewer than 2 points, or bounds that are not finite and increasing.
pub fn icc_curve(
    params: &ItemParams,
    from: f64,
    to: f64,
    points: usize,
) -> Result<Vec<CurvePoint>, EngineError> {
    if !(from.is_finite() && to.is_finite() && from < to && points >= 2) {
        return Err(EngineError::InvalidConfig(format!(
            "curve on [{from}, {to}] with {points} points: need finite from < to and >= 2 points"
        )));
    }
    let step = (to - from) / (points - 1) as f64;
    Ok((0..points)
        .map(|k| {
            let theta = if k + 1 == points {
                to
            } else {
                from + step * k as f64
            };
            CurvePoint {
                theta,
                p: params.prob(theta),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(person: usize, item: usize, correct: bool) -> Response {
        Response {
            person,
            item,
            correct,
        }
    }

    #[test]
    fn bins_match_a_hand_computed_case() {
        // Ten persons at θ = 0.1 … 1.0 (given in reverse order), answers to item 2; person 10 has
        // no ability; two bins of five.
        let item = ItemParams::two_pl(1.0, 0.5).unwrap();
        let mut abilities: Vec<Option<f64>> = (1..=10).map(|k| Some(k as f64 / 10.0)).collect();
        abilities.push(None);
        let right = [
            false, false, true, false, true, true, false, true, true, true,
        ];
        let mut responses: Vec<Response> = (0..10).rev().map(|i| r(i, 2, right[i])).collect();
        responses.push(r(10, 2, true));
        responses.push(r(0, 1, true));
        let bins = icc_observed(
            2,
            &item,
            &responses,
            &abilities,
            &Binning {
                bins: 2,
                min_count: 5,
            },
        )
        .unwrap();
        assert_eq!(bins.len(), 2);
        let (lo, hi) = (bins[0], bins[1]);
        assert_eq!((lo.n, lo.correct, hi.n, hi.correct), (5, 2, 5, 4));
        assert!((lo.theta_mean - 0.3).abs() < 1e-12 && (hi.theta_mean - 0.8).abs() < 1e-12);
        assert_eq!((lo.theta_min, lo.theta_max), (0.1, 0.5));
        assert_eq!((lo.observed, hi.observed), (0.4, 0.8));
        // P(0.3) = 1/(1 + e^0.2) = 0.450166; P(0.8) = 1/(1 + e^−0.3) = 0.574443.
        assert!((lo.model_at_mean - 0.450_166).abs() < 1e-6, "{lo:?}");
        assert!((hi.model_at_mean - 0.574_443).abs() < 1e-6, "{hi:?}");
        let p: Vec<f64> = [0.1, 0.2, 0.3, 0.4, 0.5]
            .iter()
            .map(|t| item.prob(*t))
            .collect();
        let mean = p.iter().sum::<f64>() / 5.0;
        let var: f64 = p.iter().map(|p| p * (1.0 - p)).sum();
        assert!((lo.model_mean - mean).abs() < 1e-15);
        assert!((lo.model_se - var.sqrt() / 5.0).abs() < 1e-15);
        // Those values by hand: P = 0.401312, 0.425557, 0.450166, 0.475021, 0.5.
        assert!((lo.model_mean - 0.450_411).abs() < 1e-6, "{lo:?}");
        assert!((lo.model_se - 0.221_956).abs() < 1e-6, "{lo:?}");
    }

    #[test]
    fn bad_input_is_an_error() {
        let item = ItemParams::two_pl(1.0, 0.0).unwrap();
        let ok = Binning::default();
        let abilities = [Some(0.0), Some(f64::NAN)];
        assert!(icc_observed(0, &item, &[r(0, 0, true)], &abilities, &ok).is_err());
        let abilities = [Some(0.0), Some(1.0)];
        assert!(icc_observed(0, &item, &[r(2, 0, true)], &abilities, &ok).is_err());
        let twice = [r(1, 0, true), r(0, 0, true), r(1, 0, false)];
        assert!(icc_observed(0, &item, &twice, &abilities, &ok).is_err());
        let none = Binning {
            bins: 0,
            min_count: 5,
        };
        assert!(icc_observed(0, &item, &[r(0, 0, true)], &abilities, &none).is_err());
        assert!(
            icc_observed(0, &item, &[], &abilities, &ok)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn the_curve_spans_the_grid_and_rises() {
        let item = ItemParams::three_pl(1.7, 0.4, 0.2).unwrap();
        let curve = icc_curve(&item, -4.0, 4.0, 81).unwrap();
        assert_eq!(curve.len(), 81);
        assert_eq!((curve[0].theta, curve[80].theta), (-4.0, 4.0));
        assert!((curve[44].theta - 0.4).abs() < 1e-12);
        // At θ = b the 3PL is halfway between c and 1.
        assert!((curve[44].p - 0.6).abs() < 1e-12);
        assert!(curve.windows(2).all(|w| w[1].p > w[0].p));
        assert!(icc_curve(&item, 1.0, 1.0, 10).is_err());
        assert!(icc_curve(&item, 0.0, 1.0, 1).is_err());
    }
}
