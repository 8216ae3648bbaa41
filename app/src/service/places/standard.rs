//! Reading a CSV file of the national open-data standard "Lieux de médiation numérique"
//! (Table Schema v0.2.0, LaMednum/standard-mediation-num): every row is checked, and every
//! problem is reported with its line; a file with any problem yields no place at all.

use std::collections::{BTreeMap, HashSet};

use crate::domain::PlaceService;

/// One problem, on a line of the file (1 is the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub message: String,
}

/// A checked row.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRecord {
    pub id: String,
    pub pivot: String,
    pub nom: String,
    pub commune: String,
    pub code_postal: String,
    pub code_insee: Option<String>,
    pub departement: String,
    pub adresse: String,
    pub complement_adresse: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub date_maj: String,
    pub services: Vec<PlaceService>,
    pub horaires: Option<String>,
    pub telephone: Option<String>,
    pub site_web: Option<String>,
    pub prise_rdv: Option<String>,
    pub frais_a_charge: Vec<String>,
    pub prise_en_charge_specifique: Vec<String>,
    pub modalites_acces: Vec<String>,
    pub presentation_resume: Option<String>,
}

const REQUIRED: [&str; 8] = [
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "adresse",
    "date_maj",
    "services",
];

/// Every column of the standard; any other column is reported, not guessed at.
const KNOWN: [&str; 32] = [
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
];

/// The département of a place: from `code_insee` when given, else from `code_postal`
/// (a Corsican postcode, 20xxx, cannot tell 2A from 2B).
pub fn departement_of(code_insee: Option<&str>, code_postal: &str) -> Result<String, String> {
    let code = code_insee.unwrap_or(code_postal);
    if code.starts_with("97") {
        return Ok(code[..3.min(code.len())].to_owned());
    }
    match (code_insee, &code[..2.min(code.len())]) {
        (None, "20") => Err(format!(
            "code_postal `{code_postal}` is in Corsica: give code_insee to tell 2A from 2B"
        )),
        (_, d) => Ok(d.to_owned()),
    }
}

fn is_code_insee(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && match (b[0], b[1]) {
            (b'2', b'A' | b'B') => true,
            (b'2', c) => (b'1'..=b'9').contains(&c),
            (a, c) => (a == b'0' || (b'1'..=b'9').contains(&a)) && c.is_ascii_digit(),
        }
        && b[2..].iter().all(u8::is_ascii_digit)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u8>().unwrap_or(0))
}

