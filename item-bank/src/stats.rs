//! Counts of live items, for writers and for the coverage targets of the bank.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{Bank, Kind, MAX_LEVEL};

/// Live items by competence × level, by kind, and beginner items by skill. Serialises to
/// `{"live": N, "by_competence": {"1.1": {"1": n, …, "8": n}, …}, "by_kind": {"qcu": n, …},
/// "beginner": {"live": N, "skills": {"b02": n, …}}}`; every competence, level, kind and
/// non-observed skill is present, with 0 when it has no item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Number of live items.
    pub live: usize,
    /// Competence code → level ("1" … "8") → live items.
    pub by_competence: BTreeMap<String, BTreeMap<String, usize>>,
    /// Kind → live items.
    pub by_kind: BTreeMap<String, usize>,
    /// Live beginner items.
    pub beginner: BeginnerStats,
}

/// Live beginner items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BeginnerStats {
    /// Live items that have a beginner skill.
    pub live: usize,
    /// Skill id → live items (skills observed by a mediator are left out).
    pub skills: BTreeMap<String, usize>,
}

impl Bank {
    /// Counts of live items.
    pub fn stats(&self) -> Stats {
        let f = self.framework();
        let mut by_competence: BTreeMap<String, BTreeMap<String, usize>> = f
            .competences
            .iter()
            .map(|c| {
                let levels = (1..=MAX_LEVEL).map(|l| (l.to_string(), 0)).collect();
                (c.code.to_string(), levels)
            })
            .collect();
        let mut by_kind: BTreeMap<String, usize> = Kind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), 0))
            .collect();
        let mut skills: BTreeMap<String, usize> = f
            .beginner_skills
            .iter()
            .filter(|s| !s.observed)
            .map(|s| (s.id.clone(), 0))
            .collect();
        let mut live = 0;
        let mut beginner_live = 0;
        for item in self.live() {
            live += 1;
            *by_competence
                .entry(item.competence().to_string())
                .or_default()
                .entry(item.level().to_string())
                .or_default() += 1;
            *by_kind.entry(item.kind().as_str().to_owned()).or_default() += 1;
            if let Some(skill) = item.beginner_skill() {
                beginner_live += 1;
                *skills.entry(skill.to_owned()).or_default() += 1;
            }
        }
        Stats {
            live,
            by_competence,
            by_kind,
            beginner: BeginnerStats {
                live: beginner_live,
                skills,
            },
        }
    }
}
