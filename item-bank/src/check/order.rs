//! Ordering.

use super::known_unique_ids;
use crate::item::Choice;
use crate::response::ResponseError;

/// ordering: the response must be a permutation of the option ids; right when it is the key.
pub(super) fn check_ordering(
    options: &[Choice],
    solution: &[String],
    given: &[String],
) -> Result<bool, ResponseError> {
    known_unique_ids(given, |id| options.iter().any(|o| o.id == id))?;
    if given.len() != options.len() {
        return Err(ResponseError::WrongCount {
            expected: options.len(),
            got: given.len(),
        });
    }
    Ok(given == solution)
}
