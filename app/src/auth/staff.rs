//! Staff sessions (mediators and admins): server-side sessions with tower-sessions, stored in
//! the app's own database (SQLite or PostgreSQL, through the same `Any` pool) under the
//! SHA-256 of their id, in a `__Host-` Secure HttpOnly SameSite=Strict cookie behind https.
//! A session ends after `staff_idle_minutes` without a request (the cookie's expiry moves with
//! each request) and at the latest `staff_session_hours` after sign-in, whatever happens.

use axum::{
    extract::FromRequestParts,
    http::request::Parts,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tower_sessions::{
    Expiry, Session, SessionManagerLayer, SessionStore,
    cookie::SameSite,
    session::{Id, Record},
    session_store,
};

use crate::api::{ApiError, describe};
use crate::db::{self, Db};
use crate::service::{ServiceError, mediation::StaffMember, mediation::accounts, token};
use crate::state::AppState;

/// tower-sessions' store over the app's database.
#[derive(Clone)]
pub struct DbStore(pub Db);

impl std::fmt::Debug for DbStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbStore")
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn encode(record: &Record) -> session_store::Result<(String, String, i64)> {
    let data = serde_json::to_string(&record.data)
        .map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let expires = (record.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64;
    Ok((token::hash(&record.id.to_string()), data, expires))
}

#[async_trait::async_trait]
impl SessionStore for DbStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let (id_hash, data, expires) = encode(record)?;
            let mut tx = self.0.begin_write().await.map_err(backend)?;
            let created = db::staff::create_session(&mut tx, &id_hash, &data, expires)
                .await
                .map_err(backend)?;
            tx.commit().await.map_err(backend)?;
            if created {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (id_hash, data, expires) = encode(record)?;
        let mut tx = self.0.begin_write().await.map_err(backend)?;
        db::staff::update_session(&mut tx, &id_hash, &data, expires)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let found =
            db::staff::load_session(&self.0.pool, &token::hash(&id.to_string()), db::now_ms())
                .await
                .map_err(backend)?;
        let Some((data, expires)) = found else {
            return Ok(None);
        };
        let data =
            serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date =
            OffsetDateTime::from_unix_timestamp_nanos(i128::from(expires) * 1_000_000)
                .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let mut tx = self.0.begin_write().await.map_err(backend)?;
        db::staff::delete_session(&mut tx, &token::hash(&id.to_string()))
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }
}

/// The session layer of the staff routes.
pub fn layer(state: &AppState) -> SessionManagerLayer<DbStore> {
    let secure = state.cookies.secure;
    SessionManagerLayer::new(DbStore(state.db.clone()))
        .with_name(if secure {
            "__Host-tremplin-staff"
        } else {
            "tremplin-staff"
        })
        .with_secure(secure)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_path("/")
        // Every request saves the record, so that its expiry (and the cookie's) moves on: the
        // session ends after `staff_idle_minutes` without a request.
        .with_always_save(true)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(i64::from(
            state.settings.staff_idle_minutes.max(1),
        ))))
}

/// What the session holds once the password was right.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SignedInRecord {
    staff_id: String,
    /// Milliseconds since the epoch: the absolute timeout counts from here.
    at: i64,
    /// The account's session epoch when the password was checked (an access reset moves it).
    #[serde(default)]
    epoch: i64,
}

const SIGNED_IN: &str = "signed_in";
const PENDING_TOTP: &str = "pending_totp";

fn session_error(e: tower_sessions::session::Error) -> ServiceError {
    ServiceError::Unexpected(anyhow::anyhow!("session: {e}"))
}

/// Starts a signed-in session for `who`, under a new session id (no fixation).
pub async fn sign_in(session: &Session, who: &StaffMember) -> Result<(), ServiceError> {
    // Nothing of an earlier sign-in on this browser (a second factor half set up) carries over.
    session.clear().await;
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(
            SIGNED_IN,
            SignedInRecord {
                staff_id: who.id.clone(),
                at: db::now_ms(),
                epoch: who.session_epoch,
            },
        )
        .await
        .map_err(session_error)
}

/// Ends the session on the server (its record is deleted) and in the browser.
pub async fn sign_out(session: &Session) -> Result<(), ServiceError> {
    session.flush().await.map_err(session_error)
}

/// The secret being set up as a second factor (kept in the session until confirmed).
pub async fn pending_totp(session: &Session) -> Result<Option<String>, ServiceError> {
    session.get(PENDING_TOTP).await.map_err(session_error)
}

pub async fn set_pending_totp(session: &Session, secret: Option<&str>) -> Result<(), ServiceError> {
    match secret {
        Some(s) => session.insert(PENDING_TOTP, s).await.map_err(session_error),
        None => session
            .remove::<String>(PENDING_TOTP)
            .await
            .map(|_| ())
            .map_err(session_error),
    }
}

/// The staff member signed in on this session, whether or not the second factor is set up.
pub async fn signed_in(session: &Session, state: &AppState) -> Result<StaffMember, ServiceError> {
    let record: Option<SignedInRecord> = session.get(SIGNED_IN).await.map_err(session_error)?;
    let record = record.ok_or(ServiceError::NotSignedIn)?;
    let limit = i64::from(state.settings.staff_session_hours.max(1)) * 3_600_000;
    if db::now_ms() - record.at > limit {
        sign_out(session).await?;
        return Err(ServiceError::NotSignedIn);
    }
    match accounts::member_of_session(&state.db, &record.staff_id, record.epoch).await? {
        Some(m) => Ok(m),
        None => {
            sign_out(session).await?;
            Err(ServiceError::NotSignedIn)
        }
    }
}

/// A signed-in member of the mediators' space (not an analyst) whose second factor is set up
/// where the role requires one: what every mediation route except the second factor's set-up
/// asks for.
#[derive(Debug, Clone)]
pub struct Staff(pub StaffMember);

/// Why a request is not a staff member's (401 not signed in, 403 second factor to set up).
#[derive(Debug)]
pub struct StaffRejection(pub ServiceError);

impl IntoResponse for StaffRejection {
    fn into_response(self) -> Response {
        ApiError::from(self.0).into_response()
    }
}

impl StaffRejection {
    pub fn describe(&self) -> (axum::http::StatusCode, String) {
        describe(&self.0)
    }
}

async fn session_of(parts: &mut Parts, state: &AppState) -> Result<Session, StaffRejection> {
    Session::from_request_parts(parts, state)
        .await
        .map_err(|(_, m)| StaffRejection(ServiceError::Unexpected(anyhow::anyhow!(m))))
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = StaffRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = session_of(parts, state).await?;
        let who = signed_in(&session, state).await.map_err(StaffRejection)?;
        if who.role.requires_totp() && !who.has_totp {
            return Err(StaffRejection(ServiceError::SecondFactorSetup));
        }
        if !who.role.mediates() {
            return Err(StaffRejection(ServiceError::Forbidden));
        }
        Ok(Staff(who))
    }
}
