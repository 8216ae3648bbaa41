//! The `assessments` and `answers` tables.

use sqlx::{Any, FromRow, Transaction};

/// One assessment row.
#[derive(Debug, Clone, FromRow)]
pub struct AssessmentRow {
    pub id: String,
    pub token_hash: String,
    pub path: String,
    pub seed: i64,
    pub framework_version: String,
    pub created_at: i64,
    pub current_item: Option<String>,
    pub current_served_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub consent_at: Option<i64>,
}

/// One stored answer.
#[derive(Debug, Clone, FromRow)]
pub struct AnswerRow {
    pub seq: i64,
    pub item_id: String,
    pub response: String,
    pub correct: i64,
    pub skipped: i64,
    pub served_at: i64,
    pub answered_at: i64,
    pub duration_ms: i64,
}

/// A new answer to insert.
#[derive(Debug, Clone)]
pub struct NewAnswer<'a> {
    pub seq: i64,
    pub item_id: &'a str,
    pub response: &'a str,
    pub correct: bool,
    pub skipped: bool,
    pub served_at: i64,
    pub answered_at: i64,
}

const COLUMNS: &str = "id, token_hash, path, seed, framework_version, created_at, current_item, \
                       current_served_at, finished_at, consent_at";

pub async fn insert(tx: &mut Transaction<'_, Any>, row: &AssessmentRow) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO assessments ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(&row.id)
    .bind(&row.token_hash)
    .bind(&row.path)
    .bind(row.seed)
    .bind(&row.framework_version)
    .bind(row.created_at)
    .bind(&row.current_item)
    .bind(row.current_served_at)
    .bind(row.finished_at)
    .bind(row.consent_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Loads an assessment, taking its write lock first: on SQLite the no-op update makes the
/// transaction a writer from its first statement (no lock upgrade that could fail under load);
/// on PostgreSQL it locks the row so that two answers to one assessment are serialized.
pub async fn lock(tx: &mut Transaction<'_, Any>, id: &str) -> sqlx::Result<Option<AssessmentRow>> {
    sqlx::query("UPDATE assessments SET created_at = created_at WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    get(&mut **tx, id).await
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
) -> sqlx::Result<Option<(AssessmentRow, Vec<(String, bool)>)>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    #[derive(FromRow)]
    struct Joined {
        #[sqlx(flatten)]
        assessment: AssessmentRow,
        answer_item: Option<String>,
        answer_correct: Option<i64>,
    }
    let rows = sqlx::query_as::<_, Joined>(
        "SELECT a.id, a.token_hash, a.path, a.seed, a.framework_version, a.created_at, \
         a.current_item, a.current_served_at, a.finished_at, a.consent_at, \
         x.item_id AS answer_item, x.correct AS answer_correct \
         FROM assessments a LEFT JOIN answers x ON x.assessment_id = a.id \
         WHERE a.id = $1 ORDER BY x.seq",
    )
    .bind(id)
    .fetch_all(executor)
    .await?;
    let answers = rows
        .iter()
        .filter_map(|r| Some((r.answer_item.clone()?, r.answer_correct? != 0)))
        .collect();
    Ok(rows.into_iter().next().map(|r| (r.assessment, answers)))
}

pub async fn answers<'e, E>(executor: E, id: &str) -> sqlx::Result<Vec<AnswerRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as::<_, AnswerRow>(
        "SELECT seq, item_id, response, correct, skipped, served_at, answered_at, duration_ms \
         FROM answers WHERE assessment_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(executor)
    .await
}

pub async fn insert_answer(
    tx: &mut Transaction<'_, Any>,
    assessment_id: &str,
    answer: &NewAnswer<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO answers (assessment_id, seq, item_id, response, correct, skipped, served_at, \
         answered_at, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(assessment_id)
    .bind(answer.seq)
    .bind(answer.item_id)
    .bind(answer.response)
    .bind(answer.correct as i64)
    .bind(answer.skipped as i64)
    .bind(answer.served_at)
    .bind(answer.answered_at)
    .bind((answer.answered_at - answer.served_at).max(0))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Moves the assessment from item `from` to `next` (or marks it finished when `next` is
/// `None`), only if `from` is still its current item. Returns whether it moved.
pub async fn advance(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    from: &str,
    next: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE assessments SET current_item = $3, current_served_at = $4, finished_at = $5 \
         WHERE id = $1 AND current_item = $2",
    )
    .bind(id)
    .bind(from)
    .bind(next)
    .bind(next.map(|_| now))
    .bind(if next.is_none() { Some(now) } else { None })
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_consent(tx: &mut Transaction<'_, Any>, id: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE assessments SET consent_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
