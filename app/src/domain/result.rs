//! The result of a finished assessment, as stored at finish and shown on the result page.

use serde::{Deserialize, Serialize};

/// One competence on the result page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CompetenceLevel {
    pub code: String,
    pub name: String,
    pub domain: String,
    /// CRCN level 0–8.
    pub level: u8,
    pub theta: f64,
    pub se: f64,
    pub answered: u32,
}

/// One domain on the result page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DomainLevel {
    pub code: String,
    pub name: String,
    pub level: u8,
    pub theta: f64,
    pub se: f64,
}

/// One answer, reviewed after the end (explanations are shown only now).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnswerReview {
    pub item_id: String,
    pub competence: String,
    pub prompt: Vec<String>,
    pub correct: bool,
    pub skipped: bool,
    pub expected: String,
    pub explanation: String,
}

/// The result of a finished assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultView {
    pub framework_version: String,
    /// Content hash of the item bank the result was computed with.
    #[serde(default)]
    pub bank_version: String,
    pub competences: Vec<CompetenceLevel>,
    pub domains: Vec<DomainLevel>,
    pub general_theta: f64,
    pub general_se: f64,
    pub answers: Vec<AnswerReview>,
    pub consent_given: bool,
}

/// What the result page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ResultPage {
    NoSession,
    NotFinished,
    Ready {
        result: Box<ResultView>,
        /// Places near what the person typed, when they asked.
        places: Option<crate::domain::PlacesNear>,
    },
    /// The result of a "Premiers pas" path.
    Beginner {
        result: Box<crate::domain::BeginnerResult>,
        places: Option<crate::domain::PlacesNear>,
    },
}
