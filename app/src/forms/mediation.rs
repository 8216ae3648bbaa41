//! The mediators' pages and their form posts: sign in and out, accept an invitation, set up the
//! second factor, the beneficiaries, the team. Each handler reads its form, calls the service,
//! and answers with a 303 redirect or a page written by `pages::mediation`.

use std::sync::Arc;

use axum::{
    Router,
    extract::FromRequestParts,
    extract::{Path as UrlPath, Query, RawForm, State},
    http::StatusCode,
    http::request::Parts,
    response::IntoResponse,
    response::Response,
    routing::{get, post},
};
use tower_sessions::Session;

use super::{Form, see_other};
use crate::api::describe;
use crate::assets::Assets;
use crate::auth::{staff, totp};
use crate::domain::mediation::Role;
use crate::i18n::fill;
use crate::pages::mediation::{self as views, page, public_page, strings};
use crate::service::assessment::{Path, Started};
use crate::service::mediation::diagnostics::{self, Mode, Status};
use crate::service::{
    ServiceError,
    mediation::{StaffMember, accounts, beneficiaries},
};
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
            get(sign_in_page)
                .merge(post(sign_in).layer(crate::rate_limit::form_layer(logins, assets.clone()))),
        )
        .route(
            "/code",
            get(join_page).merge(post(join).layer(crate::rate_limit::form_layer(starts, assets))),
        )
        .route(
            "/mediation/beneficiaires/{id}/diagnostics",
            post(start_diagnostic),
        )
        .route("/deconnexion", post(sign_out))
        .route(
            "/invitation/{token}",
            get(invitation_page).post(accept_invitation),
        )
        .route("/mediation", get(dashboard))
        .route("/mediation/securite", get(totp_page).post(enable_totp))
        .route("/mediation/beneficiaires", post(create_beneficiary))
        .route("/mediation/beneficiaires/{id}", get(beneficiary_page))
        .route(
            "/mediation/beneficiaires/{id}/supprimer",
            post(delete_beneficiary),
        )
        .route("/mediation/equipe", get(team_page).post(invite))
}

fn message(e: &ServiceError) -> (StatusCode, String) {
    describe(e)
}

/// A page for an error that leaves nothing to retry on the same page.
fn error(state: &AppState, e: &ServiceError) -> Response {
    super::error_page(&state.assets, e)
}

/// The signed-in staff member, or where to send the browser instead: the sign-in page, or the
/// second factor's set-up for an admin without one.
async fn staff_or_redirect(session: &Session, state: &AppState) -> Result<StaffMember, Response> {
    match staff::signed_in(session, state).await {
        Ok(who) if who.role.requires_totp() && !who.has_totp => {
            Err(see_other("/mediation/securite"))
        }
        Ok(who) => Ok(who),
        Err(ServiceError::NotSignedIn) => Err(see_other("/connexion")),
        Err(e) => Err(error(state, &e)),
    }
}

/// The signed-in staff member of a page request; otherwise the browser is sent to sign in, or
/// to set up the second factor.
pub struct StaffPage(pub StaffMember);

impl FromRequestParts<AppState> for StaffPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        staff_or_redirect(&session, state).await.map(StaffPage)
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Notices {
    bienvenue: Option<String>,
    fin: Option<String>,
    supprime: Option<String>,
    securite: Option<String>,
}

async fn sign_in_page(State(state): State<AppState>, Query(q): Query<Notices>) -> Response {
    let m = strings();
    let notice = q
        .bienvenue
        .map(|_| m.welcome_after_invitation.to_owned())
        .or(q.fin.map(|_| m.not_signed_in.to_owned()));
    page(
        &state.assets,
        StatusCode::OK,
        m.sign_in_title,
        views::sign_in(m, String::new(), None, notice),
    )
}

