//! What a candidate may see of an item: [`ItemView`]. It carries no correctness information at
//! all (no solution, no flag, no explanation, no tolerance, no IRT parameters, no level).

use serde::{Deserialize, Serialize};

use crate::item::{Action, Body, Choice, Field, Item, Kind, Region};

/// Id of the single field of a `qroc` item.
pub const QROC_FIELD_ID: &str = "reponse";

/// The candidate's view of an item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    /// Item id.
    pub id: String,
    /// Kind of item.
    pub kind: Kind,
    /// French prompt.
    pub prompt: String,
    /// The picture, if any.
    pub media: Option<MediaView>,
    /// How the candidate answers.
    pub input: InputView,
}

/// A picture as the browser loads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MediaView {
    /// URL path, `/media/<path under data/media>`.
    pub src: String,
    /// Alternative text.
    pub alt: String,
    /// Width of the picture's viewBox.
    pub width: u32,
    /// Height of the picture's viewBox.
    pub height: u32,
}

/// The answer widget, by kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InputView {
    /// qcu (`multiple = false`) and qcm (`multiple = true`); answered with `choices`.
    Choice {
        /// Whether several options may be ticked.
        multiple: bool,
        /// Options in file order (the app shuffles them).
        options: Vec<Choice>,
    },
    /// qroc (one field) and qrocm; answered with `text`, one string per field in this order.
    Text {
        /// Fields in order.
        fields: Vec<Field>,
        /// Whether the expected answers are numbers.
        number: bool,
    },
    /// ordering; answered with `order`.
    Order {
        /// Options in file order (the app shuffles them).
        options: Vec<Choice>,
    },
    /// hotspot; answered with `point` (picture coordinates) or `choices` (one region id).
    Hotspot {
        /// Every region (listed as buttons for keyboard and screen-reader users).
        regions: Vec<Region>,
    },
    /// matching; answered with `pairs` (left id → right id).
    Matching {
        /// Elements to place.
        left: Vec<Choice>,
        /// Targets (one may receive several elements).
        right: Vec<Choice>,
    },
    /// task; answered with `task`, the outcome reported by the simulated screen.
    Task {
        /// Expected kind of gesture.
        action: Action,
        /// Named zones of the simulated screen.
        targets: Vec<Region>,
    },
}

impl Item {
    /// What a candidate may see.
    pub fn view(&self) -> ItemView {
        let input = match &self.body {
            Body::Qcu { options, .. } => InputView::Choice {
                multiple: false,
                options: options.clone(),
            },
            Body::Qcm { options, .. } => InputView::Choice {
                multiple: true,
                options: options.clone(),
            },
            Body::Qroc { accepted } => InputView::Text {
                fields: vec![Field {
                    id: QROC_FIELD_ID.to_owned(),
                    label: "Votre réponse".to_owned(),
                }],
                number: matches!(accepted, crate::item::Accepted::Number { .. }),
            },
            Body::Qrocm {
                fields, accepted, ..
            } => InputView::Text {
                fields: fields.clone(),
                number: accepted
                    .iter()
                    .any(|a| matches!(a, crate::item::Accepted::Number { .. })),
            },
            Body::Ordering { options, .. } => InputView::Order {
                options: options.clone(),
            },
            Body::Hotspot { regions, .. } => InputView::Hotspot {
                regions: regions.clone(),
            },
            Body::Matching { left, right, .. } => InputView::Matching {
                left: left.clone(),
                right: right.clone(),
            },
            Body::Task {
                action, targets, ..
            } => InputView::Task {
                action: *action,
                targets: targets.clone(),
            },
        };
        ItemView {
            id: self.id.clone(),
            kind: self.kind(),
            prompt: self.prompt.clone(),
            media: self.media.as_ref().map(|m| MediaView {
                src: format!("/{}", m.file),
                alt: m.alt.clone(),
                width: m.width,
                height: m.height,
            }),
            input,
        }
    }
}
