//! `tremplin observatory seed --records N`: synthetic anonymous records, to measure the
//! observatory at scale and to show its pages in tests. Everything here is made up (fictitious
//! weights, not population figures) and said so: the records carry the framework version
//! `synthetique`.
//!
//! - Months: the `months` closed months before now, evenly.
//! - Départements: each gets a log-normal weight (σ = 1, drawn from the seed), so some are big
//!   and many small, as real participation would be; 8 % of people give none.
//! - Age bands: fixed weights, more people of working age; 5 % give none.
//! - Levels: a general ability θ ~ N(μ(age), 1), μ lower past 55; each competence
//!   θ_k = 0.8 θ + 0.6 ε (correlation ≈ 0.64 between competences); level = ⌊1.6 θ_k + 2.2⌋
//!   clamped to 0–8 (about one person in five below level 1: a third of adults are far from
//!   digital).
//! - Premiers pas: one record in eight, with θ lowered by 1.5; each skill, later ones harder,
//!   is acquired, in progress or to work on; orientation urgence for one in eight (a procedure
//!   to do now), else autonomie when no skill is to work on and at most one in progress, else
//!   accompagnement.
//!
//! Records and their levels are written with multi-row inserts and the rollups with one upsert
//! per key, in one transaction; then a forced pass releases the closed months.

use std::collections::HashMap;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, LogNormal, Normal};

use super::geo::geography;
use super::{Pass, refresh};
use crate::db::{self, Db, observatory, orientations};
use crate::domain::AGE_BANDS;
use crate::service::ServiceError;

/// The framework version the synthetic records carry.
pub const SYNTHETIC: &str = "synthetique";

/// What a seed wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seeded {
    pub records: u64,
    pub months: Vec<String>,
    pub timings: Timings,
}

/// How long a seed took: writing, then the pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timings {
    pub written_ms: u128,
    pub pass_ms: u128,
}

/// The share of synthetic records that are Premiers pas.
const BEGINNER_SHARE: f64 = 0.125;

/// What a synthetic person's record holds.
enum Holds {
    Levels(Vec<u8>),
    /// Orientation and (skill, outcome) pairs.
    Beginner(&'static str, Vec<(String, &'static str)>),
}

/// Synthetic draws shared by both ways of seeding.
struct Draws {
    rng: Xoshiro256PlusPlus,
    dep_cum: Vec<f64>,
    age_cum: Vec<f64>,
    normal: Normal<f64>,
}

impl Draws {
    fn new(seed: u64) -> Result<Self, ServiceError> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let lognormal = LogNormal::new(0.0, 1.0).map_err(|e| ServiceError::Unexpected(e.into()))?;
        let mut dep_weights: Vec<f64> = geography()
            .departements
            .iter()
            .map(|_| lognormal.sample(&mut rng))
            .collect();
        // "No département given".
        let given: f64 = dep_weights.iter().sum();
        dep_weights.push(given * 0.08 / 0.92);
        // AGE_BANDS, then "none given" (synthetic weights).
        let age_weights = [12.0, 15.0, 15.0, 15.0, 14.0, 12.0, 8.0, 4.0, 5.0];
        debug_assert_eq!(age_weights.len(), AGE_BANDS.len() + 1);
        Ok(Draws {
            rng,
            dep_cum: cumulate(&dep_weights),
            age_cum: cumulate(&age_weights),
            normal: Normal::new(0.0, 1.0).map_err(|e| ServiceError::Unexpected(e.into()))?,
        })
    }

    /// A person: département index (past the end: none), age band index (likewise), and
    /// levels or (Premiers pas) an orientation and the skills' outcomes.
    fn person(&mut self, competences: usize, skills: &[String]) -> (usize, usize, Holds) {
        let beginner = !skills.is_empty() && self.rng.random::<f64>() < BEGINNER_SHARE;
        let d = pick(&self.dep_cum, &mut self.rng);
        let a = pick(&self.age_cum, &mut self.rng);
        // Mean ability by age band (synthetic, AGE_BANDS order then "none"): lower past 55.
        let mu = [0.3, 0.3, 0.2, 0.0, -0.2, -0.5, -0.9, 0.0, 0.0][a.min(8)];
        let general = mu + self.normal.sample(&mut self.rng);
        if beginner {
            return (d, a, self.beginner(general - 1.5, skills));
        }
        let levels = (0..competences)
            .map(|_| {
                let theta = 0.8 * general + 0.6 * self.normal.sample(&mut self.rng);
                (1.6 * theta + 2.2).floor().clamp(0.0, 8.0) as u8
            })
            .collect();
        (d, a, Holds::Levels(levels))
    }

    fn beginner(&mut self, theta: f64, skills: &[String]) -> Holds {
        let outcomes: Vec<(String, &'static str)> = skills
            .iter()
            .enumerate()
            .map(|(i, skill)| {
                let x = theta + 0.7 * self.normal.sample(&mut self.rng) - 0.15 * i as f64;
                let outcome = if x > -1.0 {
                    "acquis"
                } else if x > -1.8 {
                    "en_cours"
                } else {
                    "a_travailler"
                };
                (skill.clone(), outcome)
            })
            .collect();
        let count = |o: &str| outcomes.iter().filter(|(_, x)| *x == o).count();
        let orientation = if self.rng.random::<f64>() < 0.125 {
            "urgence"
        } else if count("a_travailler") == 0 && count("en_cours") <= 1 {
            "autonomie"
        } else {
            "accompagnement"
        };
        Holds::Beginner(orientation, outcomes)
    }
}

