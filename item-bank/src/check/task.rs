//! Interactive beginner tasks: the browser reports what the person did, by id (keyboard, page
//! without JavaScript) or by the points the simulated screen saw; the zone a point hits is
//! found here, never in the browser. Doing the wrong gesture, or acting outside every zone, is
//! a wrong answer; only an outcome that is malformed (a non-finite point, ids and points mixed,
//! a start without an end) is an error.

use super::normalize::normalize;
use crate::item::{Action, Region, TaskSolution};
use crate::response::{Point, ResponseError, TaskOutcome};

/// Shortest swipe, in picture units, that has a direction (a shorter one is a tap).
pub const MIN_SWIPE: f64 = 30.0;

/// Right when the reported action is the item's action and the target / source / direction /
/// text match the solution. Text: `exact` compares after trimming and collapsing spaces only;
/// otherwise after full normalisation.
pub(super) fn check_task(
    action: Action,
    targets: &[Region],
    solution: &TaskSolution,
    outcome: &TaskOutcome,
) -> Result<bool, ResponseError> {
    let gesture = gesture(outcome)?;
    if outcome.action != action.as_str() {
        return Ok(false);
    }
    let hits = |id: &str, p: Point| targets.iter().any(|t| t.id == id && t.contains(p.x, p.y));
    Ok(match (solution, gesture) {
        (TaskSolution::Target(target), Gesture::At(p)) => hits(target, p),
        (TaskSolution::Target(target), Gesture::Ids) => outcome.target.as_deref() == Some(target),
        (TaskSolution::Drag { source, target }, Gesture::Move(from, to)) => {
            hits(source, from) && hits(target, to)
        }
        (TaskSolution::Drag { source, target }, Gesture::Ids) => {
            outcome.source.as_deref() == Some(source) && outcome.target.as_deref() == Some(target)
        }
        (TaskSolution::Swipe(direction), Gesture::Move(from, to)) => {
            swipe_direction(from, to) == Some(direction.as_str())
        }
        (TaskSolution::Swipe(direction), Gesture::Ids) => {
            outcome.direction.as_deref() == Some(direction)
        }
        (TaskSolution::Text { text, exact }, _) => match &outcome.text {
            None => false,
            Some(typed) if *exact => collapse_spaces(typed) == collapse_spaces(text),
            Some(typed) => {
                let typed = normalize(typed);
                !typed.is_empty() && typed == normalize(text)
            }
        },
        // A point where a movement was expected, or a movement where a point was: wrong.
        _ => false,
    })
}

/// How an outcome says where the person acted.
#[derive(Clone, Copy)]
enum Gesture {
    /// By ids (or nothing at all).
    Ids,
    /// A click, double-click, right-click or tap at a point.
    At(Point),
    /// A drag or a swipe from a point to another.
    Move(Point, Point),
}

/// Reads the "where" of an outcome, refusing a malformed one.
fn gesture(outcome: &TaskOutcome) -> Result<Gesture, ResponseError> {
    let points = [outcome.at, outcome.from, outcome.to];
    if points.iter().flatten().any(|p| !p.is_finite()) {
        return Err(ResponseError::BadPoint);
    }
    let has_ids =
        outcome.target.is_some() || outcome.source.is_some() || outcome.direction.is_some();
    let gesture = match (outcome.at, outcome.from, outcome.to) {
        (None, None, None) => return Ok(Gesture::Ids),
        (Some(p), None, None) => Gesture::At(p),
        (None, Some(from), Some(to)) => Gesture::Move(from, to),
        (None, _, _) => {
            return Err(ResponseError::BadGesture("`from` and `to` go together"));
        }
        (Some(_), _, _) => {
            return Err(ResponseError::BadGesture(
                "`at` is a point; `from` and `to` a movement: not both",
            ));
        }
    };
    if has_ids {
        return Err(ResponseError::BadGesture(
            "give ids (`target`, `source`, `direction`) or points (`at`, `from`, `to`), not both",
        ));
    }
    Ok(gesture)
}

/// The direction of a swipe: the axis it moved most along, when it moved at least
/// [`MIN_SWIPE`]; none for a shorter or exactly diagonal movement. The picture's y axis points
/// down.
pub(crate) fn swipe_direction(from: Point, to: Point) -> Option<&'static str> {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    if dx.hypot(dy) < MIN_SWIPE || dx.abs() == dy.abs() {
        return None;
    }
    Some(if dx.abs() > dy.abs() {
        if dx < 0.0 { "left" } else { "right" }
    } else if dy < 0.0 {
        "up"
    } else {
        "down"
    })
}

