//! The structure's exports: its own data (beneficiaries, diagnostics, results, observations) as
//! one CSV table, and an activity record per finished diagnostic that fills the fields of La
//! Coop de la médiation numérique's individual activity report ("CRA individuel"), as CSV and
//! JSON. Only the caller's structure is read. Dates are UTC days (`YYYY-MM-DD`).

use serde::Serialize;

use super::StaffMember;
use super::beneficiaries::{self, Beneficiary};
use super::diagnostics::Mode;
use super::results::{self, Done};
use super::structures;
use crate::db::diagnostics as rows;
use crate::domain::mediation::coop_age_band;
use crate::domain::premiers_pas::Outcome;
use crate::service::ServiceError;
use crate::service::assessment::AssessmentResult;
use crate::state::AppState;

/// `YYYY-MM-DD` of a time in ms since the epoch (UTC).
pub fn iso_day(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map(|d| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()))
        .unwrap_or_default()
}

/// One activity in La Coop's words: an individual accompaniment whose theme is the digital
/// diagnostic. Field names and values are those La Coop stores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    /// The beneficiary's id in Tremplin (no name: La Coop may keep them anonymous).
    pub beneficiaire: String,
    /// Always `individuel`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub date: String,
    /// Minutes.
    pub duree: i64,
    /// `lieu_activite` (guided, at the structure) or `a_distance` (with a code, on the person's
    /// own device).
    pub type_lieu: &'static str,
    /// INSEE code of the structure's place, if its admin gave it (La Coop names the place by its
    /// structure for `lieu_activite`, by the structure's commune for `a_distance`: Tremplin does
    /// not know La Coop's structure ids, so it gives the commune in both cases).
    pub lieu_code_insee: Option<String>,
    /// `[diagnostic_numerique]` (a list in La Coop; one value in the CSV).
    pub thematiques: [&'static str; 1],
    pub autonomie: &'static str,
    pub oriente_vers_structure: bool,
    pub structure_de_redirection: Option<&'static str>,
    pub tranche_age: Option<&'static str>,
    pub statut_social: Option<String>,
    pub commune_code_insee: Option<String>,
    /// Tremplin's own: `beginner` (Premiers pas) or `citizen` (the full test).
    pub parcours: &'static str,
    /// Tremplin's own: the diagnostic's id.
    pub diagnostic: String,
}

fn activity(d: &Done, b: Option<&Beneficiary>, place: Option<&str>) -> Activity {
    let redirection = d.redirection();
    Activity {
        beneficiaire: d.beneficiary_id.clone(),
        kind: "individuel",
        date: iso_day(d.finished_at),
        duree: d.minutes(),
        type_lieu: match d.mode {
            Mode::Guided => "lieu_activite",
            Mode::Code => "a_distance",
        },
        lieu_code_insee: place.map(str::to_owned),
        thematiques: ["diagnostic_numerique"],
        autonomie: d.autonomy().as_str(),
        oriente_vers_structure: redirection.is_some(),
        structure_de_redirection: redirection,
        tranche_age: b
            .and_then(|b| b.age_band.as_deref())
            .and_then(coop_age_band),
        statut_social: b.and_then(|b| b.situation.clone()),
        commune_code_insee: b.and_then(|b| b.commune.clone()),
        parcours: d.path.as_str(),
        diagnostic: d.diagnostic_id.clone(),
    }
}

/// The structure's finished diagnostics, in the order they finished.
async fn finished_of_structure(
    state: &AppState,
    who: &StaffMember,
) -> Result<Vec<Done>, ServiceError> {
    let mut out = Vec::new();
    for s in rows::of_structure(&state.db.pool, &who.structure_id).await? {
        out.extend(results::done_of(state, &s).await?);
    }
    results::by_finish(&mut out);
    Ok(out)
}

/// One activity per finished diagnostic of the caller's structure, in the order they finished.
pub async fn activities(
    state: &AppState,
    who: &StaffMember,
) -> Result<Vec<Activity>, ServiceError> {
    let place = structures::own_structure(&state.db, who).await?.commune;
    let people = beneficiaries::list(state, who).await?;
    Ok(finished_of_structure(state, who)
        .await?
        .iter()
        .map(|d| {
            let b = people.iter().find(|b| b.id == d.beneficiary_id);
            activity(d, b, place.as_deref())
        })
        .collect())
}

/// A cell a spreadsheet would read as a formula is written as text.
fn cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

fn write_csv(header: &[&str], rows: &[Vec<String>]) -> Result<String, ServiceError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| ServiceError::Unexpected(e.into());
    w.write_record(header).map_err(fail)?;
    for r in rows {
        w.write_record(r.iter().map(|v| cell(v))).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("{e}")))?;
    // A byte order mark first, so that spreadsheet programs read the accents as UTF-8.
    let text = String::from_utf8(bytes).map_err(|e| ServiceError::Unexpected(e.into()))?;
    Ok(format!("\u{feff}{text}"))
}

