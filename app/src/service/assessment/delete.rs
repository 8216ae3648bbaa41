//! The person deletes their own test: the assessment, its answers and its result. An anonymous
//! record already given to the observatory stays (nothing links it to the test).

use super::authorize;
use crate::auth::Credentials;
use crate::db;
use crate::service::{ServiceError, token};
use crate::state::AppState;

/// Deletes the assessment the credentials open, for good. Deleting is idempotent: deleting
/// again with the same token succeeds; another token is refused as for any assessment.
pub async fn delete(state: &AppState, creds: &Credentials) -> Result<(), ServiceError> {
    let mut tx = state.db.begin_write().await?;
    match db::assessments::lock(&mut tx, &creds.id).await? {
        Some(row) => {
            let row = authorize(Some(row), creds)?;
            db::assessments::delete(&mut tx, &row, db::now_ms()).await?;
            tx.commit().await?;
            tracing::info!("an assessment was deleted by its owner");
            Ok(())
        }
        None => match db::assessments::deleted_token_hash(&mut tx, &creds.id).await? {
            Some(hash) if token::matches(creds.token.expose(), &hash) => Ok(()),
            Some(_) => Err(ServiceError::Unauthorized),
            None => Err(ServiceError::NotFound),
        },
    }
}
