//! The `structures`, `staff`, `invitations` and `staff_sessions` tables.

use sqlx::{Any, FromRow};

use super::Write;

#[derive(Debug, Clone, FromRow)]
pub struct StructureRow {
    pub id: String,
    pub name: String,
    /// INSEE code of the place where it receives people.
    pub commune: Option<String>,
    pub created_at: i64,
}

/// A staff account. `Debug` leaves out the password hash and the TOTP secret.
#[derive(Clone, FromRow)]
pub struct StaffRow {
    pub id: String,
    pub structure_id: String,
    pub email: String,
    pub role: String,
    pub password_hash: String,
    pub totp_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    pub created_at: i64,
    /// Raised by an access reset: a session opened under an older epoch no longer counts.
    pub session_epoch: i64,
}

impl std::fmt::Debug for StaffRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffRow")
            .field("id", &self.id)
            .field("structure_id", &self.structure_id)
            .field("email", &self.email)
            .field("role", &self.role)
            .field("password_hash", &"<redacted>")
            .field(
                "totp_secret",
                &self.totp_secret.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct InvitationRow {
    pub token_hash: String,
    pub structure_id: String,
    pub email: String,
    pub role: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    /// Set for an access reset: the link gives this account a new password.
    pub staff_id: Option<String>,
}

pub async fn insert_structure(tx: &mut Write, row: &StructureRow) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO structures (id, name, commune, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&row.id)
        .bind(&row.name)
        .bind(&row.commune)
        .bind(row.created_at)
        .execute(&mut ***tx)
        .await?;
    Ok(())
}

pub async fn structure<'e, E>(executor: E, id: &str) -> sqlx::Result<Option<StructureRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as("SELECT id, name, commune, created_at FROM structures WHERE id = $1")
        .bind(id)
        .fetch_optional(executor)
        .await
}

/// Every structure, by name (the platform admins' list).
pub async fn structures<'e, E>(executor: E) -> sqlx::Result<Vec<StructureRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as("SELECT id, name, commune, created_at FROM structures ORDER BY name, id")
        .fetch_all(executor)
        .await
}

pub async fn set_structure_commune(
    tx: &mut Write,
    id: &str,
    commune: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE structures SET commune = $1 WHERE id = $2")
        .bind(commune)
        .bind(id)
        .execute(&mut ***tx)
        .await?;
    Ok(())
}

const STAFF_COLUMNS: &str = "id, structure_id, email, role, password_hash, totp_secret, \
                             totp_last_step, created_at, session_epoch";

pub async fn insert_staff(tx: &mut Write, row: &StaffRow) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO staff ({STAFF_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    ))
    .bind(&row.id)
    .bind(&row.structure_id)
    .bind(&row.email)
    .bind(&row.role)
    .bind(&row.password_hash)
    .bind(&row.totp_secret)
    .bind(row.totp_last_step)
    .bind(row.created_at)
    .bind(row.session_epoch)
    .execute(&mut ***tx)
    .await?;
    Ok(())
}

pub async fn staff_by_email<'e, E>(executor: E, email: &str) -> sqlx::Result<Option<StaffRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(&format!(
        "SELECT {STAFF_COLUMNS} FROM staff WHERE email = $1"
    ))
    .bind(email)
    .fetch_optional(executor)
    .await
}

pub async fn staff_by_id<'e, E>(executor: E, id: &str) -> sqlx::Result<Option<StaffRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(&format!("SELECT {STAFF_COLUMNS} FROM staff WHERE id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await
}

/// The staff of a structure, by e-mail.
pub async fn staff_of_structure<'e, E>(
    executor: E,
    structure_id: &str,
) -> sqlx::Result<Vec<StaffRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(&format!(
        "SELECT {STAFF_COLUMNS} FROM staff WHERE structure_id = $1 ORDER BY email"
    ))
    .bind(structure_id)
    .fetch_all(executor)
    .await
}

