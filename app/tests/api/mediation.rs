//! The mediators' space: invitations, passwords, sign-in, sessions, the second factor, and who
//! may reach what (every route × role × own or other structure).

use app::auth::totp;
use app::domain::mediation::Role;
use app::service::mediation::{accounts, structures};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_json_error, spawn_app, spawn_app_with};

pub(crate) const PASSWORD: &str = "une phrase assez longue pour tenir";

/// A signed-in staff member: their session cookie pair and second-factor secret.
pub(crate) struct Account {
    pub email: String,
    pub cookie: String,
    pub secret: Option<String>,
}

pub(crate) fn staff_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("tremplin-staff="))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

pub(crate) async fn structure(app: &TestApp, name: &str) -> String {
    structures::create_structure(&app.state.db, name, Some("69123"))
        .await
        .unwrap()
}

pub(crate) async fn invite(app: &TestApp, structure: &str, role: Role, email: &str) -> String {
    accounts::invite(&app.state.db, None, structure, email, role)
        .await
        .unwrap()
}

pub(crate) async fn accept(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    app.api
        .post(app.url(&format!("/api/v1/invitations/{token}")))
        .json(&json!({ "password": password }))
        .send()
        .await
        .unwrap()
}

pub(crate) async fn sign_in(
    app: &TestApp,
    email: &str,
    password: &str,
    code: Option<&str>,
) -> reqwest::Response {
    let mut body = json!({ "email": email, "password": password });
    if let Some(c) = code {
        body["totp"] = json!(c);
    }
    app.api
        .post(app.url("/api/v1/session"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// How many rows `table` holds.
async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

pub(crate) fn now_s() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Sets up the second factor through the pages, as the person would.
/// Returns the key and the time (s) whose code confirmed it.
async fn set_up_totp(app: &TestApp, cookie: &str) -> (String, u64) {
    let page = app.page("/mediation/securite", Some(cookie)).await;
    let marker = "<code class=\"secret\">";
    let start = page.find(marker).expect("the key is shown") + marker.len();
    let secret = page[start..start + page[start..].find('<').unwrap()].to_owned();
    assert!(page.contains("<svg"), "a QR code");
    let at = now_s();
    let res = app
        .api
        .post(app.url("/mediation/securite"))
        .header(header::COOKIE, cookie)
        .form(&[("totp", totp::code_at(&secret, at).unwrap())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/mediation?securite=1");
    (secret, at)
}

/// An account invited, created and signed in (with its second factor set up if the role
/// requires one).
pub(crate) async fn account(app: &TestApp, structure: &str, role: Role, email: &str) -> Account {
    let token = invite(app, structure, role, email).await;
    assert_eq!(
        accept(app, &token, PASSWORD).await.status(),
        StatusCode::CREATED
    );
    let res = sign_in(app, email, PASSWORD, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = staff_cookie(&res).expect("a session cookie");
    let secret = if role.requires_totp() {
        Some(set_up_totp(app, &cookie).await.0)
    } else {
        None
    };
    Account {
        email: email.into(),
        cookie,
        secret,
    }
}

pub(crate) async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    cookie: Option<&str>,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = app.api.request(method, app.url(path));
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

pub(crate) async fn create_beneficiary(app: &TestApp, cookie: &str, pseudonym: &str) -> String {
    let res = call(
        app,
        reqwest::Method::POST,
        "/api/v1/beneficiaries",
        Some(cookie),
        Some(
            json!({ "pseudonym": pseudonym, "age_band": "60-64", "commune": "2A004",
                     "situation": "retraite", "observatory_consent": true }),
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["pseudonym"], pseudonym);
    assert_eq!(body["observatory_consent"], true);
    body["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_invitation_works_once_within_72_hours_and_the_password_must_be_strong() {
    let app = spawn_app().await;
    let s = structure(&app, "Médiathèque (fictive)").await;
    let token = invite(&app, &s, Role::Mediator, "Camille@Exemple.fr").await;

    // The page names the account and the structure.
    let page = app.page(&format!("/invitation/{token}"), None).await;
    assert!(page.contains("camille@exemple.fr") && page.contains("Médiathèque (fictive)"));

    // Weak passwords are refused with a sentence, and the link still works.
    for weak in [
        "court",
        "motdepasse123",
        "QWERTY123456",
        "camille-camille-2026",
    ] {
        assert_json_error(
            accept(&app, &token, weak).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let res = accept(&app, &token, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["email"], "camille@exemple.fr");
    assert_eq!(body["role"], "mediator");

    // Used: gone, in the API and in the page.
    assert_json_error(accept(&app, &token, PASSWORD).await, StatusCode::GONE).await;
    let res = app.get(&format!("/invitation/{token}"), None).await;
    assert_eq!(res.status(), StatusCode::GONE);
    assert_json_error(
        accept(&app, "not-a-token", PASSWORD).await,
        StatusCode::GONE,
    )
    .await;
    // A password of the wrong length is a malformed request, whatever the link.
    assert_json_error(
        accept(&app, "not-a-token", "court").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;

    // Another invitation for the same e-mail: an account exists.
    let e = accounts::invite(
        &app.state.db,
        None,
        &s,
        "camille@exemple.fr",
        Role::Mediator,
    )
    .await;
    assert!(e.is_err());

    // An expired invitation is refused, and creates nothing.
    let token = invite(&app, &s, Role::Mediator, "dominique@exemple.fr").await;
    sqlx::query("UPDATE invitations SET expires_at = $1 WHERE email = 'dominique@exemple.fr'")
        .bind(app::db::now_ms() - 1)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_json_error(accept(&app, &token, PASSWORD).await, StatusCode::GONE).await;
    assert_eq!(
        sign_in(&app, "dominique@exemple.fr", PASSWORD, None)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn sign_in_gives_a_new_strict_http_only_session_and_sign_out_ends_it_on_the_server() {
    let app = spawn_app().await;
    let s = structure(&app, "Centre social (fictif)").await;
    let a = account(&app, &s, Role::Mediator, "alex@exemple.fr").await;

    // Wrong password and unknown e-mail: the same 401.
    let wrong = sign_in(
        &app,
        "alex@exemple.fr",
        "une autre phrase bien longue",
        None,
    )
    .await;
    assert_json_error(wrong, StatusCode::UNAUTHORIZED).await;
    let unknown = sign_in(&app, "personne@exemple.fr", PASSWORD, None).await;
    assert_json_error(unknown, StatusCode::UNAUTHORIZED).await;

    let res = sign_in(&app, &a.email, PASSWORD, None).await;
    let set = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/"),
        "{set}"
    );
    let second = staff_cookie(&res).unwrap();
    assert_ne!(second, a.cookie, "a new session id at each sign-in");

    // Both sessions work; signing out ends one on the server: its cookie no longer opens anything.
    for c in [&a.cookie, &second] {
        let res = call(
            &app,
            reqwest::Method::GET,
            "/api/v1/beneficiaries",
            Some(c),
            None,
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = call(
        &app,
        reqwest::Method::DELETE,
        "/api/v1/session",
        Some(&second),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/beneficiaries",
        Some(&second),
        None,
    )
    .await;
    assert_json_error(res, StatusCode::UNAUTHORIZED).await;
    let res = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/beneficiaries",
        Some(&a.cookie),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);

    // Session ids are stored hashed: the cookie's value is nowhere in the table.
    let value = a.cookie.split_once('=').unwrap().1.to_owned();
    let stored: Vec<(String, String)> = sqlx::query_as("SELECT id_hash, data FROM staff_sessions")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert!(!stored.is_empty());
    assert!(
        stored
            .iter()
            .all(|(id, data)| !id.contains(&value) && !data.contains(&value))
    );
}

#[tokio::test]
async fn sessions_end_after_inactivity_and_after_the_absolute_limit() {
    let app = spawn_app().await;
    let s = structure(&app, "Mairie (fictive)").await;
    let a = account(&app, &s, Role::Mediator, "sam@exemple.fr").await;
    let list = |c: String| {
        let app = &app;
        async move {
            call(
                app,
                reqwest::Method::GET,
                "/api/v1/beneficiaries",
                Some(&c),
                None,
            )
            .await
            .status()
        }
    };
    assert_eq!(list(a.cookie.clone()).await, StatusCode::OK);

    // Absolute: signed in 13 hours ago (limit 12 h), however active since.
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id_hash, data FROM staff_sessions")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    for (id, data) in rows {
        let mut v: Value = serde_json::from_str(&data).unwrap();
        let at = v["signed_in"]["at"].as_i64().unwrap();
        v["signed_in"]["at"] = json!(at - 13 * 3_600_000);
        sqlx::query("UPDATE staff_sessions SET data = $1 WHERE id_hash = $2")
            .bind(v.to_string())
            .bind(id)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
    }
    assert_eq!(list(a.cookie.clone()).await, StatusCode::UNAUTHORIZED);

    // Each request moves the expiry on (30 minutes from now), in the store and in the cookie.
    let res = sign_in(&app, &a.email, PASSWORD, None).await;
    let cookie = staff_cookie(&res).unwrap();
    let soon = app::db::now_ms() + 60_000;
    sqlx::query("UPDATE staff_sessions SET expires_at = $1")
        .bind(soon)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let res = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/beneficiaries",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let set = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set.contains("Max-Age="),
        "the cookie's expiry moves too: {set}"
    );
    let expires: i64 = sqlx::query_scalar("SELECT MAX(expires_at) FROM staff_sessions")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(
        expires > app::db::now_ms() + 25 * 60_000,
        "moved on to about 30 minutes"
    );

    // Inactivity: the record's expiry has passed.
    sqlx::query("UPDATE staff_sessions SET expires_at = $1")
        .bind(app::db::now_ms() - 1)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(list(cookie.clone()).await, StatusCode::UNAUTHORIZED);

    // Signed out: a later request with the old cookie brings nothing back.
    let res = sign_in(&app, &a.email, PASSWORD, None).await;
    let cookie = staff_cookie(&res).unwrap();
    let res = call(
        &app,
        reqwest::Method::DELETE,
        "/api/v1/session",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(list(cookie).await, StatusCode::UNAUTHORIZED);
    let live: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staff_sessions WHERE expires_at > $1")
        .bind(app::db::now_ms())
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(live, 0);
}

#[tokio::test]
async fn a_second_factor_half_set_up_does_not_carry_over_and_one_set_up_cannot_be_swapped() {
    let app = spawn_app().await;
    let s = structure(&app, "Poste partagé (fictif)").await;
    for email in ["un@exemple.fr", "deux@exemple.fr"] {
        let token = invite(&app, &s, Role::StructureAdmin, email).await;
        assert_eq!(
            accept(&app, &token, PASSWORD).await.status(),
            StatusCode::CREATED
        );
    }
    let secret_of = |page: &str| {
        let marker = "<code class=\"secret\">";
        let start = page.find(marker).expect("the key is shown") + marker.len();
        page[start..start + page[start..].find('<').unwrap()].to_owned()
    };
    // The first opens the set-up and leaves; the second signs in on the same browser.
    let first = staff_cookie(&sign_in(&app, "un@exemple.fr", PASSWORD, None).await).unwrap();
    let shown_first = secret_of(&app.page("/mediation/securite", Some(&first)).await);
    let res = app
        .api
        .post(app.url("/api/v1/session"))
        .header(header::COOKIE, &first)
        .json(&json!({ "email": "deux@exemple.fr", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let second = staff_cookie(&res).unwrap();
    assert_ne!(second, first);
    let shown_second = secret_of(&app.page("/mediation/securite", Some(&second)).await);
    assert_ne!(
        shown_first, shown_second,
        "a new key, not the one the first person saw"
    );

    // Once set up, the page says so and a new key is refused.
    set_up_totp(&app, &second).await;
    let page = app.page("/mediation/securite", Some(&second)).await;
    assert!(!page.contains("class=\"secret\"") && page.contains("est activée"));
    let res = app
        .api
        .post(app.url("/mediation/securite"))
        .header(header::COOKIE, &second)
        .form(&[("totp", "123456")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn admins_must_set_up_a_second_factor_and_each_code_works_once() {
    let app = spawn_app().await;
    let s = structure(&app, "Association (fictive)").await;
    let token = invite(&app, &s, Role::StructureAdmin, "admin@exemple.fr").await;
    assert_eq!(
        accept(&app, &token, PASSWORD).await.status(),
        StatusCode::CREATED
    );
    let res = sign_in(&app, "admin@exemple.fr", PASSWORD, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = staff_cookie(&res).unwrap();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["second_factor"], false);

    // Before the second factor: nothing but its set-up.
    let res = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/beneficiaries",
        Some(&cookie),
        None,
    )
    .await;
    assert_json_error(res, StatusCode::FORBIDDEN).await;
    let res = app.get("/mediation", Some(&cookie)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/mediation/securite");

    // A wrong code is refused with the page again.
    let page = app.page("/mediation/securite", Some(&cookie)).await;
    assert!(page.contains("class=\"secret\""));
    let res = app
        .api
        .post(app.url("/mediation/securite"))
        .header(header::COOKIE, &cookie)
        .form(&[("totp", "000000")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The code of the step used at set-up, and of the next step: computed from the set-up's
    // time, not the clock now (a 30 s step may have ended meanwhile).
    let (secret, at) = set_up_totp(&app, &cookie).await;
    let res = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/beneficiaries",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);

    // From now on the code is required at sign-in; the code just used is not accepted again.
    let res = sign_in(&app, "admin@exemple.fr", PASSWORD, None).await;
    assert_json_error(res, StatusCode::UNAUTHORIZED).await;
    let used = totp::code_at(&secret, at).unwrap();
    let res = sign_in(&app, "admin@exemple.fr", PASSWORD, Some(&used)).await;
    assert_json_error(res, StatusCode::UNAUTHORIZED).await;
    let next = totp::code_at(&secret, at + 30).unwrap();
    let res = sign_in(&app, "admin@exemple.fr", PASSWORD, Some(&next)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = sign_in(&app, "admin@exemple.fr", PASSWORD, Some(&next)).await;
    assert_json_error(res, StatusCode::UNAUTHORIZED).await;
    let res = sign_in(
        &app,
        "admin@exemple.fr",
        "une autre phrase bien longue",
        Some("123456"),
    )
    .await;
    assert_json_error(res, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited_per_address() {
    let app = spawn_app_with(|s| {
        s.logins_burst = 3;
        s.logins_per_minute = 1;
    })
    .await;
    for _ in 0..3 {
        let res = sign_in(&app, "x@exemple.fr", "une autre phrase bien longue", None).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = sign_in(&app, "x@exemple.fr", "une autre phrase bien longue", None).await;
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    assert_json_error(res, StatusCode::TOO_MANY_REQUESTS).await;
    // The sign-in page itself is not an attempt; the form shares the quota.
    for _ in 0..3 {
        assert_eq!(app.get("/connexion", None).await.status(), StatusCode::OK);
    }
    let res = app
        .api
        .post(app.url("/connexion"))
        .form(&[
            ("email", "x@exemple.fr"),
            ("password", "une autre phrase bien longue"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn beneficiaries_are_checked_and_hold_no_contact_details() {
    let app = spawn_app().await;
    let s = structure(&app, "Tiers-lieu (fictif)").await;
    let a = account(&app, &s, Role::Mediator, "lou@exemple.fr").await;
    let post = |body: Value| {
        let (app, cookie) = (&app, a.cookie.clone());
        async move {
            call(
                app,
                reqwest::Method::POST,
                "/api/v1/beneficiaries",
                Some(&cookie),
                Some(body),
            )
            .await
        }
    };
    for bad in [
        json!({ "pseudonym": "" }),
        json!({ "pseudonym": "x".repeat(41) }),
        // 41 characters as sent, 40 once trimmed: the schema's length is what is sent.
        json!({ "pseudonym": format!("\u{b}{}", "x".repeat(40)) }),
        json!({ "pseudonym": "Rose", "age_band": "18-30" }),
        json!({ "pseudonym": "Rose", "commune": "20004" }),
        json!({ "pseudonym": "Rose", "commune": "" }),
        json!({ "pseudonym": "Rose", "situation": "chômeur" }),
    ] {
        assert_json_error(post(bad).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    // No field for an e-mail or a phone.
    let res = post(json!({ "pseudonym": "Rose", "email": "rose@exemple.fr" })).await;
    assert_json_error(res, StatusCode::BAD_REQUEST).await;
    let n = count(&app, "beneficiaries").await;
    assert_eq!(n, 0, "nothing stored from a refused request");

    // The message names the field in words.
    let res = post(json!({ "pseudonym": "   " })).await;
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("Prénom ou pseudonyme"),
        "{body}"
    );

    let res = post(json!({ "pseudonym": "  Rose  " })).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["pseudonym"], "Rose");
    assert_eq!(body["observatory_consent"], false);
    assert!(body["age_band"].is_null());
}

/// Who sees what: anonymous, mediator, structure admin and platform admin of structure A, and
/// a mediator of structure B, over every route of the mediators' space.
#[tokio::test]
async fn every_route_answers_by_role_and_structure() {
    use reqwest::Method;
    let app = spawn_app().await;
    let sa = structure(&app, "Structure A (fictive)").await;
    let sb = structure(&app, "Structure B (fictive)").await;
    let med_a = account(&app, &sa, Role::Mediator, "med.a@exemple.fr").await;
    let adm_a = account(&app, &sa, Role::StructureAdmin, "adm.a@exemple.fr").await;
    let plat_a = account(&app, &sa, Role::PlatformAdmin, "plat.a@exemple.fr").await;
    let med_b = account(&app, &sb, Role::Mediator, "med.b@exemple.fr").await;
    assert!(adm_a.secret.is_some() && plat_a.secret.is_some() && med_a.secret.is_none());
    let id_a = create_beneficiary(&app, &med_a.cookie, "Zoe-A7").await;
    let id_b = create_beneficiary(&app, &med_b.cookie, "Yann-B7").await;
    // A finished diagnostic on each side, so that the exports have something to leak.
    for (id, owner) in [(&id_a, &med_a), (&id_b, &med_b)] {
        let res = call(
            &app,
            Method::POST,
            &format!("/api/v1/beneficiaries/{id}/diagnostics"),
            Some(&owner.cookie),
            Some(json!({ "path": "beginner", "mode": "guided" })),
        )
        .await;
        let body: Value = res.json().await.unwrap();
        let started = crate::helpers::Started {
            id: body["assessment_id"].as_str().unwrap().to_owned(),
            token: body["assessment_token"].as_str().unwrap().to_owned(),
        };
        crate::premiers_pas::walk(&app, &started, |_| json!({"skip": true})).await;
    }

    let people: [(&str, Option<&Account>, bool); 5] = [
        ("anonymous", None, false),
        ("mediator A", Some(&med_a), true),
        ("structure admin A", Some(&adm_a), true),
        ("platform admin A", Some(&plat_a), true),
        ("mediator B", Some(&med_b), false),
    ];
    for (who, account, of_a) in people {
        let cookie = account.map(|a| a.cookie.as_str());
        let (own, other) = if of_a { (&id_a, &id_b) } else { (&id_b, &id_a) };
        let anonymous = account.is_none();
        let admin = matches!(who, "structure admin A" | "platform admin A");

        // API.
        let res = call(&app, Method::GET, "/api/v1/beneficiaries", cookie, None).await;
        if anonymous {
            assert_json_error(res, StatusCode::UNAUTHORIZED).await;
        } else {
            assert_eq!(res.status(), StatusCode::OK, "{who}");
            let body: Value = res.json().await.unwrap();
            let ids: Vec<&str> = body["beneficiaries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b["id"].as_str().unwrap())
                .collect();
            assert!(
                ids.contains(&own.as_str()) && !ids.contains(&other.as_str()),
                "{who}: {ids:?}"
            );
        }
        for (id, mine) in [(own, true), (other, false)] {
            let res = call(
                &app,
                Method::GET,
                &format!("/api/v1/beneficiaries/{id}"),
                cookie,
                None,
            )
            .await;
            let expected = match (anonymous, mine) {
                (true, _) => StatusCode::UNAUTHORIZED,
                (false, true) => StatusCode::OK,
                (false, false) => StatusCode::NOT_FOUND,
            };
            assert_eq!(
                res.status(),
                expected,
                "{who} GET beneficiary (own: {mine})"
            );
            if mine && !anonymous {
                // Each owner deletes theirs at the end: here, only someone else's is tried.
                continue;
            }
            let res = call(
                &app,
                Method::DELETE,
                &format!("/api/v1/beneficiaries/{id}"),
                cookie,
                None,
            )
            .await;
            assert_eq!(
                res.status(),
                if anonymous {
                    StatusCode::UNAUTHORIZED
                } else {
                    StatusCode::NOT_FOUND
                },
                "{who} DELETE someone else's"
            );
        }
        let res = call(
            &app,
            Method::POST,
            "/api/v1/beneficiaries",
            cookie,
            Some(json!({ "pseudonym": format!("Nouvelle ({who})") })),
        )
        .await;
        assert_eq!(
            res.status(),
            if anonymous {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::CREATED
            },
            "{who} POST"
        );

        // Pages.
        let to_sign_in = |res: &reqwest::Response| {
            res.status() == StatusCode::SEE_OTHER && res.headers()[header::LOCATION] == "/connexion"
        };
        let res = app.get("/mediation", cookie).await;
        if anonymous {
            assert!(to_sign_in(&res), "{who} /mediation");
        } else {
            assert_eq!(res.status(), StatusCode::OK, "{who} /mediation");
            let html = res.text().await.unwrap();
            assert!(
                html.contains(if of_a { "Zoe-A7" } else { "Yann-B7" })
                    && !html.contains(if of_a { "Yann-B7" } else { "Zoe-A7" })
            );
        }
        for (id, mine) in [(own, true), (other, false)] {
            // The person's page and their report.
            for path in [
                format!("/mediation/beneficiaires/{id}"),
                format!("/mediation/beneficiaires/{id}/rapport"),
            ] {
                let res = app.get(&path, cookie).await;
                if anonymous {
                    assert!(to_sign_in(&res), "{who} {path}");
                } else {
                    assert_eq!(
                        res.status(),
                        if mine {
                            StatusCode::OK
                        } else {
                            StatusCode::NOT_FOUND
                        },
                        "{who} {path} (own: {mine})"
                    );
                }
            }
            if !mine {
                let mut req = app
                    .api
                    .post(app.url(&format!("/mediation/beneficiaires/{id}/supprimer")))
                    .form(&[("confirme", "oui")]);
                if let Some(c) = cookie {
                    req = req.header(header::COOKIE, c);
                }
                let res = req.send().await.unwrap();
                if anonymous {
                    assert!(to_sign_in(&res), "{who} delete form");
                } else {
                    assert_eq!(
                        res.status(),
                        StatusCode::NOT_FOUND,
                        "{who} delete form, someone else's"
                    );
                }
            }
        }
        // Diagnostics: listed and started for one's own structure only, by the API and the form.
        for (id, mine) in [(own, true), (other, false)] {
            let path = format!("/api/v1/beneficiaries/{id}/diagnostics");
            let res = call(&app, Method::GET, &path, cookie, None).await;
            let expected = match (anonymous, mine) {
                (true, _) => StatusCode::UNAUTHORIZED,
                (false, true) => StatusCode::OK,
                (false, false) => StatusCode::NOT_FOUND,
            };
            assert_eq!(
                res.status(),
                expected,
                "{who} GET diagnostics (own: {mine})"
            );
            let body = json!({ "path": "beginner", "mode": "code" });
            let res = call(&app, Method::POST, &path, cookie, Some(body)).await;
            let expected = match (anonymous, mine) {
                (true, _) => StatusCode::UNAUTHORIZED,
                (false, true) => StatusCode::CREATED,
                (false, false) => StatusCode::NOT_FOUND,
            };
            assert_eq!(
                res.status(),
                expected,
                "{who} POST diagnostics (own: {mine})"
            );
            let mut req = app
                .api
                .post(app.url(&format!("/mediation/beneficiaires/{id}/diagnostics")))
                .form(&[("path", "beginner"), ("mode", "code")]);
            if let Some(c) = cookie {
                req = req.header(header::COOKIE, c);
            }
            let res = req.send().await.unwrap();
            if anonymous {
                assert!(to_sign_in(&res), "{who} diagnostics form");
            } else if mine {
                assert_eq!(
                    res.status(),
                    StatusCode::SEE_OTHER,
                    "{who} diagnostics form"
                );
                assert_eq!(
                    res.headers()[header::LOCATION].to_str().unwrap(),
                    format!("/mediation/beneficiaires/{id}")
                );
            } else {
                assert_eq!(
                    res.status(),
                    StatusCode::NOT_FOUND,
                    "{who} diagnostics form, someone else's"
                );
            }
        }
        let res = app.get("/mediation/securite", cookie).await;
        if anonymous {
            assert!(to_sign_in(&res), "{who} second factor page");
        } else {
            assert_eq!(res.status(), StatusCode::OK, "{who} second factor page");
        }

        let res = app.get("/mediation/equipe", cookie).await;
        let mut req = app.api.post(app.url("/mediation/equipe")).form(&[
            (
                "email",
                format!("invite.{}@exemple.fr", who.replace(' ', ".")),
            ),
            ("role", "mediator".into()),
        ]);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let posted = req.send().await.unwrap();
        if anonymous {
            assert!(to_sign_in(&res) && to_sign_in(&posted), "{who} team");
        } else if admin {
            assert_eq!(res.status(), StatusCode::OK, "{who} team page");
            assert_eq!(posted.status(), StatusCode::OK, "{who} invites");
            assert!(
                posted.text().await.unwrap().contains("/invitation/"),
                "{who}: the link is shown"
            );
        } else {
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who} team page");
            assert_eq!(posted.status(), StatusCode::FORBIDDEN, "{who} invites");
        }
        // The exports, the structure's place, the platform admins' pages.
        for path in [
            "/mediation/export/donnees.csv",
            "/mediation/export/activites.csv",
            "/mediation/export/activites.json",
        ] {
            let res = app.get(path, cookie).await;
            if anonymous {
                assert!(to_sign_in(&res), "{who} {path}");
                continue;
            }
            assert_eq!(res.status(), StatusCode::OK, "{who} {path}");
            let text = res.text().await.unwrap();
            assert!(
                !text.contains(other.as_str()),
                "{who} {path}: nothing of the other structure"
            );
            assert!(text.contains(own.as_str()), "{who} {path}: its own");
        }
        let mut req = app
            .api
            .post(app.url("/mediation/equipe/lieu"))
            .form(&[("commune", "69123")]);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let res = req.send().await.unwrap();
        if anonymous {
            assert!(to_sign_in(&res), "{who} place");
        } else {
            assert_eq!(
                res.status(),
                if admin {
                    StatusCode::OK
                } else {
                    StatusCode::FORBIDDEN
                },
                "{who} place"
            );
        }
        for path in [
            "/mediation/structures".to_owned(),
            format!("/mediation/structures/{sa}"),
            format!("/mediation/structures/{sb}"),
        ] {
            let res = app.get(&path, cookie).await;
            if anonymous {
                assert!(to_sign_in(&res), "{who} {path}");
            } else {
                assert_eq!(
                    res.status(),
                    if who == "platform admin A" {
                        StatusCode::OK
                    } else {
                        StatusCode::FORBIDDEN
                    },
                    "{who} {path}"
                );
            }
        }
    }

    // Both beneficiaries survived every other structure's attempt; each owner can delete theirs.
    for (id, owner) in [(&id_a, &med_a), (&id_b, &med_b)] {
        let res = call(
            &app,
            Method::DELETE,
            &format!("/api/v1/beneficiaries/{id}"),
            Some(&owner.cookie),
            None,
        )
        .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        let res = call(
            &app,
            Method::GET,
            &format!("/api/v1/beneficiaries/{id}"),
            Some(&owner.cookie),
            None,
        )
        .await;
        assert_json_error(res, StatusCode::NOT_FOUND).await;
    }

    // A structure admin invites only into their structure, never a platform admin.
    let admin = app::service::mediation::StaffMember {
        id: "x".into(),
        structure_id: sa.clone(),
        email: adm_a.email.clone(),
        role: Role::StructureAdmin,
        has_totp: true,
        session_epoch: 0,
    };
    for (structure, role) in [(&sb, Role::Mediator), (&sa, Role::PlatformAdmin)] {
        let e =
            accounts::invite(&app.state.db, Some(&admin), structure, "y@exemple.fr", role).await;
        assert!(
            matches!(e, Err(app::service::ServiceError::Forbidden)),
            "{e:?}"
        );
    }
}

fn tremplin(app: &TestApp, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_tremplin"))
        .args(args)
        .current_dir(crate::helpers::root())
        .env("DATABASE_URL", app.database_url())
        .env("TREMPLIN_PUBLIC_URL", "https://tremplin.exemple.fr")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

fn last_line(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_command_line_creates_a_structure_and_prints_a_working_invitation_link() {
    let app = spawn_app().await;
    let out = tremplin(
        &app,
        &[
            "admin",
            "create-structure",
            "--name",
            "France services (fictive)",
        ],
    );
    let id = last_line(&out);
    assert_eq!(id.len(), 32, "the id alone on the last line: {id}");
    let out = tremplin(
        &app,
        &[
            "admin",
            "invite",
            "--role",
            "structure_admin",
            "--structure",
            &id,
            "--email",
            "chef@exemple.fr",
        ],
    );
    let link = last_line(&out);
    let token = link
        .strip_prefix("https://tremplin.exemple.fr/invitation/")
        .unwrap_or_else(|| panic!("a link on the last line: {link}"));
    assert_eq!(
        accept(&app, token, PASSWORD).await.status(),
        StatusCode::CREATED
    );

    // Bad arguments: a clear message, exit 2, nothing created.
    let out = tremplin(
        &app,
        &[
            "admin",
            "invite",
            "--role",
            "mediator",
            "--structure",
            "nope",
            "--email",
            "a@exemple.fr",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Introuvable"));
    let out = tremplin(
        &app,
        &[
            "admin",
            "invite",
            "--role",
            "superviseur",
            "--structure",
            &id,
            "--email",
            "a@exemple.fr",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = tremplin(&app, &["admin", "create-structure", "--name", "   "]);
    assert_eq!(out.status.code(), Some(2));
    let n = count(&app, "invitations").await;
    assert_eq!(n, 1);
}

#[tokio::test]
async fn the_pages_work_with_plain_forms() {
    let app = spawn_app().await;
    let s = structure(&app, "Espace numérique (fictif)").await;
    let token = invite(&app, &s, Role::Mediator, "eden@exemple.fr").await;

    // Invitation page: a weak password shows the page again with the reason.
    let res = app
        .api
        .post(app.url(&format!("/invitation/{token}")))
        .form(&[("password", "court")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("role=\"alert\""));
    let res = app
        .api
        .post(app.url(&format!("/invitation/{token}")))
        .form(&[("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[header::LOCATION], "/connexion?bienvenue=1");

    // Sign in: a wrong password shows the form again (e-mail kept), the right one goes on.
    let page = app.page("/connexion?bienvenue=1", None).await;
    assert!(page.contains("role=\"status\"") && page.contains("autocomplete=\"current-password\""));
    let form = |password: &'static str| {
        app.api
            .post(app.url("/connexion"))
            .form(&[("email", "eden@exemple.fr"), ("password", password)])
            .send()
    };
    let res = form("une autre phrase bien longue").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("value=\"eden@exemple.fr\"")
    );
    let res = form(PASSWORD).await.unwrap();
    assert_eq!(res.headers()[header::LOCATION], "/mediation");
    let cookie = staff_cookie(&res).unwrap();

    // A beneficiary without the person's agreement is refused; with it, created.
    let post = |fields: Vec<(&'static str, &'static str)>| {
        app.api
            .post(app.url("/mediation/beneficiaires"))
            .header(header::COOKIE, &cookie)
            .form(&fields)
            .send()
    };
    let res = post(vec![("pseudonym", "Noa-P3")]).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = post(vec![
        ("pseudonym", "Noa-P3"),
        ("age_band", "75 et plus"),
        ("consent", "oui"),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let at = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    let page = app.page(&at, Some(&cookie)).await;
    assert!(page.contains("Noa-P3") && page.contains("75 et plus"));
    assert!(
        !page.contains("<script"),
        "the mediators' pages carry no script"
    );

    // Deleting needs the box ticked.
    let delete = |confirm: bool| {
        let fields: Vec<(&str, &str)> = if confirm {
            vec![("confirme", "oui")]
        } else {
            vec![]
        };
        app.api
            .post(app.url(&format!("{at}/supprimer")))
            .header(header::COOKIE, &cookie)
            .form(&fields)
            .send()
    };
    assert_eq!(
        delete(false).await.unwrap().headers()[header::LOCATION],
        at.as_str()
    );
    assert_eq!(app.get(&at, Some(&cookie)).await.status(), StatusCode::OK);
    assert_eq!(
        delete(true).await.unwrap().headers()[header::LOCATION],
        "/mediation?supprime=1"
    );
    assert_eq!(
        app.get(&at, Some(&cookie)).await.status(),
        StatusCode::NOT_FOUND
    );

    // Signing out by the form ends the session.
    let res = app
        .api
        .post(app.url("/deconnexion"))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[header::LOCATION], "/connexion?fin=1");
    let res = app.get("/mediation", Some(&cookie)).await;
    assert_eq!(res.headers()[header::LOCATION], "/connexion");
}

/// The first item's id on the page `/evaluation` for this assessment cookie.
pub(crate) async fn current_item_id(app: &TestApp, assessment_cookie: &str) -> String {
    let page = app.page("/evaluation", Some(assessment_cookie)).await;
    let marker = "name=\"item_id\" value=\"";
    let start = page.find(marker).expect("an item form") + marker.len();
    page[start..start + page[start..].find('"').unwrap()].to_owned()
}

/// Answers "Je ne sais pas" to `item` with the mediator's observation `step`.
pub(crate) async fn skip_with_observation(
    app: &TestApp,
    cookie: &str,
    item: &str,
    step: &str,
) -> reqwest::Response {
    app.api
        .post(app.url("/evaluation"))
        .header(header::COOKIE, cookie)
        .form(&[("item_id", item), ("skip", "1"), ("observation", step)])
        .send()
        .await
        .unwrap()
}

pub(crate) fn assessment_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("tremplin="))
        .map(|v| v.split(';').next().unwrap().to_owned())
        .expect("the assessment cookie")
}

#[tokio::test]
async fn a_guided_diagnostic_records_the_mediators_observations_and_terminer_clears_the_device() {
    let app = spawn_app().await;
    let s = structure(&app, "Guidage (fictif)").await;
    let a = account(&app, &s, Role::Mediator, "guide@exemple.fr").await;
    let id = create_beneficiary(&app, &a.cookie, "Guided-G1").await;

    // Started from the beneficiary's page: this device now holds the assessment.
    let res = app
        .api
        .post(app.url(&format!("/mediation/beneficiaires/{id}/diagnostics")))
        .header(header::COOKIE, &a.cookie)
        .form(&[("path", "beginner"), ("mode", "guided")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[header::LOCATION], "/evaluation");
    let held = assessment_cookie(&res);
    let both = format!("{}; {held}", a.cookie);
    let page = app.page("/evaluation", Some(&both)).await;
    assert!(page.contains("name=\"observation\"") && page.contains("formaction=\"/terminer\""));

    // An unknown step changes nothing; a known one is stored with the answer.
    let item = current_item_id(&app, &both).await;
    let post = |fields: Vec<(&'static str, String)>| {
        app.api
            .post(app.url("/evaluation"))
            .header(header::COOKIE, &both)
            .form(&fields)
            .send()
    };
    let res = post(vec![
        ("item_id", item.clone()),
        ("skip", "1".into()),
        ("observation", "parfait".into()),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        current_item_id(&app, &both).await,
        item,
        "nothing was answered"
    );
    let res = post(vec![
        ("item_id", item.clone()),
        ("skip", "1".into()),
        ("observation", "avec_aide".into()),
        ("comment", "  a cherché la souris  ".into()),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let stored: Vec<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT item_id, observation, comment FROM observations")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(
        stored,
        vec![(
            item,
            Some("avec_aide".into()),
            Some("a cherché la souris".into())
        )]
    );

    // The diagnostic is listed in progress.
    let res = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/beneficiaries/{id}/diagnostics"),
        Some(&a.cookie),
        None,
    )
    .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["diagnostics"][0]["status"], "in_progress");
    assert_eq!(body["diagnostics"][0]["answered"], 1);
    assert_eq!(body["diagnostics"][0]["mode"], "guided");

    // "Terminer": back to the beneficiary, the device forgets the assessment.
    let res = app
        .api
        .post(app.url("/terminer"))
        .header(header::COOKIE, &both)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()[header::LOCATION].to_str().unwrap(),
        format!("/mediation/beneficiaires/{id}")
    );
    let cleared = res.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cleared.starts_with("tremplin=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );

    // The test deleted by its owner (from this device): its observations go with it.
    let (aid, token) = held.split_once('=').unwrap().1.split_once('.').unwrap();
    let res = app
        .api
        .delete(app.url(&format!("/api/v1/assessments/{aid}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let n = count(&app, "observations").await;
    assert_eq!(n, 0, "no observation outlives its test");
    let res = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/beneficiaries/{id}/diagnostics"),
        Some(&a.cookie),
        None,
    )
    .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["diagnostics"][0]["status"], "deleted");

    // Observations are not taken on a citizen's own test.
    let res = app.api.post(app.url("/commencer")).send().await.unwrap();
    let own = assessment_cookie(&res);
    let item = current_item_id(&app, &own).await;
    let res = skip_with_observation(&app, &own, &item, "autonomie").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let n = count(&app, "observations").await;
    assert_eq!(n, 0, "none on a citizen's own test");
    assert!(
        !app.page("/evaluation", Some(&own))
            .await
            .contains("name=\"observation\"")
    );

    // A second guided diagnostic, with an observation, for the deletion below.
    let res = app
        .api
        .post(app.url(&format!("/mediation/beneficiaires/{id}/diagnostics")))
        .header(header::COOKIE, &a.cookie)
        .form(&[("path", "citizen"), ("mode", "guided")])
        .send()
        .await
        .unwrap();
    let held = format!("{}; {}", a.cookie, assessment_cookie(&res));
    let item = current_item_id(&app, &held).await;
    let res = skip_with_observation(&app, &held, &item, "pas_encore").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let n = count(&app, "observations").await;
    assert_eq!(n, 1);

    // Deleting the beneficiary deletes the diagnostic, its assessment, answers and observations.
    let res = call(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/beneficiaries/{id}"),
        Some(&a.cookie),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    for table in ["diagnostics", "observations"] {
        let n = count(&app, table).await;
        assert_eq!(n, 0, "{table}");
    }
    let n = count(&app, "assessments").await;
    assert_eq!(n, 1, "only the citizen's own test is left");
}

#[tokio::test]
async fn a_person_joins_with_a_code_once_within_48_hours() {
    let app = spawn_app().await;
    let s = structure(&app, "Codes (fictif)").await;
    let other = structure(&app, "Ailleurs (fictif)").await;
    let a = account(&app, &s, Role::Mediator, "codes@exemple.fr").await;
    let b = account(&app, &other, Role::Mediator, "ailleurs@exemple.fr").await;
    let id = create_beneficiary(&app, &a.cookie, "Code-C1").await;
    let start = |cookie: String, body: Value| {
        let app = &app;
        let id = id.clone();
        async move {
            call(
                app,
                reqwest::Method::POST,
                &format!("/api/v1/beneficiaries/{id}/diagnostics"),
                Some(&cookie),
                Some(body),
            )
            .await
        }
    };
    // Another structure's mediator cannot start one for this beneficiary.
    let res = start(b.cookie.clone(), json!({"path": "citizen", "mode": "code"})).await;
    assert_json_error(res, StatusCode::NOT_FOUND).await;
    let res = start(
        a.cookie.clone(),
        json!({"path": "citizen", "mode": "elsewhere"}),
    )
    .await;
    assert_json_error(res, StatusCode::BAD_REQUEST).await;

    let res = start(a.cookie.clone(), json!({"path": "citizen", "mode": "code"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    let code = body["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 6);
    assert!(body.get("assessment_token").is_none());

    // The beneficiary's page shows the code and its QR code.
    let page = app
        .page(&format!("/mediation/beneficiaires/{id}"), Some(&a.cookie))
        .await;
    assert!(page.contains(&code) && page.contains("<svg"));

    // The person types it (lower case, with a space): the test starts on their device.
    let typed = format!("{} {}", &code[..3], &code[3..]).to_lowercase();
    let page = app.page(&format!("/code?c={typed}"), None).await;
    assert!(
        page.contains(&format!("value=\"{code}\"")),
        "the QR code's link fills the code in"
    );
    let join = |typed: String| {
        app.api
            .post(app.url("/code"))
            .form(&[("code", typed)])
            .send()
    };
    let res = join(typed.clone()).await.unwrap();
    assert_eq!(res.headers()[header::LOCATION], "/evaluation");
    let held = assessment_cookie(&res);
    assert!(
        app.page("/evaluation", Some(&held))
            .await
            .contains("name=\"item_id\"")
    );
    assert!(
        !app.page("/evaluation", Some(&held))
            .await
            .contains("name=\"observation\"")
    );

    // Used: refused, and so are unknown and expired codes.
    let res = join(typed).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("role=\"alert\""));
    assert_eq!(
        join("ZZZZZZ".into()).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let res = start(
        a.cookie.clone(),
        json!({"path": "beginner", "mode": "code"}),
    )
    .await;
    let late: Value = res.json().await.unwrap();
    sqlx::query("UPDATE diagnostics SET code_expires_at = $1 WHERE code = $2")
        .bind(app::db::now_ms() - 1)
        .bind(late["code"].as_str().unwrap())
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let res = join(late["code"].as_str().unwrap().into()).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let res = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/beneficiaries/{id}/diagnostics"),
        Some(&a.cookie),
        None,
    )
    .await;
    let body: Value = res.json().await.unwrap();
    let statuses: Vec<&str> = body["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["in_progress", "expired"]);
    let res = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/beneficiaries/{id}/diagnostics"),
        Some(&b.cookie),
        None,
    )
    .await;
    assert_json_error(res, StatusCode::NOT_FOUND).await;
}
