//! The public release and the analysts' cross-table of a month, checked together by an attacker
//! of our own that does not use the staged sets of `release.rs` and `release_cross.rs`: it
//! writes the month as the people really are split — for each département, age band,
//! competence and level (or not measured) — every published figure of both releases as a
//! linear equation over those unknowns, and for each hidden count of 1 to 10 people looks for a
//! split that agrees with everything published and puts at least `MIN_COUNT` people in it.

use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem};
use proptest::prelude::*;

use super::super::{MonthData, NOT_MEASURED, SLOTS};
use super::*;
use crate::service::observatory::disclosure::{MIN_COUNT, is_sensitive};

/// A month split finely: `fine[k][r][a][l]` people of row `r`, age column `a` at slot `l` of
/// competence `k` (the same people for every competence).
struct Fine {
    people: Vec<Vec<u64>>,
    fine: Vec<Vec<Vec<[u64; SLOTS]>>>,
    regions: Vec<Vec<usize>>,
    columns: Vec<Vec<usize>>,
}

impl Fine {
    fn month(&self) -> MonthData {
        MonthData {
            people: self.people.clone(),
            levels: self
                .fine
                .iter()
                .map(|rows| {
                    rows.iter()
                        .map(|ages| std::array::from_fn(|l| ages.iter().map(|s| s[l]).sum()))
                        .collect()
                })
                .collect(),
            regions: self.regions.clone(),
        }
    }

