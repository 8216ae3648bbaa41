//! Mediation places near the person: imported from the national open-data standard, read by
//! département with filters on services and specific needs. Nothing is fetched from outside.

pub mod standard;

use sha2::{Digest, Sha256};

use crate::db::{self, Db, places::Upserted};
use crate::domain::{
    Orientation, Place, PlaceCard, PlaceService, PlacesNear, PlacesQuery, departements,
};
use crate::service::ServiceError;
use crate::service::assessment::AssessmentResult;

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Why an import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has problems (every one, with its line); nothing was written.
    #[error("{} problem(s) in the file", .0.len())]
    Invalid(Vec<standard::Problem>),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Unexpected(e.into())
    }
}

fn content_hash(p: &standard::PlaceRecord) -> String {
    hex::encode(Sha256::digest(format!("{p:?}").as_bytes()))
}

/// Imports a CSV file of the standard: all of it in one transaction, or nothing. Places are
/// upserted by `id`; importing the same file again changes nothing.
pub async fn import(db: &Db, csv: &[u8]) -> Result<ImportReport, ImportError> {
    let places = standard::parse(csv).map_err(ImportError::Invalid)?;
    let now = db::now_ms();
    let mut report = ImportReport::default();
    let mut tx = db.begin_write().await?;
    for place in &places {
        match db::places::upsert(&mut tx, place, &content_hash(place), now).await? {
            Upserted::Inserted => report.inserted += 1,
            Upserted::Updated => report.updated += 1,
            Upserted::Unchanged => report.unchanged += 1,
        }
    }
    tx.commit().await?;
    Ok(report)
}

/// The places of a département, optionally offering `service` and handling `need`.
pub async fn near(
    db: &Db,
    departement: &str,
    service: Option<PlaceService>,
    need: Option<&str>,
) -> Result<Vec<Place>, ServiceError> {
    if !departements().iter().any(|d| d == departement) {
        return Err(ServiceError::UnknownDepartement(departement.to_owned()));
    }
    if let Some(n) = need
        && (n.is_empty() || n.contains(['%', '_', ';', '\\']))
    {
        return Err(ServiceError::InvalidQuery(format!("need `{n}`")));
    }
    Ok(db::places::in_departement(&db.pool, departement, service, need).await?)
}

/// The help to look for near home after a result: with online procedures when the person has
/// one to do now (Premiers pas "urgence") or when 2.4 is weak on the citizen path, with
/// everyday digital tools otherwise; on the citizen path, only when some competence is below
/// level 3.
pub fn help_after(result: &AssessmentResult) -> Option<PlaceService> {
    match result {
        AssessmentResult::Beginner(r) => Some(match r.orientation {
            Orientation::Urgence => PlaceService::Demarches,
            _ => PlaceService::OutilsQuotidien,
        }),
        AssessmentResult::Citizen(r) => {
            let weak: Vec<&str> = r
                .competences
                .iter()
                .filter(|c| c.level < 3)
                .map(|c| c.code.as_str())
                .collect();
            if weak.is_empty() {
                None
            } else if weak.contains(&"2.4") {
                Some(PlaceService::Demarches)
            } else {
                Some(PlaceService::OutilsQuotidien)
            }
        }
    }
}

/// A place worded for a results page, in `t`'s language.
fn card(p: Place, t: &crate::i18n::Places) -> PlaceCard {
    let mut lines = vec![format!(
        "{}{}, {} {}",
        p.adresse,
        p.complement_adresse
            .map(|c| format!(", {c}"))
            .unwrap_or_default(),
        p.code_postal,
        p.commune
    )];
    let mut line = |label: &str, value: String| {
        if !value.is_empty() {
            lines.push(format!("{label} : {value}"));
        }
    };
    line(t.hours, p.horaires.unwrap_or_default());
    line(t.phone, p.telephone.unwrap_or_default());
    line(t.cost, p.frais_a_charge.join(", "));
    line(t.needs, p.prise_en_charge_specifique.join(", "));
    PlaceCard {
        name: p.nom,
        lines,
        booking: p.prise_rdv,
    }
}

/// Places near what a person typed: a département code or a postcode (a Corsican postcode
/// cannot tell 2A from 2B: then `Unknown`). Places offering `service` first; when none does,
/// every place of the département.
pub async fn near_typed(
    db: &Db,
    query: &PlacesQuery,
    service: PlaceService,
) -> Result<PlacesNear, ServiceError> {
    let t = &crate::i18n::FR.places;
    let typed = query.typed.trim().to_uppercase();
    let departement = if departements().contains(&typed) {
        Some(typed)
    } else if typed.len() == 5 && typed.bytes().all(|b| b.is_ascii_digit()) {
        standard::departement_of(None, &typed)
            .ok()
            .filter(|d| departements().contains(d))
    } else {
        None
    };
    let Some(departement) = departement else {
        return Ok(PlacesNear::Unknown);
    };
    let need = query
        .need
        .as_deref()
        .filter(|n| crate::domain::NEEDS.contains(n));
    let cards = |places: Vec<Place>| places.into_iter().map(|p| card(p, t)).collect();
    let found = near(db, &departement, Some(service), need).await?;
    if !found.is_empty() {
        return Ok(PlacesNear::Found(cards(found)));
    }
    Ok(PlacesNear::Others(cards(
        near(db, &departement, None, need).await?,
    )))
}
