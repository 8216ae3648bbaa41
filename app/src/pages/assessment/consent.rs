//! The optional, explicit consent to give an anonymous record to the observatory.

use leptos::prelude::*;

use crate::domain::{AGE_BANDS, departements};
use crate::i18n::use_i18n;

/// The form; `beginner`: Premiers pas, in easy-to-read French.
#[component]
pub fn ConsentForm(given: bool, #[prop(optional)] beginner: bool) -> impl IntoView {
    let t = &use_i18n().assessment;
    let e = &use_i18n().premiers_pas;
    let pick = |citizen, easy| if beginner { easy } else { citizen };
    let title = pick(t.consent_title, e.consent_title);
    if given {
        return view! {
            <section class="consent no-print" aria-labelledby="consentement">
                <h2 id="consentement">{title}</h2>
                <p role="status">{pick(t.consent_thanks, e.consent_thanks)}</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="consent no-print" aria-labelledby="consentement">
            <h2 id="consentement">{title}</h2>
            <p>{pick(t.consent_text, e.consent_text)}</p>
            <form method="post" action="/resultat/consentement">
                <div class="choice">
                    <input type="checkbox" id="consent" name="consent" value="oui" required=true/>
                    <label for="consent">{pick(t.consent_checkbox, e.consent_checkbox)}</label>
                </div>
                <div class="field inline">
                    <label for="departement">{pick(t.consent_departement, e.consent_departement)}</label>
                    <select id="departement" name="departement">
                        <option value="">{t.consent_optional}</option>
                        {departements().into_iter().map(|d| view! { <option value=d.clone()>{d.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field inline">
                    <label for="age">{pick(t.consent_age, e.consent_age)}</label>
                    <select id="age" name="age_band">
                        <option value="">{t.consent_optional}</option>
                        {AGE_BANDS.iter().map(|a| view! { <option value=*a>{*a}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{pick(t.consent_submit, e.consent_submit)}</button>
            </form>
        </section>
    }
    .into_any()
}
