//! The citizen's form posts: start, answer the current item, give the anonymous record.

use std::collections::BTreeMap;

use axum::{
    extract::{RawForm, State},
    response::Response,
};
use tremplin_bank::{Action, InputView, Point, Response as Answer, TaskOutcome};

use super::{Form, error_page, see_other};
use crate::auth::{Credentials, MissingCredentials};
use crate::service::{
    ServiceError,
    assessment::{self, Consent, Next},
    mediation::diagnostics::{self, Observation},
};
use crate::state::AppState;

/// Why a form could not be turned into a response (shown on the item page).
#[derive(Debug, PartialEq, Eq)]
pub enum FormProblem {
    /// Nothing chosen or typed.
    Empty,
    /// Two steps of an ordering item got the same number.
    Order,
}

/// Turns the item form into the response the service expects. `task_action` is the action of
/// the item when it is a task (taken from the bank, never from the form).
pub fn form_response(task_action: Option<&str>, p: &Form) -> Result<Answer, FormProblem> {
    if p.first("skip").is_some() {
        return Ok(Answer::Skip(true));
    }
    if let Some(zone) = p.first("zone") {
        return Ok(Answer::Choices(vec![zone.to_owned()]));
    }
    let choices = p.all("choice");
    if !choices.is_empty() {
        return Ok(Answer::Choices(
            choices.into_iter().map(String::from).collect(),
        ));
    }
    let texts = p.all("text");
    if !texts.is_empty() {
        if texts.iter().all(|t| t.trim().is_empty()) {
            return Err(FormProblem::Empty);
        }
        return Ok(Answer::Text(texts.into_iter().map(String::from).collect()));
    }
    let positions = p.prefixed("pos_");
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
        .prefixed("pair_")
        .into_iter()
        .map(|(id, v)| (id.to_owned(), v.to_owned()))
        .collect();
    if !matched.is_empty() {
        if matched.values().any(|v| v.is_empty()) {
            return Err(FormProblem::Empty);
        }
        return Ok(Answer::Pairs(matched));
    }
    let start = point(p, "x", "y")?;
    if let Some(action) = task_action {
        // The simulated screen says which gesture it saw; the buttons without JavaScript
        // perform the item's own.
        let gesture = match p.first("gesture") {
            Some(g) => Action::parse(g).ok_or(FormProblem::Empty)?.as_str(),
            None => action,
        };
        let end = point(p, "x2", "y2")?;
        let outcome = TaskOutcome {
            action: gesture.to_owned(),
            source: p.first("source").map(String::from),
            target: p.first("target").map(String::from),
            direction: p.first("direction").map(String::from),
            text: p.first("task_text").map(String::from),
            at: start.filter(|_| end.is_none()),
            from: start.filter(|_| end.is_some()),
            to: end,
        };
        if outcome
            == (TaskOutcome {
                action: outcome.action.clone(),
                ..TaskOutcome::default()
            })
        {
            return Err(FormProblem::Empty);
        }
        return Ok(Answer::Task(outcome));
    }
    if let Some(Point { x, y }) = start {
        return Ok(Answer::Point { x, y });
    }
    Err(FormProblem::Empty)
}

/// A point of the simulated screen posted as two numbers (picture coordinates).
fn point(p: &Form, x: &str, y: &str) -> Result<Option<Point>, FormProblem> {
    let number = |name| p.first(name).map(|v: &str| v.trim().parse::<f64>());
    match (number(x), number(y)) {
        (None, None) => Ok(None),
        (Some(Ok(x)), Some(Ok(y))) => Ok(Some(Point { x, y })),
        _ => Err(FormProblem::Empty),
    }
}

/// `POST /commencer`: starts a citizen assessment, sets the cookie, goes to the first item.
pub async fn start(State(state): State<AppState>) -> Response {
    super::start_path(&state, assessment::Path::Citizen, false).await
}

