//! The observatory's public pages, written by the server alone (no WASM, no script): the levels
//! of a competence for a month — the country, the régions, a map of the départements with its
//! table, the months before, the age bands — the method, and the open data. Every chart has a
//! table that says the same, and the tables are the reference for screen readers.

mod map;

use axum::{http::StatusCode, response::Response};
use leptos::prelude::*;

use crate::assets::Assets;
use crate::i18n::{FR, fill, observatory::Observatory};
use crate::pages::mediation::public_page;
use crate::service::observatory::tables::Cell;

pub const PATH: &str = "/observatoire";
pub const METHOD_PATH: &str = "/observatoire/methode";
pub const DATA_PATH: &str = "/observatoire/donnees";

/// The observatory's strings for this request.
pub fn strings() -> &'static Observatory {
    crate::i18n::observatory::for_language(&FR)
}

/// What the overview shows: the published cells of one competence and month.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    /// (code, name) of every competence.
    pub competences: Vec<(String, String)>,
    /// The published months, oldest first.
    pub months: Vec<String>,
    pub competence: String,
    pub month: String,
    pub national: Option<Cell>,
    /// (code, name, cell) of every région.
    pub regions: Vec<(String, String, Option<Cell>)>,
    /// Every département, with its région's cell (the map's colour).
    pub departements: Vec<DepartementRow>,
    /// The national cell of the competence, month by month.
    pub trend: Vec<Cell>,
    /// (band, cell) of every age band.
    pub ages: Vec<(String, Option<Cell>)>,
}

/// A département on the map and in its table.
#[derive(Debug, Clone, Default)]
pub struct DepartementRow {
    pub code: String,
    pub name: String,
    pub cell: Option<Cell>,
    /// Its région's name and cell.
    pub region: String,
    pub region_cell: Option<Cell>,
}

/// "octobre 2026" for "2026-10".
pub fn month_label(month: &str) -> String {
    let t = strings();
    match month.split_once('-') {
        Some((y, m)) => match m.parse::<usize>() {
            Ok(m @ 1..=12) => format!("{} {y}", t.month_names[m - 1]),
            _ => month.to_owned(),
        },
        None => month.to_owned(),
    }
}

/// A share as French writes it: "72 %" (narrow no-break space).
pub fn percent(share: f64) -> String {
    format!("{}\u{202f}%", (share * 100.0).round() as i64)
}

/// A count with thousands separated by a narrow no-break space: "12 345".
pub fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

fn count_text(cell: Option<&Cell>) -> String {
    match cell {
        None => strings().no_data.to_owned(),
        Some(c) => c.count.map_or_else(|| strings().hidden.to_owned(), number),
    }
}

fn basic_text(cell: Option<&Cell>) -> String {
    match cell {
        None => strings().no_data.to_owned(),
        Some(c) => c
            .at_least_basic
            .map_or_else(|| strings().hidden.to_owned(), percent),
    }
}

fn level_name(level: usize) -> String {
    let t = strings();
    if level == 0 {
        t.level_0.to_owned()
    } else {
        fill(t.level_n, &[("level", level.to_string())])
    }
}

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
                t.levels_caption,
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
                t.regions_caption,
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
                    t.map_caption,
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
                t.trends_caption,
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
                t.ages_caption,
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
    view! { {head} {national} {regions} {map} {trend} {ages} }
}

