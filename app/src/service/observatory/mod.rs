//! The observatory of measured digital skills: anonymous records moved in batches to the
//! rollups, and published tables with statistical secrecy.

pub mod analysis;
pub mod disclosure;
pub mod geo;
pub mod orientations;
pub mod release;
pub mod seed;
pub mod tables;

use std::time::Duration;

use crate::db::{self, Db, observatory};
use crate::service::{ServiceError, token};
use crate::state::AppState;

/// Records leave the inbox once this many wait…
pub const BATCH: i64 = 20;
/// …or once this long has passed since the start of the oldest's day of arrival (the inbox
/// keeps the day only), at the next pass.
pub const MAX_WAIT_MS: i64 = 24 * 60 * 60 * 1000;

/// The framework's competence codes, in its order.
pub fn competences(state: &AppState) -> Vec<String> {
    named_competences(state)
        .into_iter()
        .map(|(code, _)| code)
        .collect()
}

/// The framework's competences as (code, name), in its order.
pub fn named_competences(state: &AppState) -> Vec<(String, String)> {
    state
        .catalog
        .bank
        .framework()
        .competences
        .iter()
        .map(|c| (c.code.as_str().to_owned(), c.name.clone()))
        .collect()
}

/// When to move and publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// After a consent: move only if a batch is due.
    AfterConsent,
    /// The daily pass (and start-up): move what is due, and release the months just closed.
    Daily,
    /// Move whatever waits, and release (tests, and an operator's command later).
    Force,
}

/// Moves the inbox's records, if there are enough of them or they waited long enough (or the
/// pass forces it), to the records and the rollups, in random order and under fresh ids; then,
/// on the daily or a forced pass, computes the months closed since (outside any write
/// transaction), freezes them and republishes the tables. Returns how many records moved.
pub async fn refresh(
    db: &Db,
    competences: &[String],
    pass: Pass,
    now: i64,
) -> Result<i64, ServiceError> {
    let mut tx = db.begin_write().await?;
    // A writer from the first statement: on SQLite, a read first would make a second process's
    // upgrade to writing fail at once instead of waiting its turn.
    observatory::lock_inbox(&mut tx).await?;
    let (waiting, oldest) = observatory::inbox_state(&mut tx).await?;
    let due = waiting >= BATCH
        || oldest.is_some_and(|t| now - t >= MAX_WAIT_MS)
        || (pass == Pass::Force && waiting > 0);
    if !due && pass == Pass::AfterConsent {
        return Ok(0);
    }
    let mut records = if due {
        observatory::take_inbox(&mut tx).await?
    } else {
        Vec::new()
    };
    shuffle(&mut records)?;
    for record in &records {
        let levels: std::collections::BTreeMap<String, i64> =
            serde_json::from_str(&record.levels).map_err(|e| ServiceError::Unexpected(e.into()))?;
        let levels: Vec<(String, i64)> = levels.into_iter().collect();
        let outcomes: std::collections::BTreeMap<String, String> = match &record.outcomes {
            Some(o) => serde_json::from_str(o).map_err(|e| ServiceError::Unexpected(e.into()))?,
            None => Default::default(),
        };
        let outcomes: Vec<(String, String)> = outcomes.into_iter().collect();
        observatory::file(&mut tx, &token::new_id()?, record, &levels, &outcomes).await?;
    }
    tx.commit().await?;
    // Only the daily (or a forced) pass releases months: a release takes seconds of work, not
    // for a consent's request to wait on, and the tables change only when a month is frozen.
    // It is computed outside the write transaction, then stored in a short one.
    if pass != Pass::AfterConsent {
        let releases = tables::releases(db, competences, now).await?;
        let mut tx = db.begin_write().await?;
        observatory::lock_inbox(&mut tx).await?;
        tables::republish(&mut tx, &releases).await?;
        tx.commit().await?;
        empty_log(db).await;
    } else if !records.is_empty() {
        // Not on the consent's request: the next one need not wait for it.
        let db = db.clone();
        tokio::spawn(async move { empty_log(&db).await });
    }
    Ok(records.len() as i64)
}

/// The inbox rows taken are zeroed in the SQLite file (`secure_delete`); their copies in its
/// write-ahead log go too. Best effort, after the records are safe: a failure is logged, and
/// the next move or daily pass tries again.
async fn empty_log(db: &Db) {
    match db.truncate_log().await {
        Ok(true) => {}
        Ok(false) => tracing::warn!("the write-ahead log was not emptied: a reader held it"),
        Err(e) => tracing::error!(error = ?e, "the write-ahead log could not be emptied"),
    }
}

/// Fisher–Yates with the system's random numbers.
fn shuffle<T>(items: &mut [T]) -> Result<(), ServiceError> {
    for i in (1..items.len()).rev() {
        let mut b = [0u8; 8];
        getrandom::fill(&mut b).map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("{e}")))?;
        let j = (u64::from_le_bytes(b) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
    Ok(())
}

/// Runs a pass now, then every day, for as long as the server runs.
pub fn spawn_daily(db: Db, competences: Vec<String>) {
    tokio::spawn(async move {
        let mut every_day = tokio::time::interval(Duration::from_secs(24 * 60 * 60));
        loop {
            every_day.tick().await;
            match refresh(&db, &competences, Pass::Daily, db::now_ms()).await {
                Ok(moved) => tracing::info!(records_moved = moved, "observatory pass"),
                Err(e) => tracing::error!(error = ?e, "observatory pass failed"),
            }
        }
    });
}
