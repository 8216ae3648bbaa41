//! What an operator needs from the database: is it ready (reachable, every migration applied),
//! an online backup of a SQLite file, and putting a backup back in place.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use sqlx::{Connection, Row};

use super::{Backend, DRIVERS, Db};

/// Whether the database answers and has every migration this build knows, applied
/// successfully. The error says what is wrong, in words an operator can act on.
pub async fn readiness(db: &Db) -> Result<(), String> {
    sqlx::query("SELECT 1")
        .execute(&db.pool)
        .await
        .map_err(|e| format!("database unreachable: {e}"))?;
    let applied: Vec<i64> = sqlx::query("SELECT version FROM _sqlx_migrations WHERE success")
        .fetch_all(&db.pool)
        .await
        .map_err(|e| format!("cannot read the migrations table: {e}"))?
        .iter()
        .map(|r| r.get::<i64, _>(0))
        .collect();
    let missing: Vec<String> = sqlx::migrate!("../migrations")
        .iter()
        .filter(|m| !applied.contains(&m.version))
        .map(|m| m.version.to_string())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("migrations not applied: {}", missing.join(", ")))
    }
}

/// What one retention pass deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Purged {
    /// Unfinished assessments deleted (with their answers).
    pub unfinished: u64,
    /// Answers of finished assessments deleted.
    pub answers: u64,
    /// Beneficiaries deleted (with their diagnostics, assessments, answers, observations).
    pub beneficiaries: u64,
}

/// Deletes the unfinished assessments created before `unfinished_before` (with their answers)
/// and the answers of assessments finished before `answers_before` whose result is stored (an
/// older row without it would need its answers to show its result), in one transaction.
pub async fn purge(db: &Db, unfinished_before: i64, answers_before: i64) -> anyhow::Result<Purged> {
    let mut tx = db.begin_write().await?;
    // Observations of an unfinished test go with it; a finished diagnostic's observations
    // stay with its result, as long as the beneficiary is kept (see `purge_beneficiaries`).
    sqlx::query(
        "DELETE FROM observations WHERE assessment_id IN \
         (SELECT id FROM assessments WHERE finished_at IS NULL AND created_at < $1)",
    )
    .bind(unfinished_before)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "DELETE FROM answers WHERE assessment_id IN \
         (SELECT id FROM assessments WHERE finished_at IS NULL AND created_at < $1)",
    )
    .bind(unfinished_before)
    .execute(&mut **tx)
    .await?;
    let unfinished =
        sqlx::query("DELETE FROM assessments WHERE finished_at IS NULL AND created_at < $1")
            .bind(unfinished_before)
            .execute(&mut **tx)
            .await?
            .rows_affected();
    let answers = sqlx::query(
        "DELETE FROM answers WHERE assessment_id IN \
         (SELECT id FROM assessments WHERE finished_at IS NOT NULL AND finished_at < $1 \
          AND result IS NOT NULL)",
    )
    .bind(answers_before)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    // What remains of tests their owners deleted (id and token hash) goes after as long.
    sqlx::query("DELETE FROM deleted_assessments WHERE deleted_at < $1")
        .bind(unfinished_before)
        .execute(&mut **tx)
        .await?;
    tx.commit().await?;
    Ok(Purged {
        unfinished,
        answers,
        beneficiaries: 0,
    })
}

/// Whether beneficiary `b` has had no activity since `$1`.
const IDLE: &str = "b.created_at < $1 AND NOT EXISTS \
     (SELECT 1 FROM diagnostics d LEFT JOIN assessments a ON a.id = d.assessment_id \
      WHERE d.beneficiary_id = b.id \
      AND (d.created_at >= $1 OR a.created_at >= $1 OR a.finished_at >= $1))";

/// Deletes the beneficiaries with no activity since `before`: registered before it, and no
/// diagnostic of theirs started, joined or finished since. Everything attached goes with them.
/// Each one is locked and checked again before it goes (on PostgreSQL a diagnostic may start
/// meanwhile: it then waits for this transaction, and the person stays if it came first).
pub async fn purge_beneficiaries(db: &Db, before: i64) -> anyhow::Result<u64> {
    let mut tx = db.begin_write().await?;
    let idle: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT b.id, b.structure_id FROM beneficiaries b WHERE {IDLE}"
    ))
    .bind(before)
    .fetch_all(&mut **tx)
    .await?;
    let lock = match db.backend() {
        super::Backend::Postgres => " FOR UPDATE",
        // One writer at a time: the file's write lock is the lock.
        super::Backend::Sqlite => "",
    };
    let now = super::now_ms();
    let mut deleted = 0;
    for (id, structure) in &idle {
        let still: Option<String> = sqlx::query_scalar(&format!(
            "SELECT b.id FROM beneficiaries b WHERE b.id = $2 AND {IDLE}{lock}"
        ))
        .bind(before)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
        if still.is_none() {
            continue;
        }
        super::diagnostics::delete_of_beneficiary(&mut tx, id, now).await?;
        super::beneficiaries::delete(&mut tx, structure, id).await?;
        deleted += 1;
    }
    tx.commit().await?;
    Ok(deleted)
}

