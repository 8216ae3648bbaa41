//! The published tables: predefined, computed from the rollups (never from raw records at read
//! time), protected together by [`super::disclosure`], and stored ready to serve.
//!
//! Tables are released by month, once the month is closed (three days after its end, when its
//! records have left the inbox); a month's cells are frozen then and never revised, so two
//! releases cannot be differenced. Each month's figures are protected as one set by
//! [`super::release`]: the people by département, région, age band and for the country; for
//! each competence, the shares per level and at level 1 or above, by région and nationally. A
//! share is given only where the counts it comes from are published.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::disclosure::MIN_COUNT;
use super::geo::geography;
use super::release::cross::release_cross;
use super::release::{MonthData, shares};
use super::{analysis, orientations};
use crate::db::{self, Write, observatory};
use crate::domain::AGE_BANDS;
use crate::service::ServiceError;

#[path = "tables_read.rs"]
mod read;
pub use read::{Parsed, Published, published};

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
     ou des autres tableaux, de toutes les compétences ensemble. Chaque mois est publié une fois, \
     après sa fin, et n'est plus modifié. Une part n'est publiée que si les effectifs dont elle \
     est tirée le sont, pour la France entière et par région ; par département, seuls les \
     effectifs sont publiés.";

/// A published table.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
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
/// people (`None` when suppressed), and in the national and régions' tables the share of the
/// people measured at each level 0–8 (`None` for a level whose count is suppressed) and at
/// level 1 or above.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Cell {
    pub dimensions: BTreeMap<String, String>,
    pub count: Option<u64>,
    pub shares: Option<Vec<Option<f64>>>,
    pub at_least_basic: Option<f64>,
    /// Premiers pas tables: the share of the people of the cell's month and territory that the
    /// path oriented this way, when both counts are published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
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

/// A cell's shares per level and share at level 1 or above, when published.
type Figures = Option<(Option<Vec<Option<f64>>>, Option<f64>)>;

