//! Every sentence a person reads, one table per feature, one set of tables per language.
//!
//! Pages never hold literal text: they read [`use_i18n`], which returns the [`Language`] chosen
//! for the request (from `Accept-Language` on the server, from `<html lang>` in the browser) and
//! provided through Leptos context. Adding a language is adding one more `Language` value built
//! from its own tables and listing it in [`LANGUAGES`].

pub mod advice;
#[cfg(feature = "ssr")]
pub mod analysis;
pub mod assessment;
pub mod common;
#[cfg(feature = "ssr")]
pub mod errors;
pub mod legal;
#[cfg(feature = "ssr")]
pub mod mediation;
#[cfg(feature = "ssr")]
pub mod observatory;
pub mod places;
pub mod premiers_pas;

pub use advice::Advice;
pub use assessment::Assessment;
pub use common::Common;
#[cfg(feature = "ssr")]
pub use errors::Errors;
pub use places::Places;
pub use premiers_pas::PremiersPas;

/// One language's tables, by feature.
#[derive(Debug, Clone, Copy)]
pub struct Language {
    /// BCP 47 code, as in `<html lang>`.
    pub code: &'static str,
    pub common: Common,
    pub assessment: Assessment,
    pub advice: Advice,
    /// The API's and the server's error messages (never in the browser's bundle).
    #[cfg(feature = "ssr")]
    pub errors: Errors,
    pub premiers_pas: PremiersPas,
    pub places: Places,
}

/// French, the reference language.
pub const FR: Language = Language {
    code: "fr",
    common: common::FR,
    assessment: assessment::FR,
    advice: advice::FR,
    #[cfg(feature = "ssr")]
    errors: errors::FR,
    premiers_pas: premiers_pas::FR,
    places: places::FR,
};

/// Every language the site speaks; the first is the default.
pub const LANGUAGES: &[&Language] = &[&FR];

/// The language for an `Accept-Language` header (or `<html lang>`): the first listed language
/// we speak, else the default.
pub fn negotiate(accept: Option<&str>) -> &'static Language {
    let wanted = accept.unwrap_or_default().split(',').filter_map(|part| {
        let tag = part.split(';').next()?.trim();
        tag.split('-').next().map(str::to_ascii_lowercase)
    });
    for tag in wanted {
        if let Some(l) = LANGUAGES.iter().find(|l| l.code == tag) {
            return l;
        }
    }
    LANGUAGES[0]
}

/// The language of the current page, as provided by the app's root (default: French).
pub fn use_i18n() -> &'static Language {
    leptos::prelude::use_context::<&'static Language>().unwrap_or(LANGUAGES[0])
}

/// Fills `{name}` placeholders in a string from the table.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_named_placeholder() {
        let s = fill(
            FR.assessment.progress_words_many,
            &[("answered", "3".into()), ("expected", "40".into())],
        );
        assert_eq!(s, "3 questions répondues sur environ 40");
    }

    #[test]
    fn an_unknown_language_falls_back_to_french() {
        assert_eq!(negotiate(Some("de-DE,de;q=0.9")).code, "fr");
        assert_eq!(negotiate(Some("en;q=0.8, fr-FR")).code, "fr");
        assert_eq!(negotiate(None).code, "fr");
    }
}
