//! Replaying an assessment in the engine from its stored answers, whatever the bank became.

use tremplin_engine::{Scored, profile::ProfileSession};

use crate::db::assessments::ScoredAnswer;
use crate::domain::Progress;
use crate::service::{ServiceError, catalog::Catalog};

pub(super) fn engine_error(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Unexpected(anyhow::anyhow!("engine: {e}"))
}

/// The engine session after `answers`. Answered items that are no longer live still replay
/// (with their current parameters); an answered item that left the bank altogether is left
/// out of the replay (its answer stays stored), and so are pilot items' answers (unscored).
pub(super) fn replay<'c>(
    catalog: &'c Catalog,
    seed: i64,
    answers: &[ScoredAnswer],
) -> Result<ProfileSession<'c>, ServiceError> {
    let scored: Vec<Scored> = answers
        .iter()
        .filter(|a| !a.pilot)
        .filter_map(|a| match catalog.index_of(&a.item_id) {
            Some(item) => Some(Scored {
                item,
                correct: a.correct,
            }),
            None => {
                tracing::warn!(item = %a.item_id, "an answered item left the bank; not replayed");
                None
            }
        })
        .collect();
    let answered: Vec<usize> = scored.iter().map(|s| s.item).collect();
    let mut config = catalog.config_for(&answered);
    // An item answered as a pilot may be live now: it must not be served again.
    for item in answers
        .iter()
        .filter(|a| a.pilot)
        .filter_map(|a| catalog.index_of(&a.item_id))
    {
        if !config.excluded.contains(&item) {
            config.excluded.push(item);
        }
    }
    catalog.count_replay();
    ProfileSession::rebuild(&catalog.profile_bank, config, seed as u64, &scored)
        .map_err(engine_error)
}

/// Progress after the answers the session holds (`stored` answers in all, some of which may
/// not replay).
pub(super) fn progress(session: &ProfileSession, stored: usize) -> Progress {
    let answered = stored as u32;
    let replayed = session.answered();
    let expected = (session.expected_length() + stored).saturating_sub(replayed) as u32;
    Progress {
        answered,
        expected: expected.max(answered + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_answered_as_a_pilot_is_never_chosen_again() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../item-bank/data");
        let catalog = Catalog::load(&dir).unwrap();
        let seed = 7;
        // The engine's first choice, answered as a pilot (it was one; it is live now).
        let first = replay(&catalog, seed, &[]).unwrap().next_item().unwrap();
        let pilot = ScoredAnswer {
            item_id: catalog.items[first].clone(),
            correct: true,
            skipped: false,
            pilot: true,
        };
        let session = replay(&catalog, seed, std::slice::from_ref(&pilot)).unwrap();
        assert_eq!(session.answered(), 0, "a pilot answer does not replay");
        assert_ne!(
            session.next_item(),
            Some(first),
            "and its item is not served again"
        );
    }
}
