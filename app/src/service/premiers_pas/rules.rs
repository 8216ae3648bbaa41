//! The rules of the "Premiers pas" path, pure (no I/O): which task comes next, what each skill's
//! outcome is, when to stop, and where to go next. Like the engine's sessions, everything is a
//! function of (the bank's beginner items, the seed, the answers so far), so nothing but the
//! answers is stored.
//!
//! - Skills come from the most basic: first the fundamentals, in an order that lets a person
//!   who only knows a phone show it early (click, tap, type, then the mouse's other gestures),
//!   then the other skills in the framework's order.
//! - One task per skill, the easiest first; right → "acquis". Wrong or "Je n'y arrive pas" →
//!   a second task of the same skill: right → "en cours", wrong → "à travailler".
//! - Kind stops: when the fundamentals are not there (4 fundamentals "à travailler" and at most
//!   one reached at all), or after 4 other skills "à travailler" in a row, the path ends: the
//!   rest would only discourage. A person who can do nothing sees 8 tasks.

pub use crate::domain::{Orientation, Outcome};

/// The fundamentals, in the order they are asked.
pub const FUNDAMENTALS: [&str; 7] = ["b02", "b07", "b08", "b03", "b06", "b04", "b05"];

/// Fundamentals "à travailler" that, with at most [`REACHED_FOR_STOP`] reached, end the path.
const FAILED_FUNDAMENTALS_TO_STOP: usize = 4;
const REACHED_FOR_STOP: usize = 1;
/// Skills "à travailler" in a row that end the path.
const FAILED_IN_A_ROW_TO_STOP: usize = 4;

/// One skill of the path and its tasks, easiest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillTasks {
    pub skill: String,
    pub tasks: Vec<String>,
}

/// One scored answer, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    pub item_id: String,
    pub correct: bool,
}

/// The path's skills in the order they are asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub skills: Vec<SkillTasks>,
}

/// Where a path stands after its answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// Each skill reached, with its outcome, in the plan's order.
    pub outcomes: Vec<(String, Outcome)>,
    /// The next task, or `None` when the path is over.
    pub next: Option<String>,
    /// Answers that counted (an answer to a task the plan no longer has is ignored).
    pub counted: usize,
}

impl Plan {
    /// Orders `skills` (each with its tasks, easiest first): the fundamentals first, in
    /// [`FUNDAMENTALS`] order, then the others in the order given. Skills without tasks are
    /// left out.
    pub fn new(skills: Vec<SkillTasks>) -> Self {
        let rank = |s: &SkillTasks| {
            FUNDAMENTALS
                .iter()
                .position(|f| *f == s.skill)
                .unwrap_or(FUNDAMENTALS.len())
        };
        let mut skills: Vec<SkillTasks> =
            skills.into_iter().filter(|s| !s.tasks.is_empty()).collect();
        skills.sort_by_key(rank); // stable: the others keep their order
        Plan { skills }
    }

    /// Replays the answers. Each answer must be to the task the plan would give at that point;
    /// one that is not (the bank changed) is skipped, so an assessment always goes on.
    pub fn replay(&self, answers: &[Scored]) -> State {
        let mut outcomes = Vec::new();
        let mut answers = answers.iter().peekable();
        let mut counted = 0;
        let mut failed_in_a_row = 0;
        for skill in &self.skills {
            if self.should_stop(&outcomes, failed_in_a_row) {
                return State {
                    outcomes,
                    next: None,
                    counted,
                };
            }
            let mut outcome = None;
            for (attempt, task) in skill.tasks.iter().take(2).enumerate() {
                // Skip answers the plan cannot place (their task left the bank).
                while answers.peek().is_some_and(|a| {
                    a.item_id != *task && !self.skills.iter().any(|s| s.tasks.contains(&a.item_id))
                }) {
                    answers.next();
                }
                let Some(answer) = answers.next_if(|a| a.item_id == *task) else {
                    return State {
                        outcomes,
                        next: Some(task.clone()),
                        counted,
                    };
                };
                counted += 1;
                if answer.correct {
                    outcome = Some(if attempt == 0 {
                        Outcome::Acquis
                    } else {
                        Outcome::EnCours
                    });
                    break;
                }
            }
            let outcome = outcome.unwrap_or(Outcome::ATravailler);
            // The fundamentals have their own stop (a phone-only person fails the mouse's
            // gestures in a row and must still reach the rest).
            let fundamental = FUNDAMENTALS.contains(&skill.skill.as_str());
            failed_in_a_row = match outcome {
                Outcome::ATravailler if !fundamental => failed_in_a_row + 1,
                Outcome::ATravailler => failed_in_a_row,
                _ => 0,
            };
            outcomes.push((skill.skill.clone(), outcome));
        }
        State {
            outcomes,
            next: None,
            counted,
        }
    }

