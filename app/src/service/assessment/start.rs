//! Starting an assessment.

use serde::{Deserialize, Serialize};

use super::replay::{progress, replay};
use crate::db::{self, assessments::AssessmentRow};
use crate::service::{ServiceError, token};
use crate::state::AppState;

/// The paths an assessment can follow.
pub const PATHS: [&str; 1] = ["citizen"];

/// A newly started assessment.
#[derive(Clone, Serialize, Deserialize)]
pub struct Started {
    pub id: String,
    pub token: String,
}

impl std::fmt::Debug for Started {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Started")
            .field("id", &self.id)
            .field("token", &"<redacted>")
            .finish()
    }
}

/// Starts an assessment and chooses its first item.
pub async fn start(state: &AppState, path: &str) -> Result<Started, ServiceError> {
    if !PATHS.contains(&path) {
        return Err(ServiceError::UnknownPath(path.to_owned()));
    }
    let id = token::new_id()?;
    let secret = token::new_token()?;
    let seed = token::new_seed()?;
    let catalog = &state.catalog;
    let session = replay(catalog, seed, &[])?;
    let first = session.next_item().map(|i| catalog.items[i].clone());
    let now = db::now_ms();
    let row = AssessmentRow {
        id: id.clone(),
        token_hash: token::hash(&secret),
        path: path.to_owned(),
        seed,
        framework_version: catalog.bank.framework().version.clone(),
        bank_version: catalog.version.clone(),
        created_at: now,
        current_served_at: first.as_ref().map(|_| now),
        answered: 0,
        expected: i64::from(progress(&session, 0).expected),
        finished_at: if first.is_none() { Some(now) } else { None },
        current_item: first,
        result: None,
        consent_at: None,
    };
    let mut tx = state.db.begin_write().await?;
    db::assessments::insert(&mut tx, &row).await?;
    tx.commit().await?;
    Ok(Started { id, token: secret })
}
