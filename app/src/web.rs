//! The HTML side outside Leptos: the session cookie, and the plain form posts that make the
//! whole citizen path work without JavaScript (each answers with a 303 redirect to a page).

use axum::{
    extract::{RawForm, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use std::collections::BTreeMap;
use tremplin_bank::{Response as Answer, TaskOutcome};

use crate::service::{
    ServiceError,
    assessment::{self, Consent, Credentials, Next},
};
use crate::state::AppState;

/// Name of the cookie holding `<id>.<token>`.
pub const COOKIE: &str = "tremplin";

/// The `Set-Cookie` value for an assessment (HttpOnly, SameSite, 30 days to come back).
pub fn session_cookie(id: &str, token: &str) -> String {
    format!("{COOKIE}={id}.{token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000")
}

/// Credentials from the `Cookie` header, if any.
pub fn cookie_credentials(headers: &HeaderMap) -> Option<Credentials> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .and_then(|(_, v)| v.split_once('.'))
        .map(|(id, token)| Credentials {
            id: id.to_owned(),
            token: token.to_owned(),
        })
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

fn pairs(form: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(form).into_owned().collect()
}

fn all<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

fn first<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    all(pairs, name)
        .into_iter()
        .next()
        .filter(|v| !v.is_empty())
}

/// Why a form could not be turned into a response (shown on the item page).
#[derive(Debug, PartialEq, Eq)]
pub enum FormProblem {
    /// Nothing chosen or typed.
    Empty,
    /// Two steps of an ordering item got the same number.
    Order,
}

/// Turns the item form into the JSON response the service expects.
pub fn form_response(
    kind: Option<&str>,
    action: Option<&str>,
    p: &[(String, String)],
) -> Result<Answer, FormProblem> {
    if first(p, "skip").is_some() {
        return Ok(Answer::Skip(true));
    }
    if let Some(zone) = first(p, "zone") {
        return Ok(Answer::Choices(vec![zone.to_owned()]));
    }
    let choices = all(p, "choice");
    if !choices.is_empty() {
        return Ok(Answer::Choices(
            choices.into_iter().map(String::from).collect(),
        ));
    }
    let texts = all(p, "text");
    if !texts.is_empty() {
        if texts.iter().all(|t| t.trim().is_empty()) {
            return Err(FormProblem::Empty);
        }
        return Ok(Answer::Text(texts.into_iter().map(String::from).collect()));
    }
    let positions: Vec<(&str, &str)> = p
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("pos_").map(|id| (id, v.as_str())))
        .collect();
    if !positions.is_empty() {
        let mut ranked = Vec::new();
        for (id, v) in positions {
            let n: usize = v.parse().map_err(|_| FormProblem::Empty)?;
            ranked.push((n, id.to_owned()));
        }
        ranked.sort();
        if ranked.windows(2).any(|w| w[0].0 == w[1].0) {
            return Err(FormProblem::Order);
        }
        return Ok(Answer::Order(
            ranked.into_iter().map(|(_, id)| id).collect(),
        ));
    }
    let matched: BTreeMap<String, String> = p
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("pair_").map(|id| (id.to_owned(), v.clone())))
        .collect();
    if !matched.is_empty() {
        if matched.values().any(|v| v.is_empty()) {
            return Err(FormProblem::Empty);
        }
        return Ok(Answer::Pairs(matched));
    }
    if kind == Some("task") {
        let outcome = TaskOutcome {
            action: action.unwrap_or_default().to_owned(),
            source: first(p, "source").map(String::from),
            target: first(p, "target").map(String::from),
            direction: first(p, "direction").map(String::from),
            text: first(p, "task_text").map(String::from),
        };
        if outcome.source.is_none()
            && outcome.target.is_none()
            && outcome.direction.is_none()
            && outcome.text.is_none()
        {
            return Err(FormProblem::Empty);
        }
        return Ok(Answer::Task(outcome));
    }
    Err(FormProblem::Empty)
}

/// `POST /commencer`: starts an assessment, sets the cookie, goes to the first item.
pub async fn start(State(state): State<AppState>) -> Response {
    match assessment::start(&state, "citizen").await {
        Ok(started) => {
            let mut res = see_other("/evaluation");
            if let Ok(v) = HeaderValue::from_str(&session_cookie(&started.id, &started.token)) {
                res.headers_mut().insert(header::SET_COOKIE, v);
            }
            res
        }
        Err(e) => error_page(&e),
    }
}

