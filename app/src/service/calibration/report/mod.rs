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

use tremplin_engine::calibration::{
    Binning, CurvePoint, DifConfig, DifGroup, EtsClass, FitConfig, FitFlag, IccBin, ItemDif,
    ItemEstimate, ItemFit, ItemOutcome, Model, dif_mantel_haenszel, icc_curve, icc_observed,
    item_fit_conditional,
};

use super::seed::TrueItem;
use super::{CompetenceRun, Person, Run};
use crate::service::catalog::Catalog;

mod html;
mod truth;

pub use truth::{read_truth, truth_csv};

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
}

fn flag_name(flag: FitFlag) -> &'static str {
    match flag {
        FitFlag::Fits => "fits",
        FitFlag::Underfit => "underfit",
        FitFlag::Overfit => "overfit",
        FitFlag::TooFewResponses => "too few",
    }
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

/// The item priors the run used, in words (see `guessing_prior`).
pub fn priors_text(model: Model) -> String {
    let mut t = match tremplin_engine::calibration::ItemPriors::default().log_a {
        Some((mu, sd)) => format!("Priors: ln a ~ N({mu}, {sd}²)"),
        None => "Priors: none on a".to_owned(),
    };
    if model == Model::ThreePl {
        t.push_str(
            "; c ~ Beta with its mode at the chance that a blind guess at the item is scored \
             right (worth 20 answers), or Beta(1, 200) when that chance is under 1 % (typed \
             answers)",
        );
    }
    t.push('.');
    t
}
