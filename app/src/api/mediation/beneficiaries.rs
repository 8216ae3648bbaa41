//! The beneficiaries of the caller's structure.

use axum::{
    Json,
    extract::{Path as UrlPath, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::schema::{BeneficiaryAgeBand, Situation};
use crate::api::{ApiError, ApiJson, ErrorBody};
use crate::auth::staff::Staff;
use crate::service::mediation::beneficiaries;
use crate::state::AppState;

/// A beneficiary of the caller's structure.
#[derive(Debug, Serialize, ToSchema)]
pub struct BeneficiaryBody {
    #[schema(pattern = "^[0-9a-f]{32}$")]
    pub id: String,
    pub pseudonym: String,
    #[schema(value_type = Option<BeneficiaryAgeBand>)]
    pub age_band: Option<String>,
    pub commune: Option<String>,
    #[schema(value_type = Option<Situation>)]
    pub situation: Option<String>,
    /// Whether an anonymous record of the person's results may go to the observatory.
    pub observatory_consent: bool,
    /// When the person agreed to what is kept (ms since the epoch).
    pub consent_at: i64,
    pub created_at: i64,
}

impl From<beneficiaries::Beneficiary> for BeneficiaryBody {
    fn from(b: beneficiaries::Beneficiary) -> Self {
        BeneficiaryBody {
            id: b.id,
            pseudonym: b.pseudonym,
            age_band: b.age_band,
            commune: b.commune,
            situation: b.situation,
            observatory_consent: b.observatory_consent,
            consent_at: b.consent_at,
            created_at: b.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBeneficiaryRequest {
    /// A pseudonym or first name chosen with the person (1 to 40 characters, spaces around
    /// it trimmed).
    #[schema(min_length = 1, max_length = 40)]
    pub pseudonym: String,
    #[serde(default)]
    #[schema(value_type = Option<BeneficiaryAgeBand>)]
    pub age_band: Option<String>,
    /// INSEE code of the commune.
    #[serde(default)]
    #[schema(pattern = "^([013-9][0-9]|2[AB1-9])[0-9]{3}$")]
    pub commune: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<Situation>)]
    pub situation: Option<String>,
    /// The person agrees that an anonymous record of their results goes to the observatory.
    #[serde(default)]
    pub observatory_consent: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BeneficiariesBody {
    pub beneficiaries: Vec<BeneficiaryBody>,
}

#[utoipa::path(get, path = "/api/v1/beneficiaries", operation_id = "list_beneficiaries",
    tag = "mediation", security(("staff_session" = [])),
    responses(
        (status = 200, body = BeneficiariesBody, description = "The beneficiaries of the caller's structure, newest first."),
        (status = 401, body = ErrorBody, description = "Not signed in, or the session ended."),
        (status = 403, body = ErrorBody, description = "An admin must set up the second factor first."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(crate) async fn list(
    State(state): State<AppState>,
    Staff(who): Staff,
) -> Result<Json<BeneficiariesBody>, ApiError> {
    let list = beneficiaries::list(&state, &who).await?;
    Ok(Json(BeneficiariesBody {
        beneficiaries: list.into_iter().map(Into::into).collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/beneficiaries", operation_id = "create_beneficiary",
    tag = "mediation", security(("staff_session" = [])), request_body = NewBeneficiaryRequest,
    responses(
        (status = 201, body = BeneficiaryBody, description = "Created in the caller's structure; the person's consent is recorded now."),
        (status = 400, body = ErrorBody, description = "Malformed body."),
        (status = 401, body = ErrorBody, description = "Not signed in, or the session ended."),
        (status = 403, body = ErrorBody, description = "A cross-site request, or an admin without a second factor."),
        (status = 413, body = ErrorBody, description = "Body over 16 KiB."),
        (status = 422, body = ErrorBody, description = "A field breaks its rule (empty or long pseudonym, unknown band, situation or commune code)."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(crate) async fn create(
    State(state): State<AppState>,
    Staff(who): Staff,
    ApiJson(req): ApiJson<NewBeneficiaryRequest>,
) -> Result<(StatusCode, Json<BeneficiaryBody>), ApiError> {
    let b = beneficiaries::create(
        &state,
        &who,
        beneficiaries::NewBeneficiary {
            pseudonym: req.pseudonym,
            age_band: req.age_band,
            commune: req.commune,
            situation: req.situation,
            observatory_consent: req.observatory_consent,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(b.into())))
}

#[utoipa::path(get, path = "/api/v1/beneficiaries/{id}", operation_id = "get_beneficiary",
    tag = "mediation", security(("staff_session" = [])),
    params(("id" = String, Path, description = "Beneficiary id.")),
    responses(
        (status = 200, body = BeneficiaryBody, description = "The beneficiary."),
        (status = 401, body = ErrorBody, description = "Not signed in, or the session ended."),
        (status = 403, body = ErrorBody, description = "An admin must set up the second factor first."),
        (status = 404, body = ErrorBody, description = "No such beneficiary in the caller's structure."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(crate) async fn one(
    State(state): State<AppState>,
    Staff(who): Staff,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<BeneficiaryBody>, ApiError> {
    Ok(Json(beneficiaries::get(&state, &who, &id).await?.into()))
}

#[utoipa::path(delete, path = "/api/v1/beneficiaries/{id}", operation_id = "delete_beneficiary",
    tag = "mediation", security(("staff_session" = [])),
    params(("id" = String, Path, description = "Beneficiary id.")),
    responses(
        (status = 204, description = "Deleted with everything attached (anonymous observatory records are not linked and stay)."),
        (status = 401, body = ErrorBody, description = "Not signed in, or the session ended."),
        (status = 403, body = ErrorBody, description = "A cross-site request, or an admin without a second factor."),
        (status = 404, body = ErrorBody, description = "No such beneficiary in the caller's structure."),
        (status = 500, body = ErrorBody, description = "Internal error; the message quotes a request id."),
    ))]
pub(crate) async fn delete(
    State(state): State<AppState>,
    Staff(who): Staff,
    UrlPath(id): UrlPath<String>,
) -> Result<StatusCode, ApiError> {
    beneficiaries::delete(&state, &who, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
