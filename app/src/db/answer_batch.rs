//! Storing answers, and the group commit of concurrent answers on SQLite.
//!
//! An answer is an insert into `answers` and a compare-and-set move of its assessment
//! (`current_item` must still be the item answered). [`store`] writes any number of answers of
//! distinct assessments in two statements whatever their number: one multi-row insert that
//! skips conflicts (another copy of the answer is stored) and one multi-row update that moves
//! only the assessments whose current item still holds; rarely, a delete follows for each
//! answer whose assessment moved meanwhile (its item was replaced). SQL stays in the subset SQLite and PostgreSQL share
//! (`ON CONFLICT DO NOTHING`, `RETURNING`, `UPDATE … FROM (VALUES …)` with its `columnN` names).
//!
//! On SQLite every statement is a round trip to the connection's thread and every commit a wait
//! for the disk; one writer runs at a time anyway. So a writer task takes the answers queued
//! while the previous commit ran and stores them all in one transaction: one commit for all of
//! them, and each caller hears of its answer only after that commit. PostgreSQL stores each
//! answer in its own transaction (row locks let them run side by side).

use std::collections::HashSet;

use sqlx::Row;
use tokio::sync::{mpsc, oneshot};

use super::{Db, Write};

/// One answer to store, with the move of its assessment.
#[derive(Debug, Clone)]
pub struct AnswerWrite {
    pub assessment_id: String,
    pub seq: i64,
    pub item_id: String,
    pub response: String,
    pub correct: bool,
    pub skipped: bool,
    /// The answer to a pilot item (unscored).
    pub pilot: bool,
    pub served_at: i64,
    pub answered_at: i64,
    /// The next item, or `None` when the answer finishes the assessment.
    pub next: Option<String>,
    pub answered: i64,
    pub expected: i64,
    /// The result JSON when finished.
    pub result: Option<String>,
}

/// The most answers written in one transaction.
const MAX_BATCH: usize = 128;

/// Stores `writes` (of distinct assessments) in the caller's transaction; says for each whether
/// it was stored (`false`: another answer took its place first, nothing of it is written).
pub async fn store(tx: &mut Write, writes: &[AnswerWrite]) -> sqlx::Result<Vec<bool>> {
    if writes.is_empty() {
        return Ok(Vec::new());
    }
    let rows = placeholders(writes.len(), 10);
    let sql = format!(
        "INSERT INTO answers (assessment_id, seq, item_id, response, correct, skipped, \
         served_at, answered_at, duration_ms, pilot) VALUES {rows} \
         ON CONFLICT DO NOTHING RETURNING assessment_id"
    );
    let mut insert = sqlx::query(&sql);
    for w in writes {
        insert = insert
            .bind(&w.assessment_id)
            .bind(w.seq)
            .bind(&w.item_id)
            .bind(&w.response)
            .bind(w.correct as i64)
            .bind(w.skipped as i64)
            .bind(w.served_at)
            .bind(w.answered_at)
            .bind((w.answered_at - w.served_at).max(0))
            .bind(w.pilot as i64);
    }
    let inserted: HashSet<String> = insert
        .fetch_all(&mut ***tx)
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<sqlx::Result<_>>()?;
    let to_move: Vec<&AnswerWrite> = writes
        .iter()
        .filter(|w| inserted.contains(&w.assessment_id))
        .collect();
    let mut moved = HashSet::new();
    if !to_move.is_empty() {
        let rows = placeholders(to_move.len(), 8);
        // column1 id, 2 item answered, 3 next item, 4 served at, 5 finished at, 6 answered,
        // 7 expected, 8 result.
        let sql = format!(
            "UPDATE assessments SET current_item = v.column3, current_served_at = v.column4, \
             finished_at = v.column5, answered = v.column6, expected = v.column7, \
             result = v.column8 \
             FROM (VALUES {rows}) AS v \
             WHERE assessments.id = v.column1 AND assessments.current_item = v.column2 \
             RETURNING assessments.id"
        );
        let mut update = sqlx::query(&sql);
        for w in &to_move {
            let finished = w.next.is_none();
            update = update
                .bind(&w.assessment_id)
                .bind(&w.item_id)
                .bind(&w.next)
                .bind((!finished).then_some(w.answered_at))
                .bind(finished.then_some(w.answered_at))
                .bind(w.answered)
                .bind(w.expected)
                .bind(&w.result);
        }
        moved = update
            .fetch_all(&mut ***tx)
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>(0))
            .collect::<sqlx::Result<_>>()?;
    }
    // An answer stored for an assessment that moved meanwhile (its item was replaced) goes.
    for w in to_move.iter().filter(|w| !moved.contains(&w.assessment_id)) {
        sqlx::query("DELETE FROM answers WHERE assessment_id = $1 AND seq = $2")
            .bind(&w.assessment_id)
            .bind(w.seq)
            .execute(&mut ***tx)
            .await?;
    }
    Ok(writes
        .iter()
        .map(|w| moved.contains(&w.assessment_id))
        .collect())
}

