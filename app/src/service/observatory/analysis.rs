//! The analysts' tables, month by month: people by département × age group, and for each
//! competence the share of them at level 1 or above. Released with the public tables of each
//! month and protected with them ([`super::release::cross`]); stored like them but served only
//! to analysts (never listed or served by the public API).

use std::collections::{BTreeMap, HashMap};

use super::release::cross::{AGE_GROUPS, CrossRelease};
use super::tables::Cell;
use crate::service::ServiceError;

/// The people table's name (stored beside the public tables).
pub const NAME: &str = "analyse-departements-ages";

pub const TITLE: &str = "Personnes mesurées par département et tranche d'âge";

/// The dimensions every cell carries, in order.
pub const DIMENSIONS: [&str; 3] = ["month", "departement", "age_group"];

/// The competences table's name.
pub const COMPETENCES_NAME: &str = "analyse-competences";

pub const COMPETENCES_TITLE: &str =
    "Part des personnes au niveau 1 ou plus, par département, tranche d'âge et compétence";

pub const COMPETENCES_DIMENSIONS: [&str; 4] = ["month", "departement", "age_group", "competence"];

/// The rule stated with the tables, on top of the public tables' rule.
pub const RULE: &str = "Tableau réservé aux analystes. Il est protégé avec les tableaux publics du même \
     mois : aucun effectif de 1 à 10 personnes, ni au niveau 1 ou plus, ni en dessous, ne peut \
     être lu, recalculé ou borné sous 11, à partir des tableaux des analystes et des tableaux \
     publics ensemble. Une part n'est donnée que si l'effectif de la case est publié, et si \
     le nombre de personnes de sa région au niveau 1 ou plus n'est pas masqué dans la \
     publication publique du même mois. La part compte toutes les personnes de la case, \
     mesurées ou non dans la compétence.";

/// Every analysts' table: name, title, dimensions.
pub const TABLES: [(&str, &str, &[&str]); 2] = [
    (NAME, TITLE, &DIMENSIONS),
    (COMPETENCES_NAME, COMPETENCES_TITLE, &COMPETENCES_DIMENSIONS),
];

/// The age columns (the records' bands, then "" for none given) of each group of
/// [`AGE_GROUPS`], then those of the "unknown" group (none given, or a band of no group).
pub fn columns_of_groups(columns: &[String]) -> Vec<Vec<usize>> {
    let mut of_group = vec![Vec::new(); AGE_GROUPS.len() + 1];
    for (a, band) in columns.iter().enumerate() {
        let g = AGE_GROUPS
            .iter()
            .position(|(_, bands)| bands.contains(&band.as_str()))
            .unwrap_or(AGE_GROUPS.len());
        of_group[g].push(a);
    }
    of_group
}

/// The people at level 1 or above, `[k][r][g]`: competence `k` (in `competences`' order), row
/// `r` (of `people`) and age group `g` (of `of_group`, see [`columns_of_groups`]), from
/// `rows` (département, age band, competence, people), each clamped to the cell's people.
pub fn basic_by_group(
    people: &[Vec<u64>],
    columns: &[String],
    of_group: &[Vec<usize>],
    row: impl Fn(&str) -> usize,
    competences: &[String],
    rows: Vec<(String, String, String, i64)>,
) -> Vec<Vec<Vec<u64>>> {
    let mut group = vec![of_group.len() - 1; columns.len()];
    for (g, cols) in of_group.iter().enumerate() {
        for &a in cols {
            group[a] = g;
        }
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
    let mut basic = vec![vec![vec![0u64; of_group.len()]; people.len()]; competences.len()];
    for (d, a, competence, n) in rows {
        let Some(&k) = index.get(competence.as_str()) else {
            continue;
        };
        let g = column
            .get(a.as_str())
            .map_or(of_group.len() - 1, |&c| group[c]);
        basic[k][row(&d)][g] += n.max(0) as u64;
    }
    for of_rows in &mut basic {
        for (r, cells) in of_rows.iter_mut().enumerate() {
            for (g, n) in cells.iter_mut().enumerate() {
                let in_cell: u64 = of_group[g].iter().map(|&a| people[r][a]).sum();
                *n = (*n).min(in_cell);
            }
        }
    }
    basic
}

fn cell(dimensions: &[(&str, &str)], count: Option<u64>, at_least_basic: Option<f64>) -> Cell {
    Cell {
        dimensions: dimensions
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<BTreeMap<_, _>>(),
        count,
        shares: None,
        at_least_basic,
        share: None,
    }
}

/// The month's cells of both tables: for each known département and age group, the people
/// counted (`None` when suppressed); and for each competence too, the share of them at level 1
/// or above (when both counts are released and the cell is not empty).
pub fn cells(
    month: &str,
    departements: &[String],
    competences: &[String],
    r: &CrossRelease,
) -> [(&'static str, Vec<Cell>); 2] {
    let mut people = Vec::new();
    let mut shares = Vec::new();
    for (x, departement) in departements.iter().enumerate() {
        for (g, (group, _)) in AGE_GROUPS.iter().enumerate() {
            let count = r.people[x][g];
            let dims = [
                ("month", month),
                ("departement", departement.as_str()),
                ("age_group", group),
            ];
            people.push(cell(&dims, count, None));
            for (k, competence) in competences.iter().enumerate() {
                let share = match (count, r.basic[k][x][g]) {
                    (Some(n), Some(b)) if n > 0 => {
                        Some((b as f64 * 100.0 / n as f64).round() / 100.0)
                    }
                    _ => None,
                };
                let mut dims = dims.to_vec();
                dims.push(("competence", competence.as_str()));
                shares.push(cell(&dims, count, share));
            }
        }
    }
    [(NAME, people), (COMPETENCES_NAME, shares)]
}

/// An analysts' table as stored, if released.
pub async fn table(
    db: &crate::db::Db,
    parsed: &super::tables::Parsed,
    name: &str,
) -> Result<Option<std::sync::Arc<super::tables::Published>>, ServiceError> {
    super::tables::published(db, parsed, name).await
}
