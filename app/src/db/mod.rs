//! Database access: one file per aggregate, plain async functions over the `Any` driver so that
//! the same queries run on SQLite and PostgreSQL (placeholders `$1`, `$2` … work on both).
//! Every write goes through [`Db::begin_write`].

pub mod answer_batch;
pub mod assessments;
pub mod beneficiaries;
pub mod calibration;
pub mod diagnostics;
pub mod maintenance;
pub mod observatory;
pub mod orientations;
pub mod places;
pub mod staff;

use std::{
    str::FromStr,
    sync::{Arc, Once},
    time::Duration,
};

use tokio::sync::{Mutex, OwnedMutexGuard};

use anyhow::Context;
use sqlx::{
    Any, AnyPool, Executor, Transaction,
    any::{AnyConnectOptions, AnyPoolOptions},
};

/// The database: a pool for reads, and one door for writes.
#[derive(Clone)]
pub struct Db {
    /// For reads (and for tests that look at what was stored).
    pub pool: AnyPool,
    gate: WriteGate,
    backend: Backend,
    /// SQLite: the queue to the answers' writer task (group commit).
    answers: Option<tokio::sync::mpsc::UnboundedSender<answer_batch::Job>>,
}

impl Db {
    /// Opens (creating and migrating) the database at `url`.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let pool = connect_and_migrate(url).await?;
        let backend = Backend::of(url)?;
        let mut db = Db {
            pool,
            gate: WriteGate::for_backend(backend),
            backend,
            answers: None,
        };
        if backend == Backend::Sqlite {
            db.answers = Some(answer_batch::spawn_writer(db.clone()));
        }
        Ok(db)
    }

    /// Stores an answer and moves its assessment on; `false` when another answer took its
    /// place first (nothing of it is stored). Returns once the answer is committed: on SQLite
    /// with the answers that came meanwhile (see [`answer_batch`]), on PostgreSQL alone.
    pub async fn store_answer(&self, write: answer_batch::AnswerWrite) -> sqlx::Result<bool> {
        let Some(queue) = &self.answers else {
            return answer_batch::store_one(self, &write).await;
        };
        let (reply, stored) = tokio::sync::oneshot::channel();
        if let Err(tokio::sync::mpsc::error::SendError((write, _))) = queue.send((write, reply)) {
            // The writer is gone (it never should be): each answer in its own transaction.
            return answer_batch::store_one(self, &write).await;
        }
        // No reply: the batch panicked before telling (an error, whether or not it committed).
        stored.await.map_err(|_| sqlx::Error::WorkerCrashed)?
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// SQLite: copies the write-ahead log into the file and empties it, so that rows deleted
    /// since (zeroed by `secure_delete`) leave no older copy in the log. Best effort: it waits
    /// 50 ms at most for readers still on an older snapshot (a backup, another instance), then
    /// stops short (`false`) and the next call finishes the job; the answers wait for the turn
    /// to write no longer than that. Nothing to do on PostgreSQL.
    pub async fn truncate_log(&self) -> sqlx::Result<bool> {
        use sqlx::Row;
        if self.backend != Backend::Sqlite {
            return Ok(true);
        }
        let _turn = self.gate.enter().await;
        let mut pooled = self.pool.acquire().await?;
        // Executor's own methods (boxed futures): the generic query builders' futures cannot
        // be shown `Send` when the pass is spawned.
        let conn: &mut sqlx::AnyConnection = &mut pooled;
        sqlx::Executor::execute(&mut *conn, "PRAGMA busy_timeout = 50").await?;
        let done = sqlx::Executor::fetch_one(&mut *conn, "PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .and_then(|row| row.try_get::<i64, _>(0));
        // The connection's usual wait (as in `SQLITE_PRAGMAS`) is set back; one that cannot be
        // is closed rather than returned to the pool with the short one.
        if let Err(e) = sqlx::Executor::execute(&mut *conn, "PRAGMA busy_timeout = 5000").await {
            let _ = pooled.close().await;
            return Err(e);
        }
        Ok(done? == 0)
    }

    /// Starts a write transaction, after waiting for the turn to write on SQLite. Commit with
    /// [`Write::commit`]; dropping it rolls back, then lets the next writer in.
    pub async fn begin_write(&self) -> sqlx::Result<Write> {
        let turn = self.gate.enter().await;
        let tx = self.pool.begin().await?;
        Ok(Write { tx, _turn: turn })
    }
}

/// A write transaction holding the turn to write. Fields drop in order: the transaction rolls
/// back (if not committed) before the turn passes on.
pub struct Write {
    tx: Transaction<'static, Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl Write {
    /// Commits, then gives the turn to the next writer.
    pub async fn commit(self) -> sqlx::Result<()> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for Write {
    type Target = Transaction<'static, Any>;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for Write {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// From a `sqlite:` or `postgres:` URL.
    pub fn of(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:")
        }
    }
}

/// Serializes write transactions on SQLite inside the process.
///
/// SQLite has one writer at a time; connections that collide wait in its busy handler, which
/// sleeps in steps of up to 100 ms and made the answer latency's tail long under load. Queuing
/// writers here instead costs nothing (they would wait for the lock anyway) and keeps the wait
/// to the time of the transactions ahead. PostgreSQL needs no gate (row locks).
#[derive(Clone, Default)]
struct WriteGate(Option<Arc<Mutex<()>>>);

impl WriteGate {
    fn for_backend(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => WriteGate(Some(Arc::new(Mutex::new(())))),
            Backend::Postgres => WriteGate(None),
        }
    }

    /// Waits for the turn to write; the turn ends when the guard is dropped (after commit).
    async fn enter(&self) -> Option<OwnedMutexGuard<()>> {
        match &self.0 {
            Some(m) => Some(m.clone().lock_owned().await),
            None => None,
        }
    }
}

static DRIVERS: Once = Once::new();

/// SQLite settings applied to every connection: write-ahead log, a full fsync at each commit
/// (an answer is acknowledged only once it is on disk), foreign keys, and waiting rather than
/// failing when another connection holds the write lock; deleted rows are overwritten with
/// zeros (an observatory record leaving the inbox, answers past their retention), not left in
/// free space for whoever reads the file.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA secure_delete = ON;";

/// Opens a pool (creating the SQLite file if missing) and applies the migrations.
pub async fn connect_and_migrate(url: &str) -> anyhow::Result<AnyPool> {
    DRIVERS.call_once(sqlx::any::install_default_drivers);
    let backend = Backend::of(url)?;
    let url = match backend {
        Backend::Sqlite if !url.contains("mode=") => {
            format!("{url}{}mode=rwc", if url.contains('?') { "&" } else { "?" })
        }
        _ => url.to_owned(),
    };
    let options = AnyConnectOptions::from_str(&url).context("invalid DATABASE_URL")?;
    let mut pool = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
    pool = match backend {
        // Few connections: writes go one at a time anyway, reads are short, and every
        // connection is a thread that the answer path would have to hand work to.
        Backend::Sqlite => pool.max_connections(3).after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute(sqlx::raw_sql(SQLITE_PRAGMAS)).await?;
                Ok(())
            })
        }),
        Backend::Postgres => pool.max_connections(16),
    };
    let pool = pool
        .connect_with(options)
        .await
        .context("cannot open the database")?;
    sqlx::migrate!("../migrations")
        .run(&pool)
        .await
        .context("cannot apply the database migrations")?;
    Ok(pool)
}

/// Milliseconds since the Unix epoch, the time unit of every stored timestamp.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
