//! "Find help near you", on the Premiers pas sheet and the citizen's result: a plain GET form
//! (postcode or département, an optional specific need) and the places the server found, with
//! what a person needs to go there.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::domain::{NEEDS, PlaceCard, PlacesNear, PlacesQuery};
use crate::i18n::use_i18n;

/// What the page's address asks for (`?ou=…&besoin=…`), if anything.
pub fn places_query() -> Option<PlacesQuery> {
    let query = use_query_map();
    let q = query.read_untracked();
    let typed = q.get("ou").unwrap_or_default();
    (!typed.trim().is_empty()).then(|| PlacesQuery {
        typed,
        need: q.get("besoin").filter(|n| !n.is_empty()),
    })
}

#[component]
pub fn PlacesNearby(places: PlacesNear) -> impl IntoView {
    let t = &use_i18n().places;
    let asked = places_query().unwrap_or_default();
    let found = match places {
        PlacesNear::NotAsked => ().into_any(),
        PlacesNear::Unknown => view! { <p class="error" role="alert">{t.unknown}</p> }.into_any(),
        PlacesNear::Found(cards) => view! { <PlaceList cards/> }.into_any(),
        PlacesNear::Others(cards) if cards.is_empty() => {
            view! { <p role="status">{t.none}</p> }.into_any()
        }
        PlacesNear::Others(cards) => view! {
            <p role="status">{t.others}</p>
            <PlaceList cards/>
        }
        .into_any(),
    };
    view! {
        <section class="places" aria-labelledby="lieux-titre">
            <h2 id="lieux-titre">{t.title}</h2>
            <form method="get" action="/resultat" class="no-print">
                <div class="field">
                    <label for="ou">{t.where_label}</label>
                    <input type="text" id="ou" name="ou" value=asked.typed autocomplete="postal-code"
                        required=true/>
                </div>
                <div class="field">
                    <label for="besoin">{t.need}</label>
                    <select id="besoin" name="besoin">
                        <option value="">{t.need_none}</option>
                        {NEEDS.iter().map(|n| {
                            let selected = asked.need.as_deref() == Some(*n);
                            view! { <option value=*n selected=selected>{*n}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{t.search}</button>
            </form>
            {found}
        </section>
    }
}

#[component]
fn PlaceList(cards: Vec<PlaceCard>) -> impl IntoView {
    let t = &use_i18n().places;
    view! {
        <ul class="place-list">
            {cards.into_iter().map(|c| view! {
                <li class="place">
                    <h3>{c.name}</h3>
                    {c.lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
                    {c.booking.map(|url| view! {
                        <p><a href=url rel="noopener noreferrer">{t.booking}</a></p>
                    })}
                </li>
            }).collect_view()}
        </ul>
    }
}