/// The last month that is closed at `now` (three days after the end of a month).
pub(super) fn last_closed_month(now: i64) -> String {
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

/// One closed month's tables, computed and not stored yet: (month, [(table name, cells JSON)]).
pub type Release = (String, Vec<(&'static str, String)>);

/// Computes the tables of every closed month not frozen yet, reading the rollups outside any
/// write transaction: a release takes seconds of linear programmes, and on SQLite a write
/// transaction would hold every answer back meanwhile. A closed month's rollups only grow by
/// late records, which its release may leave out (a month is released once, as read).
pub async fn releases(
    db: &crate::db::Db,
    competences: &[String],
    now: i64,
) -> Result<Vec<Release>, ServiceError> {
    let closed = last_closed_month(now);
    let mut out = Vec::new();
    for month in observatory::months(&db.pool).await? {
        if month > closed || observatory::is_frozen(&db.pool, &month).await? {
            continue;
        }
        let mut tables = Vec::new();
        for (name, cells) in month_tables(db, competences, &month).await? {
            let cells =
                serde_json::to_string(&cells).map_err(|e| ServiceError::Unexpected(e.into()))?;
            tables.push((name, cells));
        }
        out.push((month, tables));
    }
    Ok(out)
}

/// Freezes `releases` (a month another instance froze meanwhile keeps its first release), then
/// composes and stores each table from its frozen months (in the caller's transaction).
pub async fn republish(tx: &mut Write, releases: &[Release]) -> sqlx::Result<()> {
    for (month, tables) in releases {
        if observatory::is_frozen(&mut ***tx, month).await? {
            continue;
        }
        for (name, cells) in tables {
            observatory::freeze(tx, name, month, cells).await?;
        }
    }
    let now_ms = db::now_ms();
    let mut all: Vec<(&str, &str, Vec<String>, &str)> = TABLES
        .iter()
        .map(|(name, title, split)| {
            let mut dimensions = vec!["month".to_owned()];
            dimensions.extend(split.dimension().map(str::to_owned));
            dimensions.push("competence".into());
            (*name, *title, dimensions, RULE)
        })
        .collect();
    for (name, title, dimensions) in orientations::TABLES {
        let dimensions = dimensions.iter().map(|d| (*d).to_owned()).collect();
        all.push((name, title, dimensions, orientations::RULE));
    }
    for (name, title, dimensions) in analysis::TABLES {
        let dimensions = dimensions.iter().map(|d| (*d).to_owned()).collect();
        all.push((name, title, dimensions, analysis::RULE));
    }
    for (name, title, dimensions, rule) in all {
        let mut cells: Vec<Cell> = Vec::new();
        for part in observatory::frozen(tx, name).await? {
            let month: Vec<Cell> =
                serde_json::from_str(&part).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
            cells.extend(month);
        }
        let table = Table {
            name: name.into(),
            title: title.into(),
            dimensions,
            rule: rule.into(),
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

/// One month's cells of every table, protected together (see [`super::release`]).
async fn month_tables(
    db: &crate::db::Db,
    competences: &[String],
    month: &str,
) -> Result<Vec<(&'static str, Vec<Cell>)>, ServiceError> {
    let frame = Frame::new();
    let (row_of, column_of) = frame.index();
    let geo = geography();
    let unknown_row = frame.rows.len() - 1;
    // A code outside the geography (an older COG year) counts as unknown.
    let row = |d: &str| *row_of.get(d).unwrap_or(&unknown_row);
    let mut people = vec![vec![0u64; frame.columns.len()]; frame.rows.len()];
    // One snapshot for both reads: a move from the inbox between them would make the two
    // tables of the month disagree.
    let mut read = db.pool.begin().await?;
    if db.backend() == crate::db::Backend::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            .execute(&mut *read)
            .await?;
    }
    let people_rows = observatory::people(&mut *read, PATH, month).await?;
    let level_rows = observatory::departement_levels(&mut *read, PATH, month).await?;
    let basic_rows = observatory::basic_by_age(&mut *read, PATH, month).await?;
    let orientation_rows =
        db::orientations::by_departement(&mut *read, db::orientations::PATH, month).await?;
    read.rollback().await?;
    for (d, a, n) in people_rows {
        let c = *column_of
            .get(a.as_str())
            .unwrap_or(&(frame.columns.len() - 1));
        people[row(&d)][c] += n.max(0) as u64;
    }
    let index_of: HashMap<&str, usize> = competences
        .iter()
        .enumerate()
        .map(|(k, c)| (c.as_str(), k))
        .collect();
    let mut levels = vec![vec![[0u64; LEVELS as usize]; frame.rows.len()]; competences.len()];
    for (d, competence, level, n) in level_rows {
        let Some(&k) = index_of.get(competence.as_str()) else {
            continue;
        };
        let l = level.clamp(0, i64::from(LEVELS) - 1) as usize;
        levels[k][row(&d)][l] += n.max(0) as u64;
    }
    let groups = analysis::columns_of_groups(&frame.columns);
    let basic = analysis::basic_by_group(
        &people,
        &frame.columns,
        &groups,
        row,
        competences,
        basic_rows,
    );
    let beginners = orientations::by_region(&orientation_rows);
    let data = MonthData {
        people,
        levels,
        regions: geo.departements_by_region(),
    };
    // Seconds of linear programmes: on the blocking pool, not on a request's worker.
    let (r, cross, oriented) = tokio::task::spawn_blocking(move || {
        let (r, cross) = release_cross(&data, &groups, &basic);
        (r, cross, orientations::release(&beginners))
    })
    .await
    .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("the release stopped: {e}")))?;

    let mut out = Vec::new();
    for (name, _, split) in TABLES {
        let mut cells = Vec::new();
        let mut push = |dims: Vec<(&str, String)>, k: usize, count, figures: Figures| {
            let mut d: BTreeMap<String, String> = dims
                .into_iter()
                .map(|(key, v)| (key.to_owned(), v))
                .collect();
            d.insert("month".into(), month.to_owned());
            d.insert("competence".into(), competences[k].clone());
            let (shares, at_least_basic) = figures.unwrap_or((None, None));
            cells.push(Cell {
                dimensions: d,
                count,
                shares,
                at_least_basic,
                share: None,
            });
        };
        for k in 0..competences.len() {
            match split {
                Split::National => {
                    let s = shares(r.total, &r.national_levels[k], r.national_basic[k]);
                    push(vec![], k, r.total, s.map(|(s, b)| (Some(s), b)));
                }
                Split::Region => {
                    for (g, reg) in geo.regions.iter().enumerate() {
                        let s = shares(r.regions[g], &r.region_levels[k][g], r.region_basic[k][g]);
                        let dims = vec![("region", reg.code.clone())];
                        push(dims, k, r.regions[g], s.map(|(s, b)| (Some(s), b)));
                    }
                }
                Split::Departement => {
                    for (x, dep) in geo.departements.iter().enumerate() {
                        let dims = vec![("departement", dep.code.clone())];
                        push(dims, k, r.departements[x], None);
                    }
                }
                Split::AgeBand => {
                    for (a, band) in frame.columns.iter().enumerate() {
                        if !band.is_empty() {
                            push(vec![("age_band", band.clone())], k, r.ages[a], None);
                        }
                    }
                }
            }
        }
        out.push((name, cells));
    }
    let departements: Vec<String> = geo.departements.iter().map(|d| d.code.clone()).collect();
    out.extend(analysis::cells(month, &departements, competences, &cross));
    out.extend(orientations::cells(month, &oriented));
    Ok(out)
}

/// Every public table: name and title (the analysts' table is not one).
pub fn public_tables() -> Vec<(&'static str, &'static str)> {
    TABLES
        .iter()
        .map(|(n, t, _)| (*n, *t))
        .chain(orientations::TABLES.iter().map(|(n, t, _)| (*n, *t)))
        .collect()
}
