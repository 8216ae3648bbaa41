//! `tremplin calibrate`: item parameters estimated from the answers stored in the database,
//! written as a calibration file that the bank loads on top of its items
//! (`item-bank/FORMAT.md`, "Calibration"), with a report for the reviewer who accepts it.
//!
//! - One calibration per competence (the engine's profile model gives every competence its own
//!   θ scale, standard normal in the population), by EM with the engine's item priors
//!   ([`tremplin_engine::calibration`]); for the 3PL, each item's prior on c follows how it is
//!   answered ([`guessing_prior`]).
//! - Each person's θ in a competence has, as its prior, its distribution given the person's
//!   answers to the other competences under the profile model ([`conditional_priors`]). The
//!   adaptive test chose the person's items in a competence from those answers; calibrating a
//!   competence alone with the same N(0, 1) prior for everyone ignores what chose the items, and
//!   on simulated adaptive answers gave slopes a third of the truth. Conditioning on them makes
//!   the choice ignorable again (`engine/tests/conditional_calibration.rs` measures both).
//! - Every stored answer counts, finished assessment or not (the likelihood of an adaptive test
//!   does not depend on how items were chosen); a skip is a wrong answer, as it was scored.
//!   Answers to items that left the bank are counted and left out.
//! - Items with too few answers, or all right or all wrong, keep their current parameters and
//!   are listed in the report.

pub mod report;
pub mod seed;

use std::collections::{BTreeMap, HashMap};

use tremplin_bank::{CalibratedItem, CalibrationFile, CalibrationSource};
use tremplin_engine::calibration::{
    Calibration, CalibrationConfig, EmProgress, ItemEstimate, ItemOutcome, ItemPriors, Model,
    PersonPrior, Response, calibrate_conditional, calibrate_fixed_theta, eap_abilities_conditional,
};
use tremplin_engine::irt::ItemParams;

use tremplin_engine::profile::ProfilePosterior;

use crate::db::calibration::AnswerRow;
use crate::service::catalog::Catalog;

/// What the command was asked.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The bank's calibration file in use, if any: its items that this run does not estimate
    /// are carried over (the new file replaces it).
    pub previous: Option<CalibrationFile>,
    pub model: Model,
    /// Items with fewer answers are not estimated.
    pub min_answers: usize,
    /// When the answers were read (ISO date).
    pub date: String,
    /// What the answers were, for the file's header.
    pub note: String,
}

/// A person (an assessment) and the groups DIF compares.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: String,
    /// With a mediator (a diagnostic), or alone.
    pub accompanied: bool,
    /// 60 and over, when an age band is known.
    pub older: Option<bool>,
}

/// The answers, indexed.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    pub persons: Vec<Person>,
    /// (person index, engine item index, correct).
    pub scored: Vec<(usize, usize, bool)>,
    /// The same for pilot items' (unscored) answers.
    pub pilot: Vec<(usize, usize, bool)>,
    /// Answers to items that are no longer in the bank, by item id.
    pub left_bank: HashMap<String, usize>,
}

impl Answers {
    /// Indexes the stored answers against the bank.
    pub fn index(catalog: &Catalog, rows: Vec<AnswerRow>) -> Answers {
        let mut out = Answers::default();
        let mut person_index: HashMap<String, usize> = HashMap::new();
        for row in rows {
            let Some(item) = catalog.index_of(&row.item_id) else {
                *out.left_bank.entry(row.item_id).or_default() += 1;
                continue;
            };
            let person = *person_index
                .entry(row.assessment_id.clone())
                .or_insert_with(|| {
                    out.persons.push(Person {
                        id: row.assessment_id.clone(),
                        accompanied: row.accompanied != 0,
                        older: row
                            .age_band
                            .as_deref()
                            .and_then(crate::domain::mediation::sixty_or_over),
                    });
                    out.persons.len() - 1
                });
            let answer = (person, item, row.correct != 0);
            // A pilot answer to an item that is live now counts as the item's data like any
            // other (the choice of a pilot item was random, so it biases nothing).
            if row.pilot != 0 && catalog.is_pilot(&row.item_id) {
                out.pilot.push(answer);
            } else {
                out.scored.push(answer);
            }
        }
        out
    }
}

/// One competence's calibration.
#[derive(Debug, Clone)]
pub struct CompetenceRun {
    pub code: String,
    pub name: String,
    /// Engine item index of each local item.
    pub items: Vec<usize>,
    /// Global person index of each local person.
    pub persons: Vec<usize>,
    /// The answers, by local indices.
    pub responses: Vec<Response>,
    /// Each local person's prior on θ (given the other competences' answers).
    pub priors: Vec<PersonPrior>,
    pub calibration: Calibration,
}

/// A pilot item's calibration, with θ fixed at each respondent's estimate from the scored
/// answers.
#[derive(Debug, Clone)]
pub struct PilotRun {
    /// Engine item index.
    pub item: usize,
    pub outcome: ItemOutcome,
    /// Ready to go live: estimated from at least `min_answers` answers, with SE(b) ≤
    /// [`READY_SE_B`].
    pub ready: bool,
}