/// Puts `records` synthetic records of the current month in the inbox, as consents do, then
/// times the pass that moves them.
pub async fn through_inbox(
    db: &Db,
    competences: &[String],
    skills: &[String],
    records: u64,
    seed: u64,
    now: i64,
) -> Result<Timings, ServiceError> {
    refuse_real_records(db).await?;
    let started = std::time::Instant::now();
    let mut draws = Draws::new(seed)?;
    let geo = geography();
    let month = crate::service::assessment::month_of(now);
    let mut tx = db.begin_write().await?;
    for _ in 0..records {
        let (d, a, holds) = draws.person(competences.len(), skills);
        let (path, levels, beginner) = match &holds {
            Holds::Levels(levels) => {
                let levels: Vec<(String, u8)> = competences
                    .iter()
                    .cloned()
                    .zip(levels.iter().copied())
                    .collect();
                ("citizen", levels, None)
            }
            Holds::Beginner(orientation, outcomes) => (
                db::orientations::PATH,
                Vec::new(),
                Some(observatory::Beginner {
                    orientation,
                    outcomes,
                }),
            ),
        };
        observatory::insert(
            &mut tx,
            &observatory::NewRecord {
                id: &crate::service::token::new_id()?,
                received_at: now,
                path,
                month: &month,
                cog_year: crate::domain::territory::COG_YEAR,
                departement: geo.departements.get(d).map(|x| x.code.as_str()),
                age_band: AGE_BANDS.get(a).copied(),
                framework_version: SYNTHETIC,
                levels: &levels,
                beginner,
            },
        )
        .await?;
    }
    tx.commit().await?;
    let written_ms = started.elapsed().as_millis();
    let pass = std::time::Instant::now();
    refresh(db, competences, Pass::Force, now).await?;
    Ok(Timings {
        written_ms,
        pass_ms: pass.elapsed().as_millis(),
    })
}

/// Synthetic records are never mixed with real ones: their months would be released and frozen
/// with them for good.
async fn refuse_real_records(db: &Db) -> Result<(), ServiceError> {
    let real = observatory::real_records(&db.pool, SYNTHETIC).await?;
    if real > 0 {
        return Err(ServiceError::Unexpected(anyhow::anyhow!(
            "this database holds {real} real observatory records: synthetic records go only \
             into a database of their own"
        )));
    }
    Ok(())
}

/// The `n` closed months before `now`, oldest first.
fn closed_months(now: i64, n: u32) -> Vec<String> {
    let last = super::tables::last_closed_month(now);
    let (y, m) = last.split_once('-').unwrap_or(("1970", "01"));
    let (mut y, mut m): (i64, i64) = (y.parse().unwrap_or(1970), m.parse().unwrap_or(1));
    let mut out = Vec::new();
    for _ in 0..n.max(1) {
        out.push(format!("{y:04}-{m:02}"));
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
    }
    out.reverse();
    out
}

/// Picks an index with probability proportional to `cumulative`'s steps.
fn pick(cumulative: &[f64], rng: &mut Xoshiro256PlusPlus) -> usize {
    let total = cumulative.last().copied().unwrap_or(1.0);
    let u = rng.random::<f64>() * total;
    cumulative
        .partition_point(|&c| c <= u)
        .min(cumulative.len() - 1)
}

fn cumulate(weights: &[f64]) -> Vec<f64> {
    weights
        .iter()
        .scan(0.0, |acc, w| {
            *acc += w;
            Some(*acc)
        })
        .collect()
}

