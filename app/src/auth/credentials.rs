//! The caller's credentials for an anonymous assessment: its id and bearer token, read from the
//! `Authorization: Bearer` header (REST clients) or the session cookie (the browser), by one
//! extractor. The token never prints in `Debug`.

use axum::{
    extract::{FromRequestParts, RawPathParams},
    http::{HeaderMap, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};

use crate::state::AppState;

/// A secret bearer token. `Debug` shows only that there is one.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(secret: impl Into<String>) -> Self {
        Token(secret.into())
    }

    /// The secret itself, for comparing its hash or setting the cookie.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// What identifies the caller of an assessment.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub id: String,
    pub token: Token,
}

/// The request carries no credentials for this assessment (401 for the API).
#[derive(Debug)]
pub struct MissingCredentials;

impl IntoResponse for MissingCredentials {
    fn into_response(self) -> Response {
        crate::api::ApiError::new(
            StatusCode::UNAUTHORIZED,
            crate::i18n::FR.errors.missing_credentials,
        )
        .into_response()
    }
}

/// How the session cookie is named and flagged: `__Host-` and `Secure` when the site is served
/// over https (`TREMPLIN_PUBLIC_URL`), plain for local http.
#[derive(Debug, Clone, Copy)]
pub struct CookiePolicy {
    pub secure: bool,
}

impl CookiePolicy {
    /// Lifetime of the cookie: 30 days to come back to an unfinished test.
    const MAX_AGE: u32 = 30 * 24 * 3600;

    pub fn name(self) -> &'static str {
        if self.secure {
            "__Host-tremplin"
        } else {
            "tremplin"
        }
    }

    /// The `Set-Cookie` value for an assessment.
    pub fn set_cookie(self, id: &str, token: &Token) -> String {
        format!(
            "{}={id}.{}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
            self.name(),
            token.expose(),
            Self::MAX_AGE,
            if self.secure { "; Secure" } else { "" }
        )
    }

    /// The `Set-Cookie` value that removes the cookie from the device.
    pub fn clear_cookie(self) -> String {
        format!(
            "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
            self.name(),
            if self.secure { "; Secure" } else { "" }
        )
    }

    /// Credentials from the `Cookie` header, if any.
    pub fn read(self, headers: &HeaderMap) -> Option<Credentials> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == self.name())
            .and_then(|(_, v)| v.split_once('.'))
            .map(|(id, token)| Credentials {
                id: id.to_owned(),
                token: Token::new(token),
            })
    }
}

/// The token of an `Authorization: Bearer <token>` header (the scheme is case-insensitive).
pub fn bearer(headers: &HeaderMap) -> Option<Token> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| Token::new(token))
}

/// On a route with an `{id}`, the bearer token (or else the cookie, if it names that id) opens
/// that assessment; elsewhere, the cookie says which assessment this browser holds.
impl FromRequestParts<AppState> for Credentials {
    type Rejection = MissingCredentials;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let path_id = RawPathParams::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|p| {
                p.iter()
                    .find(|(k, _)| *k == "id")
                    .map(|(_, v)| v.to_owned())
            });
        let cookie = state.cookies.read(&parts.headers);
        match (path_id, bearer(&parts.headers)) {
            (Some(id), Some(token)) => Ok(Credentials { id, token }),
            (Some(id), None) => cookie.filter(|c| c.id == id).ok_or(MissingCredentials),
            (None, _) => cookie.ok_or(MissingCredentials),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_cookie_round_trips_and_is_secure_behind_https() {
        for secure in [false, true] {
            let policy = CookiePolicy { secure };
            let c = policy.set_cookie("abc", &Token::new("def"));
            assert_eq!(c.contains("; Secure"), secure, "{c}");
            assert_eq!(c.starts_with("__Host-"), secure, "{c}");
            assert!(c.contains("HttpOnly") && c.contains("Path=/"));
            let mut h = HeaderMap::new();
            let pair = c.split(';').next().unwrap();
            h.insert(
                header::COOKIE,
                HeaderValue::from_str(&format!("x=1; {pair}")).unwrap(),
            );
            let creds = policy.read(&h).unwrap();
            assert_eq!((creds.id.as_str(), creds.token.expose()), ("abc", "def"));
        }
    }

    #[test]
    fn the_bearer_scheme_is_case_insensitive_and_needs_a_token() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, HeaderValue::from_static(v));
            bearer(&h).map(|t| t.expose().to_owned())
        };
        assert_eq!(with("Bearer abc").as_deref(), Some("abc"));
        assert_eq!(with("bearer abc").as_deref(), Some("abc"));
        assert_eq!(with("BEARER  abc ").as_deref(), Some("abc"));
        assert_eq!(with("Bearer"), None);
        assert_eq!(with("Bearer   "), None);
        assert_eq!(with("Basic abc"), None);
    }

    #[test]
    fn a_token_never_prints() {
        let creds = Credentials {
            id: "abc".into(),
            token: Token::new("s3cr3t-value"),
        };
        assert!(!format!("{creds:?}").contains("s3cr3t"));
    }
}