/// The activities as CSV (header line first; booleans `true`/`false`; empty when absent).
pub fn activities_csv(list: &[Activity]) -> Result<String, ServiceError> {
    let header = [
        "beneficiaire",
        "type",
        "date",
        "duree",
        "type_lieu",
        "lieu_code_insee",
        "thematiques",
        "autonomie",
        "oriente_vers_structure",
        "structure_de_redirection",
        "tranche_age",
        "statut_social",
        "commune_code_insee",
        "parcours",
        "diagnostic",
    ];
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|a| {
            vec![
                a.beneficiaire.clone(),
                a.kind.to_owned(),
                a.date.clone(),
                a.duree.to_string(),
                a.type_lieu.to_owned(),
                a.lieu_code_insee.clone().unwrap_or_default(),
                a.thematiques.join(";"),
                a.autonomie.to_owned(),
                a.oriente_vers_structure.to_string(),
                a.structure_de_redirection.unwrap_or_default().to_owned(),
                a.tranche_age.unwrap_or_default().to_owned(),
                a.statut_social.clone().unwrap_or_default(),
                a.commune_code_insee.clone().unwrap_or_default(),
                a.parcours.to_owned(),
                a.diagnostic.clone(),
            ]
        })
        .collect();
    write_csv(&header, &rows)
}

/// The columns of the structure's data export: one line per beneficiary, per diagnostic, per
/// competence or skill a finished diagnostic measured, and per observed task.
pub const DATA_COLUMNS: [&str; 17] = [
    "ligne",
    "beneficiaire_id",
    "pseudonyme",
    "tranche_age",
    "commune",
    "situation",
    "accord_le",
    "observatoire",
    "diagnostic_id",
    "parcours",
    "mode",
    "cree_le",
    "termine_le",
    "element",
    "libelle",
    "resultat",
    "commentaire",
];

fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Acquis => "acquis",
        Outcome::EnCours => "en_cours",
        Outcome::ATravailler => "a_travailler",
    }
}

/// Everything the structure holds on its beneficiaries, as CSV ([`DATA_COLUMNS`]).
pub async fn structure_data_csv(
    state: &AppState,
    who: &StaffMember,
) -> Result<String, ServiceError> {
    let people = beneficiaries::list(state, who).await?;
    let all = rows::of_structure(&state.db.pool, &who.structure_id).await?;
    let mut lines = Vec::new();
    for b in people.iter().rev() {
        let person = |kind: &str| {
            vec![
                kind.to_owned(),
                b.id.clone(),
                b.pseudonym.clone(),
                b.age_band.clone().unwrap_or_default(),
                b.commune.clone().unwrap_or_default(),
                b.situation.clone().unwrap_or_default(),
                iso_day(b.consent_at),
                if b.observatory_consent { "oui" } else { "non" }.to_owned(),
            ]
        };
        lines.push([person("beneficiaire"), vec![String::new(); 9]].concat());
        for s in all.iter().filter(|s| s.diagnostic.beneficiary_id == b.id) {
            let d = &s.diagnostic;
            let diagnostic = |kind: &str, element: &str, label: &str, value: &str, note: &str| {
                [
                    person(kind),
                    vec![
                        d.id.clone(),
                        d.path.clone(),
                        d.mode.clone(),
                        iso_day(d.created_at),
                        s.finished_at.map(iso_day).unwrap_or_default(),
                        element.to_owned(),
                        label.to_owned(),
                        value.to_owned(),
                        note.to_owned(),
                    ],
                ]
                .concat()
            };
            lines.push(diagnostic("diagnostic", "", "", "", ""));
            let Some(done) = results::done_of(state, s).await? else {
                continue;
            };
            match &done.result {
                AssessmentResult::Citizen(v) => {
                    for c in &v.competences {
                        lines.push(diagnostic(
                            "competence",
                            &c.code,
                            &c.name,
                            &c.level.to_string(),
                            "",
                        ));
                    }
                }
                AssessmentResult::Beginner(r) => {
                    for sk in &r.skills {
                        lines.push(diagnostic(
                            "savoir_faire",
                            &sk.skill,
                            &sk.name,
                            outcome_word(sk.outcome),
                            "",
                        ));
                    }
                }
            }
            for o in &done.observations {
                lines.push(diagnostic(
                    "observation",
                    &o.item_id,
                    &o.about,
                    o.step.as_deref().unwrap_or_default(),
                    o.comment.as_deref().unwrap_or_default(),
                ));
            }
        }
    }
    write_csv(&DATA_COLUMNS, &lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_would_be_a_formula_is_text() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("Awa"), "Awa");
        let csv = write_csv(&["a", "b"], &[vec!["=1+1".into(), "x, \"y\"".into()]]).unwrap();
        assert_eq!(csv, "\u{feff}a,b\n'=1+1,\"x, \"\"y\"\"\"\n");
    }

    #[test]
    fn days_are_iso_and_utc() {
        assert_eq!(iso_day(0), "1970-01-01");
        assert_eq!(iso_day(1_764_460_800_000 - 1), "2025-11-29");
    }
}
