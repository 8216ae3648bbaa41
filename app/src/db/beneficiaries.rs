//! The `beneficiaries` table. Every read and delete names the structure: a row of another
//! structure is never returned, whatever its id.

use sqlx::{Any, FromRow};

use super::Write;

#[derive(Debug, Clone, FromRow)]
pub struct BeneficiaryRow {
    pub id: String,
    pub structure_id: String,
    pub pseudonym: String,
    pub age_band: Option<String>,
    pub commune: Option<String>,
    pub situation: Option<String>,
    pub consent_at: i64,
    pub consent_observatory: i64,
    pub created_by: String,
    pub created_at: i64,
}

const COLUMNS: &str = "id, structure_id, pseudonym, age_band, commune, situation, consent_at, \
                       consent_observatory, created_by, created_at";

pub async fn insert(tx: &mut Write, row: &BeneficiaryRow) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO beneficiaries ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(&row.id)
    .bind(&row.structure_id)
    .bind(&row.pseudonym)
    .bind(&row.age_band)
    .bind(&row.commune)
    .bind(&row.situation)
    .bind(row.consent_at)
    .bind(row.consent_observatory)
    .bind(&row.created_by)
    .bind(row.created_at)
    .execute(&mut ***tx)
    .await?;
    Ok(())
}

/// The structure's beneficiaries, newest first.
pub async fn of_structure<'e, E>(
    executor: E,
    structure_id: &str,
) -> sqlx::Result<Vec<BeneficiaryRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM beneficiaries WHERE structure_id = $1 ORDER BY created_at DESC, id"
    ))
    .bind(structure_id)
    .fetch_all(executor)
    .await
}

/// One beneficiary of the structure.
pub async fn get<'e, E>(
    executor: E,
    structure_id: &str,
    id: &str,
) -> sqlx::Result<Option<BeneficiaryRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM beneficiaries WHERE id = $1 AND structure_id = $2"
    ))
    .bind(id)
    .bind(structure_id)
    .fetch_optional(executor)
    .await
}

/// Deletes one beneficiary of the structure; returns whether there was one.
pub async fn delete(tx: &mut Write, structure_id: &str, id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM beneficiaries WHERE id = $1 AND structure_id = $2")
        .bind(id)
        .bind(structure_id)
        .execute(&mut ***tx)
        .await?;
    Ok(done.rows_affected() == 1)
}
