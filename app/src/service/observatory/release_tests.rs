//! A month's release, checked by an attacker of our own who does not use the reduced set of
//! `release.rs`: it writes the month as the people really are split — for each competence and
//! département, the people at each level (and not measured) — with every published figure as a
//! linear equation over those unknowns, and for each hidden count of 1 to 10 people it looks for
//! a split that agrees with everything published and puts at least `MIN_COUNT` people in it.

use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem, Variable};
use proptest::prelude::*;

use super::*;
use crate::service::observatory::disclosure::{MIN_COUNT, is_sensitive};

/// A figure as the attacker writes it: a sum over (competence, row, slot) unknowns, or over
/// rows' or age columns' people.
#[derive(Debug, Clone)]
enum Figure {
    /// Σ over rows of their people.
    Rows(Vec<usize>),
    /// Σ over age columns of their people.
    Ages(Vec<usize>),
    /// Σ over (row, slot) of competence k.
    Levels(usize, Vec<(usize, usize)>),
}

/// Every figure of the release: what it sums, its true value, whether it is published.
fn figures(data: &MonthData, r: &MonthRelease) -> Vec<(Figure, u64, Option<u64>)> {
    let rows = data.people.len();
    let known_rows = rows - 1;
    let columns = data.people[0].len();
    let row_people =
        |rs: &[usize]| -> u64 { rs.iter().map(|&x| data.people[x].iter().sum::<u64>()).sum() };
    let slot = |k: usize, x: usize, l: usize| -> u64 {
        if l == NOT_MEASURED {
            data.people[x].iter().sum::<u64>() - data.levels[k][x].iter().sum::<u64>()
        } else {
            data.levels[k][x][l]
        }
    };
    let mut out = Vec::new();
    for x in 0..known_rows {
        out.push((Figure::Rows(vec![x]), row_people(&[x]), r.departements[x]));
    }
    for (g, rs) in data.regions.iter().enumerate() {
        out.push((Figure::Rows(rs.clone()), row_people(rs), r.regions[g]));
    }
    for a in 0..columns - 1 {
        let n = data.people.iter().map(|row| row[a]).sum();
        out.push((Figure::Ages(vec![a]), n, r.ages[a]));
    }
    let all: Vec<usize> = (0..rows).collect();
    out.push((Figure::Rows(all.clone()), row_people(&all), r.total));
    // Never published, but people all the same: the "unknown" row and column, and the unknown
    // row's levels.
    out.push((
        Figure::Rows(vec![known_rows]),
        row_people(&[known_rows]),
        None,
    ));
    let unknown_age = data.people.iter().map(|row| row[columns - 1]).sum();
    out.push((Figure::Ages(vec![columns - 1]), unknown_age, None));
    for k in 0..data.levels.len() {
        for l in 0..SLOTS {
            let n = slot(k, known_rows, l);
            out.push((Figure::Levels(k, vec![(known_rows, l)]), n, None));
        }
    }
    for k in 0..data.levels.len() {
        for (g, rs) in data.regions.iter().enumerate() {
            for l in 0..SLOTS {
                let cells: Vec<(usize, usize)> = rs.iter().map(|&x| (x, l)).collect();
                let n = cells.iter().map(|&(x, l)| slot(k, x, l)).sum();
                out.push((Figure::Levels(k, cells), n, r.region_levels[k][g][l]));
            }
            let cells: Vec<(usize, usize)> = rs
                .iter()
                .flat_map(|&x| (1..9).map(move |l| (x, l)))
                .collect();
            let n = cells.iter().map(|&(x, l)| slot(k, x, l)).sum();
            out.push((Figure::Levels(k, cells), n, r.region_basic[k][g]));
        }
        for l in 0..SLOTS {
            let cells: Vec<(usize, usize)> = (0..rows).map(|x| (x, l)).collect();
            let n = cells.iter().map(|&(x, l)| slot(k, x, l)).sum();
            out.push((Figure::Levels(k, cells), n, r.national_levels[k][l]));
        }
        let cells: Vec<(usize, usize)> = (0..rows)
            .flat_map(|x| (1..9).map(move |l| (x, l)))
            .collect();
        let n = cells.iter().map(|&(x, l)| slot(k, x, l)).sum();
        out.push((Figure::Levels(k, cells), n, r.national_basic[k]));
    }
    out
}