async fn sign_in(
    State(state): State<AppState>,
    session: Session,
    RawForm(form): RawForm,
) -> Response {
    let m = strings();
    let p = Form::parse(&form);
    let email = p.first("email").unwrap_or_default().to_owned();
    let outcome = accounts::sign_in(
        &state.db,
        &email,
        p.first("password").unwrap_or_default(),
        p.first("totp"),
    )
    .await;
    match outcome {
        Ok(who) => {
            if let Err(e) = staff::sign_in(&session, &who).await {
                return error(&state, &e);
            }
            if who.role.requires_totp() && !who.has_totp {
                see_other("/mediation/securite")
            } else {
                see_other("/mediation")
            }
        }
        Err(e @ ServiceError::Unexpected(_)) => error(&state, &e),
        Err(e) => {
            let (status, text) = message(&e);
            page(
                &state.assets,
                status,
                m.sign_in_title,
                views::sign_in(m, email, Some(text), None),
            )
        }
    }
}

async fn sign_out(State(state): State<AppState>, session: Session) -> Response {
    match staff::sign_out(&session).await {
        Ok(()) => see_other("/connexion?fin=1"),
        Err(e) => error(&state, &e),
    }
}

async fn invitation_page(
    State(state): State<AppState>,
    UrlPath(token): UrlPath<String>,
) -> Response {
    let m = strings();
    match accounts::invitation(&state.db, &token).await {
        Ok(i) => page(
            &state.assets,
            StatusCode::OK,
            m.invitation_title,
            views::invitation(
                m,
                token,
                fill(
                    m.invitation_intro,
                    &[("email", i.email), ("structure", i.structure_name)],
                ),
                None,
            ),
        ),
        Err(e) => error(&state, &e),
    }
}

async fn accept_invitation(
    State(state): State<AppState>,
    UrlPath(token): UrlPath<String>,
    RawForm(form): RawForm,
) -> Response {
    let m = strings();
    let p = Form::parse(&form);
    let chosen = p.first("password").unwrap_or_default();
    match accounts::accept_invitation(&state.db, &token, chosen).await {
        Ok(_) => see_other("/connexion?bienvenue=1"),
        Err(e @ ServiceError::WeakPassword(_)) => {
            match accounts::invitation(&state.db, &token).await {
                Ok(i) => {
                    let (status, text) = message(&e);
                    page(
                        &state.assets,
                        status,
                        m.invitation_title,
                        views::invitation(
                            m,
                            token,
                            fill(
                                m.invitation_intro,
                                &[("email", i.email), ("structure", i.structure_name)],
                            ),
                            Some(text),
                        ),
                    )
                }
                Err(e) => error(&state, &e),
            }
        }
        Err(e) => error(&state, &e),
    }
}

async fn dashboard_with(
    state: &AppState,
    who: &StaffMember,
    status: StatusCode,
    error_text: Option<String>,
    notice: Option<String>,
) -> Response {
    let m = strings();
    match beneficiaries::list(state, who).await {
        Ok(list) => page(
            &state.assets,
            status,
            m.beneficiaries_title,
            views::dashboard(m, who, list, error_text, notice),
        ),
        Err(e) => error(state, &e),
    }
}

async fn dashboard(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    Query(q): Query<Notices>,
) -> Response {
    let m = strings();
    let notice = q
        .supprime
        .map(|_| m.deleted_notice.to_owned())
        .or(q.securite.map(|_| m.totp_done.to_owned()));
    dashboard_with(&state, &who, StatusCode::OK, None, notice).await
}

async fn create_beneficiary(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    RawForm(form): RawForm,
) -> Response {
    let p = Form::parse(&form);
    let outcome = if p.first("consent") != Some("oui") {
        Err(ServiceError::InvalidField(
            "consent",
            crate::service::mediation::FieldProblem::Missing,
        ))
    } else {
        beneficiaries::create(
            &state,
            &who,
            beneficiaries::NewBeneficiary {
                pseudonym: p.first("pseudonym").unwrap_or_default().to_owned(),
                age_band: p.first("age_band").map(str::to_owned),
                commune: p.first("commune").map(str::to_owned),
                situation: p.first("situation").map(str::to_owned),
                observatory_consent: p.first("observatory") == Some("oui"),
            },
        )
        .await
    };
    match outcome {
        Ok(b) => see_other(&format!("/mediation/beneficiaires/{}", b.id)),
        Err(e @ ServiceError::Unexpected(_)) => error(&state, &e),
        Err(e) => {
            let (status, text) = message(&e);
            dashboard_with(&state, &who, status, Some(text), None).await
        }
    }
}

