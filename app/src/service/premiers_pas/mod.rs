//! "Premiers pas", the path for people who have barely used a screen. Today: its rules
//! ([`rules`]) over the bank's beginner items; the pages, the API and the result sheet build
//! on them.

pub mod rules;

use tremplin_bank::{Bank, Status};

use rules::{Plan, SkillTasks};

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