/// `POST /evaluation`: the answer to the current item.
pub async fn answer(
    State(state): State<AppState>,
    creds: Result<Credentials, MissingCredentials>,
    RawForm(form): RawForm,
) -> Response {
    let Ok(creds) = creds else {
        return see_other("/evaluation");
    };
    let p = Form::parse(&form);
    let Some(item_id) = p.first("item_id") else {
        return see_other("/evaluation");
    };
    let task_action = state
        .catalog
        .bank
        .get(item_id)
        .and_then(|item| match item.view().input {
            InputView::Task { action, .. } => Some(action.as_str()),
            _ => None,
        });
    let response = match form_response(task_action, &p) {
        Ok(r) => r,
        Err(FormProblem::Empty) => return see_other("/evaluation?erreur=vide"),
        Err(FormProblem::Order) => return see_other("/evaluation?erreur=ordre"),
    };
    // A guided diagnostic: the mediator's observation goes with the answer (checked first, so
    // that a bad one changes nothing).
    let observation = match Observation::check(p.first("observation"), p.first("comment")) {
        Ok(o) => o,
        Err(e) => return error_page(&state.assets, &e),
    };
    let outcome = assessment::answer(&state, &creds, item_id, response).await;
    if outcome.is_ok()
        && let Some(o) = &observation
    {
        match diagnostics::observe(&state, &creds, item_id, o).await {
            Ok(()) | Err(ServiceError::NotForThisPath) => {}
            // The answer is stored: the test goes on; the lost note is in the log.
            Err(e) => tracing::error!(error = %e, "an observation could not be stored"),
        }
    }
    match outcome {
        Ok(Next::Item { .. }) => see_other("/evaluation"),
        Ok(Next::Done) => see_other("/resultat"),
        // A second click on "Valider", or an old tab: show the item that is current now.
        Err(ServiceError::NotCurrent) => see_other("/evaluation"),
        Err(ServiceError::Finished) => see_other("/resultat"),
        Err(ServiceError::InvalidResponse(_)) => see_other("/evaluation?erreur=vide"),
        Err(e) if e.is_auth() => see_other("/evaluation"),
        Err(e) => error_page(&state.assets, &e),
    }
}

/// `POST /terminer`: "Terminer" (a guided diagnostic) or "J'ai fini, effacer de cet appareil"
/// (a public computer): the assessment stays stored, but this device forgets it. A guided
/// diagnostic goes back to its beneficiary's page (the mediator's session stays), anything
/// else to the home page.
pub async fn finish_on_device(
    State(state): State<AppState>,
    creds: Result<Credentials, MissingCredentials>,
) -> Response {
    let back = match &creds {
        Ok(creds) => match diagnostics::guided_beneficiary(&state, creds).await {
            Ok(Some(beneficiary)) => format!("/mediation/beneficiaires/{beneficiary}"),
            Ok(None) => "/".to_owned(),
            Err(e) => return error_page(&state.assets, &e),
        },
        Err(_) => "/".to_owned(),
    };
    let mut res = see_other(&back);
    if let Ok(v) = axum::http::HeaderValue::from_str(&state.cookies.clear_cookie()) {
        res.headers_mut().insert(axum::http::header::SET_COOKIE, v);
    }
    res
}

/// `POST /resultat/consentement`: the optional anonymous record for the observatory.
pub async fn consent(
    State(state): State<AppState>,
    creds: Result<Credentials, MissingCredentials>,
    RawForm(form): RawForm,
) -> Response {
    let Ok(creds) = creds else {
        return see_other("/resultat");
    };
    let p = Form::parse(&form);
    if p.first("consent") != Some("oui") {
        return see_other("/resultat");
    }
    // The lists' empty first option means "not given".
    let given = |name| p.first(name).filter(|v| !v.is_empty()).map(String::from);
    let consent = Consent {
        departement: given("departement"),
        age_band: given("age_band"),
    };
    match assessment::give_consent(&state, &creds, consent).await {
        Ok(()) | Err(ServiceError::AlreadyConsented) => see_other("/resultat"),
        Err(e) => error_page(&state.assets, &e),
    }
}

