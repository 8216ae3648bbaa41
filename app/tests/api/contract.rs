//! The OpenAPI document is exact: what it allows, the server accepts; what it forbids, the
//! server refuses with a clear 4xx, storing nothing. `make contract` fuzzes the whole document
//! with schemathesis; these tests pin the rules that run relies on, on SQLite and PostgreSQL.

use app::domain::{AGE_BANDS, DEPARTEMENT_PATTERN};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Started, TestApp, assert_json_error, spawn_app};

async fn document(app: &TestApp) -> Value {
    let res = app
        .api
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

/// The schema a `$ref` points to (or the schema itself).
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => doc
            .pointer(r.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling {r}")),
        None => schema,
    }
}

fn component<'a>(doc: &'a Value, name: &str) -> &'a Value {
    &doc["components"]["schemas"][name]
}

/// Every operation: (method, path template, operation object).
fn operations(doc: &Value) -> Vec<(Method, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            out.push((method, path.clone(), operation));
        }
    }
    out
}

/// The value a link's runtime expression (`$response.body#/…`) takes in `body`.
fn from_body<'a>(expression: &str, body: &'a Value) -> &'a Value {
    let pointer = expression
        .strip_prefix("$response.body#")
        .unwrap_or_else(|| panic!("not a response body expression: {expression}"));
    body.pointer(pointer)
        .unwrap_or_else(|| panic!("{expression} finds nothing in {body}"))
}

#[tokio::test]
async fn the_document_states_the_enums_the_patterns_and_who_may_call_what() {
    let app = spawn_app().await;
    let doc = document(&app).await;

    let start = resolve(&doc, &component(&doc, "StartRequest")["properties"]["path"]);
    assert_eq!(start["enum"], json!(["citizen", "beginner"]));
    assert_eq!(
        component(&doc, "DepartementCode")["pattern"],
        DEPARTEMENT_PATTERN
    );
    assert_eq!(component(&doc, "AgeBand")["enum"], json!(AGE_BANDS));
    let consent = component(&doc, "ConsentRequest");
    assert_eq!(consent["additionalProperties"], false);
    assert!(
        consent.get("required").is_none(),
        "both fields are optional"
    );

    let bearer = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(
        (&bearer["type"], &bearer["scheme"]),
        (&json!("http"), &json!("bearer"))
    );
    let mut ids = Vec::new();
    for (method, path, operation) in operations(&doc) {
        let id = operation["operationId"].as_str().unwrap().to_owned();
        // An assessment opens with its bearer token; the mediators' data with a staff session.
        let bearer = path.starts_with("/api/v1/assessments/{id}");
        let staff = path.starts_with("/api/v1/beneficiaries");
        if bearer {
            assert_eq!(operation["security"], json!([{"bearer": []}]), "{id}");
            let param = &operation["parameters"][0];
            assert_eq!(param["name"], "id");
            assert_eq!(param["schema"]["pattern"], "^[0-9a-f]{32}$", "{id}");
        } else if staff {
            assert_eq!(
                operation["security"],
                json!([{"staff_session": []}]),
                "{id}"
            );
        } else {
            assert!(operation.get("security").is_none(), "{id} is open");
        }
        let responses = operation["responses"].as_object().unwrap();
        let mut expected: Vec<&str> = vec!["500"];
        if bearer || (staff && path.contains("{id}")) {
            expected.extend(["401", "404"]);
        }
        if staff {
            expected.extend(["401", "403"]);
        }
        if method == Method::POST {
            expected.extend(["400", "403", "413"]);
        }
        for status in expected {
            assert!(
                responses.contains_key(status),
                "{id} does not document {status}"
            );
        }
        for (status, response) in responses {
            let content = &response["content"]["application/json"]["schema"];
            if status == "204" {
                assert!(response.get("content").is_none(), "{id}: 204 has no body");
            } else if status.starts_with('2') {
                assert!(content.is_object(), "{id}: {status} has a schema");
            } else {
                assert_eq!(
                    content["$ref"], "#/components/schemas/ErrorBody",
                    "{id}: {status}"
                );
            }
            assert!(
                !response["description"].as_str().unwrap().is_empty(),
                "{id}: {status} is described"
            );
        }
        ids.push(id);
    }
    ids.sort();
    assert_eq!(
        ids,
        [
            "accept_invitation",
            "answer_item",
            "create_beneficiary",
            "current_item",
            "delete_assessment",
            "delete_beneficiary",
            "get_beneficiary",
            "get_observatory_table",
            "get_result",
            "give_consent",
            "list_beneficiaries",
            "list_diagnostics",
            "list_observatory_tables",
            "list_places",
            "sign_in",
            "sign_out",
            "start_assessment",
            "start_diagnostic"
        ]
    );
    let error = component(&doc, "ErrorBody");
    assert_eq!(error["required"], json!(["error"]));
}

