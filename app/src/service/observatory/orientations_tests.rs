//! Premiers pas orientations, checked by an attacker of our own that does not use the set of
//! `orientations.rs`: the unknowns are the people of each (région or "unknown", orientation);
//! every published figure is an equation over them; for each hidden figure of 1 to 10 people
//! (the "unknown" row's included) it looks for a split that agrees with everything published
//! and puts at least `MIN_COUNT` people in it.

use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem};
use proptest::prelude::*;

use super::*;
use crate::service::observatory::disclosure::{MIN_COUNT, is_sensitive};

/// A figure: the (row, orientation) cells it adds up, its true value, what is published.
type Figure = (Vec<(usize, usize)>, u64, Option<u64>);

fn figures(groups: &[[u64; KINDS]], r: &OrientationRelease) -> Vec<Figure> {
    let rows = groups.len();
    let value = |cells: &[(usize, usize)]| cells.iter().map(|&(g, o)| groups[g][o]).sum();
    let mut out: Vec<Figure> = Vec::new();
    for g in 0..rows {
        let known = g + 1 < rows;
        for o in 0..KINDS {
            let c = vec![(g, o)];
            let shown = if known { r.regions[g][o] } else { None };
            out.push((c.clone(), value(&c), shown));
        }
        let c: Vec<(usize, usize)> = (0..KINDS).map(|o| (g, o)).collect();
        let shown = if known { r.region_totals[g] } else { None };
        out.push((c.clone(), value(&c), shown));
    }
    for o in 0..KINDS {
        let c: Vec<(usize, usize)> = (0..rows).map(|g| (g, o)).collect();
        out.push((c.clone(), value(&c), r.national[o]));
    }
    let c: Vec<(usize, usize)> = (0..rows)
        .flat_map(|g| (0..KINDS).map(move |o| (g, o)))
        .collect();
    out.push((c.clone(), value(&c), r.total));
    out
}

/// The most `target` can hold in a split that agrees with everything published.
fn largest(rows: usize, figs: &[Figure], target: &[(usize, usize)]) -> f64 {
    let mut p = Problem::new(OptimizationDirection::Maximize);
    let vars: Vec<Vec<_>> = (0..rows)
        .map(|g| {
            (0..KINDS)
                .map(|o| {
                    let w = if target.contains(&(g, o)) { 1.0 } else { 0.0 };
                    p.add_var(w, (0.0, f64::INFINITY))
                })
                .collect()
        })
        .collect();
    for (cells, _, shown) in figs {
        let Some(n) = shown else { continue };
        let mut e = LinearExpr::empty();
        cells.iter().for_each(|&(g, o)| e.add(vars[g][o], 1.0));
        p.add_constraint(e, ComparisonOp::Eq, *n as f64);
    }
    match p.solve() {
        Ok(s) => s.objective(),
        Err(microlp::Error::Unbounded) => f64::INFINITY,
        Err(e) => panic!("the true split agrees with everything published, yet: {e}"),
    }
}

/// The first hidden small figure the attacker bounds under 11, if any.
fn breach(groups: &[[u64; KINDS]], r: &OrientationRelease) -> Option<String> {
    let figs = figures(groups, r);
    for (cells, n, shown) in &figs {
        if let Some(v) = shown {
            assert_eq!(v, n, "a published figure is the true one: {cells:?}");
            assert!(!is_sensitive(*n), "{cells:?} published with {n} people");
        }
    }
    figs.iter()
        .filter(|(_, n, shown)| shown.is_none() && is_sensitive(*n))
        .find_map(|(cells, n, _)| {
            let most = largest(groups.len(), &figs, cells);
            (most < MIN_COUNT as f64 - 1e-6).then(|| format!("{cells:?} ({n}) bounded by {most}"))
        })
}

/// Release without complementary suppression: only the small counts hidden.
fn small_hidden_only(groups: &[[u64; KINDS]]) -> OrientationRelease {
    let show = |n: u64| (!is_sensitive(n)).then_some(n);
    let regions = groups.len() - 1;
    OrientationRelease {
        regions: groups[..regions].iter().map(|g| g.map(show)).collect(),
        region_totals: groups[..regions]
            .iter()
            .map(|g| show(g.iter().sum()))
            .collect(),
        national: std::array::from_fn(|o| show(groups.iter().map(|g| g[o]).sum())),
        total: show(groups.iter().flatten().sum()),
    }
}

fn month() -> impl Strategy<Value = Vec<[u64; KINDS]>> {
    // 3 to 7 régions and the "unknown" row; many small counts, some large.
    prop::collection::vec(prop::array::uniform3(prop_oneof![0u64..12, 0u64..60]), 4..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_hidden_small_count_can_be_bounded_under_eleven(groups in month()) {
        let r = release(&groups);
        prop_assert_eq!(breach(&groups, &r), None);
    }
}

#[test]
fn without_complementary_suppression_the_attacker_finds_a_small_count() {
    // One région with 4 people in urgence and 30 in all: 30 − the other two = 4.
    let groups = vec![[4, 12, 14], [20, 30, 40], [15, 16, 17], [0, 0, 0]];
    let r = small_hidden_only(&groups);
    assert!(breach(&groups, &r).is_some());
    let r = release(&groups);
    assert_eq!(breach(&groups, &r), None);
    assert_eq!(r.regions[0][0], None);
    assert!(r.regions.iter().flatten().any(Option::is_some), "{r:?}");
}

#[test]
fn shares_come_from_published_counts_only() {
    let groups = vec![[4, 12, 14], [20, 30, 40], [15, 16, 17], [0, 0, 0]];
    let r = release(&groups);
    for (_, cells) in cells("2026-10", &r) {
        // Each territory's four cells, the total last: a share needs its count and the total.
        for row in cells.chunks(4) {
            let total = row[3].count;
            assert_eq!(row[3].dimensions["orientation"], ALL);
            for c in &row[..3] {
                if let Some(s) = c.share {
                    let (n, t) = (
                        c.count.expect("a share with its count"),
                        total.expect("and its total"),
                    );
                    assert_eq!(s, share(Some(n), Some(t)).unwrap(), "{c:?}");
                } else {
                    assert!(
                        c.count.is_none() || total.is_none() || total == Some(0),
                        "{c:?}"
                    );
                }
            }
        }
    }
    // Région 2's urgence: 20 of 90.
    assert_eq!(share(Some(20), Some(90)), Some(0.22));
    assert_eq!(share(Some(20), None), None);
}