/// Writes `records` synthetic records over `months` closed months, then releases them.
pub async fn seed(
    db: &Db,
    competences: &[String],
    skills: &[String],
    records: u64,
    months: u32,
    seed: u64,
    now: i64,
) -> Result<Seeded, ServiceError> {
    refuse_real_records(db).await?;
    let started = std::time::Instant::now();
    let mut draws = Draws::new(seed)?;
    let geo = geography();
    let months = closed_months(now, months);
    let mut people: HashMap<(usize, usize, usize), i64> = HashMap::new();
    let mut levels: HashMap<(usize, usize, usize, usize, u8), i64> = HashMap::new();
    let mut beginners: HashMap<(usize, usize, usize), i64> = HashMap::new();
    let mut oriented: HashMap<(usize, usize, usize, &'static str), i64> = HashMap::new();
    let mut tx = db.begin_write().await?;
    let mut batch: Vec<observatory::SeedRecord> = Vec::with_capacity(observatory::SEED_BATCH);
    let mut beginner_batch: Vec<orientations::SeedBeginner> = Vec::new();
    for i in 0..records {
        let month = (i as usize * months.len()) / records.max(1) as usize;
        let (d, a, holds) = draws.person(competences.len(), skills);
        let record_levels = match holds {
            Holds::Levels(l) => l,
            Holds::Beginner(orientation, outcomes) => {
                *beginners.entry((month, d, a)).or_default() += 1;
                *oriented.entry((month, d, a, orientation)).or_default() += 1;
                beginner_batch.push(orientations::SeedBeginner {
                    id: crate::service::token::new_id()?,
                    month: months[month].clone(),
                    departement: geo.departements.get(d).map(|x| x.code.clone()),
                    age_band: AGE_BANDS.get(a).map(|x| (*x).to_owned()),
                    orientation,
                    outcomes,
                });
                if beginner_batch.len() == observatory::SEED_BATCH {
                    orientations::insert_seeded(&mut tx, SYNTHETIC, &beginner_batch).await?;
                    beginner_batch.clear();
                }
                continue;
            }
        };
        *people.entry((month, d, a)).or_default() += 1;
        for (k, &l) in record_levels.iter().enumerate() {
            *levels.entry((month, d, a, k, l)).or_default() += 1;
        }
        batch.push(observatory::SeedRecord {
            id: crate::service::token::new_id()?,
            month: months[month].clone(),
            departement: geo.departements.get(d).map(|x| x.code.clone()),
            age_band: AGE_BANDS.get(a).map(|x| (*x).to_owned()),
            levels: record_levels,
        });
        if batch.len() == observatory::SEED_BATCH {
            observatory::insert_seeded(&mut tx, competences, SYNTHETIC, &batch).await?;
            batch.clear();
        }
    }
    observatory::insert_seeded(&mut tx, competences, SYNTHETIC, &batch).await?;
    orientations::insert_seeded(&mut tx, SYNTHETIC, &beginner_batch).await?;
    let dep_code = |d: usize| geo.departements.get(d).map_or("", |x| x.code.as_str());
    let age_code = |a: usize| AGE_BANDS.get(a).copied().unwrap_or("");
    let people: Vec<(String, String, String, i64)> = people
        .into_iter()
        .map(|((m, d, a), n)| (months[m].clone(), dep_code(d).into(), age_code(a).into(), n))
        .collect();
    observatory::add_people(&mut tx, "citizen", &people).await?;
    let levels: Vec<(String, String, String, String, i64, i64)> = levels
        .into_iter()
        .map(|((m, d, a, k, l), n)| {
            (
                months[m].clone(),
                dep_code(d).into(),
                age_code(a).into(),
                competences[k].clone(),
                i64::from(l),
                n,
            )
        })
        .collect();
    observatory::add_levels(&mut tx, "citizen", &levels).await?;
    let beginners: Vec<(String, String, String, i64)> = beginners
        .into_iter()
        .map(|((m, d, a), n)| (months[m].clone(), dep_code(d).into(), age_code(a).into(), n))
        .collect();
    observatory::add_people(&mut tx, orientations::PATH, &beginners).await?;
    let oriented: Vec<(String, String, String, String, i64)> = oriented
        .into_iter()
        .map(|((m, d, a, o), n)| {
            let (dep, age) = (dep_code(d).into(), age_code(a).into());
            (months[m].clone(), dep, age, o.to_owned(), n)
        })
        .collect();
    orientations::add(&mut tx, orientations::PATH, &oriented).await?;
    tx.commit().await?;
    let written_ms = started.elapsed().as_millis();
    let pass = std::time::Instant::now();
    refresh(db, competences, Pass::Force, now).await?;
    Ok(Seeded {
        records,
        months,
        timings: Timings {
            written_ms,
            pass_ms: pass.elapsed().as_millis(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_months_are_the_closed_ones_before_now_oldest_first() {
        // 2026-11-30: October is closed (since 3 November), November not yet.
        let now = 1_796_040_000_000; // 2026-11-30T12:00:00Z
        assert_eq!(
            closed_months(now, 3),
            ["2026-08", "2026-09", "2026-10"].map(String::from)
        );
        assert_eq!(
            closed_months(now, 12).first().map(String::as_str),
            Some("2025-11")
        );
    }

    #[test]
    fn picks_follow_the_weights() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let cum = cumulate(&[1.0, 0.0, 3.0]);
        let mut seen = [0; 3];
        for _ in 0..4000 {
            seen[pick(&cum, &mut rng)] += 1;
        }
        assert_eq!(seen[1], 0);
        assert!((800..1200).contains(&seen[0]), "{seen:?}");
    }
}
