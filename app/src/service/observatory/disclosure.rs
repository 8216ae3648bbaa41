//! Statistical disclosure control of the observatory's published tables.
//!
//! Every published figure is a count of people in a cell (a département and an age band, say)
//! or a sum of such cells (a row's total, a région, the whole table). Three rules:
//! - a count from 1 to [`MIN_COUNT`] − 1 is never published (primary suppression; 0 is);
//! - the suppressed cells cannot be worked out from what is published: for each primary cell,
//!   the largest value it could take, given every published count and every sum that ties the
//!   cells together, is at least [`MIN_COUNT`] — so it can be neither recomputed nor bounded
//!   under the threshold (complementary suppression);
//! - all the tables published together (a table, its margins, the same figures on a coarser
//!   geography) are protected as one [`Linked`] set, so that differencing two overlapping tables
//!   recovers nothing the rules above hide.
//!
//! The bound is exact: it is the optimum of a linear programme (microlp) over the suppressed
//! cells, under the sums' equalities and non-negativity. The sums here (a table's rows and
//! columns, and groups of rows) make a totally unimodular system, so the continuous optimum is
//! reached by whole numbers of people. Adding suppressions only widens what the suppressed
//! cells could hold, so the greedy pass below ends with every primary cell protected.

use microlp::{ComparisonOp, OptimizationDirection, Problem};

/// The smallest count of people published (Insee's practice for data on individuals).
pub const MIN_COUNT: u64 = 11;

/// A total cell and the cells it adds up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// Cells (counts of people) and the sums that tie them.
#[derive(Debug, Clone, Default)]
pub struct Linked {
    counts: Vec<u64>,
    relations: Vec<Relation>,
}

impl Linked {
    /// Adds a cell holding `count` people; returns its index.
    pub fn cell(&mut self, count: u64) -> usize {
        self.counts.push(count);
        self.counts.len() - 1
    }

    /// Says that cell `total` is the sum of `parts` (it must be).
    pub fn sum(&mut self, total: usize, parts: Vec<usize>) {
        debug_assert_eq!(
            self.counts[total],
            parts.iter().map(|&p| self.counts[p]).sum::<u64>(),
            "a total is the sum of its parts"
        );
        self.relations.push(Relation { total, parts });
    }

    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// The relations each cell takes part in (as a total or a part), the shortest first: the
    /// cells nearest to a cell are those of its shortest sums.
    fn memberships(&self) -> Vec<Vec<usize>> {
        let mut of = vec![Vec::new(); self.counts.len()];
        for (r, rel) in self.relations.iter().enumerate() {
            of[rel.total].push(r);
            for &p in &rel.parts {
                of[p].push(r);
            }
        }
        for rs in &mut of {
            rs.sort_by_key(|&r| self.relations[r].parts.len());
        }
        of
    }

    fn cells_of(&self, r: usize) -> impl Iterator<Item = usize> + '_ {
        let rel = &self.relations[r];
        std::iter::once(rel.total).chain(rel.parts.iter().copied())
    }
}

/// Whether a count must not be published on its own account.
pub fn is_sensitive(count: u64) -> bool {
    count > 0 && count < MIN_COUNT
}

/// The most cell `cell` could hold given the cells published (`published[i]`) and the sums;
/// `f64::INFINITY` when nothing bounds it. A published cell's bound is its count.
pub fn upper_bound(linked: &Linked, published: &[bool], cell: usize) -> f64 {
    bound_near(linked, &linked.memberships(), published, cell, usize::MAX)
}

/// How many unknown cells [`protection`] lets vary first, and at most.
const NEAR: usize = 48;
const FAR: usize = 320;