/// Trims and collapses runs of whitespace to one space.
pub(crate) fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(id: &str, x: f64, y: f64) -> Region {
        Region {
            id: id.into(),
            label: id.into(),
            x,
            y,
            w: 100.0,
            h: 50.0,
        }
    }

    fn targets() -> Vec<Region> {
        vec![region("ok", 0.0, 0.0), region("annuler", 200.0, 0.0)]
    }

    fn at(action: &str, x: f64, y: f64) -> TaskOutcome {
        TaskOutcome {
            action: action.into(),
            at: Some(Point { x, y }),
            ..TaskOutcome::default()
        }
    }

    fn moved(action: &str, from: (f64, f64), to: (f64, f64)) -> TaskOutcome {
        TaskOutcome {
            action: action.into(),
            from: Some(Point {
                x: from.0,
                y: from.1,
            }),
            to: Some(Point { x: to.0, y: to.1 }),
            ..TaskOutcome::default()
        }
    }

    fn check(
        action: Action,
        solution: &TaskSolution,
        o: &TaskOutcome,
    ) -> Result<bool, ResponseError> {
        check_task(action, &targets(), solution, o)
    }

    #[test]
    fn a_click_double_click_right_click_tap_or_scroll_find_is_right_inside_the_key_target() {
        let key = TaskSolution::Target("ok".into());
        for action in [
            Action::Click,
            Action::DoubleClick,
            Action::RightClick,
            Action::Tap,
            Action::ScrollFind,
        ] {
            let name = action.as_str();
            assert_eq!(
                check(action, &key, &at(name, 50.0, 25.0)),
                Ok(true),
                "{name}"
            );
            assert_eq!(
                check(action, &key, &at(name, 100.0, 50.0)),
                Ok(true),
                "edge, {name}"
            );
            assert_eq!(
                check(action, &key, &at(name, 250.0, 25.0)),
                Ok(false),
                "other, {name}"
            );
            assert_eq!(
                check(action, &key, &at(name, 150.0, 25.0)),
                Ok(false),
                "nothing, {name}"
            );
            assert_eq!(
                check(action, &key, &at(name, -1e9, 1e9)),
                Ok(false),
                "far, {name}"
            );
        }
        // Another gesture on the right target is wrong.
        assert_eq!(
            check(Action::DoubleClick, &key, &at("click", 50.0, 25.0)),
            Ok(false)
        );
        assert_eq!(
            check(
                Action::Click,
                &key,
                &moved("click", (50.0, 25.0), (60.0, 25.0))
            ),
            Ok(false)
        );
    }

    #[test]
    fn a_drag_must_start_on_the_source_and_end_on_the_target() {
        let key = TaskSolution::Drag {
            source: "ok".into(),
            target: "annuler".into(),
        };
        let drag = |from, to| check(Action::Drag, &key, &moved("drag", from, to));
        assert_eq!(drag((10.0, 10.0), (250.0, 40.0)), Ok(true));
        assert_eq!(drag((250.0, 40.0), (10.0, 10.0)), Ok(false));
        assert_eq!(drag((10.0, 10.0), (150.0, 40.0)), Ok(false));
        assert_eq!(drag((150.0, 10.0), (250.0, 40.0)), Ok(false));
        assert_eq!(
            check(Action::Drag, &key, &at("drag", 10.0, 10.0)),
            Ok(false)
        );
    }

    #[test]
    fn a_swipe_goes_the_way_it_moved_most_and_far_enough() {
        let left = TaskSolution::Swipe("left".into());
        let swipe = |from, to| check(Action::Swipe, &left, &moved("swipe", from, to));
        assert_eq!(swipe((300.0, 400.0), (100.0, 420.0)), Ok(true));
        assert_eq!(swipe((100.0, 400.0), (300.0, 420.0)), Ok(false));
        assert_eq!(
            swipe((300.0, 400.0), (290.0, 200.0)),
            Ok(false),
            "mostly up"
        );
        assert_eq!(
            swipe((300.0, 400.0), (280.0, 400.0)),
            Ok(false),
            "too short: a tap"
        );
        assert_eq!(
            swipe_direction(Point { x: 0.0, y: 0.0 }, Point { x: 0.0, y: 40.0 }),
            Some("down")
        );
        assert_eq!(
            swipe_direction(Point { x: 0.0, y: 0.0 }, Point { x: 0.0, y: -40.0 }),
            Some("up")
        );
        assert_eq!(
            swipe_direction(Point { x: 0.0, y: 0.0 }, Point { x: 40.0, y: 40.0 }),
            None
        );
    }

    #[test]
    fn malformed_gestures_are_errors_not_wrong_answers() {
        let key = TaskSolution::Target("ok".into());
        assert_eq!(
            check(Action::Click, &key, &at("click", f64::NAN, 1.0)),
            Err(ResponseError::BadPoint)
        );
        assert_eq!(
            check(
                Action::Click,
                &key,
                &moved("drag", (0.0, 0.0), (f64::INFINITY, 0.0))
            ),
            Err(ResponseError::BadPoint)
        );
        let mixed = TaskOutcome {
            target: Some("ok".into()),
            ..at("click", 1.0, 1.0)
        };
        assert!(matches!(
            check(Action::Click, &key, &mixed),
            Err(ResponseError::BadGesture(_))
        ));
        let half = TaskOutcome {
            to: None,
            ..moved("drag", (0.0, 0.0), (1.0, 1.0))
        };
        assert!(matches!(
            check(Action::Drag, &key, &half),
            Err(ResponseError::BadGesture(_))
        ));
        let both = TaskOutcome {
            at: Some(Point { x: 1.0, y: 1.0 }),
            ..moved("drag", (0.0, 0.0), (1.0, 1.0))
        };
        assert!(matches!(
            check(Action::Drag, &key, &both),
            Err(ResponseError::BadGesture(_))
        ));
        // Malformed even when the gesture is not the one asked for: the shape is checked first.
        assert_eq!(
            check(Action::Click, &key, &at("swipe", 1.0, f64::NAN)),
            Err(ResponseError::BadPoint)
        );
    }
}
