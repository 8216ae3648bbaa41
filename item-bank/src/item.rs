//! A validated item of the bank. It holds the solution, so it is deliberately neither
//! `Serialize` nor a derived `Debug`: what a candidate may see is [`crate::ItemView`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::framework::CompetenceCode;
use crate::params::IrtParams;

/// The kind of an item: how it is answered and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Single choice.
    Qcu,
    /// Multiple choice (all and only the correct options).
    Qcm,
    /// Short answer (text or number).
    Qroc,
    /// Several short-answer fields.
    Qrocm,
    /// Put options in the right order.
    Ordering,
    /// Choose a zone on a picture.
    Hotspot,
    /// Pair each left element with a right element.
    Matching,
    /// Interactive beginner task on a simulated screen.
    Task,
}

impl Kind {
    /// Every kind, in a fixed order.
    pub const ALL: [Kind; 8] = [
        Kind::Qcu,
        Kind::Qcm,
        Kind::Qroc,
        Kind::Qrocm,
        Kind::Ordering,
        Kind::Hotspot,
        Kind::Matching,
        Kind::Task,
    ];

    /// The name used in item files (`"qcu"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Qcu => "qcu",
            Kind::Qcm => "qcm",
            Kind::Qroc => "qroc",
            Kind::Qrocm => "qrocm",
            Kind::Ordering => "ordering",
            Kind::Hotspot => "hotspot",
            Kind::Matching => "matching",
            Kind::Task => "task",
        }
    }

    /// Parses a kind name as written in item files.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Life-cycle status of an item. `Live` items are served and scored; `Pilot` items are served
/// now and then, unscored, to gather the answers that calibrate them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being written or reviewed.
    Draft,
    /// Served to candidates.
    Live,
    /// Served to candidates now and then without counting in their result, until calibrated.
    Pilot,
    /// No longer served; kept so that old results stay explainable.
    Retired,
}

impl Status {
    /// Parses a status as written in item files.
    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "draft" => Some(Status::Draft),
            "live" => Some(Status::Live),
            "pilot" => Some(Status::Pilot),
            "retired" => Some(Status::Retired),
            _ => None,
        }
    }
}

/// The action of an interactive task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Click a target.
    Click,
    /// Double-click a target.
    DoubleClick,
    /// Right-click a target.
    RightClick,
    /// Drag a source onto a target.
    Drag,
    /// Scroll until the target is visible, then click it.
    ScrollFind,
    /// Type a text.
    TypeText,
    /// Tap a target on a touch screen.
    Tap,
    /// Swipe in a direction.
    Swipe,
}

impl Action {
    /// Every action, in a fixed order.
    pub const ALL: [Action; 8] = [
        Action::Click,
        Action::DoubleClick,
        Action::RightClick,
        Action::Drag,
        Action::ScrollFind,
        Action::TypeText,
        Action::Tap,
        Action::Swipe,
    ];

    /// The name used in item files and task outcomes (`"double_click"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Click => "click",
            Action::DoubleClick => "double_click",
            Action::RightClick => "right_click",
            Action::Drag => "drag",
            Action::ScrollFind => "scroll_find",
            Action::TypeText => "type_text",
            Action::Tap => "tap",
            Action::Swipe => "swipe",
        }
    }

    /// Parses an action name.
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// A choice shown to the candidate (option, left or right element of a matching).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// Id, unique within the item.
    pub id: String,
    /// French text.
    pub text: String,
}

/// A named rectangle on the item's picture (hotspot region or task target), in the picture's
/// own coordinates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// Id, unique within the item.
    pub id: String,
    /// French label naming the zone (keyboard and screen-reader version).
    pub label: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Region {
    /// Whether the point lies inside the rectangle (edges included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }
}

/// A text field of a short-answer item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// Id, unique within the item.
    pub id: String,
    /// French label.
    pub label: String,
}

/// A picture drawn by the team, stored under `data/`.
#[derive(Clone, Debug, PartialEq)]
pub struct Media {
    /// Path relative to the data directory, e.g. `media/4.1/mail.svg`.
    pub file: String,
    /// Alternative text (never empty).
    pub alt: String,
    /// Width of the SVG's viewBox.
    pub width: u32,
    /// Height of the SVG's viewBox.
    pub height: u32,
}

