//! What a beneficiary's finished diagnostics say: each one's result with what the mediator
//! observed, the progress from the first to the last diagnostic of a path, and the autonomy and
//! orientation that La Coop de la médiation numérique's activity record asks for.

use super::StaffMember;
use super::beneficiaries::Beneficiary;
use super::diagnostics::Mode;
use crate::db::diagnostics::{self as rows, DiagnosticState};
use crate::domain::premiers_pas::{Orientation, Outcome};
use crate::service::ServiceError;
use crate::service::assessment::{AssessmentResult, Path};
use crate::state::AppState;

/// One task the mediator observed during a guided diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    pub item_id: String,
    /// What the task is about: the beginner skill's or the competence's name.
    pub about: String,
    /// `pas_encore` | `avec_aide` | `autonomie`, if the mediator chose one.
    pub step: Option<String>,
    pub comment: Option<String>,
}

/// A finished diagnostic with its result.
#[derive(Debug, Clone)]
pub struct Done {
    pub diagnostic_id: String,
    pub beneficiary_id: String,
    pub path: Path,
    pub mode: Mode,
    pub started_at: i64,
    pub finished_at: i64,
    /// Time on the tasks (the answers' durations), while the answers are kept.
    pub spent_ms: Option<i64>,
    pub result: AssessmentResult,
    pub observations: Vec<Observed>,
}

/// The longest session an activity counts (a test left open and finished days later is not a
/// days-long accompaniment).
pub const LONGEST_MINUTES: i64 = 240;

/// La Coop's three steps of autonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Autonomy {
    FullyAccompanied,
    PartlyAutonomous,
    Autonomous,
}

impl Autonomy {
    /// The value La Coop stores.
    pub fn as_str(self) -> &'static str {
        match self {
            Autonomy::FullyAccompanied => "entierement_accompagne",
            Autonomy::PartlyAutonomous => "partiellement_autonome",
            Autonomy::Autonomous => "autonome",
        }
    }
}

/// The median of the competence levels of a full test (0 when there is none).
fn median_level(result: &AssessmentResult) -> u8 {
    match result {
        AssessmentResult::Citizen(view) => {
            let mut levels: Vec<u8> = view.competences.iter().map(|c| c.level).collect();
            levels.sort_unstable();
            levels.get(levels.len() / 2).copied().unwrap_or(0)
        }
        AssessmentResult::Beginner(_) => 0,
    }
}

impl Done {
    /// The activity's minutes, rounded up, at least 1 and at most [`LONGEST_MINUTES`]: in
    /// guided mode, the session (from the start to the end of the test, the mediator beside the
    /// person); with a code, the time the person spent on the tasks (the answers' durations,
    /// pauses left out), or the session's when the answers are gone.
    pub fn minutes(&self) -> i64 {
        let session = (self.finished_at - self.started_at).max(0);
        let ms = match (self.mode, self.spent_ms) {
            (Mode::Code, Some(spent)) => spent.max(0),
            _ => session,
        };
        ((ms + 59_999) / 60_000).clamp(1, LONGEST_MINUTES)
    }

    /// How autonomous the person was. The mediator's judgement comes first: when tasks were
    /// observed, "autonome" if at least two thirds of them were done "en autonomie",
    /// "entièrement accompagné" if more than half were "pas encore", else "partiellement
    /// autonome". Without observations, the measured result decides: Premiers pas' orientation
    /// (urgence, accompagnement, autonomie), or the full test's median competence level
    /// (0, 1, 2 and above).
    pub fn autonomy(&self) -> Autonomy {
        let steps: Vec<&str> = self
            .observations
            .iter()
            .filter_map(|o| o.step.as_deref())
            .collect();
        if !steps.is_empty() {
            let n = steps.len();
            let autonomous = steps.iter().filter(|s| **s == "autonomie").count();
            let not_yet = steps.iter().filter(|s| **s == "pas_encore").count();
            return if autonomous * 3 >= n * 2 {
                Autonomy::Autonomous
            } else if not_yet * 2 > n {
                Autonomy::FullyAccompanied
            } else {
                Autonomy::PartlyAutonomous
            };
        }
        match &self.result {
            AssessmentResult::Beginner(b) => match b.orientation {
                Orientation::Urgence => Autonomy::FullyAccompanied,
                Orientation::Accompagnement => Autonomy::PartlyAutonomous,
                Orientation::Autonomie => Autonomy::Autonomous,
            },
            AssessmentResult::Citizen(_) => match median_level(&self.result) {
                0 => Autonomy::FullyAccompanied,
                1 => Autonomy::PartlyAutonomous,
                _ => Autonomy::Autonomous,
            },
        }
    }