/// A captioned table in its own focusable scrolling region (wide tables scroll there, not the
/// page).
fn scroll_table(id: &'static str, caption: &'static str, head: AnyView, rows: AnyView) -> AnyView {
    view! {
        <div class="table-scroll" role="region" aria-labelledby=id tabindex="0">
            <table class="levels">
                <caption id=id>{caption}</caption>
                <thead>{head}</thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Horizontal bars of the shares per level (a hidden share draws no bar).
fn levels_svg(shares: &[Option<f64>]) -> String {
    const WIDTH: f64 = 360.0;
    const LEFT: f64 = 110.0;
    const ROW: f64 = 26.0;
    let height = ROW * shares.len() as f64 + 8.0;
    let mut out = format!(
        r#"<svg viewBox="0 0 {WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">"#
    );
    for (l, s) in shares.iter().enumerate() {
        let y = 4.0 + ROW * l as f64;
        let label = html_escape::encode_text(&level_name_short(l)).into_owned();
        let (w, value) = match s {
            Some(v) => ((WIDTH - LEFT - 48.0) * v, percent(*v)),
            None => (0.0, strings().hidden.to_owned()),
        };
        out.push_str(&format!(
            r#"<text x="0" y="{ty}" class="label">{label}</text><rect x="{LEFT}" y="{y}" width="{w:.1}" height="16" class="bar"/><text x="{tx:.1}" y="{ty}" class="label">{value}</text>"#,
            ty = y + 13.0,
            tx = LEFT + w + 4.0,
        ));
    }
    out.push_str("</svg>");
    out
}

fn level_name_short(level: usize) -> String {
    fill(strings().level_n, &[("level", level.to_string())])
}

/// A line of the national share at level 1 or above, month by month (gaps where hidden).
fn trend_svg(trend: &[Cell], label: &str) -> String {
    const WIDTH: f64 = 360.0;
    const HEIGHT: f64 = 160.0;
    const LEFT: f64 = 40.0;
    const BOTTOM: f64 = 24.0;
    let plot_w = WIDTH - LEFT - 10.0;
    let plot_h = HEIGHT - BOTTOM - 10.0;
    let mut out = format!(
        r#"<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        html_escape::encode_text(label)
    );
    for p in [0.0, 0.5, 1.0] {
        let y = 10.0 + plot_h * (1.0 - p);
        out.push_str(&format!(
            r#"<line x1="{LEFT}" y1="{y}" x2="{x2}" y2="{y}" class="grid"/><text x="0" y="{ty}" class="axis">{}</text>"#,
            percent(p),
            x2 = WIDTH - 10.0,
            ty = y + 5.0
        ));
    }
    let n = trend.len().max(1);
    let step = if n > 1 { plot_w / (n - 1) as f64 } else { 0.0 };
    let points: Vec<Option<(f64, f64)>> = trend
        .iter()
        .enumerate()
        .map(|(i, c)| {
            c.at_least_basic.map(|s| {
                let x = LEFT + if n > 1 { step * i as f64 } else { plot_w / 2.0 };
                (x, 10.0 + plot_h * (1.0 - s))
            })
        })
        .collect();
    let mut path = String::new();
    let mut pen_down = false;
    for p in &points {
        match p {
            Some((x, y)) => {
                path.push_str(&format!(
                    "{}{x:.1} {y:.1}",
                    if pen_down { "L" } else { "M" }
                ));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    if !path.is_empty() {
        out.push_str(&format!(r#"<path d="{path}" class="line"/>"#));
    }
    for (x, y) in points.iter().flatten() {
        out.push_str(&format!(
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="4" class="dot"/>"#
        ));
    }
    if let (Some(first), Some(last)) = (trend.first(), trend.last()) {
        for (c, x, anchor) in [(first, LEFT, "start"), (last, WIDTH - 10.0, "end")] {
            let m = month_label(c.dimensions.get("month").map_or("", String::as_str));
            out.push_str(&format!(
                r#"<text x="{x}" y="{y}" class="axis" text-anchor="{anchor}">{}</text>"#,
                html_escape::encode_text(&m),
                y = HEIGHT - 4.0
            ));
        }
    }
    out.push_str("</svg>");
    out
}

/// The method page.
pub fn method_page(assets: &Assets) -> Response {
    let t = strings();
    let body = view! {
        <h1>{t.method_title}</h1>
        {t.method.iter().map(|(title, paragraphs)| view! {
            <h2>{*title}</h2>
            {paragraphs.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
        }).collect_view()}
        <p><a href=PATH>{t.back}</a></p>
    };
    public_page(assets, StatusCode::OK, t.method_title, body)
}

/// The open data page: every table, in CSV and JSON, with its columns' description.
pub fn data_page(assets: &Assets, tables: &[(&'static str, &'static str)], rule: &str) -> Response {
    let t = strings();
    let body = view! {
        <h1>{t.data_title}</h1>
        <p>{t.data_intro}</p>
        <p>{t.data_licence}</p>
        <p>{t.data_rule}" "{rule.to_owned()}</p>
        <h2>{t.data_files}</h2>
        <ul class="data-files">
            {tables.iter().map(|(name, title)| view! {
                <li>
                    <h3>{*title}</h3>
                    <ul>
                        <li><a href=format!("{DATA_PATH}/{name}.csv")>{format!("{} — {name}.csv", t.csv)}</a></li>
                        <li><a href=format!("/api/v1/observatory/tables/{name}")>{format!("{} — {name}", t.json)}</a></li>
                        <li><a href=format!("{DATA_PATH}/{name}.schema.json")>{format!("{} — {name}.schema.json", t.schema)}</a></li>
                    </ul>
                </li>
            }).collect_view()}
        </ul>
        <p><a href=PATH>{t.back}</a></p>
    };
    public_page(assets, StatusCode::OK, t.data_title, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_shares_read_as_french_writes_them() {
        assert_eq!(number(7), "7");
        assert_eq!(number(1234), "1\u{202f}234");
        assert_eq!(number(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(percent(0.724), "72\u{202f}%");
        assert_eq!(month_label("2026-10"), "octobre 2026");
        assert_eq!(month_label("2026-13"), "2026-13");
    }

    #[test]
    fn a_hidden_share_draws_no_bar_and_says_so() {
        let svg = levels_svg(&[Some(0.5), None]);
        assert!(svg.contains(r#"width="101.0" height="16""#), "{svg}");
        assert!(svg.contains(r#"width="0.0" height="16""#), "{svg}");
        assert!(svg.contains("masqué"), "{svg}");
    }
}
