//! The analysts' cross-table of a month: the people by département × age group. Analysts can
//! also read the public tables, so the cross-table is protected on top of the public release,
//! in the same set: what the public release published is fixed (known to everyone, never hidden
//! again), what it hid stays protected.
//!
//! The cells `x` of départements (with the "unknown" row) × age groups (with an "unknown" group:
//! no age given) are tied to the first stage's cells: each row sums to its département's count,
//! each group's total (never released: the public bands give it) to its age bands' counts. The
//! "unknown" row and group are never released, but protected. `release_cross_tests.rs` checks
//! the whole against an attacker that sees every table of both releases at once.
//!
//! Not yet released: each competence's people at level 1 or above by cell. Tied to the public
//! count at level 1 or above of their région, the released ones leave the sum of the hidden
//! ones known, which bounds a small count under a hidden cell; protecting each of those takes
//! the whole programme, minutes a month (tried, and stopped by a review; see the README).

use super::super::disclosure::{Linked, protect_around_near};
use super::{MonthData, MonthRelease, public, stages};

/// The analysts' age groups, each a union of the records' age bands (broad bands, as Insee
/// publishes at local levels, so that a département's cells are not mostly suppressed).
pub const AGE_GROUPS: [(&str, [&str; 2]); 4] = [
    ("moins de 25", ["moins de 16", "16-24"]),
    ("25-44", ["25-34", "35-44"]),
    ("45-64", ["45-54", "55-64"]),
    ("65 et plus", ["65-74", "75+"]),
];

/// A cell added to a set under construction, with its three marks.
struct Marks {
    releasable: Vec<bool>,
    fixed: Vec<bool>,
    guarded: Vec<bool>,
}

impl Marks {
    /// The marks of cells an earlier stage published (`published[i]`) or hid.
    fn after(published: &[bool]) -> Self {
        Marks {
            releasable: vec![false; published.len()],
            fixed: published.to_vec(),
            guarded: published.iter().map(|&shown| !shown).collect(),
        }
    }

    fn cell(&mut self, linked: &mut Linked, n: u64, release: bool) -> usize {
        self.releasable.push(release);
        self.fixed.push(false);
        self.guarded.push(!release);
        linked.cell(n)
    }

    fn protect(&self, linked: &Linked) -> Vec<bool> {
        protect_around_near(linked, &self.releasable, &self.fixed, &self.guarded)
    }
}

/// The analysts' cross-table of a month: `[r][g]`, the people of row `r` and age group `g`
/// (every row and group but the "unknown" ones), `None` when suppressed.
pub type CrossRelease = Vec<Vec<Option<u64>>>;

/// Protects a month's public figures and the analysts' cross-table together; `columns[g]` lists
/// the age columns (of `MonthData::people`) of group `g`, every column in one group, the last
/// group being the "unknown" one.
pub fn release_cross(data: &MonthData, columns: &[Vec<usize>]) -> (MonthRelease, CrossRelease) {
    let (p, competences) = stages(data);
    let rows = data.people.len();
    let groups = columns.len();
    let known = |r: usize, g: usize| r + 1 != rows && g + 1 != groups;

    let mut people = p.linked.clone();
    let mut marks = Marks::after(&p.published);
    let totals: Vec<usize> = columns
        .iter()
        .map(|of_group| {
            let n = of_group
                .iter()
                .map(|&a| data.people.iter().map(|row| row[a]).sum::<u64>())
                .sum();
            // Never released (the public age bands say it already), and not a question of its
            // own: its bands are protected by the first stage.
            let c = marks.cell(&mut people, n, false);
            marks.guarded[c] = false;
            c
        })
        .collect();
    let x: Vec<Vec<usize>> = (0..rows)
        .map(|r| {
            (0..groups)
                .map(|g| {
                    let n = columns[g].iter().map(|&a| data.people[r][a]).sum();
                    marks.cell(&mut people, n, known(r, g))
                })
                .collect()
        })
        .collect();
    for (g, of_group) in columns.iter().enumerate() {
        people.sum(totals[g], of_group.iter().map(|&a| p.ages[a]).collect());
        people.sum(totals[g], x.iter().map(|row| row[g]).collect());
    }
    for (r, row) in x.iter().enumerate() {
        people.sum(p.departements[r], row.clone());
    }
    let shown = marks.protect(&people);
    let counts = people.counts();
    let cross = (0..rows - 1)
        .map(|r| {
            (0..groups - 1)
                .map(|g| shown[x[r][g]].then_some(counts[x[r][g]]))
                .collect()
        })
        .collect();
    (public(&p, &competences), cross)
}

#[cfg(test)]
#[path = "release_cross_tests.rs"]
mod tests;