/// How the fields of a `qrocm` item are matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldMode {
    /// Field i must match field i's accepted answers.
    Independent,
    /// The answers may come in any order; each must match a different field.
    AnyOrder,
}

/// Accepted answers of a short-answer field.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Accepted {
    /// Texts, compared after normalisation (with typo tolerance when `typo`).
    Text { answers: Vec<String>, typo: bool },
    /// Numbers, compared with an absolute tolerance.
    Number { answers: Vec<f64>, tolerance: f64 },
}

/// Solution of a task.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TaskSolution {
    /// click, double_click, right_click, tap, scroll_find.
    Target(String),
    /// drag.
    Drag { source: String, target: String },
    /// swipe.
    Swipe(String),
    /// type_text.
    Text { text: String, exact: bool },
}

/// Kind-specific content of an item, solution included.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Body {
    Qcu {
        options: Vec<Choice>,
        solution: String,
    },
    Qcm {
        options: Vec<Choice>,
        solution: BTreeSet<String>,
    },
    Qroc {
        accepted: Accepted,
    },
    Qrocm {
        fields: Vec<Field>,
        mode: FieldMode,
        accepted: Vec<Accepted>,
    },
    Ordering {
        options: Vec<Choice>,
        solution: Vec<String>,
    },
    Hotspot {
        regions: Vec<Region>,
        solution: BTreeSet<String>,
    },
    Matching {
        left: Vec<Choice>,
        right: Vec<Choice>,
        solution: BTreeMap<String, String>,
    },
    Task {
        action: Action,
        targets: Vec<Region>,
        solution: TaskSolution,
    },
}

impl Body {
    pub(crate) fn kind(&self) -> Kind {
        match self {
            Body::Qcu { .. } => Kind::Qcu,
            Body::Qcm { .. } => Kind::Qcm,
            Body::Qroc { .. } => Kind::Qroc,
            Body::Qrocm { .. } => Kind::Qrocm,
            Body::Ordering { .. } => Kind::Ordering,
            Body::Hotspot { .. } => Kind::Hotspot,
            Body::Matching { .. } => Kind::Matching,
            Body::Task { .. } => Kind::Task,
        }
    }
}

/// A validated item. Built only by the loader ([`crate::Bank::load`]).
#[derive(Clone, PartialEq)]
pub struct Item {
    pub(crate) id: String,
    pub(crate) competence: CompetenceCode,
    pub(crate) level: u8,
    pub(crate) status: Status,
    pub(crate) prompt: String,
    pub(crate) explanation: Option<String>,
    pub(crate) beginner_skill: Option<String>,
    pub(crate) media: Option<Media>,
    pub(crate) params: IrtParams,
    pub(crate) body: Body,
    pub(crate) source: PathBuf,
    pub(crate) line: usize,
}

