//! A citizen's assessment: start, serve the current item, accept an answer, score, consent.
//!
//! The engine session is never stored: it is rebuilt from (configuration, seed, scored answers)
//! whenever it is needed, as the engine guarantees it is a pure function of them.

use serde::{Deserialize, Serialize};
use tremplin_bank::Response;
use tremplin_engine::{Scored, profile::ProfileSession};

use crate::db::{self, assessments::AssessmentRow, observatory};
use crate::model::{
    AnswerReview, COG_YEAR, CompetenceLevel, CurrentPage, DomainLevel, ItemDisplay, Progress,
    ResultPage, ResultView,
};
use crate::service::{ServiceError, display, token};
use crate::state::AppState;

/// What identifies the caller: assessment id and bearer token.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub id: String,
    pub token: String,
}

/// A newly started assessment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Started {
    pub id: String,
    pub token: String,
}

/// What comes after an answer (and what `current` returns).
#[derive(Debug, Clone)]
pub enum Next {
    Item {
        item: Box<ItemDisplay>,
        progress: Progress,
    },
    Done,
}

impl From<Next> for CurrentPage {
    fn from(n: Next) -> Self {
        match n {
            Next::Item { item, progress } => CurrentPage::Item { item, progress },
            Next::Done => CurrentPage::Done,
        }
    }
}

fn engine_error(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Unexpected(anyhow::anyhow!("engine: {e}"))
}

