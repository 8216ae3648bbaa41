//! The CRCN framework as data: domains, competences, levels with their θ cut scores, the DigComp
//! crosswalk and the beginner skills. Loaded from `data/framework.toml` by [`crate::Bank::load`].

use std::fmt;

use serde::{Deserialize, Serialize};

/// Highest CRCN level.
pub const MAX_LEVEL: u8 = 8;

/// A CRCN competence code such as `"4.2"` (domain digit, dot, competence digit).
///
/// Only codes with that syntax can be built; whether the code exists in the framework is checked
/// by the loader.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct CompetenceCode(String);

impl CompetenceCode {
    /// Parses a code of the form `<digit>.<digit>`; `None` for anything else.
    pub fn parse(code: &str) -> Option<CompetenceCode> {
        let bytes = code.as_bytes();
        let ok = bytes.len() == 3
            && bytes[0].is_ascii_digit()
            && bytes[1] == b'.'
            && bytes[2].is_ascii_digit();
        ok.then(|| CompetenceCode(code.to_owned()))
    }

    /// The code as text, e.g. `"4.2"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The domain code, e.g. `"4"` for `"4.2"`.
    pub fn domain(&self) -> &str {
        &self.0[..1]
    }
}

impl fmt::Display for CompetenceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CompetenceCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CompetenceCode::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("`{s}` is not a competence code like \"4.2\""))
        })
    }
}

/// One of the 5 CRCN domains.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Domain code, `"1"` … `"5"`.
    pub code: String,
    /// Official French name.
    pub name: String,
}

/// One of the 16 CRCN competences.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competence {
    /// Code such as `"2.4"`.
    pub code: CompetenceCode,
    /// Official French name.
    pub name: String,
    /// DigComp 2.2 competences this CRCN competence maps to (working crosswalk).
    pub digcomp: Vec<String>,
}

/// A CRCN level with its place on the engine's θ scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// 1 … 8.
    pub number: u8,
    /// French name, e.g. "Indépendant 3".
    pub name: String,
    /// Short French descriptor (our own words).
    pub descriptor: String,
    /// Lower bound of the level on the θ scale.
    pub theta_cut: f64,
}

/// A basic skill of the beginners' diagnostic (b01 … b32).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BeginnerSkill {
    /// Stable id, `b01` … `b32`.
    pub id: String,
    /// French name.
    pub name: String,
    /// Competence the skill belongs to; beginner items for it use this competence.
    pub competence: CompetenceCode,
    /// Checked by a mediator's observation: no bank item may use it.
    #[serde(default)]
    pub observed: bool,
}

/// The framework: what results are expressed in. Results should record [`Framework::version`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Version of this data, e.g. `"2026.1"`.
    pub version: String,
    /// The 5 domains.
    #[serde(rename = "domain")]
    pub domains: Vec<Domain>,
    /// The 16 competences.
    #[serde(rename = "competence")]
    pub competences: Vec<Competence>,
    /// Levels 1 … 8 in increasing order.
    #[serde(rename = "level")]
    pub levels: Vec<Level>,
    /// The 32 beginner skills.
    #[serde(rename = "beginner_skill")]
    pub beginner_skills: Vec<BeginnerSkill>,
}

impl Framework {
    /// The competence with this code (`"4.2"`), if it exists.
    pub fn competence(&self, code: &str) -> Option<&Competence> {
        self.competences.iter().find(|c| c.code.as_str() == code)
    }

