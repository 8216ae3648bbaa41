//! The "Premiers pas" result: where each skill stands and which support to propose.

use serde::{Deserialize, Serialize};

/// Where a skill stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Right at the first task.
    Acquis,
    /// Right at the second task.
    EnCours,
    /// Missed twice.
    ATravailler,
}

#[cfg(feature = "ssr")]
impl Outcome {
    /// The stored name (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Acquis => "acquis",
            Outcome::EnCours => "en_cours",
            Outcome::ATravailler => "a_travailler",
        }
    }
}

/// The three levels of support of the national strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// A procedure must be done now and cannot be done alone: France Services, Aidants Connect.
    Urgence,
    /// Learn the basics with others: workshops, Pass numérique.
    Accompagnement,
    /// Go on alone: the full test.
    Autonomie,
}

#[cfg(feature = "ssr")]
impl Orientation {
    /// Every orientation, from the most support to the least.
    pub const ALL: [Orientation; 3] = [
        Orientation::Urgence,
        Orientation::Accompagnement,
        Orientation::Autonomie,
    ];

    /// The stored name (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            Orientation::Urgence => "urgence",
            Orientation::Accompagnement => "accompagnement",
            Orientation::Autonomie => "autonomie",
        }
    }
}

/// One skill reached by the path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SkillOutcome {
    /// Beginner skill id (`b02`).
    pub skill: String,
    pub name: String,
    pub outcome: Outcome,
}

/// The result of a "Premiers pas" path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BeginnerResult {
    /// Always `beginner`.
    pub path: String,
    pub framework_version: String,
    pub bank_version: String,
    /// Tasks answered.
    pub tasks: u32,
    /// Skills reached, in the order they were asked (the path may stop before the last).
    pub skills: Vec<SkillOutcome>,
    /// Skills of the path not reached (it stopped kindly before them).
    pub not_reached: u32,
    pub orientation: Orientation,
    /// Whether the person said a procedure must be done now.
    pub urgent_procedure: bool,
    /// Whether the person gave an anonymous record to the observatory.
    #[serde(default)]
    pub consent_given: bool,
}