/// Rebuilds the engine session from stored answers.
fn rebuild<'s>(
    state: &'s AppState,
    seed: i64,
    answers: &[(String, bool)],
) -> Result<ProfileSession<'s>, ServiceError> {
    let catalog = &state.catalog;
    let scored = answers
        .iter()
        .map(|(item_id, correct)| {
            catalog
                .index_of(item_id)
                .map(|item| Scored {
                    item,
                    correct: *correct,
                })
                .ok_or_else(|| engine_error(format!("answered item {item_id} is no longer live")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    ProfileSession::rebuild(
        &catalog.profile_bank,
        catalog.config.clone(),
        seed as u64,
        &scored,
    )
    .map_err(engine_error)
}

fn progress(session: &ProfileSession) -> Progress {
    let answered = session.answered() as u32;
    Progress {
        answered,
        expected: (session.expected_length() as u32).max(answered + 1),
    }
}

fn display_of(state: &AppState, item_id: &str, seed: i64) -> Result<ItemDisplay, ServiceError> {
    let item = state
        .catalog
        .bank
        .get(item_id)
        .ok_or_else(|| engine_error(format!("current item {item_id} is not in the bank")))?;
    Ok(display::item_display(&item.view(), seed))
}

/// Starts an assessment and serves its first item.
pub async fn start(state: &AppState, path: &str) -> Result<Started, ServiceError> {
    if path != "citizen" {
        return Err(ServiceError::BadRequest(format!(
            "Parcours inconnu « {path} » : seul « citizen » existe pour l'instant."
        )));
    }
    let id = token::new_id()?;
    let secret = token::new_token()?;
    let seed = token::new_seed()?;
    let session = rebuild(state, seed, &[])?;
    let first = session.next_item().map(|i| state.catalog.items[i].clone());
    let now = db::now_ms();
    let row = AssessmentRow {
        id: id.clone(),
        token_hash: token::hash(&secret),
        path: path.to_owned(),
        seed,
        framework_version: state.catalog.bank.framework().version.clone(),
        created_at: now,
        current_served_at: first.as_ref().map(|_| now),
        finished_at: if first.is_none() { Some(now) } else { None },
        current_item: first,
        consent_at: None,
    };
    let _turn = state.writes.enter().await;
    let mut tx = state.pool.begin().await?;
    db::assessments::insert(&mut tx, &row).await?;
    tx.commit().await?;
    Ok(Started { id, token: secret })
}

fn authorize(
    row: Option<AssessmentRow>,
    creds: &Credentials,
) -> Result<AssessmentRow, ServiceError> {
    let row = row.ok_or(ServiceError::NotFound)?;
    if !token::matches(&creds.token, &row.token_hash) {
        return Err(ServiceError::Unauthorized);
    }
    Ok(row)
}

/// The assessment and its scored answers, if the credentials open it.
async fn snapshot(
    state: &AppState,
    creds: &Credentials,
) -> Result<(AssessmentRow, Vec<(String, bool)>), ServiceError> {
    match db::assessments::snapshot(&state.pool, &creds.id).await? {
        Some((row, answers)) => Ok((authorize(Some(row), creds)?, answers)),
        None => Err(ServiceError::NotFound),
    }
}

fn scored(answers: &[db::assessments::AnswerRow]) -> Vec<(String, bool)> {
    answers
        .iter()
        .map(|a| (a.item_id.clone(), a.correct != 0))
        .collect()
}

/// The item to answer now, or `Done`.
pub async fn current(state: &AppState, creds: &Credentials) -> Result<Next, ServiceError> {
    let (row, answers) = snapshot(state, creds).await?;
    let Some(item_id) = row.current_item.as_deref() else {
        return Ok(Next::Done);
    };
    let session = rebuild(state, row.seed, &answers)?;
    Ok(Next::Item {
        item: Box::new(display_of(state, item_id, row.seed)?),
        progress: progress(&session),
    })
}

/// The item page's data.
pub async fn current_page(
    state: &AppState,
    creds: &Credentials,
) -> Result<CurrentPage, ServiceError> {
    current(state, creds).await.map(CurrentPage::from)
}

/// Accepts the answer to the current item, then serves the next one.
///
/// The checks and the engine's work are done on a snapshot read before the write; the write
/// transaction then stores the answer and moves `current_item` only if the snapshot still holds
/// (`UPDATE … WHERE current_item = $item`, and the `(assessment_id, seq)` key refuses a second
/// answer with the same number). So an answer is accepted once and in order even when copies
/// race, on SQLite and PostgreSQL alike, and the write lock is held only for the writes. The
/// caller hears of success only after the commit.
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
    let item = state
        .catalog
        .bank
        .get(item_id)
        .ok_or_else(|| engine_error(format!("current item {item_id} is not in the bank")))?;
    let skipped = matches!(response, Response::Skip(_));
    let correct = item
        .check(&response)
        .map_err(|e| ServiceError::InvalidResponse(e.to_string()))?
        && !skipped;
    let seq = answers.len() as i64;
    answers.push((item_id.to_owned(), correct));
    let session = rebuild(state, row.seed, &answers)?;
    let next = if session.is_done() {
        None
    } else {
        session.next_item()
    };
    let next_id = next.map(|i| state.catalog.items[i].clone());
    let response_json =
        serde_json::to_string(&response).map_err(|e| ServiceError::Unexpected(e.into()))?;
    let reply = match &next_id {
        Some(id) => Next::Item {
            item: Box::new(display_of(state, id, row.seed)?),
            progress: progress(&session),
        },
        None => Next::Done,
    };

    let _turn = state.writes.enter().await;
    let mut tx = state.pool.begin().await?;
    let inserted = db::assessments::insert_answer(
        &mut tx,
        &creds.id,
        &db::assessments::NewAnswer {
            seq,
            item_id,
            response: &response_json,
            correct,
            skipped,
            served_at: row.current_served_at.unwrap_or(now),
            answered_at: now,
        },
    )
    .await;
    match inserted {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(ServiceError::NotCurrent);
        }
        other => other?,
    }
    let moved =
        db::assessments::advance(&mut tx, &creds.id, item_id, next_id.as_deref(), now).await?;
    if !moved {
        // Another copy of this answer won the race; dropping `tx` rolls this one back.
        return Err(ServiceError::NotCurrent);
    }
    tx.commit().await?;
    Ok(reply)
}

/// The scored result, available once the assessment is finished.
pub async fn result(state: &AppState, creds: &Credentials) -> Result<ResultView, ServiceError> {
    let row = authorize(db::assessments::get(&state.pool, &creds.id).await?, creds)?;
    if row.finished_at.is_none() {
        return Err(ServiceError::NotFinished);
    }
    let answers = db::assessments::answers(&state.pool, &creds.id).await?;
    let session = rebuild(state, row.seed, &scored(&answers))?;
    let estimates = session.estimates();
    let catalog = &state.catalog;
    let framework = catalog.bank.framework();
    let competences: Vec<CompetenceLevel> = framework
        .competences
        .iter()
        .zip(&estimates.competences)
        .map(|(c, e)| CompetenceLevel {
            code: c.code.as_str().to_owned(),
            name: c.name.clone(),
            domain: c.code.domain().to_owned(),
            level: catalog.cuts.level(e.theta),
            theta: e.theta,
            se: e.se,
            answered: answers
                .iter()
                .filter(|a| {
                    catalog
                        .bank
                        .get(&a.item_id)
                        .is_some_and(|i| i.competence().as_str() == c.code.as_str())
                })
                .count() as u32,
        })
        .collect();
    // A domain's θ is the mean of its competences' θ; its SE treats them as independent, which
    // understates it a little (they share the general factor).
    let domains = framework
        .domains
        .iter()
        .map(|d| {
            let members: Vec<&CompetenceLevel> =
                competences.iter().filter(|c| c.domain == d.code).collect();
            let n = members.len().max(1) as f64;
            let theta = members.iter().map(|c| c.theta).sum::<f64>() / n;
            let se = members.iter().map(|c| c.se * c.se).sum::<f64>().sqrt() / n;
            DomainLevel {
                code: d.code.clone(),
                name: d.name.clone(),
                level: catalog.cuts.level(theta),
                theta,
                se,
            }
        })
        .collect();
    let answers = answers
        .iter()
        .filter_map(|a| {
            let item = catalog.bank.get(&a.item_id)?;
            Some(AnswerReview {
                item_id: a.item_id.clone(),
                competence: item.competence().as_str().to_owned(),
                prompt: display::paragraphs(item.prompt()),
                correct: a.correct != 0,
                skipped: a.skipped != 0,
                expected: item.answer_text(),
                explanation: item.explanation().unwrap_or_default().to_owned(),
            })
        })
        .collect();
    Ok(ResultView {
        framework_version: row.framework_version.clone(),
        competences,
        domains,
        general_theta: estimates.general.theta,
        general_se: estimates.general.se,
        answers,
        consent_given: row.consent_at.is_some(),
    })
}

/// The result page's data.
pub async fn result_page(
    state: &AppState,
    creds: &Credentials,
) -> Result<ResultPage, ServiceError> {
    match result(state, creds).await {
        Ok(r) => Ok(ResultPage::Ready(Box::new(r))),
        Err(ServiceError::NotFinished) => Ok(ResultPage::NotFinished),
        Err(e) => Err(e),
    }
}

/// What the person chose to add to the anonymous record (both optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Consent {
    pub departement: Option<String>,
    pub age_band: Option<String>,
}

