//! The analysts' page: one month, competence and région (or all) of the analysts' tables — the
//! people of each département by age group, and the share of them at level 1 or above — and
//! the links to download each whole table. Written by the server alone, like the public pages.

use axum::{http::StatusCode, response::Response};
use leptos::prelude::*;

use super::{month_label, number, percent, scroll_table};
use crate::assets::Assets;
use crate::i18n::{FR, analysis, fill};
use crate::pages::mediation::{page, staff_bar};
use crate::service::mediation::StaffMember;
use crate::service::observatory::analysis::{COMPETENCES_NAME, NAME};
use crate::service::observatory::release::cross::AGE_GROUPS;

pub const ANALYSIS_PATH: &str = "/observatoire/analyse";

fn strings() -> &'static analysis::Analysis {
    analysis::for_language(&FR)
}

/// What the page shows.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub who: StaffMember,
    /// (code, name) of every competence.
    pub competences: Vec<(String, String)>,
    pub competence: String,
    /// The released months, oldest first.
    pub months: Vec<String>,
    /// (code, name) of every région.
    pub regions: Vec<(String, String)>,
    pub month: String,
    /// The chosen région's code, or empty for all.
    pub region: String,
    /// (code, name, for each age group the people and the share of them at level 1 or above
    /// in the competence, `None` when suppressed) of each département shown.
    pub rows: Vec<AnalysisRow>,
}

/// For one age group: the people, and the share of them at level 1 or above (`None` when
/// suppressed).
pub type AnalysisCell = (Option<u64>, Option<f64>);
/// A département's code, name and cells, one per age group.
pub type AnalysisRow = (String, String, Vec<AnalysisCell>);

fn cell_text((people, share): AnalysisCell) -> String {
    let t = strings();
    match (people, share) {
        (None, _) => t.hidden.to_owned(),
        (Some(0), _) => t.nobody.to_owned(),
        (Some(n), Some(share)) => fill(t.cell, &[("people", number(n)), ("share", percent(share))]),
        (Some(n), None) => fill(t.cell_people_only, &[("people", number(n))]),
    }
}

fn choice(a: &Analysis) -> AnyView {
    let t = strings();
    let o = super::strings();
    view! {
        <form method="get" action=ANALYSIS_PATH class="observatory-choice">
            <fieldset>
                <legend>{t.choose}</legend>
                <div class="field">
                    <label for="competence">{o.competence}</label>
                    <select id="competence" name="competence">
                        {a.competences.iter().map(|(code, name)| {
                            let selected = *code == a.competence;
                            view! { <option value=code.clone() selected=selected>{format!("{code} {name}")}</option> }
                        }).collect_view()}
                    </select>
                </div>
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
    let competence = a
        .competences
        .iter()
        .find(|(c, _)| *c == a.competence)
        .map_or_else(|| a.competence.clone(), |(c, n)| format!("{c} {n}"));
    let caption = fill(
        t.caption,
        &[
            ("competence", competence),
            ("month", month_label(&a.month)),
            ("region", region),
        ],
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
    let links = |name: &str, label: &'static str, short: &'static str| {
        let text = |s: &str| fill(s, &[("table", short.to_owned())]);
        view! {
            <li>
                {label}
                <ul class="links">
                    <li><a href=format!("{ANALYSIS_PATH}/{name}.csv")>{text(t.export_csv)}</a></li>
                    <li><a href=format!("{ANALYSIS_PATH}/{name}.json")>{text(t.export_json)}</a></li>
                    <li><a href=format!("{ANALYSIS_PATH}/{name}.schema.json")>{text(t.export_schema)}</a></li>
                </ul>
            </li>
        }
    };
    let exports = view! {
        <section aria-labelledby="exports-titre">
            <h2 id="exports-titre">{t.exports}</h2>
            <ul>
                {links(NAME, t.export_people, t.short_people)}
                {links(COMPETENCES_NAME, t.export_competences, t.short_competences)}
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
