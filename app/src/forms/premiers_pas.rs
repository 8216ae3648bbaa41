//! The Premiers pas form posts: start (with the answer to "a procedure to do very soon?").

use axum::{
    extract::{RawForm, State},
    response::Response,
};

use super::Form;
use crate::service::assessment::Path;
use crate::state::AppState;

/// `POST /premiers-pas/commencer`: starts the path, sets the cookie, goes to the first task.
pub async fn start(State(state): State<AppState>, RawForm(form): RawForm) -> Response {
    let urgent = Form::parse(&form).first("urgent") == Some("oui");
    super::start_path(&state, Path::Beginner, urgent).await
}
