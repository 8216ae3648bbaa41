//! "Find help near you", on the Premiers pas sheet and the citizen's result: a plain GET form (postcode or département,
//! an optional specific need) and the places found, with what a person needs to go there.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::domain::{NEEDS, Place, PlaceService, PlacesNear};
use crate::i18n::use_i18n;
use crate::server_fns::find_places;

#[component]
pub fn PlacesNearby(service: PlaceService) -> impl IntoView {
    let t = &use_i18n().places;
    let query = use_query_map();
    let typed = query.read_untracked().get("ou").unwrap_or_default();
    let need = query
        .read_untracked()
        .get("besoin")
        .filter(|n| !n.is_empty());
    let search = (!typed.trim().is_empty()).then(|| (typed.clone(), need.clone()));
    let found = Resource::new(
        move || search.clone(),
        move |search| async move {
            match search {
                Some((typed, need)) => find_places(typed, service, need).await.ok(),
                None => None,
            }
        },
    );
    view! {
        <section class="places" aria-labelledby="lieux-titre">
            <h2 id="lieux-titre">{t.title}</h2>
            <form method="get" action="/resultat" class="no-print">
                <div class="field">
                    <label for="ou">{t.where_label}</label>
                    <input type="text" id="ou" name="ou" value=typed autocomplete="postal-code"
                        inputmode="text" required=true/>
                </div>
                <div class="field">
                    <label for="besoin">{t.need}</label>
                    <select id="besoin" name="besoin">
                        <option value="">{t.need_none}</option>
                        {NEEDS.iter().map(|n| {
                            let selected = need.as_deref() == Some(*n);
                            view! { <option value=*n selected=selected>{*n}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{t.search}</button>
            </form>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match found.await {
                        None => ().into_any(),
                        Some(PlacesNear::Unknown) => view! {
                            <p class="error" role="alert">{t.unknown}</p>
                        }.into_any(),
                        Some(PlacesNear::Found { places, .. }) => view! {
                            <PlaceList places/>
                        }.into_any(),
                        Some(PlacesNear::Others { places, .. }) if places.is_empty() => view! {
                            <p role="status">{t.none}</p>
                        }.into_any(),
                        Some(PlacesNear::Others { places, .. }) => view! {
                            <p role="status">{t.others}</p>
                            <PlaceList places/>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PlaceList(places: Vec<Place>) -> impl IntoView {
    let t = &use_i18n().places;
    let line = |label: &'static str, value: Option<String>| {
        value.filter(|v| !v.is_empty()).map(|v| {
            view! { <p><span class="label">{label}" : "</span>{v}</p> }
        })
    };
    view! {
        <ul class="place-list">
            {places.into_iter().map(|p| {
                let address = format!(
                    "{}{}, {} {}",
                    p.adresse,
                    p.complement_adresse.map(|c| format!(", {c}")).unwrap_or_default(),
                    p.code_postal,
                    p.commune
                );
                view! {
                    <li class="place">
                        <h3>{p.nom}</h3>
                        <p>{address}</p>
                        {line(t.hours, p.horaires)}
                        {line(t.phone, p.telephone)}
                        {line(t.cost, Some(p.frais_a_charge.join(", ")))}
                        {line(t.needs, Some(p.prise_en_charge_specifique.join(", ")))}
                        {p.prise_rdv.map(|url| view! {
                            <p><a href=url rel="noopener noreferrer">{t.booking}</a></p>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
