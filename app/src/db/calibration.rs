//! What calibration reads (every stored answer, with the groups DIF compares) and what its
//! simulator writes (fictitious assessments, marked [`SIMULATED`]).

use sqlx::{Any, FromRow};

use super::Write;
use super::answer_batch::placeholders;

/// The token hash of a simulated assessment: no real token hashes to it (real hashes are 64
/// hex digits), so a simulated assessment can never be opened, and it marks them.
pub const SIMULATED: &str = "synthetique";

/// Rows per multi-row insert.
const BATCH: usize = 400;

/// One stored answer, with what DIF groups by.
#[derive(Debug, Clone, FromRow)]
pub struct AnswerRow {
    pub assessment_id: String,
    pub item_id: String,
    pub correct: i64,
    /// The beneficiary's age band (fine, `domain::mediation::AGE_BANDS`) when the assessment
    /// was a mediator's diagnostic.
    pub age_band: Option<String>,
    /// 1 when the assessment was a mediator's diagnostic.
    pub accompanied: i64,
    /// 1 for a pilot item's (unscored) answer.
    pub pilot: i64,
}

/// Every stored answer, ordered by assessment then sequence.
pub async fn answers<'e, E>(executor: E) -> sqlx::Result<Vec<AnswerRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(
        "SELECT x.assessment_id, x.item_id, x.correct, x.pilot, b.age_band, \
         CASE WHEN d.id IS NULL THEN 0 ELSE 1 END AS accompanied \
         FROM answers x \
         LEFT JOIN diagnostics d ON d.assessment_id = x.assessment_id \
         LEFT JOIN beneficiaries b ON b.id = d.beneficiary_id \
         ORDER BY x.assessment_id, x.seq",
    )
    .fetch_all(executor)
    .await
}

/// Assessments that are not simulated.
pub async fn real_assessments<'e, E>(executor: E) -> sqlx::Result<i64>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_scalar("SELECT COUNT(*) FROM assessments WHERE token_hash <> $1")
        .bind(SIMULATED)
        .fetch_one(executor)
        .await
}

/// A simulated, finished assessment and its answers (item id, correct, pilot), in order.
#[derive(Debug, Clone)]
pub struct SimulatedAssessment {
    pub id: String,
    pub seed: i64,
    pub answers: Vec<(String, bool, bool)>,
    /// When it was a mediator's diagnostic: (beneficiary id, age band).
    pub beneficiary: Option<(String, String)>,
}

/// Writes simulated assessments (finished, no result stored, no consent), their answers, and
/// for the accompanied ones a fictitious beneficiary and a guided diagnostic in `structure`
/// (created if missing).
pub async fn insert_simulated(
    tx: &mut Write,
    structure: (&str, &str),
    framework_version: &str,
    bank_version: &str,
    now: i64,
    assessments: &[SimulatedAssessment],
) -> sqlx::Result<()> {
    let (structure_id, structure_name) = structure;
    let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM structures WHERE id = $1")
        .bind(structure_id)
        .fetch_one(&mut ***tx)
        .await?;
    if exists == 0 {
        sqlx::query("INSERT INTO structures (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(structure_id)
            .bind(structure_name)
            .bind(now)
            .execute(&mut ***tx)
            .await?;
    }
    for chunk in assessments.chunks(BATCH / 16) {
        let sql = format!(
            "INSERT INTO assessments (id, token_hash, path, seed, framework_version, \
             bank_version, created_at, answered, expected, finished_at) VALUES {}",
            placeholders(chunk.len(), 10)
        );
        let mut q = sqlx::query(&sql);
        for a in chunk {
            let n = a.answers.len() as i64;
            q = q
                .bind(&a.id)
                .bind(SIMULATED)
                .bind("citizen")
                .bind(a.seed)
                .bind(framework_version)
                .bind(bank_version)
                .bind(now)
                .bind(n)
                .bind(n)
                .bind(now);
        }
        q.execute(&mut ***tx).await?;
        let rows: Vec<(&str, i64, &str, bool, bool)> = chunk
            .iter()
            .flat_map(|a| {
                a.answers
                    .iter()
                    .enumerate()
                    .map(|(seq, (item, correct, pilot))| {
                        (a.id.as_str(), seq as i64, item.as_str(), *correct, *pilot)
                    })
            })
            .collect();
        for part in rows.chunks(BATCH) {
            let sql = format!(
                "INSERT INTO answers (assessment_id, seq, item_id, response, correct, skipped, \
                 served_at, answered_at, duration_ms, pilot) VALUES {}",
                placeholders(part.len(), 10)
            );
            let mut q = sqlx::query(&sql);
            for (id, seq, item, correct, pilot) in part {
                q = q
                    .bind(*id)
                    .bind(*seq)
                    .bind(*item)
                    .bind("null")
                    .bind(i64::from(*correct))
                    .bind(0_i64)
                    .bind(now)
                    .bind(now)
                    .bind(0_i64)
                    .bind(i64::from(*pilot));
            }
            q.execute(&mut ***tx).await?;
        }
        for a in chunk {
            let Some((beneficiary, band)) = &a.beneficiary else {
                continue;
            };
            sqlx::query(
                "INSERT INTO beneficiaries (id, structure_id, pseudonym, age_band, consent_at, \
                 consent_observatory, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, 0, $6, $5)",
            )
            .bind(beneficiary)
            .bind(structure_id)
            .bind("Personne fictive (simulation)")
            .bind(band)
            .bind(now)
            .bind(SIMULATED)
            .execute(&mut ***tx)
            .await?;
            sqlx::query(
                "INSERT INTO diagnostics (id, beneficiary_id, structure_id, path, mode, \
                 assessment_id, created_by, created_at) \
                 VALUES ($1, $2, $3, 'citizen', 'guided', $4, $5, $6)",
            )
            .bind(&a.id)
            .bind(beneficiary)
            .bind(structure_id)
            .bind(&a.id)
            .bind(SIMULATED)
            .bind(now)
            .execute(&mut ***tx)
            .await?;
        }
    }
    Ok(())
}
