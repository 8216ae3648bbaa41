//! Answer checking: one function per kind, in sibling files. [`Item::check`] dispatches on the
//! item's kind after handling `skip`.

mod choice;
mod hotspot;
mod matching;
pub mod normalize;
mod order;
mod task;
mod text;

use std::collections::BTreeSet;

use crate::item::{Body, Item};
use crate::response::{Response, ResponseError};

impl Item {
    /// Scores a response: `Ok(true)` right, `Ok(false)` wrong (including `{"skip": true}`),
    /// `Err` when the response's shape does not fit this kind of item. Never panics.
    pub fn check(&self, response: &Response) -> Result<bool, ResponseError> {
        match response {
            Response::Skip(true) => return Ok(false),
            Response::Skip(false) => return Err(ResponseError::SkipFalse),
            _ => {}
        }
        let wrong_shape = || ResponseError::WrongShape {
            kind: self.kind(),
            got: response.variant(),
        };
        match (&self.body, response) {
            (Body::Qcu { options, solution }, Response::Choices(ids)) => {
                choice::check_qcu(options, solution, ids)
            }
            (Body::Qcm { options, solution }, Response::Choices(ids)) => {
                choice::check_qcm(options, solution, ids)
            }
            (Body::Qroc { accepted }, Response::Text(answers)) => {
                text::check_qroc(accepted, answers)
            }
            (Body::Qrocm { mode, accepted, .. }, Response::Text(answers)) => {
                text::check_qrocm(*mode, accepted, answers)
            }
            (Body::Ordering { options, solution }, Response::Order(ids)) => {
                order::check_ordering(options, solution, ids)
            }
            (Body::Hotspot { regions, solution }, Response::Choices(ids)) => {
                hotspot::check_region(regions, solution, ids)
            }
            (Body::Hotspot { regions, solution }, Response::Point { x, y }) => {
                hotspot::check_point(regions, solution, *x, *y)
            }
            (
                Body::Matching {
                    left,
                    right,
                    solution,
                },
                Response::Pairs(pairs),
            ) => matching::check_matching(left, right, solution, pairs),
            (
                Body::Task {
                    action, solution, ..
                },
                Response::Task(outcome),
            ) => Ok(task::check_task(*action, solution, outcome)),
            _ => Err(wrong_shape()),
        }
    }
}

/// Rejects duplicates and ids outside `known`; returns the set of given ids.
fn known_unique_ids(
    given: &[String],
    mut known: impl FnMut(&str) -> bool,
) -> Result<BTreeSet<&str>, ResponseError> {
    let mut set = BTreeSet::new();
    for id in given {
        if !known(id) {
            return Err(ResponseError::UnknownId(id.clone()));
        }
        if !set.insert(id.as_str()) {
            return Err(ResponseError::Duplicate(id.clone()));
        }
    }
    Ok(set)
}
