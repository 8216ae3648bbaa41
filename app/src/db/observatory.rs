//! Anonymous observatory records: no assessment id, month granularity, coarse territory and age.
//! They wait in `observatory_inbox`, then move in batches to `observatory_records` and the
//! rollups (see the migration `…08_observatory_rollups.sql`).

use sqlx::{Any, FromRow};

use super::Write;

#[path = "observatory_seed.rs"]
mod seeded;
pub use seeded::{SEED_BATCH, SeedRecord, insert_seeded, real_records};

/// A record to write with the person's consent.
#[derive(Debug, Clone)]
pub struct NewRecord<'a> {
    pub id: &'a str,
    pub received_at: i64,
    pub path: &'a str,
    pub month: &'a str,
    pub cog_year: i64,
    pub departement: Option<&'a str>,
    pub age_band: Option<&'a str>,
    pub framework_version: &'a str,
    /// (competence code, level); none for Premiers pas.
    pub levels: &'a [(String, u8)],
    /// Premiers pas: the orientation proposed and (skill id, outcome) of each skill reached.
    pub beginner: Option<Beginner<'a>>,
}

/// What a Premiers pas record holds instead of levels.
#[derive(Debug, Clone)]
pub struct Beginner<'a> {
    pub orientation: &'a str,
    pub outcomes: &'a [(String, &'static str)],
}

/// A record waiting in the inbox.
#[derive(Debug, Clone, FromRow)]
pub struct Waiting {
    pub path: String,
    pub month: String,
    pub cog_year: i64,
    pub departement: Option<String>,
    pub age_band: Option<String>,
    pub framework_version: String,
    /// JSON object: competence code -> level.
    pub levels: String,
    /// Premiers pas: the orientation proposed…
    pub orientation: Option<String>,
    /// …and a JSON object: skill id -> outcome.
    pub outcomes: Option<String>,
}

