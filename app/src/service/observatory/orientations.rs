//! Premiers pas in the published tables: how many people the path oriented towards each of the
//! three levels of support (urgence, accompagnement, autonomie), by month, for the country and
//! by région — never by département, too small a month for beginners.
//!
//! **Protection.** The beginners are people of their own (the citizens' tables count only the
//! full test), so their figures form a set of their own: a table of régions (and an "unknown"
//! row for people who gave no département) × orientations, with each row's total, each
//! orientation's national count and the country's total. Every count of 1 to 10 is hidden, and
//! more cells with it so that none can be worked out or bounded under 11 from the sums; the
//! "unknown" row is never released but protected. A share is given only when its count and
//! the total it divides are both published.

use std::collections::BTreeMap;

use super::disclosure::{Linked, protect_around};
use super::geo::geography;
use super::tables::Cell;
use crate::domain::Orientation;

/// The orientations (urgence, accompagnement, autonomie).
pub const KINDS: usize = 3;

/// The value of the `orientation` dimension for all orientations together.
pub const ALL: &str = "ensemble";

/// The published tables of Premiers pas: name, title, dimensions.
pub const TABLES: [(&str, &str, &[&str]); 2] = [
    (
        "orientations-national",
        "Premiers pas : orientation proposée, France entière",
        &["month", "orientation"],
    ),
    (
        "orientations-regions",
        "Premiers pas : orientation proposée, par région",
        &["month", "region", "orientation"],
    ),
];

/// The disclosure rule of these tables, as published with them.
pub const RULE: &str = "Aucun effectif de 1 à 10 personnes n'est publié ; d'autres cases sont masquées \
     pour qu'aucun effectif masqué ne puisse être recalculé ni borné sous 11 à partir des totaux \
     par région, par orientation et pour la France entière. Chaque mois est publié une fois, \
     après sa fin, et n'est plus modifié. Une part n'est publiée que si l'effectif et le total \
     dont elle est tirée le sont. Les personnes de Premiers pas ne sont comptées dans aucun autre \
     tableau.";

/// What is published of a month: `None` for a suppressed count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrientationRelease {
    /// `[g][o]`: région `g`, orientation `o` (in [`Orientation::ALL`] order).
    pub regions: Vec<[Option<u64>; KINDS]>,
    pub region_totals: Vec<Option<u64>>,
    pub national: [Option<u64>; KINDS],
    pub total: Option<u64>,
}

/// Protects a month's orientations: `groups[g][o]` for every région `g`, then one last row of
/// people whose région is unknown.
pub fn release(groups: &[[u64; KINDS]]) -> OrientationRelease {
    let (linked, rows, totals, national, total) = linked(groups);
    let regions = groups.len().saturating_sub(1);
    let mut releasable = vec![false; linked.counts().len()];
    for g in 0..regions {
        for &c in rows[g].iter().chain([&totals[g]]) {
            releasable[c] = true;
        }
    }
    for &c in national.iter().chain([&total]) {
        releasable[c] = true;
    }
    // The "unknown" row is never released, but protected: it could be worked out from the sums.
    let guarded: Vec<bool> = releasable.iter().map(|&r| !r).collect();
    let fixed = vec![false; releasable.len()];
    let published = protect_around(&linked, &releasable, &fixed, &guarded);
    let counts = linked.counts();
    let show = |c: usize| published[c].then_some(counts[c]);
    OrientationRelease {
        regions: rows[..regions].iter().map(|r| r.map(show)).collect(),
        region_totals: totals[..regions].iter().map(|&c| show(c)).collect(),
        national: national.map(show),
        total: show(total),
    }
}

/// The set: each row's cells and total, each orientation's national count, the total.
#[allow(clippy::type_complexity)]
pub(super) fn linked(
    groups: &[[u64; KINDS]],
) -> (
    Linked,
    Vec<[usize; KINDS]>,
    Vec<usize>,
    [usize; KINDS],
    usize,
) {
    let mut linked = Linked::default();
    let mut rows = Vec::new();
    let mut totals = Vec::new();
    for g in groups {
        let cells: [usize; KINDS] = std::array::from_fn(|o| linked.cell(g[o]));
        let t = linked.cell(g.iter().sum());
        linked.sum(t, cells.to_vec());
        rows.push(cells);
        totals.push(t);
    }
    let national: [usize; KINDS] =
        std::array::from_fn(|o| linked.cell(groups.iter().map(|g| g[o]).sum()));
    let total = linked.cell(groups.iter().flatten().sum());
    for (o, &n) in national.iter().enumerate() {
        linked.sum(n, rows.iter().map(|r| r[o]).collect());
    }
    linked.sum(total, totals.clone());
    linked.sum(total, national.to_vec());
    (linked, rows, totals, national, total)
}

/// The share (whole per cent) of a count in its total, when both are published.
fn share(count: Option<u64>, total: Option<u64>) -> Option<f64> {
    match (count, total) {
        (Some(c), Some(t)) if t > 0 => Some((c as f64 * 100.0 / t as f64).round() / 100.0),
        _ => None,
    }
}

/// The cells of one row (a territory): one per orientation, then their total.
fn row_cells(
    month: &str,
    region: Option<&str>,
    counts: &[Option<u64>; KINDS],
    total: Option<u64>,
) -> Vec<Cell> {
    let cell = |orientation: &str, count: Option<u64>, share: Option<f64>| {
        let mut dimensions = BTreeMap::new();
        dimensions.insert("month".to_owned(), month.to_owned());
        if let Some(r) = region {
            dimensions.insert("region".to_owned(), r.to_owned());
        }
        dimensions.insert("orientation".to_owned(), orientation.to_owned());
        Cell {
            dimensions,
            count,
            shares: None,
            at_least_basic: None,
            share,
        }
    };
    let mut out: Vec<Cell> = Orientation::ALL
        .iter()
        .zip(counts)
        .map(|(o, &c)| cell(o.as_str(), c, share(c, total)))
        .collect();
    out.push(cell(ALL, total, None));
    out
}

/// A month's cells of both tables, by name.
pub fn cells(month: &str, r: &OrientationRelease) -> Vec<(&'static str, Vec<Cell>)> {
    let national = row_cells(month, None, &r.national, r.total);
    let regions = geography()
        .regions
        .iter()
        .zip(r.regions.iter().zip(&r.region_totals))
        .flat_map(|(reg, (counts, &total))| row_cells(month, Some(&reg.code), counts, total))
        .collect();
    vec![(TABLES[0].0, national), (TABLES[1].0, regions)]
}

/// Premiers pas people by région (the geography's order, then "unknown") and orientation.
pub fn by_region(rows: &[(String, String, i64)]) -> Vec<[u64; KINDS]> {
    let geo = geography();
    let mut out = vec![[0u64; KINDS]; geo.regions.len() + 1];
    for (d, o, n) in rows {
        let Some(o) = index_of(o) else {
            continue;
        };
        let g = geo
            .departements
            .iter()
            .find(|x| x.code == *d)
            .and_then(|x| geo.regions.iter().position(|r| r.code == x.region))
            .unwrap_or(geo.regions.len());
        out[g][o] += (*n).max(0) as u64;
    }
    out
}

/// The index of a stored orientation name.
pub fn index_of(orientation: &str) -> Option<usize> {
    Orientation::ALL
        .iter()
        .position(|o| o.as_str() == orientation)
}

#[cfg(test)]
#[path = "orientations_tests.rs"]
mod tests;
