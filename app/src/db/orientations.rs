//! Premiers pas in the observatory: the orientation each record proposed and the outcome of
//! each skill it reached, and the rollup of people by orientation (see the migration
//! `…02_observatory_beginners.sql`).

use sqlx::Any;

use super::Write;
use super::answer_batch::placeholders;
use super::observatory::SEED_BATCH;

/// The path of Premiers pas records.
pub const PATH: &str = "beginner";

/// Where a record is counted: path, month, département and age band (`''` when not given).
#[derive(Debug, Clone, Copy)]
pub struct Key<'a> {
    pub path: &'a str,
    pub month: &'a str,
    pub departement: &'a str,
    pub age_band: &'a str,
}

/// Stores a filed record's outcomes and adds it to the orientations rollup.
pub async fn file(
    tx: &mut Write,
    record_id: &str,
    key: &Key<'_>,
    orientation: &str,
    outcomes: &[(String, String)],
) -> sqlx::Result<()> {
    for (skill, outcome) in outcomes {
        sqlx::query(
            "INSERT INTO observatory_outcomes (record_id, skill, outcome) VALUES ($1, $2, $3)",
        )
        .bind(record_id)
        .bind(skill)
        .bind(outcome)
        .execute(&mut ***tx)
        .await?;
    }
    let row = (
        key.month.to_owned(),
        key.departement.to_owned(),
        key.age_band.to_owned(),
        orientation.to_owned(),
        1,
    );
    add(tx, key.path, &[row]).await
}

/// Adds people to the rollup by (month, département, age band, orientation). Each key at most
/// once in `rows` (PostgreSQL refuses to update a row twice in one statement).
pub async fn add(
    tx: &mut Write,
    path: &str,
    rows: &[(String, String, String, String, i64)],
) -> sqlx::Result<()> {
    for part in rows.chunks(SEED_BATCH) {
        let sql = format!(
            "INSERT INTO observatory_orientations_rollup (path, month, departement, age_band, \
             orientation, people) VALUES {} \
             ON CONFLICT (path, month, departement, age_band, orientation) \
             DO UPDATE SET people = observatory_orientations_rollup.people + excluded.people",
            placeholders(part.len(), 6)
        );
        let mut q = sqlx::query(&sql);
        for (m, d, a, o, n) in part {
            q = q.bind(path).bind(m).bind(d).bind(a).bind(o).bind(*n);
        }
        q.execute(&mut ***tx).await?;
    }
    Ok(())
}

/// People by département (`''` when not given) and orientation, for a path and month.
pub async fn by_departement<'e, E>(
    executor: E,
    path: &str,
    month: &str,
) -> sqlx::Result<Vec<(String, String, i64)>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(
        "SELECT departement, orientation, CAST(SUM(people) AS BIGINT) \
         FROM observatory_orientations_rollup WHERE path = $1 AND month = $2 \
         GROUP BY departement, orientation",
    )
    .bind(path)
    .bind(month)
    .fetch_all(executor)
    .await
}

/// A synthetic Premiers pas record (`tremplin observatory seed`).
pub struct SeedBeginner {
    pub id: String,
    pub month: String,
    pub departement: Option<String>,
    pub age_band: Option<String>,
    pub orientation: &'static str,
    /// (skill id, outcome).
    pub outcomes: Vec<(String, &'static str)>,
}

/// Writes synthetic Premiers pas records and their outcomes (not the rollups).
pub async fn insert_seeded(
    tx: &mut Write,
    framework_version: &str,
    records: &[SeedBeginner],
) -> sqlx::Result<()> {
    for chunk in records.chunks(SEED_BATCH) {
        let sql = format!(
            "INSERT INTO observatory_records (id, month, cog_year, departement, age_band, \
             framework_version, path, orientation) VALUES {}",
            placeholders(chunk.len(), 8)
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
                .bind(PATH)
                .bind(r.orientation);
        }
        q.execute(&mut ***tx).await?;
        let rows: Vec<(&str, &str, &str)> = chunk
            .iter()
            .flat_map(|r| {
                r.outcomes
                    .iter()
                    .map(|(s, o)| (r.id.as_str(), s.as_str(), *o))
            })
            .collect();
        for part in rows.chunks(SEED_BATCH * 4) {
            let sql = format!(
                "INSERT INTO observatory_outcomes (record_id, skill, outcome) VALUES {}",
                placeholders(part.len(), 3)
            );
            let mut q = sqlx::query(&sql);
            for (id, s, o) in part {
                q = q.bind(*id).bind(*s).bind(*o);
            }
            q.execute(&mut ***tx).await?;
        }
    }
    Ok(())
}