/// A number of people cell `cell` can reach given the cells published and the sums — a lower
/// estimate of its bound, so that when it reaches [`MIN_COUNT`] the cell is protected. It is
/// the optimum of the programme with only the [`NEAR`] unknown cells nearest to `cell` free and
/// the others held at their true counts (a smaller programme, whose optimum the whole one can
/// only exceed), then, if that stays under the threshold, with the [`FAR`] nearest. The whole
/// programme of a release with hundreds of hidden cells tied by national sums takes up to a
/// second to solve, and a release asks thousands of such questions; below the threshold here,
/// [`protect_around_near`] asks the whole programme.
fn protection(linked: &Linked, memberships: &[Vec<usize>], published: &[bool], cell: usize) -> f64 {
    let near = bound_near(linked, memberships, published, cell, NEAR);
    if near >= MIN_COUNT as f64 - 1e-6 {
        near
    } else {
        bound_near(linked, memberships, published, cell, FAR)
    }
}

/// The most `cell` could hold with at most `free` unknown cells varying (the nearest to it; the
/// others at their true counts): exact when every unknown cell tied to it may vary.
/// `memberships` is [`Linked::memberships`], worked out once by the caller.
fn bound_near(
    linked: &Linked,
    memberships: &[Vec<usize>],
    published: &[bool],
    cell: usize,
    free: usize,
) -> f64 {
    if published[cell] {
        return linked.counts[cell] as f64;
    }
    // Cells the published ones determine (a sum with one unknown left gives it) are known too;
    // the programme is then written over the unknown cells tied to `cell` only: the others
    // cannot change its bound. Both steps keep the bound exact and make the programme small.
    let known = determined(linked, published);
    if known[cell] {
        return linked.counts[cell] as f64;
    }
    let component = component_of(linked, memberships, &known, cell, free);
    let mut problem = Problem::new(OptimizationDirection::Maximize);
    let vars: Vec<Option<microlp::Variable>> = (0..linked.counts.len())
        .map(|i| {
            component[i]
                .then(|| problem.add_var(if i == cell { 1.0 } else { 0.0 }, (0.0, f64::INFINITY)))
        })
        .collect();
    for rel in &linked.relations {
        if !std::iter::once(rel.total)
            .chain(rel.parts.iter().copied())
            .any(|i| component[i])
        {
            continue;
        }
        // Σ parts − total = 0, the known cells moved to the right-hand side.
        let mut terms = Vec::new();
        let mut rhs = 0.0;
        for (i, sign) in rel
            .parts
            .iter()
            .map(|&p| (p, 1.0))
            .chain(std::iter::once((rel.total, -1.0)))
        {
            match vars[i] {
                Some(v) => terms.push((v, sign)),
                None => rhs -= sign * linked.counts[i] as f64,
            }
        }
        problem.add_constraint(terms, ComparisonOp::Eq, rhs);
    }
    match problem.solve() {
        Ok(solution) => solution.objective(),
        // Nothing holds it: it could be anything.
        Err(microlp::Error::Unbounded) => f64::INFINITY,
        // The true counts satisfy every sum, so the programme is feasible; if the solver still
        // fails, count the cell as unprotected: more is suppressed, never less.
        Err(_) => 0.0,
    }
}

/// The cells known from the published ones: published, or the last unknown of a sum whose
/// other cells are known (repeated until nothing changes).
pub fn determined(linked: &Linked, published: &[bool]) -> Vec<bool> {
    let mut known = published.to_vec();
    loop {
        let mut changed = false;
        for rel in &linked.relations {
            let mut unknown = std::iter::once(rel.total)
                .chain(rel.parts.iter().copied())
                .filter(|&i| !known[i]);
            if let (Some(only), None) = (unknown.next(), unknown.next()) {
                known[only] = true;
                changed = true;
            }
        }
        if !changed {
            return known;
        }
    }
}

/// The unknown cells tied to `cell` through sums over unknown cells, at most `free` of them,
/// the nearest first (breadth first).
fn component_of(
    linked: &Linked,
    memberships: &[Vec<usize>],
    known: &[bool],
    cell: usize,
    free: usize,
) -> Vec<bool> {
    let mut inside = vec![false; linked.counts.len()];
    inside[cell] = true;
    let mut taken = 1;
    let mut queue = std::collections::VecDeque::from([cell]);
    while let Some(c) = queue.pop_front() {
        for &r in &memberships[c] {
            for other in linked.cells_of(r) {
                if taken >= free {
                    return inside;
                }
                if !known[other] && !inside[other] {
                    inside[other] = true;
                    taken += 1;
                    queue.push_back(other);
                }
            }
        }
    }
    inside
}