/// Only non-secret fields: an `Item` may end up in a log.
impl fmt::Debug for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Item")
            .field("id", &self.id)
            .field("competence", &self.competence)
            .field("level", &self.level)
            .field("kind", &self.kind())
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl Item {
    /// Stable id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The chance that a blind guess at this item is scored right, from how it is answered (the
    /// provisional `c`, whatever `irt` says; see `params.rs`).
    pub fn blind_guess(&self) -> f64 {
        crate::params::provisional_guessing(&self.body)
    }

    /// The competence the item measures.
    pub fn competence(&self) -> &CompetenceCode {
        &self.competence
    }

    /// CRCN level, 1 … 8.
    pub fn level(&self) -> u8 {
        self.level
    }

    /// Kind of item.
    pub fn kind(&self) -> Kind {
        self.body.kind()
    }

    /// Life-cycle status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// French prompt.
    pub fn prompt(&self) -> &str {
        &self.prompt
    }

    /// Explanation for the result page (after the assessment only).
    pub fn explanation(&self) -> Option<&str> {
        self.explanation.as_deref()
    }

    /// Beginner skill id (`"b16"`) for beginner items.
    pub fn beginner_skill(&self) -> Option<&str> {
        self.beginner_skill.as_deref()
    }

    /// The picture, if any.
    pub fn media(&self) -> Option<&Media> {
        self.media.as_ref()
    }

    /// IRT parameters: explicit ones from the file, else the provisional rule of
    /// [`crate::params`].
    pub fn params(&self) -> IrtParams {
        self.params
    }

    /// File the item was loaded from.
    pub fn source(&self) -> &Path {
        &self.source
    }

    /// Line of the item in its file.
    pub fn line(&self) -> usize {
        self.line
    }

    /// French description of the correct answer, for the result page only.
    pub fn answer_text(&self) -> String {
        fn texts<'a>(
            choices: &'a [Choice],
            ids: impl IntoIterator<Item = &'a String>,
        ) -> Vec<&'a str> {
            ids.into_iter()
                .filter_map(|id| choices.iter().find(|c| &c.id == id))
                .map(|c| c.text.as_str())
                .collect()
        }
        fn accepted_text(a: &Accepted) -> String {
            match a {
                Accepted::Text { answers, .. } => answers.join(" ou "),
                Accepted::Number {
                    answers, tolerance, ..
                } => {
                    let list: Vec<String> = answers.iter().map(|n| french_number(*n)).collect();
                    if *tolerance > 0.0 {
                        format!(
                            "{} (à {} près)",
                            list.join(" ou "),
                            french_number(*tolerance)
                        )
                    } else {
                        list.join(" ou ")
                    }
                }
            }
        }
        match &self.body {
            Body::Qcu { options, solution } => {
                format!("Bonne réponse : {}", texts(options, [solution]).join(""))
            }
            Body::Qcm { options, solution } => {
                let chosen = texts(options, solution.iter());
                format!("Bonnes réponses : {}", chosen.join(" ; "))
            }
            Body::Qroc { accepted } => format!("Réponse attendue : {}", accepted_text(accepted)),
            Body::Qrocm {
                fields, accepted, ..
            } => {
                let parts: Vec<String> = fields
                    .iter()
                    .zip(accepted)
                    .map(|(f, a)| format!("{} : {}", f.label, accepted_text(a)))
                    .collect();
                format!("Réponses attendues : {}", parts.join(" ; "))
            }
            Body::Ordering { options, solution } => {
                let steps = texts(options, solution.iter());
                let numbered: Vec<String> = steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!("{}. {}", i + 1, s))
                    .collect();
                format!("Le bon ordre : {}", numbered.join(" ; "))
            }
            Body::Hotspot { regions, solution } => {
                let labels: Vec<&str> = regions
                    .iter()
                    .filter(|r| solution.contains(&r.id))
                    .map(|r| r.label.as_str())
                    .collect();
                format!("La bonne zone : {}", labels.join(" ou "))
            }
            Body::Matching {
                left,
                right,
                solution,
            } => {
                let pairs: Vec<String> = left
                    .iter()
                    .filter_map(|l| {
                        let r = solution.get(&l.id)?;
                        let r = right.iter().find(|c| &c.id == r)?;
                        Some(format!("{} → {}", l.text, r.text))
                    })
                    .collect();
                format!("Les bonnes associations : {}", pairs.join(" ; "))
            }
            Body::Task {
                targets, solution, ..
            } => {
                let label = |id: &str| {
                    targets
                        .iter()
                        .find(|t| t.id == id)
                        .map_or_else(|| id.to_owned(), |t| t.label.clone())
                };
                match solution {
                    TaskSolution::Target(t) => format!("Il fallait agir sur : {}", label(t)),
                    TaskSolution::Drag { source, target } => {
                        format!(
                            "Il fallait déplacer « {} » sur « {} »",
                            label(source),
                            label(target)
                        )
                    }
                    TaskSolution::Swipe(d) => {
                        let d = match d.as_str() {
                            "left" => "vers la gauche",
                            "right" => "vers la droite",
                            "up" => "vers le haut",
                            _ => "vers le bas",
                        };
                        format!("Il fallait faire glisser le doigt {d}")
                    }
                    TaskSolution::Text { text, .. } => format!("Il fallait écrire : {text}"),
                }
            }
        }
    }
}

/// A number written the French way (decimal comma).
fn french_number(n: f64) -> String {
    n.to_string().replace('.', ",")
}
