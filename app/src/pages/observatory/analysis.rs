//! The analysts' page: one month and région (or all) of the analysts' table — the people of
//! each département by age group — and the links to download the whole table. Written by the
//! server alone, like the public pages.

use axum::{http::StatusCode, response::Response};
use leptos::prelude::*;

use super::{month_label, number, scroll_table};
use crate::assets::Assets;
use crate::i18n::{FR, analysis, fill};
use crate::pages::mediation::{page, staff_bar};
use crate::service::mediation::StaffMember;
use crate::service::observatory::analysis::NAME;
use crate::service::observatory::release::cross::AGE_GROUPS;

pub const ANALYSIS_PATH: &str = "/observatoire/analyse";

fn strings() -> &'static analysis::Analysis {
    analysis::for_language(&FR)
}

/// What the page shows.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub who: StaffMember,
    /// The released months, oldest first.
    pub months: Vec<String>,
    /// (code, name) of every région.
    pub regions: Vec<(String, String)>,
    pub month: String,
    /// The chosen région's code, or empty for all.
    pub region: String,
    /// (code, name, the people of each age group, `None` when suppressed) of each département
    /// shown.
    pub rows: Vec<(String, String, Vec<Option<u64>>)>,
}

fn cell_text(count: Option<u64>) -> String {
    let t = strings();
    count.map_or_else(
        || t.hidden.to_owned(),
        |n| fill(t.cell, &[("people", number(n))]),
    )
}

fn choice(a: &Analysis) -> AnyView {
    let t = strings();
    let o = super::strings();
    view! {
        <form method="get" action=ANALYSIS_PATH class="observatory-choice">
            <fieldset>
                <legend>{t.choose}</legend>
                <div class="field">
                    <label for="mois">{o.month}</label>
                    <select id="mois" name="mois">
                        {a.months.iter().rev().map(|m| {
                            let selected = *m == a.month;
                            view! { <option value=m.clone() selected=selected>{month_label(m)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="region">{t.region}</label>
                    <select id="region" name="region">
                        <option value="" selected=a.region.is_empty()>{t.all_regions}</option>
                        {a.regions.iter().map(|(code, name)| {
                            let selected = *code == a.region;
                            view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{o.show}</button>
            </fieldset>
        </form>
    }
    .into_any()
}

fn table(a: &Analysis) -> AnyView {
    let t = strings();
    let region = a
        .regions
        .iter()
        .find(|(c, _)| *c == a.region)
        .map_or(t.all_regions.to_owned(), |(_, n)| n.clone());
    let caption = fill(
        t.caption,
        &[("month", month_label(&a.month)), ("region", region)],
    );
    let head = view! {
        <tr>
            <th scope="col">{t.departement}</th>
            {AGE_GROUPS.iter().map(|(g, _)| view! { <th scope="col">{*g}</th> }).collect_view()}
        </tr>
    }
    .into_any();
    let rows = view! {
        {a.rows.iter().map(|(code, name, cells)| view! {
            <tr>
                <th scope="row">{format!("{code} {name}")}</th>
                {cells.iter().map(|&c| view! { <td>{cell_text(c)}</td> }).collect_view()}
            </tr>
        }).collect_view()}
    }
    .into_any();
    view! {
        <p>{t.how_to_read}</p>
        {scroll_table("analyse-legende", caption, head, rows)}
    }
    .into_any()
}

/// The analysts' page.
pub fn analysis_page(assets: &Assets, a: Analysis) -> Response {
    let t = strings();
    let m = crate::pages::mediation::strings();
    let exports = view! {
        <section aria-labelledby="exports-titre">
            <h2 id="exports-titre">{t.exports}</h2>
            <ul class="links">
                <li><a href=format!("{ANALYSIS_PATH}/{NAME}.csv")>{t.export_csv}</a></li>
                <li><a href=format!("{ANALYSIS_PATH}/{NAME}.json")>{t.export_json}</a></li>
                <li><a href=format!("{ANALYSIS_PATH}/{NAME}.schema.json")>{t.export_schema}</a></li>
            </ul>
        </section>
    }
    .into_any();
    let body = if a.months.is_empty() {
        view! { <p role="status">{t.nothing_yet}</p> }.into_any()
    } else {
        view! { {choice(&a)} {table(&a)} {exports} }.into_any()
    };
    page(
        assets,
        StatusCode::OK,
        t.title,
        view! {
            {staff_bar(m, &a.who)}
            <h1>{t.title}</h1>
            <p>{t.lead}</p>
            {body}
        },
    )
}
