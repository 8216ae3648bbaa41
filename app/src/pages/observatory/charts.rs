//! The charts, drawn as SVG text by the server: bars of the shares per level, and the line of the
//! months.

use super::*;

/// Horizontal bars of the shares per level (a hidden share draws no bar).
pub(super) fn levels_svg(shares: &[Option<f64>]) -> String {
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
pub(super) fn trend_svg(trend: &[Cell], label: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_share_draws_no_bar_and_says_so() {
        let svg = levels_svg(&[Some(0.5), None]);
        assert!(svg.contains(r#"width="101.0" height="16""#), "{svg}");
        assert!(svg.contains(r#"width="0.0" height="16""#), "{svg}");
        assert!(svg.contains("masqué"), "{svg}");
    }
}
