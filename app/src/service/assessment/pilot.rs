//! Pilot items: new items served now and then on the citizen path, unscored, so that they gather
//! the answers that calibrate them (`tremplin calibrate`).
//!
//! - About one answer in [`RATE`] is a pilot item's: before each item after the first, a draw
//!   from the assessment's seed and the number of answers so far decides (so the choice, like the
//!   engine's, is a pure function of the seed and the stored answers).
//! - Never the first item, never two in a row, never in place of the end: a pilot item comes
//!   only before an item the engine chose, and that item follows it (the pilot answer does not
//!   replay, so the engine chooses the same).
//! - Nothing shows it: the same page, the same progress (the expected length grows by one, as
//!   when the engine needs another item), and the answer is reviewed on the result page like the
//!   others; it counts in no estimate and no level.
//! - Premiers pas has no pilot items: its path is a fixed plan of beginner skills.

use crate::db::assessments::ScoredAnswer;
use crate::service::catalog::Catalog;

/// One answer in this many, on average, is a pilot item's.
pub const RATE: u64 = 12;

/// The pilot item to serve next, if one is due (module documentation).
pub fn choose(catalog: &Catalog, seed: i64, answers: &[ScoredAnswer]) -> Option<String> {
    let last = answers.last()?;
    if last.pilot || catalog.pilot_items().is_empty() {
        return None;
    }
    let draw = mix(seed as u64 ^ (answers.len() as u64).wrapping_mul(0xA076_1D64_78BD_642F));
    if !draw.is_multiple_of(RATE) {
        return None;
    }
    let candidates: Vec<&String> = catalog
        .pilot_items()
        .iter()
        .map(|&i| &catalog.items[i])
        .filter(|id| answers.iter().all(|a| &a.item_id != *id))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    Some(candidates[((draw / RATE) % candidates.len() as u64) as usize].clone())
}

/// SplitMix64's finaliser: a well-spread 64-bit draw from any input.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