/// Which cells are published: no sensitive count, and every sensitive count protected (its
/// upper bound at least [`MIN_COUNT`]). Deterministic for given counts and relations.
pub fn protect(linked: &Linked) -> Vec<bool> {
    protect_only(linked, &vec![true; linked.counts.len()])
}

/// As [`protect`], for a release that publishes only the cells marked `publishable`: the others
/// are never shown and are unknowns to everyone; the rule protects the released cells (a cell
/// never released, such as a département × age band cell behind public margins, is not
/// protected on its own account: releasing it later needs its own [`protect`]).
pub fn protect_only(linked: &Linked, publishable: &[bool]) -> Vec<bool> {
    let none = vec![false; linked.counts.len()];
    protect_around(linked, publishable, &none, &none)
}

/// As [`protect_only`], with some cells `fixed`: known to everyone already (published by an
/// earlier release), so they count as published, are never hidden to protect another cell, and
/// are not protected here; and some cells `guarded`: never published, but protected as if they
/// were (a small count that an earlier release hid, or that is never released but could be
/// worked out from the sums).
pub fn protect_around(
    linked: &Linked,
    publishable: &[bool],
    fixed: &[bool],
    guarded: &[bool],
) -> Vec<bool> {
    protect_with(linked, publishable, fixed, guarded, Estimate::Exact)
}

/// As [`protect_around`], each question settled by [`protection`] (candidates tried on the
/// programme of the nearest cells, then the whole programme when they do not settle it): for
/// sets too large to solve whole thousands of times. Its picks may differ from
/// [`protect_around`]'s; every small count it leaves hidden is protected all the same.
pub fn protect_around_near(
    linked: &Linked,
    publishable: &[bool],
    fixed: &[bool],
    guarded: &[bool],
) -> Vec<bool> {
    protect_with(linked, publishable, fixed, guarded, Estimate::Near)
}

/// How a cell's bound is worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Estimate {
    /// The whole programme: [`upper_bound`].
    Exact,
    /// [`protection`] (then the whole programme if it does not settle it), and candidates on
    /// the [`NEAR`] cells nearest.
    Near,
}

impl Estimate {
    fn bound(
        self,
        linked: &Linked,
        memberships: &[Vec<usize>],
        published: &[bool],
        cell: usize,
    ) -> f64 {
        let exact = || bound_near(linked, memberships, published, cell, usize::MAX);
        match self {
            Estimate::Exact => exact(),
            // The whole programme only when the nearest cells do not settle it: once per pick,
            // not once per candidate.
            Estimate::Near => match protection(linked, memberships, published, cell) {
                b if b >= MIN_COUNT as f64 - 1e-6 => b,
                _ => exact(),
            },
        }
    }

    fn trial(
        self,
        linked: &Linked,
        memberships: &[Vec<usize>],
        published: &[bool],
        cell: usize,
    ) -> f64 {
        let free = match self {
            Estimate::Exact => usize::MAX,
            Estimate::Near => NEAR,
        };
        bound_near(linked, memberships, published, cell, free)
    }
}

fn protect_with(
    linked: &Linked,
    publishable: &[bool],
    fixed: &[bool],
    guarded: &[bool],
    estimate: Estimate,
) -> Vec<bool> {
    let n = linked.counts.len();
    let mut published: Vec<bool> = linked
        .counts
        .iter()
        .zip(publishable)
        .zip(fixed)
        .map(|((&c, &p), &f)| f || (p && !is_sensitive(c)))
        .collect();
    let memberships = linked.memberships();
    let is_total: Vec<bool> = {
        let mut t = vec![false; n];
        for rel in &linked.relations {
            t[rel.total] = true;
        }
        t
    };
    let primary: Vec<usize> = (0..n)
        .filter(|&i| !fixed[i] && (publishable[i] || guarded[i]) && is_sensitive(linked.counts[i]))
        .collect();
    for &p in &primary {
        let mut bound = estimate.bound(linked, &memberships, &published, p);
        while bound < MIN_COUNT as f64 - 1e-6 {
            let Some(c) = complement(
                linked,
                &mut published,
                fixed,
                (&memberships, &is_total),
                p,
                bound,
                estimate,
            ) else {
                // Nothing left to hide near it (never seen): fail closed, publish only what
                // everyone knows already.
                tracing::error!(cell = p, bound, "a small count cannot be protected");
                return fixed.to_vec();
            };
            published[c] = false;
            bound = estimate.bound(linked, &memberships, &published, p);
        }
    }
    published
}

