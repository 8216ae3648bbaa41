//! Hotspot: a point on the picture, or a region chosen from the list (keyboard users).

use std::collections::BTreeSet;

use super::known_unique_ids;
use crate::item::Region;
use crate::response::ResponseError;

/// A region id chosen from the list: exactly one known id; right when it is a key region.
pub(super) fn check_region(
    regions: &[Region],
    solution: &BTreeSet<String>,
    given: &[String],
) -> Result<bool, ResponseError> {
    let ids = known_unique_ids(given, |id| regions.iter().any(|r| r.id == id))?;
    if ids.len() != 1 {
        return Err(ResponseError::WrongCount {
            expected: 1,
            got: given.len(),
        });
    }
    Ok(ids.iter().all(|id| solution.contains(*id)))
}

/// A point: right when it lies in a key region (edges included).
pub(super) fn check_point(
    regions: &[Region],
    solution: &BTreeSet<String>,
    x: f64,
    y: f64,
) -> Result<bool, ResponseError> {
    if !(x.is_finite() && y.is_finite()) {
        return Err(ResponseError::BadPoint);
    }
    Ok(regions
        .iter()
        .any(|r| solution.contains(&r.id) && r.contains(x, y)))
}
