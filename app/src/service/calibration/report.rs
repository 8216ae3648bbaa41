//! The calibration report: what a reviewer reads before committing a calibration file.
//! `report.html` (one page, no script, every curve drawn as SVG) and `items.csv` (the same
//! figures, one row per item).
//!
//! Per item: the current and the estimated a, b, c with standard errors, the answers, the fit
//! (infit and outfit mean squares, flagged outside [`FIT_RANGE`] with enough answers), DIF
//! (Mantel–Haenszel, ETS classes A/B/C) between people alone and people with a mediator, and
//! between people under 60 and of 60 and over, and the item's characteristic curve against the
//! observed proportions of persons grouped by ability. With simulated answers and their truth,
//! the recovery of the parameters (RMSE, bias) and of the planted DIF.
//!
//! The report is written for the team (English, like the command's messages); it is never
//! served.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use tremplin_engine::calibration::{
    Binning, CurvePoint, DifConfig, DifGroup, EtsClass, FitConfig, FitFlag, IccBin, ItemDif,
    ItemEstimate, ItemFit, ItemOutcome, Model, dif_mantel_haenszel, icc_curve, icc_observed,
    item_fit_conditional,
};

use super::seed::TrueItem;
use super::{CompetenceRun, Person, Run};
use crate::service::catalog::Catalog;

/// The true parameters as CSV (`id,a,b,c,dif`).
pub fn truth_csv(truth: &[TrueItem]) -> String {
    let mut out = String::from("id,a,b,c,dif\n");
    for t in truth {
        let _ = writeln!(
            out,
            "{},{:.4},{:.4},{:.4},{:.4}",
            t.id, t.a, t.b, t.c, t.dif
        );
    }
    out
}

/// Reads a truth file; a problem as `file:line: problem`.
pub fn read_truth(path: &Path) -> Result<Vec<TrueItem>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}:1: cannot read: {e}", path.display()))?;
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, "id,a,b,c,dif")) => {}
        _ => {
            return Err(format!(
                "{}:1: expected the header `id,a,b,c,dif`",
                path.display()
            ));
        }
    }
    let mut out = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let at = |m: &str| format!("{}:{}: {m}", path.display(), i + 1);
        let fields: Vec<&str> = line.split(',').collect();
        let [id, a, b, c, dif] = fields[..] else {
            return Err(at(&format!("expected 5 fields, got {}", fields.len())));
        };
        let num = |name: &str, v: &str| {
            v.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| at(&format!("`{name}` is not a number: `{v}`")))
        };
        out.push(TrueItem {
            id: id.trim().to_owned(),
            a: num("a", a)?,
            b: num("b", b)?,
            c: num("c", c)?,
            dif: num("dif", dif)?,
        });
    }
    Ok(out)
}

/// One item's line of the report.
#[derive(Debug, Clone)]
pub struct ItemRow {
    pub id: String,
    pub competence: String,
    pub level: u8,
    pub kind: String,
    /// The parameters in use now (a, b, c).
    pub current: (f64, f64, f64),
    pub answers: usize,
    pub correct: usize,
    /// The estimate and its standard errors, or why there is none.
    pub estimate: Result<Estimate, String>,
    pub truth: Option<TrueItem>,
    /// Infit and outfit (and S-X² when the data allow), for an estimated item.
    pub fit: Option<ItemFit>,
    /// DIF with a mediator (focal) against alone (reference).
    pub dif_accompanied: Option<ItemDif>,
    /// DIF 60 and over (focal) against under 60 (reference).
    pub dif_older: Option<ItemDif>,
    /// Observed proportions of persons grouped by ability, and the model's curve.
    pub icc: Vec<IccBin>,
    pub curve: Vec<CurvePoint>,
}

/// An estimate, with standard errors when the information allowed them.
#[derive(Debug, Clone, Copy)]
pub struct Estimate {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub se: Option<(f64, f64, Option<f64>)>,
}

