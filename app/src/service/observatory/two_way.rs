//! A two-way table with its margins, as one [`Linked`] set (the disclosure tests' tables).

use super::Linked;

/// A two-way table (rows × columns) with its margins and grand total, and optionally the same
/// figures over groups of rows (départements grouped in régions): every cell of every level
/// in one [`Linked`] set.
#[derive(Debug, Clone)]
pub struct TwoWay {
    pub linked: Linked,
    /// `inner[r][c]`: the cell of row `r` and column `c`.
    pub inner: Vec<Vec<usize>>,
    pub row_totals: Vec<usize>,
    pub column_totals: Vec<usize>,
    pub total: usize,
    /// `grouped[g][c]`: the sum of group `g`'s rows in column `c`.
    pub grouped: Vec<Vec<usize>>,
    pub group_totals: Vec<usize>,
}

impl TwoWay {
    /// `counts[r][c]` people in row `r` and column `c` (every row as long); `groups` lists the
    /// rows of each group (each row in at most one group).
    pub fn new(counts: &[Vec<u64>], groups: &[Vec<usize>]) -> Self {
        let columns = counts.first().map_or(0, Vec::len);
        let mut linked = Linked::default();
        let inner: Vec<Vec<usize>> = counts
            .iter()
            .map(|row| row.iter().map(|&n| linked.cell(n)).collect())
            .collect();
        let row_totals: Vec<usize> = counts
            .iter()
            .map(|row| linked.cell(row.iter().sum()))
            .collect();
        let column_totals: Vec<usize> = (0..columns)
            .map(|c| linked.cell(counts.iter().map(|row| row[c]).sum()))
            .collect();
        let total = linked.cell(counts.iter().flatten().sum());
        for (r, row) in inner.iter().enumerate() {
            linked.sum(row_totals[r], row.clone());
        }
        for (c, &t) in column_totals.iter().enumerate() {
            linked.sum(t, inner.iter().map(|row| row[c]).collect());
        }
        linked.sum(total, row_totals.clone());
        linked.sum(total, column_totals.clone());
        let mut grouped = Vec::new();
        let mut group_totals = Vec::new();
        for rows in groups {
            let cells: Vec<usize> = (0..columns)
                .map(|c| linked.cell(rows.iter().map(|&r| counts[r][c]).sum()))
                .collect();
            let sum = linked.cell(rows.iter().map(|&r| counts[r].iter().sum::<u64>()).sum());
            for (c, &cell) in cells.iter().enumerate() {
                linked.sum(cell, rows.iter().map(|&r| inner[r][c]).collect());
            }
            linked.sum(sum, cells.clone());
            linked.sum(sum, rows.iter().map(|&r| row_totals[r]).collect());
            grouped.push(cells);
            group_totals.push(sum);
        }
        TwoWay {
            linked,
            inner,
            row_totals,
            column_totals,
            total,
            grouped,
            group_totals,
        }
    }
}