    /// The domain with this code (`"4"`), if it exists.
    pub fn domain(&self, code: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.code == code)
    }

    /// The level with this number, if it exists.
    pub fn level(&self, number: u8) -> Option<&Level> {
        self.levels.iter().find(|l| l.number == number)
    }

    /// The beginner skill with this id (`"b16"`), if it exists.
    pub fn beginner_skill(&self, id: &str) -> Option<&BeginnerSkill> {
        self.beginner_skills.iter().find(|s| s.id == id)
    }

    /// Lower θ bounds of levels 1 … 8, in level order.
    pub fn cut_scores(&self) -> Vec<f64> {
        let mut levels: Vec<&Level> = self.levels.iter().collect();
        levels.sort_by_key(|l| l.number);
        levels.iter().map(|l| l.theta_cut).collect()
    }

    /// The CRCN level (0 … 8) reached by ability θ: the highest level whose cut score is ≤ θ,
    /// 0 below the first cut (and for NaN).
    pub fn level_for_theta(&self, theta: f64) -> u8 {
        let mut reached = 0;
        for level in &self.levels {
            if theta >= level.theta_cut && level.number > reached {
                reached = level.number;
            }
        }
        reached
    }

    /// Centre of the θ band of `level` (1 … 8): halfway to the next cut; for the last level, its
    /// cut + 0.35. `None` when the level does not exist.
    pub fn level_centre(&self, level: u8) -> Option<f64> {
        let cut = self.level(level)?.theta_cut;
        Some(match self.level(level.checked_add(1)?) {
            Some(next) => cut + (next.theta_cut - cut) / 2.0,
            None => cut + 0.35,
        })
    }

    /// Structural problems of the framework itself: (message, a line of `framework.toml` that
    /// locates it, when one does). Empty when sound.
    pub(crate) fn problems(&self) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        if self.version.trim().is_empty() {
            out.push((
                "framework `version` is empty".to_owned(),
                Some("version =".to_owned()),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for d in &self.domains {
            if !seen.insert(d.code.clone()) {
                out.push((
                    format!("duplicate domain `{}`", d.code),
                    Some(format!("code = \"{}\"", d.code)),
                ));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for c in &self.competences {
            let at = Some(format!("code = \"{}\"", c.code));
            if !seen.insert(c.code.clone()) {
                out.push((format!("duplicate competence `{}`", c.code), at.clone()));
            }
            if self.domain(c.code.domain()).is_none() {
                out.push((
                    format!("competence `{}` belongs to no known domain", c.code),
                    at,
                ));
            }
        }
        for n in 1..=MAX_LEVEL {
            if self.levels.iter().filter(|l| l.number == n).count() != 1 {
                out.push((
                    format!("level {n} must be defined exactly once"),
                    Some(format!("number = {n}")),
                ));
            }
        }
        if let Some(l) = self
            .levels
            .iter()
            .find(|l| l.number == 0 || l.number > MAX_LEVEL)
        {
            out.push((
                format!("level {} is out of range 1..8", l.number),
                Some(format!("number = {}", l.number)),
            ));
        }
        let cuts = self.cut_scores();
        if cuts.iter().any(|c| !c.is_finite()) || cuts.windows(2).any(|w| w[0] >= w[1]) {
            out.push((
                "level cut scores must be finite and increasing".to_owned(),
                Some("theta_cut =".to_owned()),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for s in &self.beginner_skills {
            let at = Some(format!("id = \"{}\"", s.id));
            if !seen.insert(s.id.clone()) {
                out.push((format!("duplicate beginner skill `{}`", s.id), at.clone()));
            }
            if self.competence(s.code_str()).is_none() {
                out.push((
                    format!(
                        "beginner skill `{}` maps to unknown competence `{}`",
                        s.id, s.competence
                    ),
                    at,
                ));
            }
        }
        out
    }
}

impl BeginnerSkill {
    fn code_str(&self) -> &str {
        self.competence.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framework() -> Framework {
        let text = include_str!("../data/framework.toml");
        toml::from_str(text).expect("framework.toml parses")
    }

    #[test]
    fn the_real_framework_has_5_domains_16_competences_8_levels_32_skills() {
        let f = framework();
        assert_eq!(f.version, "2026.1");
        assert_eq!(f.domains.len(), 5);
        assert_eq!(f.competences.len(), 16);
        assert_eq!(f.levels.len(), 8);
        assert_eq!(f.beginner_skills.len(), 32);
        assert!(f.problems().is_empty(), "{:?}", f.problems());
        let observed: Vec<&str> = f
            .beginner_skills
            .iter()
            .filter(|s| s.observed)
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(observed, ["b01", "b28"]);
    }

    #[test]
    fn theta_maps_to_the_level_whose_band_contains_it() {
        let f = framework();
        assert_eq!(f.cut_scores(), [-2.0, -1.3, -0.6, 0.1, 0.8, 1.5, 2.2, 2.9]);
        assert_eq!(f.level_for_theta(-2.5), 0);
        assert_eq!(f.level_for_theta(f64::NAN), 0);
        assert_eq!(f.level_for_theta(-2.0), 1);
        assert_eq!(f.level_for_theta(-0.61), 2);
        assert_eq!(f.level_for_theta(0.0), 3);
        assert_eq!(f.level_for_theta(2.9), 8);
        assert_eq!(f.level_for_theta(f64::INFINITY), 8);
    }

    #[test]
    fn level_centres_are_the_middle_of_each_band() {
        let f = framework();
        let centre = |l| f.level_centre(l).unwrap();
        assert!((centre(1) - -1.65).abs() < 1e-12);
        assert!((centre(4) - 0.45).abs() < 1e-12);
        assert!((centre(8) - 3.25).abs() < 1e-12);
        assert_eq!(f.level_centre(0), None);
        assert_eq!(f.level_centre(9), None);
    }

    #[test]
    fn competence_codes_need_digit_dot_digit() {
        assert!(CompetenceCode::parse("4.2").is_some());
        for bad in ["", "4", "42", "4.", "a.b", "4.22", "é.1"] {
            assert!(CompetenceCode::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(CompetenceCode::parse("3.4").unwrap().domain(), "3");
    }
}
