//! Platform admins: every structure, creating one and inviting into it from the pages, and
//! resetting a person's access (which ends that person's sessions and needs a new password).

use app::domain::mediation::Role;
use reqwest::{Method, StatusCode, header};

use crate::helpers::{TestApp, assert_json_error, spawn_app};
use crate::mediation::{PASSWORD, accept, account, call, sign_in, staff_cookie, structure};

/// Posts a form to `path`, with the session cookie if any.
async fn post_form(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let mut req = app.api.post(app.url(path)).form(form);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.send().await.unwrap()
}

/// What listing the beneficiaries answers to this session.
async fn list_status(app: &TestApp, cookie: &str) -> StatusCode {
    call(
        app,
        Method::GET,
        "/api/v1/beneficiaries",
        Some(cookie),
        None,
    )
    .await
    .status()
}

async fn staff_id(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar("SELECT id FROM staff WHERE email = $1")
        .bind(email)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// The one-time link's token shown in a page.
fn token_in(page: &str) -> String {
    let start = page.find("/invitation/").expect("the link is shown") + "/invitation/".len();
    page[start..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect()
}

#[tokio::test]
async fn a_platform_admin_creates_a_structure_invites_into_it_and_resets_an_access() {
    let app = spawn_app().await;
    let home = structure(&app, "Plateforme (fictive)").await;
    let platform = account(&app, &home, Role::PlatformAdmin, "plateforme@exemple.fr").await;
    let local_admin = account(&app, &home, Role::StructureAdmin, "local@exemple.fr").await;
    let mediator = account(&app, &home, Role::Mediator, "med.plat@exemple.fr").await;
    let platform_id = staff_id(&app, "plateforme@exemple.fr").await;
    let own_reset = format!("/mediation/structures/{home}/personnes/{platform_id}/reinitialiser");

    // Only platform admins reach the structures; the signed-out are sent to sign in.
    for (cookie, expected) in [
        (Some(local_admin.cookie.as_str()), StatusCode::FORBIDDEN),
        (Some(mediator.cookie.as_str()), StatusCode::FORBIDDEN),
        (None, StatusCode::SEE_OTHER),
    ] {
        let res = app.get("/mediation/structures", cookie).await;
        assert_eq!(res.status(), expected);
        let res = app
            .get(&format!("/mediation/structures/{home}"), cookie)
            .await;
        assert_eq!(res.status(), expected);
        let name = [("name", "Pirate (fictif)")];
        let res = post_form(&app, "/mediation/structures", cookie, &name).await;
        assert_eq!(res.status(), expected, "create");
        let invite = [("email", "intrus@exemple.fr"), ("role", "platform_admin")];
        let at = format!("/mediation/structures/{home}");
        let res = post_form(&app, &at, cookie, &invite).await;
        assert_eq!(res.status(), expected, "invite into");
        let res = post_form(&app, &own_reset, cookie, &[]).await;
        assert_eq!(res.status(), expected, "reset");
    }
    let refused: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM invitations WHERE email = 'intrus@exemple.fr') \
         + (SELECT COUNT(*) FROM staff WHERE session_epoch <> 0) \
         + (SELECT COUNT(*) FROM structures)",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(refused, 1, "no refused request changed anything");

    // Create one: a bad place is refused in words, then it works.
    let mut form = vec![
        ("name", "Maison France Services (fictive)"),
        ("commune", "7505"),
    ];
    let res = post_form(&app, "/mediation/structures", Some(&platform.cookie), &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Commune (code INSEE)"));
    form[1].1 = "75056";
    let res = post_form(&app, "/mediation/structures", Some(&platform.cookie), &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let at = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    let new_id = at.rsplit('/').next().unwrap().to_owned();
    let list = app
        .page("/mediation/structures", Some(&platform.cookie))
        .await;
    assert!(list.contains("Maison France Services (fictive)") && list.contains(&at));

    // Invite its first admin from its page; the link works.
    let invite = [("email", "mfs@exemple.fr"), ("role", "structure_admin")];
    let res = post_form(&app, &at, Some(&platform.cookie), &invite).await;
    assert_eq!(res.status(), StatusCode::OK);
    let token = token_in(&res.text().await.unwrap());
    assert_eq!(
        accept(&app, &token, PASSWORD).await.status(),
        StatusCode::CREATED
    );
    let res = sign_in(&app, "mfs@exemple.fr", PASSWORD, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let stored: String = sqlx::query_scalar("SELECT structure_id FROM staff WHERE email = $1")
        .bind("mfs@exemple.fr")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, new_id);

    // Reset the local admin's access: their session ends, their password no longer works, a
    // one-time link gives them a new one, and they must set up a new second factor.
    let local_id = staff_id(&app, "local@exemple.fr").await;
    let reset = format!("/mediation/structures/{home}/personnes/{local_id}/reinitialiser");
    let res = post_form(&app, &reset, Some(&local_admin.cookie), &[]).await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "not by a structure admin"
    );
    let elsewhere = format!("/mediation/structures/{new_id}/personnes/{local_id}/reinitialiser");
    let res = post_form(&app, &elsewhere, Some(&platform.cookie), &[]).await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "not through another structure's page"
    );
    assert_eq!(
        list_status(&app, &local_admin.cookie).await,
        StatusCode::OK,
        "still signed in before the reset"
    );

    let res = post_form(&app, &reset, Some(&platform.cookie), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Accès réinitialisé pour local@exemple.fr"),
        "{page}"
    );
    let token = token_in(&page);
    let res = call(
        &app,
        Method::GET,
        "/api/v1/beneficiaries",
        Some(&local_admin.cookie),
        None,
    )
    .await;
    assert_json_error(res, StatusCode::UNAUTHORIZED).await;
    let secret = local_admin.secret.as_deref().unwrap();
    let code = app::auth::totp::code_at(secret, crate::mediation::now_s() + 30).unwrap();
    let res = sign_in(&app, &local_admin.email, PASSWORD, Some(&code)).await;
    assert_json_error(res, StatusCode::UNAUTHORIZED).await;

    // The link: a new password (the rules apply), once.
    let page = app.page(&format!("/invitation/{token}"), None).await;
    assert!(page.contains("Choisir un nouveau mot de passe") && page.contains("local@exemple.fr"));
    assert_eq!(
        accept(&app, &token, "trop court").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    const NEW: &str = "un tout nouveau mot de passe bien long";
    assert_eq!(
        accept(&app, &token, NEW).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        accept(&app, &token, NEW).await.status(),
        StatusCode::GONE,
        "the link works once"
    );
    let res = sign_in(&app, &local_admin.email, PASSWORD, None).await;
    assert_json_error(res, StatusCode::UNAUTHORIZED).await;
    let res = sign_in(&app, &local_admin.email, NEW, None).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "no code asked: none is set up"
    );
    let fresh = staff_cookie(&res).unwrap();
    let res = app.get("/mediation", Some(&fresh)).await;
    assert_eq!(res.headers()[header::LOCATION], "/mediation/securite");
    let page = app.page("/mediation/securite", Some(&fresh)).await;
    assert!(page.contains("class=\"secret\""), "a new key to set up");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staff WHERE email = $1")
        .bind("local@exemple.fr")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 1, "the same account, not a new one");

    // Not one's own access; the platform admin's own session goes on.
    let res = post_form(&app, &own_reset, Some(&platform.cookie), &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(list_status(&app, &platform.cookie).await, StatusCode::OK);
}
