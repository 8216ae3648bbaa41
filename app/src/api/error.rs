//! The API's error body `{"error": "…"}`, and what each service error becomes for people:
//! a status and a sentence (internal errors say only that, with the request id to quote).

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::password::PasswordProblem;
use crate::i18n::{FR, fill};
use crate::request_id;
use crate::service::{ServiceError, mediation::FieldProblem};

/// The body of every API error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong, in French, for people.
    pub error: String,
}

/// `{"error": "…"}` with a status.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.message,
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        let (status, message) = describe(&e);
        ApiError::new(status, message)
    }
}

/// The status and the sentence for a service error. Internal errors are logged here with the
/// request id, which the sentence quotes.
pub fn describe(e: &ServiceError) -> (StatusCode, String) {
    let t = &FR.errors;
    let m = crate::i18n::mediation::for_language(&FR);
    match e {
        ServiceError::NotFound => (StatusCode::NOT_FOUND, t.not_found.into()),
        ServiceError::Unauthorized => (StatusCode::UNAUTHORIZED, t.unauthorized.into()),
        ServiceError::NotCurrent => (StatusCode::CONFLICT, t.not_current.into()),
        ServiceError::Finished => (StatusCode::CONFLICT, t.finished.into()),
        ServiceError::NotFinished => (StatusCode::CONFLICT, t.not_finished.into()),
        ServiceError::AlreadyConsented => (StatusCode::CONFLICT, t.already_consented.into()),
        ServiceError::InvalidResponse(detail) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            fill(t.invalid_response, &[("detail", detail.clone())]),
        ),
        ServiceError::UnknownPath(path) => (
            StatusCode::BAD_REQUEST,
            fill(t.unknown_path, &[("path", path.clone())]),
        ),
        ServiceError::UnknownDepartement(code) => (
            StatusCode::BAD_REQUEST,
            fill(t.unknown_departement, &[("code", code.clone())]),
        ),
        ServiceError::UnknownAgeBand(band) => (
            StatusCode::BAD_REQUEST,
            fill(t.unknown_age_band, &[("band", band.clone())]),
        ),
        ServiceError::NotForThisPath => (StatusCode::CONFLICT, t.not_for_this_path.into()),
        ServiceError::InvalidQuery(detail) => (
            StatusCode::BAD_REQUEST,
            fill(t.invalid_query, &[("detail", detail.clone())]),
        ),
        ServiceError::NoSuchObject => (StatusCode::NOT_FOUND, m.no_such_object.into()),
        ServiceError::NotSignedIn => (StatusCode::UNAUTHORIZED, m.not_signed_in.into()),
        ServiceError::BadLogin => (StatusCode::UNAUTHORIZED, m.bad_login.into()),
        ServiceError::SecondFactorNeeded => {
            (StatusCode::UNAUTHORIZED, m.second_factor_needed.into())
        }
        ServiceError::SecondFactorSetup => (StatusCode::FORBIDDEN, m.second_factor_setup.into()),
        ServiceError::Forbidden => (StatusCode::FORBIDDEN, m.forbidden.into()),
        ServiceError::InvitationUnusable => (StatusCode::GONE, m.invitation_unusable.into()),
        ServiceError::CodeUnusable => (StatusCode::NOT_FOUND, m.code_unusable.into()),
        ServiceError::AccountExists => (StatusCode::CONFLICT, m.account_exists.into()),
        ServiceError::WeakPassword(p) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            match p {
                PasswordProblem::TooShort => m.password_too_short,
                PasswordProblem::TooLong => m.password_too_long,
                PasswordProblem::Common => m.password_common,
            }
            .into(),
        ),
        ServiceError::InvalidField(field, problem) => {
            let field = m.field_label(field).to_owned();
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                match problem {
                    FieldProblem::Missing => fill(m.field_missing, &[("field", field)]),
                    FieldProblem::TooLong(max) => fill(
                        m.field_too_long,
                        &[("field", field), ("max", max.to_string())],
                    ),
                    FieldProblem::NotAllowed => fill(m.field_not_allowed, &[("field", field)]),
                },
            )
        }
        ServiceError::Unexpected(err) => {
            let id = request_id::current().unwrap_or_else(|| "-".into());
            tracing::error!(request_id = %id, error = ?err, "unexpected error");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                fill(t.internal, &[("id", id)]),
            )
        }
    }
}
