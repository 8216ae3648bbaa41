//! Diagnostics a mediator runs with a beneficiary: an assessment (Premiers pas or the full
//! test) linked to the beneficiary, started either on the mediator's device in guided mode
//! (the mediator may note, per task, what they saw) or on the person's own device with a short
//! code, valid [`CODE_HOURS`] hours and once.

use super::{FieldProblem, StaffMember};
use crate::auth::Credentials;
use crate::db::{self, diagnostics as rows};
use crate::service::assessment::{self, Path, Started};
use crate::service::{ServiceError, token};
use crate::state::AppState;

/// How long a code can be used.
pub const CODE_HOURS: i64 = 48;

/// The code's alphabet: no 0/O, 1/I/L, so that it reads and types without doubt.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LEN: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Guided,
    Code,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Guided => "guided",
            Mode::Code => "code",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        [Mode::Guided, Mode::Code]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

/// What starting a diagnostic gives.
#[derive(Debug, Clone)]
pub struct NewDiagnostic {
    pub id: String,
    /// Code mode: the code to give the person.
    pub code: Option<String>,
    pub code_expires_at: Option<i64>,
    /// Guided mode: the assessment, to continue on this device.
    pub assessment: Option<Started>,
}

fn new_code() -> anyhow::Result<String> {
    let mut b = [0u8; CODE_LEN];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    // 256 is not a multiple of 31: the first values are a little likelier, which costs well
    // under a bit of the code's 29.7 bits.
    Ok(b.iter()
        .map(|x| CODE_ALPHABET[*x as usize % CODE_ALPHABET.len()] as char)
        .collect())
}

/// A code as typed: spaces and dashes dropped, upper-cased.
pub fn normalize_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Starts a diagnostic for a beneficiary of the caller's structure.
pub async fn start(
    state: &AppState,
    who: &StaffMember,
    beneficiary_id: &str,
    path: Path,
    mode: Mode,
) -> Result<NewDiagnostic, ServiceError> {
    super::beneficiaries::get(state, who, beneficiary_id).await?;
    let now = db::now_ms();
    let (assessment, code) = match mode {
        Mode::Guided => (Some(assessment::start(state, path, false).await?), None),
        Mode::Code => (None, Some(new_code()?)),
    };
    let row = rows::DiagnosticRow {
        id: token::new_id()?,
        beneficiary_id: beneficiary_id.to_owned(),
        structure_id: who.structure_id.clone(),
        path: path.as_str().to_owned(),
        mode: mode.as_str().to_owned(),
        assessment_id: assessment.as_ref().map(|a| a.id.clone()),
        code_expires_at: code.as_ref().map(|_| now + CODE_HOURS * 3_600_000),
        code,
        created_by: who.id.clone(),
        created_at: now,
    };
    let mut tx = state.db.begin_write().await?;
    rows::insert(&mut tx, &row).await?;
    tx.commit().await?;
    tracing::info!(staff = %who.id, mode = mode.as_str(), path = path.as_str(), "diagnostic started");
    Ok(NewDiagnostic {
        id: row.id,
        code: row.code,
        code_expires_at: row.code_expires_at,
        assessment,
    })
}

/// The person's device joins a diagnostic with its code: the assessment starts now, on that
/// device, and the code is spent.
pub async fn join(state: &AppState, typed: &str) -> Result<Started, ServiceError> {
    let code = normalize_code(typed);
    if code.len() != CODE_LEN {
        return Err(ServiceError::CodeUnusable);
    }
    let found = rows::by_code(&state.db.pool, &code, db::now_ms())
        .await?
        .ok_or(ServiceError::CodeUnusable)?;
    let path =
        Path::parse(&found.path).ok_or_else(|| anyhow::anyhow!("stored path {}", found.path))?;
    let started = assessment::start(state, path, false).await?;
    let mut tx = state.db.begin_write().await?;
    if !rows::link_assessment(&mut tx, &found.id, &started.id).await? {
        // Another device used the code meanwhile: this assessment is nobody's.
        drop(tx);
        let orphan = Credentials {
            id: started.id.clone(),
            token: crate::auth::Token::new(started.token.clone()),
        };
        if let Err(e) = assessment::delete(state, &orphan).await {
            tracing::warn!(error = %e, "an assessment started for a code used meanwhile was left (retention deletes it)");
        }
        return Err(ServiceError::CodeUnusable);
    }
    tx.commit().await?;
    tracing::info!("a diagnostic was joined with its code");
    Ok(started)
}

