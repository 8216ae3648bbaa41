//! Server functions that load the pages' data. During server rendering they run in process and
//! their results are serialized into the page for hydration; after hydration the router calls
//! them over HTTP. They are thin adapters over `service::assessment`.

use crate::model::{CurrentPage, ResultPage};
use leptos::prelude::*;

/// The item to answer now for the assessment held in this browser's cookie.
#[server(prefix = "/sfn", endpoint = "current_page")]
pub async fn load_current_page() -> Result<CurrentPage, ServerFnError> {
    use crate::{service::assessment, state::AppState, web::cookie_credentials};
    let state = expect_context::<AppState>();
    let parts: axum::http::request::Parts = leptos_axum::extract().await?;
    let Some(creds) = cookie_credentials(&parts.headers) else {
        return Ok(CurrentPage::NoSession);
    };
    match assessment::current_page(&state, &creds).await {
        Ok(page) => Ok(page),
        Err(e) if e.is_auth() => Ok(CurrentPage::NoSession),
        Err(e) => Err(ServerFnError::new(e.public_message())),
    }
}

/// The result of the assessment held in this browser's cookie, once it is finished.
#[server(prefix = "/sfn", endpoint = "result_page")]
pub async fn load_result_page() -> Result<ResultPage, ServerFnError> {
    use crate::{service::assessment, state::AppState, web::cookie_credentials};
    let state = expect_context::<AppState>();
    let parts: axum::http::request::Parts = leptos_axum::extract().await?;
    let Some(creds) = cookie_credentials(&parts.headers) else {
        return Ok(ResultPage::NoSession);
    };
    match assessment::result_page(&state, &creds).await {
        Ok(page) => Ok(page),
        Err(e) if e.is_auth() => Ok(ResultPage::NoSession),
        Err(e) => Err(ServerFnError::new(e.public_message())),
    }
}

/// Whether this browser holds an assessment that is not finished (the home page offers to resume).
#[server(prefix = "/sfn", endpoint = "has_assessment")]
pub async fn has_assessment() -> Result<bool, ServerFnError> {
    use crate::{service::assessment, state::AppState, web::cookie_credentials};
    let state = expect_context::<AppState>();
    let parts: axum::http::request::Parts = leptos_axum::extract().await?;
    let Some(creds) = cookie_credentials(&parts.headers) else {
        return Ok(false);
    };
    Ok(matches!(
        assessment::current_page(&state, &creds).await,
        Ok(CurrentPage::Item { .. })
    ))
}
