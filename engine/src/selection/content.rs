//! Content balancing across content areas.

use crate::EngineError;
use serde::{Deserialize, Serialize};

/// Content balancing (Kingsbury & Zara, 1989): each content area has a target proportion of the
/// test; the next item is drawn from the area furthest below its target among the areas that
/// still have eligible items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentBalance {
    /// Target proportion per area (non-negative, normalised to sum 1).
    pub targets: Vec<f64>,
}

impl ContentBalance {
    /// Targets for `n_areas` areas; they are normalised to sum to one.
    pub fn new(targets: Vec<f64>) -> Result<Self, EngineError> {
        let sum: f64 = targets.iter().sum();
        if targets.is_empty() || targets.iter().any(|t| !t.is_finite() || *t < 0.0) || sum <= 0.0 {
            return Err(EngineError::InvalidConfig(
                "content targets must be non-negative with a positive sum".into(),
            ));
        }
        Ok(ContentBalance {
            targets: targets.iter().map(|t| t / sum).collect(),
        })
    }

    /// The area to draw the next item from, given items administered per area and which areas
    /// still have eligible items; `None` when no area has any.
    pub fn next_area(&self, counts: &[usize], has_items: impl Fn(usize) -> bool) -> Option<usize> {
        let total: usize = counts.iter().sum();
        let next = (total + 1) as f64;
        (0..self.targets.len())
            .filter(|&a| has_items(a))
            .max_by(|&x, &y| {
                let dx = self.targets[x] * next - counts.get(x).copied().unwrap_or(0) as f64;
                let dy = self.targets[y] * next - counts.get(y).copied().unwrap_or(0) as f64;
                dx.total_cmp(&dy).then(y.cmp(&x))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_target_proportions() {
        let cb = ContentBalance::new(vec![2.0, 1.0, 1.0]).unwrap();
        let mut counts = vec![0; 3];
        for _ in 0..40 {
            let a = cb.next_area(&counts, |_| true).unwrap();
            counts[a] += 1;
        }
        assert_eq!(counts, vec![20, 10, 10]);
    }

    #[test]
    fn skips_exhausted_areas_and_rejects_bad_targets() {
        let cb = ContentBalance::new(vec![1.0, 1.0]).unwrap();
        assert_eq!(cb.next_area(&[0, 5], |a| a == 1), Some(1));
        assert_eq!(cb.next_area(&[0, 0], |_| false), None);
        assert!(ContentBalance::new(vec![]).is_err());
        assert!(ContentBalance::new(vec![-1.0, 2.0]).is_err());
    }
}