/// Where a diagnostic stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Code mode, code not used yet (it expires at this time).
    Waiting {
        code: String,
        expires_at: i64,
    },
    /// Code expired unused.
    Expired,
    InProgress {
        answered: i64,
    },
    Finished {
        at: i64,
    },
    /// Its assessment was deleted (retention, or by the person).
    Gone,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub id: String,
    pub path: Path,
    pub mode: Mode,
    pub created_at: i64,
    pub status: Status,
}

/// The diagnostics of a beneficiary of the caller's structure, oldest first.
pub async fn list(
    state: &AppState,
    who: &StaffMember,
    beneficiary_id: &str,
) -> Result<Vec<Diagnostic>, ServiceError> {
    super::beneficiaries::get(state, who, beneficiary_id).await?;
    let now = db::now_ms();
    rows::of_beneficiary(&state.db.pool, &who.structure_id, beneficiary_id)
        .await?
        .into_iter()
        .map(|s| {
            let d = &s.diagnostic;
            let status = match (&d.assessment_id, &d.code, s.answered, s.finished_at) {
                (None, Some(code), _, _) if d.code_expires_at.unwrap_or(0) > now => {
                    Status::Waiting {
                        code: code.clone(),
                        expires_at: d.code_expires_at.unwrap_or(0),
                    }
                }
                (None, _, _, _) => Status::Expired,
                (Some(_), _, None, _) => Status::Gone,
                (Some(_), _, Some(_), Some(at)) => Status::Finished { at },
                (Some(_), _, Some(answered), None) => Status::InProgress { answered },
            };
            Ok(Diagnostic {
                id: d.id.clone(),
                path: Path::parse(&d.path)
                    .ok_or_else(|| anyhow::anyhow!("stored path {}", d.path))?,
                mode: Mode::parse(&d.mode)
                    .ok_or_else(|| anyhow::anyhow!("stored mode {}", d.mode))?,
                created_at: d.created_at,
                status,
            })
        })
        .collect()
}

/// The three steps of autonomy a mediator notes (La Coop's and WorkStar's).
pub const OBSERVATIONS: [&str; 3] = ["pas_encore", "avec_aide", "autonomie"];

/// The longest comment.
pub const COMMENT_MAX: usize = 280;

/// Whether the assessment these credentials open is a guided diagnostic (its pages then offer
/// the mediator's observation).
pub async fn is_guided(state: &AppState, assessment_id: &str) -> Result<bool, ServiceError> {
    Ok(rows::guided_of_assessment(&state.db.pool, assessment_id)
        .await?
        .is_some())
}

/// The beneficiary of the guided diagnostic these credentials open, if they open one.
pub async fn guided_beneficiary(
    state: &AppState,
    creds: &Credentials,
) -> Result<Option<String>, ServiceError> {
    let row = match assessment::row(state, creds).await {
        Ok(row) => row,
        Err(e) if e.is_auth() => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(rows::guided_of_assessment(&state.db.pool, &row.id)
        .await?
        .map(|d| d.beneficiary_id))
}

/// An observation as given: a step of [`OBSERVATIONS`] and/or a comment (blank is absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    pub step: Option<String>,
    pub comment: Option<String>,
}

impl Observation {
    /// Checks what a form gave; `None` when it gave nothing.
    pub fn check(step: Option<&str>, comment: Option<&str>) -> Result<Option<Self>, ServiceError> {
        let step = step.map(str::trim).filter(|s| !s.is_empty());
        let comment = comment.map(str::trim).filter(|c| !c.is_empty());
        if step.is_some_and(|s| !OBSERVATIONS.contains(&s)) {
            return Err(ServiceError::InvalidField(
                "observation",
                FieldProblem::NotAllowed,
            ));
        }
        if comment.is_some_and(|c| c.chars().count() > COMMENT_MAX) {
            return Err(ServiceError::InvalidField(
                "comment",
                FieldProblem::TooLong(COMMENT_MAX),
            ));
        }
        Ok((step.is_some() || comment.is_some()).then(|| Observation {
            step: step.map(str::to_owned),
            comment: comment.map(str::to_owned),
        }))
    }
}

