//! The mediators' REST API: accepting an invitation, signing in and out (a session cookie), the
//! beneficiaries of the caller's structure and their diagnostics. Another structure's
//! beneficiary is 404.

pub mod accounts;
pub mod beneficiaries;
pub mod diagnostics;

use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

/// The routes (under the staff session layer); signing in is rate-limited per address.
pub fn routes(logins: &crate::rate_limit::Limit) -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/invitations/{token}",
            post(accounts::accept_invitation),
        )
        .route(
            "/api/v1/session",
            post(accounts::sign_in)
                .layer(crate::rate_limit::api_layer(logins))
                .delete(accounts::sign_out),
        )
        .route(
            "/api/v1/beneficiaries",
            get(beneficiaries::list).post(beneficiaries::create),
        )
        .route(
            "/api/v1/beneficiaries/{id}",
            get(beneficiaries::one).delete(beneficiaries::delete),
        )
        .route(
            "/api/v1/beneficiaries/{id}/diagnostics",
            get(diagnostics::list_diagnostics).post(diagnostics::start_diagnostic),
        )
}