#[tokio::test]
async fn the_links_lead_from_a_start_to_its_item_and_on_to_the_answers() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let ids: Vec<String> = operations(&doc)
        .iter()
        .map(|(_, _, op)| op["operationId"].as_str().unwrap().to_owned())
        .collect();
    let link = |path: &str, method: &str, status: &str, name: &str| -> Value {
        doc["paths"][path][method]["responses"][status]["links"][name].clone()
    };
    for (_, _, operation) in operations(&doc) {
        for response in operation["responses"].as_object().unwrap().values() {
            for (name, l) in response["links"].as_object().into_iter().flatten() {
                let target = l["operationId"].as_str().unwrap_or_else(|| {
                    panic!("link {name} names its operation as `operationId`: {l}")
                });
                assert!(ids.iter().any(|id| id == target), "{name} → {target}");
            }
        }
    }

    // Follow them as a client would: start → current item → answer.
    let to_current = link("/api/v1/assessments", "post", "201", "current_item");
    assert_eq!(to_current["operationId"], "current_item");
    let to_answer = link(
        "/api/v1/assessments/{id}/current",
        "get",
        "200",
        "answer_item",
    );
    assert_eq!(to_answer["operationId"], "answer_item");
    assert_eq!(to_answer["parameters"]["path.id"], "$request.path.id");

    let res = app.post_start(&json!({"path": "citizen"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let started: Value = res.json().await.unwrap();
    let s = Started {
        id: from_body(
            to_current["parameters"]["path.id"].as_str().unwrap(),
            &started,
        )
        .as_str()
        .unwrap()
        .to_owned(),
        token: started["token"].as_str().unwrap().to_owned(),
    };
    let current: Value = app.current(&s).await.json().await.unwrap();
    let item_id = from_body(
        to_answer["requestBody"]["item_id"].as_str().unwrap(),
        &current,
    );
    let res = app
        .answer(&s, item_id.as_str().unwrap(), json!({"skip": true}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.stored_answers(&s.id).await, 1);
}

/// The smallest value the schema allows (required properties only).
fn minimal(doc: &Value, schema: &Value) -> Value {
    let schema = resolve(doc, schema);
    if let Some(values) = schema["enum"].as_array() {
        return values[0].clone();
    }
    match schema["type"].as_str() {
        Some("object") => {
            let mut object = serde_json::Map::new();
            for name in schema["required"].as_array().into_iter().flatten() {
                let name = name.as_str().unwrap();
                object.insert(name.into(), minimal(doc, &schema["properties"][name]));
            }
            if schema["additionalProperties"].is_object() {
                let value = minimal(doc, &schema["additionalProperties"]);
                object.insert("key".into(), value);
            }
            Value::Object(object)
        }
        Some("array") => json!([minimal(doc, &schema["items"])]),
        Some("string") => json!("a"),
        Some("number") => json!(1.5),
        other => panic!("no minimal value for {other:?} in {schema}"),
    }
}

#[tokio::test]
async fn every_documented_response_shape_is_one_the_server_reads_and_no_other() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let shapes = component(&doc, "AnswerResponse")["oneOf"]
        .as_array()
        .unwrap();
    let mut keys = Vec::new();
    for shape in shapes {
        let value = minimal(&doc, shape);
        let parsed = serde_json::from_value::<tremplin_bank::Response>(value.clone());
        let parsed = parsed.unwrap_or_else(|e| panic!("{value} is documented but refused: {e}"));
        keys.push(parsed.variant());
        assert_eq!(shape["additionalProperties"], false);
        let mut two = value.as_object().unwrap().clone();
        two.insert("skip".into(), json!(true));
        if keys.last() != Some(&"skip") {
            assert!(serde_json::from_value::<tremplin_bank::Response>(Value::Object(two)).is_err());
        }
    }
    keys.sort();
    assert_eq!(
        keys,
        ["choices", "order", "pairs", "point", "skip", "task", "text"]
    );
    let skip = &shapes.iter().find(|s| s["title"] == "skip").unwrap()["properties"]["skip"];
    assert_eq!(skip["enum"], json!([true]), "only `true`");

    // Every property of a task outcome, the points of the simulated screen included, is one
    // the server reads.
    let task = resolve(
        &doc,
        &shapes.iter().find(|s| s["title"] == "task").unwrap()["properties"]["task"],
    );
    let mut documented: Vec<&str> = task["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    documented.sort();
    assert_eq!(
        documented,
        [
            "action",
            "at",
            "direction",
            "from",
            "source",
            "target",
            "text",
            "to"
        ]
    );
    let point = json!({"x": 1.5, "y": 2.0});
    for (name, value) in [
        ("at", point.clone()),
        ("from", point.clone()),
        ("to", point.clone()),
    ] {
        assert_eq!(task["properties"][name]["additionalProperties"], false);
        let outcome = json!({"task": {"action": "click", name: value}});
        assert!(
            serde_json::from_value::<tremplin_bank::Response>(outcome.clone()).is_ok(),
            "{outcome}"
        );
    }
}

#[tokio::test]
async fn a_departement_or_age_band_outside_the_document_is_400_and_stores_nothing() {
    let app = spawn_app().await;
    let s = app.start().await;
    app.skip_to_the_end(&s).await;
    let pattern = regex::Regex::new(DEPARTEMENT_PATTERN).unwrap();
    let consent = |body: Value| {
        app.api
            .post(app.url(&format!("/api/v1/assessments/{}/consent", s.id)))
            .bearer_auth(&s.token)
            .json(&body)
            .send()
    };
    for code in [
        "20", "", " 75", "75 ", "2a", "2C", "975", "977", "970", "96", "00", "1",
    ] {
        assert!(!pattern.is_match(code), "{code:?} is outside the pattern");
        let res = consent(json!({ "departement": code })).await.unwrap();
        assert_json_error(res, StatusCode::BAD_REQUEST).await;
    }
    for band in ["", "35-45", " 35-44", "75 +", "Moins de 16"] {
        assert!(!AGE_BANDS.contains(&band));
        let res = consent(json!({ "age_band": band })).await.unwrap();
        assert_json_error(res, StatusCode::BAD_REQUEST).await;
    }
    let res = consent(json!({"departement": "75", "region": "IDF"}))
        .await
        .unwrap();
    assert_json_error(res, StatusCode::BAD_REQUEST).await;
    let records = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT (SELECT COUNT(*) FROM observatory_records) + (SELECT COUNT(*) FROM observatory_inbox)")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        n
    };
    assert_eq!(records().await, 0);

    // `null` is "not given", as is an absent field.
    let res = consent(json!({"departement": null, "age_band": "moins de 16"}))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(records().await, 1);
}

#[tokio::test]
async fn without_authorization_every_protected_operation_is_401_even_with_a_malformed_body() {
    let app = spawn_app().await;
    let s = app.start().await;
    let doc = document(&app).await;
    let mut protected = 0;
    for (method, path, operation) in operations(&doc) {
        if operation.get("security").is_none() {
            continue;
        }
        protected += 1;
        let url = app.url(&path.replace("{id}", &s.id));
        for authorization in [None, Some("Basic dXNlcjpwYXNz"), Some("Bearer")] {
            let mut req = app
                .api
                .request(method.clone(), &url)
                .header("content-type", "application/json")
                .body("{\"item_id\": ");
            if let Some(value) = authorization {
                req = req.header("authorization", value);
            }
            let res = req.send().await.unwrap();
            assert_eq!(
                res.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {path} with {authorization:?}"
            );
            assert_json_error(res, StatusCode::UNAUTHORIZED).await;
        }
    }
    // 5 operations of an assessment, 6 on the mediators' beneficiaries and their diagnostics.
    assert_eq!(protected, 11);
    assert_eq!(app.stored_answers(&s.id).await, 0);
}

#[tokio::test]
async fn the_places_query_is_described_as_exactly_as_the_server_checks_it() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let op = &doc["paths"]["/api/v1/places"]["get"];
    let param = |name: &str| {
        op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} is documented"))
    };
    assert_eq!(param("departement")["required"], true);
    let departement = param("departement");
    assert_eq!(
        resolve(&doc, &departement["schema"])["pattern"],
        DEPARTEMENT_PATTERN
    );
    let service = param("service");
    let services = resolve(&doc, &service["schema"]);
    let services = services["enum"].as_array().cloned().unwrap_or_else(|| {
        // An optional enum is written as oneOf [null, {$ref}].
        let one_of = services["oneOf"].as_array().unwrap();
        let r = one_of.iter().find(|s| s.get("$ref").is_some()).unwrap();
        resolve(&doc, r)["enum"].as_array().unwrap().clone()
    });
    assert_eq!(services.len(), app::domain::PlaceService::ALL.len());
    for s in app::domain::PlaceService::ALL {
        assert!(services.contains(&json!(s.code())), "{}", s.code());
    }
    assert_eq!(param("besoin")["required"], false);
}
