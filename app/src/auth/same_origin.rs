//! Refuses cross-site state-changing requests (CSRF): a POST (or other unsafe method) that a
//! browser says comes from another site (`Sec-Fetch-Site`), or whose `Origin` is not this
//! site's, is answered 403 and reaches no handler. Requests with a bearer token are not
//! cookie-authenticated and pass; so do clients that send neither header (not a browser).

use axum::{
    extract::{Request, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::i18n::FR;
use crate::state::AppState;

/// Whether a request with these method and headers may change state.
pub fn allowed(method: &Method, headers: &HeaderMap, public_origin: Option<&str>) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let bearer = super::credentials::bearer(headers).is_some();
    if bearer {
        return true;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    match public_origin {
        Some(public) => origin.eq_ignore_ascii_case(public),
        None => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
            let bare = origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"));
            matches!((bare, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
        }
    }
}

/// The middleware.
pub async fn check(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let public = state.settings.public_origin();
    if allowed(req.method(), req.headers(), public.as_deref()) {
        return next.run(req).await;
    }
    let message = FR.errors.cross_site;
    if req.uri().path().starts_with("/api/") {
        crate::api::ApiError::new(StatusCode::FORBIDDEN, message).into_response()
    } else {
        crate::forms::error_page_with(&state.assets, StatusCode::FORBIDDEN, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cross_site_posts_are_refused_and_same_site_ones_pass() {
        let post = Method::POST;
        assert!(!allowed(
            &post,
            &headers(&[("sec-fetch-site", "cross-site")]),
            None
        ));
        assert!(!allowed(
            &post,
            &headers(&[("sec-fetch-site", "same-site")]),
            None
        ));
        assert!(allowed(
            &post,
            &headers(&[("sec-fetch-site", "same-origin")]),
            None
        ));
        assert!(allowed(
            &Method::GET,
            &headers(&[("sec-fetch-site", "cross-site")]),
            None
        ));
        let evil = headers(&[("origin", "https://evil.example"), ("host", "t.example.fr")]);
        assert!(!allowed(&post, &evil, None));
        assert!(!allowed(&post, &evil, Some("https://t.example.fr")));
        let good = headers(&[("origin", "https://t.example.fr"), ("host", "t.example.fr")]);
        assert!(allowed(&post, &good, Some("https://t.example.fr")));
        assert!(allowed(&post, &good, None));
        assert!(allowed(&post, &headers(&[]), None), "not a browser");
        let bearer = headers(&[
            ("origin", "https://evil.example"),
            ("authorization", "Bearer x"),
        ]);
        assert!(allowed(&post, &bearer, None));
    }
}