    fn should_stop(&self, outcomes: &[(String, Outcome)], failed_in_a_row: usize) -> bool {
        let fundamentals = outcomes
            .iter()
            .filter(|(s, _)| FUNDAMENTALS.contains(&s.as_str()));
        let (mut failed, mut reached) = (0, 0);
        for (_, o) in fundamentals {
            if *o == Outcome::ATravailler {
                failed += 1;
            } else {
                reached += 1;
            }
        }
        (failed >= FAILED_FUNDAMENTALS_TO_STOP && reached <= REACHED_FOR_STOP)
            || failed_in_a_row >= FAILED_IN_A_ROW_TO_STOP
    }

    /// The most tasks this path can still give in all, after `state` (for a progress bar).
    pub fn expected(&self, state: &State) -> usize {
        let left: usize = self.skills[state.outcomes.len().min(self.skills.len())..]
            .iter()
            .map(|s| s.tasks.len().min(2))
            .sum();
        state.counted + left
    }
}

/// The support to propose: "urgence" when the person has a procedure to do now and the skills
/// of online procedures are not all there; "autonomie" when every fundamental and at least 80 %
/// of the skills reached are "acquis" with none "à travailler" and the path went to its end;
/// "accompagnement" otherwise.
pub fn orientation(state: &State, plan: &Plan, urgent_procedure: bool) -> Orientation {
    /// Skills an online procedure needs: a form, official sites, FranceConnect, sending a
    /// document.
    const PROCEDURES: [&str; 4] = ["b15", "b21", "b22", "b24"];
    let outcome = |skill: &str| {
        state
            .outcomes
            .iter()
            .find(|(s, _)| s == skill)
            .map(|(_, o)| *o)
    };
    let procedures_alone = PROCEDURES
        .iter()
        .all(|s| outcome(s).is_none_or(|o| o == Outcome::Acquis) && outcome(s).is_some());
    if urgent_procedure && !procedures_alone {
        return Orientation::Urgence;
    }
    let finished = state.outcomes.len() == plan.skills.len();
    let fundamentals_acquired = FUNDAMENTALS
        .iter()
        .all(|f| outcome(f).is_none_or(|o| o == Outcome::Acquis));
    let acquired = state
        .outcomes
        .iter()
        .filter(|(_, o)| *o == Outcome::Acquis)
        .count();
    let none_failed = state
        .outcomes
        .iter()
        .all(|(_, o)| *o != Outcome::ATravailler);
    if finished && fundamentals_acquired && none_failed && acquired * 5 >= state.outcomes.len() * 4
    {
        Orientation::Autonomie
    } else {
        Orientation::Accompagnement
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 30 skills like the bank's: the 7 fundamentals and 23 others, 3 tasks each.
    fn plan() -> Plan {
        let ids = (2..=32).filter(|n| *n != 28).map(|n| format!("b{n:02}"));
        Plan::new(
            ids.map(|s| SkillTasks {
                tasks: (1..=3).map(|k| format!("{s}-t{k}")).collect(),
                skill: s,
            })
            .collect(),
        )
    }

    /// Answers the path as a person who succeeds at the tasks `can` accepts.
    fn walk(plan: &Plan, can: impl Fn(&str) -> bool) -> (State, Vec<Scored>) {
        let mut answers = Vec::new();
        loop {
            let state = plan.replay(&answers);
            let Some(task) = state.next.clone() else {
                return (state, answers);
            };
            assert!(answers.len() < 100, "the path never ends");
            answers.push(Scored {
                correct: can(&task),
                item_id: task,
            });
        }
    }

    #[test]
    fn fundamentals_come_first_phone_gestures_early() {
        let p = plan();
        let order: Vec<&str> = p.skills.iter().map(|s| s.skill.as_str()).collect();
        assert_eq!(&order[..7], &FUNDAMENTALS);
        assert_eq!(order[7], "b09");
        assert_eq!(order.len(), 30);
    }

    #[test]
    fn a_person_who_can_do_nothing_sees_at_most_12_tasks() {
        let p = plan();
        let (state, answers) = walk(&p, |_| false);
        assert_eq!(answers.len(), 8, "4 fundamentals, twice each");
        assert!(answers.len() <= 12);
        assert!(
            state
                .outcomes
                .iter()
                .all(|(_, o)| *o == Outcome::ATravailler)
        );
        assert_eq!(orientation(&state, &p, false), Orientation::Accompagnement);
        assert_eq!(orientation(&state, &p, true), Orientation::Urgence);
    }

    #[test]
    fn a_confident_person_sees_one_task_per_skill_and_is_autonomous() {
        let p = plan();
        let (state, answers) = walk(&p, |_| true);
        assert_eq!(answers.len(), 30);
        assert!(state.outcomes.iter().all(|(_, o)| *o == Outcome::Acquis));
        assert_eq!(orientation(&state, &p, false), Orientation::Autonomie);
        assert_eq!(orientation(&state, &p, true), Orientation::Autonomie);
    }

    #[test]
    fn a_phone_only_person_is_not_stopped_by_the_mouse() {
        let p = plan();
        let mouse = ["b02", "b03", "b04", "b05", "b06"];
        let (state, answers) = walk(&p, |t| !mouse.iter().any(|m| t.starts_with(m)));
        assert_eq!(state.outcomes.len(), 30, "goes to the end");
        assert_eq!(answers.len(), 35, "a second chance on each mouse skill");
        assert_eq!(orientation(&state, &p, false), Orientation::Accompagnement);
    }

    #[test]
    fn a_second_task_right_is_en_cours_and_a_run_of_failures_stops_kindly() {
        let p = plan();
        // Right at the second try for the fundamentals, then nothing works.
        let (state, answers) = walk(&p, |t| {
            FUNDAMENTALS.iter().any(|f| t.starts_with(f)) && t.ends_with("t2")
        });
        assert!(
            state.outcomes[..7]
                .iter()
                .all(|(_, o)| *o == Outcome::EnCours)
        );
        assert_eq!(state.outcomes.len(), 7 + FAILED_IN_A_ROW_TO_STOP);
        assert_eq!(answers.len(), 14 + 2 * FAILED_IN_A_ROW_TO_STOP);
        assert_eq!(state.next, None);
    }

    #[test]
    fn an_answer_to_a_task_that_left_the_bank_is_skipped_and_the_path_goes_on() {
        let p = plan();
        let answers = vec![
            Scored {
                item_id: "b02-t1".into(),
                correct: true,
            },
            Scored {
                item_id: "retired-task".into(),
                correct: true,
            },
            Scored {
                item_id: "b07-t1".into(),
                correct: true,
            },
        ];
        let state = p.replay(&answers);
        assert_eq!(state.counted, 2);
        assert_eq!(state.next.as_deref(), Some("b08-t1"));
        assert_eq!(p.expected(&state), 2 + 28 * 2);
    }

    #[test]
    fn the_state_is_a_function_of_the_answers() {
        let p = plan();
        let (_, answers) = walk(&p, |t| t.len() % 2 == 0);
        for k in 0..answers.len() {
            assert_eq!(p.replay(&answers[..k]), p.replay(&answers[..k]));
            assert_eq!(
                p.replay(&answers[..k]).next.as_deref(),
                Some(answers[k].item_id.as_str())
            );
        }
    }
}
