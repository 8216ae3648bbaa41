//! The mediators' space: structures, staff accounts by invitation, sign-in with a second
//! factor, and the beneficiaries of each structure. Every function takes the signed-in
//! [`StaffMember`] and acts inside their structure only: another structure's object is
//! "not found", whatever its id.

pub mod accounts;
pub mod beneficiaries;
pub mod diagnostics;
pub mod exports;
pub mod results;
pub mod structures;

use crate::domain::mediation::Role;

/// A signed-in staff member (second factor done where it is required).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub id: String,
    pub structure_id: String,
    pub email: String,
    pub role: Role,
    /// Whether the account has a second factor set up.
    pub has_totp: bool,
    /// The account's session epoch: a session opened under another one no longer counts.
    pub session_epoch: i64,
}

/// A field of a request that breaks a rule (the adapters say it in words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldProblem {
    Missing,
    TooLong(usize),
    NotAllowed,
}

/// Trims `value`, and refuses it empty or longer than `max` characters.
fn text_field(
    name: &'static str,
    value: &str,
    max: usize,
) -> Result<String, crate::service::ServiceError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(crate::service::ServiceError::InvalidField(
            name,
            FieldProblem::Missing,
        ));
    }
    // The length is that of what was sent (as the API's schema says), surrounding spaces too.
    if value.chars().count() > max || v.chars().any(char::is_control) {
        return Err(crate::service::ServiceError::InvalidField(
            name,
            FieldProblem::TooLong(max),
        ));
    }
    Ok(v.to_owned())
}
