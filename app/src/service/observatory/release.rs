//! One month's release: the counts of people by département, région, age band and for the
//! country; and for every competence the levels that give the shares, by région and nationally,
//! level by level.
//!
//! **Two stages.** The people are protected first, as one [`Linked`] set: a table of
//! départements (with an "unknown" row) × age bands (with an "unknown" column) that is never
//! published, only its margins, its régions and its total. Its inner cells only tie the margins
//! together by the grand total (any margins with equal sums are the margins of some table of
//! whole numbers), so the set holds the margins and that relation, not the inner cells. Then
//! each competence's levels are protected on their own: a table of régions (and the "unknown"
//! département as a group of its own) × levels, with each row's total and the country's total
//! tied to the first stage's cells: what it published is fixed (known to everyone, never hidden
//! again), what it hid stays unknown, and a row whose total it hid is not released at all. No
//! sum links one competence's levels to another's: they share only the first stage's cells, and
//! a competence releases levels only under totals everyone knows, so it tells nothing new about
//! a hidden total. Protecting the competences one by one loses nothing, and each programme
//! stays small.
//!
//! By département, a month's counts per level are too small to publish a share; the map colours
//! each département with its région's share (the "geography coarsens" rule).
//!
//! Each competence has a "not measured" level (index [`NOT_MEASURED`]) for people whose record
//! has no level for it (none today: every record has all sixteen), so that a competence's levels
//! always add up to the people counted.

use super::disclosure::{Linked, protect_around};

/// Levels 0–8 and "not measured".
pub const SLOTS: usize = 10;
/// The slot of people with no level for the competence.
pub const NOT_MEASURED: usize = 9;

/// One month's people and levels.
#[derive(Debug, Clone)]
pub struct MonthData {
    /// `people[r][a]`: people of département row `r` (the geography's order, then "unknown") and
    /// age column `a` (the age bands, then "unknown").
    pub people: Vec<Vec<u64>>,
    /// `levels[k][r][l]`: people of département row `r` at level `l` (0–8) of competence `k`.
    pub levels: Vec<Vec<[u64; 9]>>,
    /// The département rows of each région (the "unknown" row is in none).
    pub regions: Vec<Vec<usize>>,
}

/// What is published of a month: `None` for a suppressed count.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthRelease {
    /// By département row (the "unknown" row is never published, but protected).
    pub departements: Vec<Option<u64>>,
    pub regions: Vec<Option<u64>>,
    /// By age column (the "unknown" column is never published).
    pub ages: Vec<Option<u64>>,
    pub total: Option<u64>,
    /// `[k][g][l]`: competence `k`, région `g`, slot `l` (see [`SLOTS`]).
    pub region_levels: Vec<Vec<[Option<u64>; SLOTS]>>,
    /// `[k][g]`: people of région `g` at level 1 or above in competence `k`.
    pub region_basic: Vec<Vec<Option<u64>>>,
    /// `[k][l]`: the country.
    pub national_levels: Vec<[Option<u64>; SLOTS]>,
    pub national_basic: Vec<Option<u64>>,
}

fn slots_of(levels: &[u64; 9], people: u64) -> [u64; SLOTS] {
    let mut s = [0u64; SLOTS];
    s[..9].copy_from_slice(levels);
    s[NOT_MEASURED] = people.saturating_sub(levels.iter().sum());
    s
}

fn basic_of(s: &[u64; SLOTS]) -> u64 {
    s[1..9].iter().sum()
}

/// The first stage: the people's margins and what is published of them.
struct People {
    departements: Vec<usize>,
    ages: Vec<usize>,
    regions: Vec<usize>,
    total: usize,
    linked: Linked,
    published: Vec<bool>,
}

fn people(data: &MonthData) -> People {
    let rows = data.people.len();
    let columns = data.people.first().map_or(0, Vec::len);
    let row_people: Vec<u64> = data.people.iter().map(|r| r.iter().sum()).collect();
    let mut linked = Linked::default();
    let mut releasable = Vec::new();
    let mut cell = |linked: &mut Linked, n: u64, release: bool| {
        releasable.push(release);
        linked.cell(n)
    };
    let departements: Vec<usize> = (0..rows)
        .map(|r| cell(&mut linked, row_people[r], r + 1 != rows))
        .collect();
    let ages: Vec<usize> = (0..columns)
        .map(|a| {
            cell(
                &mut linked,
                data.people.iter().map(|r| r[a]).sum(),
                a + 1 != columns,
            )
        })
        .collect();
    let regions: Vec<usize> = data
        .regions
        .iter()
        .map(|g| cell(&mut linked, g.iter().map(|&r| row_people[r]).sum(), true))
        .collect();
    let total = cell(&mut linked, row_people.iter().sum(), true);
    linked.sum(total, departements.clone());
    linked.sum(total, ages.clone());
    for (g, rows_of) in data.regions.iter().enumerate() {
        linked.sum(
            regions[g],
            rows_of.iter().map(|&r| departements[r]).collect(),
        );
    }
    // The "unknown" row and column are never released, but protected: they can be worked out.
    let guarded: Vec<bool> = releasable.iter().map(|&r| !r).collect();
    let fixed = vec![false; releasable.len()];
    let published = protect_around(&linked, &releasable, &fixed, &guarded);
    People {
        departements,
        ages,
        regions,
        total,
        linked,
        published,
    }
}

/// The second stage for one competence: the régions' (and the "unknown" row's) levels, in a
/// set that holds the first stage's cells and sums too — its published cells fixed (known to
/// everyone, never hidden again), its hidden ones unknowns — so the bounds here account for all
/// the first stage says. A row is released only under a published total; the "unknown" row never.
struct Levels {
    levels: Vec<[Option<u64>; SLOTS]>,
    basic: Vec<Option<u64>>,
    national: [Option<u64>; SLOTS],
    national_basic: Option<u64>,
}

