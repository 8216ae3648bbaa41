//! A candidate's response as the browser (or an API client) sends it, and the error for a
//! response whose shape does not fit the item.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::item::Kind;

/// A response. JSON shapes (externally tagged, lower case):
/// `{"choices":["a"]}`, `{"text":["…"]}`, `{"order":["c","a"]}`, `{"point":{"x":1.0,"y":2.0}}`,
/// `{"pairs":{"l1":"r2"}}`, `{"task":{"action":"drag","source":"…","target":"…"}}` (or with
/// points: `{"task":{"action":"drag","from":{"x":1.0,"y":2.0},"to":{"x":3.0,"y":4.0}}}`),
/// `{"skip":true}`.
///
/// Unknown fields are refused (in `point` and `task`), so that a client's typo is an error,
/// not a silently ignored field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Response {
    /// Ids of the ticked options (qcu, qcm) or of the chosen region (hotspot).
    Choices(Vec<String>),
    /// One answer per field, in field order (qroc, qrocm).
    Text(Vec<String>),
    /// Option ids in the candidate's order (ordering).
    Order(Vec<String>),
    /// A point on the picture, in its own coordinates (hotspot).
    Point {
        /// Horizontal coordinate.
        x: f64,
        /// Vertical coordinate.
        y: f64,
    },
    /// Left id → right id (matching).
    Pairs(BTreeMap<String, String>),
    /// What the person did on the simulated screen (task).
    Task(TaskOutcome),
    /// The candidate skipped the item ("je ne sais pas"): valid for every kind, scored wrong.
    /// Only `true` is meaningful.
    Skip(bool),
}

/// A point on an item's picture, in the picture's own coordinates (its viewBox).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// Horizontal coordinate.
    pub x: f64,
    /// Vertical coordinate.
    pub y: f64,
}

impl Point {
    /// Whether both coordinates are finite numbers.
    pub fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }
}

/// Summary of an interactive task, as reported by the browser. Two ways to say where:
/// - by id (keyboard users and the page without JavaScript): `target`, `source`, `direction`;
/// - by point, what the simulated screen saw (the server finds the zone hit): `at` for a click,
///   double-click, right-click or tap; `from` and `to` for a drag or a swipe.
///
/// The two ways are not mixed in one outcome (a malformed outcome, see [`ResponseError`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskOutcome {
    /// The gesture performed (`"click"`, `"double_click"`, …), in the item files' spelling.
    pub action: String,
    /// Dragged element (drag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Target acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Swipe direction: left, right, up, down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// Typed text (type_text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Where the person clicked, double-clicked, right-clicked or tapped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Point>,
    /// Where a drag or a swipe started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Point>,
    /// Where a drag or a swipe ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Point>,
}

/// The response does not have the shape this item expects (HTTP 422 in the app). A response of
/// the right shape that is simply wrong is `Ok(false)`, never an error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// The response variant does not fit the item's kind.
    #[error("a `{got}` response does not fit a {kind} item")]
    WrongShape {
        /// Kind of the item.
        kind: Kind,
        /// Variant received.
        got: &'static str,
    },
    /// An id that the item does not have.
    #[error("unknown id `{0}`")]
    UnknownId(String),
    /// Wrong number of values (choices, fields, …).
    #[error("expected {expected} value(s), got {got}")]
    WrongCount {
        /// How many the item expects.
        expected: usize,
        /// How many were sent.
        got: usize,
    },
    /// The same id twice.
    #[error("id `{0}` given twice")]
    Duplicate(String),
    /// A point with a non-finite coordinate.
    #[error("the point must have finite coordinates")]
    BadPoint,
    /// A task outcome that mixes ids and points, or gives a start without an end.
    #[error("malformed gesture: {0}")]
    BadGesture(&'static str),
    /// `{"skip": false}`.
    #[error("`skip` must be true")]
    SkipFalse,
}

impl Response {
    /// Name of the variant as it appears in JSON.
    pub fn variant(&self) -> &'static str {
        match self {
            Response::Choices(_) => "choices",
            Response::Text(_) => "text",
            Response::Order(_) => "order",
            Response::Point { .. } => "point",
            Response::Pairs(_) => "pairs",
            Response::Task(_) => "task",
            Response::Skip(_) => "skip",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shapes_are_exactly_the_documented_ones() {
        let cases = [
            (r#"{"choices":["a"]}"#, Response::Choices(vec!["a".into()])),
            (
                r#"{"text":["Paris"]}"#,
                Response::Text(vec!["Paris".into()]),
            ),
            (
                r#"{"order":["c","a"]}"#,
                Response::Order(vec!["c".into(), "a".into()]),
            ),
            (
                r#"{"point":{"x":1.0,"y":2.0}}"#,
                Response::Point { x: 1.0, y: 2.0 },
            ),
            (
                r#"{"pairs":{"l1":"r2"}}"#,
                Response::Pairs([("l1".to_owned(), "r2".to_owned())].into()),
            ),
            (
                r#"{"task":{"action":"drag","source":"photo","target":"dossier"}}"#,
                Response::Task(TaskOutcome {
                    action: "drag".into(),
                    source: Some("photo".into()),
                    target: Some("dossier".into()),
                    ..TaskOutcome::default()
                }),
            ),
            (
                r#"{"task":{"action":"click","at":{"x":1.5,"y":2.0}}}"#,
                Response::Task(TaskOutcome {
                    action: "click".into(),
                    at: Some(Point { x: 1.5, y: 2.0 }),
                    ..TaskOutcome::default()
                }),
            ),
            (
                r#"{"task":{"action":"swipe","from":{"x":300.0,"y":400.0},"to":{"x":100.0,"y":410.0}}}"#,
                Response::Task(TaskOutcome {
                    action: "swipe".into(),
                    from: Some(Point { x: 300.0, y: 400.0 }),
                    to: Some(Point { x: 100.0, y: 410.0 }),
                    ..TaskOutcome::default()
                }),
            ),
            (r#"{"skip":true}"#, Response::Skip(true)),
        ];
        for (json, expected) in cases {
            let parsed: Response = serde_json::from_str(json).unwrap();
            assert_eq!(parsed, expected, "{json}");
            assert_eq!(serde_json::to_string(&parsed).unwrap(), json);
        }
    }

    #[test]
    fn unknown_fields_and_two_shapes_at_once_are_refused() {
        for json in [
            r#"{"point":{"x":1.0,"y":2.0,"z":3.0}}"#,
            r#"{"task":{"action":"tap","target":"ok","finger":2}}"#,
            r#"{"task":{"action":"tap","at":{"x":1.0,"y":2.0,"z":0.0}}}"#,
            r#"{"task":{"action":"tap","at":{"x":1.0}}}"#,
            r#"{"choices":["a"],"skip":true}"#,
            r#"{}"#,
        ] {
            assert!(serde_json::from_str::<Response>(json).is_err(), "{json}");
        }
    }
}
