//! The published tables: predefined, computed from the rollups after each move of records (never
//! from raw records at read time), protected together by [`super::disclosure`], and stored ready
//! to serve.
//!
//! The people counted are split by département (with an "unknown" row in no région) and age band
//! (with an "unknown" column): that two-way table, its margins and its régions are one linked
//! set, from which every public table reads its counts — so no table can be differenced against
//! another. A cell's level shares are published only with its count.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::disclosure::{MIN_COUNT, TwoWay, protect};
use super::geo::geography;
use crate::db::{self, Write, observatory};
use crate::domain::AGE_BANDS;

/// The levels a share is given for (0: not yet reached level 1).
pub const LEVELS: u8 = 9;

/// "At least basic": DigComp's foundation levels (1–2) are Eurostat's "basic"; level 1 of the
/// CRCN and above.
pub const AT_LEAST_BASIC: i64 = 1;

/// The path whose levels the tables publish.
const PATH: &str = "citizen";

/// The published tables: name, title, the dimension it splits by.
pub const TABLES: [(&str, &str, Split); 4] = [
    (
        "niveaux-national",
        "Niveaux mesurés par compétence, France entière",
        Split::National,
    ),
    (
        "niveaux-regions",
        "Niveaux mesurés par compétence et par région",
        Split::Region,
    ),
    (
        "niveaux-departements",
        "Niveaux mesurés par compétence et par département",
        Split::Departement,
    ),
    (
        "niveaux-ages",
        "Niveaux mesurés par compétence et par tranche d'âge",
        Split::AgeBand,
    ),
];

/// How a table splits the people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    National,
    Region,
    Departement,
    AgeBand,
}

/// The disclosure rule, as published with every table.
pub const RULE: &str = "Aucun effectif de 1 à 10 personnes n'est publié ; d'autres cases sont masquées \
     pour qu'aucun effectif masqué ne puisse être recalculé ni borné sous 11 à partir des totaux \
     ou des autres tableaux. Les parts par niveau ne sont publiées qu'avec l'effectif.";

/// A published table.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub name: String,
    pub title: String,
    /// The dimensions every cell carries, in order.
    pub dimensions: Vec<String>,
    pub rule: String,
    pub min_count: u64,
    pub cells: Vec<Cell>,
}

/// One cell: its dimensions, its count of people (`None` when suppressed) and, with the count,
/// the share of people at each level 0–8 and at "at least basic".
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub dimensions: BTreeMap<String, String>,
    pub count: Option<u64>,
    pub shares: Option<Vec<f64>>,
    pub at_least_basic: Option<f64>,
}

/// Rows of the two-way table: the départements in the geography's order, then "unknown".
/// Columns: the age bands, then "unknown".
struct Frame {
    rows: Vec<String>,
    columns: Vec<String>,
}

impl Frame {
    fn new() -> Self {
        let mut rows: Vec<String> = geography()
            .departements
            .iter()
            .map(|d| d.code.clone())
            .collect();
        rows.push(String::new());
        let mut columns: Vec<String> = AGE_BANDS.iter().map(|a| (*a).to_owned()).collect();
        columns.push(String::new());
        Frame { rows, columns }
    }

    fn index(&self) -> (HashMap<&str, usize>, HashMap<&str, usize>) {
        (
            self.rows
                .iter()
                .enumerate()
                .map(|(i, r)| (r.as_str(), i))
                .collect(),
            self.columns
                .iter()
                .enumerate()
                .map(|(i, c)| (c.as_str(), i))
                .collect(),
        )
    }
}

/// Level counts of one group of people, by competence.
type Levels = BTreeMap<String, [u64; LEVELS as usize]>;

/// A row of a published table: its dimension values, the linked cell counting its people, and
/// its level counts.
type Group<'a> = (Vec<(&'static str, String)>, usize, &'a Levels);

fn shares(levels: &[u64; LEVELS as usize]) -> (Vec<f64>, f64) {
    let n: u64 = levels.iter().sum();
    let share = |k: u64| {
        if n == 0 {
            0.0
        } else {
            // Whole per cent: enough to read, and no finer than the counts behind it.
            (k as f64 * 100.0 / n as f64).round() / 100.0
        }
    };
    let basic: u64 = levels[AT_LEAST_BASIC as usize..].iter().sum();
    (levels.iter().map(|&k| share(k)).collect(), share(basic))
}

