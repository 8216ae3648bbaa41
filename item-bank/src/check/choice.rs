//! Single (qcu) and multiple (qcm) choice.

use std::collections::BTreeSet;

use super::known_unique_ids;
use crate::item::Choice;
use crate::response::ResponseError;

/// qcu: exactly one known option id; right when it is the key.
pub(super) fn check_qcu(
    options: &[Choice],
    solution: &str,
    given: &[String],
) -> Result<bool, ResponseError> {
    let ids = known_unique_ids(given, |id| options.iter().any(|o| o.id == id))?;
    if ids.len() != 1 {
        return Err(ResponseError::WrongCount {
            expected: 1,
            got: given.len(),
        });
    }
    Ok(ids.contains(solution))
}

/// qcm: known, distinct option ids in any order; right when they are all and only the keys.
/// Ticking nothing is a (wrong) answer, not an error.
pub(super) fn check_qcm(
    options: &[Choice],
    solution: &BTreeSet<String>,
    given: &[String],
) -> Result<bool, ResponseError> {
    let ids = known_unique_ids(given, |id| options.iter().any(|o| o.id == id))?;
    Ok(ids.len() == solution.len() && solution.iter().all(|s| ids.contains(s.as_str())))
}
