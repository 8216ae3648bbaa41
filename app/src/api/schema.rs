//! OpenAPI schemas the derive cannot state exactly, as marker types for
//! `#[schema(value_type = …)]`: the shapes of a response to an item (the bank's `Response`
//! knows nothing of OpenAPI), a département code, an age band, and the constant `true`.
//! The département pattern and the age bands come from the constants the service checks
//! against; the response shapes are written out here, and `app/tests/api/contract.rs` checks
//! that each one parses as a `Response` and that no other does.

use std::borrow::Cow;

use utoipa::openapi::{
    RefOr, Schema,
    schema::{AdditionalProperties, ArrayBuilder, ObjectBuilder, OneOfBuilder, SchemaType, Type},
};
use utoipa::{PartialSchema, ToSchema};

use crate::domain::{AGE_BANDS, DEPARTEMENT_PATTERN};

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn nullable_string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Null]))
}

fn strings(description: &str) -> ArrayBuilder {
    ArrayBuilder::new()
        .items(string())
        .description(Some(description))
}

/// An object with exactly the listed properties, all required unless `optional`.
fn closed_object(
    properties: Vec<(&str, RefOr<Schema>)>,
    optional: &[&str],
    description: &str,
) -> ObjectBuilder {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
        .description(Some(description));
    for (name, schema) in properties {
        object = object.property(name, schema);
        if !optional.contains(&name) {
            object = object.required(name);
        }
    }
    object
}

/// One way to respond: `{"<key>": <value>}`, nothing else.
fn shape(key: &str, value: impl Into<RefOr<Schema>>, description: &str) -> RefOr<Schema> {
    closed_object(vec![(key, value.into())], &[], description)
        .title(Some(key))
        .into()
}

/// The candidate's response to an item (`tremplin_bank::Response`): exactly one of its shapes.
pub struct AnswerResponse;

impl ToSchema for AnswerResponse {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("AnswerResponse")
    }
}

impl PartialSchema for AnswerResponse {
    fn schema() -> RefOr<Schema> {
        let coordinates = || {
            vec![
                ("x", ObjectBuilder::new().schema_type(Type::Number).into()),
                ("y", ObjectBuilder::new().schema_type(Type::Number).into()),
            ]
        };
        let point = closed_object(
            coordinates(),
            &[],
            "A point on the picture, in its own coordinates.",
        );
        let gesture_point = |description: &str| {
            closed_object(coordinates(), &[], description)
                .schema_type(SchemaType::from_iter([Type::Object, Type::Null]))
                .into()
        };
        let task = closed_object(
            vec![
                (
                    "action",
                    string()
                        .description(Some(
                            "The gesture performed, in the spelling of `TaskAction` \
                             (`click`, `double_click`, …). Another gesture than the one \
                             asked for is a wrong answer, not a malformed one.",
                        ))
                        .into(),
                ),
                (
                    "source",
                    nullable_string()
                        .description(Some("Dragged element (drag)."))
                        .into(),
                ),
                (
                    "target",
                    nullable_string()
                        .description(Some("Target acted on."))
                        .into(),
                ),
                (
                    "direction",
                    nullable_string()
                        .description(Some("Swipe direction: left, right, up, down."))
                        .into(),
                ),
                (
                    "text",
                    nullable_string()
                        .description(Some("Typed text (type_text)."))
                        .into(),
                ),
                (
                    "at",
                    gesture_point(
                        "Where the person clicked, double-clicked, right-clicked or tapped \
                         (picture coordinates); the server finds the target hit.",
                    ),
                ),
                (
                    "from",
                    gesture_point("Where a drag or a swipe started (picture coordinates)."),
                ),
                (
                    "to",
                    gesture_point("Where a drag or a swipe ended (picture coordinates)."),
                ),
            ],
            &["source", "target", "direction", "text", "at", "from", "to"],
            "What the person did on the simulated screen, said by ids (`target`, `source`, \
             `direction`: keyboard, page without JavaScript) or by points (`at`; `from` with \
             `to`), never both. A point outside every target, or another gesture than the \
             one asked for, is a wrong answer; a non-finite coordinate, ids mixed with \
             points, `at` with `from`/`to`, or `from` without `to` is refused with 422.",
        );
        OneOfBuilder::new()
            .description(Some(
                "The response, in one of these shapes. Which one fits depends on the item \
                 served (`answer.kind`): choice → `choices`; text and fields → `text` (one \
                 string per field, in order); ordering → `order`; hotspot → `point`, or \
                 `choices` with one region id; matching → `pairs`; task → `task`. \
                 `{\"skip\": true}` (\"Je ne sais pas\", scored wrong) fits every item. \
                 A shape that does not fit the item, or an unknown id, is refused with 422.",
            ))
            .item(shape(
                "choices",
                strings("Ids of the ticked options, or of the chosen region."),
                "Choice and hotspot items.",
            ))
            .item(shape(
                "text",
                strings("One answer per field, in field order."),
                "Text and fields items.",
            ))
            .item(shape(
                "order",
                strings("Option ids in the candidate's order."),
                "Ordering items.",
            ))
            .item(shape("point", point, "Hotspot items."))
            .item(shape(
                "pairs",
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .additional_properties(Some(string()))
                    .description(Some("Left id → right id.")),
                "Matching items.",
            ))
            .item(shape("task", task, "Task items."))
            .item(shape(
                "skip",
                ObjectBuilder::new()
                    .schema_type(Type::Boolean)
                    .enum_values(Some([true])),
                "\"Je ne sais pas\": fits every item; only `true` is allowed.",
            ))
            .into()
    }
}

