//! `report.html`: one page, no script, every curve drawn as SVG.

use std::fmt::Write as _;

use tremplin_engine::calibration::{CurvePoint, EtsClass, FitFlag, IccBin, ItemDif, Model};

use super::{Report, flag_name};

impl Report {
    /// `report.html`.
    pub fn html(&self) -> String {
        let mut h = String::new();
        let model = match self.model {
            Model::TwoPl => "2PL",
            Model::ThreePl => "3PL",
        };
        let _ = write!(
            h,
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>Calibration report {date}</title><style>{STYLE}</style></head><body>\
             <h1>Calibration report</h1><p>{model}, answers read on {date}: {answers} answers \
             of {persons} assessments. {note}</p>",
            date = esc(&self.date),
            answers = self.answers,
            persons = self.persons,
            note = esc(&self.note),
        );
        let _ = write!(h, "<p>{}</p>", super::priors_text(self.model));
        h.push_str(
            "<h2>Competences</h2><table><thead><tr><th>competence</th><th>persons</th>\
             <th>answers</th><th>EM cycles</th><th>converged</th><th>log-likelihood</th></tr>\
             </thead><tbody>",
        );
        for (code, name, persons, answers, cycles, converged, ll) in &self.competences {
            let _ = write!(
                h,
                "<tr><td>{} {}</td><td>{persons}</td><td>{answers}</td><td>{cycles}</td>\
                 <td>{}</td><td>{ll:.1}</td></tr>",
                esc(code),
                esc(name),
                if *converged {
                    "yes"
                } else {
                    "<strong>no</strong>"
                }
            );
        }
        h.push_str("</tbody></table>");
        if let Some(r) = &self.recovery {
            let _ = write!(
                h,
                "<h2>Recovery of the true parameters (simulated answers)</h2><p>{} items \
                 estimated: RMSE(a) {:.3}, RMSE(b) {:.3}, RMSE(c) {:.3}, bias(b) {:+.3}. \
                 Planted DIF (60 and over): {} of {} testable items in class B or C; without \
                 planted DIF: {} of {}.</p>",
                r.items,
                r.rmse_a,
                r.rmse_b,
                r.rmse_c,
                r.bias_b,
                r.planted_flagged,
                r.planted_tested,
                r.clean_flagged,
                r.clean_tested
            );
        }
        h.push_str(
            "<h2>Items</h2><table><thead><tr><th>item</th><th>level</th><th>kind</th>\
             <th>answers</th><th>right</th><th>current a, b, c</th><th>a (SE)</th><th>b (SE)</th>\
             <th>c (SE)</th><th>infit</th><th>outfit</th><th>fit</th>\
             <th>DIF with a mediator (Δ, class)</th><th>DIF 60 and over (Δ, class)</th>\
             <th>curve</th></tr></thead><tbody>",
        );
        for i in &self.items {
            let estimate = match &i.estimate {
                Ok(e) => {
                    let se = |x: Option<f64>| x.map_or("—".to_owned(), |v| format!("{v:.2}"));
                    format!(
                        "<td>{:.2} ({})</td><td>{:.2} ({})</td><td>{:.2} ({})</td>",
                        e.a,
                        se(e.se.map(|s| s.0)),
                        e.b,
                        se(e.se.map(|s| s.1)),
                        e.c,
                        se(e.se.and_then(|s| s.2))
                    )
                }
                Err(why) => format!("<td colspan=\"3\">not estimated: {}</td>", esc(why)),
            };
            let fit = match i.fit {
                Some(f) => {
                    let flagged = matches!(f.flag, FitFlag::Underfit | FitFlag::Overfit);
                    format!(
                        "<td>{:.2}</td><td>{:.2}</td><td{}>{}</td>",
                        f.mean_squares.infit,
                        f.mean_squares.outfit,
                        if flagged { " class=\"flag\"" } else { "" },
                        flag_name(f.flag)
                    )
                }
                None => "<td></td><td></td><td></td>".to_owned(),
            };
            let dif = |d: &Option<ItemDif>| match d.as_ref().and_then(|d| d.mantel_haenszel) {
                Some(m) => format!(
                    "<td{}>{:+.2}, {:?}</td>",
                    if m.class == EtsClass::A {
                        ""
                    } else {
                        " class=\"flag\""
                    },
                    m.delta,
                    m.class
                ),
                None => "<td>too few</td>".to_owned(),
            };
            let curve = if i.curve.is_empty() {
                "<td></td>".to_owned()
            } else {
                format!(
                    "<td><a href=\"#curve-{id}\">curve</a></td>",
                    id = esc(&i.id)
                )
            };
            let analyses = format!(
                "{fit}{}{}{curve}",
                dif(&i.dif_accompanied),
                dif(&i.dif_older)
            );
            let _ = write!(
                h,
                "<tr id=\"{id}\"><td>{id}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
                 <td>{:.2}, {:.2}, {:.2}</td>{estimate}{analyses}</tr>",
                i.level,
                esc(&i.kind),
                i.answers,
                i.correct,
                i.current.0,
                i.current.1,
                i.current.2,
                id = esc(&i.id),
            );
        }
        h.push_str("</tbody></table>");
        h.push_str(
            "<h2>Characteristic curves</h2><p>The line is the model; each dot is the proportion \
             of right answers among persons of similar estimated ability (8 groups), with its \
             95 % band under the model.</p><div class=\"curves\">",
        );
        for i in self.items.iter().filter(|i| !i.curve.is_empty()) {
            let _ = write!(
                h,
                "<figure id=\"curve-{id}\">{}<figcaption>{id}</figcaption></figure>",
                curve_svg(&i.curve, &i.icc),
                id = esc(&i.id)
            );
        }
        h.push_str("</div>");
        if !self.pilots.is_empty() {
            let _ = write!(
                h,
                "<h2>Pilot items</h2><p>Calibrated with each respondent's θ fixed at its estimate \
                 from the scored answers. Ready to go live: estimated, with SE(b) ≤ {}.</p>\
                 <table><thead><tr><th>item</th><th>answers</th><th>a</th><th>b (SE)</th>\
                 <th>c</th><th>ready</th></tr></thead><tbody>",
                crate::service::calibration::READY_SE_B
            );
            for p in &self.pilots {
                let cells = match &p.estimate {
                    Ok(e) => format!(
                        "<td>{:.2}</td><td>{:.2} ({})</td><td>{:.2}</td>",
                        e.a,
                        e.b,
                        e.se.map_or("—".to_owned(), |s| format!("{:.2}", s.1)),
                        e.c
                    ),
                    Err(why) => format!("<td colspan=\"3\">not estimated: {}</td>", esc(why)),
                };
                let _ = write!(
                    h,
                    "<tr><td>{}</td><td>{}</td>{cells}<td>{}</td></tr>",
                    esc(&p.id),
                    p.answers,
                    if p.ready { "yes" } else { "not yet" }
                );
            }
            h.push_str("</tbody></table>");
        }
        if !self.carried.is_empty() {
            h.push_str(
                "<h2>Carried over from the previous calibration</h2><p>Not estimated in this run \
                 (too few answers now); their previous values stay in the file:</p><ul>",
            );
            for id in &self.carried {
                let _ = write!(h, "<li>{}</li>", esc(id));
            }
            h.push_str("</ul>");
        }
        if !self.left_bank.is_empty() {
            h.push_str("<h2>Answers to items no longer in the bank (left out)</h2><ul>");
            for (id, n) in &self.left_bank {
                let _ = write!(h, "<li>{}: {n}</li>", esc(id));
            }
            h.push_str("</ul>");
        }
        h.push_str("</body></html>\n");
        h
    }
}

