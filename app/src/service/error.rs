//! What can go wrong in the service layer: the caller's faults (each a variant the adapters turn
//! into a clear 4xx message, nothing stored) and ours (`Unexpected`, details only in the log).
//! Variants carry no HTTP status and no French text: the adapters (`api`, `forms`,
//! `server_fns`) map them.

/// The error of every service function.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("no such assessment")]
    NotFound,
    #[error("the token does not open this assessment")]
    Unauthorized,
    #[error("not the current item, or already answered")]
    NotCurrent,
    #[error("the assessment is finished")]
    Finished,
    #[error("the assessment is not finished")]
    NotFinished,
    #[error("the anonymous record was already given")]
    AlreadyConsented,
    #[error("the response does not fit the item: {0}")]
    InvalidResponse(String),
    #[error("unknown path `{0}`")]
    UnknownPath(String),
    #[error("unknown département `{0}`")]
    UnknownDepartement(String),
    #[error("unknown age band `{0}`")]
    UnknownAgeBand(String),
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    #[error("not available on this assessment's path")]
    NotForThisPath,
    #[error("no such object in the caller's structure")]
    NoSuchObject,
    #[error("not signed in")]
    NotSignedIn,
    #[error("wrong e-mail or password")]
    BadLogin,
    #[error("a valid one-time code is required")]
    SecondFactorNeeded,
    #[error("the second factor must be set up first")]
    SecondFactorSetup,
    #[error("the role does not allow this")]
    Forbidden,
    #[error("the invitation is unknown, expired or used")]
    InvitationUnusable,
    #[error("the code is unknown, expired or used")]
    CodeUnusable,
    #[error("an account exists for this e-mail")]
    AccountExists,
    #[error("the password is refused: {0:?}")]
    WeakPassword(crate::auth::password::PasswordProblem),
    #[error("field `{0}`: {1:?}")]
    InvalidField(&'static str, crate::service::mediation::FieldProblem),
    #[error("unexpected: {0:#}")]
    Unexpected(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ServiceError {
    fn from(e: sqlx::Error) -> Self {
        ServiceError::Unexpected(e.into())
    }
}

impl ServiceError {
    /// Whether the caller simply has no (valid) access to this assessment.
    pub fn is_auth(&self) -> bool {
        matches!(self, ServiceError::NotFound | ServiceError::Unauthorized)
    }
}