impl From<&ItemEstimate> for Estimate {
    fn from(e: &ItemEstimate) -> Self {
        Estimate {
            a: e.params.a(),
            b: e.params.b(),
            c: e.params.c(),
            se: e.se.map(|s| (s.a, s.b, s.c)),
        }
    }
}

/// Recovery of the true parameters (simulated answers only).
#[derive(Debug, Clone, Copy)]
pub struct Recovery {
    pub items: usize,
    pub rmse_a: f64,
    pub rmse_b: f64,
    pub rmse_c: f64,
    pub bias_b: f64,
    /// Items with planted DIF (60 and over) that DIF could test, and those it put in B or C.
    pub planted_tested: usize,
    pub planted_flagged: usize,
    /// Items without planted DIF that DIF could test, and those it put in B or C.
    pub clean_tested: usize,
    pub clean_flagged: usize,
}

/// The whole report.
#[derive(Debug, Clone)]
pub struct Report {
    pub model: Model,
    pub date: String,
    pub note: String,
    pub answers: usize,
    pub persons: usize,
    /// (code, name, persons, answers, EM cycles, converged, log-likelihood).
    pub competences: Vec<(String, String, usize, usize, usize, bool, f64)>,
    pub items: Vec<ItemRow>,
    /// Answers to items that left the bank, by id.
    pub left_bank: Vec<(String, usize)>,
    pub recovery: Option<Recovery>,
    /// Pilot items: id, answers, the estimate (θ fixed) or why none, ready to go live.
    pub pilots: Vec<PilotRow>,
    /// Items of the previous calibration file carried over (not estimated in this run).
    pub carried: Vec<String>,
}

/// A pilot item's line.
#[derive(Debug, Clone)]
pub struct PilotRow {
    pub id: String,
    pub answers: usize,
    pub estimate: Result<Estimate, String>,
    pub ready: bool,
}

impl Report {
    /// Builds the report of a run (`truth` for simulated answers).
    pub fn new(catalog: &Catalog, run: &Run, truth: Option<&[TrueItem]>) -> Report {
        let truth: HashMap<&str, &TrueItem> = truth
            .unwrap_or_default()
            .iter()
            .map(|t| (t.id.as_str(), t))
            .collect();
        let mut items = Vec::new();
        let mut competences = Vec::new();
        for c in &run.competences {
            let r = &c.calibration.report;
            competences.push((
                c.code.clone(),
                c.name.clone(),
                r.persons,
                c.responses.len(),
                r.iterations,
                r.converged,
                r.log_likelihood,
            ));
            items.extend(item_rows(
                catalog,
                c,
                &run.answers.persons,
                run.settings.model,
                &truth,
            ));
        }
        let mut left_bank: Vec<(String, usize)> = run
            .answers
            .left_bank
            .iter()
            .map(|(id, n)| (id.clone(), *n))
            .collect();
        left_bank.sort();
        let recovery = recovery(&items);
        let pilots = run
            .pilots
            .iter()
            .map(|p| {
                let (answers, estimate) = match &p.outcome {
                    ItemOutcome::Estimated(e) => (e.responses, Ok(Estimate::from(e))),
                    ItemOutcome::Skipped {
                        responses, reason, ..
                    } => (*responses, Err(reason.to_string())),
                };
                PilotRow {
                    id: catalog.items[p.item].clone(),
                    answers,
                    estimate,
                    ready: p.ready,
                }
            })
            .collect();
        Report {
            pilots,
            carried: run.carried.clone(),
            model: run.settings.model,
            date: run.settings.date.clone(),
            note: run.settings.note.clone(),
            answers: run.answers.scored.len(),
            persons: run.answers.persons.len(),
            competences,
            items,
            left_bank,
            recovery,
        }
    }

    /// Pilot items ready to go live.
    pub fn pilots_ready(&self) -> usize {
        self.pilots.iter().filter(|p| p.ready).count()
    }

