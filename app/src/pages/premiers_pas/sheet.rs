//! The Premiers pas result: each skill in words and with a pictogram, and where to go next.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::domain::{BeginnerResult, Orientation, Outcome, PlacesNear};
use crate::i18n::{fill, use_i18n};
use crate::pages::layout::PrintButton;
use crate::pages::places::PlacesNearby;

#[component]
pub fn BeginnerSheet(result: BeginnerResult, places: Option<PlacesNear>) -> impl IntoView {
    let site = use_i18n().common.site_name;
    let t = &use_i18n().premiers_pas;
    let advice = match result.orientation {
        Orientation::Urgence => t.urgence,
        Orientation::Accompagnement => t.accompagnement,
        Orientation::Autonomie => t.autonomie,
    };
    view! {
        <Title text=format!("{} – {}", t.result_title, site)/>
        <h1>{t.result_title}</h1>
        <p class="lead">{t.result_intro}</p>
        <PrintButton label=t.print/>
        <p>{fill(t.tasks_done, &[("count", result.tasks.to_string())])}</p>
        <h2>{t.skills_title}</h2>
        <ul class="skills">
            {result.skills.into_iter().map(|s| {
                let (mark, words, class) = match s.outcome {
                    Outcome::Acquis => ("✔", t.acquis, "skill acquis"),
                    Outcome::EnCours => ("◐", t.en_cours, "skill en-cours"),
                    Outcome::ATravailler => ("○", t.a_travailler, "skill a-travailler"),
                };
                view! {
                    <li class=class>
                        <span class="mark" aria-hidden="true">{mark}</span>
                        <span class="skill-name">{s.name}</span>
                        " : "
                        <strong>{words}</strong>
                    </li>
                }
            }).collect_view()}
        </ul>
        {(result.not_reached > 0).then(|| view! {
            <p>{fill(t.not_reached, &[("count", result.not_reached.to_string())])}</p>
        })}
        <h2>{t.next_title}</h2>
        <p class=format!("orientation {}", match result.orientation {
            Orientation::Urgence => "urgence",
            Orientation::Accompagnement => "accompagnement",
            Orientation::Autonomie => "autonomie",
        })>{advice}</p>
        {places.map(|places| view! { <PlacesNearby places/> })}
        <crate::pages::assessment::ConsentForm given=result.consent_given beginner=true/>
        <crate::pages::layout::DeleteTest/>
    }
}
