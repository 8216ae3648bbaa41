//! The current item and the answer to it: one snapshot read and one engine replay per answer;
//! showing the current item reads one row and replays nothing.

use tremplin_bank::Response;

use super::replay::{progress, replay};
use super::{Next, Path, display_of, result, row, snapshot};
use crate::auth::Credentials;
use crate::db::{
    self,
    assessments::{AssessmentRow, Move, ScoredAnswer},
};
use crate::domain::{CurrentPage, Progress};
use crate::service::{ServiceError, premiers_pas};
use crate::state::AppState;

/// The item to answer now, or `Done`.
pub async fn current(state: &AppState, creds: &Credentials) -> Result<Next, ServiceError> {
    let row = row(state, creds).await?;
    current_of(state, creds, &row).await
}

/// The item page's data (the path says how the page speaks).
pub async fn current_page(
    state: &AppState,
    creds: &Credentials,
) -> Result<CurrentPage, ServiceError> {
    let row = row(state, creds).await?;
    let path = Path::parse(&row.path).unwrap_or(Path::Citizen);
    Ok(current_of(state, creds, &row).await?.page(path, None))
}

async fn current_of(
    state: &AppState,
    creds: &Credentials,
    row: &AssessmentRow,
) -> Result<Next, ServiceError> {
    let Some(item_id) = row.current_item.as_deref() else {
        return Ok(Next::Done);
    };
    if state.catalog.servable(item_id).is_some() {
        let answered = row.answered as u32;
        return Ok(Next::Item {
            item: Box::new(display_of(state, item_id, row.seed)?),
            progress: Progress {
                answered,
                expected: (row.expected as u32).max(answered + 1),
            },
        });
    }
    // The item served was retired (or removed) since: the assessment goes on with a live one.
    replace_current(state, creds).await
}

/// Where the assessment goes after its answers: the next item (with progress), or the end (with
/// the result to store).
pub(super) struct Plan {
    pub(super) next_id: Option<String>,
    pub(super) progress: Progress,
    pub(super) result: Option<String>,
}

fn to_json(value: &impl serde::Serialize) -> Result<String, ServiceError> {
    serde_json::to_string(value).map_err(|e| ServiceError::Unexpected(e.into()))
}

/// The path's rules after `answers`: for the citizen, one engine replay; for Premiers pas, its
/// rules over the beginner tasks.
pub(super) fn plan(
    state: &AppState,
    row: &AssessmentRow,
    answers: &[ScoredAnswer],
) -> Result<Plan, ServiceError> {
    match Path::parse(&row.path) {
        Some(Path::Beginner) => {
            let (next_id, progress, result) = premiers_pas::step(&state.catalog, row, answers);
            Ok(Plan {
                next_id,
                progress,
                result: result.as_ref().map(to_json).transpose()?,
            })
        }
        Some(Path::Citizen) | None => {
            let session = replay(&state.catalog, row.seed, answers)?;
            let next = if session.is_done() {
                None
            } else {
                session.next_item()
            };
            // Now and then a pilot item comes first (unscored); the engine's choice stays the
            // same after it, since its answer does not replay.
            let next_id = next.map(|i| {
                super::pilot::choose(&state.catalog, row.seed, answers)
                    .unwrap_or_else(|| state.catalog.items[i].clone())
            });
            let result = match next_id {
                Some(_) => None,
                None => Some(to_json(&result::compute(state, row, answers, &session))?),
            };
            Ok(Plan {
                next_id,
                progress: progress(&session, answers.len()),
                result,
            })
        }
    }
}

fn reply(state: &AppState, row: &AssessmentRow, plan: &Plan) -> Result<Next, ServiceError> {
    Ok(match &plan.next_id {
        Some(id) => Next::Item {
            item: Box::new(display_of(state, id, row.seed)?),
            progress: plan.progress,
        },
        None => Next::Done,
    })
}