/// `POST /evaluation`: the answer to the current item.
pub async fn answer(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawForm(form): RawForm,
) -> Response {
    let Some(creds) = cookie_credentials(&headers) else {
        return see_other("/evaluation");
    };
    let p = pairs(&form);
    let Some(item_id) = first(&p, "item_id") else {
        return see_other("/evaluation");
    };
    // The kind and action come from the bank, never from the form.
    let (kind, action) = match state.catalog.bank.get(item_id) {
        Some(item) => {
            let view = item.view();
            let action = match &view.input {
                tremplin_bank::InputView::Task { action, .. } => Some(action.as_str()),
                _ => None,
            };
            (Some(view.kind.as_str()), action)
        }
        None => (None, None),
    };
    let response = match form_response(kind, action, &p) {
        Ok(r) => r,
        Err(FormProblem::Empty) => return see_other("/evaluation?erreur=vide"),
        Err(FormProblem::Order) => return see_other("/evaluation?erreur=ordre"),
    };
    match assessment::answer(&state, &creds, item_id, response).await {
        Ok(Next::Item { .. }) => see_other("/evaluation"),
        Ok(Next::Done) => see_other("/resultat"),
        // A second click on "Valider", or an old tab: show the item that is current now.
        Err(ServiceError::NotCurrent) => see_other("/evaluation"),
        Err(ServiceError::Finished) => see_other("/resultat"),
        Err(ServiceError::InvalidResponse(_)) => see_other("/evaluation?erreur=vide"),
        Err(e) if e.is_auth() => see_other("/evaluation"),
        Err(e) => error_page(&e),
    }
}

/// `POST /resultat/consentement`: the optional anonymous record for the observatory.
pub async fn consent(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawForm(form): RawForm,
) -> Response {
    let Some(creds) = cookie_credentials(&headers) else {
        return see_other("/resultat");
    };
    let p = pairs(&form);
    if first(&p, "consent") != Some("oui") {
        return see_other("/resultat");
    }
    let consent = Consent {
        departement: first(&p, "departement").map(String::from),
        age_band: first(&p, "age_band").map(String::from),
    };
    match assessment::give_consent(&state, &creds, consent).await {
        Ok(()) | Err(ServiceError::AlreadyConsented) => see_other("/resultat"),
        Err(e) => error_page(&e),
    }
}

/// A minimal error page for the form endpoints (the message never carries internals).
fn error_page(e: &ServiceError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let t = crate::i18n::strings();
    let body = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title} – {site}</title>\
         <link rel=\"stylesheet\" href=\"/pkg/app.css\"></head><body><main id=\"contenu\"><h1>{title}</h1>\
         <p>{message}</p><p><a href=\"/\">{back}</a></p></main></body></html>",
        lang = t.lang,
        title = t.error_title,
        site = t.site_name,
        message = html_escape(&e.public_message()),
        back = t.back_home,
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(s: &str) -> Vec<(String, String)> {
        pairs(s.as_bytes())
    }

    #[test]
    fn checkboxes_become_a_list_of_choices() {
        let r = form_response(Some("qcm"), None, &form("item_id=x&choice=a&choice=c"));
        assert_eq!(r, Ok(Answer::Choices(vec!["a".into(), "c".into()])));
    }

    #[test]
    fn skip_wins_over_anything_ticked() {
        let r = form_response(Some("qcu"), None, &form("item_id=x&choice=a&skip=1"));
        assert_eq!(r, Ok(Answer::Skip(true)));
    }

    #[test]
    fn ordering_positions_become_an_order_and_duplicates_are_refused() {
        let r = form_response(Some("ordering"), None, &form("pos_b=2&pos_a=3&pos_c=1"));
        assert_eq!(
            r,
            Ok(Answer::Order(vec!["c".into(), "b".into(), "a".into()]))
        );
        let dup = form_response(Some("ordering"), None, &form("pos_b=2&pos_a=2&pos_c=1"));
        assert_eq!(dup, Err(FormProblem::Order));
    }

    #[test]
    fn an_empty_form_is_a_problem_not_a_wrong_answer() {
        assert_eq!(
            form_response(Some("qcu"), None, &form("item_id=x")),
            Err(FormProblem::Empty)
        );
        assert_eq!(
            form_response(Some("qroc"), None, &form("text=+")),
            Err(FormProblem::Empty)
        );
    }

    #[test]
    fn task_buttons_report_the_action_of_the_item() {
        let r = form_response(Some("task"), Some("double_click"), &form("target=dossier"));
        assert_eq!(
            r,
            Ok(Answer::Task(TaskOutcome {
                action: "double_click".into(),
                target: Some("dossier".into()),
                ..TaskOutcome::default()
            }))
        );
    }

    #[test]
    fn the_cookie_round_trips() {
        let c = session_cookie("abc", "def");
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("x=1; {}", c.split(';').next().unwrap())).unwrap(),
        );
        let creds = cookie_credentials(&h).unwrap();
        assert_eq!((creds.id.as_str(), creds.token.as_str()), ("abc", "def"));
    }
}
