//! The item page's data.

use leptos::prelude::*;

use crate::domain::CurrentPage;

/// The item to answer now for the assessment held in this browser's cookie.
#[server(prefix = "/sfn", endpoint = "current_page")]
pub async fn load_current_page() -> Result<CurrentPage, ServerFnError> {
    let (state, creds) = super::caller().await?;
    let Some(creds) = creds else {
        return Ok(CurrentPage::NoSession);
    };
    match crate::service::assessment::current_page(&state, &creds).await {
        Ok(mut page) => {
            // A guided diagnostic: the mediator's observation fields go with the item.
            if let CurrentPage::Item { guided, .. } = &mut page {
                match crate::service::mediation::diagnostics::is_guided(&state, &creds.id).await {
                    Ok(true) => *guided = Some(crate::pages::mediation::observation_fields()),
                    Ok(false) => {}
                    Err(e) => return Err(super::failure(&e)),
                }
            }
            Ok(page)
        }
        Err(e) if e.is_auth() => Ok(CurrentPage::NoSession),
        Err(e) => Err(super::failure(&e)),
    }
}
