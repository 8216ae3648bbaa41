//! Quantile bins of a sorted sample: the ability groups of the observed item characteristic
//! curves ([`super::icc`]) and the matching strata of the Mantel–Haenszel DIF ([`super::dif`]).

use std::ops::Range;

/// Splits `values`, sorted in ascending order, into consecutive runs of nearly equal size:
///
/// - `k = min(bins, ⌊n / min_count⌋)` runs (at least one), the `b`-th cut at rank `round(b n / k)`;
/// - a cut that would separate equal values moves up past them, so tied values (identical EAPs of
///   identical answer patterns, say) always share a run;
/// - a run left with fewer than `min_count` values by those moves joins the next run (the last one
///   joins the one before), until every run has `min_count` values or only one run is left.
///
/// Returns index ranges into `values`; none for an empty sample.
pub(super) fn quantile_bins(values: &[f64], bins: usize, min_count: usize) -> Vec<Range<usize>> {
    let n = values.len();
    if n == 0 {
        return Vec::new();
    }
    let min_count = min_count.max(1);
    let k = bins.min(n / min_count).max(1);
    let mut starts = vec![0];
    for b in 1..k {
        let mut cut = (b * n + k / 2) / k;
        while cut < n && values[cut] == values[cut - 1] {
            cut += 1;
        }
        if cut < n && cut > starts[starts.len() - 1] {
            starts.push(cut);
        }
    }
    let mut runs: Vec<Range<usize>> = starts
        .iter()
        .zip(starts.iter().skip(1).chain(std::iter::once(&n)))
        .map(|(&a, &b)| a..b)
        .collect();
    while runs.len() > 1 {
        let Some(small) = runs.iter().position(|r| r.len() < min_count) else {
            break;
        };
        let (first, second) = if small + 1 < runs.len() {
            (small, small + 1)
        } else {
            (small - 1, small)
        };
        runs[first].end = runs[second].end;
        runs.remove(second);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_counts_when_values_are_distinct() {
        let v: Vec<f64> = (0..100).map(f64::from).collect();
        let runs = quantile_bins(&v, 10, 5);
        assert_eq!(runs.len(), 10);
        assert!(runs.iter().all(|r| r.len() == 10), "{runs:?}");
        // 23 values in 4 runs: cuts at round(23/4) = 6, round(46/4) = 12 (11.5 rounds up),
        // round(69/4) = 17.
        let v: Vec<f64> = (0..23).map(f64::from).collect();
        assert_eq!(quantile_bins(&v, 4, 1), [0..6, 6..12, 12..17, 17..23]);
    }

    #[test]
    fn ties_stay_together_and_small_runs_are_merged() {
        // The cut at 5 would split the 1.0s: it moves up to 7; the next one stays at 10.
        let v = [
            0.0, 0.1, 0.2, 0.3, 1.0, 1.0, 1.0, 1.5, 1.6, 1.7, 2.0, 2.1, 2.2, 2.3, 2.4,
        ];
        assert_eq!(quantile_bins(&v, 3, 2), [0..7, 7..10, 10..15]);
        // All equal: one run.
        assert_eq!(quantile_bins(&[3.0; 9], 4, 1), vec![0..9]);
        // Ties push the first cut from 4 to 8, leaving 8..9 with one value: it joins the next run.
        let v = [
            0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0,
        ];
        assert_eq!(quantile_bins(&v, 3, 3), [0..8, 8..13]);
        // Fewer values than min_count: one run; none for no value.
        assert_eq!(quantile_bins(&[1.0, 2.0], 10, 5), vec![0..2]);
        assert!(quantile_bins(&[], 10, 5).is_empty());
    }
}
