//! Server functions, one per file. During server rendering they run in process and their
//! results are serialized into the page for hydration; after hydration the router calls them
//! over HTTP. They are thin adapters over the service layer.

mod current_page;
mod has_assessment;
mod result_page;

pub use current_page::{LoadCurrentPage, load_current_page};
pub use has_assessment::{HasAssessment, has_assessment};
pub use result_page::{LoadResultPage, load_result_page};

/// The state and the caller's credentials (from the cookie), if any.
#[cfg(feature = "ssr")]
async fn caller() -> Result<
    (crate::state::AppState, Option<crate::auth::Credentials>),
    leptos::prelude::ServerFnError,
> {
    use leptos::prelude::expect_context;
    let state = expect_context::<crate::state::AppState>();
    let creds = leptos_axum::extract_with_state::<
        Result<crate::auth::Credentials, crate::auth::MissingCredentials>,
        _,
    >(&state)
    .await?
    .ok();
    Ok((state, creds))
}

/// The sentence for an unexpected service error (the details go to the log).
#[cfg(feature = "ssr")]
fn failure(e: &crate::service::ServiceError) -> leptos::prelude::ServerFnError {
    leptos::prelude::ServerFnError::new(crate::api::describe(e).1)
}
