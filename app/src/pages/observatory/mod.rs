//! The observatory's public pages, written by the server alone (no WASM, no script): the levels
//! of a competence for a month — the country, the régions, a map of the départements with its
//! table, the months before, the age bands — the method, and the open data. Every chart has a
//! table that says the same, and the tables are the reference for screen readers.

mod analysis;
mod charts;
mod info;
mod map;
mod overview;

pub use analysis::{ANALYSIS_PATH, Analysis, analysis_page};
pub use info::{data_page, method_page};
pub use overview::overview_page;

use leptos::prelude::*;

use crate::i18n::{FR, fill, observatory::Observatory};
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
    /// Premiers pas in the month: the country, then every région.
    pub beginners: Vec<BeginnerRow>,
}

/// A territory's Premiers pas orientations: urgence, accompagnement, autonomie, then all.
#[derive(Debug, Clone, Default)]
pub struct BeginnerRow {
    pub name: String,
    pub cells: [Option<Cell>; 4],
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

/// A captioned table in its own focusable scrolling region (wide tables scroll there, not the
/// page).
pub(super) fn scroll_table(
    id: &'static str,
    caption: String,
    head: AnyView,
    rows: AnyView,
) -> AnyView {
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
}