fn moving<'a>(from: &'a str, plan: &'a Plan, now: i64) -> Move<'a> {
    Move {
        from,
        next: plan.next_id.as_deref(),
        answered: i64::from(plan.progress.answered),
        expected: i64::from(plan.progress.expected),
        result: plan.result.as_deref(),
        now,
    }
}

/// Serves a live item in place of a current item that is no longer live.
async fn replace_current(state: &AppState, creds: &Credentials) -> Result<Next, ServiceError> {
    let (row, answers) = snapshot(state, creds).await?;
    let Some(from) = row.current_item.as_deref() else {
        return Ok(Next::Done);
    };
    let plan = plan(state, &row, &answers)?;
    let mut tx = state.db.begin_write().await?;
    let moved =
        db::assessments::advance(&mut tx, &creds.id, &moving(from, &plan, db::now_ms())).await?;
    if !moved {
        // Someone else moved it first: show what is current now.
        drop(tx);
        return Box::pin(current(state, creds)).await;
    }
    tx.commit().await?;
    reply(state, &row, &plan)
}

/// Accepts the answer to the current item, then serves the next one.
///
/// The checks and the engine's work are done on a snapshot read before the write; the write
/// ([`db::Db::store_answer`]) then stores the answer unless the `(assessment_id, seq)` key or
/// the item already holds one, and moves `current_item` only if the snapshot still holds
/// (`UPDATE … WHERE current_item = $item`). So an answer is accepted once and in order even
/// when copies race, on SQLite and PostgreSQL alike, and the write lock is held only for the
/// writes (on SQLite, concurrent answers share one commit). The caller hears of success only
/// after the commit. When the answer is the last one, the result
/// is computed now and stored with it: it never changes afterwards, whatever the bank becomes.
pub async fn answer(
    state: &AppState,
    creds: &Credentials,
    item_id: &str,
    response: Response,
) -> Result<Next, ServiceError> {
    let now = db::now_ms();
    let (row, mut answers) = snapshot(state, creds).await?;
    let Some(current) = row.current_item.as_deref() else {
        return Err(ServiceError::Finished);
    };
    if current != item_id {
        return Err(ServiceError::NotCurrent);
    }
    // An item served, then removed from the bank, cannot be checked: the person gets a live one.
    let item = state
        .catalog
        .bank
        .get(item_id)
        .ok_or(ServiceError::NotCurrent)?;
    let skipped = matches!(response, Response::Skip(_));
    let correct = item
        .check(&response)
        .map_err(|e| ServiceError::InvalidResponse(e.to_string()))?
        && !skipped;
    let seq = answers.len() as i64;
    let pilot = state.catalog.is_pilot(item_id);
    answers.push(ScoredAnswer {
        item_id: item_id.to_owned(),
        correct,
        skipped,
        pilot,
    });
    let plan = plan(state, &row, &answers)?;
    let reply = reply(state, &row, &plan)?;
    let response_json =
        serde_json::to_string(&response).map_err(|e| ServiceError::Unexpected(e.into()))?;

    let stored = state
        .db
        .store_answer(db::answer_batch::AnswerWrite {
            assessment_id: creds.id.clone(),
            seq,
            item_id: item_id.to_owned(),
            response: response_json,
            correct,
            skipped,
            pilot,
            served_at: row.current_served_at.unwrap_or(now),
            answered_at: now,
            next: plan.next_id.clone(),
            answered: i64::from(plan.progress.answered),
            expected: i64::from(plan.progress.expected),
            result: plan.result.clone(),
        })
        .await?;
    if !stored {
        // Another copy of this answer won the race (or the item was replaced): nothing stored.
        return Err(ServiceError::NotCurrent);
    }
    state.metrics.answers.inc();
    if matches!(reply, Next::Done) {
        // A diagnostic's beneficiary who agreed gives the observatory record now. The answer
        // is stored either way: a failure is logged.
        if let Err(e) =
            crate::service::mediation::diagnostics::give_observatory_record(state, creds).await
        {
            tracing::error!(error = %e, "a diagnostic's observatory record was not given");
        }
    }
    Ok(reply)
}