/// The standard error of b under which a pilot item is ready to go live.
pub const READY_SE_B: f64 = 0.3;

/// The whole run.
#[derive(Debug, Clone)]
pub struct Run {
    pub settings: Settings,
    pub answers: Answers,
    pub competences: Vec<CompetenceRun>,
    pub pilots: Vec<PilotRun>,
    /// The file to review and commit.
    pub file: CalibrationFile,
    /// Items of the previous file carried over unchanged.
    pub carried: Vec<String>,
}

/// Each person's θ of each competence given their answers to the other competences (mean, SD),
/// under the profile model with the bank's current parameters: what chose the person's items in
/// a competence, before any answer in it. Indexed `[person][competence]`.
pub fn conditional_priors(catalog: &Catalog, answers: &Answers) -> Vec<Vec<(f64, f64)>> {
    let competences = catalog.bank.framework().competences.len();
    let mut posteriors: Vec<ProfilePosterior> = (0..answers.persons.len())
        .map(|_| ProfilePosterior::new(&catalog.config, competences))
        .collect();
    for &(person, item, correct) in &answers.scored {
        let it = catalog.profile_bank.item(item);
        posteriors[person].record(it.competence, &it.params, correct);
    }
    posteriors
        .iter()
        .map(|p| {
            (0..competences)
                .map(|c| {
                    let e = p.without(c);
                    (e.theta, e.se)
                })
                .collect()
        })
        .collect()
}

/// Calibrates every competence that has answers; `progress(competence code, EM state)` is called
/// after each EM cycle.
pub fn run(
    catalog: &Catalog,
    answers: Answers,
    settings: Settings,
    mut progress: impl FnMut(&str, &EmProgress),
) -> anyhow::Result<Run> {
    let mut config = CalibrationConfig::new(settings.model);
    config.min_responses = settings.min_answers;
    // Person priors are centred away from 0: the grid reaches ±8 at the same step (0.2).
    config.quadrature_points = QUADRATURE_POINTS;
    config.quadrature_range = QUADRATURE_RANGE;
    let person_priors = conditional_priors(catalog, &answers);
    let mut competences = Vec::new();
    let mut pilots = Vec::new();
    let mut file_items = Vec::new();
    for (c, competence) in catalog.bank.framework().competences.iter().enumerate() {
        let mut items = Vec::new();
        let mut local_item = HashMap::new();
        let mut persons = Vec::new();
        let mut local_person = HashMap::new();
        let mut responses = Vec::new();
        for &(person, item, correct) in &answers.scored {
            if catalog.profile_bank.item(item).competence != c {
                continue;
            }
            let i = *local_item.entry(item).or_insert_with(|| {
                items.push(item);
                items.len() - 1
            });
            let p = *local_person.entry(person).or_insert_with(|| {
                persons.push(person);
                persons.len() - 1
            });
            responses.push(Response {
                person: p,
                item: i,
                correct,
            });
        }
        if responses.is_empty() {
            continue;
        }
        // Pilot items are estimated afterwards, with θ fixed (never in the EM).
        let code = competence.code.as_str().to_owned();
        let priors: Vec<PersonPrior> = persons
            .iter()
            .map(|&p| {
                let (mean, sd) = person_priors[p][c];
                PersonPrior { mean, sd }
            })
            .collect();
        let mut config = config.clone();
        if settings.model == Model::ThreePl {
            let guess = |i: usize| guessing_prior(catalog, &config, i);
            config.item_priors = Some(items.iter().map(|&i| guess(i)).collect());
        }
        let calibration = calibrate_conditional(
            &responses,
            persons.len(),
            items.len(),
            &priors,
            &config,
            |e| progress(&code, e),
        )
        .map_err(|e| anyhow::anyhow!("competence {code}: {e}"))?;
        for (local, outcome) in calibration.items.iter().enumerate() {
            if let ItemOutcome::Estimated(e) = outcome {
                file_items.push(file_item(&catalog.items[items[local]], e));
            }
        }
        let competence_pilots = calibrate_pilots(
            catalog,
            &answers,
            c,
            (&items, &calibration),
            &person_priors,
            &config,
        )?;
        for p in &competence_pilots {
            if let ItemOutcome::Estimated(e) = &p.outcome {
                file_items.push(file_item(&catalog.items[p.item], e));
            }
        }
        pilots.extend(competence_pilots);
        competences.push(CompetenceRun {
            code,
            name: competence.name.clone(),
            items,
            persons,
            responses,
            priors,
            calibration,
        });
    }
    // Items calibrated before and not estimated now keep their calibration (still in the bank).
    let mut carried = Vec::new();
    if let Some(previous) = &settings.previous {
        for item in &previous.item {
            if catalog.bank.get(&item.id).is_some() && file_items.iter().all(|i| i.id != item.id) {
                carried.push(item.id.clone());
                file_items.push(item.clone());
            }
        }
    }
    file_items.sort_by(|x, y| x.id.cmp(&y.id));
    if let Some(pair) = file_items.windows(2).find(|p| p[0].id == p[1].id) {
        anyhow::bail!(
            "item {} would be listed twice in the calibration",
            pair[0].id
        );
    }
    let file = CalibrationFile {
        calibration: CalibrationSource {
            model: match settings.model {
                Model::TwoPl => "2pl",
                Model::ThreePl => "3pl",
            }
            .to_owned(),
            date: settings.date.clone(),
            answers: answers.scored.len() as u64,
            persons: answers.persons.len() as u64,
            note: settings.note.clone(),
            priors: report::priors_text(settings.model),
        },
        item: file_items,
    };
    Ok(Run {
        settings,
        answers,
        competences,
        pilots,
        file,
        carried,
    })
}

