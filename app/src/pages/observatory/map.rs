//! The choropleth map of the départements, each coloured with its région's share at level 1 or
//! above (a month's counts per département are too small to publish a share), in five fixed classes
//! of a colour-blind-safe sequential scale (ColorBrewer's YlGnBu), a hatched grey for a hidden
//! share and a plain light grey where nobody was counted. Overseas départements are insets on
//! the left (`app/data/geo/outlines.json`, CC BY 4.0, see its README).

use leptos::prelude::*;

use super::DepartementRow;
use super::{percent, strings};
use crate::service::observatory::geo::outlines;
use crate::service::observatory::tables::Cell;

/// The classes: (lowest share included, fill). The first starts at 0.
pub const CLASSES: [(f64, &str); 5] = [
    (0.0, "#ffffcc"),
    (0.6, "#a1dab4"),
    (0.7, "#41b6c4"),
    (0.8, "#2c7fb8"),
    (0.9, "#253494"),
];
const NO_DATA: &str = "#e6e6e6";

/// The class of a share (its index in [`CLASSES`]).
pub fn class_of(share: f64) -> usize {
    CLASSES
        .iter()
        .rposition(|(low, _)| share >= *low)
        .unwrap_or(0)
}

fn class_label(i: usize) -> String {
    match CLASSES.get(i + 1) {
        Some((next, _)) => format!("{} à moins de {}", percent(CLASSES[i].0), percent(*next)),
        None => format!("{} ou plus", percent(CLASSES[i].0)),
    }
}

/// The map as SVG, labelled by the elements `title_id` and `desc_id`.
pub fn map_svg(departements: &[DepartementRow], title_id: &str, desc_id: &str) -> String {
    let o = outlines();
    let t = strings();
    let mut out = format!(
        r##"<svg viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="{title_id}" aria-describedby="{desc_id}" xmlns="http://www.w3.org/2000/svg" class="choropleth"><defs><pattern id="masque" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="{NO_DATA}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#595959" stroke-width="2"/></pattern></defs>"##,
        w = o.width,
        h = o.height
    );
    for inset in &o.insets {
        out.push_str(&format!(
            r##"<rect x="{x}" y="{y}" width="{s}" height="{s}" class="inset"/>"##,
            x = inset.x,
            y = inset.y,
            s = inset.size
        ));
    }
    for dep in departements {
        let Some(d) = o.departements.get(&dep.code) else {
            continue;
        };
        let nobody = matches!(dep.cell, Some(Cell { count: Some(0), .. }));
        let (fill, value) = match &dep.region_cell {
            _ if nobody => (NO_DATA.to_owned(), t.no_data.to_owned()),
            Some(Cell {
                at_least_basic: Some(s),
                ..
            }) => (CLASSES[class_of(*s)].1.to_owned(), percent(*s)),
            Some(Cell { count: Some(0), .. }) | None => (NO_DATA.to_owned(), t.no_data.to_owned()),
            Some(_) => ("url(#masque)".to_owned(), t.hidden.to_owned()),
        };
        out.push_str(&format!(
            r#"<path d="{d}" fill="{fill}" class="dep"><title>{} {} ({}) : {value}</title></path>"#,
            html_escape::encode_text(&dep.code),
            html_escape::encode_text(&dep.name),
            html_escape::encode_text(&dep.region),
        ));
    }
    out.push_str("</svg>");
    out
}

/// The legend, as HTML (read by screen readers with the map's figure).
pub fn legend() -> impl IntoView {
    let t = strings();
    view! {
        <p class="legend-title">{t.legend}</p>
        <ul class="legend">
            // Colours by class (`swatch c0` … in main.css, the same as CLASSES): the page's
            // content security policy allows no inline style.
            {(0..CLASSES.len()).map(|i| view! {
                <li><span class=format!("swatch c{i}")></span>{class_label(i)}</li>
            }).collect_view()}
            <li><span class="swatch hatched"></span>{t.hidden}</li>
            <li><span class="swatch empty"></span>{t.no_data}</li>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_fall_in_their_class_and_every_departement_has_an_outline() {
        assert_eq!(class_of(0.0), 0);
        assert_eq!(class_of(0.599), 0);
        assert_eq!(class_of(0.6), 1);
        assert_eq!(class_of(0.95), 4);
        assert_eq!(class_of(1.0), 4);
        let geo = crate::service::observatory::geo::geography();
        for d in &geo.departements {
            assert!(
                outlines().departements.contains_key(&d.code),
                "no outline for {}",
                d.code
            );
        }
        assert_eq!(outlines().departements.len(), geo.departements.len());
        assert_eq!(outlines().insets.len(), 5);
    }

    #[test]
    fn a_hidden_share_is_hatched_and_an_empty_departement_grey() {
        let cell = |count, share| Cell {
            dimensions: Default::default(),
            count,
            shares: None,
            at_least_basic: share,
            share: None,
        };
        let row = |code: &str, name: &str, region_cell| DepartementRow {
            code: code.into(),
            name: name.into(),
            cell: None,
            region: "Bretagne".into(),
            region_cell,
        };
        let deps = vec![
            row("29", "Finistère", Some(cell(Some(40), Some(0.85)))),
            row("35", "Ille-et-Vilaine", Some(cell(Some(40), None))),
            row("22", "Côtes-d'Armor", Some(cell(Some(0), None))),
        ];
        let svg = map_svg(&deps, "t", "d");
        assert!(
            svg.contains(r##"fill="#2c7fb8" class="dep"><title>29 Finistère (Bretagne) : 85"##),
            "{svg}"
        );
        assert!(svg.contains(
            r#"fill="url(#masque)" class="dep"><title>35 Ille-et-Vilaine (Bretagne) : masqué"#
        ));
        assert!(
            svg.contains(
                r##"fill="#e6e6e6" class="dep"><title>22 Côtes-d'Armor (Bretagne) : aucune donnée"##
            ),
            "{svg}"
        );
    }
}