async fn beneficiary_page(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    UrlPath(id): UrlPath<String>,
) -> Response {
    let m = strings();
    let found = match beneficiaries::get(&state, &who, &id).await {
        Ok(b) => b,
        Err(e) => return error(&state, &e),
    };
    let list = match diagnostics::list(&state, &who, &id).await {
        Ok(l) => l,
        Err(e) => return error(&state, &e),
    };
    let code_url = format!("{}/code", state.settings.base_url());
    let mut listed = Vec::new();
    for d in list {
        let qr_svg = match &d.status {
            Status::Waiting { code, .. } => match qr_svg(&format!("{code_url}?c={code}")) {
                Ok(svg) => Some(svg),
                Err(e) => return error(&state, &e),
            },
            _ => None,
        };
        listed.push(views::Listed {
            diagnostic: d,
            qr_svg,
        });
    }
    let title = found.pseudonym.clone();
    page(
        &state.assets,
        StatusCode::OK,
        &title,
        views::beneficiary(m, &who, found, listed, code_url),
    )
}

async fn start_diagnostic(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    UrlPath(id): UrlPath<String>,
    RawForm(form): RawForm,
) -> Response {
    let p = Form::parse(&form);
    let path = Path::parse(p.first("path").unwrap_or_default());
    let mode = Mode::parse(p.first("mode").unwrap_or_default());
    let (Some(path), Some(mode)) = (path, mode) else {
        return error(
            &state,
            &ServiceError::InvalidField(
                "mode",
                crate::service::mediation::FieldProblem::NotAllowed,
            ),
        );
    };
    match diagnostics::start(&state, &who, &id, path, mode).await {
        Ok(d) => match d.assessment {
            // Guided: this device holds the assessment now; "Terminer" clears it.
            Some(started) => with_assessment_cookie(&state, see_other("/evaluation"), &started),
            None => see_other(&format!("/mediation/beneficiaires/{id}")),
        },
        Err(e) => error(&state, &e),
    }
}

/// `response` with the cookie that holds `started` on this device.
fn with_assessment_cookie(state: &AppState, mut response: Response, started: &Started) -> Response {
    let cookie = state
        .cookies
        .set_cookie(&started.id, &crate::auth::Token::new(started.token.clone()));
    if let Ok(v) = axum::http::HeaderValue::from_str(&cookie) {
        response
            .headers_mut()
            .insert(axum::http::header::SET_COOKIE, v);
    }
    response
}

#[derive(serde::Deserialize)]
pub struct CodeQuery {
    c: Option<String>,
}

async fn join_page(State(state): State<AppState>, Query(q): Query<CodeQuery>) -> Response {
    let m = strings();
    let code =
        q.c.map(|c| diagnostics::normalize_code(&c))
            .unwrap_or_default();
    public_page(
        &state.assets,
        StatusCode::OK,
        m.join_title,
        views::join(m, code, None),
    )
}

async fn join(State(state): State<AppState>, RawForm(form): RawForm) -> Response {
    let m = strings();
    let typed = Form::parse(&form)
        .first("code")
        .unwrap_or_default()
        .to_owned();
    match diagnostics::join(&state, &typed).await {
        Ok(started) => with_assessment_cookie(&state, see_other("/evaluation"), &started),
        Err(e @ ServiceError::Unexpected(_)) => error(&state, &e),
        Err(e) => {
            let (status, text) = message(&e);
            public_page(
                &state.assets,
                status,
                m.join_title,
                views::join(m, typed, Some(text)),
            )
        }
    }
}

