//! Differential item functioning by the Mantel–Haenszel procedure (Mantel & Haenszel, 1959;
//! Holland & Thayer, 1988), with the ETS A/B/C classification.
//!
//! Persons of a reference and a focal group are matched on ability, and in each matching stratum
//! `k` the item gives a 2 × 2 table: `A_k`, `B_k` right and wrong answers of the reference group,
//! `C_k`, `D_k` those of the focal group, `N_k` in all. With `n_Rk = A + B`, `n_Fk = C + D`,
//! `m_1k = A + C`, `m_0k = B + D`:
//!
//! ```text
//! α_MH  = Σ_k A D / N  ÷  Σ_k B C / N                     (common odds ratio, reference : focal)
//! Δ_MH  = −2.35 ln α_MH                                    (MH D-DIF, ETS delta metric)
//! χ²_MH = (|Σ_k A − Σ_k n_R m_1 / N| − ½)² / Σ_k n_R n_F m_1 m_0 / (N² (N − 1))
//! ```
//!
//! (`χ²_MH` with the continuity correction, `|·| − ½` taken as 0 when negative; `≈ χ²(1)` without
//! DIF). The variance of `ln α_MH` is Robins, Breslow & Greenland's (1986), the one Phillips &
//! Holland (1987) derived for the MH D-DIF: with `P_k = (A + D)/N`, `Q_k = (B + C)/N`,
//! `R_k = A D/N`, `S_k = B C/N`, `R = Σ R_k`, `S = Σ S_k`,
//!
//! ```text
//! Var(ln α_MH) = Σ P R / (2R²) + Σ (P S + Q R) / (2 R S) + Σ Q S / (2S²),  SE(Δ) = 2.35 √Var
//! ```
//!
//! A negative `Δ_MH` means the item is harder for the focal group than for reference persons of
//! the same ability (it favours the reference group); positive, the reverse. Strata with fewer
//! than two persons or with one group only carry no information and are left out.
//!
//! **ETS classification** (Zwick, 2012, ETS RR-12-08, after Dorans & Holland, 1993), used here
//! exactly as follows:
//!
//! - **A** (negligible): `χ²_MH < 3.841` (not significant at 5 %) or `|Δ_MH| < 1`;
//! - **C** (large): otherwise, if `|Δ_MH| ≥ 1.5` and `|Δ_MH|` is significantly greater than 1 at
//!   5 %, one-sided: `(|Δ_MH| − 1) / SE(Δ) > 1.645`;
//! - **B** (moderate): every other case.
//!
//! **Matching on ability estimates.** The classical matching variable is the total score, which
//! adaptive or otherwise sparse data do not have in common: persons answered different items. The
//! strata here are quantile bins of a per-person matching value — normally the EAP θ of all the
//! person's answers ([`super::eap_abilities`], [`super::FitReport::thetas`]), which is on a common
//! scale whatever items were taken — formed separately for each item among its respondents with a
//! group and a matching value (deciles by default; ties kept together, [`DifConfig::strata`]). As
//! with the total score (Holland & Thayer, 1988), the studied item's own answer is part of the
//! matching θ. Matching on a few θ bins is coarser than on every total score: when the groups'
//! abilities differ much, persons of the two groups in one bin still differ a little on average,
//! and a non-DIF item can then show a small `Δ_MH`; more strata reduce that at the cost of sparser
//! tables. [`DifConfig::min_group`] (100 by default) is only a floor below which the tables are too
//! thin; operational programmes require more (Zwick, 2012, reviews their minimum sample sizes).

use super::Response;
use super::bins::quantile_bins;
use super::icc::{Binning, item_answers};
use crate::EngineError;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF};

/// `2.35` converts a log odds ratio to the ETS delta metric (`4/1.7 ≈ 2.35`).
const DELTA_SCALE: f64 = 2.35;
/// 95th percentile of χ²(1).
const CHI2_1_95: f64 = 3.841_458_820_694_124;
/// 95th percentile of N(0, 1).
const Z_95: f64 = 1.644_853_626_951_472_2;

/// Which group a person belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DifGroup {
    /// The reference group.
    Reference,
    /// The focal group (whose possible disadvantage is studied).
    Focal,
}

/// Settings of [`dif_mantel_haenszel`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DifConfig {
    /// Matching strata: quantile bins of the matching value among an item's respondents.
    pub strata: Binning,
    /// The statistics are computed only when each group has at least this many answers to the item.
    pub min_group: usize,
}

impl Default for DifConfig {
    /// Deciles of at least 10 persons, and 100 answers per group.
    fn default() -> Self {
        DifConfig {
            strata: Binning {
                bins: 10,
                min_count: 10,
            },
            min_group: 100,
        }
    }
}

