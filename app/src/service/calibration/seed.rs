//! `tremplin calibrate seed`: fictitious examinees take the real adaptive test, and their answers
//! are stored as real answers are, so that `tremplin calibrate` can be run (and checked) on a
//! real database before any real answer exists. Everything here is made up and marked: the
//! assessments carry the token hash `synthetique` and can never be opened, the beneficiaries
//! are named "Personne fictive (simulation)", and the seed refuses a database that holds a real
//! assessment.
//!
//! - Abilities: θ_c = g + u_c with Var g = 0.7 and Var u_c = 0.3 (unit variance, correlation
//!   0.7 between competences: the engine's own prior), and g lowered by 0.5 from 60 years on.
//! - Who: 30 % take it with a mediator (a fictitious beneficiary with an age band, and a guided
//!   diagnostic); the others alone (no age known).
//! - Items answer by "true" parameters drawn around the bank's: a = 1.2 · e^{N(0, 0.25²)}, b = the
//!   bank's b + N(0, 0.4²), c = the bank's c (the chance of a blind guess). The engine chooses
//!   items with the bank's parameters, as it does for real people.
//! - Planted DIF: one item in 40 (every 40th in bank order) is 0.8 harder for people of 60 and
//!   over than for others of the same ability.
//!
//! - Pilot items of the bank are served as the service serves them ([`pilot::choose`]).
//!
//! The truth (true a, b, c, planted DIF) is returned so that the report can compare.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Normal};
use tremplin_engine::{Scored, profile::ProfileSession};

use crate::db::{Db, assessments::ScoredAnswer, calibration as store};
use crate::service::assessment::pilot;
use crate::service::catalog::Catalog;

/// The fictitious structure that holds the simulated beneficiaries.
const STRUCTURE: (&str, &str) = (
    "simulation-calibration",
    "Structure fictive (simulation de calibration)",
);

/// Age bands a simulated beneficiary can have (adults), and the first one counted as "60 and
/// over".
const BANDS: [&str; 11] = [
    "18-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65-69",
    "70-74",
];
const OLDER_FROM: usize = 8;

/// An item's true parameters in the simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct TrueItem {
    pub id: String,
    pub a: f64,
    pub b: f64,
    pub c: f64,
    /// The b shift for people of 60 and over (0 when no DIF is planted).
    pub dif: f64,
}

/// What a seed wrote.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub persons: usize,
    pub answers: usize,
    pub truth: Vec<TrueItem>,
}

/// Draws the true parameters of every item in the bank (deterministic in `seed`).
pub fn truth(catalog: &Catalog, seed: u64) -> Vec<TrueItem> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x7472_7565);
    let log_a = Normal::new(0.0, 0.25).expect("valid");
    let shift = Normal::new(0.0, 0.4).expect("valid");
    catalog
        .bank
        .items()
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let p = item.params();
            TrueItem {
                id: item.id().to_owned(),
                a: 1.2 * f64::exp(log_a.sample(&mut rng)),
                b: p.b + shift.sample(&mut rng),
                c: p.c,
                dif: if i % 40 == 39 { 0.8 } else { 0.0 },
            }
        })
        .collect()
}

/// Simulates `persons` examinees and stores their answers. Refuses a database with a real
/// assessment.
pub async fn seed(
    db: &Db,
    catalog: &Catalog,
    persons: usize,
    seed: u64,
    now: i64,
) -> anyhow::Result<Seeded> {
    if store::real_assessments(&db.pool).await? > 0 {
        anyhow::bail!("this database holds real assessments: simulate into an empty database");
    }
    let truth = truth(catalog, seed);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let general = Normal::new(0.0, 0.7f64.sqrt()).expect("valid");
    let specific = Normal::new(0.0, 0.3f64.sqrt()).expect("valid");
    let competences = catalog.bank.framework().competences.len();
    let mut simulated = Vec::with_capacity(persons);
    let mut answers = 0;
    for p in 0..persons {
        let band = rng.random_range(0..BANDS.len());
        let older = band >= OLDER_FROM;
        let g = general.sample(&mut rng) - if older { 0.5 } else { 0.0 };
        let theta: Vec<f64> = (0..competences)
            .map(|_| g + specific.sample(&mut rng))
            .collect();
        let accompanied = rng.random_bool(0.3);
        let session_seed: i64 = rng.random();
        let mut session = ProfileSession::new(
            &catalog.profile_bank,
            catalog.config_for(&[]),
            session_seed as u64,
        )
        .map_err(|e| anyhow::anyhow!("engine: {e}"))?;
        // As the service does: the engine's choice, and now and then a pilot item before it.
        let mut stored: Vec<ScoredAnswer> = Vec::new();
        while !session.is_done() {
            let Some(chosen) = session.next_item() else {
                break;
            };
            let (item, pilot) = match pilot::choose(catalog, session_seed, &stored) {
                Some(id) => (
                    catalog.index_of(&id).expect("a pilot item is in the bank"),
                    true,
                ),
                None => (chosen, false),
            };
            let t = &truth[item];
            let competence = catalog.profile_bank.item(item).competence;
            let b = t.b + if older { t.dif } else { 0.0 };
            let p = tremplin_engine::irt::prob(theta[competence], t.a, b, t.c, 1.0);
            let correct = rng.random_bool(p.clamp(0.0, 1.0));
            if !pilot {
                session
                    .record(Scored { item, correct })
                    .map_err(|e| anyhow::anyhow!("engine: {e}"))?;
            }
            stored.push(ScoredAnswer {
                item_id: catalog.items[item].clone(),
                correct,
                skipped: false,
                pilot,
            });
        }
        let given: Vec<(String, bool, bool)> = stored
            .into_iter()
            .map(|a| (a.item_id, a.correct, a.pilot))
            .collect();
        answers += given.len();
        simulated.push(store::SimulatedAssessment {
            id: format!("simulation-{seed}-{p:07}"),
            seed: session_seed,
            answers: given,
            beneficiary: accompanied
                .then(|| (format!("simulation-{seed}-{p:07}"), BANDS[band].to_owned())),
        });
    }
    let mut tx = db.begin_write().await?;
    if store::real_assessments(&mut **tx).await? > 0 {
        anyhow::bail!("this database holds real assessments: simulate into an empty database");
    }
    store::insert_simulated(
        &mut tx,
        STRUCTURE,
        &catalog.bank.framework().version,
        &catalog.version,
        now,
        &simulated,
    )
    .await?;
    tx.commit().await?;
    Ok(Seeded {
        persons,
        answers,
        truth,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mediation::sixty_or_over;

    #[test]
    fn the_simulated_bands_split_at_sixty_as_calibration_reads_them() {
        assert_eq!(sixty_or_over("60-64"), Some(true));
        assert_eq!(sixty_or_over("75 et plus"), Some(true));
        assert_eq!(sixty_or_over("55-59"), Some(false));
        assert_eq!(sixty_or_over("moins de 12"), Some(false));
        assert_eq!(sixty_or_over("non communiqué"), None);
        assert!(
            BANDS[OLDER_FROM..]
                .iter()
                .all(|b| sixty_or_over(b) == Some(true))
        );
        assert!(
            BANDS[..OLDER_FROM]
                .iter()
                .all(|b| sixty_or_over(b) == Some(false))
        );
    }
}
