//! One item as the candidate sees it, and the item page's data.

use serde::{Deserialize, Serialize};

/// An option, a field, or one side of a matching item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Labelled {
    pub id: String,
    pub text: String,
}

/// A picture shown with an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Media {
    /// Opaque, content-hashed URL of the picture (its name says nothing about the item).
    pub url: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// A named rectangle on a picture (hotspot regions, task targets), in the picture's coordinates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Zone {
    pub id: String,
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// The gesture a task asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskAction {
    Click,
    DoubleClick,
    RightClick,
    Drag,
    ScrollFind,
    TypeText,
    Tap,
    Swipe,
}

impl TaskAction {
    /// The action named `name` in item files and task responses.
    pub fn parse(name: &str) -> Option<TaskAction> {
        [
            TaskAction::Click,
            TaskAction::DoubleClick,
            TaskAction::RightClick,
            TaskAction::Drag,
            TaskAction::ScrollFind,
            TaskAction::TypeText,
            TaskAction::Tap,
            TaskAction::Swipe,
        ]
        .into_iter()
        .find(|a| a.as_str() == name)
    }

    /// The name used in item files and in task responses (`"double_click"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            TaskAction::Click => "click",
            TaskAction::DoubleClick => "double_click",
            TaskAction::RightClick => "right_click",
            TaskAction::Drag => "drag",
            TaskAction::ScrollFind => "scroll_find",
            TaskAction::TypeText => "type_text",
            TaskAction::Tap => "tap",
            TaskAction::Swipe => "swipe",
        }
    }
}

/// The ways to answer an item; lists are already shuffled for this candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnswerWay {
    /// Tick one option (`multiple = false`) or several; answered with `choices`.
    Choice {
        multiple: bool,
        options: Vec<Labelled>,
    },
    /// One short answer; answered with `text` (one string).
    Text {
        /// The expected answer is a number.
        number: bool,
    },
    /// Several labelled short answers; answered with `text`, one string per field in order.
    Fields { fields: Vec<Labelled> },
    /// Put the options in order; answered with `order`.
    Ordering { options: Vec<Labelled> },
    /// Point at a zone of the picture; answered with `point` or `choices` (one region id).
    Hotspot { regions: Vec<Zone> },
    /// Pair each left element with a right one; answered with `pairs`.
    Matching {
        left: Vec<Labelled>,
        right: Vec<Labelled>,
    },
    /// Perform a gesture on a simulated screen; answered with `task`.
    Task {
        action: TaskAction,
        targets: Vec<Zone>,
    },
}

/// One item as the candidate sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemDisplay {
    pub id: String,
    /// Paragraphs of the prompt.
    pub prompt: Vec<String>,
    pub media: Option<Media>,
    pub answer: AnswerWay,
}

/// How far the candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Progress {
    /// Items answered so far.
    pub answered: u32,
    /// Most items the test can still reach in total (an upper bound).
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
        /// On the "Premiers pas" path (easy-to-read words, "Je n'y arrive pas", read aloud).
        beginner: bool,
        /// A guided diagnostic: the mediator's observation fields, written by the server (their
        /// words stay out of the WASM bundle); `None` for everyone else.
        #[serde(default)]
        guided: Option<String>,
    },
    /// Every item answered: the result is ready.
    Done,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_percent_is_capped() {
        let p = |answered, expected| Progress { answered, expected }.percent();
        assert_eq!(p(60, 48), 100);
        assert_eq!(p(12, 48), 25);
        assert_eq!(p(0, 0), 100);
    }

    #[test]
    fn the_way_to_answer_is_tagged_by_its_kind_in_json() {
        let way = AnswerWay::Task {
            action: TaskAction::DoubleClick,
            targets: vec![],
        };
        let json = serde_json::to_value(&way).unwrap();
        assert_eq!(json["kind"], "task");
        assert_eq!(json["action"], "double_click");
        let back: AnswerWay = serde_json::from_value(json).unwrap();
        assert_eq!(back, way);
    }
}