/// `($1, $2, …), ($n+1, …), …`: `rows` rows of `width` numbered placeholders.
pub(crate) fn placeholders(rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| {
            let row: Vec<String> = (1..=width).map(|k| format!("${}", r * width + k)).collect();
            format!("({})", row.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Stores one answer in its own transaction; says whether it was stored.
pub(super) async fn store_one(db: &Db, write: &AnswerWrite) -> sqlx::Result<bool> {
    let mut tx = db.begin_write().await?;
    let stored = store(&mut tx, std::slice::from_ref(write)).await?[0];
    if stored {
        tx.commit().await?;
    }
    Ok(stored)
}

pub(super) type Job = (AnswerWrite, oneshot::Sender<sqlx::Result<bool>>);

/// Starts the writer task of `db` (which must not itself send to a writer) and returns the
/// queue to it. The task ends when every sender is gone. Each batch runs in a task of its own:
/// should it panic, its callers get an error (their replies are dropped) and the writer goes on.
pub(super) fn spawn_writer(db: Db) -> mpsc::UnboundedSender<Job> {
    let (queue, mut jobs) = mpsc::unbounded_channel::<Job>();
    tokio::spawn(async move {
        while let Some(first) = jobs.recv().await {
            let mut pending = vec![first];
            while pending.len() < MAX_BATCH {
                match jobs.try_recv() {
                    Ok(job) => pending.push(job),
                    Err(_) => break,
                }
            }
            while !pending.is_empty() {
                // Copies of one answer race: one of them per transaction, the others after.
                let mut seen = HashSet::new();
                let (now, later): (Vec<Job>, Vec<Job>) = pending
                    .into_iter()
                    .partition(|(w, _)| seen.insert(w.assessment_id.clone()));
                if tokio::spawn(write_batch(db.clone(), now)).await.is_err() {
                    tracing::error!(
                        "a batch of answers failed unexpectedly; its callers got an error"
                    );
                }
                pending = later;
            }
        }
    });
    queue
}

/// Writes a batch in one transaction and tells each caller. If a constraint refuses the batch,
/// each answer is tried alone, so that one bad answer fails only itself; any other error (the
/// database busy or gone) fails them all at once, rather than retrying each in turn.
async fn write_batch(db: Db, batch: Vec<Job>) {
    let db = &db;
    let writes: Vec<AnswerWrite> = batch.iter().map(|(w, _)| w.clone()).collect();
    let together = async {
        let mut tx = db.begin_write().await?;
        let stored = store(&mut tx, &writes).await?;
        tx.commit().await?;
        sqlx::Result::Ok(stored)
    }
    .await;
    match together {
        Ok(stored) => {
            for ((_, reply), s) in batch.into_iter().zip(stored) {
                let _ = reply.send(Ok(s));
            }
        }
        Err(e) if batch.len() == 1 => {
            let (_, reply) = batch.into_iter().next().unwrap();
            let _ = reply.send(Err(e));
        }
        Err(sqlx::Error::Database(e))
            if e.is_foreign_key_violation()
                || e.is_check_violation()
                || e.kind() == sqlx::error::ErrorKind::NotNullViolation =>
        {
            tracing::warn!(error = %e, answers = batch.len(), "a batch of answers was refused; each is tried alone");
            for (w, reply) in batch {
                let _ = reply.send(store_one(db, &w).await);
            }
        }
        Err(e) => {
            let message = e.to_string();
            let mut first = Some(e);
            for (_, reply) in batch {
                let error = first.take().unwrap_or_else(|| {
                    sqlx::Error::Protocol(format!("batch of answers failed: {message}"))
                });
                let _ = reply.send(Err(error));
            }
        }
    }
}