fn file_item(id: &str, e: &ItemEstimate) -> CalibratedItem {
    let se = e.se;
    CalibratedItem {
        id: id.to_owned(),
        a: round(e.params.a()),
        b: round(e.params.b()),
        c: round(e.params.c()),
        se_a: se.map(|s| round(s.a)),
        se_b: se.map(|s| round(s.b)),
        se_c: se.and_then(|s| s.c).map(round),
        answers: e.responses as u64,
    }
}

/// Calibrates the pilot items of competence `c` with θ fixed: each respondent's EAP from their
/// scored answers in the competence (calibrated parameters where estimated, the bank's
/// otherwise) under their conditional prior, or that prior's mean without any.
fn calibrate_pilots(
    catalog: &Catalog,
    answers: &Answers,
    c: usize,
    (items, calibration): (&[usize], &Calibration),
    person_priors: &[Vec<(f64, f64)>],
    config: &CalibrationConfig,
) -> anyhow::Result<Vec<PilotRun>> {
    let in_competence = |item: usize| catalog.profile_bank.item(item).competence == c;
    let pilot: Vec<&(usize, usize, bool)> = answers
        .pilot
        .iter()
        .filter(|(_, item, _)| in_competence(*item))
        .collect();
    if pilot.is_empty() {
        return Ok(Vec::new());
    }
    let local: HashMap<usize, usize> = items.iter().enumerate().map(|(l, &i)| (i, l)).collect();
    let params: Vec<Option<ItemParams>> = items
        .iter()
        .zip(&calibration.items)
        .map(|(&i, o)| {
            Some(
                o.estimate()
                    .map_or(catalog.profile_bank.item(i).params, |e| e.params),
            )
        })
        .collect();
    let responses: Vec<Response> = answers
        .scored
        .iter()
        .filter(|(_, item, _)| in_competence(*item))
        .map(|&(person, item, correct)| Response {
            person,
            item: local[&item],
            correct,
        })
        .collect();
    let priors: Vec<PersonPrior> = person_priors
        .iter()
        .map(|p| PersonPrior {
            mean: p[c].0,
            sd: p[c].1,
        })
        .collect();
    let abilities = eap_abilities_conditional(
        &responses,
        answers.persons.len(),
        &params,
        &priors,
        config.quadrature_points,
        config.quadrature_range,
    )
    .map_err(|e| anyhow::anyhow!("pilot abilities: {e}"))?;
    let mut by_item: BTreeMap<usize, Vec<(f64, bool)>> = BTreeMap::new();
    for &&(person, item, correct) in &pilot {
        let theta = abilities[person].map_or(priors[person].mean, |e| e.theta);
        by_item.entry(item).or_default().push((theta, correct));
    }
    by_item
        .into_iter()
        .map(|(item, answers)| {
            let mut config = config.clone();
            if config.model == Model::ThreePl {
                config.priors = guessing_prior(catalog, &config, item);
            }
            let outcome = calibrate_fixed_theta(&answers, &config)
                .map_err(|e| anyhow::anyhow!("pilot item {}: {e}", catalog.items[item]))?;
            let ready = outcome
                .estimate()
                .and_then(|e| e.se)
                .is_some_and(|se| se.b <= READY_SE_B);
            Ok(PilotRun {
                item,
                outcome,
                ready,
            })
        })
        .collect()
}

/// The 3PL's priors for an item: those of `config` on `a` and `b`, and on `c` a Beta whose mode
/// is the chance that a blind guess is scored right given how the item is answered (worth 20
/// answers), or for an item that can hardly be guessed (typed answers; a chance under 1 %, such
/// as an ordering of 6) a Beta(1, 200) that keeps `c` near 0.
fn guessing_prior(catalog: &Catalog, config: &CalibrationConfig, item: usize) -> ItemPriors {
    let guess = catalog
        .bank
        .get(&catalog.items[item])
        .map_or(0.0, |i| i.blind_guess());
    let c = if guess < 0.01 {
        (1.0, 200.0)
    } else {
        (1.0 + 20.0 * guess, 1.0 + 20.0 * (1.0 - guess))
    };
    ItemPriors {
        c: Some(c),
        ..config.priors
    }
}

/// Quadrature of the calibration and of the persons' abilities: ±8 in steps of 0.2.
pub const QUADRATURE_POINTS: usize = 81;
pub const QUADRATURE_RANGE: f64 = 8.0;

/// Four decimals: more than the standard errors allow, and a stable file.
fn round(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}
