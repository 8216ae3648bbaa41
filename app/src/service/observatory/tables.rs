//! The published tables: predefined, computed from the rollups (never from raw records at read
//! time), protected together by [`super::disclosure`], and stored ready to serve.
//!
//! Tables are released by month, once the month is closed (three days after its end, when its
//! records have left the inbox); a month's cells are frozen then and never revised, so two
//! releases cannot be differenced. Each month, the people counted are split by département (with
//! an "unknown" row in no région) and age band (with an "unknown" column): that table's margins,
//! its régions and its total are released, all protected as one linked set (the département ×
//! age band cells themselves are never released) — so no table can be differenced against
//! another. Level shares are released for the whole country only, each level's count protected
//! within the competence's total; the tables by région, département and age band give counts.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::disclosure::{MIN_COUNT, TwoWay, protect, protect_only};
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
     ou des autres tableaux. Chaque mois est publié une fois, après sa fin, et n'est plus modifié. \
     Les parts par niveau ne sont publiées que pour la France entière, et seulement pour les \
     niveaux dont l'effectif est publiable.";

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

/// One cell: its dimensions (month, maybe a territory or age band, competence), its count of
/// people (`None` when suppressed) and, in the national table only, the share of people at each
/// level 0–8 (`None` for a level whose count is suppressed) and at "at least basic".
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Cell {
    pub dimensions: BTreeMap<String, String>,
    pub count: Option<u64>,
    pub shares: Option<Vec<Option<f64>>>,
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

/// A row of a published table: its dimension values and the linked cell counting its people.
type Group = (Vec<(&'static str, String)>, usize);

/// The national shares of one competence: each level's count protected within the total (a
/// level of 1 to 10 people is hidden, with another so that it cannot be worked out); the share
/// at "at least basic" only when level 0's count is released (it is the total less level 0).
fn national_shares(levels: &[u64; LEVELS as usize]) -> (Vec<Option<f64>>, Option<f64>) {
    let n: u64 = levels.iter().sum();
    let mut linked = super::disclosure::Linked::default();
    let cells: Vec<usize> = levels.iter().map(|&k| linked.cell(k)).collect();
    let total = linked.cell(n);
    linked.sum(total, cells.clone());
    let released = protect(&linked);
    if n == 0 || !released[total] {
        return (vec![None; LEVELS as usize], None);
    }
    // Whole per cent.
    let share = |k: u64| (k as f64 * 100.0 / n as f64).round() / 100.0;
    let shares = cells
        .iter()
        .zip(levels)
        .map(|(&c, &k)| released[c].then(|| share(k)))
        .collect();
    let basic = released[cells[0]].then(|| share(n - levels[0]));
    (shares, basic)
}

/// The last month that is closed at `now` (three days after the end of a month).
fn last_closed_month(now: i64) -> String {
    let three_days = 3 * 24 * 60 * 60 * 1000;
    let current = crate::service::assessment::month_of(now - three_days);
    // The month before `current` ('YYYY-MM').
    let (y, m) = current.split_once('-').unwrap_or(("1970", "01"));
    let (y, m): (i64, i64) = (y.parse().unwrap_or(1970), m.parse().unwrap_or(1));
    if m == 1 {
        format!("{:04}-12", y - 1)
    } else {
        format!("{y:04}-{:02}", m - 1)
    }
}

/// Freezes the tables of every closed month not frozen yet, then composes and stores each
/// table from its frozen months (in the caller's transaction), with a cell for each of
/// `competences` (the framework's codes).
pub async fn republish(tx: &mut Write, competences: &[String], now: i64) -> sqlx::Result<()> {
    let closed = last_closed_month(now);
    for month in observatory::months(tx, PATH).await? {
        if month > closed || observatory::is_frozen(tx, &month).await? {
            continue;
        }
        for (name, cells) in month_tables(tx, competences, &month).await? {
            let cells =
                serde_json::to_string(&cells).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
            observatory::freeze(tx, name, &month, &cells).await?;
        }
    }
    let now_ms = db::now_ms();
    for (name, title, split) in TABLES {
        let mut cells: Vec<Cell> = Vec::new();
        for part in observatory::frozen(tx, name).await? {
            let month: Vec<Cell> =
                serde_json::from_str(&part).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
            cells.extend(month);
        }
        let mut dimensions = vec!["month".to_owned()];
        dimensions.extend(split.dimension().map(str::to_owned));
        dimensions.push("competence".into());
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
        observatory::publish(tx, name, &body, now_ms).await?;
    }
    Ok(())
}

impl Split {
    /// The dimension a table adds to month and competence.
    fn dimension(self) -> Option<&'static str> {
        match self {
            Split::National => None,
            Split::Region => Some("region"),
            Split::Departement => Some("departement"),
            Split::AgeBand => Some("age_band"),
        }
    }
}

/// One month's cells of every table.
async fn month_tables(
    tx: &mut Write,
    competences: &[String],
    month: &str,
) -> sqlx::Result<Vec<(&'static str, Vec<Cell>)>> {
    let frame = Frame::new();
    let (row_of, column_of) = frame.index();
    let geo = geography();
    let mut counts = vec![vec![0u64; frame.columns.len()]; frame.rows.len()];
    for (d, a, n) in observatory::people(tx, PATH, month).await? {
        // A code outside the geography (an older COG year) counts as unknown.
        let r = *row_of.get(d.as_str()).unwrap_or(&(frame.rows.len() - 1));
        let c = *column_of
            .get(a.as_str())
            .unwrap_or(&(frame.columns.len() - 1));
        counts[r][c] += n.max(0) as u64;
    }
    let regions = geo.departements_by_region();
    let two_way = TwoWay::new(&counts, &regions);
    // Released: the départements', régions' and age bands' totals and the national total.
    let mut releasable = vec![false; two_way.linked.counts().len()];
    for &c in two_way
        .row_totals
        .iter()
        .chain(&two_way.group_totals)
        .chain(&two_way.column_totals)
        .chain(std::iter::once(&two_way.total))
    {
        releasable[c] = true;
    }
    let published = protect_only(&two_way.linked, &releasable);

    let mut national: BTreeMap<String, [u64; LEVELS as usize]> = BTreeMap::new();
    for (competence, level, n) in observatory::national_levels(tx, PATH, month).await? {
        let l = level.clamp(0, i64::from(LEVELS) - 1) as usize;
        national.entry(competence).or_insert([0; LEVELS as usize])[l] += n.max(0) as u64;
    }

    let counts_of = two_way.linked.counts();
    let mut out = Vec::new();
    for (name, _, split) in TABLES {
        let groups: Vec<Group> = match split {
            Split::National => vec![(vec![], two_way.total)],
            Split::Region => geo
                .regions
                .iter()
                .enumerate()
                .map(|(g, r)| (vec![("region", r.code.clone())], two_way.group_totals[g]))
                .collect(),
            Split::Departement => geo
                .departements
                .iter()
                .enumerate()
                .map(|(r, d)| (vec![("departement", d.code.clone())], two_way.row_totals[r]))
                .collect(),
            Split::AgeBand => frame
                .columns
                .iter()
                .enumerate()
                .filter(|(_, a)| !a.is_empty())
                .map(|(c, a)| (vec![("age_band", a.clone())], two_way.column_totals[c]))
                .collect(),
        };
        let mut cells = Vec::new();
        for (dims, cell) in groups {
            let shown = published[cell];
            for competence in competences {
                let mut d: BTreeMap<String, String> = dims
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), v.clone()))
                    .collect();
                d.insert("month".into(), month.to_owned());
                d.insert("competence".into(), competence.clone());
                let (shares, basic) = match (split, shown, national.get(competence)) {
                    (Split::National, true, Some(levels)) => {
                        let (s, b) = national_shares(levels);
                        (Some(s), b)
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
        out.push((name, cells));
    }
    Ok(out)
}