async fn delete_beneficiary(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    UrlPath(id): UrlPath<String>,
    RawForm(form): RawForm,
) -> Response {
    if Form::parse(&form).first("confirme") != Some("oui") {
        return see_other(&format!("/mediation/beneficiaires/{id}"));
    }
    match beneficiaries::delete(&state, &who, &id).await {
        Ok(()) => see_other("/mediation?supprime=1"),
        Err(e) => error(&state, &e),
    }
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

async fn totp_page_with(
    state: &AppState,
    session: &Session,
    who: &StaffMember,
    error_text: Option<String>,
) -> Response {
    let m = strings();
    let secret = match staff::pending_totp(session).await {
        Ok(Some(s)) => s,
        Ok(None) => {
            let fresh = match totp::new_secret() {
                Ok(s) => s,
                Err(e) => return error(state, &ServiceError::Unexpected(e)),
            };
            if let Err(e) = staff::set_pending_totp(session, Some(&fresh)).await {
                return error(state, &e);
            }
            fresh
        }
        Err(e) => return error(state, &e),
    };
    let svg = totp::provisioning_url(&secret, &who.email)
        .map_err(ServiceError::Unexpected)
        .and_then(|url| qr_svg(&url));
    match svg {
        Ok(svg) => page(
            &state.assets,
            if error_text.is_some() {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            },
            m.totp_title,
            views::totp_setup(m, who.role.requires_totp(), secret, svg, error_text),
        ),
        Err(e) => error(state, &e),
    }
}

async fn totp_page(State(state): State<AppState>, session: Session) -> Response {
    match staff::signed_in(&session, &state).await {
        Ok(who) if who.has_totp => {
            let m = strings();
            page(
                &state.assets,
                StatusCode::OK,
                m.totp_title,
                views::totp_active(m, &who),
            )
        }
        Ok(who) => totp_page_with(&state, &session, &who, None).await,
        Err(ServiceError::NotSignedIn) => see_other("/connexion"),
        Err(e) => error(&state, &e),
    }
}

async fn enable_totp(
    State(state): State<AppState>,
    session: Session,
    RawForm(form): RawForm,
) -> Response {
    let who = match staff::signed_in(&session, &state).await {
        Ok(w) => w,
        Err(ServiceError::NotSignedIn) => return see_other("/connexion"),
        Err(e) => return error(&state, &e),
    };
    if who.has_totp {
        // Set up already: replacing it is not done from a session.
        return error(&state, &ServiceError::Forbidden);
    }
    let secret = match staff::pending_totp(&session).await {
        Ok(Some(s)) => s,
        Ok(None) => return see_other("/mediation/securite"),
        Err(e) => return error(&state, &e),
    };
    let code = Form::parse(&form)
        .first("totp")
        .unwrap_or_default()
        .to_owned();
    match accounts::enable_totp(&state.db, &who, &secret, &code).await {
        Ok(()) => {
            let _ = staff::set_pending_totp(&session, None).await;
            see_other("/mediation?securite=1")
        }
        Err(e @ ServiceError::SecondFactorNeeded) => {
            let text = message(&e).1;
            totp_page_with(&state, &session, &who, Some(text)).await
        }
        Err(e) => error(&state, &e),
    }
}

async fn team_with(
    state: &AppState,
    who: &StaffMember,
    status: StatusCode,
    error_text: Option<String>,
    notice: Option<String>,
) -> Response {
    let m = strings();
    if who.role == Role::Mediator {
        return error(state, &ServiceError::Forbidden);
    }
    match accounts::structure_staff(&state.db, who).await {
        Ok((name, staff)) => page(
            &state.assets,
            status,
            m.team_title,
            views::team(m, who, name, staff, error_text, notice),
        ),
        Err(e) => error(state, &e),
    }
}

async fn team_page(State(state): State<AppState>, StaffPage(who): StaffPage) -> Response {
    team_with(&state, &who, StatusCode::OK, None, None).await
}

async fn invite(
    State(state): State<AppState>,
    StaffPage(who): StaffPage,
    RawForm(form): RawForm,
) -> Response {
    let m = strings();
    let p = Form::parse(&form);
    let role = Role::parse(p.first("role").unwrap_or_default()).unwrap_or(Role::Mediator);
    let email = p.first("email").unwrap_or_default();
    match accounts::invite(&state.db, Some(&who), &who.structure_id, email, role).await {
        Ok(token) => {
            let link = crate::cli::invitation_link(&state.settings, &token);
            let notice = fill(m.invite_done, &[("link", link)]);
            team_with(&state, &who, StatusCode::OK, None, Some(notice)).await
        }
        Err(e @ ServiceError::Unexpected(_)) => error(&state, &e),
        Err(e) => {
            let (status, text) = message(&e);
            team_with(&state, &who, status, Some(text), None).await
        }
    }
}
