//! Plain HTML form posts, so that every page works without JavaScript: each reads its form,
//! calls the service, and answers with a 303 redirect to a page (or a small error page).

pub mod analysis;
pub mod assessment;
pub mod mediation;
pub mod observatory;
pub mod premiers_pas;

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

use crate::api::describe;
use crate::assets::Assets;
use crate::auth::Token;
use crate::i18n::FR;
use crate::service::{ServiceError, assessment::Path};
use crate::state::AppState;

/// A parsed `application/x-www-form-urlencoded` body.
pub struct Form(Vec<(String, String)>);

impl Form {
    pub fn parse(body: &[u8]) -> Self {
        Form(form_urlencoded::parse(body).into_owned().collect())
    }

    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first non-empty value of `name`.
    pub fn first(&self, name: &str) -> Option<&str> {
        self.all(name).into_iter().next().filter(|v| !v.is_empty())
    }

    /// `(suffix, value)` of every field named `prefix<suffix>`.
    pub fn prefixed<'a>(&'a self, prefix: &str) -> Vec<(&'a str, &'a str)> {
        self.0
            .iter()
            .filter_map(|(k, v)| k.strip_prefix(prefix).map(|id| (id, v.as_str())))
            .collect()
    }
}

/// Starts an assessment on `path`, sets the cookie, and goes to its first item.
pub async fn start_path(state: &AppState, path: Path, urgent_procedure: bool) -> Response {
    match crate::service::assessment::start(state, path, urgent_procedure).await {
        Ok(started) => {
            let mut res = see_other("/evaluation");
            let cookie = state
                .cookies
                .set_cookie(&started.id, &Token::new(started.token));
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                res.headers_mut().insert(header::SET_COOKIE, v);
            }
            res
        }
        Err(e) => error_page(&state.assets, &e),
    }
}

pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A minimal error page (the message never carries internals).
pub fn error_page(assets: &Assets, e: &ServiceError) -> Response {
    let (status, message) = describe(e);
    error_page_with(assets, status, &message)
}

/// A minimal error page with a status and a sentence, styled by the hashed stylesheet.
pub fn error_page_with(assets: &Assets, status: StatusCode, message: &str) -> Response {
    let t = &FR.common;
    let body = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – {site}</title>\
         <link rel=\"stylesheet\" href=\"{css}\"></head><body><main id=\"contenu\"><h1>{title}</h1>\
         <p>{message}</p><p><a href=\"/\">{back}</a></p></main></body></html>",
        lang = FR.code,
        title = t.error_title,
        site = t.site_name,
        css = assets.css,
        message = html_escape::encode_text(message),
        back = t.back_home,
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}
