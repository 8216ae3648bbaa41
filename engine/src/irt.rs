//! Item response functions of the logistic 1PL–4PL family and their Fisher information.
//!
//! The four-parameter logistic model (Barton & Lord, 1981) gives the probability that a person of
//! ability θ answers an item correctly as
//!
//! ```text
//! P(θ) = c + (d − c) / (1 + exp(−a (θ − b)))
//! ```
//!
//! with discrimination `a > 0`, difficulty `b`, lower asymptote (guessing) `c` and upper asymptote
//! (slipping) `d`, `0 ≤ c < d ≤ 1`. The 3PL is the case `d = 1`, the 2PL adds `c = 0`, the 1PL
//! (Rasch) fixes `a = 1`. No 1.7 scaling constant is used: parameters are on the logistic metric.
//!
//! The Fisher information of a dichotomous item is `I(θ) = P'(θ)² / (P(θ) (1 − P(θ)))`
//! (Lord, 1980, eq. 5-6), which for the 2PL reduces to `a² P (1 − P)`.

use crate::EngineError;
use serde::{Deserialize, Serialize};

/// Validated parameters of one item (`a > 0`, finite `b`, `0 ≤ c < d ≤ 1`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawParams", into = "RawParams")]
pub struct ItemParams {
    a: f64,
    b: f64,
    c: f64,
    d: f64,
}

#[derive(Serialize, Deserialize)]
struct RawParams {
    a: f64,
    b: f64,
    #[serde(default)]
    c: f64,
    #[serde(default = "one")]
    d: f64,
}

fn one() -> f64 {
    1.0
}

impl TryFrom<RawParams> for ItemParams {
    type Error = EngineError;
    fn try_from(r: RawParams) -> Result<Self, EngineError> {
        ItemParams::new(r.a, r.b, r.c, r.d)
    }
}

impl From<ItemParams> for RawParams {
    fn from(p: ItemParams) -> Self {
        RawParams {
            a: p.a,
            b: p.b,
            c: p.c,
            d: p.d,
        }
    }
}

impl ItemParams {
    /// Builds 4PL parameters, rejecting values outside the model's domain.
    pub fn new(a: f64, b: f64, c: f64, d: f64) -> Result<Self, EngineError> {
        let ok = a.is_finite()
            && a > 0.0
            && b.is_finite()
            && c.is_finite()
            && d.is_finite()
            && (0.0..1.0).contains(&c)
            && d > c
            && d <= 1.0;
        if ok {
            Ok(ItemParams { a, b, c, d })
        } else {
            Err(EngineError::InvalidParams(format!(
                "a={a}, b={b}, c={c}, d={d}: need a > 0, finite b and 0 <= c < d <= 1"
            )))
        }
    }

    /// 3PL parameters (`d = 1`).
    pub fn three_pl(a: f64, b: f64, c: f64) -> Result<Self, EngineError> {
        Self::new(a, b, c, 1.0)
    }

    /// 2PL parameters (`c = 0`, `d = 1`).
    pub fn two_pl(a: f64, b: f64) -> Result<Self, EngineError> {
        Self::new(a, b, 0.0, 1.0)
    }

    /// Discrimination.
    pub fn a(&self) -> f64 {
        self.a
    }
    /// Difficulty.
    pub fn b(&self) -> f64 {
        self.b
    }
    /// Lower asymptote.
    pub fn c(&self) -> f64 {
        self.c
    }
    /// Upper asymptote.
    pub fn d(&self) -> f64 {
        self.d
    }

    /// Probability of a correct answer at `theta`.
    #[inline]
    pub fn prob(&self, theta: f64) -> f64 {
        prob(theta, self.a, self.b, self.c, self.d)
    }

    /// Fisher information at `theta`.
    #[inline]
    pub fn info(&self, theta: f64) -> f64 {
        info(theta, self.a, self.b, self.c, self.d)
    }

    /// The ability at which this item's information is largest.
    pub fn max_info_theta(&self) -> f64 {
        max_info_theta(self.a, self.b, self.c, self.d)
    }

    /// The item's largest information, `I(max_info_theta())`.
    pub fn max_info(&self) -> f64 {
        self.info(self.max_info_theta())
    }
}

