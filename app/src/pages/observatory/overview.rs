//! The overview: one competence and month — the country, the régions, the map and its table,
//! the months before and the age bands.

use axum::{http::StatusCode, response::Response};
use leptos::prelude::*;

use super::charts::{levels_svg, trend_svg};
use super::*;
use crate::assets::Assets;
use crate::pages::mediation::public_page;

/// The overview page.
pub fn overview_page(assets: &Assets, o: Overview) -> Response {
    let t = strings();
    let body = if o.months.is_empty() {
        view! {
            <h1>{t.title}</h1>
            <p>{t.lead}</p>
            <p role="status">{t.nothing_yet}</p>
            <Links/>
        }
        .into_any()
    } else {
        overview(o).into_any()
    };
    public_page(assets, StatusCode::OK, t.title, body)
}

#[component]
fn Links() -> impl IntoView {
    let t = strings();
    view! {
        <ul class="links">
            <li><a href=METHOD_PATH>{t.method_link}</a></li>
            <li><a href=DATA_PATH>{t.data_link}</a></li>
        </ul>
    }
}

fn overview(o: Overview) -> impl IntoView {
    let t = strings();
    let competence_name = o
        .competences
        .iter()
        .find(|(c, _)| *c == o.competence)
        .map(|(c, n)| format!("{c} {n}"))
        .unwrap_or_else(|| o.competence.clone());
    let month = month_label(&o.month);
    let national_title = fill(
        t.national_title,
        &[
            ("competence", competence_name.clone()),
            ("month", month.clone()),
        ],
    );
    let map_label = fill(
        t.map_label,
        &[("competence", competence_name.clone()), ("month", month)],
    );
    let trends_label = fill(t.trends_label, &[("competence", competence_name)]);
    let people = match o.national.as_ref().and_then(|c| c.count) {
        Some(n) => fill(t.people_measured, &[("people", number(n))]),
        None => t.people_hidden.to_owned(),
    };
    let basic = match o.national.as_ref().and_then(|c| c.at_least_basic) {
        Some(s) => fill(t.basic_share, &[("share", percent(s))]),
        None => t.basic_hidden.to_owned(),
    };
    let shares: Vec<Option<f64>> = o
        .national
        .as_ref()
        .and_then(|c| c.shares.clone())
        .unwrap_or_else(|| vec![None; 9]);
    let levels_svg = levels_svg(&shares);
    let map_svg = map::map_svg(&o.departements, "carte-titre", "carte-desc");
    let trend_svg = trend_svg(&o.trend, &trends_label);
    let head = view! {
        <h1>{t.title}</h1>
        <p>{t.lead}</p>
        <Links/>
        <form method="get" action=PATH class="observatory-choice">
            <fieldset>
                <legend>{t.choose}</legend>
                <div class="field">
                    <label for="competence">{t.competence}</label>
                    <select id="competence" name="competence">
                        {o.competences.iter().map(|(code, name)| {
                            let selected = *code == o.competence;
                            view! { <option value=code.clone() selected=selected>{format!("{code} {name}")}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="mois">{t.month}</label>
                    <select id="mois" name="mois">
                        {o.months.iter().rev().map(|m| {
                            let selected = *m == o.month;
                            view! { <option value=m.clone() selected=selected>{month_label(m)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{t.show}</button>
            </fieldset>
        </form>
    }
    .into_any();
    let national = view! {
        <section aria-labelledby="national-titre">
            <h2 id="national-titre">{national_title}</h2>
            <p>{people}" "{basic}</p>
            <div class="chart" aria-hidden="true" inner_html=levels_svg></div>
            {scroll_table(
                "niveaux-legende",
                t.levels_caption.to_owned(),
                view! { <tr><th scope="col">{t.level}</th><th scope="col">{t.share}</th></tr> }.into_any(),
                view! {
                        {shares.iter().enumerate().map(|(l, s)| view! {
                            <tr>
                                <th scope="row">{level_name(l)}</th>
                                <td>{s.map_or_else(|| t.hidden.to_owned(), percent)}</td>
                            </tr>
                        }).collect_view()}
                }.into_any(),
            )}
        </section>
    }
    .into_any();
    let regions = view! {
        <section aria-labelledby="regions-titre">
            <h2 id="regions-titre">{t.regions_title}</h2>
            {scroll_table(
                "regions-legende",
                t.regions_caption.to_owned(),
                view! {
                        <tr>
                            <th scope="col">{t.region}</th>
                            <th scope="col">{t.people}</th>
                            <th scope="col">{t.basic}</th>
                            {(0..9).map(|l| view! { <th scope="col">{fill(t.level_n, &[("level", l.to_string())])}</th> }).collect_view()}
                        </tr>
                }.into_any(),
                view! {
                        {o.regions.iter().map(|(_, name, cell)| {
                            let shares = cell.as_ref().and_then(|c| c.shares.clone());
                            view! {
                                <tr>
                                    <th scope="row">{name.clone()}</th>
                                    <td>{count_text(cell.as_ref())}</td>
                                    <td>{basic_text(cell.as_ref())}</td>
                                    {(0..9).map(|l| {
                                        let v = shares.as_ref().and_then(|s| s.get(l).copied().flatten());
                                        view! { <td>{v.map_or_else(|| t.hidden.to_owned(), percent)}</td> }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                }.into_any(),
            )}
        </section>
    }
    .into_any();
    let figure = view! {
            <figure class="map">
                <p id="carte-titre" class="visually-hidden">{map_label}</p>
                <p id="carte-desc" class="visually-hidden">{t.map_desc}</p>
                <div inner_html=map_svg></div>
                <figcaption>{map::legend()}<p class="source">{t.map_source}</p></figcaption>
            </figure>
    }
    .into_any();
    let details = view! {
            <details class="result-details">
                <summary>{t.map_table}</summary>
                {scroll_table(
                    "departements-legende",
                    t.map_caption.to_owned(),
                    view! {
                            <tr>
                                <th scope="col">{t.departement}</th>
                                <th scope="col">{t.people}</th>
                                <th scope="col">{t.region}</th>
                                <th scope="col">{t.region_basic}</th>
                            </tr>
                    }.into_any(),
                    view! {
                            {o.departements.iter().map(|d| view! {
                                <tr>
                                    <th scope="row">{format!("{} {}", d.code, d.name)}</th>
                                    <td>{count_text(d.cell.as_ref())}</td>
                                    <td>{d.region.clone()}</td>
                                    <td>{basic_text(d.region_cell.as_ref())}</td>
                                </tr>
                            }).collect_view()}
                    }.into_any(),
                )}
            </details>
    }
    .into_any();
    let map = view! {
        <section aria-labelledby="carte-section">
            <h2 id="carte-section">{t.map_title}</h2>
            <p>{t.map_intro}</p>
            {figure}
            {details}
        </section>
    }
    .into_any();
    let trend = view! {
        <section aria-labelledby="evolution-titre">
            <h2 id="evolution-titre">{t.trends_title}</h2>
            <div class="chart" aria-hidden="true" inner_html=trend_svg></div>
            {scroll_table(
                "evolution-legende",
                t.trends_caption.to_owned(),
                view! {
                        <tr>
                            <th scope="col">{t.month}</th>
                            <th scope="col">{t.people}</th>
                            <th scope="col">{t.basic}</th>
                        </tr>
                }.into_any(),
                view! {
                        {o.trend.iter().map(|c| view! {
                            <tr>
                                <th scope="row">{month_label(c.dimensions.get("month").map_or("", String::as_str))}</th>
                                <td>{count_text(Some(c))}</td>
                                <td>{basic_text(Some(c))}</td>
                            </tr>
                        }).collect_view()}
                }.into_any(),
            )}
        </section>
    }
    .into_any();
    let ages = view! {
        <section aria-labelledby="ages-titre">
            <h2 id="ages-titre">{t.ages_title}</h2>
            {scroll_table(
                "ages-legende",
                t.ages_caption.to_owned(),
                view! { <tr><th scope="col">{t.age_band}</th><th scope="col">{t.people}</th></tr> }.into_any(),
                view! {
                        {o.ages.iter().map(|(band, cell)| view! {
                            <tr><th scope="row">{band.clone()}</th><td>{count_text(cell.as_ref())}</td></tr>
                        }).collect_view()}
                }.into_any(),
            )}
        </section>
    }
    .into_any();
    let beginners = beginners_section(&o.beginners, &o.month);
    view! { {head} {national} {regions} {map} {trend} {ages} {beginners} }
}

/// Premiers pas: the orientation proposed, for the country and each région, in the month.
fn beginners_section(rows: &[BeginnerRow], month: &str) -> AnyView {
    let t = strings();
    let cell_text = |cell: &Option<Cell>| match cell {
        None => t.no_data.to_owned(),
        Some(c) => match (c.count, c.share) {
            (None, _) => t.hidden.to_owned(),
            (Some(n), Some(s)) => fill(
                t.beginners_cell,
                &[("people", number(n)), ("share", percent(s))],
            ),
            (Some(n), None) => number(n),
        },
    };
    view! {
        <section aria-labelledby="premiers-pas-titre">
            <h2 id="premiers-pas-titre">{t.beginners_title}</h2>
            <p>{t.beginners_intro}</p>
            <ul>
                <li><strong>{t.orientation_names[0]}</strong>" : "{t.beginners_urgence}</li>
                <li><strong>{t.orientation_names[1]}</strong>" : "{t.beginners_accompagnement}</li>
                <li><strong>{t.orientation_names[2]}</strong>" : "{t.beginners_autonomie}</li>
            </ul>
            {scroll_table(
                "premiers-pas-legende",
                fill(t.beginners_caption, &[("month", month_label(month))]),
                view! {
                    <tr>
                        <th scope="col">{t.territory}</th>
                        {t.orientation_names.iter().map(|n| view! { <th scope="col">{*n}</th> }).collect_view()}
                    </tr>
                }.into_any(),
                view! {
                    {rows.iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.name.clone()}</th>
                            {r.cells.iter().map(|c| view! { <td>{cell_text(c)}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                }.into_any(),
            )}
        </section>
    }
    .into_any()
}
