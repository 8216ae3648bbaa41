//! The mediators' pages and their form posts: sign in and out, accept an invitation, set up the
//! second factor, the beneficiaries, the team. Each handler reads its form, calls the service,
//! and answers with a 303 redirect or a page written by `pages::mediation`.

pub mod accounts;
pub mod beneficiaries;
pub mod diagnostics;
pub mod exports;
pub mod structures;

use std::sync::Arc;

use axum::{
    Router,
    extract::FromRequestParts,
    http::StatusCode,
    http::request::Parts,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use tower_sessions::Session;

use super::see_other;
use crate::api::describe;
use crate::assets::Assets;
use crate::auth::staff;
use crate::service::{ServiceError, mediation::StaffMember};
use crate::state::AppState;

/// The pages' routes; signing in is rate-limited per address (`logins`).
pub fn routes(
    logins: &crate::rate_limit::Limit,
    starts: &crate::rate_limit::Limit,
    assets: Arc<Assets>,
) -> Router<AppState> {
    Router::new()
        .route(
            "/connexion",
            // Only the attempts count, not the page views.
            get(accounts::sign_in_page).merge(
                post(accounts::sign_in)
                    .layer(crate::rate_limit::form_layer(logins, assets.clone())),
            ),
        )
        .route(
            "/code",
            get(diagnostics::join_page).merge(
                post(diagnostics::join).layer(crate::rate_limit::form_layer(starts, assets)),
            ),
        )
        .route(
            "/mediation/beneficiaires/{id}/diagnostics",
            post(diagnostics::start_diagnostic),
        )
        .route("/deconnexion", post(accounts::sign_out))
        .route(
            "/invitation/{token}",
            get(accounts::invitation_page).post(accounts::accept_invitation),
        )
        .route("/mediation", get(beneficiaries::dashboard))
        .route(
            "/mediation/securite",
            get(accounts::totp_page).post(accounts::enable_totp),
        )
        .route(
            "/mediation/beneficiaires",
            post(beneficiaries::create_beneficiary),
        )
        .route(
            "/mediation/beneficiaires/{id}",
            get(beneficiaries::beneficiary_page),
        )
        .route(
            "/mediation/beneficiaires/{id}/supprimer",
            post(beneficiaries::delete_beneficiary),
        )
        .route(
            "/mediation/equipe",
            get(accounts::team_page).post(accounts::invite),
        )
        .route("/mediation/equipe/lieu", post(accounts::set_place))
        .route(
            "/mediation/structures",
            get(structures::list).post(structures::create),
        )
        .route(
            "/mediation/structures/{id}",
            get(structures::one).post(structures::invite),
        )
        .route(
            "/mediation/structures/{id}/personnes/{staff_id}/reinitialiser",
            post(structures::reset_access),
        )
        .route(
            "/mediation/beneficiaires/{id}/rapport",
            get(beneficiaries::report_page),
        )
        .route(
            "/mediation/export/donnees.csv",
            get(exports::structure_data),
        )
        .route(
            "/mediation/export/activites.csv",
            get(exports::activities_csv),
        )
        .route(
            "/mediation/export/activites.json",
            get(exports::activities_json),
        )
}

fn message(e: &ServiceError) -> (StatusCode, String) {
    describe(e)
}

/// A page for an error that leaves nothing to retry on the same page.
fn error(state: &AppState, e: &ServiceError) -> Response {
    super::error_page(&state.assets, e)
}

/// The signed-in staff member, or where to send the browser instead: the sign-in page, or the
/// second factor's set-up for a role that requires one.
pub(crate) async fn signed_in_or_redirect(
    session: &Session,
    state: &AppState,
) -> Result<StaffMember, Response> {
    match staff::signed_in(session, state).await {
        Ok(who) if who.role.requires_totp() && !who.has_totp => {
            Err(see_other("/mediation/securite"))
        }
        Ok(who) => Ok(who),
        Err(ServiceError::NotSignedIn) => Err(see_other("/connexion")),
        Err(e) => Err(error(state, &e)),
    }
}

/// The signed-in staff member of a mediators' page request; otherwise the browser is sent to
/// sign in, or to set up the second factor, and an analyst to the analysts' page.
pub struct StaffPage(pub StaffMember);

impl FromRequestParts<AppState> for StaffPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match signed_in_or_redirect(&session, state).await? {
            who if !who.role.mediates() => Err(see_other(crate::pages::observatory::ANALYSIS_PATH)),
            who => Ok(StaffPage(who)),
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Notices {
    bienvenue: Option<String>,
    fin: Option<String>,
    supprime: Option<String>,
    securite: Option<String>,
}

/// The QR code of `text` as inline SVG (no XML declaration).
fn qr_svg(text: &str) -> Result<String, ServiceError> {
    let code = qrcode::QrCode::new(text.as_bytes())
        .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("QR code: {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    Ok(match svg.find("<svg") {
        Some(at) => svg[at..].to_owned(),
        None => svg,
    })
}
