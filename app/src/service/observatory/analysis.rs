//! The analysts' table: people by département × age group, with the share at level 1 or above
//! of each competence. Released with the public tables of each month and protected with them
//! ([`super::release::cross`]); stored like them but served only to analysts (never listed or
//! served by the public API).

use std::collections::{BTreeMap, HashMap};

use super::release::cross::{AGE_GROUPS, CrossData, CrossRelease};
use super::tables::Cell;
use crate::service::ServiceError;

/// The table's name (stored beside the public tables).
pub const NAME: &str = "analyse-departements-ages";

pub const TITLE: &str =
    "Part des personnes au niveau 1 ou plus, par département, tranche d'âge et compétence";

/// The dimensions every cell carries, in order.
pub const DIMENSIONS: [&str; 4] = ["month", "departement", "age_group", "competence"];

/// The rule stated with the table, on top of the public tables' rule.
pub const RULE: &str = "Tableau réservé aux analystes. Il est protégé avec les tableaux publics du même \
     mois : aucun effectif de 1 à 10 personnes, ni au niveau 1 ou plus, ni en dessous, ne peut \
     être lu, recalculé ou borné sous 11, à partir de ce tableau et des tableaux publics \
     ensemble. Une part n'est donnée que si son effectif et celui de la case le sont.";

/// The age group of each age column (the records' bands, then "" for none given): the index in
/// [`AGE_GROUPS`], or `AGE_GROUPS.len()` for the "unknown" group.
pub fn group_of_column(columns: &[String]) -> Vec<usize> {
    columns
        .iter()
        .map(|band| {
            AGE_GROUPS
                .iter()
                .position(|(_, bands)| bands.contains(&band.as_str()))
                .unwrap_or(AGE_GROUPS.len())
        })
        .collect()
}

/// The cross-table's data of a month: the columns of each group, and the people at level 1 or
/// above by competence, row and group from `basic_rows` (département, age band, competence,
/// people), each clamped to the cell's people.
pub fn cross_data(
    people: &[Vec<u64>],
    columns: &[String],
    row: impl Fn(&str) -> usize,
    competences: &[String],
    basic_rows: Vec<(String, String, String, i64)>,
) -> CrossData {
    let group = group_of_column(columns);
    let groups = AGE_GROUPS.len() + 1;
    let mut of_group = vec![Vec::new(); groups];
    for (a, &g) in group.iter().enumerate() {
        of_group[g].push(a);
    }
    let column: HashMap<&str, usize> = columns
        .iter()
        .enumerate()
        .map(|(a, c)| (c.as_str(), a))
        .collect();
    let index: HashMap<&str, usize> = competences
        .iter()
        .enumerate()
        .map(|(k, c)| (c.as_str(), k))
        .collect();
    let mut basic = vec![vec![vec![0u64; groups]; people.len()]; competences.len()];
    for (d, a, competence, n) in basic_rows {
        let Some(&k) = index.get(competence.as_str()) else {
            continue;
        };
        let g = column
            .get(a.as_str())
            .map_or(AGE_GROUPS.len(), |&c| group[c]);
        basic[k][row(&d)][g] += n.max(0) as u64;
    }
    for rows in &mut basic {
        for (r, cells) in rows.iter_mut().enumerate() {
            for (g, n) in cells.iter_mut().enumerate() {
                let in_cell: u64 = of_group[g].iter().map(|&a| people[r][a]).sum();
                *n = (*n).min(in_cell);
            }
        }
    }
    CrossData {
        columns: of_group,
        basic,
    }
}

/// The month's cells: for each known département, age group and competence, the people
/// counted (`None` when suppressed) and the share at level 1 or above (when both counts are
/// published and the cell is not empty).
pub fn cells(
    month: &str,
    departements: &[String],
    competences: &[String],
    r: &CrossRelease,
) -> Vec<Cell> {
    let mut out = Vec::new();
    for (k, competence) in competences.iter().enumerate() {
        for (x, departement) in departements.iter().enumerate() {
            for (g, (group, _)) in AGE_GROUPS.iter().enumerate() {
                let count = r.people[x][g];
                let share = match (count, r.basic[k][x][g]) {
                    (Some(n), Some(b)) if n > 0 => {
                        Some((b as f64 * 100.0 / n as f64).round() / 100.0)
                    }
                    _ => None,
                };
                let dimensions: BTreeMap<String, String> = [
                    ("month", month),
                    ("departement", departement.as_str()),
                    ("age_group", group),
                    ("competence", competence.as_str()),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
                out.push(Cell {
                    dimensions,
                    count,
                    shares: None,
                    at_least_basic: share,
                });
            }
        }
    }
    out
}

/// The analysts' table as stored, if released.
pub async fn table(
    db: &crate::db::Db,
    parsed: &super::tables::Parsed,
) -> Result<Option<std::sync::Arc<super::tables::Published>>, ServiceError> {
    super::tables::published(db, parsed, NAME).await
}