/// The file of a `sqlite:` database URL.
pub fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    if Backend::of(url)? != Backend::Sqlite {
        bail!("not a SQLite database URL");
    }
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        bail!("the SQLite database must be a file");
    }
    Ok(PathBuf::from(path))
}

/// Writes a consistent copy of the SQLite database `url` to `to` while the server may be
/// serving (`VACUUM INTO` reads one snapshot: every transaction committed before it started,
/// nothing after). The database is opened read-only, without migrations: a backup never
/// creates nor changes it. Refuses an existing `to` and a missing database.
pub async fn backup_sqlite(url: &str, to: &Path) -> anyhow::Result<()> {
    let source = sqlite_path(url)?;
    if !source.is_file() {
        bail!("{}: no such database", source.display());
    }
    if to.exists() {
        bail!(
            "{}: the file exists already; choose a new name",
            to.display()
        );
    }
    let target = to
        .to_str()
        .context("the backup file name must be valid UTF-8")?;
    DRIVERS.call_once(sqlx::any::install_default_drivers);
    let mut conn = sqlx::AnyConnection::connect(&format!("sqlite://{}?mode=ro", source.display()))
        .await
        .with_context(|| format!("{}: cannot open the database", source.display()))?;
    sqlx::query("PRAGMA busy_timeout = 5000")
        .execute(&mut conn)
        .await?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&mut conn)
        .await
        .with_context(|| format!("{}: the backup failed", to.display()))?;
    conn.close().await.ok();
    Ok(())
}

/// What `restore` did.
pub struct Restored {
    /// Where the database that was replaced now is, if there was one.
    pub set_aside: Option<PathBuf>,
}

/// Puts the backup `from` in place of the SQLite database `url`, after checking that it is a
/// sound Tremplin database. The server must be stopped. Nothing is deleted: a database already
/// there is renamed `<name>.before-restore-<time>` (with its `-wal` and `-shm` files, which
/// must not be applied to the restored file).
pub async fn restore_sqlite(url: &str, from: &Path) -> anyhow::Result<Restored> {
    let target = sqlite_path(url)?;
    check_backup(from).await?;
    let tmp = with_suffix(&target, ".restoring");
    std::fs::copy(from, &tmp)
        .with_context(|| format!("{}: cannot copy to {}", from.display(), tmp.display()))?;
    std::fs::File::open(&tmp)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("{}: cannot write it to disk", tmp.display()))?;
    // What is there goes aside, the -wal and -shm files too, even without their database: a
    // leftover write-ahead log would otherwise be replayed onto the restored file.
    let aside = with_suffix(&target, &format!(".before-restore-{}", super::now_ms()));
    let set_aside = target.exists().then(|| aside.clone());
    for ext in ["", "-wal", "-shm"] {
        let side = with_suffix(&target, ext);
        if side.exists() {
            std::fs::rename(&side, with_suffix(&aside, ext))
                .with_context(|| format!("{}: cannot set it aside", side.display()))?;
        }
    }
    std::fs::rename(&tmp, &target)
        .with_context(|| format!("{}: cannot move it into place", tmp.display()))?;
    Ok(Restored { set_aside })
}

/// A backup must be a SQLite file that passes `PRAGMA integrity_check` and holds Tremplin's
/// migrations table.
async fn check_backup(from: &Path) -> anyhow::Result<()> {
    if !from.is_file() {
        bail!("{}: no such file", from.display());
    }
    DRIVERS.call_once(sqlx::any::install_default_drivers);
    let url = format!("sqlite://{}?mode=ro", from.display());
    let mut conn = sqlx::AnyConnection::connect(&url)
        .await
        .with_context(|| format!("{}: not a SQLite database", from.display()))?;
    let verdict: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .with_context(|| format!("{}: not a SQLite database", from.display()))?
        .get(0);
    if verdict != "ok" {
        bail!("{}: damaged database ({verdict})", from.display());
    }
    sqlx::query("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .with_context(|| format!("{}: not a Tremplin database", from.display()))?;
    conn.close().await.ok();
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_of_a_sqlite_url() {
        assert_eq!(
            sqlite_path("sqlite://data/t.db?mode=rwc").unwrap(),
            PathBuf::from("data/t.db")
        );
        assert_eq!(sqlite_path("sqlite:t.db").unwrap(), PathBuf::from("t.db"));
        assert_eq!(
            sqlite_path("sqlite:///var/lib/t.db").unwrap(),
            PathBuf::from("/var/lib/t.db")
        );
        assert!(sqlite_path("sqlite::memory:").is_err());
        assert!(sqlite_path("postgres://localhost/t").is_err());
    }
}
