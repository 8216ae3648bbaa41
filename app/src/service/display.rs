//! Turns the item bank's `ItemView` into what the pages and the API show, with the options in an
//! order of their own for each candidate (so that the key's place in the file says nothing).

use tremplin_bank::{InputView, ItemView};

use crate::model::{ItemDisplay, Labelled, Media, Zone};

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

/// Paragraphs of a prompt (blank lines separate them).
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The display of one item for the candidate whose assessment has `seed`.
pub fn item_display(view: &ItemView, seed: i64) -> ItemDisplay {
    let mut d = ItemDisplay {
        id: view.id.clone(),
        kind: view.kind.as_str().to_owned(),
        prompt: paragraphs(&view.prompt),
        media: view.media.as_ref().map(|m| Media {
            url: m.src.clone(),
            alt: m.alt.clone(),
            width: m.width,
            height: m.height,
        }),
        options: Vec::new(),
        input: None,
        fields: Vec::new(),
        zones: Vec::new(),
        left: Vec::new(),
        right: Vec::new(),
        action: None,
    };
    let zone = |r: &tremplin_bank::Region| Zone {
        id: r.id.clone(),
        label: r.label.clone(),
        x: r.x,
        y: r.y,
        w: r.w,
        h: r.h,
    };
    match &view.input {
        InputView::Choice { options, .. } | InputView::Order { options } => {
            d.options = options.iter().map(|o| labelled(&o.id, &o.text)).collect();
            shuffle(&mut d.options, seed, &view.id);
        }
        InputView::Text { fields, number } => {
            d.fields = fields.iter().map(|f| labelled(&f.id, &f.label)).collect();
            d.input = Some(if *number { "number" } else { "text" }.to_owned());
        }
        InputView::Hotspot { regions } => {
            d.zones = regions.iter().map(zone).collect();
        }
        InputView::Matching { left, right } => {
            d.left = left.iter().map(|o| labelled(&o.id, &o.text)).collect();
            d.right = right.iter().map(|o| labelled(&o.id, &o.text)).collect();
            shuffle(&mut d.left, seed, &view.id);
            shuffle(&mut d.right, seed ^ 1, &view.id);
        }
        InputView::Task { action, targets } => {
            d.action = Some(action.as_str().to_owned());
            d.zones = targets.iter().map(zone).collect();
        }
    }
    d
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
