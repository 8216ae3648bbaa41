//! What every page shares: header with the skip link, footer, "not found", "no test here".

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_i18n;

/// Sends this page's Content-Security-Policy, allowing only scripts that carry its nonce.
#[cfg(feature = "ssr")]
pub fn set_page_csp() {
    use axum::http::{HeaderValue, header::CONTENT_SECURITY_POLICY};
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) && let Ok(v) = HeaderValue::from_str(&crate::startup::page_csp(&nonce.to_string()))
    {
        res.insert_header(CONTENT_SECURITY_POLICY, v);
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let t = &use_i18n().common;
    view! {
        <a class="skip-link" href="#contenu">{t.skip_link}</a>
        <header class="site-header">
            <a class="brand" href="/">{t.site_name}</a>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let t = &use_i18n().common;
    view! {
        // The linked pages are written by the server: `rel="external"` loads them from it.
        <footer class="site-footer">
            <p>
                <a href=super::legal::ACCESSIBILITY_PATH rel="external">{t.footer_accessibility}</a>
                " · "
                <a href=super::legal::PRIVACY_PATH rel="external">{t.footer_privacy}</a>
            </p>
        </footer>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let t = &use_i18n().common;
    view! {
        <h1>{t.error_title}</h1>
        <p><a href="/">{t.back_home}</a></p>
    }
}

/// The page for a browser that holds no assessment (or an unknown one).
#[component]
pub fn NoSession() -> impl IntoView {
    let t = &use_i18n().common;
    view! {
        <Title text=format!("{} – {}", t.no_session_title, t.site_name)/>
        <h1>{t.no_session_title}</h1>
        <p>{t.no_session_text}</p>
        <p><a class="button" href="/">{t.back_home}</a></p>
    }
}

/// "Print" for a page meant to be printed; shown once the page is live (printing needs the
/// browser's print dialog), never printed itself.
#[component]
pub fn PrintButton(label: &'static str) -> impl IntoView {
    let (live, set_live) = signal(false);
    Effect::new(move |_| set_live.set(true));
    view! {
        <Show when=move || live.get()>
            <button type="button" class="button secondary no-print" on:click=move |_| {
                let _ = window().print();
            }>{label}</button>
        </Show>
    }
}

/// "Effacer mon test": the person erases their test (answers and result) from the server (a
/// plain form: the browser asks for the confirmation box to be ticked); and "J'ai fini,
/// effacer de cet appareil": the device forgets it (a shared computer), nothing is erased.
#[component]
pub fn DeleteTest() -> impl IntoView {
    let t = &use_i18n().common;
    view! {
        <section class="delete-test no-print" aria-labelledby="supprimer-titre">
            <h2 id="supprimer-titre">{t.delete_title}</h2>
            <p>{t.delete_explain}</p>
            <form method="post" action="/resultat/supprimer">
                <div class="choice">
                    <input type="checkbox" id="supprimer-confirme" name="confirme" value="oui" required/>
                    <label for="supprimer-confirme">{t.delete_confirm}</label>
                </div>
                <button type="submit" class="button secondary">{t.delete_button}</button>
            </form>
            <form method="post" action="/terminer">
                <p>{t.forget_explain}</p>
                <button type="submit" class="button secondary">{t.forget_button}</button>
            </form>
        </section>
    }
}
