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
//! Then, for each competence, the people at level 1 or above in each cell (`y`; those below,
//! or not measured, are `z = x − y`), région by région ([`basic_of_region`]). Only public
//! figures tie them: the région's count at level 1 or above and its people. So a région's
//! cells are released only when both are published, and only in cells whose people `x` are;
//! there, the `y` and `z` of the hidden cells add up to two numbers everyone knows (the
//! région's, less the released cells'), and nothing else bounds them. For that reason a
//! hidden `y` or `z` of 1 to 10 is protected exactly when the hidden cells hold at least 11
//! people at level 1 or above, and 11 below (a hidden cell's `x` is 0 or at least 11 when
//! published, and can be 11 or more when not: the first stage protects it). Any people
//! cross-table the first stage allows has such a split, so this stage says nothing more of
//! the people. Competences share only the people: each is protected alone.

use super::super::disclosure::{Linked, MIN_COUNT, is_sensitive, protect_around_near};
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

/// The analysts' cross-table of a month, `None` where suppressed.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossRelease {
    /// `[r][g]`: the people of row `r` and age group `g` (every row and group but the
    /// "unknown" ones).
    pub people: Vec<Vec<Option<u64>>>,
    /// `[k][r][g]`: of those, the people at level 1 or above in competence `k`.
    pub basic: Vec<Vec<Vec<Option<u64>>>>,
}

/// Protects a month's public figures and the analysts' cross-table together; `columns[g]` lists
/// the age columns (of `MonthData::people`) of group `g`, every column in one group, the last
/// group being the "unknown" one; `basic[k][r][g]` the people of row `r` (the "unknown" row
/// too) and group `g` at level 1 or above in competence `k`.
pub fn release_cross(
    data: &MonthData,
    columns: &[Vec<usize>],
    basic: &[Vec<Vec<u64>>],
) -> (MonthRelease, CrossRelease) {
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
    let released: Vec<Vec<Option<u64>>> = (0..rows)
        .map(|r| {
            (0..groups)
                .map(|g| (known(r, g) && shown[x[r][g]]).then_some(counts[x[r][g]]))
                .collect()
        })
        .collect();
    let public = public(&p, &competences);
    let basic = basic
        .iter()
        .enumerate()
        .map(|(k, of_rows)| {
            let mut out = vec![vec![None; groups - 1]; rows - 1];
            for (region, rows_of) in data.regions.iter().enumerate() {
                // The argument holds only if the cells add up to the région's own figure.
                let region_basic: u64 = rows_of
                    .iter()
                    .map(|&r| data.levels[k][r][1..].iter().sum::<u64>())
                    .sum();
                let consistent = rows_of
                    .iter()
                    .all(|&r| (0..groups).all(|g| of_rows[r][g] <= counts[x[r][g]]))
                    && rows_of
                        .iter()
                        .map(|&r| of_rows[r].iter().sum::<u64>())
                        .sum::<u64>()
                        == region_basic;
                if !consistent {
                    tracing::error!(
                        competence = k,
                        region,
                        "the cells at level 1 or above do not add up to the région's: none shown"
                    );
                }
                let open = consistent
                    && public.regions[region].is_some()
                    && public.region_basic[k][region].is_some();
                let cells: Vec<(usize, usize)> = rows_of
                    .iter()
                    .flat_map(|&r| (0..groups).map(move |g| (r, g)))
                    .collect();
                let figures: Vec<BasicCell> = cells
                    .iter()
                    .map(|&(r, g)| {
                        let x = counts[x[r][g]];
                        BasicCell {
                            people: x,
                            basic: of_rows[r][g],
                            released_people: released[r][g].is_some(),
                        }
                    })
                    .collect();
                let show = if open {
                    basic_of_region(&figures)
                } else {
                    vec![false; figures.len()]
                };
                for ((&(r, g), f), shown) in cells.iter().zip(&figures).zip(show) {
                    if shown {
                        out[r][g] = Some(f.basic);
                    }
                }
            }
            out
        })
        .collect();
    let people = released[..rows - 1]
        .iter()
        .map(|row| row[..groups - 1].to_vec())
        .collect();
    (public, CrossRelease { people, basic })
}

/// A cell of a région for one competence: its people `x`, those at level 1 or above `y`, and
/// whether `x` is released.
#[derive(Debug, Clone, Copy)]
pub struct BasicCell {
    pub people: u64,
    pub basic: u64,
    pub released_people: bool,
}

/// Which cells of a région (all of its cells, the "unknown" group's too) may show their people
/// at level 1 or above, given that the région's count at level 1 or above and its people are
/// published (see the module's notes): only cells whose people are released; none whose `y`
/// or `z` is from 1 to 10; and enough others hidden that the hidden cells hold at least
/// [`MIN_COUNT`] people at level 1 or above if one of them hides a small `y`, and as many
/// below if one hides a small `z`, with the fewest people hidden. Nothing is shown when no
/// choice protects them.
///
/// A cell still shown has a `y` and a `z` each 0 or at least [`MIN_COUNT`], so one cell with a
/// `y` covers any need at level 1 or above and one with a `z` any need below: the fewest
/// people are hidden by one cell covering both, or by the smallest of each.
pub fn basic_of_region(cells: &[BasicCell]) -> Vec<bool> {
    let below = |c: &BasicCell| c.people.saturating_sub(c.basic);
    let mut hidden: Vec<bool> = cells
        .iter()
        .map(|c| !c.released_people || is_sensitive(c.basic) || is_sensitive(below(c)))
        .collect();
    let of_hidden = |hidden: &[bool]| -> Vec<BasicCell> {
        cells
            .iter()
            .zip(hidden)
            .filter(|(_, h)| **h)
            .map(|(c, _)| *c)
            .collect()
    };
    let held = of_hidden(&hidden);
    let need = |guarded: bool, held: u64| guarded && held < MIN_COUNT;
    let need_basic = need(
        held.iter().any(|c| is_sensitive(c.basic)),
        held.iter().map(|c| c.basic).sum(),
    );
    let need_below = need(
        held.iter().any(|c| is_sensitive(below(c))),
        held.iter().map(below).sum(),
    );
    // The smallest shown cell (by people) meeting `wanted`.
    let smallest = |wanted: &dyn Fn(&BasicCell) -> bool| {
        cells
            .iter()
            .enumerate()
            .filter(|(i, c)| !hidden[*i] && wanted(c))
            .min_by_key(|(_, c)| c.people)
            .map(|(i, c)| (vec![i], c.people))
    };
    let has_basic = |c: &BasicCell| c.basic > 0;
    let has_below = |c: &BasicCell| below(c) > 0;
    let complement = match (need_basic, need_below) {
        (false, false) => Some((vec![], 0)),
        (true, false) => smallest(&has_basic),
        (false, true) => smallest(&has_below),
        (true, true) => {
            let both = smallest(&|c| has_basic(c) && has_below(c));
            let apart = smallest(&has_basic)
                .zip(smallest(&has_below))
                .map(|((a, n), (b, m))| ([a, b].concat(), n + m));
            both.into_iter().chain(apart).min_by_key(|(_, n)| *n)
        }
    };
    match complement {
        Some((picked, _)) => {
            for i in picked {
                hidden[i] = true;
            }
            hidden.iter().map(|h| !h).collect()
        }
        None => vec![false; cells.len()],
    }
}

#[cfg(test)]
#[path = "release_cross_tests.rs"]
mod tests;
