//! Matching (drag and drop, or select lists).

use std::collections::BTreeMap;

use crate::item::Choice;
use crate::response::ResponseError;

/// matching: keys must be left ids and values right ids; right when every left id is paired as
/// in the key. Leaving an element unplaced is a (wrong) answer, not an error.
pub(super) fn check_matching(
    left: &[Choice],
    right: &[Choice],
    solution: &BTreeMap<String, String>,
    pairs: &BTreeMap<String, String>,
) -> Result<bool, ResponseError> {
    for (l, r) in pairs {
        if !left.iter().any(|c| &c.id == l) {
            return Err(ResponseError::UnknownId(l.clone()));
        }
        if !right.iter().any(|c| &c.id == r) {
            return Err(ResponseError::UnknownId(r.clone()));
        }
    }
    Ok(left
        .iter()
        .all(|l| pairs.get(&l.id).is_some() && pairs.get(&l.id) == solution.get(&l.id)))
}