/// How many candidates [`complement`] tries, at most, before it takes the first.
const TRIES: usize = 32;

/// The next cell to suppress to protect `p`, whose bound is `bound` now (each candidate tried
/// with `estimate`; the caller then works `p`'s bound out again). The candidates are the published cells tied to `p` through sums. They are tried
/// nearest first (sharing a sum with `p`, then with a hidden cell that shares one with `p`, and
/// so on), then a non-empty cell before an empty one (an empty cell hides nothing), an inner
/// cell before a total (the totals are what most readers read), the smallest count (the least
/// information lost); of the first [`TRIES`], the first whose suppression protects `p` alone is
/// taken, else the one that raises `p`'s bound most (in a release of many linked tables most
/// cells do not raise it at all). If none does (two picks
/// may be needed together, as for a rectangle), an inner cell before a total, a non-empty one
/// before an empty one, the smallest, then the nearest is taken, and the caller goes on until
/// the bound holds: the result may hide more than needed, never less. In a plain two-way table
/// this completes the rectangle around `p` before touching a margin.
fn complement(
    linked: &Linked,
    published: &mut [bool],
    fixed: &[bool],
    (memberships, is_total): (&[Vec<usize>], &[bool]),
    p: usize,
    bound: f64,
    estimate: Estimate,
) -> Option<usize> {
    let mut distance: Vec<Option<usize>> = vec![None; linked.counts.len()];
    distance[p] = Some(0);
    let mut queue = std::collections::VecDeque::from([p]);
    let mut candidates: Vec<(bool, bool, u64, usize, usize)> = Vec::new();
    while let Some(s) = queue.pop_front() {
        let d = distance[s].unwrap_or(0) + 1;
        for &r in &memberships[s] {
            for c in linked.cells_of(r) {
                if distance[c].is_some() {
                    continue;
                }
                distance[c] = Some(d);
                if fixed[c] {
                    continue;
                }
                if published[c] {
                    candidates.push((is_total[c], linked.counts[c] == 0, linked.counts[c], d, c));
                } else {
                    queue.push_back(c);
                }
            }
        }
    }
    let fallback = candidates.iter().min()?.4;
    candidates.sort_unstable_by_key(|&(total, empty, count, d, c)| (d, empty, total, count, c));
    // The first that protects `p` alone; else the one that raises its bound most.
    // Candidates raise the bound the way they are tried: in the nearest cells' programme, from
    // that programme's bound now.
    let bound = match estimate {
        Estimate::Exact => bound,
        Estimate::Near => estimate.trial(linked, memberships, published, p),
    };
    let mut best: Option<(usize, f64)> = None;
    for &(.., c) in candidates.iter().take(TRIES) {
        published[c] = false;
        let raised = estimate.trial(linked, memberships, published, p);
        published[c] = true;
        if raised >= MIN_COUNT as f64 - 1e-6 {
            return Some(c);
        }
        if raised > bound + 1e-6 && best.is_none_or(|(_, b)| raised > b + 1e-6) {
            best = Some((c, raised));
        }
    }
    if let Some((c, _)) = best {
        return Some(c);
    }
    Some(fallback)
}

#[path = "two_way.rs"]
mod two_way;
pub use two_way::TwoWay;

#[cfg(test)]
#[path = "disclosure_tests.rs"]
mod tests;
