//! The optional, explicit consent to give an anonymous record to the observatory.

use serde::{Deserialize, Serialize};

use super::{AssessmentResult, authorize, result};
use crate::auth::Credentials;
use crate::db::{self, observatory};
use crate::domain::{AGE_BANDS, COG_YEAR, departements};
use crate::service::{ServiceError, token};
use crate::state::AppState;

/// What the person chose to add to the anonymous record (both optional; `None` when not
/// given).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Consent {
    pub departement: Option<String>,
    pub age_band: Option<String>,
}

/// Writes the anonymous observatory record, once, with the person's explicit consent.
pub async fn give_consent(
    state: &AppState,
    creds: &Credentials,
    consent: Consent,
) -> Result<(), ServiceError> {
    // Who asks first (401/404), then whether it is time (409), then what they send (400).
    let found = result(state, creds).await?;
    // Exact codes only: what is not one of them (an empty or padded string too) is refused,
    // as the API's description says. Adapters map "not given" to `None`.
    let Consent {
        departement,
        age_band,
    } = consent;
    if let Some(d) = &departement
        && !departements().contains(d)
    {
        return Err(ServiceError::UnknownDepartement(d.clone()));
    }
    if let Some(a) = &age_band
        && !AGE_BANDS.contains(&a.as_str())
    {
        return Err(ServiceError::UnknownAgeBand(a.clone()));
    }
    let mut tx = state.db.begin_write().await?;
    let row = authorize(db::assessments::lock(&mut tx, &creds.id).await?, creds)?;
    if row.consent_at.is_some() {
        return Err(ServiceError::AlreadyConsented);
    }
    let now = db::now_ms();
    // A citizen's record holds a level per competence; a Premiers pas record the orientation
    // proposed and each skill's outcome.
    let (path, levels, orientation, outcomes) = match &found {
        AssessmentResult::Citizen(r) => {
            let levels: Vec<(String, u8)> = r
                .competences
                .iter()
                .map(|c| (c.code.clone(), c.level))
                .collect();
            ("citizen", levels, None, Vec::new())
        }
        AssessmentResult::Beginner(r) => {
            let outcomes: Vec<(String, &'static str)> = r
                .skills
                .iter()
                .map(|s| (s.skill.clone(), s.outcome.as_str()))
                .collect();
            let orientation = Some(r.orientation.as_str());
            (db::orientations::PATH, Vec::new(), orientation, outcomes)
        }
    };
    let record_id = token::new_id()?;
    observatory::insert(
        &mut tx,
        &observatory::NewRecord {
            id: &record_id,
            received_at: now,
            path,
            month: &month_of(now),
            cog_year: COG_YEAR,
            departement: departement.as_deref(),
            age_band: age_band.as_deref(),
            framework_version: &row.framework_version,
            levels: &levels,
            beginner: orientation.map(|orientation| observatory::Beginner {
                orientation,
                outcomes: &outcomes,
            }),
        },
    )
    .await?;
    db::assessments::set_consent(&mut tx, &creds.id, now).await?;
    tx.commit().await?;
    // The record waits in the inbox; once enough wait, they move together. The consent is
    // given either way: a failed move is logged and done again by the next one.
    let competences = crate::service::observatory::competences(state);
    if let Err(e) = crate::service::observatory::refresh(
        &state.db,
        &competences,
        crate::service::observatory::Pass::AfterConsent,
        now,
    )
    .await
    {
        tracing::error!(error = ?e, "observatory move failed");
    }
    Ok(())
}

/// 'YYYY-MM' of a time in ms since the epoch (UTC).
pub fn month_of(ms: i64) -> String {
    let (year, month, _) = civil(ms);
    format!("{year:04}-{month:02}")
}

/// 'YYYY-MM-DD' of a time in ms since the epoch (UTC).
pub fn date_of(ms: i64) -> String {
    let (year, month, day) = civil(ms);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The first ms of the month (UTC) of a time, and the first ms of the next month.
pub fn month_bounds(ms: i64) -> (i64, i64) {
    let (year, month, _) = civil(ms);
    let next = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let start = |(y, m): (i64, i64)| days_from_civil(y, m, 1) * 86_400_000;
    (start((year, month)), start(next))
}

/// Days since 1970-01-01 of a civil date (the inverse of [`civil`]).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of a time in ms since the epoch (UTC), by the civil-from-days algorithm.
fn civil(ms: i64) -> (i64, i64, i64) {
    let days = ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_of_known_dates() {
        assert_eq!(month_of(0), "1970-01");
        // 2026-11-23T00:00:00Z
        assert_eq!(month_of(1_795_392_000_000), "2026-11");
        // 2024-02-29T12:00:00Z
        assert_eq!(month_of(1_709_208_000_000), "2024-02");
        assert_eq!(date_of(1_709_208_000_000), "2024-02-29");
        assert_eq!(date_of(0), "1970-01-01");
        // 2026-12-31T23:59:59Z
        assert_eq!(date_of(1_798_761_599_000), "2026-12-31");
    }

    #[test]
    fn a_month_runs_from_its_first_ms_to_the_next_months() {
        // 2024-02-29T12:00:00Z: 1 February to 1 March 2024.
        assert_eq!(
            month_bounds(1_709_208_000_000),
            (1_706_745_600_000, 1_709_251_200_000)
        );
        // December runs into the next year: 2026-12-01 to 2027-01-01.
        assert_eq!(
            month_bounds(1_798_761_599_000),
            (1_796_083_200_000, 1_798_761_600_000)
        );
        assert_eq!(month_bounds(0), (0, 2_678_400_000));
        for ms in [0, 1_709_208_000_000, 1_798_761_599_000, 1_796_083_200_000] {
            let (from, to) = month_bounds(ms);
            assert!(from <= ms && ms < to);
            assert_eq!(month_of(from), month_of(ms));
            assert_ne!(month_of(to), month_of(ms));
        }
    }
}