/// The 2 × 2 table of one stratum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stratum {
    /// `A`: right answers of the reference group.
    pub reference_right: usize,
    /// `B`: wrong answers of the reference group.
    pub reference_wrong: usize,
    /// `C`: right answers of the focal group.
    pub focal_right: usize,
    /// `D`: wrong answers of the focal group.
    pub focal_wrong: usize,
}

/// ETS DIF category (module docs for the exact rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EtsClass {
    /// Negligible DIF.
    A,
    /// Moderate DIF.
    B,
    /// Large DIF.
    C,
}

/// Mantel–Haenszel statistics of one item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MantelHaenszel {
    /// Common odds ratio `α_MH` (reference : focal); above 1 the item favours the reference group.
    pub alpha: f64,
    /// `Δ_MH = −2.35 ln α_MH`; negative: the item favours the reference group.
    pub delta: f64,
    /// Standard error of `Δ_MH` (Robins–Breslow–Greenland).
    pub delta_se: f64,
    /// Continuity-corrected MH chi-square.
    pub chi_square: f64,
    /// Its upper tail probability under χ²(1).
    pub p_value: f64,
    /// Strata that carried information (both groups, at least two persons).
    pub strata: usize,
    /// ETS category.
    pub class: EtsClass,
}

impl MantelHaenszel {
    /// The group the item favours (`None` for `Δ_MH = 0`).
    pub fn favours(&self) -> Option<DifGroup> {
        if self.delta < 0.0 {
            Some(DifGroup::Reference)
        } else if self.delta > 0.0 {
            Some(DifGroup::Focal)
        } else {
            None
        }
    }
}

/// DIF analysis of one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemDif {
    /// Answers of the reference group used.
    pub reference: usize,
    /// Answers of the focal group used.
    pub focal: usize,
    /// The stratum tables, in increasing matching value.
    pub tables: Vec<Stratum>,
    /// The statistics; `None` when a group has fewer than [`DifConfig::min_group`] answers or the
    /// odds ratio is 0 or infinite (no stratum with a right-reference / wrong-focal pair, or none
    /// with the reverse).
    pub mantel_haenszel: Option<MantelHaenszel>,
}

/// The ETS category of `Δ_MH = delta` with standard error `delta_se` and MH chi-square
/// `chi_square` (module docs).
pub fn ets_class(delta: f64, delta_se: f64, chi_square: f64) -> EtsClass {
    let size = delta.abs();
    if chi_square < CHI2_1_95 || size < 1.0 {
        EtsClass::A
    } else if size >= 1.5 && (size - 1.0) / delta_se > Z_95 {
        EtsClass::C
    } else {
        EtsClass::B
    }
}

/// Mantel–Haenszel statistics of stratified 2 × 2 tables (module docs); `None` when the odds ratio
/// is 0 or infinite or no stratum carries information.
pub fn mantel_haenszel(tables: &[Stratum]) -> Option<MantelHaenszel> {
    let (mut r, mut s) = (0.0, 0.0);
    let (mut pr, mut ps_qr, mut qs) = (0.0, 0.0, 0.0);
    let (mut a_minus_e, mut var_a) = (0.0, 0.0);
    let mut strata = 0;
    for t in tables {
        let [a, b, c, d] = [
            t.reference_right,
            t.reference_wrong,
            t.focal_right,
            t.focal_wrong,
        ]
        .map(|v| v as f64);
        let (n_r, n_f) = (a + b, c + d);
        let n = n_r + n_f;
        if n < 2.0 || n_r == 0.0 || n_f == 0.0 {
            continue;
        }
        strata += 1;
        let (m1, m0) = (a + c, b + d);
        let (p, q) = ((a + d) / n, (b + c) / n);
        let (rk, sk) = (a * d / n, b * c / n);
        r += rk;
        s += sk;
        pr += p * rk;
        ps_qr += p * sk + q * rk;
        qs += q * sk;
        a_minus_e += a - n_r * m1 / n;
        var_a += n_r * n_f * m1 * m0 / (n * n * (n - 1.0));
    }
    if !(r > 0.0 && s > 0.0 && var_a > 0.0) {
        return None;
    }
    let alpha = r / s;
    let var_ln = pr / (2.0 * r * r) + ps_qr / (2.0 * r * s) + qs / (2.0 * s * s);
    let delta = -DELTA_SCALE * alpha.ln();
    let delta_se = DELTA_SCALE * var_ln.sqrt();
    let chi_square = (a_minus_e.abs() - 0.5).max(0.0).powi(2) / var_a;
    let p_value = ChiSquared::new(1.0).ok()?.sf(chi_square);
    Some(MantelHaenszel {
        alpha,
        delta,
        delta_se,
        chi_square,
        p_value,
        strata,
        class: ets_class(delta, delta_se, chi_square),
    })
}

