//! Whether the home page offers to resume a test.

use leptos::prelude::*;

/// Whether this browser holds an assessment that is not finished.
#[server(prefix = "/sfn", endpoint = "has_assessment")]
pub async fn has_assessment() -> Result<bool, ServerFnError> {
    let (state, creds) = super::caller().await?;
    let Some(creds) = creds else {
        return Ok(false);
    };
    Ok(matches!(
        crate::service::assessment::current_page(&state, &creds).await,
        Ok(crate::domain::CurrentPage::Item { .. })
    ))
}