    /// `[k][r][g]`: the people of row `r` and age group `g` at level 1 or above in competence `k`.
    fn basic(&self) -> Vec<Vec<Vec<u64>>> {
        self.fine
            .iter()
            .map(|rows| {
                rows.iter()
                    .map(|ages| {
                        self.columns
                            .iter()
                            .map(|cols| {
                                cols.iter()
                                    .map(|&a| ages[a][1..9].iter().sum::<u64>())
                                    .sum()
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }

    fn release(&self) -> (MonthRelease, CrossRelease) {
        release_cross(&self.month(), &self.columns, &self.basic())
    }
}

/// A figure: a sum over people cells `(r, a)`, or over level cells `(k, r, a, l)`.
#[derive(Debug, Clone)]
enum Figure {
    People(Vec<(usize, usize)>),
    Levels(Vec<(usize, usize, usize, usize)>),
}

fn people_of(rows: &[usize], ages: &[usize]) -> Figure {
    Figure::People(
        rows.iter()
            .flat_map(|&r| ages.iter().map(move |&a| (r, a)))
            .collect(),
    )
}

fn levels_of(k: usize, rows: &[usize], ages: &[usize], slots: &[usize]) -> Figure {
    let mut cells = Vec::new();
    for &r in rows {
        for &a in ages {
            for &l in slots {
                cells.push((k, r, a, l));
            }
        }
    }
    Figure::Levels(cells)
}

fn value(m: &Fine, f: &Figure) -> u64 {
    match f {
        Figure::People(cells) => cells.iter().map(|&(r, a)| m.people[r][a]).sum(),
        Figure::Levels(cells) => cells.iter().map(|&(k, r, a, l)| m.fine[k][r][a][l]).sum(),
    }
}

/// Every figure of both releases (published or not) with what was published of it.
fn figures(m: &Fine, r: &MonthRelease, c: &CrossRelease) -> Vec<(Figure, Option<u64>)> {
    let rows = m.people.len();
    let columns = m.people[0].len();
    let all_rows: Vec<usize> = (0..rows).collect();
    let all_ages: Vec<usize> = (0..columns).collect();
    let basic: Vec<usize> = (1..9).collect();
    let below = [0, NOT_MEASURED];
    let mut out = Vec::new();
    for x in 0..rows {
        let shown = if x + 1 < rows {
            r.departements[x]
        } else {
            None
        };
        out.push((people_of(&[x], &all_ages), shown));
    }
    for (g, rs) in m.regions.iter().enumerate() {
        out.push((people_of(rs, &all_ages), r.regions[g]));
    }
    for a in 0..columns {
        let shown = if a + 1 < columns { r.ages[a] } else { None };
        out.push((people_of(&all_rows, &[a]), shown));
    }
    out.push((people_of(&all_rows, &all_ages), r.total));
    for (g, cols) in m.columns.iter().enumerate() {
        out.push((people_of(&all_rows, cols), None));
        for x in 0..rows {
            // The "unknown" row and group are never published.
            let shown = c
                .people
                .get(x)
                .and_then(|row| row.get(g).copied().flatten());
            out.push((people_of(&[x], cols), shown));
        }
    }
    let mut unknown_rows = m.regions.clone();
    unknown_rows.push(vec![rows - 1]);
    for k in 0..m.fine.len() {
        for (g, rs) in unknown_rows.iter().enumerate() {
            let public = g < m.regions.len();
            for l in 0..SLOTS {
                let shown = if public {
                    r.region_levels[k][g][l]
                } else {
                    None
                };
                out.push((levels_of(k, rs, &all_ages, &[l]), shown));
            }
            let shown = if public { r.region_basic[k][g] } else { None };
            out.push((levels_of(k, rs, &all_ages, &basic), shown));
        }
        for l in 0..SLOTS {
            out.push((
                levels_of(k, &all_rows, &all_ages, &[l]),
                r.national_levels[k][l],
            ));
        }
        out.push((
            levels_of(k, &all_rows, &all_ages, &basic),
            r.national_basic[k],
        ));
        // In each cell, those at level 1 or above (published or not) and those below (never
        // published, but counts of people all the same).
        for (g, cols) in m.columns.iter().enumerate() {
            for x in 0..rows {
                let shown = c.basic[k]
                    .get(x)
                    .and_then(|row| row.get(g).copied().flatten());
                out.push((levels_of(k, &[x], cols, &basic), shown));
                out.push((levels_of(k, &[x], cols, &below), None));
            }
        }
    }
    out
}

/// The most `target` can hold in a split that agrees with everything published.
fn largest(m: &Fine, published: &[(Figure, u64)], target: &Figure) -> f64 {
    let rows = m.people.len();
    let columns = m.people[0].len();
    let competences = m.fine.len();
    let mut p = Problem::new(OptimizationDirection::Maximize);
    let weight_people = |r: usize, a: usize| match target {
        Figure::People(cells) => cells.contains(&(r, a)) as u8 as f64,
        Figure::Levels(_) => 0.0,
    };
    let weight_level = |k: usize, r: usize, a: usize, l: usize| match target {
        Figure::Levels(cells) => cells.contains(&(k, r, a, l)) as u8 as f64,
        Figure::People(_) => 0.0,
    };
    let people: Vec<Vec<_>> = (0..rows)
        .map(|r| {
            (0..columns)
                .map(|a| p.add_var(weight_people(r, a), (0.0, f64::INFINITY)))
                .collect()
        })
        .collect();
    let mut fine = vec![vec![vec![Vec::new(); columns]; rows]; competences];
    for (k, fk) in fine.iter_mut().enumerate() {
        for (r, fr) in fk.iter_mut().enumerate() {
            for (a, fa) in fr.iter_mut().enumerate() {
                *fa = (0..SLOTS)
                    .map(|l| p.add_var(weight_level(k, r, a, l), (0.0, f64::INFINITY)))
                    .collect();
                // The same people at every competence.
                let mut e = LinearExpr::empty();
                for &v in fa.iter() {
                    e.add(v, 1.0);
                }
                e.add(people[r][a], -1.0);
                p.add_constraint(e, ComparisonOp::Eq, 0.0);
            }
        }
    }
    for (f, n) in published {
        let mut e = LinearExpr::empty();
        match f {
            Figure::People(cells) => cells.iter().for_each(|&(r, a)| e.add(people[r][a], 1.0)),
            Figure::Levels(cells) => cells
                .iter()
                .for_each(|&(k, r, a, l)| e.add(fine[k][r][a][l], 1.0)),
        }
        p.add_constraint(e, ComparisonOp::Eq, *n as f64);
    }
    match p.solve() {
        Ok(s) => s.objective(),
        Err(microlp::Error::Unbounded) => f64::INFINITY,
        Err(e) => panic!("the published figures are inconsistent: {e}"),
    }
}

/// Checks both releases of a month; returns how many figures were published.
fn assert_protected(m: &Fine) -> usize {
    let (r, c) = m.release();
    let figs = figures(m, &r, &c);
    let mut published = Vec::new();
    for (f, shown) in &figs {
        if let Some(v) = shown {
            assert_eq!(*v, value(m, f), "a published figure is the true one: {f:?}");
            assert!(!is_sensitive(*v), "{f:?} published with {v} people");
            published.push((f.clone(), *v));
        }
    }
    for (f, shown) in &figs {
        let n = value(m, f);
        if shown.is_some() || !is_sensitive(n) {
            continue;
        }
        let most = largest(m, &published, f);
        assert!(
            most >= MIN_COUNT as f64 - 1e-6,
            "{f:?} ({n} people) is bounded by {most}"
        );
    }
    published.len()
}

/// A small month from a seed: `rows` départements (and "unknown") in `regions` régions, age
/// columns grouped in `groups` groups and an "unknown" group (the last column), `competences`
/// competences; a count is 0 three times in ten, from 1 to 10 `small` times in ten, and from
/// 11 to 50 otherwise.
fn month(
    seed: u64,
    rows: usize,
    regions: usize,
    groups: usize,
    competences: usize,
    small: u64,
) -> Fine {
    let mut state = seed | 1;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    // Two columns in the first group, one in each other, then the "unknown" column.
    let mut columns: Vec<Vec<usize>> = vec![vec![0, 1]];
    for g in 1..groups {
        columns.push(vec![g + 1]);
    }
    columns.push(vec![groups + 1]);
    let width = groups + 2;
    let people: Vec<Vec<u64>> = (0..=rows)
        .map(|_| {
            (0..width)
                .map(|_| match next(10) {
                    0..=2 => 0,
                    v if v < 3 + small => 1 + next(10),
                    _ => 11 + next(40),
                })
                .collect()
        })
        .collect();
    let fine = (0..competences)
        .map(|_| {
            people
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|&n| {
                            let mut s = [0u64; SLOTS];
                            for _ in 0..n {
                                // Mostly at level 1 or above, some at 0.
                                let v = (next(5) + next(5)) as usize;
                                s[v.saturating_sub(1).min(8)] += 1;
                            }
                            s
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut region_rows = vec![Vec::new(); regions];
    for x in 0..rows {
        region_rows[x % regions].push(x);
    }
    Fine {
        people,
        fine,
        regions: region_rows,
        columns,
    }
}

#[test]
fn large_cells_are_published() {
    let m = Fine {
        people: vec![vec![40, 30], vec![25, 50], vec![0, 0]],
        fine: vec![vec![
            vec![
                [5, 35, 0, 0, 0, 0, 0, 0, 0, 0],
                [0, 30, 0, 0, 0, 0, 0, 0, 0, 0],
            ],
            vec![
                [12, 13, 0, 0, 0, 0, 0, 0, 0, 0],
                [20, 30, 0, 0, 0, 0, 0, 0, 0, 0],
            ],
            vec![[0; SLOTS], [0; SLOTS]],
        ]],
        regions: vec![vec![0, 1]],
        columns: vec![vec![0], vec![1]],
    };
    let (_, c) = m.release();
    assert_eq!(c.people, vec![vec![Some(40)], vec![Some(25)]]);
    // 5 people below level 1 hide the first row's; the "unknown" group's 20 protect them.
    assert_eq!(c.basic, vec![vec![vec![None], vec![Some(13)]]]);
    assert!(assert_protected(&m) > 10);
}

fn cell(people: u64, basic: u64) -> BasicCell {
    BasicCell {
        people,
        basic,
        released_people: true,
    }
}

#[test]
fn a_small_count_hidden_alone_gets_a_complement() {
    // 5 below level 1 in the first cell: alone, the région's count would give it away.
    let cells = [cell(20, 15), cell(11, 11), cell(50, 30)];
    assert_eq!(basic_of_region(&cells), vec![false, true, false]);
    // Cells whose people are hidden are hidden too, and count in the complement.
    let mut cells = [cell(20, 15), cell(11, 11), cell(50, 30), cell(7, 0)];
    cells[3].released_people = false;
    assert_eq!(basic_of_region(&cells), vec![false, true, true, false]);
    let cells = [cell(20, 15), cell(11, 11), cell(50, 30), cell(30, 14)];
    assert_eq!(basic_of_region(&cells), vec![false, true, true, false]);
    // Nothing small: everything shown.
    assert_eq!(
        basic_of_region(&[cell(20, 0), cell(30, 30)]),
        vec![true, true]
    );
}

#[test]
fn the_complement_hides_the_fewest_people() {
    // 5 at level 1 or above and 5 below in the first cell: one large cell would cover both,
    // two small ones hide fewer people.
    let cells = [cell(10, 5), cell(200, 100), cell(11, 11), cell(12, 0)];
    assert_eq!(basic_of_region(&cells), vec![false, true, false, false]);
    // And one cell covering both when that is smaller.
    let cells = [cell(10, 5), cell(22, 11), cell(11, 11), cell(12, 0)];
    assert_eq!(basic_of_region(&cells), vec![false, false, true, true]);
    // No shown cell has anyone below level 1: nothing can protect the 5, nothing is shown.
    let cells = [cell(10, 5), cell(30, 30)];
    assert_eq!(basic_of_region(&cells), vec![false, false]);
}

/// Cells that do not add up to their région's count at level 1 or above (a bug upstream)
/// would void the argument: the région then shows none.
#[test]
fn cells_that_do_not_add_up_to_the_region_show_nothing() {
    let slots = |below: u64, above: u64| {
        let mut s = [0; SLOTS];
        s[0] = below;
        s[1] = above;
        s
    };
    let m = Fine {
        people: vec![vec![100, 0], vec![200, 0], vec![0, 0]],
        fine: vec![vec![
            vec![slots(40, 60), [0; SLOTS]],
            vec![slots(80, 120), [0; SLOTS]],
            vec![[0; SLOTS], [0; SLOTS]],
        ]],
        regions: vec![vec![0, 1]],
        columns: vec![vec![0], vec![1]],
    };
    let (_, c) = m.release();
    assert_eq!(c.basic, vec![vec![vec![Some(60)], vec![Some(120)]]]);
    let mut basic = m.basic();
    basic[0][0][0] += 1;
    let (_, c) = release_cross(&m.month(), &m.columns, &basic);
    assert_eq!(c.basic, vec![vec![vec![None], vec![None]]]);
}

/// The attacker is not a formality: released without its complement, a cell's people at
/// level 1 or above give away the 5 people below it in the other cell of their région.
#[test]
fn the_attacker_finds_a_small_count_hidden_without_its_complement() {
    let slots = |below: u64, above: u64| {
        let mut s = [0; SLOTS];
        s[0] = below;
        s[1] = above;
        s
    };
    let m = Fine {
        people: vec![vec![30, 0], vec![40, 0], vec![0, 0]],
        fine: vec![vec![
            vec![slots(5, 25), [0; SLOTS]],
            vec![slots(20, 20), [0; SLOTS]],
            vec![[0; SLOTS], [0; SLOTS]],
        ]],
        regions: vec![vec![0, 1]],
        columns: vec![vec![0], vec![1]],
    };
    let (r, c) = m.release();
    assert_eq!(c.people, vec![vec![Some(30)], vec![Some(40)]]);
    assert_eq!(r.region_basic[0][0], Some(45));
    assert_eq!(c.basic, vec![vec![vec![None], vec![None]]]);
    assert_protected(&m);
    let naive = CrossRelease {
        people: c.people.clone(),
        basic: vec![vec![vec![None], vec![Some(20)]]],
    };
    let figs = figures(&m, &r, &naive);
    let published: Vec<(Figure, u64)> = figs
        .iter()
        .filter_map(|(f, v)| v.map(|v| (f.clone(), v)))
        .collect();
    let below = levels_of(0, &[0], &[0], &[0, NOT_MEASURED]);
    assert_eq!(value(&m, &below), 5);
    assert!(largest(&m, &published, &below) < 5.0 + 1e-6);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn no_hidden_small_count_can_be_worked_out_from_both_releases(
        seed in any::<u64>(),
        rows in 2usize..5,
        regions in 1usize..3,
        groups in 1usize..3,
        competences in 1usize..3,
    ) {
        let m = month(seed, rows, regions.min(rows), groups, competences, 4);
        assert_protected(&m);
    }

    /// Fewer small counts: more régions release their cells' people at level 1 or above.
    #[test]
    fn no_hidden_small_count_can_be_worked_out_when_levels_are_released(
        seed in any::<u64>(),
        rows in 2usize..5,
        groups in 1usize..3,
    ) {
        let m = month(seed, rows, 1, groups, 2, 1);
        assert_protected(&m);
    }
}

/// The months of the property test above do release people at level 1 or above (so it checks
/// something), some of them behind a complement.
#[test]
fn larger_months_release_levels_by_cell() {
    let mut released = 0;
    for seed in 1..=12 {
        let m = month(seed, 4, 1, 2, 2, 1);
        let (_, c) = m.release();
        released += c.basic.iter().flatten().flatten().flatten().count();
        assert_protected(&m);
    }
    assert!(released > 12, "{released} cells released");
}
