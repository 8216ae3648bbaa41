//! The mediators' space: pages written by the server alone (Leptos components rendered to
//! HTML, never hydrated), so none of their code or text goes into the citizens' WASM bundle,
//! and every page works with plain forms. The handlers in `forms::mediation` load the data
//! through the service layer and pass it here.

mod accounts;
mod results;
mod views;

pub use accounts::*;
pub use results::*;
pub use views::*;

use axum::{
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use leptos::prelude::*;

use crate::assets::Assets;
use crate::i18n::{FR, mediation::Mediation};

/// The mediators' strings for this request.
pub fn strings() -> &'static Mediation {
    crate::i18n::mediation::for_language(&FR)
}

/// The mediator's observation fields of a guided diagnostic's item page (inside the item form:
/// posted with the answer), and "Terminer", which ends the guided session on this device.
pub fn observation_fields() -> String {
    views::observation(strings()).to_html()
}

/// A whole page of the mediators' space: the site's header and footer around `body`, titled
/// `title`. No script.
pub fn page(assets: &Assets, status: StatusCode, title: &str, body: impl RenderHtml) -> Response {
    document(assets, status, title, body, true)
}

/// A public page written the same way (joining a diagnostic with a code).
pub fn public_page(
    assets: &Assets,
    status: StatusCode,
    title: &str,
    body: impl RenderHtml,
) -> Response {
    document(assets, status, title, body, false)
}

fn document(
    assets: &Assets,
    status: StatusCode,
    title: &str,
    body: impl RenderHtml,
    staff: bool,
) -> Response {
    let c = &FR.common;
    let main = body.to_html();
    let html = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
         <title>{title} – {site}</title><link rel=\"stylesheet\" href=\"{css}\"></head><body>\
         <a class=\"skip-link\" href=\"#contenu\">{skip}</a>\
         <header class=\"site-header\"><a class=\"brand\" href=\"{home}\">{brand}</a></header>\
         <main id=\"contenu\" tabindex=\"-1\">{main}</main>\
         <footer class=\"site-footer\"><p><a href=\"{a11y_path}\">{a11y}</a> · \
         <a href=\"{privacy_path}\">{privacy}</a></p></footer></body></html>",
        lang = FR.code,
        title = html_escape::encode_text(title),
        site = c.site_name,
        home = if staff { "/mediation" } else { "/" },
        brand = if staff {
            format!("{} · {}", c.site_name, strings().space_title)
        } else {
            c.site_name.to_owned()
        },
        css = assets.css,
        skip = c.skip_link,
        a11y_path = crate::pages::legal::ACCESSIBILITY_PATH,
        a11y = c.footer_accessibility,
        privacy_path = crate::pages::legal::PRIVACY_PATH,
        privacy = c.footer_privacy,
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}
