//! Bar chart of the 16 competence levels (0–8), drawn as SVG; the table beside it says the same.

use leptos::prelude::*;

use crate::domain::CompetenceLevel;
use crate::i18n::use_i18n;

/// Drawn in a viewBox about as wide as a phone screen, and never shown much wider (see the
/// stylesheet), so that its 14-unit text stays at least 12 px on a 390 px screen.
#[component]
pub fn LevelChart(competences: Vec<CompetenceLevel>) -> impl IntoView {
    let t = &use_i18n().assessment;
    let row = 26.0;
    let left = 40.0;
    let width = 340.0;
    let scale = (width - left - 12.0) / 8.0;
    let height = row * competences.len() as f64 + 30.0;
    view! {
        <figure class="chart">
            <figcaption id="graphique-titre">{t.result_chart_title}</figcaption>
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-labelledby="graphique-titre"
                aria-describedby="tableau-niveaux" width="100%">
                {(0..=8).map(|l| {
                    let x = left + l as f64 * scale;
                    view! {
                        <line x1=x y1="0" x2=x y2=height - 24.0 class="grid"/>
                        <text x=x y=height - 6.0 class="axis" text-anchor="middle">{l.to_string()}</text>
                    }
                }).collect_view()}
                {competences.into_iter().enumerate().map(|(i, c)| {
                    let y = i as f64 * row + 4.0;
                    let w = (c.level as f64 * scale).max(2.0);
                    view! {
                        <text x=left - 6.0 y=y + row / 2.0 + 3.0 class="label" text-anchor="end">{c.code.clone()}</text>
                        <rect x=left y=y + 3.0 width=w height=row - 8.0 class=format!("bar d{}", c.domain)/>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}
