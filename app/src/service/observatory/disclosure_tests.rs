//! The disclosure rules, checked by an attacker of our own: for each suppressed small cell, a
//! table of whole numbers that agrees with everything published (every published count, every
//! row, column, group and total sum) and puts at least `MIN_COUNT` people in that cell. Such a
//! table is a proof that the cell can be neither recomputed nor bounded under the threshold.
//! The attacker's sums are written from the table's shape here, not taken from `Linked`.

use proptest::prelude::*;

use super::*;

/// A table's shape and counts as the attacker sees them.
struct Shape<'a> {
    counts: &'a [Vec<u64>],
    groups: &'a [Vec<usize>],
}

/// Every sum an attacker can write about a two-way table with groups of rows, as (total, parts)
/// over the table's cells (each cell named by its index in `t`).
fn attacker_sums(shape: &Shape, t: &TwoWay) -> Vec<(usize, Vec<usize>)> {
    let rows = shape.counts.len();
    let columns = shape.counts.first().map_or(0, Vec::len);
    let mut sums = Vec::new();
    for r in 0..rows {
        sums.push((
            t.row_totals[r],
            (0..columns).map(|c| t.inner[r][c]).collect(),
        ));
    }
    for c in 0..columns {
        sums.push((
            t.column_totals[c],
            (0..rows).map(|r| t.inner[r][c]).collect(),
        ));
    }
    sums.push((t.total, t.row_totals.clone()));
    sums.push((t.total, t.column_totals.clone()));
    for (g, members) in shape.groups.iter().enumerate() {
        for c in 0..columns {
            sums.push((
                t.grouped[g][c],
                members.iter().map(|&r| t.inner[r][c]).collect(),
            ));
        }
        sums.push((t.group_totals[g], t.grouped[g].clone()));
        sums.push((
            t.group_totals[g],
            members.iter().map(|&r| t.row_totals[r]).collect(),
        ));
    }
    sums
}

/// A whole-number table consistent with what is published that holds as many people as possible
/// in `cell`, if the attacker's programme is bounded (`None`: unbounded, any value fits).
fn witness(
    counts: &[u64],
    published: &[bool],
    sums: &[(usize, Vec<usize>)],
    cell: usize,
) -> Option<Vec<i64>> {
    let mut problem = Problem::new(OptimizationDirection::Maximize);
    let vars: Vec<_> = (0..counts.len())
        .map(|i| {
            let objective = if i == cell { 1.0 } else { 0.0 };
            if published[i] {
                let n = counts[i] as f64;
                problem.add_var(objective, (n, n))
            } else {
                problem.add_var(objective, (0.0, f64::INFINITY))
            }
        })
        .collect();
    for (total, parts) in sums {
        let mut terms: Vec<_> = parts.iter().map(|&p| (vars[p], 1.0)).collect();
        terms.push((vars[*total], -1.0));
        problem.add_constraint(terms, ComparisonOp::Eq, 0.0);
    }
    match problem.solve() {
        Ok(solution) => Some(
            vars.iter()
                .map(|&v| solution.var_value(v).round() as i64)
                .collect(),
        ),
        Err(microlp::Error::Unbounded) => None,
        Err(e) => panic!("the true table is a solution, yet: {e}"),
    }
}

/// Asserts the three rules on a table and its groups; returns how many cells were suppressed.
fn assert_protected(counts: &[Vec<u64>], groups: &[Vec<usize>]) -> usize {
    let t = TwoWay::new(counts, groups);
    let all = vec![true; t.linked.counts().len()];
    assert_protected_release(counts, groups, &t, &protect(&t.linked), &all)
}

/// The same when only the margins, groups and total are released (the inner cells are unknown,
/// and only released cells are protected).
fn assert_margins_protected(counts: &[Vec<u64>], groups: &[Vec<usize>]) -> usize {
    let t = TwoWay::new(counts, groups);
    let mut publishable = vec![true; t.linked.counts().len()];
    for &c in t.inner.iter().flatten() {
        publishable[c] = false;
    }
    let published = protect_only(&t.linked, &publishable);
    for &c in t.inner.iter().flatten() {
        assert!(!published[c], "an inner cell is never released");
    }
    assert_protected_release(counts, groups, &t, &published, &publishable)
}

