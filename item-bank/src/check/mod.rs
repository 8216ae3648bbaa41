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

use crate::item::{Accepted, Body, FieldMode, Item, TaskSolution};
use crate::response::{Point, Response, ResponseError, TaskOutcome};

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
                    action,
                    targets,
                    solution,
                },
                Response::Task(outcome),
            ) => task::check_task(*action, targets, solution, outcome),
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

impl Item {
    /// Canonical correct responses (at least one, each of which [`Item::check`] accepts): every
    /// accepted short answer, every key region by id and by its centre, the solution of a task.
    /// For tests, previews and the writers' tools; never send them to a candidate.
    pub fn correct_responses(&self) -> Vec<Response> {
        fn first_answer(a: &Accepted) -> String {
            match a {
                Accepted::Text { answers, .. } => answers.first().cloned().unwrap_or_default(),
                Accepted::Number { answers, .. } => answers
                    .first()
                    .map(|n| n.to_string().replace('.', ","))
                    .unwrap_or_default(),
            }
        }
        match &self.body {
            Body::Qcu { solution, .. } => vec![Response::Choices(vec![solution.clone()])],
            Body::Qcm { solution, .. } => {
                let forward: Vec<String> = solution.iter().cloned().collect();
                let mut backward = forward.clone();
                backward.reverse();
                vec![Response::Choices(forward), Response::Choices(backward)]
            }
            Body::Qroc { accepted } => match accepted {
                Accepted::Text { answers, .. } => answers
                    .iter()
                    .map(|a| Response::Text(vec![a.clone()]))
                    .collect(),
                Accepted::Number { answers, .. } => answers
                    .iter()
                    .flat_map(|n| {
                        [
                            Response::Text(vec![n.to_string()]),
                            Response::Text(vec![n.to_string().replace('.', ",")]),
                        ]
                    })
                    .collect(),
            },
            Body::Qrocm { mode, accepted, .. } => {
                let answers: Vec<String> = accepted.iter().map(first_answer).collect();
                let mut out = vec![Response::Text(answers.clone())];
                if *mode == FieldMode::AnyOrder {
                    let mut reversed = answers;
                    reversed.reverse();
                    out.push(Response::Text(reversed));
                }
                out
            }
            Body::Ordering { solution, .. } => vec![Response::Order(solution.clone())],
            Body::Hotspot { regions, solution } => regions
                .iter()
                .filter(|r| solution.contains(&r.id))
                .flat_map(|r| {
                    [
                        Response::Choices(vec![r.id.clone()]),
                        Response::Point {
                            x: r.x + r.w / 2.0,
                            y: r.y + r.h / 2.0,
                        },
                    ]
                })
                .collect(),
            Body::Matching { solution, .. } => vec![Response::Pairs(solution.clone())],
            Body::Task {
                action,
                targets,
                solution,
            } => {
                let blank = TaskOutcome {
                    action: action.as_str().to_owned(),
                    ..TaskOutcome::default()
                };
                let centre = |id: &str| {
                    targets.iter().find(|t| t.id == id).map(|t| Point {
                        x: t.x + t.w / 2.0,
                        y: t.y + t.h / 2.0,
                    })
                };
                let mut by_id = blank.clone();
                let mut by_point = None;
                match solution {
                    TaskSolution::Target(t) => {
                        by_id.target = Some(t.clone());
                        by_point = centre(t).map(|p| TaskOutcome {
                            at: Some(p),
                            ..blank.clone()
                        });
                    }
                    TaskSolution::Drag { source, target } => {
                        by_id.source = Some(source.clone());
                        by_id.target = Some(target.clone());
                        by_point =
                            centre(source)
                                .zip(centre(target))
                                .map(|(from, to)| TaskOutcome {
                                    from: Some(from),
                                    to: Some(to),
                                    ..blank.clone()
                                });
                    }
                    TaskSolution::Swipe(d) => {
                        by_id.direction = Some(d.clone());
                        let (dx, dy) = match d.as_str() {
                            "left" => (-100.0, 0.0),
                            "right" => (100.0, 0.0),
                            "up" => (0.0, -100.0),
                            _ => (0.0, 100.0),
                        };
                        let from = Point { x: 200.0, y: 200.0 };
                        by_point = Some(TaskOutcome {
                            from: Some(from),
                            to: Some(Point {
                                x: from.x + dx,
                                y: from.y + dy,
                            }),
                            ..blank.clone()
                        });
                    }
                    TaskSolution::Text { text, .. } => by_id.text = Some(text.clone()),
                }
                std::iter::once(by_id)
                    .chain(by_point)
                    .map(Response::Task)
                    .collect()
            }
        }
    }
}
