//! The analysts' table: people by département × age group, month by month. Released with the
//! public tables of each month and protected with them ([`super::release::cross`]); stored like
//! them but served only to analysts (never listed or served by the public API).

use std::collections::BTreeMap;

use super::release::cross::{AGE_GROUPS, CrossRelease};
use super::tables::Cell;
use crate::service::ServiceError;

/// The table's name (stored beside the public tables).
pub const NAME: &str = "analyse-departements-ages";

pub const TITLE: &str = "Personnes mesurées par département et tranche d'âge";

/// The dimensions every cell carries, in order.
pub const DIMENSIONS: [&str; 3] = ["month", "departement", "age_group"];

/// The rule stated with the table, on top of the public tables' rule.
pub const RULE: &str = "Tableau réservé aux analystes. Il est protégé avec les tableaux publics du même \
     mois : aucun effectif de 1 à 10 personnes ne peut être lu, recalculé ou borné sous 11, à \
     partir de ce tableau et des tableaux publics ensemble.";

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

/// The month's cells: for each known département and age group, the people counted (`None`
/// when suppressed).
pub fn cells(month: &str, departements: &[String], r: &CrossRelease) -> Vec<Cell> {
    let mut out = Vec::new();
    for (x, departement) in departements.iter().enumerate() {
        for (g, (group, _)) in AGE_GROUPS.iter().enumerate() {
            let dimensions: BTreeMap<String, String> = [
                ("month", month),
                ("departement", departement.as_str()),
                ("age_group", group),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
            out.push(Cell {
                dimensions,
                count: r[x][g],
                shares: None,
                at_least_basic: None,
                share: None,
            });
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
