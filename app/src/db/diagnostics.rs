//! The `diagnostics` and `observations` tables.

use sqlx::{Any, FromRow};

use super::Write;

#[derive(Debug, Clone, FromRow)]
pub struct DiagnosticRow {
    pub id: String,
    pub beneficiary_id: String,
    pub structure_id: String,
    pub path: String,
    pub mode: String,
    pub assessment_id: Option<String>,
    pub code: Option<String>,
    pub code_expires_at: Option<i64>,
    pub created_by: String,
    pub created_at: i64,
}

/// A diagnostic with what its assessment says of its progress.
#[derive(Debug, Clone, FromRow)]
pub struct DiagnosticState {
    #[sqlx(flatten)]
    pub diagnostic: DiagnosticRow,
    pub answered: Option<i64>,
    /// When its assessment started (NULL while a code waits).
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub result: Option<String>,
    /// Time spent on its tasks (sum of the answers' durations), while the answers are kept.
    pub spent_ms: Option<i64>,
}

const COLUMNS: &str = "id, beneficiary_id, structure_id, path, mode, assessment_id, code, \
                       code_expires_at, created_by, created_at";

pub async fn insert(tx: &mut Write, row: &DiagnosticRow) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO diagnostics ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(&row.id)
    .bind(&row.beneficiary_id)
    .bind(&row.structure_id)
    .bind(&row.path)
    .bind(&row.mode)
    .bind(&row.assessment_id)
    .bind(&row.code)
    .bind(row.code_expires_at)
    .bind(&row.created_by)
    .bind(row.created_at)
    .execute(&mut ***tx)
    .await?;
    Ok(())
}

fn state_query(filter: &str) -> String {
    let columns = COLUMNS
        .split(", ")
        .map(|c| format!("d.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT {columns}, a.answered, a.created_at AS started_at, a.finished_at, a.result, \
         (SELECT CAST(SUM(x.duration_ms) AS BIGINT) FROM answers x \
          WHERE x.assessment_id = a.id) AS spent_ms \
         FROM diagnostics d LEFT JOIN assessments a ON a.id = d.assessment_id \
         WHERE {filter} ORDER BY d.created_at, d.id"
    )
}

/// The diagnostics of a beneficiary of the structure, oldest first, with their progress.
pub async fn of_beneficiary<'e, E>(
    executor: E,
    structure_id: &str,
    beneficiary_id: &str,
) -> sqlx::Result<Vec<DiagnosticState>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(&state_query(
        "d.beneficiary_id = $1 AND d.structure_id = $2",
    ))
    .bind(beneficiary_id)
    .bind(structure_id)
    .fetch_all(executor)
    .await
}

/// Every diagnostic of the structure, oldest first, with its progress (the exports).
pub async fn of_structure<'e, E>(
    executor: E,
    structure_id: &str,
) -> sqlx::Result<Vec<DiagnosticState>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(&state_query("d.structure_id = $1"))
        .bind(structure_id)
        .fetch_all(executor)
        .await
}

/// The diagnostic a code opens, if the code is valid at `now` and not used yet.
pub async fn by_code<'e, E>(
    executor: E,
    code: &str,
    now: i64,
) -> sqlx::Result<Option<DiagnosticRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM diagnostics \
         WHERE code = $1 AND code_expires_at > $2 AND assessment_id IS NULL"
    ))
    .bind(code)
    .bind(now)
    .fetch_optional(executor)
    .await
}

/// Links the assessment started with a code, only if none is linked yet; the code is spent.
pub async fn link_assessment(tx: &mut Write, id: &str, assessment_id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE diagnostics SET assessment_id = $1, code = NULL, code_expires_at = NULL \
         WHERE id = $2 AND assessment_id IS NULL",
    )
    .bind(assessment_id)
    .bind(id)
    .execute(&mut ***tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The guided diagnostic an assessment belongs to, if it is one.
pub async fn guided_of_assessment<'e, E>(
    executor: E,
    assessment_id: &str,
) -> sqlx::Result<Option<DiagnosticRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    Ok(of_assessment(executor, assessment_id)
        .await?
        .filter(|d| d.mode == "guided"))
}

/// The diagnostic an assessment belongs to, guided or by code, if it is one.
pub async fn of_assessment<'e, E>(
    executor: E,
    assessment_id: &str,
) -> sqlx::Result<Option<DiagnosticRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM diagnostics WHERE assessment_id = $1"
    ))
    .bind(assessment_id)
    .fetch_optional(executor)
    .await
}

/// How many other diagnostics of a beneficiary on a path gave their observatory record between
/// `from` and `to` (ms).
pub async fn records_given<'e, E>(
    executor: E,
    beneficiary_id: &str,
    path: &str,
    except_assessment: &str,
    (from, to): (i64, i64),
) -> sqlx::Result<i64>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM diagnostics d JOIN assessments a ON a.id = d.assessment_id \
         WHERE d.beneficiary_id = $1 AND d.path = $2 AND a.id <> $3 \
         AND a.consent_at >= $4 AND a.consent_at < $5",
    )
    .bind(beneficiary_id)
    .bind(path)
    .bind(except_assessment)
    .bind(from)
    .bind(to)
    .fetch_one(executor)
    .await
}

/// Records (or replaces) the mediator's observation of one task.
pub async fn observe(
    tx: &mut Write,
    assessment_id: &str,
    item_id: &str,
    observation: Option<&str>,
    comment: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO observations (assessment_id, item_id, observation, comment, observed_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (assessment_id, item_id) DO UPDATE SET \
         observation = excluded.observation, comment = excluded.comment, \
         observed_at = excluded.observed_at",
    )
    .bind(assessment_id)
    .bind(item_id)
    .bind(observation)
    .bind(comment)
    .bind(now)
    .execute(&mut ***tx)
    .await?;
    Ok(())
}

/// The observations of an assessment, in the order they were made.
pub async fn observations<'e, E>(
    executor: E,
    assessment_id: &str,
) -> sqlx::Result<Vec<(String, Option<String>, Option<String>)>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(
        "SELECT item_id, observation, comment FROM observations WHERE assessment_id = $1 \
         ORDER BY observed_at, item_id",
    )
    .bind(assessment_id)
    .fetch_all(executor)
    .await
}

/// Deletes the diagnostics of a beneficiary with their assessments, answers and observations
/// (in the caller's transaction).
pub async fn delete_of_beneficiary(
    tx: &mut Write,
    beneficiary_id: &str,
    now: i64,
) -> sqlx::Result<()> {
    let linked = "SELECT assessment_id FROM diagnostics WHERE beneficiary_id = $1 \
                  AND assessment_id IS NOT NULL";
    // As when a person deletes their own test: the device that held one is told it was
    // deleted, not that it never existed.
    sqlx::query(&format!(
        "INSERT INTO deleted_assessments (id, token_hash, deleted_at) \
         SELECT id, token_hash, $2 FROM assessments WHERE id IN ({linked})"
    ))
    .bind(beneficiary_id)
    .bind(now)
    .execute(&mut ***tx)
    .await?;
    for statement in [
        format!("DELETE FROM observations WHERE assessment_id IN ({linked})"),
        format!("DELETE FROM answers WHERE assessment_id IN ({linked})"),
        format!("DELETE FROM assessments WHERE id IN ({linked})"),
        "DELETE FROM diagnostics WHERE beneficiary_id = $1".to_owned(),
    ] {
        sqlx::query(&statement)
            .bind(beneficiary_id)
            .execute(&mut ***tx)
            .await?;
    }
    Ok(())
}