/// The inbox keeps the day of arrival only (UTC), enough to bound the wait.
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Puts a record in the inbox, its arrival cut to the day: no time of day to match against
/// the moment a person consented.
pub async fn insert(tx: &mut Write, record: &NewRecord<'_>) -> sqlx::Result<()> {
    let levels: serde_json::Map<String, serde_json::Value> = record
        .levels
        .iter()
        .map(|(c, l)| (c.clone(), serde_json::Value::from(*l)))
        .collect();
    let outcomes = record.beginner.as_ref().map(|b| {
        let o: serde_json::Map<String, serde_json::Value> = b
            .outcomes
            .iter()
            .map(|(s, o)| (s.clone(), serde_json::Value::from(*o)))
            .collect();
        serde_json::Value::Object(o).to_string()
    });
    sqlx::query(
        "INSERT INTO observatory_inbox (id, received_at, path, month, cog_year, departement, \
         age_band, framework_version, levels, orientation, outcomes) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(record.id)
    .bind(record.received_at - record.received_at.rem_euclid(DAY_MS))
    .bind(record.path)
    .bind(record.month)
    .bind(record.cog_year)
    .bind(record.departement)
    .bind(record.age_band)
    .bind(record.framework_version)
    .bind(serde_json::Value::Object(levels).to_string())
    .bind(record.beginner.as_ref().map(|b| b.orientation))
    .bind(outcomes)
    .execute(&mut ***tx)
    .await?;
    Ok(())
}

/// A write that changes nothing: on SQLite the transaction is then a writer from its start (it
/// waits for its turn instead of failing to upgrade later). On PostgreSQL it does nothing: the
/// inbox is taken in one statement and a month is frozen once (see [`freeze`]).
pub async fn lock_inbox(tx: &mut Write) -> sqlx::Result<()> {
    sqlx::query("UPDATE observatory_published SET updated_at = updated_at WHERE name = ''")
        .execute(&mut ***tx)
        .await?;
    Ok(())
}

/// The inbox's size and its oldest arrival.
pub async fn inbox_state(tx: &mut Write) -> sqlx::Result<(i64, Option<i64>)> {
    sqlx::query_as("SELECT COUNT(*), MIN(received_at) FROM observatory_inbox")
        .fetch_one(&mut ***tx)
        .await
}

/// Takes every record out of the inbox (in the caller's transaction), in one statement: two
/// movers at once (two instances on PostgreSQL) never take the same record.
pub async fn take_inbox(tx: &mut Write) -> sqlx::Result<Vec<Waiting>> {
    sqlx::query_as::<_, Waiting>(
        "DELETE FROM observatory_inbox RETURNING path, month, cog_year, departement, age_band, \
         framework_version, levels, orientation, outcomes",
    )
    .fetch_all(&mut ***tx)
    .await
}

/// Stores a record for good under `id` and adds it to the rollups: its levels, or (Premiers
/// pas) its orientation and (skill id, outcome) pairs.
pub async fn file(
    tx: &mut Write,
    id: &str,
    record: &Waiting,
    levels: &[(String, i64)],
    outcomes: &[(String, String)],
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO observatory_records (id, month, cog_year, departement, age_band, \
         framework_version, path, orientation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(&record.month)
    .bind(record.cog_year)
    .bind(&record.departement)
    .bind(&record.age_band)
    .bind(&record.framework_version)
    .bind(&record.path)
    .bind(&record.orientation)
    .execute(&mut ***tx)
    .await?;
    let departement = record.departement.as_deref().unwrap_or("");
    let age_band = record.age_band.as_deref().unwrap_or("");
    sqlx::query(
        "INSERT INTO observatory_people (path, month, departement, age_band, people) \
         VALUES ($1, $2, $3, $4, 1) ON CONFLICT (path, month, departement, age_band) \
         DO UPDATE SET people = observatory_people.people + 1",
    )
    .bind(&record.path)
    .bind(&record.month)
    .bind(departement)
    .bind(age_band)
    .execute(&mut ***tx)
    .await?;
    for (competence, level) in levels {
        sqlx::query(
            "INSERT INTO observatory_levels (record_id, competence, level) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(competence)
        .bind(*level)
        .execute(&mut ***tx)
        .await?;
        sqlx::query(
            "INSERT INTO observatory_levels_rollup (path, month, departement, age_band, \
             competence, level, people) VALUES ($1, $2, $3, $4, $5, $6, 1) \
             ON CONFLICT (path, month, departement, age_band, competence, level) \
             DO UPDATE SET people = observatory_levels_rollup.people + 1",
        )
        .bind(&record.path)
        .bind(&record.month)
        .bind(departement)
        .bind(age_band)
        .bind(competence)
        .bind(*level)
        .execute(&mut ***tx)
        .await?;
    }
    if let Some(orientation) = &record.orientation {
        let key = super::orientations::Key {
            path: &record.path,
            month: &record.month,
            departement,
            age_band,
        };
        super::orientations::file(tx, id, &key, orientation, outcomes).await?;
    }
    Ok(())
}

/// The months with people on any path, in order.
pub async fn months<'e, E>(executor: E) -> sqlx::Result<Vec<String>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_scalar("SELECT DISTINCT month FROM observatory_people ORDER BY month")
        .fetch_all(executor)
        .await
}

/// People by département and age band (`''` when not given) for a path and month.
pub async fn people<'e, E>(
    executor: E,
    path: &str,
    month: &str,
) -> sqlx::Result<Vec<(String, String, i64)>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(
        "SELECT departement, age_band, people FROM observatory_people \
         WHERE path = $1 AND month = $2",
    )
    .bind(path)
    .bind(month)
    .fetch_all(executor)
    .await
}

/// People by département (`''` when not given), competence and level for a path and month.
pub async fn departement_levels<'e, E>(
    executor: E,
    path: &str,
    month: &str,
) -> sqlx::Result<Vec<(String, String, i64, i64)>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(
        "SELECT departement, competence, level, CAST(SUM(people) AS BIGINT) \
         FROM observatory_levels_rollup WHERE path = $1 AND month = $2 \
         GROUP BY departement, competence, level",
    )
    .bind(path)
    .bind(month)
    .fetch_all(executor)
    .await
}

/// People at level 1 or above by département and age band (`''` when not given) and
/// competence, for a path and month.
pub async fn basic_by_age<'e, E>(
    executor: E,
    path: &str,
    month: &str,
) -> sqlx::Result<Vec<(String, String, String, i64)>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(
        "SELECT departement, age_band, competence, CAST(SUM(people) AS BIGINT) \
         FROM observatory_levels_rollup WHERE path = $1 AND month = $2 AND level >= 1 \
         GROUP BY departement, age_band, competence",
    )
    .bind(path)
    .bind(month)
    .fetch_all(executor)
    .await
}

