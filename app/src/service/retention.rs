//! Retention: what is kept, and for how long (stated on the privacy page). Once a day the
//! server deletes unfinished assessments older than `retention_unfinished_days` (with their
//! answers) and the answers of assessments finished more than `retention_answers_days` ago
//! (their result stays, for the person who took the test), and the beneficiaries of mediators'
//! structures idle for `retention_beneficiary_months` (with everything attached), as their
//! consent says. Running it again deletes nothing more: it is safe at every start and every day.

use std::time::Duration;

pub use crate::db::maintenance::Purged;
use crate::db::{Db, maintenance, now_ms};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// How long things are kept (from the settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periods {
    pub unfinished_days: u32,
    pub answers_days: u32,
    /// Months of 30 days.
    pub beneficiary_months: u32,
}

impl Periods {
    pub fn of(settings: &crate::settings::Settings) -> Self {
        Periods {
            unfinished_days: settings.retention_unfinished_days,
            answers_days: settings.retention_answers_days,
            beneficiary_months: settings.retention_beneficiary_months,
        }
    }
}

/// One pass at time `now` (milliseconds since the epoch).
pub async fn run_once(db: &Db, periods: Periods, now: i64) -> anyhow::Result<Purged> {
    let mut purged = maintenance::purge(
        db,
        now - i64::from(periods.unfinished_days) * DAY_MS,
        now - i64::from(periods.answers_days) * DAY_MS,
    )
    .await?;
    purged.beneficiaries = maintenance::purge_beneficiaries(
        db,
        now - i64::from(periods.beneficiary_months) * 30 * DAY_MS,
    )
    .await?;
    // Staff sessions past their expiry (they no longer open anything) go too.
    let mut tx = db.begin_write().await?;
    crate::db::staff::purge_sessions(&mut tx, now).await?;
    tx.commit().await?;
    Ok(purged)
}

/// Runs a pass now, then every day, for as long as the server runs; each pass is logged.
pub fn spawn_daily(db: Db, periods: Periods) {
    tokio::spawn(async move {
        let mut every_day = tokio::time::interval(Duration::from_secs(24 * 60 * 60));
        loop {
            every_day.tick().await;
            match run_once(&db, periods, now_ms()).await {
                Ok(p) => tracing::info!(
                    unfinished_deleted = p.unfinished,
                    answers_deleted = p.answers,
                    beneficiaries_deleted = p.beneficiaries,
                    "retention pass"
                ),
                Err(e) => tracing::error!(error = %e, "retention pass failed"),
            }
        }
    });
}