    /// Where the person is sent, in La Coop's words (`structure_de_redirection`): only a
    /// Premiers pas path that found an urgent procedure the person cannot do alone sends them
    /// elsewhere (France Services, Aidants Connect); otherwise the structure goes on with them.
    pub fn redirection(&self) -> Option<&'static str> {
        match &self.result {
            AssessmentResult::Beginner(b) if b.orientation == Orientation::Urgence => {
                Some("aide_aux_demarches_administratives")
            }
            _ => None,
        }
    }
}

/// A skill's place on a 0–2 scale (Premiers pas) for the progress chart.
pub fn outcome_score(o: Outcome) -> u8 {
    match o {
        Outcome::ATravailler => 0,
        Outcome::EnCours => 1,
        Outcome::Acquis => 2,
    }
}

/// One line of a progress table: a competence (level 0–8) or a beginner skill (0–2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressRow {
    pub code: String,
    pub name: String,
    pub before: u8,
    pub after: u8,
}

/// From the first to the last finished diagnostic of one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub path: Path,
    pub before_at: i64,
    pub after_at: i64,
    /// The scale's top: 8 for levels, 2 for skills.
    pub max: u8,
    /// The competences or skills both diagnostics measured, in the later one's order.
    pub rows: Vec<ProgressRow>,
}

/// Code, name and score of each thing a result measured.
fn scores(result: &AssessmentResult) -> Vec<(String, String, u8)> {
    match result {
        AssessmentResult::Citizen(v) => v
            .competences
            .iter()
            .map(|c| (c.code.clone(), c.name.clone(), c.level))
            .collect(),
        AssessmentResult::Beginner(b) => b
            .skills
            .iter()
            .map(|s| (s.skill.clone(), s.name.clone(), outcome_score(s.outcome)))
            .collect(),
    }
}

/// The progress of each path diagnosed at least twice (`done` in the order they finished).
pub fn progress(done: &[Done]) -> Vec<Progress> {
    let mut out = Vec::new();
    for path in [Path::Beginner, Path::Citizen] {
        let of_path: Vec<&Done> = done.iter().filter(|d| d.path == path).collect();
        let (Some(first), Some(last)) = (of_path.first(), of_path.last()) else {
            continue;
        };
        if of_path.len() < 2 {
            continue;
        }
        let before = scores(&first.result);
        let rows = scores(&last.result)
            .into_iter()
            .filter_map(|(code, name, after)| {
                let (_, _, b) = before.iter().find(|(c, _, _)| *c == code)?;
                Some(ProgressRow {
                    code,
                    name,
                    before: *b,
                    after,
                })
            })
            .collect();
        out.push(Progress {
            path,
            before_at: first.finished_at,
            after_at: last.finished_at,
            max: if path == Path::Citizen { 8 } else { 2 },
            rows,
        });
    }
    out
}

/// What the task `item_id` is about.
fn about(state: &AppState, item_id: &str) -> String {
    let bank = &state.catalog.bank;
    let Some(item) = bank.get(item_id) else {
        return item_id.to_owned();
    };
    let framework = bank.framework();
    if let Some(skill) = item
        .beginner_skill()
        .and_then(|s| framework.beginner_skill(s))
    {
        return skill.name.clone();
    }
    framework
        .competence(item.competence().as_str())
        .map_or_else(|| item.competence().to_string(), |c| c.name.clone())
}

/// The finished diagnostic of a row, with its observations; `None` if it is not finished.
pub(super) async fn done_of(
    state: &AppState,
    s: &DiagnosticState,
) -> Result<Option<Done>, ServiceError> {
    let d = &s.diagnostic;
    let (Some(assessment_id), Some(finished_at), Some(json)) =
        (&d.assessment_id, s.finished_at, &s.result)
    else {
        return Ok(None);
    };
    let path = Path::parse(&d.path).ok_or_else(|| anyhow::anyhow!("stored path {}", d.path))?;
    let result = match path {
        Path::Beginner => AssessmentResult::Beginner(Box::new(
            serde_json::from_str(json).map_err(|e| ServiceError::Unexpected(e.into()))?,
        )),
        Path::Citizen => AssessmentResult::Citizen(Box::new(
            serde_json::from_str(json).map_err(|e| ServiceError::Unexpected(e.into()))?,
        )),
    };
    let observations = rows::observations(&state.db.pool, assessment_id)
        .await?
        .into_iter()
        .map(|(item_id, step, comment)| Observed {
            about: about(state, &item_id),
            item_id,
            step,
            comment,
        })
        .collect();
    Ok(Some(Done {
        diagnostic_id: d.id.clone(),
        beneficiary_id: d.beneficiary_id.clone(),
        path,
        mode: Mode::parse(&d.mode).ok_or_else(|| anyhow::anyhow!("stored mode {}", d.mode))?,
        started_at: s.started_at.unwrap_or(finished_at),
        finished_at,
        spent_ms: s.spent_ms,
        result,
        observations,
    }))
}

