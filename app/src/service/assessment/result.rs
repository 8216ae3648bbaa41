//! The result: computed once, when the last answer is stored, and kept with the assessment.

use tremplin_engine::profile::ProfileSession;

use super::Path;
use super::replay::replay;
use super::{display, row, snapshot};
use crate::auth::Credentials;
use crate::db::{
    self,
    assessments::{AssessmentRow, ScoredAnswer},
};
use crate::domain::{
    AnswerReview, BeginnerResult, CompetenceLevel, DomainLevel, PlacesQuery, ResultPage, ResultView,
};
use crate::service::ServiceError;
use crate::state::AppState;

/// The result of `answers` as the engine session estimates it, with the bank as it is now.
pub(super) fn compute(
    state: &AppState,
    row: &AssessmentRow,
    answers: &[ScoredAnswer],
    session: &ProfileSession,
) -> ResultView {
    let catalog = &state.catalog;
    let estimates = session.estimates();
    let framework = catalog.bank.framework();
    let competence_of = |item_id: &str| catalog.bank.get(item_id).map(|i| i.competence().as_str());
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
                .filter(|a| !a.pilot && competence_of(&a.item_id) == Some(c.code.as_str()))
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
                correct: a.correct,
                skipped: a.skipped,
                expected: item.answer_text(),
                explanation: item.explanation().unwrap_or_default().to_owned(),
            })
        })
        .collect();
    ResultView {
        framework_version: row.framework_version.clone(),
        bank_version: catalog.version.clone(),
        competences,
        domains,
        general_theta: estimates.general.theta,
        general_se: estimates.general.se,
        answers,
        consent_given: false,
    }
}

/// A finished assessment's result, by path (in JSON, each has its own fields).
#[derive(Debug, Clone, serde::Serialize)]
#[serde(untagged)]
pub enum AssessmentResult {
    Citizen(Box<ResultView>),
    Beginner(Box<BeginnerResult>),
}

/// The stored result, available once the assessment is finished.
pub async fn result(
    state: &AppState,
    creds: &Credentials,
) -> Result<AssessmentResult, ServiceError> {
    let row = row(state, creds).await?;
    if row.finished_at.is_none() {
        return Err(ServiceError::NotFinished);
    }
    if Path::parse(&row.path) == Some(Path::Beginner) {
        let json = row.result.as_deref().ok_or_else(|| {
            ServiceError::Unexpected(anyhow::anyhow!("a finished path without its result"))
        })?;
        let mut view: BeginnerResult =
            serde_json::from_str(json).map_err(|e| ServiceError::Unexpected(e.into()))?;
        view.consent_given = row.consent_at.is_some();
        return Ok(AssessmentResult::Beginner(Box::new(view)));
    }
    let mut view: ResultView = match &row.result {
        Some(json) => serde_json::from_str(json).map_err(|e| ServiceError::Unexpected(e.into()))?,
        None => store_missing_result(state, creds).await?,
    };
    view.consent_given = row.consent_at.is_some();
    Ok(AssessmentResult::Citizen(Box::new(view)))
}

/// An assessment finished before results were stored at finish: compute it once and keep it.
async fn store_missing_result(
    state: &AppState,
    creds: &Credentials,
) -> Result<ResultView, ServiceError> {
    let (row, answers) = snapshot(state, creds).await?;
    let session = replay(&state.catalog, row.seed, &answers)?;
    let view = compute(state, &row, &answers, &session);
    let json = serde_json::to_string(&view).map_err(|e| ServiceError::Unexpected(e.into()))?;
    let mut tx = state.db.begin_write().await?;
    db::assessments::store_result(&mut tx, &creds.id, &json).await?;
    tx.commit().await?;
    Ok(view)
}

/// The result page's data, with the places near what the person typed (`places`), if asked
/// and if the result calls for help near home.
pub async fn result_page(
    state: &AppState,
    creds: &Credentials,
    places: Option<&PlacesQuery>,
) -> Result<ResultPage, ServiceError> {
    let result = match result(state, creds).await {
        Ok(r) => r,
        Err(ServiceError::NotFinished) => return Ok(ResultPage::NotFinished),
        Err(e) => return Err(e),
    };
    let places = match (places, crate::service::places::help_after(&result)) {
        (Some(query), Some(service)) if !query.typed.trim().is_empty() => {
            Some(crate::service::places::near_typed(&state.db, query, service).await?)
        }
        (_, Some(_)) => Some(crate::domain::PlacesNear::NotAsked),
        (_, None) => None,
    };
    Ok(match result {
        AssessmentResult::Citizen(result) => ResultPage::Ready { result, places },
        AssessmentResult::Beginner(result) => ResultPage::Beginner { result, places },
    })
}