/// Writes the anonymous observatory record, once, with the person's explicit consent.
pub async fn give_consent(
    state: &AppState,
    creds: &Credentials,
    consent: Consent,
) -> Result<(), ServiceError> {
    let clean = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let departement = clean(consent.departement);
    let age_band = clean(consent.age_band);
    if let Some(d) = &departement
        && !crate::model::departements().contains(d)
    {
        return Err(ServiceError::BadRequest(format!(
            "Département inconnu : « {d} »."
        )));
    }
    if let Some(a) = &age_band
        && !crate::model::AGE_BANDS.contains(&a.as_str())
    {
        return Err(ServiceError::BadRequest(format!(
            "Tranche d'âge inconnue : « {a} »."
        )));
    }
    let result = result(state, creds).await?;
    let _turn = state.writes.enter().await;
    let mut tx = state.pool.begin().await?;
    let row = authorize(db::assessments::lock(&mut tx, &creds.id).await?, creds)?;
    if row.consent_at.is_some() {
        return Err(ServiceError::AlreadyConsented);
    }
    let now = db::now_ms();
    let levels: Vec<(String, u8)> = result
        .competences
        .iter()
        .map(|c| (c.code.clone(), c.level))
        .collect();
    let record_id = token::new_id()?;
    observatory::insert(
        &mut tx,
        &observatory::NewRecord {
            id: &record_id,
            month: &month_of(now),
            cog_year: COG_YEAR,
            departement: departement.as_deref(),
            age_band: age_band.as_deref(),
            framework_version: &row.framework_version,
            levels: &levels,
        },
    )
    .await?;
    db::assessments::set_consent(&mut tx, &creds.id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// 'YYYY-MM' of a time in ms since the epoch (UTC), by the civil-from-days algorithm.
pub fn month_of(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_of_known_dates() {
        assert_eq!(month_of(0), "1970-01");
        // 2026-11-23T00:00:00Z
        assert_eq!(month_of(1_795_392_000_000), "2026-11");
        // 2024-02-29T12:00:00Z
        assert_eq!(month_of(1_709_208_000_000), "2024-02");
    }
}