/// Mantel–Haenszel DIF of every item `0..items` between the persons of `groups` (person `i`'s
/// group at index `i`; `None`: left out), matched on `matching` (person `i`'s value, normally
/// their θ estimate; `None`: left out), in strata formed per item (module docs).
///
/// Errors: `groups` and `matching` of different lengths, a response of a person beyond them or to
/// an item `≥ items`, a non-finite matching value, a person answering an item twice, invalid
/// settings.
pub fn dif_mantel_haenszel(
    responses: &[Response],
    items: usize,
    groups: &[Option<DifGroup>],
    matching: &[Option<f64>],
    config: &DifConfig,
) -> Result<Vec<ItemDif>, EngineError> {
    config.strata.validate()?;
    if groups.len() != matching.len() {
        return Err(EngineError::InvalidData(format!(
            "{} group labels for {} matching values",
            groups.len(),
            matching.len()
        )));
    }
    if let Some(r) = responses.iter().find(|r| r.item >= items) {
        return Err(EngineError::InvalidData(format!(
            "response to item {} is outside the {items} items",
            r.item
        )));
    }
    // Only persons with a group are matched.
    let matched: Vec<Option<f64>> = matching
        .iter()
        .zip(groups)
        .map(|(m, g)| g.and(*m))
        .collect();
    let mut by_item: Vec<Vec<Response>> = vec![Vec::new(); items];
    for r in responses {
        by_item[r.item].push(*r);
    }
    by_item
        .iter()
        .enumerate()
        .map(|(j, answers)| {
            let answers = item_answers(j, answers, &matched)?;
            let values: Vec<f64> = answers.iter().map(|&(t, _, _)| t).collect();
            let tables: Vec<Stratum> =
                quantile_bins(&values, config.strata.bins, config.strata.min_count)
                    .into_iter()
                    .map(|run| {
                        let mut t = Stratum::default();
                        for &(_, person, right) in &answers[run] {
                            let cell = match (groups[person], right) {
                                (Some(DifGroup::Reference), true) => &mut t.reference_right,
                                (Some(DifGroup::Reference), false) => &mut t.reference_wrong,
                                (Some(DifGroup::Focal), true) => &mut t.focal_right,
                                (Some(DifGroup::Focal), false) => &mut t.focal_wrong,
                                (None, _) => continue,
                            };
                            *cell += 1;
                        }
                        t
                    })
                    .collect();
            let reference = tables
                .iter()
                .map(|t| t.reference_right + t.reference_wrong)
                .sum();
            let focal = tables.iter().map(|t| t.focal_right + t.focal_wrong).sum();
            let enough = reference >= config.min_group.max(1) && focal >= config.min_group.max(1);
            Ok(ItemDif {
                reference,
                focal,
                mantel_haenszel: if enough {
                    mantel_haenszel(&tables)
                } else {
                    None
                },
                tables,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(a: usize, b: usize, c: usize, d: usize) -> Stratum {
        Stratum {
            reference_right: a,
            reference_wrong: b,
            focal_right: c,
            focal_wrong: d,
        }
    }

    #[test]
    fn two_strata_match_a_hand_computed_case() {
        // Stratum 1: A=10 B=5 C=6 D=9 (N=30); stratum 2: A=8 B=12 C=4 D=16 (N=40).
        // R = 90/30 + 128/40 = 6.2; S = 30/30 + 48/40 = 2.2; α = 6.2/2.2 = 2.8181818.
        // Σ A = 18; Σ E(A) = 15·16/30 + 20·12/40 = 8 + 6 = 14;
        // Σ Var(A) = 15·15·16·14/(30²·29) + 20·20·12·28/(40²·39) = 1.9310345 + 2.1538462
        //          = 4.0848806;
        // χ² = (4 − 0.5)²/4.0848806 = 2.9988636.
        // P = 19/30, 0.6; Q = 11/30, 0.4: Σ PR = 1.9 + 1.92 = 3.82; Σ QS = 0.3666667 + 0.48;
        // Σ (PS + QR) = (0.6333333 + 1.1) + (0.72 + 1.28) = 3.7333333;
        // Var(ln α) = 3.82/76.88 + 3.7333333/27.28 + 0.8466667/9.68 = 0.2740058.
        let mh = mantel_haenszel(&[table(10, 5, 6, 9), table(8, 12, 4, 16)]).unwrap();
        assert!((mh.alpha - 2.818_181_818).abs() < 1e-9, "{mh:?}");
        assert!((mh.chi_square - 2.998_863_6).abs() < 1e-6, "{mh:?}");
        assert!((mh.delta - (-2.35 * 2.818_181_818_f64.ln())).abs() < 1e-9);
        assert!((mh.delta + 2.434_816).abs() < 1e-6, "{mh:?}");
        assert!(
            (mh.delta_se - 2.35 * 0.274_005_78_f64.sqrt()).abs() < 1e-6,
            "{mh:?}"
        );
        // χ²(1) upper tail at 2.9988636: 2 (1 − Φ(√χ²)) = 0.083323.
        assert!((mh.p_value - 0.083_323).abs() < 1e-6, "{mh:?}");
        assert_eq!(mh.strata, 2);
        // |Δ| = 2.44 but not significant at 5 %: A.
        assert_eq!(mh.class, EtsClass::A);
        assert_eq!(mh.favours(), Some(DifGroup::Reference));
    }

    #[test]
    fn one_stratum_reduces_to_the_odds_ratio_and_woolf_variance() {
        // K = 1: α = AD/BC and the RBG variance is Woolf's 1/A + 1/B + 1/C + 1/D.
        let t = table(30, 10, 20, 25);
        let mh = mantel_haenszel(&[t, table(3, 0, 0, 0), table(0, 0, 0, 1)]).unwrap();
        assert!((mh.alpha - 30.0 * 25.0 / (10.0 * 20.0)).abs() < 1e-12);
        let woolf: f64 = 1.0 / 30.0 + 1.0 / 10.0 + 1.0 / 20.0 + 1.0 / 25.0;
        assert!((mh.delta_se - 2.35 * woolf.sqrt()).abs() < 1e-12, "{mh:?}");
        assert_eq!(mh.strata, 1, "one-group strata are left out");
        // No discordant pair one way: no odds ratio.
        assert!(mantel_haenszel(&[table(5, 0, 0, 5)]).is_none());
        assert!(mantel_haenszel(&[]).is_none());
    }

    #[test]
    fn ets_rule_boundaries() {
        // Not significant, or |Δ| < 1: A.
        assert_eq!(ets_class(-2.5, 0.3, 3.8), EtsClass::A);
        assert_eq!(ets_class(0.99, 0.1, 50.0), EtsClass::A);
        // Significant, 1 ≤ |Δ| < 1.5: B.
        assert_eq!(ets_class(-1.2, 0.1, 20.0), EtsClass::B);
        // |Δ| ≥ 1.5, significantly above 1: C ((1.6 − 1)/0.3 = 2 > 1.645) …
        assert_eq!(ets_class(-1.6, 0.3, 20.0), EtsClass::C);
        assert_eq!(ets_class(1.5, 0.1, 20.0), EtsClass::C);
        // … but not when the excess over 1 is within noise ((1.6 − 1)/0.4 = 1.5): B.
        assert_eq!(ets_class(1.6, 0.4, 20.0), EtsClass::B);
    }

    #[test]
    fn tables_are_built_from_matching_strata_and_persons_without_group_are_ignored() {
        let r = |person, correct| Response {
            person,
            item: 0,
            correct,
        };
        // Persons 0–5 matched low (−1), 6–11 high (+1); person 12 has no group, 13 no value.
        let mut groups = Vec::new();
        let mut matching = Vec::new();
        for i in 0..14 {
            groups.push(if i == 12 {
                None
            } else if i % 2 == 0 {
                Some(DifGroup::Reference)
            } else {
                Some(DifGroup::Focal)
            });
            matching.push(if i == 13 {
                None
            } else {
                Some(if i < 6 { -1.0 } else { 1.0 })
            });
        }
        let right = [
            true, false, false, false, true, true, true, true, true, false, true, false, true, true,
        ];
        let responses: Vec<Response> = (0..14).map(|i| r(i, right[i])).collect();
        let config = DifConfig {
            strata: Binning {
                bins: 2,
                min_count: 1,
            },
            min_group: 1,
        };
        let dif = dif_mantel_haenszel(&responses, 2, &groups, &matching, &config).unwrap();
        assert_eq!(dif.len(), 2);
        // Low stratum: reference 0, 2, 4 → right, wrong, right; focal 1, 3, 5 → wrong, wrong,
        // right. High: reference 6, 8, 10 → all right; focal 7, 9, 11 → right, wrong, wrong.
        assert_eq!(dif[0].tables, [table(2, 1, 1, 2), table(3, 0, 1, 2)]);
        assert_eq!((dif[0].reference, dif[0].focal), (6, 6));
        let mh = dif[0].mantel_haenszel.unwrap();
        // R = 4/6 + 6/6, S = 1/6 + 0: α = 10.
        assert!((mh.alpha - 10.0).abs() < 1e-12, "{mh:?}");
        assert!(dif[1].tables.is_empty() && dif[1].mantel_haenszel.is_none());
        // Errors.
        assert!(dif_mantel_haenszel(&responses, 1, &groups, &matching[..13], &config).is_err());
        assert!(dif_mantel_haenszel(&[r(14, true)], 1, &groups, &matching, &config).is_err());
        let bad = Response {
            person: 0,
            item: 1,
            correct: true,
        };
        assert!(dif_mantel_haenszel(&[bad], 1, &groups, &matching, &config).is_err());
    }
}
