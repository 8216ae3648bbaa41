//! Synthetic observatory records (`tremplin observatory seed`): written straight to the
//! records, many to a statement, to measure the observatory at scale; and the count of real
//! ones, which the seed refuses to mix with.

use sqlx::Any;

use crate::db::Write;

/// A synthetic record (`tremplin observatory seed`).
pub struct SeedRecord {
    pub id: String,
    pub month: String,
    pub departement: Option<String>,
    pub age_band: Option<String>,
    /// The level of each competence, in the order given to [`insert_seeded`].
    pub levels: Vec<u8>,
}

/// Records written by one statement of [`insert_seeded`].
pub const SEED_BATCH: usize = 500;

/// Writes synthetic records and their levels (not the rollups), a few statements for a batch.
pub async fn insert_seeded(
    tx: &mut Write,
    competences: &[String],
    framework_version: &str,
    records: &[SeedRecord],
) -> sqlx::Result<()> {
    use crate::db::answer_batch::placeholders;
    for chunk in records.chunks(SEED_BATCH) {
        let sql = format!(
            "INSERT INTO observatory_records (id, month, cog_year, departement, age_band, \
             framework_version, path) VALUES {}",
            placeholders(chunk.len(), 7)
        );
        let mut q = sqlx::query(&sql);
        for r in chunk {
            q = q
                .bind(&r.id)
                .bind(&r.month)
                .bind(crate::domain::territory::COG_YEAR)
                .bind(&r.departement)
                .bind(&r.age_band)
                .bind(framework_version)
                .bind("citizen");
        }
        q.execute(&mut ***tx).await?;
        let rows: Vec<(&str, &str, i64)> = chunk
            .iter()
            .flat_map(|r| {
                r.levels
                    .iter()
                    .zip(competences)
                    .map(|(&l, c)| (r.id.as_str(), c.as_str(), i64::from(l)))
            })
            .collect();
        for part in rows.chunks(SEED_BATCH * 4) {
            let sql = format!(
                "INSERT INTO observatory_levels (record_id, competence, level) VALUES {}",
                placeholders(part.len(), 3)
            );
            let mut q = sqlx::query(&sql);
            for (id, c, l) in part {
                q = q.bind(*id).bind(*c).bind(*l);
            }
            q.execute(&mut ***tx).await?;
        }
    }
    Ok(())
}

/// Records (filed or waiting) whose framework version is not `synthetic`.
pub async fn real_records<'e, E>(executor: E, synthetic: &str) -> sqlx::Result<i64>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM observatory_records WHERE framework_version <> $1) \
         + (SELECT COUNT(*) FROM observatory_inbox WHERE framework_version <> $1)",
    )
    .bind(synthetic)
    .fetch_one(executor)
    .await
}
