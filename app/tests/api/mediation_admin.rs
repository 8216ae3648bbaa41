//! Platform admins: every structure, creating one and inviting into it from the pages, and
//! resetting a person's second factor (which ends that person's sessions).

use app::domain::mediation::Role;
use reqwest::{StatusCode, header};

use crate::helpers::{assert_json_error, spawn_app};
use crate::mediation::{PASSWORD, accept, account, call, sign_in, staff_cookie, structure};

#[tokio::test]
async fn a_platform_admin_creates_a_structure_invites_into_it_and_resets_a_second_factor() {
    let app = spawn_app().await;
    let home = structure(&app, "Plateforme (fictive)").await;
    let platform = account(&app, &home, Role::PlatformAdmin, "plateforme@exemple.fr").await;
    let local_admin = account(&app, &home, Role::StructureAdmin, "local@exemple.fr").await;
    let mediator = account(&app, &home, Role::Mediator, "med.plat@exemple.fr").await;

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
        let mut req = app
            .api
            .post(app.url("/mediation/structures"))
            .form(&[("name", "Pirate (fictif)")]);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        assert_eq!(req.send().await.unwrap().status(), expected);
        let mut req = app
            .api
            .post(app.url(&format!("/mediation/structures/{home}")))
            .form(&[("email", "intrus@exemple.fr"), ("role", "platform_admin")]);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        assert_eq!(req.send().await.unwrap().status(), expected, "invite into");
        let platform_id: String =
            sqlx::query_scalar("SELECT id FROM staff WHERE email = 'plateforme@exemple.fr'")
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
        let mut req = app.api.post(app.url(&format!(
            "/mediation/structures/{home}/personnes/{platform_id}/reinitialiser"
        )));
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        assert_eq!(req.send().await.unwrap().status(), expected, "reset");
    }
    let refused: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM invitations WHERE email = 'intrus@exemple.fr') \
         + (SELECT COUNT(*) FROM staff WHERE session_epoch <> 0)",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(
        refused, 0,
        "no refused invitation or reset changed anything"
    );
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM structures")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 1, "no structure was created by the refused");

    // Create one: a bad place is refused in words, then it works.
    let post_structure = |commune: &'static str| {
        app.api
            .post(app.url("/mediation/structures"))
            .header(header::COOKIE, &platform.cookie)
            .form(&[
                ("name", "Maison France Services (fictive)"),
                ("commune", commune),
            ])
            .send()
    };
    let res = post_structure("7505").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Commune (code INSEE)"));
    let res = post_structure("75056").await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let at = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    let new_id = at.rsplit('/').next().unwrap().to_owned();
    let list = app
        .page("/mediation/structures", Some(&platform.cookie))
        .await;
    assert!(list.contains("Maison France Services (fictive)") && list.contains(&at));

    // Invite its first admin from its page; the link works.
    let res = app
        .api
        .post(app.url(&at))
        .header(header::COOKIE, &platform.cookie)
        .form(&[("email", "mfs@exemple.fr"), ("role", "structure_admin")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    let start = page.find("/invitation/").expect("the link is shown") + "/invitation/".len();
    let token: String = page[start..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
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
    let local_id: String = sqlx::query_scalar("SELECT id FROM staff WHERE email = $1")
        .bind("local@exemple.fr")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let reset = format!("/mediation/structures/{home}/personnes/{local_id}/reinitialiser");
    let res = app
        .api
        .post(app.url(&reset))
        .header(header::COOKIE, &local_admin.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "not by a structure admin"
    );
    // Not through another structure's page.
    let res = app
        .api
        .post(app.url(&format!(
            "/mediation/structures/{new_id}/personnes/{local_id}/reinitialiser"
        )))
        .header(header::COOKIE, &platform.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/beneficiaries",
        Some(&local_admin.cookie),
        None,
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "still signed in before the reset"
    );

    let res = app
        .api
        .post(app.url(&reset))
        .header(header::COOKIE, &platform.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Accès réinitialisé pour local@exemple.fr"),
        "{page}"
    );
    let start = page.find("/invitation/").expect("the link is shown") + "/invitation/".len();
    let token: String = page[start..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let res = call(
        &app,
        reqwest::Method::GET,
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

    // Not one's own access.
    let platform_id: String =
        sqlx::query_scalar("SELECT id FROM staff WHERE email = 'plateforme@exemple.fr'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    let res = app
        .api
        .post(app.url(&format!(
            "/mediation/structures/{home}/personnes/{platform_id}/reinitialiser"
        )))
        .header(header::COOKIE, &platform.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The platform admin's own session goes on.
    let res = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/beneficiaries",
        Some(&platform.cookie),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
}