/// `POST /resultat/supprimer`: deletes the test of this device, once the person has ticked the
/// confirmation, removes the cookie and goes back home (which says it is done).
pub async fn delete(
    State(state): State<AppState>,
    creds: Result<Credentials, MissingCredentials>,
    RawForm(form): RawForm,
) -> Response {
    let Ok(creds) = creds else {
        return see_other("/");
    };
    if Form::parse(&form).first("confirme") != Some("oui") {
        return see_other("/resultat");
    }
    match assessment::delete(&state, &creds).await {
        Ok(()) | Err(ServiceError::NotFound) => {
            let mut res = see_other("/?efface=1");
            if let Ok(v) = state.cookies.clear_cookie().parse() {
                res.headers_mut().append(axum::http::header::SET_COOKIE, v);
            }
            res
        }
        Err(e) => error_page(&state.assets, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(s: &str) -> Form {
        Form::parse(s.as_bytes())
    }

    #[test]
    fn checkboxes_become_a_list_of_choices() {
        let r = form_response(None, &form("item_id=x&choice=a&choice=c"));
        assert_eq!(r, Ok(Answer::Choices(vec!["a".into(), "c".into()])));
    }

    #[test]
    fn skip_wins_over_anything_ticked() {
        let r = form_response(None, &form("item_id=x&choice=a&skip=1"));
        assert_eq!(r, Ok(Answer::Skip(true)));
    }

    #[test]
    fn ordering_positions_become_an_order_and_duplicates_are_refused() {
        let r = form_response(None, &form("pos_b=2&pos_a=3&pos_c=1"));
        assert_eq!(
            r,
            Ok(Answer::Order(vec!["c".into(), "b".into(), "a".into()]))
        );
        let dup = form_response(None, &form("pos_b=2&pos_a=2&pos_c=1"));
        assert_eq!(dup, Err(FormProblem::Order));
    }

    #[test]
    fn an_empty_form_is_a_problem_not_a_wrong_answer() {
        assert_eq!(
            form_response(None, &form("item_id=x")),
            Err(FormProblem::Empty)
        );
        assert_eq!(
            form_response(None, &form("text=+")),
            Err(FormProblem::Empty)
        );
    }

    #[test]
    fn the_simulated_screen_posts_the_gesture_it_saw_and_its_points() {
        let click = form_response(Some("double_click"), &form("gesture=click&x=12.5&y=40"));
        assert_eq!(
            click,
            Ok(Answer::Task(TaskOutcome {
                action: "click".into(),
                at: Some(Point { x: 12.5, y: 40.0 }),
                ..TaskOutcome::default()
            }))
        );
        let drag = form_response(Some("drag"), &form("gesture=drag&x=1&y=2&x2=3&y2=4"));
        assert_eq!(
            drag,
            Ok(Answer::Task(TaskOutcome {
                action: "drag".into(),
                from: Some(Point { x: 1.0, y: 2.0 }),
                to: Some(Point { x: 3.0, y: 4.0 }),
                ..TaskOutcome::default()
            }))
        );
        let keyboard = form_response(Some("right_click"), &form("gesture=right_click&target=a"));
        assert_eq!(
            keyboard,
            Ok(Answer::Task(TaskOutcome {
                action: "right_click".into(),
                target: Some("a".into()),
                ..TaskOutcome::default()
            }))
        );
        let hotspot = form_response(None, &form("x=3&y=4"));
        assert_eq!(hotspot, Ok(Answer::Point { x: 3.0, y: 4.0 }));
        for bad in ["gesture=pinch&x=1&y=1", "x=1", "x=un&y=2", "gesture=click"] {
            assert_eq!(
                form_response(Some("click"), &form(bad)),
                Err(FormProblem::Empty),
                "{bad}"
            );
        }
    }

    #[test]
    fn task_buttons_report_the_action_of_the_item() {
        let r = form_response(Some("double_click"), &form("target=dossier"));
        assert_eq!(
            r,
            Ok(Answer::Task(TaskOutcome {
                action: "double_click".into(),
                target: Some("dossier".into()),
                ..TaskOutcome::default()
            }))
        );
    }
}
