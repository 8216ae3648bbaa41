//! A JSON body extractor whose every rejection is a JSON error with the right status (400
//! malformed, 413 too large).

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::StatusCode,
};
use serde::de::DeserializeOwned;

use super::ApiError;
use crate::i18n::{FR, fill};

/// Like `axum::Json`, with JSON errors.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let t = &FR.errors;
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, t.body_too_large)
            } else {
                ApiError::new(StatusCode::BAD_REQUEST, t.unreadable_body)
            }
        })?;
        serde_json::from_slice(&bytes).map(ApiJson).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                fill(t.invalid_json, &[("detail", e.to_string())]),
            )
        })
    }
}