/// The largest value `target` can take in a split of the people that agrees with everything
/// published (`None`: unbounded).
fn largest(
    data: &MonthData,
    published: &[(Figure, u64, Option<u64>)],
    target: &Figure,
) -> Option<f64> {
    let rows = data.people.len();
    let columns = data.people[0].len();
    let competences = data.levels.len();
    let mut p = Problem::new(OptimizationDirection::Maximize);
    // Unknowns: each row's people, each age column's people, each (k, row, slot).
    let in_target_rows = |x: usize| matches!(target, Figure::Rows(rs) if rs.contains(&x));
    let in_target_ages = |a: usize| matches!(target, Figure::Ages(as_) if as_.contains(&a));
    let in_target_levels = |k: usize, x: usize, l: usize| matches!(target, Figure::Levels(t, cells) if *t == k && cells.contains(&(x, l)));
    let row_vars: Vec<Variable> = (0..rows)
        .map(|x| {
            p.add_var(
                if in_target_rows(x) { 1.0 } else { 0.0 },
                (0.0, f64::INFINITY),
            )
        })
        .collect();
    let age_vars: Vec<Variable> = (0..columns)
        .map(|a| {
            p.add_var(
                if in_target_ages(a) { 1.0 } else { 0.0 },
                (0.0, f64::INFINITY),
            )
        })
        .collect();
    let level_vars: Vec<Vec<Vec<Variable>>> = (0..competences)
        .map(|k| {
            (0..rows)
                .map(|x| {
                    (0..SLOTS)
                        .map(|l| {
                            let w = if in_target_levels(k, x, l) { 1.0 } else { 0.0 };
                            p.add_var(w, (0.0, f64::INFINITY))
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    // The ties every month has: the rows and the age columns count the same people, and each
    // competence splits each row's people over the slots.
    let mut e = LinearExpr::empty();
    for &v in &row_vars {
        e.add(v, 1.0);
    }
    for &v in &age_vars {
        e.add(v, -1.0);
    }
    p.add_constraint(e, ComparisonOp::Eq, 0.0);
    for competence in &level_vars {
        for (row, &people) in competence.iter().zip(&row_vars) {
            let mut e = LinearExpr::empty();
            for &v in row {
                e.add(v, 1.0);
            }
            e.add(people, -1.0);
            p.add_constraint(e, ComparisonOp::Eq, 0.0);
        }
    }
    for (f, _, shown) in published {
        let Some(n) = shown else { continue };
        let mut e = LinearExpr::empty();
        match f {
            Figure::Rows(rs) => rs.iter().for_each(|&x| e.add(row_vars[x], 1.0)),
            Figure::Ages(as_) => as_.iter().for_each(|&a| e.add(age_vars[a], 1.0)),
            Figure::Levels(k, cells) => {
                cells
                    .iter()
                    .for_each(|&(x, l)| e.add(level_vars[*k][x][l], 1.0));
            }
        }
        p.add_constraint(e, ComparisonOp::Eq, *n as f64);
    }
    match p.solve() {
        Ok(s) => Some(s.objective()),
        Err(microlp::Error::Unbounded) => None,
        Err(e) => panic!("the true split agrees with everything published, yet: {e}"),
    }
}

/// Asserts the rules on a month; returns how many figures are hidden.
fn assert_month_protected(data: &MonthData) -> usize {
    let r = release(data);
    let figs = figures(data, &r);
    for (f, n, shown) in &figs {
        if let Some(v) = shown {
            assert_eq!(v, n, "a published figure is the true one: {f:?}");
            assert!(!is_sensitive(*n), "{f:?} published with {n} people");
        }
    }
    for (f, n, shown) in &figs {
        if shown.is_some() || !is_sensitive(*n) {
            continue;
        }
        if let Some(most) = largest(data, &figs, f) {
            assert!(
                most >= MIN_COUNT as f64 - 1e-6,
                "{f:?} ({n} people) is bounded by {most} in {data:?}"
            );
        }
    }
    figs.iter().filter(|(_, _, s)| s.is_none()).count()
}

/// A small month from a seed: `rows` départements in `groups` régions, `columns` age bands,
/// `competences` competences; counts often small.
fn month(seed: u64, rows: usize, groups: usize, columns: usize, competences: usize) -> MonthData {
    let mut state = seed | 1;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let small = |next: &mut dyn FnMut(u64) -> u64| match next(10) {
        0..=3 => 0,
        4..=7 => 1 + next(10),
        _ => 11 + next(30),
    };
    let people: Vec<Vec<u64>> = (0..=rows)
        .map(|_| (0..=columns).map(|_| small(&mut next)).collect())
        .collect();
    let levels = (0..competences)
        .map(|_| {
            people
                .iter()
                .map(|row| {
                    let mut l = [0u64; 9];
                    for _ in 0..row.iter().sum::<u64>() {
                        // Mostly the middle levels, few at the ends.
                        let v = (next(5) + next(5)) as usize;
                        l[v.min(8)] += 1;
                    }
                    l
                })
                .collect()
        })
        .collect();
    let mut regions = vec![Vec::new(); groups];
    for x in 0..rows {
        regions[x % groups].push(x);
    }
    MonthData {
        people,
        levels,
        regions,
    }
}

#[test]
fn large_counts_are_all_published_with_their_shares() {
    let people = vec![vec![40, 30], vec![25, 50], vec![0, 0]];
    let levels = vec![vec![
        [20, 30, 20, 0, 0, 0, 0, 0, 0],
        [15, 30, 30, 0, 0, 0, 0, 0, 0],
        [0; 9],
    ]];
    let data = MonthData {
        people,
        levels,
        regions: vec![vec![0, 1]],
    };
    let r = release(&data);
    assert_eq!(r.departements, vec![Some(70), Some(75), None]);
    assert_eq!(r.total, Some(145));
    assert_eq!(r.region_levels[0][0][..3], [Some(35), Some(60), Some(50)]);
    let (s, basic) = shares(r.total, &r.national_levels[0], r.national_basic[0]).unwrap();
    assert_eq!(s[0], Some(0.24));
    assert_eq!(basic, Some(0.76));
    // Hidden: only what is never published (the unknown row and column, the row's 10 levels).
    assert_eq!(assert_month_protected(&data), 12);
}

#[test]
fn a_small_level_in_a_region_is_hidden_with_enough_others() {
    // Région 0 (départements 0 and 1): 3 people at level 0 — hidden, with other cells so that
    // neither the région's total nor the country's levels give it away.
    let data = MonthData {
        people: vec![vec![30], vec![40], vec![20], vec![0]],
        levels: vec![vec![
            [3, 27, 0, 0, 0, 0, 0, 0, 0],
            [0, 40, 0, 0, 0, 0, 0, 0, 0],
            [12, 8, 0, 0, 0, 0, 0, 0, 0],
            [0; 9],
        ]],
        regions: vec![vec![0, 1], vec![2]],
    };
    let r = release(&data);
    assert_eq!(r.region_levels[0][0][0], None);
    assert_eq!(r.regions[0], Some(70), "the région's count stays");
    assert!(assert_month_protected(&data) >= 4);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_hidden_small_count_can_be_worked_out(
        seed in any::<u64>(),
        rows in 2usize..6,
        groups in 1usize..3,
        columns in 1usize..3,
        competences in 1usize..4,
    ) {
        let data = month(seed, rows, groups.min(rows), columns, competences);
        assert_month_protected(&data);
    }
}