/// Recomputes every table from the rollups and stores it (in the caller's transaction), with a
/// cell for each of `competences` (the framework's codes).
pub async fn republish(tx: &mut Write, competences: &[String]) -> sqlx::Result<()> {
    let frame = Frame::new();
    let (row_of, column_of) = frame.index();
    let geo = geography();
    let mut counts = vec![vec![0u64; frame.columns.len()]; frame.rows.len()];
    for (d, a, n) in observatory::people(tx, PATH).await? {
        // A code outside the geography (an older COG year) counts as unknown.
        let r = *row_of.get(d.as_str()).unwrap_or(&(frame.rows.len() - 1));
        let c = *column_of
            .get(a.as_str())
            .unwrap_or(&(frame.columns.len() - 1));
        counts[r][c] += n.max(0) as u64;
    }
    let regions = geo.departements_by_region();
    let two_way = TwoWay::new(&counts, &regions);
    let published = protect(&two_way.linked);

    // Level counts by row (département), by column (age band), by région and in all.
    let mut by_row: Vec<Levels> = vec![Levels::new(); frame.rows.len()];
    let mut by_column: Vec<Levels> = vec![Levels::new(); frame.columns.len()];
    let mut all = Levels::new();
    for (d, a, competence, level, n) in observatory::levels(tx, PATH).await? {
        let r = *row_of.get(d.as_str()).unwrap_or(&(frame.rows.len() - 1));
        let c = *column_of
            .get(a.as_str())
            .unwrap_or(&(frame.columns.len() - 1));
        let l = level.clamp(0, i64::from(LEVELS) - 1) as usize;
        let n = n.max(0) as u64;
        for target in [&mut by_row[r], &mut by_column[c], &mut all] {
            target
                .entry(competence.clone())
                .or_insert([0; LEVELS as usize])[l] += n;
        }
    }
    let by_region: Vec<Levels> = regions
        .iter()
        .map(|rows| {
            let mut sum = Levels::new();
            for &r in rows {
                for (comp, ls) in &by_row[r] {
                    let e = sum.entry(comp.clone()).or_insert([0; LEVELS as usize]);
                    for (k, v) in ls.iter().enumerate() {
                        e[k] += v;
                    }
                }
            }
            sum
        })
        .collect();

    let counts_of = two_way.linked.counts();
    let now = db::now_ms();
    for (name, title, split) in TABLES {
        let groups: Vec<Group> = match split {
            Split::National => vec![(vec![], two_way.total, &all)],
            Split::Region => geo
                .regions
                .iter()
                .enumerate()
                .map(|(g, r)| {
                    (
                        vec![("region", r.code.clone())],
                        two_way.group_totals[g],
                        &by_region[g],
                    )
                })
                .collect(),
            Split::Departement => geo
                .departements
                .iter()
                .enumerate()
                .map(|(r, d)| {
                    (
                        vec![("departement", d.code.clone())],
                        two_way.row_totals[r],
                        &by_row[r],
                    )
                })
                .collect(),
            Split::AgeBand => frame
                .columns
                .iter()
                .enumerate()
                .filter(|(_, a)| !a.is_empty())
                .map(|(c, a)| {
                    (
                        vec![("age_band", a.clone())],
                        two_way.column_totals[c],
                        &by_column[c],
                    )
                })
                .collect(),
        };
        let mut dimensions: Vec<String> = groups
            .first()
            .map(|(dims, ..)| dims.iter().map(|(k, _)| (*k).to_owned()).collect())
            .unwrap_or_default();
        dimensions.push("competence".into());
        let mut cells = Vec::new();
        for (dims, cell, levels) in groups {
            let shown = published[cell];
            for competence in competences {
                let mut d: BTreeMap<String, String> = dims
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), v.clone()))
                    .collect();
                d.insert("competence".into(), competence.clone());
                let (shares, basic) = match (shown, levels.get(competence)) {
                    (true, Some(ls)) => {
                        let (s, b) = shares(ls);
                        (Some(s), Some(b))
                    }
                    _ => (None, None),
                };
                cells.push(Cell {
                    dimensions: d,
                    count: shown.then_some(counts_of[cell]),
                    shares,
                    at_least_basic: basic,
                });
            }
        }
        let table = Table {
            name: name.into(),
            title: title.into(),
            dimensions,
            rule: RULE.into(),
            min_count: MIN_COUNT,
            cells,
        };
        let body =
            serde_json::to_string(&table).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        observatory::publish(tx, name, &body, now).await?;
    }
    Ok(())
}
