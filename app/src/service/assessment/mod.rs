//! A citizen's assessment: start, serve the current item, accept an answer, score, consent.
//!
//! The engine session is never stored: it is rebuilt from (configuration, seed, scored answers)
//! when an answer needs the next item, as the engine guarantees it is a pure function of them.
//! Showing the current item reads one row and replays nothing.

mod answer;
mod consent;
mod delete;
pub mod display;
pub mod pilot;
mod replay;
mod result;
mod start;

pub use answer::{answer, current, current_page};
pub use consent::{Consent, date_of, give_consent, month_bounds, month_of};
pub use delete::delete;
pub use result::{AssessmentResult, result, result_page};
pub use start::{Started, start};

use crate::auth::Credentials;
use crate::db::{self, assessments::AssessmentRow, assessments::ScoredAnswer};
use crate::domain::{CurrentPage, ItemDisplay, Progress};
use crate::service::{ServiceError, token};
use crate::state::AppState;

/// The paths an assessment can follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// The citizen's self-assessment over the 16 competences.
    Citizen,
    /// "Premiers pas", for people who have barely used a screen.
    Beginner,
}

impl Path {
    /// The name stored with the assessment and used by the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Path::Citizen => "citizen",
            Path::Beginner => "beginner",
        }
    }

    /// The path a stored name names.
    pub fn parse(name: &str) -> Option<Self> {
        [Path::Citizen, Path::Beginner]
            .into_iter()
            .find(|p| p.as_str() == name)
    }
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

impl Next {
    /// The item page's data, on `path`; `guided`: the observation fields of a guided
    /// diagnostic.
    pub fn page(self, path: Path, guided: Option<String>) -> CurrentPage {
        match self {
            Next::Item { item, progress } => CurrentPage::Item {
                item,
                progress,
                beginner: path == Path::Beginner,
                guided,
            },
            Next::Done => CurrentPage::Done,
        }
    }
}

fn authorize(
    row: Option<AssessmentRow>,
    creds: &Credentials,
) -> Result<AssessmentRow, ServiceError> {
    let row = row.ok_or(ServiceError::NotFound)?;
    if !token::matches(creds.token.expose(), &row.token_hash) {
        return Err(ServiceError::Unauthorized);
    }
    Ok(row)
}

/// The assessment row alone, if the credentials open it.
pub(crate) async fn row(
    state: &AppState,
    creds: &Credentials,
) -> Result<AssessmentRow, ServiceError> {
    authorize(
        db::assessments::get(&state.db.pool, &creds.id).await?,
        creds,
    )
}

/// The assessment and its scored answers, in one read, if the credentials open it.
async fn snapshot(
    state: &AppState,
    creds: &Credentials,
) -> Result<(AssessmentRow, Vec<ScoredAnswer>), ServiceError> {
    match db::assessments::snapshot(&state.db.pool, &creds.id).await? {
        Some((row, answers)) => Ok((authorize(Some(row), creds)?, answers)),
        None => Err(ServiceError::NotFound),
    }
}

/// The display of an item for this assessment.
fn display_of(state: &AppState, item_id: &str, seed: i64) -> Result<ItemDisplay, ServiceError> {
    let catalog = &state.catalog;
    let item = catalog.bank.get(item_id).ok_or_else(|| {
        ServiceError::Unexpected(anyhow::anyhow!("item {item_id} is not in the bank"))
    })?;
    Ok(display::item_display(&item.view(), seed, |file| {
        catalog.media_url(file).map(str::to_owned)
    }))
}