    /// Items answered but not estimated (they keep their parameters).
    pub fn kept(&self) -> usize {
        self.items.iter().filter(|i| i.estimate.is_err()).count()
    }

    /// Items the fit rule flags (under- or overfit).
    pub fn fit_flags(&self) -> usize {
        self.items
            .iter()
            .filter(|i| {
                i.fit
                    .is_some_and(|f| matches!(f.flag, FitFlag::Underfit | FitFlag::Overfit))
            })
            .count()
    }

    /// Items in ETS class B or C for either comparison.
    pub fn dif_flags(&self) -> usize {
        self.items
            .iter()
            .filter(|i| {
                [&i.dif_accompanied, &i.dif_older]
                    .into_iter()
                    .any(|d| dif_class(d.as_ref()).is_some_and(|c| c != EtsClass::A))
            })
            .count()
    }

    /// `items.csv`.
    pub fn items_csv(&self) -> String {
        let mut out = String::from(
            "id,competence,level,kind,answers,correct,current_a,current_b,current_c,a,b,c,se_a,\
             se_b,se_c,not_estimated,infit,outfit,fit_flag,dif_accompanied_delta,\
             dif_accompanied_class,dif_older_delta,dif_older_class\n",
        );
        for i in &self.items {
            let opt = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.4}"));
            let (a, b, c, se, why) = match &i.estimate {
                Ok(e) => (Some(e.a), Some(e.b), Some(e.c), e.se, String::new()),
                Err(why) => (None, None, None, None, why.clone()),
            };
            let fit = i.fit.map(|f| f.mean_squares);
            let dif = |d: &Option<ItemDif>| match d.as_ref().and_then(|d| d.mantel_haenszel) {
                Some(m) => format!("{:.3},{:?}", m.delta, m.class),
                None => ",".to_owned(),
            };
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{:.4},{:.4},{:.4},{},{},{},{},{},{},{},{},{},{},{},{}",
                i.id,
                i.competence,
                i.level,
                i.kind,
                i.answers,
                i.correct,
                i.current.0,
                i.current.1,
                i.current.2,
                opt(a),
                opt(b),
                opt(c),
                opt(se.map(|s| s.0)),
                opt(se.map(|s| s.1)),
                opt(se.and_then(|s| s.2)),
                why,
                opt(fit.map(|m| m.infit)),
                opt(fit.map(|m| m.outfit)),
                i.fit
                    .map_or(String::new(), |f| flag_name(f.flag).to_owned()),
                dif(&i.dif_accompanied),
                dif(&i.dif_older),
            );
        }
        out
    }

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
                super::READY_SE_B
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

