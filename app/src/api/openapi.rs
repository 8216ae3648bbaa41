//! The OpenAPI 3.1 document of the REST API, generated from the handlers and types (utoipa).

use axum::Json;
use serde_json::json;
use utoipa::OpenApi;

use super::ErrorBody;
use super::assessment::{
    AnswerRequest, ConsentRequest, NextBody, PathName, StartRequest, StartResponse,
};
use super::schema::{AgeBand, AlwaysTrue, AnswerResponse, DepartementCode};
use crate::domain::{
    AnswerReview, AnswerWay, BeginnerResult, CompetenceLevel, DomainLevel, ItemDisplay, Labelled,
    Media, Orientation, Outcome, Place, PlaceService, Progress, ResultView, SkillOutcome,
    TaskAction, Zone,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tremplin API",
        version = "1",
        description = "Adaptive self-assessment of digital skills (CRCN). Errors are always `{\"error\": \"…\"}`."
    ),
    paths(
        super::assessment::start,
        super::assessment::current,
        super::assessment::answer,
        super::assessment::result,
        super::assessment::consent,
        super::assessment::delete,
        super::places::list,
        super::observatory::list,
        super::observatory::one,
        super::mediation::accounts::accept_invitation,
        super::mediation::accounts::sign_in,
        super::mediation::accounts::sign_out,
        super::mediation::beneficiaries::list,
        super::mediation::beneficiaries::create,
        super::mediation::beneficiaries::one,
        super::mediation::beneficiaries::delete,
        super::mediation::diagnostics::start_diagnostic,
        super::mediation::diagnostics::list_diagnostics
    ),
    components(schemas(
        PathName,
        StartRequest,
        StartResponse,
        AnswerRequest,
        AnswerResponse,
        ConsentRequest,
        DepartementCode,
        AgeBand,
        super::schema::BeneficiaryAgeBand,
        super::schema::Situation,
        AlwaysTrue,
        ErrorBody,
        NextBody,
        ItemDisplay,
        AnswerWay,
        Labelled,
        Media,
        Zone,
        TaskAction,
        Progress,
        ResultView,
        CompetenceLevel,
        DomainLevel,
        AnswerReview,
        super::places::PlacesBody,
        super::observatory::TablesBody,
        super::observatory::TableEntry,
        super::observatory::TableName,
        super::observatory::TableCell,
        super::observatory::ObservatoryTable,
        super::mediation::accounts::InvitationRequest,
        super::mediation::accounts::AccountBody,
        super::mediation::accounts::SignInRequest,
        super::mediation::accounts::SessionBody,
        super::mediation::beneficiaries::BeneficiaryBody,
        super::mediation::beneficiaries::NewBeneficiaryRequest,
        super::mediation::beneficiaries::BeneficiariesBody,
        super::mediation::diagnostics::DiagnosticMode,
        super::mediation::diagnostics::NewDiagnosticRequest,
        super::mediation::diagnostics::NewDiagnosticBody,
        super::mediation::diagnostics::DiagnosticBody,
        super::mediation::diagnostics::DiagnosticsBody,
        super::assessment::ResultBody,
        BeginnerResult,
        SkillOutcome,
        Outcome,
        Orientation,
        Place,
        PlaceService
    ))
)]
struct ApiDoc;

/// The OpenAPI document.
pub fn document() -> serde_json::Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_else(|_| json!({}));
    doc["components"]["securitySchemes"] = json!({ "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "The token returned with the assessment's id by `start_assessment`."
    }, "staff_session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "tremplin-staff",
        "description": "The staff session cookie set by `sign_in` (`__Host-tremplin-staff` behind https)."
    } });
    camel_case_links(&mut doc);
    doc
}

/// utoipa 5.5 writes a link's fields in snake case (`operation_id`, `request_body`); OpenAPI
/// names them `operationId`, `operationRef` and `requestBody`.
fn camel_case_links(doc: &mut serde_json::Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    let responses = paths
        .values_mut()
        .filter_map(|item| item.as_object_mut())
        .flat_map(|item| item.values_mut())
        .filter_map(|operation| operation.get_mut("responses"))
        .filter_map(|responses| responses.as_object_mut())
        .flat_map(|responses| responses.values_mut());
    for response in responses {
        let Some(links) = response
            .get_mut("links")
            .and_then(|links| links.as_object_mut())
        else {
            continue;
        };
        for link in links.values_mut().filter_map(|link| link.as_object_mut()) {
            for (snake, camel) in [
                ("operation_id", "operationId"),
                ("operation_ref", "operationRef"),
                ("request_body", "requestBody"),
            ] {
                if let Some(value) = link.remove(snake) {
                    link.insert(camel.to_owned(), value);
                }
            }
        }
    }
}

pub(super) async fn serve() -> Json<serde_json::Value> {
    Json(document())
}