/// Values of a multi-valued field (`;` without spaces between them).
fn list(value: &str) -> Vec<String> {
    value
        .split(';')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads and checks a whole file. All or nothing: any problem, and no place is returned.
pub fn parse(bytes: &[u8]) -> Result<Vec<PlaceRecord>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|c| c.trim().trim_start_matches('\u{feff}').to_owned())
            .collect(),
        Err(e) => {
            return Err(vec![Problem {
                line: 1,
                message: format!("unreadable header: {e}"),
            }]);
        }
    };
    for column in &header {
        if !KNOWN.contains(&column.as_str()) {
            problems.push(Problem {
                line: 1,
                message: format!("unknown column `{column}` (not in the standard v0.2.0)"),
            });
        }
    }
    for column in REQUIRED {
        if !header.iter().any(|c| c == column) {
            problems.push(Problem {
                line: 1,
                message: format!("missing required column `{column}`"),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut places = Vec::new();
    let mut ids = HashSet::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(Problem {
                    line,
                    message: format!("unreadable row: {e}"),
                });
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line());
        let fields: BTreeMap<&str, &str> = header
            .iter()
            .map(String::as_str)
            .zip(row.iter().map(str::trim))
            .collect();
        match check_row(&fields) {
            Ok(place) => {
                if ids.insert(place.id.clone()) {
                    places.push(place);
                } else {
                    problems.push(Problem {
                        line,
                        message: format!("id `{}` appears twice in the file", place.id),
                    });
                }
            }
            Err(messages) => problems.extend(
                messages
                    .into_iter()
                    .map(|message| Problem { line, message }),
            ),
        }
    }
    if problems.is_empty() {
        Ok(places)
    } else {
        Err(problems)
    }
}

/// Checks one row; every problem of the row is returned.
fn check_row(f: &BTreeMap<&str, &str>) -> Result<PlaceRecord, Vec<String>> {
    let mut problems = Vec::new();
    let get = |name: &str| f.get(name).copied().filter(|v| !v.is_empty());
    for name in REQUIRED {
        if get(name).is_none() {
            problems.push(format!("`{name}` is required and empty"));
        }
    }
    let code_postal = get("code_postal").unwrap_or_default();
    let five_digits = code_postal.len() == 5 && code_postal.bytes().all(|b| b.is_ascii_digit());
    if !code_postal.is_empty() && !five_digits {
        problems.push(format!("code_postal `{code_postal}` is not 5 digits"));
    }
    let code_insee = get("code_insee");
    if let Some(c) = code_insee
        && !is_code_insee(c)
    {
        problems.push(format!("code_insee `{c}` is not an INSEE commune code"));
    }
    let departement = if code_postal.len() == 5 {
        departement_of(code_insee, code_postal).unwrap_or_else(|e| {
            problems.push(e);
            String::new()
        })
    } else {
        String::new()
    };
    let date_maj = get("date_maj").unwrap_or_default();
    if !date_maj.is_empty() && !is_date(date_maj) {
        problems.push(format!("date_maj `{date_maj}` is not a date YYYY-MM-DD"));
    }
    let mut services = Vec::new();
    for label in list(get("services").unwrap_or_default()) {
        match PlaceService::from_label(&label) {
            Some(s) if !services.contains(&s) => services.push(s),
            Some(_) => {}
            None => problems.push(format!(
                "unknown service `{label}` (values are separated by `;`)"
            )),
        }
    }
    let mut coordinate = |name: &str, limit: f64| -> Option<f64> {
        let v = get(name)?;
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() && x.abs() <= limit => Some(x),
            _ => {
                problems.push(format!("{name} `{v}` is not a WGS84 coordinate"));
                None
            }
        }
    };
    let latitude = coordinate("latitude", 90.0);
    let longitude = coordinate("longitude", 180.0);
    let resume = get("presentation_resume");
    if let Some(r) = resume
        && r.chars().count() > 280
    {
        problems.push("presentation_resume is longer than 280 characters".to_owned());
    }
    for name in ["site_web", "prise_rdv"] {
        if let Some(url) = get(name)
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            problems.push(format!("{name} `{url}` is not a web address"));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let text = |name: &str| get(name).map(str::to_owned);
    let many = |name: &str| list(get(name).unwrap_or_default());
    Ok(PlaceRecord {
        id: text("id").unwrap_or_default(),
        pivot: text("pivot").unwrap_or_default(),
        nom: text("nom").unwrap_or_default(),
        commune: text("commune").unwrap_or_default(),
        code_postal: code_postal.to_owned(),
        code_insee: code_insee.map(str::to_owned),
        departement,
        adresse: text("adresse").unwrap_or_default(),
        complement_adresse: text("complement_adresse"),
        latitude,
        longitude,
        date_maj: date_maj.to_owned(),
        services,
        horaires: text("horaires"),
        telephone: text("telephone"),
        site_web: text("site_web"),
        prise_rdv: text("prise_rdv"),
        frais_a_charge: many("frais_a_charge"),
        prise_en_charge_specifique: many("prise_en_charge_specifique"),
        modalites_acces: many("modalites_acces"),
        presentation_resume: resume.map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,pivot,nom,commune,code_postal,code_insee,adresse,date_maj,services,prise_en_charge_specifique";

    fn file(rows: &[&str]) -> Vec<u8> {
        let mut s = String::from(HEADER);
        for r in rows {
            s.push('\n');
            s.push_str(r);
        }
        s.into_bytes()
    }

    #[test]
    fn a_good_row_gives_a_place_with_its_departement_and_services() {
        let places = parse(&file(&[
            "p1,12345678900011,Lieu fictif,Rennes,35000,35238,1 rue Imaginaire,2026-10-01,Aide aux démarches administratives;Utilisation sécurisée du numérique,Surdité;Illettrisme",
        ]))
        .unwrap();
        assert_eq!(places.len(), 1);
        let p = &places[0];
        assert_eq!(p.departement, "35");
        assert_eq!(
            p.services,
            vec![PlaceService::Demarches, PlaceService::Securite]
        );
        assert_eq!(p.prise_en_charge_specifique, vec!["Surdité", "Illettrisme"]);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_nothing_is_kept() {
        let problems = parse(&file(&[
            "p1,1,Lieu,Rennes,35000,,1 rue,2026-10-01,Aide aux démarches administratives,",
            "p2,1,Lieu,Rennes,3500,,1 rue,2026-13-01,Cours de cuisine,",
            ",1,Lieu,Ajaccio,20000,,1 rue,2026-10-01,Aide aux démarches administratives,",
            "p1,1,Lieu,Rennes,35000,,1 rue,2026-10-01,Aide aux démarches administratives,",
        ]))
        .unwrap_err();
        let lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
        assert!(
            lines.contains(&3) && lines.contains(&4) && lines.contains(&5),
            "{problems:?}"
        );
        let text = format!("{problems:?}");
        for expected in [
            "not 5 digits",
            "not a date",
            "unknown service",
            "`id` is required",
            "Corsica",
            "appears twice",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        assert!(!lines.contains(&2), "the good row has no problem");
    }

    #[test]
    fn an_unknown_or_missing_column_is_reported_not_guessed() {
        let problems = parse(b"id,nom,couleur\np1,Lieu,bleu").unwrap_err();
        let text = format!("{problems:?}");
        assert!(text.contains("unknown column `couleur`"));
        assert!(text.contains("missing required column `services`"));
        assert!(problems.iter().all(|p| p.line == 1));
    }

    #[test]
    fn departements_come_from_the_commune_code_then_the_postcode() {
        assert_eq!(departement_of(Some("2A004"), "20000").unwrap(), "2A");
        assert_eq!(departement_of(None, "97411").unwrap(), "974");
        assert_eq!(departement_of(Some("97209"), "97200").unwrap(), "972");
        assert_eq!(departement_of(None, "01000").unwrap(), "01");
        assert!(departement_of(None, "20000").is_err());
    }

    #[test]
    fn commune_codes_follow_the_standard_pattern() {
        for ok in ["35238", "2A004", "2B033", "97411", "01001"] {
            assert!(is_code_insee(ok), "{ok}");
        }
        for bad in ["20004", "2C004", "3523", "ABCDE", "352380"] {
            assert!(!is_code_insee(bad), "{bad}");
        }
    }
}
