//! The person deletes their own test: the assessment, its answers and its result. An anonymous
//! record already given to the observatory stays (nothing links it to the test).

use super::authorize;
use crate::auth::Credentials;
use crate::db;
use crate::service::ServiceError;
use crate::state::AppState;

/// Deletes the assessment the credentials open, for good.
pub async fn delete(state: &AppState, creds: &Credentials) -> Result<(), ServiceError> {
    let mut tx = state.db.begin_write().await?;
    authorize(db::assessments::lock(&mut tx, &creds.id).await?, creds)?;
    db::assessments::delete(&mut tx, &creds.id).await?;
    tx.commit().await?;
    tracing::info!("an assessment was deleted by its owner");
    Ok(())
}