/// An INSEE département code.
pub struct DepartementCode;

impl ToSchema for DepartementCode {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("DepartementCode")
    }
}

impl PartialSchema for DepartementCode {
    fn schema() -> RefOr<Schema> {
        string()
            .pattern(Some(DEPARTEMENT_PATTERN))
            .description(Some(
                "INSEE code of a département (COG 2026): 01–19, 2A, 2B, 21–95, 971–974, 976.",
            ))
            .examples(["75", "2A", "971"])
            .into()
    }
}

/// One of the age bands offered with the consent.
pub struct AgeBand;

impl ToSchema for AgeBand {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("AgeBand")
    }
}

impl PartialSchema for AgeBand {
    fn schema() -> RefOr<Schema> {
        string()
            .enum_values(Some(AGE_BANDS))
            .description(Some("Age band (Eurostat bands, plus 75+ and under 16)."))
            .into()
    }
}

/// One of the fine age bands stored for a beneficiary.
pub struct BeneficiaryAgeBand;

impl ToSchema for BeneficiaryAgeBand {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("BeneficiaryAgeBand")
    }
}

impl PartialSchema for BeneficiaryAgeBand {
    fn schema() -> RefOr<Schema> {
        string()
            .enum_values(Some(crate::domain::mediation::AGE_BANDS))
            .description(Some(
                "Age band, fine enough to nest into La Coop de la médiation numérique's bands and \
                 into the observatory's (Eurostat) bands.",
            ))
            .into()
    }
}

/// A beneficiary's situation.
pub struct Situation;

impl ToSchema for Situation {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Situation")
    }
}

impl PartialSchema for Situation {
    fn schema() -> RefOr<Schema> {
        string()
            .enum_values(Some(
                crate::domain::mediation::SITUATIONS.map(|(code, _)| code),
            ))
            .description(Some(
                "Situation (La Coop de la médiation numérique's values).",
            ))
            .into()
    }
}

/// `true`, the only value of `done`.
pub struct AlwaysTrue;

impl ToSchema for AlwaysTrue {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("AlwaysTrue")
    }
}

impl PartialSchema for AlwaysTrue {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Boolean)
            .enum_values(Some([true]))
            .into()
    }
}
