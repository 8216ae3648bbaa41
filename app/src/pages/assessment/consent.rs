//! The optional, explicit consent to give an anonymous record to the observatory.

use leptos::prelude::*;

use crate::domain::{AGE_BANDS, departements};
use crate::i18n::use_i18n;

#[component]
pub fn ConsentForm(given: bool) -> impl IntoView {
    let t = &use_i18n().assessment;
    if given {
        return view! {
            <section class="consent no-print" aria-labelledby="consentement">
                <h2 id="consentement">{t.consent_title}</h2>
                <p role="status">{t.consent_thanks}</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="consent no-print" aria-labelledby="consentement">
            <h2 id="consentement">{t.consent_title}</h2>
            <p>{t.consent_text}</p>
            <form method="post" action="/resultat/consentement">
                <div class="choice">
                    <input type="checkbox" id="consent" name="consent" value="oui" required=true/>
                    <label for="consent">{t.consent_checkbox}</label>
                </div>
                <div class="field inline">
                    <label for="departement">{t.consent_departement}</label>
                    <select id="departement" name="departement">
                        <option value="">{t.consent_optional}</option>
                        {departements().into_iter().map(|d| view! { <option value=d.clone()>{d.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field inline">
                    <label for="age">{t.consent_age}</label>
                    <select id="age" name="age_band">
                        <option value="">{t.consent_optional}</option>
                        {AGE_BANDS.iter().map(|a| view! { <option value=*a>{*a}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{t.consent_submit}</button>
            </form>
        </section>
    }
    .into_any()
}
