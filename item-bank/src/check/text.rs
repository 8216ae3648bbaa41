//! Short answers: qroc (one field) and qrocm (several fields, independent or in any order).

use super::normalize::{number_matches, text_matches};
use crate::item::{Accepted, FieldMode};
use crate::response::ResponseError;

fn matches(accepted: &Accepted, given: &str) -> bool {
    match accepted {
        Accepted::Text { answers, typo } => text_matches(given, answers, *typo),
        Accepted::Number { answers, tolerance } => number_matches(given, answers, *tolerance),
    }
}

/// qroc: exactly one string; right when it matches an accepted answer.
pub(super) fn check_qroc(accepted: &Accepted, given: &[String]) -> Result<bool, ResponseError> {
    match given {
        [answer] => Ok(matches(accepted, answer)),
        _ => Err(ResponseError::WrongCount {
            expected: 1,
            got: given.len(),
        }),
    }
}

/// qrocm: one string per field. `Independent`: answer i must match field i. `AnyOrder`: the
/// answers must match the fields under some one-to-one assignment (fields ≤ 6, so every
/// permutation is tried).
pub(super) fn check_qrocm(
    mode: FieldMode,
    fields: &[Accepted],
    given: &[String],
) -> Result<bool, ResponseError> {
    if given.len() != fields.len() {
        return Err(ResponseError::WrongCount {
            expected: fields.len(),
            got: given.len(),
        });
    }
    Ok(match mode {
        FieldMode::Independent => fields.iter().zip(given).all(|(f, g)| matches(f, g)),
        FieldMode::AnyOrder => {
            // fit[i][j]: answer i fits field j.
            let fit: Vec<Vec<bool>> = given
                .iter()
                .map(|g| fields.iter().map(|f| matches(f, g)).collect())
                .collect();
            let mut used = vec![false; fields.len()];
            assign(&fit, 0, &mut used)
        }
    })
}

/// Whether answers `i..` can each take a distinct unused field they fit (backtracking).
fn assign(fit: &[Vec<bool>], i: usize, used: &mut [bool]) -> bool {
    let Some(row) = fit.get(i) else {
        return true;
    };
    for (j, &ok) in row.iter().enumerate() {
        if ok && !used[j] {
            used[j] = true;
            if assign(fit, i + 1, used) {
                return true;
            }
            used[j] = false;
        }
    }
    false
}
