//! The result page's data.

use leptos::prelude::*;

use crate::domain::{PlacesQuery, ResultPage};

/// The result of the assessment held in this browser's cookie, once it is finished, with the
/// places near what the person typed on the page (`places`), if any.
#[server(prefix = "/sfn", endpoint = "result_page")]
pub async fn load_result_page(places: Option<PlacesQuery>) -> Result<ResultPage, ServerFnError> {
    let (state, creds) = super::caller().await?;
    let Some(creds) = creds else {
        return Ok(ResultPage::NoSession);
    };
    match crate::service::assessment::result_page(&state, &creds, places.as_ref()).await {
        Ok(page) => Ok(page),
        Err(e) if e.is_auth() => Ok(ResultPage::NoSession),
        Err(e) => Err(super::failure(&e)),
    }
}
