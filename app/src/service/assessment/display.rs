//! Turns the item bank's `ItemView` into what the pages and the API show, with options, regions
//! and targets in an order of their own for each candidate (so that the key's place in the file
//! says nothing) and pictures under opaque URLs (so that a file name says nothing either).

use tremplin_bank::{Action, InputView, ItemView, QROC_FIELD_ID};

use crate::domain::{AnswerWay, ItemDisplay, Labelled, Media, TaskAction, Zone};

/// SplitMix64: a tiny, well-mixed generator, enough for a display order.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Seed for one item of one assessment (FNV-1a of the item id, mixed with the assessment seed).
fn item_seed(seed: i64, item_id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in item_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^ (seed as u64)
}

/// Fisher–Yates shuffle, the same for the same (seed, item).
pub fn shuffle<T>(items: &mut [T], seed: i64, item_id: &str) {
    let mut state = item_seed(seed, item_id);
    for i in (1..items.len()).rev() {
        let j = (splitmix(&mut state) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

fn labelled(id: &str, text: &str) -> Labelled {
    Labelled {
        id: id.to_owned(),
        text: text.to_owned(),
    }
}

fn zone(r: &tremplin_bank::Region) -> Zone {
    Zone {
        id: r.id.clone(),
        label: r.label.clone(),
        x: r.x,
        y: r.y,
        w: r.w,
        h: r.h,
    }
}

fn task_action(a: Action) -> TaskAction {
    match a {
        Action::Click => TaskAction::Click,
        Action::DoubleClick => TaskAction::DoubleClick,
        Action::RightClick => TaskAction::RightClick,
        Action::Drag => TaskAction::Drag,
        Action::ScrollFind => TaskAction::ScrollFind,
        Action::TypeText => TaskAction::TypeText,
        Action::Tap => TaskAction::Tap,
        Action::Swipe => TaskAction::Swipe,
    }
}

/// Paragraphs of a prompt (blank lines separate them).
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Every list of a way to answer, in this candidate's own order.
fn answer_way(input: &InputView, seed: i64, item_id: &str) -> AnswerWay {
    let list = |choices: &[tremplin_bank::Choice], salt: i64| {
        let mut v: Vec<Labelled> = choices.iter().map(|o| labelled(&o.id, &o.text)).collect();
        shuffle(&mut v, seed ^ salt, item_id);
        v
    };
    let zones = |regions: &[tremplin_bank::Region]| {
        let mut v: Vec<Zone> = regions.iter().map(zone).collect();
        shuffle(&mut v, seed ^ 2, item_id);
        v
    };
    match input {
        InputView::Choice { multiple, options } => AnswerWay::Choice {
            multiple: *multiple,
            options: list(options, 0),
        },
        InputView::Order { options } => AnswerWay::Ordering {
            options: list(options, 0),
        },
        InputView::Text { fields, number }
            if fields.len() == 1 && fields[0].id == QROC_FIELD_ID =>
        {
            AnswerWay::Text { number: *number }
        }
        // The fields of a qrocm keep their order: the response lists answers in field order.
        InputView::Text { fields, .. } => AnswerWay::Fields {
            fields: fields.iter().map(|f| labelled(&f.id, &f.label)).collect(),
        },
        InputView::Hotspot { regions } => AnswerWay::Hotspot {
            regions: zones(regions),
        },
        InputView::Matching { left, right } => AnswerWay::Matching {
            left: list(left, 0),
            right: list(right, 1),
        },
        InputView::Task { action, targets } => AnswerWay::Task {
            action: task_action(*action),
            targets: zones(targets),
        },
    }
}

/// The display of one item for the candidate whose assessment has `seed`; pictures get the
/// opaque URL `media_url` gives them.
pub fn item_display(
    view: &ItemView,
    seed: i64,
    media_url: impl Fn(&str) -> Option<String>,
) -> ItemDisplay {
    ItemDisplay {
        id: view.id.clone(),
        prompt: paragraphs(&view.prompt),
        media: view.media.as_ref().and_then(|m| {
            Some(Media {
                url: media_url(m.src.trim_start_matches('/'))?,
                alt: m.alt.clone(),
                width: m.width,
                height: m.height,
            })
        }),
        answer: answer_way(&view.input, seed, &view.id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shuffle_is_a_permutation_that_depends_on_the_seed() {
        let base: Vec<u32> = (0..6).collect();
        let mut a = base.clone();
        shuffle(&mut a, 7, "item-x");
        let mut again = base.clone();
        shuffle(&mut again, 7, "item-x");
        assert_eq!(a, again, "same seed and item, same order");
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, base, "nothing lost or duplicated");
        let differs = (0..20).any(|s| {
            let mut b = base.clone();
            shuffle(&mut b, s, "item-x");
            b != a
        });
        assert!(differs, "other seeds give other orders");
    }

    #[test]
    fn regions_and_targets_come_in_an_order_of_each_candidate() {
        let region = |id: &str| tremplin_bank::Region {
            id: id.into(),
            label: format!("zone {id}"),
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
        };
        let regions: Vec<_> = ["a", "b", "c", "d"].map(region).into();
        let inputs = [
            InputView::Hotspot {
                regions: regions.clone(),
            },
            InputView::Task {
                action: Action::Click,
                targets: regions,
            },
        ];
        for input in inputs {
            let order = |seed| match answer_way(&input, seed, "item") {
                AnswerWay::Hotspot { regions: z } | AnswerWay::Task { targets: z, .. } => {
                    z.into_iter().map(|z| z.id).collect::<Vec<_>>()
                }
                other => panic!("unexpected {other:?}"),
            };
            let firsts: std::collections::BTreeSet<String> =
                (0..40).map(|seed| order(seed)[0].clone()).collect();
            assert_eq!(firsts.len(), 4, "every zone comes first for some candidate");
            let mut sorted = order(7);
            sorted.sort();
            assert_eq!(sorted, ["a", "b", "c", "d"]);
        }
    }

    #[test]
    fn paragraphs_split_on_blank_lines_and_collapse_spaces() {
        assert_eq!(
            paragraphs("Un  texte\nsur deux lignes.\n\nDeuxième."),
            vec![
                "Un texte sur deux lignes.".to_string(),
                "Deuxième.".to_string()
            ]
        );
    }
}
