//! Starting an assessment.

use serde::{Deserialize, Serialize};

use super::Path;
use super::answer::plan;
use crate::db::{self, assessments::AssessmentRow};
use crate::service::{ServiceError, token};
use crate::state::AppState;

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

/// Starts an assessment on `path` and chooses its first item. `urgent_procedure`: the person
/// said a procedure must be done now (Premiers pas asks it; the citizen path ignores it).
pub async fn start(
    state: &AppState,
    path: Path,
    urgent_procedure: bool,
) -> Result<Started, ServiceError> {
    let id = token::new_id()?;
    let secret = token::new_token()?;
    let seed = token::new_seed()?;
    let catalog = &state.catalog;
    let now = db::now_ms();
    let mut row = AssessmentRow {
        id: id.clone(),
        token_hash: token::hash(&secret),
        path: path.as_str().to_owned(),
        seed,
        framework_version: catalog.bank.framework().version.clone(),
        bank_version: catalog.version.clone(),
        created_at: now,
        current_item: None,
        current_served_at: None,
        answered: 0,
        expected: 0,
        finished_at: None,
        result: None,
        consent_at: None,
        urgent_procedure: i64::from(urgent_procedure && path == Path::Beginner),
    };
    let first = plan(state, &row, &[])?;
    row.expected = i64::from(first.progress.expected);
    row.current_served_at = first.next_id.as_ref().map(|_| now);
    row.finished_at = first.next_id.is_none().then_some(now);
    row.current_item = first.next_id;
    row.result = first.result;
    let mut tx = state.db.begin_write().await?;
    db::assessments::insert(&mut tx, &row).await?;
    tx.commit().await?;
    Ok(Started { id, token: secret })
}
