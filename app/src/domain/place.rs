//! A mediation place as people see it (from the national open-data standard "Lieux de
//! médiation numérique"), and the services such places offer.

use serde::{Deserialize, Serialize};

/// The 9 services of the standard, with the label it uses and a short code for URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlaceService {
    Demarches,
    OutilsQuotidien,
    InsertionPro,
    Securite,
    Parentalite,
    Loisirs,
    Comprendre,
    AccesMateriel,
    MaterielSolidaire,
}

impl PlaceService {
    /// Every service, in the standard's order.
    pub const ALL: [PlaceService; 9] = [
        PlaceService::Demarches,
        PlaceService::OutilsQuotidien,
        PlaceService::InsertionPro,
        PlaceService::Securite,
        PlaceService::Parentalite,
        PlaceService::Loisirs,
        PlaceService::Comprendre,
        PlaceService::AccesMateriel,
        PlaceService::MaterielSolidaire,
    ];

    /// The value the standard's `services` field uses.
    pub fn label(self) -> &'static str {
        match self {
            PlaceService::Demarches => "Aide aux démarches administratives",
            PlaceService::OutilsQuotidien => "Maîtrise des outils numériques du quotidien",
            PlaceService::InsertionPro => "Insertion professionnelle via le numérique",
            PlaceService::Securite => "Utilisation sécurisée du numérique",
            PlaceService::Parentalite => "Parentalité et éducation avec le numérique",
            PlaceService::Loisirs => "Loisirs et créations numériques",
            PlaceService::Comprendre => "Compréhension du monde numérique",
            PlaceService::AccesMateriel => "Accès internet et matériel informatique",
            PlaceService::MaterielSolidaire => {
                "Acquisition de matériel informatique à prix solidaire"
            }
        }
    }

    /// The service a label of the standard names.
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.label() == label)
    }

    /// The short code used in URLs (`?service=demarches`).
    pub fn code(self) -> &'static str {
        match self {
            PlaceService::Demarches => "demarches",
            PlaceService::OutilsQuotidien => "outils_quotidien",
            PlaceService::InsertionPro => "insertion_pro",
            PlaceService::Securite => "securite",
            PlaceService::Parentalite => "parentalite",
            PlaceService::Loisirs => "loisirs",
            PlaceService::Comprendre => "comprendre",
            PlaceService::AccesMateriel => "acces_materiel",
            PlaceService::MaterielSolidaire => "materiel_solidaire",
        }
    }

    /// The service a short code names.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Specific needs of the standard's `prise_en_charge_specifique` offered as a filter.
pub const NEEDS: [&str; 5] = [
    "Surdité",
    "Handicaps moteurs",
    "Handicaps mentaux",
    "Illettrisme",
    "Langues étrangères",
];

/// A place as a results page shows it: its name, lines already worded on the server
/// (address, opening hours, phone, cost, specific needs), and its booking link. Small, so that
/// the browser's bundle carries little to read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceCard {
    pub name: String,
    pub lines: Vec<String>,
    pub booking: Option<String>,
}

/// Places found near a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PlacesNear {
    /// Places of the département offering the help looked for.
    Found(Vec<PlaceCard>),
    /// None offers it there: every place of the département instead (maybe none).
    Others(Vec<PlaceCard>),
    /// What was typed names no département (or a Corsican postcode, which needs 2A or 2B).
    Unknown,
    /// Help near home is offered, and the person has not searched yet.
    NotAsked,
}

/// What a person asked for on a results page: where (a postcode or a département) and an
/// optional specific need.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacesQuery {
    pub typed: String,
    pub need: Option<String>,
}

/// A mediation place near the person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Place {
    pub id: String,
    pub nom: String,
    pub adresse: String,
    pub complement_adresse: Option<String>,
    pub code_postal: String,
    pub commune: String,
    /// INSEE département code (2A/2B, 3 digits overseas).
    pub departement: String,
    pub services: Vec<PlaceService>,
    /// Opening hours in OpenStreetMap `opening_hours` syntax, as published.
    pub horaires: Option<String>,
    pub telephone: Option<String>,
    pub site_web: Option<String>,
    /// Booking link.
    pub prise_rdv: Option<String>,
    /// Cost (Gratuit, Gratuit sous condition, Payant…).
    pub frais_a_charge: Vec<String>,
    /// Accessibility and specific needs handled (Surdité, Handicaps moteurs, Illettrisme…).
    pub prise_en_charge_specifique: Vec<String>,
    /// How to get there and get help (Se présenter, Téléphoner, Prendre un RDV en ligne…).
    pub modalites_acces: Vec<String>,
    pub presentation_resume: Option<String>,
    /// Date of the last update by the publisher (YYYY-MM-DD).
    pub date_maj: String,
}
