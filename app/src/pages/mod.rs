//! Leptos components, rendered on the server and hydrated in the browser: the document shell
//! and the app's routes here, the shared layout in [`layout`], one folder per feature. Every
//! form posts to a plain HTML endpoint (see `forms/`), so every page works without JavaScript.

pub mod assessment;
pub mod home;
pub mod layout;
pub mod legal;
#[cfg(feature = "ssr")]
pub mod mediation;
#[cfg(feature = "ssr")]
pub mod observatory;
pub mod places;
pub mod premiers_pas;

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::i18n::{Language, negotiate, use_i18n};

/// The HTML document around the app (server side only), naming the stylesheet and the
/// hydration bundle by their content-hashed URLs.
#[cfg(feature = "ssr")]
pub fn shell(assets: std::sync::Arc<crate::assets::Assets>) -> impl IntoView {
    let lang = request_language();
    provide_context(lang);
    layout::set_page_csp();
    let nonce = leptos::nonce::use_nonce();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href=assets.css.clone()/>
                // What leptos's <HydrationScripts> writes: preload the JS glue and the WASM,
                // then a module script (carrying the CSP nonce) that hydrates the page.
                <link rel="modulepreload" href=assets.js.clone() crossorigin="anonymous"/>
                <link
                    rel="preload"
                    href=assets.wasm.clone()
                    r#as="fetch"
                    r#type="application/wasm"
                    crossorigin="anonymous"
                />
                <script type="module" nonce=nonce>{assets.hydration_script()}</script>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The language of this request: `Accept-Language` on the server, `<html lang>` in the browser.
fn request_language() -> &'static Language {
    #[cfg(feature = "ssr")]
    {
        let accept = use_context::<axum::http::request::Parts>().and_then(|p| {
            p.headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        });
        negotiate(accept.as_deref())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let lang = document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"));
        negotiate(lang.as_deref())
    }
}

/// Runs `f` once the component calling it is live in the browser (effects never run on the
/// server). Every caller shares this one closure type, so the WASM bundle holds one copy of
/// the effect machinery for all of them.
pub fn when_live(f: fn()) {
    Effect::new(move |_| f());
}

/// Some parts of a page are written by the server only (the simulated screen, the result chart,
/// the privacy and accessibility texts): hydration keeps them, but a page the browser renders
/// by itself (back and forward within the site) would show them empty. Such a page is loaded
/// from the server instead.
pub fn reload_if_server_part_missing() {
    let empty = document()
        .query_selector("[data-server-part]:empty")
        .ok()
        .flatten();
    if empty.is_some() {
        let _ = window().location().reload();
    }
}

/// Marks the document once the WASM bundle has taken over.
fn mark_hydrated() {
    when_live(|| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(request_language());
    mark_hydrated();
    let t = use_i18n();
    view! {
        <Title text=t.common.site_name/>
        <Router>
            <layout::Header/>
            <main id="contenu" tabindex="-1">
                <Routes fallback=|| view! { <layout::NotFound/> }>
                    <Route path=path!("") view=home::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("premiers-pas") view=premiers_pas::StartPage ssr=SsrMode::Async/>
                    <Route path=path!("evaluation") view=assessment::ItemPage ssr=SsrMode::Async/>
                    <Route path=path!("resultat") view=assessment::ResultPage ssr=SsrMode::Async/>
                    <Route path=path!("confidentialite") view=legal::PrivacyPage/>
                    <Route path=path!("accessibilite") view=legal::AccessibilityPage/>
                </Routes>
            </main>
            <layout::Footer/>
        </Router>
    }
}
