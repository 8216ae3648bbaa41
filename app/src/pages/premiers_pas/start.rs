//! The start of Premiers pas: what it is, in short sentences; one question (a procedure to do
//! very soon?); one big button. A plain form: it works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_i18n;

#[component]
pub fn StartPage() -> impl IntoView {
    let site = use_i18n().common.site_name;
    let t = &use_i18n().premiers_pas;
    view! {
        <Title text=format!("{} – {}", t.start_title, site)/>
        <h1>{t.start_title}</h1>
        <ul class="facts easy">
            {t.start_lines.iter().map(|l| view! { <li>{*l}</li> }).collect_view()}
        </ul>
        <form method="post" action="/premiers-pas/commencer" class="start-beginner">
            <fieldset aria-describedby="urgent-exemples">
                <legend>{t.urgent_question}</legend>
                <p id="urgent-exemples" class="hint">{t.urgent_examples}</p>
                <div class="choice big">
                    <input type="radio" id="urgent-oui" name="urgent" value="oui"/>
                    <label for="urgent-oui">{t.yes}</label>
                </div>
                <div class="choice big">
                    <input type="radio" id="urgent-non" name="urgent" value="non"/>
                    <label for="urgent-non">{t.no}</label>
                </div>
            </fieldset>
            <button type="submit" class="button big">{t.start_button}</button>
        </form>
    }
}
