//! Interactive beginner tasks: the browser reports what the person did; any report is a valid
//! shape (doing the wrong gesture is a wrong answer, not a malformed one).

use super::normalize::normalize;
use crate::item::{Action, TaskSolution};
use crate::response::TaskOutcome;

/// Right when the reported action is the item's action and the target / source / direction /
/// text match the solution. Text: `exact` compares after trimming and collapsing spaces only;
/// otherwise after full normalisation.
pub(super) fn check_task(action: Action, solution: &TaskSolution, outcome: &TaskOutcome) -> bool {
    if outcome.action != action.as_str() {
        return false;
    }
    match solution {
        TaskSolution::Target(target) => outcome.target.as_deref() == Some(target),
        TaskSolution::Drag { source, target } => {
            outcome.source.as_deref() == Some(source) && outcome.target.as_deref() == Some(target)
        }
        TaskSolution::Swipe(direction) => outcome.direction.as_deref() == Some(direction),
        TaskSolution::Text { text, exact } => match &outcome.text {
            None => false,
            Some(typed) if *exact => collapse_spaces(typed) == collapse_spaces(text),
            Some(typed) => {
                let typed = normalize(typed);
                !typed.is_empty() && typed == normalize(text)
            }
        },
    }
}

/// Trims and collapses runs of whitespace to one space.
pub(crate) fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