/// The standard logistic function `1 / (1 + exp(−x))`, stable for large |x|.
#[inline]
pub fn logistic(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// 4PL probability of a correct answer: `c + (d − c) / (1 + exp(−a (θ − b)))`.
#[inline]
pub fn prob(theta: f64, a: f64, b: f64, c: f64, d: f64) -> f64 {
    c + (d - c) * logistic(a * (theta - b))
}

/// Fisher information of a 4PL item: `I(θ) = a² (P − c)² (d − P)² / ((d − c)² P (1 − P))`,
/// which is `P'² / (P (1 − P))` with `P' = a (d − c) L (1 − L)` and `L` the logistic term
/// (Magis, 2013, "A note on the item information function of the four-parameter logistic model").
#[inline]
pub fn info(theta: f64, a: f64, b: f64, c: f64, d: f64) -> f64 {
    let l = logistic(a * (theta - b));
    let p = c + (d - c) * l;
    let q = 1.0 - p;
    let dp = a * (d - c) * l * (1.0 - l);
    let denom = p * q;
    if denom <= f64::MIN_POSITIVE {
        0.0
    } else {
        dp * dp / denom
    }
}

/// The ability where a 4PL item is most informative.
///
/// For `d = 1` the 3PL closed form of Birnbaum (1968) is used:
/// `θ* = b + ln((1 + √(1 + 8c)) / 2) / a`. Otherwise the (unimodal) information is maximised by
/// golden-section search on `[b − 8/a, b + 8/a]`.
pub fn max_info_theta(a: f64, b: f64, c: f64, d: f64) -> f64 {
    if d >= 1.0 {
        return b + ((1.0 + (1.0 + 8.0 * c).sqrt()) / 2.0).ln() / a;
    }
    golden_max(|t| info(t, a, b, c, d), b - 8.0 / a, b + 8.0 / a, 1e-9)
}

/// Maximises a unimodal function on `[lo, hi]` by golden-section search to tolerance `tol`.
pub(crate) fn golden_max(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64, tol: f64) -> f64 {
    let r = (5f64.sqrt() - 1.0) / 2.0;
    let mut x1 = hi - r * (hi - lo);
    let mut x2 = lo + r * (hi - lo);
    let (mut f1, mut f2) = (f(x1), f(x2));
    while hi - lo > tol {
        if f1 < f2 {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x2 = lo + r * (hi - lo);
            f2 = f(x2);
        } else {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x1 = hi - r * (hi - lo);
            f1 = f(x1);
        }
    }
    (lo + hi) / 2.0
}

/// Log-likelihood contribution of one scored response: `ln P` if correct, `ln (1 − P)` if not.
#[inline]
pub fn log_lik(theta: f64, p: &ItemParams, correct: bool) -> f64 {
    let pr = p.prob(theta).clamp(1e-300, 1.0 - 1e-16);
    if correct { pr.ln() } else { (1.0 - pr).ln() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn params() -> impl Strategy<Value = ItemParams> {
        (0.2f64..3.0, -4.0f64..4.0, 0.0f64..0.4, 0.8f64..=1.0)
            .prop_map(|(a, b, c, d)| ItemParams::new(a, b, c, d).unwrap())
    }

    #[test]
    fn rejects_parameters_outside_the_model() {
        assert!(ItemParams::new(0.0, 0.0, 0.0, 1.0).is_err());
        assert!(ItemParams::new(1.0, f64::NAN, 0.0, 1.0).is_err());
        assert!(ItemParams::new(1.0, 0.0, 0.5, 0.5).is_err());
        assert!(ItemParams::new(1.0, 0.0, -0.1, 1.0).is_err());
        assert!(ItemParams::new(1.0, 0.0, 0.0, 1.1).is_err());
        assert!(ItemParams::new(1.0, 0.0, 0.2, 0.9).is_ok());
    }

    #[test]
    fn two_pl_probability_is_one_half_at_the_difficulty() {
        let p = ItemParams::two_pl(1.3, 0.7).unwrap();
        assert!((p.prob(0.7) - 0.5).abs() < 1e-15);
        // 2PL information is a² P Q, a²/4 at b.
        assert!((p.info(0.7) - 1.3 * 1.3 / 4.0).abs() < 1e-12);
    }

    #[test]
    fn three_pl_maximum_matches_the_closed_form_and_a_numeric_search() {
        let p = ItemParams::three_pl(1.4, -0.3, 0.2).unwrap();
        let numeric = golden_max(|t| p.info(t), -5.0, 5.0, 1e-10);
        assert!((p.max_info_theta() - numeric).abs() < 1e-6);
    }

    #[test]
    fn serde_rejects_invalid_parameters() {
        let err = serde_json::from_str::<ItemParams>(r#"{"a":-1,"b":0}"#);
        assert!(err.is_err());
        let ok: ItemParams = serde_json::from_str(r#"{"a":1,"b":0.5}"#).unwrap();
        assert_eq!(ok, ItemParams::two_pl(1.0, 0.5).unwrap());
    }

    proptest! {
        #[test]
        fn probability_is_monotone_and_within_asymptotes(p in params(), t in -6.0f64..6.0, dt in 0.001f64..2.0) {
            let (p0, p1) = (p.prob(t), p.prob(t + dt));
            prop_assert!(p1 >= p0);
            prop_assert!(p0 >= p.c() && p0 <= p.d());
            prop_assert!(p1 >= p.c() && p1 <= p.d());
        }

        #[test]
        fn information_is_non_negative_and_peaks_at_its_maximum(p in params(), t in -6.0f64..6.0) {
            let i = p.info(t);
            prop_assert!(i >= 0.0);
            prop_assert!(i <= p.max_info() + 1e-9);
        }

        #[test]
        fn information_matches_the_numeric_derivative(p in params(), t in -3.0f64..3.0) {
            let h = 1e-5;
            let dp = (p.prob(t + h) - p.prob(t - h)) / (2.0 * h);
            let pr = p.prob(t);
            let expected = dp * dp / (pr * (1.0 - pr));
            prop_assert!((p.info(t) - expected).abs() < 1e-5 * (1.0 + expected));
        }
    }
}