/// The model's curve on θ ∈ [−3, 3] and the observed proportions (dots, with ±1.96 model SE).
fn curve_svg(curve: &[CurvePoint], bins: &[IccBin]) -> String {
    const W: f64 = 240.0;
    const H: f64 = 160.0;
    const PAD: f64 = 24.0;
    let x = |theta: f64| PAD + (theta.clamp(-3.0, 3.0) + 3.0) / 6.0 * (W - 2.0 * PAD);
    let y = |p: f64| H - PAD - p.clamp(0.0, 1.0) * (H - 2.0 * PAD);
    let mut out = format!(
        "<svg viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" \
         xmlns=\"http://www.w3.org/2000/svg\"><rect x=\"{PAD}\" y=\"{PAD}\" width=\"{}\" \
         height=\"{}\" fill=\"none\" stroke=\"#999\"/>",
        W - 2.0 * PAD,
        H - 2.0 * PAD
    );
    let path: Vec<String> = curve
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.theta), y(p.p)))
        .collect();
    let _ = write!(
        out,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\"/>",
        path.join(" ")
    );
    for b in bins {
        let (cx, cy) = (x(b.theta_mean), y(b.observed));
        let _ = write!(
            out,
            "<line x1=\"{cx:.1}\" x2=\"{cx:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#b15928\"/>\
             <circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"3.5\" fill=\"#b15928\"/>",
            y(b.model_mean - 1.96 * b.model_se),
            y(b.model_mean + 1.96 * b.model_se)
        );
    }
    let _ = write!(
        out,
        "<text x=\"{PAD}\" y=\"{}\" font-size=\"10\">θ −3</text><text x=\"{}\" y=\"{}\" \
         font-size=\"10\" text-anchor=\"end\">+3</text><text x=\"2\" y=\"{}\" \
         font-size=\"10\">1</text><text x=\"2\" y=\"{}\" font-size=\"10\">0</text></svg>",
        H - 8.0,
        W - PAD,
        H - 8.0,
        PAD + 4.0,
        H - PAD
    );
    out
}

const STYLE: &str = "body{font-family:sans-serif;margin:2rem;color:#111}table{border-collapse:\
collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.2rem .5rem;text-align:right}\
th:first-child,td:first-child{text-align:left}.flag{background:#fde0c5}.curves{display:flex;\
flex-wrap:wrap;gap:1rem}figure{margin:0}";

fn esc(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}