fn flag_name(flag: FitFlag) -> &'static str {
    match flag {
        FitFlag::Fits => "fits",
        FitFlag::Underfit => "underfit",
        FitFlag::Overfit => "overfit",
        FitFlag::TooFewResponses => "too few",
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

/// The DIF class of an item's comparison, when it was computed.
fn dif_class(d: Option<&ItemDif>) -> Option<EtsClass> {
    d.and_then(|d| d.mantel_haenszel).map(|m| m.class)
}

/// Ability bins of the characteristic curve: 8 quantile bins of at least 20 persons.
const ICC_BINS: Binning = Binning {
    bins: 8,
    min_count: 20,
};

fn item_rows(
    catalog: &Catalog,
    c: &CompetenceRun,
    persons: &[Person],
    model: Model,
    truth: &HashMap<&str, &TrueItem>,
) -> Vec<ItemRow> {
    let params = c.calibration.item_params();
    let mut config = FitConfig::new(model);
    config.quadrature_points = super::QUADRATURE_POINTS;
    config.quadrature_range = super::QUADRATURE_RANGE;
    let fit = item_fit_conditional(&c.responses, c.persons.len(), &params, &c.priors, &config)
        .map_err(|e| tracing::warn!(competence = %c.code, "item fit: {e}"))
        .ok();
    let thetas = fit.as_ref().map(|f| f.thetas()).unwrap_or_default();
    let groups = |g: &dyn Fn(&Person) -> Option<bool>| -> Option<Vec<ItemDif>> {
        let labels: Vec<Option<DifGroup>> = c
            .persons
            .iter()
            .map(|&p| {
                g(&persons[p]).map(|f| {
                    if f {
                        DifGroup::Focal
                    } else {
                        DifGroup::Reference
                    }
                })
            })
            .collect();
        dif_mantel_haenszel(
            &c.responses,
            c.items.len(),
            &labels,
            &thetas,
            &DifConfig::default(),
        )
        .ok()
    };
    let accompanied = groups(&|p| Some(p.accompanied));
    let older = groups(&|p| p.older);
    c.calibration
        .items
        .iter()
        .enumerate()
        .map(|(local, outcome)| {
            let id = &catalog.items[c.items[local]];
            let item = catalog.bank.get(id).expect("indexed items are in the bank");
            let p = item.params();
            let (answers, correct, estimate) = match outcome {
                ItemOutcome::Estimated(e) => (e.responses, e.correct, Ok(Estimate::from(e))),
                ItemOutcome::Skipped {
                    responses,
                    correct,
                    reason,
                } => (*responses, *correct, Err(reason.to_string())),
            };
            let (icc, curve) = match &params[local] {
                Some(ip) if !thetas.is_empty() => (
                    icc_observed(local, ip, &c.responses, &thetas, &ICC_BINS).unwrap_or_default(),
                    icc_curve(ip, -3.0, 3.0, 61).unwrap_or_default(),
                ),
                _ => (Vec::new(), Vec::new()),
            };
            let estimated = estimate.is_ok();
            ItemRow {
                id: id.clone(),
                competence: c.code.clone(),
                level: item.level(),
                kind: item.kind().as_str().to_owned(),
                current: (p.a, p.b, p.c),
                answers,
                correct,
                estimate,
                truth: truth.get(id.as_str()).map(|t| (*t).clone()),
                fit: fit
                    .as_ref()
                    .and_then(|f| f.items[local])
                    .filter(|_| estimated),
                dif_accompanied: accompanied.as_ref().map(|d| d[local].clone()),
                dif_older: older.as_ref().map(|d| d[local].clone()),
                icc,
                curve,
            }
        })
        .collect()
}

fn recovery(items: &[ItemRow]) -> Option<Recovery> {
    let pairs: Vec<(&Estimate, &TrueItem)> = items
        .iter()
        .filter_map(|i| Some((i.estimate.as_ref().ok()?, i.truth.as_ref()?)))
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    // (tested, flagged B or C) among items with (or without) planted DIF.
    let tested = |planted: bool| {
        let classes: Vec<EtsClass> = items
            .iter()
            .filter(|i| i.truth.as_ref().is_some_and(|t| (t.dif != 0.0) == planted))
            .filter_map(|i| dif_class(i.dif_older.as_ref()))
            .collect();
        let flagged = classes.iter().filter(|&&c| c != EtsClass::A).count();
        (classes.len(), flagged)
    };
    let rmse = |f: &dyn Fn(&Estimate, &TrueItem) -> f64| {
        (pairs.iter().map(|(e, t)| f(e, t).powi(2)).sum::<f64>() / n).sqrt()
    };
    Some(Recovery {
        items: pairs.len(),
        rmse_a: rmse(&|e, t| e.a - t.a),
        rmse_b: rmse(&|e, t| e.b - t.b),
        rmse_c: rmse(&|e, t| e.c - t.c),
        bias_b: pairs.iter().map(|(e, t)| e.b - t.b).sum::<f64>() / n,
        planted_tested: tested(true).0,
        planted_flagged: tested(true).1,
        clean_tested: tested(false).0,
        clean_flagged: tested(false).1,
    })
}
