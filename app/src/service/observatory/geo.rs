//! Régions and départements of the COG year the records use (`app/data/geo/`, Licence Ouverte),
//! read from the binary.

use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Region {
    pub code: String,
    pub nom: String,
    /// `metro` or `drom` (overseas).
    pub zone: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Departement {
    pub code: String,
    /// The code of its région.
    pub region: String,
    pub nom: String,
    pub zone: String,
}

/// The régions and départements, in the files' order (by code).
pub struct Geography {
    pub regions: Vec<Region>,
    pub departements: Vec<Departement>,
}

impl Geography {
    /// The index in `departements` of each région's départements, in `regions` order.
    pub fn departements_by_region(&self) -> Vec<Vec<usize>> {
        self.regions
            .iter()
            .map(|r| {
                (0..self.departements.len())
                    .filter(|&d| self.departements[d].region == r.code)
                    .collect()
            })
            .collect()
    }
}

/// An overseas département's inset on the map.
#[derive(Debug, Clone, Deserialize)]
pub struct Inset {
    pub code: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
}

/// Simplified outlines of the départements for the map (`app/data/geo/outlines.json`).
#[derive(Debug, Clone, Deserialize)]
pub struct Outlines {
    pub width: f64,
    pub height: f64,
    pub insets: Vec<Inset>,
    /// SVG path data by département code.
    pub departements: std::collections::BTreeMap<String, String>,
}

/// The outlines shipped with the build.
pub fn outlines() -> &'static Outlines {
    static OUTLINES: OnceLock<Outlines> = OnceLock::new();
    OUTLINES.get_or_init(|| {
        serde_json::from_str(include_str!("../../../data/geo/outlines.json"))
            .expect("app/data/geo/outlines.json is checked by the tests")
    })
}

/// The geography shipped with the build.
pub fn geography() -> &'static Geography {
    static GEO: OnceLock<Geography> = OnceLock::new();
    GEO.get_or_init(|| Geography {
        regions: serde_json::from_str(include_str!("../../../data/geo/regions.json"))
            .expect("app/data/geo/regions.json is checked by the tests"),
        departements: serde_json::from_str(include_str!("../../../data/geo/departements.json"))
            .expect("app/data/geo/departements.json is checked by the tests"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::departements;

    #[test]
    fn the_files_hold_the_consents_departements_each_in_one_of_18_regions() {
        let geo = geography();
        assert_eq!(geo.regions.len(), 18);
        let mut codes: Vec<&str> = geo.departements.iter().map(|d| d.code.as_str()).collect();
        let consent = departements();
        let mut offered: Vec<&str> = consent.iter().map(String::as_str).collect();
        codes.sort_unstable();
        offered.sort_unstable();
        assert_eq!(codes, offered);
        let groups = geo.departements_by_region();
        assert!(
            groups.iter().all(|g| !g.is_empty()),
            "every région has a département"
        );
        assert_eq!(
            groups.iter().map(Vec::len).sum::<usize>(),
            101,
            "each in exactly one"
        );
        let overseas: Vec<&str> = geo
            .departements
            .iter()
            .filter(|d| d.zone == "drom")
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(overseas, ["971", "972", "973", "974", "976"]);
    }
}
