//! The `assessments` and `answers` tables.

use sqlx::{Any, FromRow};

use super::Write;

/// One assessment row.
#[derive(Debug, Clone, FromRow)]
pub struct AssessmentRow {
    pub id: String,
    pub token_hash: String,
    pub path: String,
    pub seed: i64,
    pub framework_version: String,
    /// Content hash of the bank the assessment started with.
    pub bank_version: String,
    pub created_at: i64,
    pub current_item: Option<String>,
    pub current_served_at: Option<i64>,
    pub answered: i64,
    pub expected: i64,
    pub finished_at: Option<i64>,
    /// The result as JSON, written at finish.
    pub result: Option<String>,
    pub consent_at: Option<i64>,
    /// 1 when the person said a procedure must be done now (Premiers pas).
    pub urgent_procedure: i64,
}

/// One stored answer as the engine replays it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoredAnswer {
    pub item_id: String,
    pub correct: bool,
    pub skipped: bool,
    /// A pilot item's answer: stored, left out of the estimate and the result.
    pub pilot: bool,
}

/// Where an assessment goes after an answer (or after its current item left the bank).
#[derive(Debug, Clone)]
pub struct Move<'a> {
    /// The current item the move starts from (compare-and-set).
    pub from: &'a str,
    /// The next item, or `None` when the assessment is finished.
    pub next: Option<&'a str>,
    pub answered: i64,
    pub expected: i64,
    /// The result JSON when finished.
    pub result: Option<&'a str>,
    pub now: i64,
}

const COLUMNS: &str = "id, token_hash, path, seed, framework_version, bank_version, created_at, \
                       current_item, current_served_at, answered, expected, finished_at, result, \
                       consent_at, urgent_procedure";

pub async fn insert(tx: &mut Write, row: &AssessmentRow) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO assessments ({COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    ))
    .bind(&row.id)
    .bind(&row.token_hash)
    .bind(&row.path)
    .bind(row.seed)
    .bind(&row.framework_version)
    .bind(&row.bank_version)
    .bind(row.created_at)
    .bind(&row.current_item)
    .bind(row.current_served_at)
    .bind(row.answered)
    .bind(row.expected)
    .bind(row.finished_at)
    .bind(&row.result)
    .bind(row.consent_at)
    .bind(row.urgent_procedure)
    .execute(&mut ***tx)
    .await?;
    Ok(())
}

/// Loads an assessment, taking its write lock first: on SQLite the no-op update makes the
/// transaction a writer from its first statement (no lock upgrade that could fail under load);
/// on PostgreSQL it locks the row so that two writers of one assessment are serialized.
pub async fn lock(tx: &mut Write, id: &str) -> sqlx::Result<Option<AssessmentRow>> {
    sqlx::query("UPDATE assessments SET created_at = created_at WHERE id = $1")
        .bind(id)
        .execute(&mut ***tx)
        .await?;
    get(&mut ***tx, id).await
}

/// Deletes an assessment and its answers (in the caller's transaction), keeping only its id
/// and token hash in `deleted_assessments`.
pub async fn delete(tx: &mut Write, row: &AssessmentRow, now: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM observations WHERE assessment_id = $1")
        .bind(&row.id)
        .execute(&mut ***tx)
        .await?;
    sqlx::query("DELETE FROM answers WHERE assessment_id = $1")
        .bind(&row.id)
        .execute(&mut ***tx)
        .await?;
    sqlx::query("DELETE FROM assessments WHERE id = $1")
        .bind(&row.id)
        .execute(&mut ***tx)
        .await?;
    sqlx::query("INSERT INTO deleted_assessments (id, token_hash, deleted_at) VALUES ($1, $2, $3)")
        .bind(&row.id)
        .bind(&row.token_hash)
        .bind(now)
        .execute(&mut ***tx)
        .await?;
    Ok(())
}

/// The token hash of an assessment its owner deleted, if it was.
pub async fn deleted_token_hash(tx: &mut Write, id: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT token_hash FROM deleted_assessments WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut ***tx)
        .await
}

pub async fn get<'e, E>(executor: E, id: &str) -> sqlx::Result<Option<AssessmentRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as::<_, AssessmentRow>(&format!("SELECT {COLUMNS} FROM assessments WHERE id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await
}

/// An assessment with its scored answers in order, read in one statement (the answer path's
/// hot read).
pub async fn snapshot<'e, E>(
    executor: E,
    id: &str,
) -> sqlx::Result<Option<(AssessmentRow, Vec<ScoredAnswer>)>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    #[derive(FromRow)]
    struct Joined {
        #[sqlx(flatten)]
        assessment: AssessmentRow,
        answer_item: Option<String>,
        answer_correct: Option<i64>,
        answer_skipped: Option<i64>,
        answer_pilot: Option<i64>,
    }
    let columns = COLUMNS
        .split(", ")
        .map(|c| format!("a.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = sqlx::query_as::<_, Joined>(&format!(
        "SELECT {columns}, x.item_id AS answer_item, x.correct AS answer_correct, \
         x.skipped AS answer_skipped, x.pilot AS answer_pilot \
         FROM assessments a LEFT JOIN answers x ON x.assessment_id = a.id \
         WHERE a.id = $1 ORDER BY x.seq"
    ))
    .bind(id)
    .fetch_all(executor)
    .await?;
    let answers = rows
        .iter()
        .filter_map(|r| {
            Some(ScoredAnswer {
                item_id: r.answer_item.clone()?,
                correct: r.answer_correct? != 0,
                skipped: r.answer_skipped? != 0,
                pilot: r.answer_pilot? != 0,
            })
        })
        .collect();
    Ok(rows.into_iter().next().map(|r| (r.assessment, answers)))
}

/// Moves the assessment from its current item `m.from` to `m.next` (or marks it finished with
/// its result), only if `m.from` is still its current item. Returns whether it moved.
pub async fn advance(tx: &mut Write, id: &str, m: &Move<'_>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE assessments SET current_item = $3, current_served_at = $4, finished_at = $5, \
         answered = $6, expected = $7, result = $8 \
         WHERE id = $1 AND current_item = $2",
    )
    .bind(id)
    .bind(m.from)
    .bind(m.next)
    .bind(m.next.map(|_| m.now))
    .bind(if m.next.is_none() { Some(m.now) } else { None })
    .bind(m.answered)
    .bind(m.expected)
    .bind(m.result)
    .execute(&mut ***tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores the result of an assessment finished before results were stored at finish.
pub async fn store_result(tx: &mut Write, id: &str, result: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE assessments SET result = $2 WHERE id = $1 AND result IS NULL")
        .bind(id)
        .bind(result)
        .execute(&mut ***tx)
        .await?;
    Ok(())
}

pub async fn set_consent(tx: &mut Write, id: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE assessments SET consent_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(&mut ***tx)
        .await?;
    Ok(())
}
