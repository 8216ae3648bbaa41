//! "Vos données" (what is kept, how long, who sees it, the person's rights) and the
//! accessibility declaration. Their text is written by the server from `i18n::legal` and the
//! settings (retention, contact) and kept as received by the browser, so it is not in the
//! WASM bundle; links to them load the page from the server (`rel="external"`).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_i18n;

pub const PRIVACY_PATH: &str = "/confidentialite";
pub const ACCESSIBILITY_PATH: &str = "/accessibilite";

#[derive(Clone, Copy)]
enum Which {
    Privacy,
    Accessibility,
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! { <LegalPage which=Which::Privacy/> }
}

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! { <LegalPage which=Which::Accessibility/> }
}

#[component]
fn LegalPage(which: Which) -> impl IntoView {
    let t = &use_i18n().common;
    let title = match which {
        Which::Privacy => t.privacy_title,
        Which::Accessibility => t.accessibility_title,
    };
    crate::pages::when_live(crate::pages::reload_if_server_part_missing);
    #[cfg(feature = "ssr")]
    let body = render::body(which);
    #[cfg(not(feature = "ssr"))]
    let body = {
        let _ = which;
        String::new()
    };
    view! {
        <Title text=format!("{} – {}", title, t.site_name)/>
        <h1>{title}</h1>
        <div class="legal" data-server-part="" inner_html=body></div>
    }
}

#[cfg(feature = "ssr")]
mod render {
    use std::fmt::Write;

    use html_escape::encode_text;
    use leptos::prelude::use_context;

    use super::Which;
    use crate::i18n::{fill, legal};
    use crate::state::AppState;

    /// The page's sections as HTML, with the settings filled in.
    pub fn body(which: Which) -> String {
        let t = &legal::FR;
        let settings = use_context::<AppState>().map(|s| s.settings);
        let contact = match settings.as_ref().and_then(|s| s.contact_email.clone()) {
            Some(email) => fill(t.contact_set, &[("contact", email)]),
            None => t.contact_unset.to_owned(),
        };
        let days = |f: fn(&crate::settings::Settings) -> u32, default: u32| {
            settings.as_deref().map_or(default, f).to_string()
        };
        let values = [
            ("unfinished_days", days(|s| s.retention_unfinished_days, 30)),
            ("answers_days", days(|s| s.retention_answers_days, 365)),
            (
                "beneficiary_months",
                days(|s| s.retention_beneficiary_months, 24),
            ),
            ("contact", contact),
        ];
        let (intro, sections) = match which {
            Which::Privacy => (t.privacy_intro, t.privacy),
            Which::Accessibility => (t.accessibility_intro, t.accessibility),
        };
        let mut out = format!("<p class=\"lead\">{}</p>", encode_text(intro));
        for section in sections {
            let _ = write!(out, "<h2>{}</h2>", encode_text(section.heading));
            for p in section.paragraphs {
                let _ = write!(out, "<p>{}</p>", encode_text(&fill(p, &values)));
            }
        }
        out
    }
}
