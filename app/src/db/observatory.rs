//! Anonymous observatory records: no assessment id, month granularity, coarse territory and age.

use super::Write;

/// A record to write with the person's consent.
#[derive(Debug, Clone)]
pub struct NewRecord<'a> {
    pub id: &'a str,
    pub month: &'a str,
    pub cog_year: i64,
    pub departement: Option<&'a str>,
    pub age_band: Option<&'a str>,
    pub framework_version: &'a str,
    /// (competence code, level)
    pub levels: &'a [(String, u8)],
}

pub async fn insert(tx: &mut Write, record: &NewRecord<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO observatory_records (id, month, cog_year, departement, age_band, \
         framework_version) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(record.id)
    .bind(record.month)
    .bind(record.cog_year)
    .bind(record.departement)
    .bind(record.age_band)
    .bind(record.framework_version)
    .execute(&mut ***tx)
    .await?;
    for (competence, level) in record.levels {
        sqlx::query(
            "INSERT INTO observatory_levels (record_id, competence, level) VALUES ($1, $2, $3)",
        )
        .bind(record.id)
        .bind(competence)
        .bind(*level as i64)
        .execute(&mut ***tx)
        .await?;
    }
    Ok(())
}

/// Number of records (used by tests and, later, by the publication rollups).
pub async fn count<'e, E>(executor: E) -> sqlx::Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM observatory_records")
        .fetch_one(executor)
        .await?;
    Ok(n)
}
