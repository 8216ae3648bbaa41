//! "Premiers pas", the path for people who have barely used a screen: its rules ([`rules`])
//! over the bank's beginner items, and the step the assessment service takes after an answer.

pub mod rules;

use tremplin_bank::{Bank, Status};

use crate::db::assessments::{AssessmentRow, ScoredAnswer};
use crate::domain::{BeginnerResult, Progress, SkillOutcome};
use crate::service::catalog::Catalog;
use rules::{Plan, Scored, SkillTasks};

/// After the answers: the next task (or none), the progress, and the result when done.
pub fn step(
    catalog: &Catalog,
    row: &AssessmentRow,
    answers: &[ScoredAnswer],
) -> (Option<String>, Progress, Option<BeginnerResult>) {
    let plan = plan(&catalog.bank, row.seed);
    let scored: Vec<Scored> = answers
        .iter()
        .map(|a| Scored {
            item_id: a.item_id.clone(),
            correct: a.correct,
        })
        .collect();
    let state = plan.replay(&scored);
    let answered = answers.len() as u32;
    let progress = Progress {
        answered,
        expected: (plan.expected(&state) + answers.len() - state.counted) as u32,
    };
    if state.next.is_some() {
        return (state.next, progress, None);
    }
    let framework = catalog.bank.framework();
    let skills = state
        .outcomes
        .iter()
        .map(|(skill, outcome)| SkillOutcome {
            name: framework
                .beginner_skill(skill)
                .map_or_else(|| skill.clone(), |s| s.name.clone()),
            skill: skill.clone(),
            outcome: *outcome,
        })
        .collect();
    let urgent = row.urgent_procedure != 0;
    let result = BeginnerResult {
        path: "beginner".to_owned(),
        framework_version: row.framework_version.clone(),
        bank_version: catalog.version.clone(),
        tasks: answered,
        skills,
        not_reached: (plan.skills.len() - state.outcomes.len()) as u32,
        orientation: rules::orientation(&state, &plan, urgent),
        urgent_procedure: urgent,
        consent_given: false,
    };
    (None, progress, Some(result))
}

/// The path's plan for an assessment: every beginner skill with live tasks, each skill's tasks
/// from the easiest (lowest level) in an order of the assessment's own within a level.
pub fn plan(bank: &Bank, seed: i64) -> Plan {
    let skills = bank
        .framework()
        .beginner_skills
        .iter()
        .filter(|s| !s.observed)
        .map(|s| {
            let mut tasks: Vec<(u8, String)> = bank
                .items()
                .iter()
                .filter(|i| i.status() == Status::Live && i.beginner_skill() == Some(&s.id))
                .map(|i| (i.level(), i.id().to_owned()))
                .collect();
            tasks.sort();
            let mut ordered = Vec::new();
            for level in 1..=8u8 {
                let mut same: Vec<String> = tasks
                    .iter()
                    .filter(|(l, _)| *l == level)
                    .map(|(_, id)| id.clone())
                    .collect();
                crate::service::assessment::display::shuffle(&mut same, seed, &s.id);
                ordered.extend(same);
            }
            SkillTasks {
                skill: s.id.clone(),
                tasks: ordered,
            }
        })
        .collect();
    Plan::new(skills)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_real_bank_gives_30_skills_from_the_easiest_task() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../item-bank/data");
        let bank = Bank::load(&dir).unwrap();
        let p = plan(&bank, 42);
        assert_eq!(p.skills.len(), 30);
        for s in &p.skills {
            let levels: Vec<u8> = s
                .tasks
                .iter()
                .map(|t| bank.get(t).unwrap().level())
                .collect();
            assert!(
                levels.windows(2).all(|w| w[0] <= w[1]),
                "{}: {levels:?}",
                s.skill
            );
        }
        let other = plan(&bank, 7);
        assert_eq!(
            p.skills.iter().map(|s| &s.skill).collect::<Vec<_>>(),
            other.skills.iter().map(|s| &s.skill).collect::<Vec<_>>(),
            "the order of skills does not depend on the seed"
        );
    }
}