fn competence_levels(data: &MonthData, k: usize, p: &People) -> Levels {
    let rows = data.people.len();
    let row_people: Vec<u64> = data.people.iter().map(|r| r.iter().sum()).collect();
    // The régions, then the "unknown" row alone, with their totals in the first stage.
    let mut groups: Vec<(Vec<usize>, usize)> = data
        .regions
        .iter()
        .zip(&p.regions)
        .map(|(g, &t)| (g.clone(), t))
        .collect();
    groups.push((vec![rows - 1], p.departements[rows - 1]));
    let mut linked = p.linked.clone();
    let mut releasable = vec![false; p.published.len()];
    let mut fixed = p.published.clone();
    // Every small count stays protected, released or not: the first stage's hidden ones, and
    // the rows this stage does not release (they could be worked out from the sums).
    let mut guarded: Vec<bool> = p.published.iter().map(|&shown| !shown).collect();
    let mut cell = |linked: &mut Linked, n: u64, release: bool| {
        releasable.push(release);
        fixed.push(false);
        guarded.push(!release);
        linked.cell(n)
    };
    let mut level_cells = Vec::new();
    let mut basic_cells = Vec::new();
    for (g, (rows_of, total)) in groups.iter().enumerate() {
        let s = rows_of.iter().fold([0; SLOTS], |mut acc, &r| {
            for (a, v) in acc
                .iter_mut()
                .zip(slots_of(&data.levels[k][r], row_people[r]))
            {
                *a += v;
            }
            acc
        });
        let release = p.published[*total] && g < data.regions.len();
        let l: [usize; SLOTS] = std::array::from_fn(|i| cell(&mut linked, s[i], release));
        let b = cell(&mut linked, basic_of(&s), release);
        linked.sum(*total, l.to_vec());
        linked.sum(b, l[1..9].to_vec());
        level_cells.push((l, s));
        basic_cells.push(b);
    }
    let national_slots: [u64; SLOTS] =
        std::array::from_fn(|i| level_cells.iter().map(|(_, s)| s[i]).sum());
    // Like a row, the country's levels only under a published total.
    let release = p.published[p.total];
    let national: [usize; SLOTS] =
        std::array::from_fn(|i| cell(&mut linked, national_slots[i], release));
    let national_basic = cell(&mut linked, basic_of(&national_slots), release);
    linked.sum(p.total, national.to_vec());
    for (i, &c) in national.iter().enumerate() {
        linked.sum(c, level_cells.iter().map(|(l, _)| l[i]).collect());
    }
    linked.sum(national_basic, national[1..9].to_vec());
    linked.sum(national_basic, basic_cells.clone());
    let published = protect_around(&linked, &releasable, &fixed, &guarded);
    let counts = linked.counts();
    let show = |c: usize| (published[c] && !fixed[c]).then_some(counts[c]);
    let regions = data.regions.len();
    Levels {
        levels: level_cells[..regions]
            .iter()
            .map(|(l, _)| l.map(show))
            .collect(),
        basic: basic_cells[..regions].iter().map(|&c| show(c)).collect(),
        national: national.map(show),
        national_basic: show(national_basic),
    }
}

/// Protects a month's figures and returns what may be published.
pub fn release(data: &MonthData) -> MonthRelease {
    let (p, competences) = stages(data);
    public(&p, &competences)
}

/// The two stages of the public release.
fn stages(data: &MonthData) -> (People, Vec<Levels>) {
    let p = people(data);
    let competences: Vec<Levels> = (0..data.levels.len())
        .map(|k| competence_levels(data, k, &p))
        .collect();
    (p, competences)
}

/// What the public release publishes.
fn public(p: &People, competences: &[Levels]) -> MonthRelease {
    let counts = p.linked.counts();
    let show = |c: usize| p.published[c].then_some(counts[c]);
    MonthRelease {
        departements: p.departements.iter().map(|&c| show(c)).collect(),
        regions: p.regions.iter().map(|&c| show(c)).collect(),
        ages: p.ages.iter().map(|&c| show(c)).collect(),
        total: show(p.total),
        region_levels: competences.iter().map(|c| c.levels.clone()).collect(),
        region_basic: competences.iter().map(|c| c.basic.clone()).collect(),
        national_levels: competences.iter().map(|c| c.national).collect(),
        national_basic: competences.iter().map(|c| c.national_basic).collect(),
    }
}

/// Shares (whole per cent) of levels 0–8 among the people measured, and the share at level 1 or
/// above, from published counts only: a share needs its count and the number measured
/// (everyone counted less those not measured, or the sum of every level's count).
pub fn shares(
    people: Option<u64>,
    slots: &[Option<u64>; SLOTS],
    basic: Option<u64>,
) -> Option<(Vec<Option<f64>>, Option<f64>)> {
    let measured = match (people, slots[NOT_MEASURED]) {
        (Some(p), Some(m)) => Some(p - m),
        _ => slots[..9].iter().copied().sum::<Option<u64>>(),
    }?;
    if measured == 0 {
        return None;
    }
    let share = |k: u64| (k as f64 * 100.0 / measured as f64).round() / 100.0;
    Some((
        slots[..9].iter().map(|s| s.map(share)).collect(),
        basic.map(share),
    ))
}

#[path = "release_cross.rs"]
pub mod cross;

#[cfg(test)]
#[path = "release_tests.rs"]
mod tests;
