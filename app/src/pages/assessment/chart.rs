//! Bar chart of the 16 competence levels (0–8), drawn as SVG; the table beside it says the same.
//! The chart is static: the server writes its markup and the browser keeps it as received
//! (hydration does not rewrite an element's inner HTML), so it costs nothing in the WASM bundle.

use leptos::prelude::*;

use crate::domain::CompetenceLevel;
use crate::i18n::use_i18n;

/// Drawn in a viewBox about as wide as a phone screen, and never shown much wider (see the
/// stylesheet), so that its 14-unit text stays at least 12 px on a 390 px screen.
#[component]
pub fn LevelChart(competences: Vec<CompetenceLevel>) -> impl IntoView {
    let t = &use_i18n().assessment;
    crate::pages::when_live(crate::pages::reload_if_server_part_missing);
    #[cfg(feature = "ssr")]
    let svg = chart_svg(&competences);
    #[cfg(not(feature = "ssr"))]
    let svg = {
        let _ = competences;
        String::new()
    };
    view! {
        <figure class="chart">
            <figcaption id="graphique-titre">{t.result_chart_title}</figcaption>
            <div class="chart-drawing" data-server-part="" inner_html=svg></div>
        </figure>
    }
}

/// The chart's SVG, in whole units.
#[cfg(feature = "ssr")]
fn chart_svg(competences: &[CompetenceLevel]) -> String {
    use std::fmt::Write;

    use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

    const ROW: usize = 26;
    const LEFT: usize = 40;
    const WIDTH: usize = 340;
    const SCALE: usize = (WIDTH - LEFT - 12) / 8;
    let height = ROW * competences.len() + 30;
    let mut out = format!(
        r#"<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="graphique-titre" aria-describedby="tableau-niveaux" width="100%">"#
    );
    for l in 0..=8 {
        let x = LEFT + l * SCALE;
        let _ = write!(
            out,
            r#"<line x1="{x}" y1="0" x2="{x}" y2="{y2}" class="grid"/><text x="{x}" y="{ty}" class="axis" text-anchor="middle">{l}</text>"#,
            y2 = height - 24,
            ty = height - 6,
        );
    }
    for (i, c) in competences.iter().enumerate() {
        let y = i * ROW + 4;
        let w = (c.level as usize * SCALE).max(2);
        let _ = write!(
            out,
            r#"<text x="{lx}" y="{ly}" class="label" text-anchor="end">{code}</text><rect x="{LEFT}" y="{ry}" width="{w}" height="{rh}" class="bar d{domain}"/>"#,
            lx = LEFT - 6,
            ly = y + ROW / 2 + 3,
            code = text(&c.code),
            ry = y + 3,
            rh = ROW - 8,
            domain = attr(&c.domain),
        );
    }
    out.push_str("</svg>");
    out
}