/// A beneficiary of the caller's structure and their finished diagnostics, in the order they
/// finished.
pub async fn finished(
    state: &AppState,
    who: &StaffMember,
    beneficiary_id: &str,
) -> Result<(Beneficiary, Vec<Done>), ServiceError> {
    let person = super::beneficiaries::get(state, who, beneficiary_id).await?;
    let mut out = Vec::new();
    for s in rows::of_beneficiary(&state.db.pool, &who.structure_id, beneficiary_id).await? {
        out.extend(done_of(state, &s).await?);
    }
    by_finish(&mut out);
    Ok((person, out))
}

/// In the order they finished (a code given first may be used after a guided one).
pub(super) fn by_finish(done: &mut [Done]) {
    done.sort_by(|a, b| (a.finished_at, &a.diagnostic_id).cmp(&(b.finished_at, &b.diagnostic_id)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::premiers_pas::{BeginnerResult, SkillOutcome};

    fn beginner(outcomes: &[(&str, Outcome)], orientation: Orientation, at: i64) -> Done {
        Done {
            diagnostic_id: format!("d{at}"),
            beneficiary_id: "b".into(),
            path: Path::Beginner,
            mode: Mode::Guided,
            started_at: at - 125_000,
            finished_at: at,
            spent_ms: Some(40_000),
            result: AssessmentResult::Beginner(Box::new(BeginnerResult {
                path: "beginner".into(),
                framework_version: "x".into(),
                bank_version: "y".into(),
                tasks: outcomes.len() as u32,
                skills: outcomes
                    .iter()
                    .map(|(s, o)| SkillOutcome {
                        skill: (*s).into(),
                        name: format!("nom {s}"),
                        outcome: *o,
                    })
                    .collect(),
                not_reached: 0,
                orientation,
                urgent_procedure: orientation == Orientation::Urgence,
                consent_given: false,
            })),
            observations: Vec::new(),
        }
    }

    fn observed(steps: &[&str]) -> Vec<Observed> {
        steps
            .iter()
            .map(|s| Observed {
                item_id: "i".into(),
                about: "a".into(),
                step: Some((*s).into()),
                comment: None,
            })
            .collect()
    }

    #[test]
    fn autonomy_follows_the_mediator_first_then_the_measure() {
        let mut d = beginner(&[], Orientation::Accompagnement, 1_000_000);
        assert_eq!(d.autonomy(), Autonomy::PartlyAutonomous);
        d.observations = observed(&["autonomie", "autonomie", "avec_aide"]);
        assert_eq!(d.autonomy(), Autonomy::Autonomous);
        d.observations = observed(&["autonomie", "avec_aide", "avec_aide"]);
        assert_eq!(d.autonomy(), Autonomy::PartlyAutonomous);
        d.observations = observed(&["pas_encore", "pas_encore", "avec_aide"]);
        assert_eq!(d.autonomy(), Autonomy::FullyAccompanied);
        // A comment alone is no judgement.
        d.observations = vec![Observed {
            item_id: "i".into(),
            about: "a".into(),
            step: None,
            comment: Some("a cherché".into()),
        }];
        assert_eq!(d.autonomy(), Autonomy::PartlyAutonomous);
        let urgent = beginner(&[], Orientation::Urgence, 1_000_000);
        assert_eq!(urgent.autonomy(), Autonomy::FullyAccompanied);
        assert_eq!(
            urgent.redirection(),
            Some("aide_aux_demarches_administratives")
        );
        assert_eq!(d.redirection(), None);
        assert_eq!(
            d.minutes(),
            3,
            "guided: the session, 2 min 5 s, counts as 3 minutes"
        );
        d.mode = Mode::Code;
        assert_eq!(d.minutes(), 1, "with a code: the 40 s on the tasks");
        d.spent_ms = None;
        d.started_at = d.finished_at - 3 * 24 * 3_600_000;
        assert_eq!(d.minutes(), LONGEST_MINUTES, "a test left open for days");
        d.started_at = d.finished_at;
        assert_eq!(d.minutes(), 1, "at least a minute");
    }

    #[test]
    fn progress_pairs_the_first_and_last_of_a_path_on_what_both_measured() {
        use Outcome::*;
        let first = beginner(
            &[("b02", ATravailler), ("b07", EnCours)],
            Orientation::Accompagnement,
            1_000,
        );
        let middle = beginner(&[("b02", EnCours)], Orientation::Accompagnement, 2_000);
        let last = beginner(
            &[("b02", Acquis), ("b07", Acquis), ("b08", EnCours)],
            Orientation::Autonomie,
            3_000,
        );
        assert!(progress(std::slice::from_ref(&first)).is_empty());
        let p = progress(&[first, middle, last]);
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].before_at, p[0].after_at, p[0].max), (1_000, 3_000, 2));
        let rows: Vec<(&str, u8, u8)> = p[0]
            .rows
            .iter()
            .map(|r| (r.code.as_str(), r.before, r.after))
            .collect();
        assert_eq!(rows, [("b02", 0, 2), ("b07", 1, 2)]);
    }
}