/// Whether a month's tables are frozen.
pub async fn is_frozen<'e, E>(executor: E, month: &str) -> sqlx::Result<bool>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM observatory_frozen WHERE month = $1")
        .bind(month)
        .fetch_one(executor)
        .await?;
    Ok(n > 0)
}

/// Freezes a month's cells of a table; if another pass froze it first, theirs stays.
pub async fn freeze(tx: &mut Write, name: &str, month: &str, cells: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO observatory_frozen (name, month, cells) VALUES ($1, $2, $3) \
         ON CONFLICT (name, month) DO NOTHING",
    )
    .bind(name)
    .bind(month)
    .bind(cells)
    .execute(&mut ***tx)
    .await?;
    Ok(())
}

/// A table's frozen months' cells (JSON arrays), by month.
pub async fn frozen(tx: &mut Write, name: &str) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT cells FROM observatory_frozen WHERE name = $1 ORDER BY month")
        .bind(name)
        .fetch_all(&mut ***tx)
        .await
}

/// Replaces a published table.
pub async fn publish(tx: &mut Write, name: &str, body: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO observatory_published (name, body, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET body = $2, updated_at = $3",
    )
    .bind(name)
    .bind(body)
    .bind(now)
    .execute(&mut ***tx)
    .await?;
    Ok(())
}

/// A published table's stamp (when it was written, its length) and body, if it was published.
pub async fn published<'e, E>(executor: E, name: &str) -> sqlx::Result<Option<(i64, i64, String)>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(
        "SELECT updated_at, CAST(LENGTH(body) AS BIGINT), body FROM observatory_published \
         WHERE name = $1",
    )
    .bind(name)
    .fetch_optional(executor)
    .await
}

/// The stamp of a published table: when it was written, and its length.
pub async fn published_stamp<'e, E>(executor: E, name: &str) -> sqlx::Result<Option<(i64, i64)>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(
        "SELECT updated_at, CAST(LENGTH(body) AS BIGINT) FROM observatory_published \
         WHERE name = $1",
    )
    .bind(name)
    .fetch_optional(executor)
    .await
}

/// Adds people to the rollup by (month, département, age band) — `''` for none given. Each key
/// at most once in `rows` (PostgreSQL refuses to update a row twice in one statement).
pub async fn add_people(
    tx: &mut Write,
    path: &str,
    rows: &[(String, String, String, i64)],
) -> sqlx::Result<()> {
    use super::answer_batch::placeholders;
    for part in rows.chunks(SEED_BATCH) {
        let sql = format!(
            "INSERT INTO observatory_people (path, month, departement, age_band, people) \
             VALUES {} ON CONFLICT (path, month, departement, age_band) \
             DO UPDATE SET people = observatory_people.people + excluded.people",
            placeholders(part.len(), 5)
        );
        let mut q = sqlx::query(&sql);
        for (m, d, a, n) in part {
            q = q.bind(path).bind(m).bind(d).bind(a).bind(*n);
        }
        q.execute(&mut ***tx).await?;
    }
    Ok(())
}

/// Adds people to the levels rollup by (month, département, age band, competence, level). Each
/// key at most once in `rows`.
pub async fn add_levels(
    tx: &mut Write,
    path: &str,
    rows: &[(String, String, String, String, i64, i64)],
) -> sqlx::Result<()> {
    use super::answer_batch::placeholders;
    for part in rows.chunks(SEED_BATCH) {
        let sql = format!(
            "INSERT INTO observatory_levels_rollup (path, month, departement, age_band, \
             competence, level, people) VALUES {} \
             ON CONFLICT (path, month, departement, age_band, competence, level) \
             DO UPDATE SET people = observatory_levels_rollup.people + excluded.people",
            placeholders(part.len(), 7)
        );
        let mut q = sqlx::query(&sql);
        for (m, d, a, c, l, n) in part {
            q = q
                .bind(path)
                .bind(m)
                .bind(d)
                .bind(a)
                .bind(c)
                .bind(*l)
                .bind(*n);
        }
        q.execute(&mut ***tx).await?;
    }
    Ok(())
}