fn assert_protected_release(
    counts: &[Vec<u64>],
    groups: &[Vec<usize>],
    t: &TwoWay,
    published: &[bool],
    released: &[bool],
) -> usize {
    let all = t.linked.counts();
    let sums = attacker_sums(&Shape { counts, groups }, t);
    for (i, &n) in all.iter().enumerate() {
        if published[i] {
            assert!(!is_sensitive(n), "cell {i} published with {n} people");
            continue;
        }
        if !is_sensitive(n) || !released[i] {
            continue;
        }
        let Some(w) = witness(all, published, &sums, i) else {
            continue;
        };
        for (j, &v) in w.iter().enumerate() {
            assert!(v >= 0);
            if published[j] {
                assert_eq!(v, all[j] as i64, "the witness keeps published cell {j}");
            }
        }
        for (total, parts) in &sums {
            assert_eq!(
                w[*total],
                parts.iter().map(|&p| w[p]).sum::<i64>(),
                "the witness keeps every sum"
            );
        }
        assert!(
            w[i] >= MIN_COUNT as i64,
            "cell {i} ({n} people) is bounded by {} in {counts:?} groups {groups:?}",
            w[i]
        );
    }
    published.iter().filter(|&&p| !p).count()
}

#[test]
fn a_small_cell_takes_the_rectangle_around_it_and_the_margins_stay() {
    let counts = vec![vec![3, 20], vec![15, 40]];
    let t = TwoWay::new(&counts, &[]);
    let published = protect(&t.linked);
    for row in &t.inner {
        for &c in row {
            assert!(!published[c], "every inner cell goes with the small one");
        }
    }
    for &m in t.row_totals.iter().chain(&t.column_totals) {
        assert!(published[m], "the margins stay published");
    }
    assert!(published[t.total]);
    // Column 0 holds 18: at most 18 in the small cell, and no less than 11 can be proven.
    assert_eq!(upper_bound(&t.linked, &published, t.inner[0][0]), 18.0);
    assert_eq!(assert_protected(&counts, &[]), 4);
}

#[test]
fn without_complements_the_margins_give_a_small_cell_away() {
    let counts = vec![vec![3, 20], vec![15, 40]];
    let t = TwoWay::new(&counts, &[]);
    let only_primary: Vec<bool> = t
        .linked
        .counts()
        .iter()
        .map(|&n| !is_sensitive(n))
        .collect();
    assert_eq!(
        upper_bound(&t.linked, &only_primary, t.inner[0][0]),
        3.0,
        "the row total minus the published cell"
    );
}

#[test]
fn large_and_empty_cells_are_all_published() {
    let counts = vec![vec![0, 20, 11], vec![15, 0, 40]];
    let t = TwoWay::new(&counts, &[vec![0, 1]]);
    assert!(protect(&t.linked).iter().all(|&p| p));
}

#[test]
fn a_small_table_is_suppressed_whole_but_nothing_can_be_recomputed() {
    let counts = vec![vec![1, 2], vec![3, 4]];
    let t = TwoWay::new(&counts, &[]);
    let published = protect(&t.linked);
    assert!(
        !published[t.total],
        "10 people in all: even the total is hidden"
    );
    assert_protected(&counts, &[]);
}

#[test]
fn differencing_a_departement_against_its_region_recovers_nothing() {
    // Two départements of one région, three age bands; the first has a small cell. Published
    // alone, the région's row minus the second département would give it away.
    let counts = vec![vec![4, 30, 25], vec![40, 50, 60]];
    let groups = vec![vec![0, 1]];
    let t = TwoWay::new(&counts, &groups);
    let published = protect(&t.linked);
    assert!(!published[t.inner[0][0]]);
    // The région's cell in that column is 44 and the other département's 40: one of the two is
    // hidden too, or the small cell would be 44 − 40.
    assert!(!published[t.grouped[0][0]] || !published[t.inner[1][0]]);
    assert_protected(&counts, &groups);
}

/// Counts as observed: many empty and small cells, some large ones.
fn count() -> impl Strategy<Value = u64> {
    prop_oneof![3 => Just(0u64), 4 => 1u64..11, 3 => 11u64..80]
}

fn table() -> impl Strategy<Value = (Vec<Vec<u64>>, Vec<Vec<usize>>)> {
    (1usize..7, 1usize..5).prop_flat_map(|(rows, columns)| {
        (
            prop::collection::vec(prop::collection::vec(count(), columns), rows),
            prop::collection::vec(0usize..3, rows),
        )
            .prop_map(|(counts, group_of)| {
                // Rows in group 2 belong to none (a table with and without a full hierarchy).
                let groups: Vec<Vec<usize>> = (0..2)
                    .map(|g| (0..group_of.len()).filter(|&r| group_of[r] == g).collect())
                    .filter(|rows: &Vec<usize>| !rows.is_empty())
                    .collect();
                (counts, groups)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_published_table_gives_a_small_cell_away((counts, groups) in table()) {
        assert_protected(&counts, &groups);
    }

    #[test]
    fn no_release_of_margins_gives_a_small_margin_away((counts, groups) in table()) {
        assert_margins_protected(&counts, &groups);
    }
}