/// Sets the second factor's secret (`None` removes it) and forgets the last step.
/// Removes a person's second factor and password and ends their sessions (the epoch moves
/// on); their earlier reset links are used up.
pub async fn reset_access(tx: &mut Write, staff_id: &str, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE staff SET totp_secret = NULL, totp_last_step = NULL, password_hash = '!', \
         session_epoch = session_epoch + 1 WHERE id = $1",
    )
    .bind(staff_id)
    .execute(&mut ***tx)
    .await?;
    sqlx::query("UPDATE invitations SET used_at = $1 WHERE staff_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(staff_id)
        .execute(&mut ***tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives an account a new password (hash).
pub async fn set_password(tx: &mut Write, staff_id: &str, hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE staff SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(staff_id)
        .execute(&mut ***tx)
        .await?;
    Ok(())
}

pub async fn set_totp(tx: &mut Write, staff_id: &str, secret: Option<&str>) -> sqlx::Result<()> {
    sqlx::query("UPDATE staff SET totp_secret = $1, totp_last_step = NULL WHERE id = $2")
        .bind(secret)
        .bind(staff_id)
        .execute(&mut ***tx)
        .await?;
    Ok(())
}

/// Records the step of an accepted code, only if it is newer than the stored one (two logins
/// racing with the same code: one wins). Returns whether it was recorded.
pub async fn use_totp_step(tx: &mut Write, staff_id: &str, step: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE staff SET totp_last_step = $1 \
         WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(staff_id)
    .execute(&mut ***tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert_invitation(tx: &mut Write, row: &InvitationRow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO invitations (token_hash, structure_id, email, role, created_at, expires_at, \
         used_at, staff_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&row.token_hash)
    .bind(&row.structure_id)
    .bind(&row.email)
    .bind(&row.role)
    .bind(row.created_at)
    .bind(row.expires_at)
    .bind(row.used_at)
    .bind(&row.staff_id)
    .execute(&mut ***tx)
    .await?;
    Ok(())
}

pub async fn invitation<'e, E>(executor: E, token_hash: &str) -> sqlx::Result<Option<InvitationRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(
        "SELECT token_hash, structure_id, email, role, created_at, expires_at, used_at, staff_id \
         FROM invitations WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(executor)
    .await
}

/// Marks an invitation used, only if it was not: returns whether this call used it.
pub async fn use_invitation(tx: &mut Write, token_hash: &str, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .execute(&mut ***tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Saves a session record that exists (tower-sessions), keyed by the hash of the session id. A
/// record deleted meanwhile (signed out) stays deleted: a request still in flight never brings
/// it back.
pub async fn update_session(
    tx: &mut Write,
    id_hash: &str,
    data: &str,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE staff_sessions SET data = $1, expires_at = $2 WHERE id_hash = $3")
        .bind(data)
        .bind(expires_at)
        .bind(id_hash)
        .execute(&mut ***tx)
        .await?;
    Ok(())
}

/// Inserts a new session record; `false` if the id is taken.
pub async fn create_session(
    tx: &mut Write,
    id_hash: &str,
    data: &str,
    expires_at: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO staff_sessions (id_hash, data, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (id_hash) DO NOTHING",
    )
    .bind(id_hash)
    .bind(data)
    .bind(expires_at)
    .execute(&mut ***tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The data of a session that has not expired at `now`.
pub async fn load_session<'e, E>(
    executor: E,
    id_hash: &str,
    now: i64,
) -> sqlx::Result<Option<(String, i64)>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(
        "SELECT data, expires_at FROM staff_sessions WHERE id_hash = $1 AND expires_at > $2",
    )
    .bind(id_hash)
    .bind(now)
    .fetch_optional(executor)
    .await
}

pub async fn delete_session(tx: &mut Write, id_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM staff_sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(&mut ***tx)
        .await?;
    Ok(())
}

/// Deletes expired sessions; returns how many.
pub async fn purge_sessions(tx: &mut Write, now: i64) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("DELETE FROM staff_sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut ***tx)
            .await?
            .rows_affected(),
    )
}