/// Records the mediator's observation of the task `item_id` of a guided diagnostic (given
/// with the answer). Refused on an assessment that is not a guided diagnostic.
pub async fn observe(
    state: &AppState,
    creds: &Credentials,
    item_id: &str,
    observation: &Observation,
) -> Result<(), ServiceError> {
    let row = assessment::row(state, creds).await?;
    if !is_guided(state, &row.id).await? {
        return Err(ServiceError::NotForThisPath);
    }
    let mut tx = state.db.begin_write().await?;
    rows::observe(
        &mut tx,
        &row.id,
        item_id,
        observation.step.as_deref(),
        observation.comment.as_deref(),
        db::now_ms(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// After the last answer of a diagnostic (guided or by code): when the beneficiary agreed
/// that an anonymous record may go to the observatory, it is given as the person would give it
/// on the sheet, with the département of their commune and their age band coarsened to the
/// observatory's — once per beneficiary, path and month, so that a person seen at the start
/// and the end of a series of workshops is one person in the month's counts. Returns whether a
/// record was given (not for other assessments, nor when the person already gave it).
pub async fn give_observatory_record(
    state: &AppState,
    creds: &Credentials,
) -> Result<bool, ServiceError> {
    let Some(d) = rows::of_assessment(&state.db.pool, &creds.id).await? else {
        return Ok(false);
    };
    let Some(b) =
        db::beneficiaries::get(&state.db.pool, &d.structure_id, &d.beneficiary_id).await?
    else {
        return Ok(false);
    };
    if b.consent_observatory == 0 {
        return Ok(false);
    }
    let month = assessment::month_bounds(db::now_ms());
    let given = rows::records_given(&state.db.pool, &b.id, &d.path, &creds.id, month).await?;
    if given > 0 {
        return Ok(false);
    }
    let consent = assessment::Consent {
        departement: b.commune.as_deref().and_then(departement_of_commune),
        age_band: b
            .age_band
            .as_deref()
            .and_then(crate::domain::mediation::observatory_age_band)
            .flatten()
            .map(str::to_owned),
    };
    match assessment::give_consent(state, creds, consent).await {
        Ok(()) => Ok(true),
        Err(ServiceError::AlreadyConsented) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The département of an INSEE commune code (`97411` → `974`, `2A004` → `2A`), if it is one of
/// the observatory's.
pub fn departement_of_commune(commune: &str) -> Option<String> {
    let code = commune.get(..if commune.starts_with("97") { 3 } else { 2 })?;
    crate::domain::departements()
        .into_iter()
        .find(|d| d == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commune_gives_its_departement() {
        assert_eq!(departement_of_commune("35238").as_deref(), Some("35"));
        assert_eq!(departement_of_commune("2A004").as_deref(), Some("2A"));
        assert_eq!(departement_of_commune("97411").as_deref(), Some("974"));
        assert_eq!(departement_of_commune("98735"), None);
        assert_eq!(departement_of_commune("3"), None);
    }

    #[test]
    fn codes_are_six_unambiguous_characters_and_typing_is_forgiving() {
        for _ in 0..200 {
            let c = new_code().unwrap();
            assert_eq!(c.len(), CODE_LEN);
            assert!(c.bytes().all(|b| CODE_ALPHABET.contains(&b)), "{c}");
            assert!(!c.contains(['0', 'O', '1', 'I', 'L']), "{c}");
        }
        assert_eq!(normalize_code(" ab3-k7 9 "), "AB3K79");
    }

    #[test]
    fn an_observation_is_a_known_step_and_or_a_short_comment() {
        assert_eq!(Observation::check(None, Some("  ")).unwrap(), None);
        let o = Observation::check(Some("avec_aide"), None)
            .unwrap()
            .unwrap();
        assert_eq!(o.step.as_deref(), Some("avec_aide"));
        let o = Observation::check(Some(""), Some(" a cherché la souris "))
            .unwrap()
            .unwrap();
        assert_eq!(
            (o.step, o.comment.as_deref()),
            (None, Some("a cherché la souris"))
        );
        assert!(Observation::check(Some("parfait"), None).is_err());
        assert!(Observation::check(None, Some(&"x".repeat(281))).is_err());
    }
}
