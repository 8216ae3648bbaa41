//! The data the pages show, shared by the server (which fills it) and the browser (which hydrates
//! from it). Nothing here may carry a solution before the answer is stored: [`ItemDisplay`] is
//! built from the item bank's `ItemView`, which has none.

use serde::{Deserialize, Serialize};

/// An option, a field, or one side of a matching item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Labelled {
    pub id: String,
    pub text: String,
}

/// A picture shown with an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Media {
    /// Public URL of the picture.
    pub url: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// A named rectangle on a picture (hotspot regions, task targets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    pub id: String,
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// One item as the candidate sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemDisplay {
    pub id: String,
    /// qcu | qcm | qroc | qrocm | ordering | hotspot | matching | task
    pub kind: String,
    /// Paragraphs of the prompt.
    pub prompt: Vec<String>,
    pub media: Option<Media>,
    /// qcu, qcm, ordering (already shuffled for this candidate).
    pub options: Vec<Labelled>,
    /// qroc: "text" or "number".
    pub input: Option<String>,
    /// qrocm.
    pub fields: Vec<Labelled>,
    /// hotspot regions or task targets.
    pub zones: Vec<Zone>,
    /// matching.
    pub left: Vec<Labelled>,
    pub right: Vec<Labelled>,
    /// task: the action asked for (click, double_click, …).
    pub action: Option<String>,
}

/// How far the candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub answered: u32,
    pub expected: u32,
}

impl Progress {
    /// Percentage for the progress bar, never above 100.
    pub fn percent(&self) -> u32 {
        if self.expected == 0 {
            return 100;
        }
        (self.answered * 100 / self.expected).min(100)
    }
}

/// What the item page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CurrentPage {
    /// No assessment on this device (no or unknown cookie).
    NoSession,
    /// The item to answer now.
    Item {
        item: Box<ItemDisplay>,
        progress: Progress,
    },
    /// Every item answered: the result is ready.
    Done,
}

/// One competence on the result page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompetenceLevel {
    pub code: String,
    pub name: String,
    pub domain: String,
    pub level: u8,
    pub theta: f64,
    pub se: f64,
    pub answered: u32,
}

/// One domain on the result page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainLevel {
    pub code: String,
    pub name: String,
    pub level: u8,
    pub theta: f64,
    pub se: f64,
}

/// One answer, reviewed after the end (explanations are shown only now).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerReview {
    pub item_id: String,
    pub competence: String,
    pub prompt: Vec<String>,
    pub correct: bool,
    pub skipped: bool,
    pub expected: String,
    pub explanation: String,
}

/// The result page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultView {
    pub framework_version: String,
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
    Ready(Box<ResultView>),
}

/// Age bands offered with the consent (Eurostat bands, plus 75+).
pub const AGE_BANDS: [&str; 8] = [
    "16-24",
    "25-34",
    "35-44",
    "45-54",
    "55-64",
    "65-74",
    "75+",
    "moins de 16",
];

/// The 101 département codes of the INSEE geography (COG 2026).
pub fn departements() -> Vec<String> {
    let mut codes: Vec<String> = (1..=95)
        .filter(|n| *n != 20)
        .map(|n| format!("{n:02}"))
        .collect();
    let at = codes.iter().position(|c| c == "21").unwrap_or(codes.len());
    codes.insert(at, "2B".into());
    codes.insert(at, "2A".into());
    codes.extend(["971", "972", "973", "974", "976"].map(String::from));
    codes
}

/// Year of the geography [`departements`] follows.
pub const COG_YEAR: i64 = 2026;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_101_departements_with_corsica_split() {
        let d = departements();
        assert_eq!(d.len(), 101);
        assert!(d.contains(&"2A".to_string()) && d.contains(&"2B".to_string()));
        assert!(!d.contains(&"20".to_string()));
        assert_eq!(d.last().map(String::as_str), Some("976"));
    }

    #[test]
    fn progress_percent_is_capped() {
        assert_eq!(
            Progress {
                answered: 60,
                expected: 48
            }
            .percent(),
            100
        );
        assert_eq!(
            Progress {
                answered: 12,
                expected: 48
            }
            .percent(),
            25
        );
        assert_eq!(
            Progress {
                answered: 0,
                expected: 0
            }
            .percent(),
            100
        );
    }
}
