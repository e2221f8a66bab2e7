//! Wire tests of InvokeActStep: `PUT /workflow-definitions/{workflowDefinitionName}/workflow-runs/{workflowRunId}/sessions/{sessionId}/acts/{actId}/invoke-step/`,
//! success code 200.

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, SdkError};
use nova_act_sdk::operation::invoke_act_step::{InvokeActStepError, InvokeActStepOutput};
use nova_act_sdk::primitives::document_from_json;
use nova_act_sdk::types::{CallResult, CallResultContent};
use nova_act_sdk::Client;
use serde_json::json;

const RUN: &str = "11111111-2222-4333-8444-555555555555";
const SESSION: &str = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const ACT: &str = "99999999-8888-4777-8666-555555555555";
/// The step the service answers with in `FULL`.
const STEP: &str = "12345678-90ab-4cde-8f01-234567890abc";
/// The step the requests answer (their `previousStepId`, and the prefix of their call ids).
const PREVIOUS_STEP: &str = "0fedcba9-8765-4321-8fed-cba987654321";

/// A `takeObservation` result as the official client encodes it: `json.dumps` of the
/// observation object (Python's `", "`/`": "` separators, keys in the client's order), with the
/// screenshot data URL cut short.
const OBSERVATION: &str = r#"{"activeURL": "https://example.com/flights?from=SEA", "browserDimensions": {"scrollHeight": 2400, "scrollLeft": 0, "scrollTop": 0, "scrollWidth": 1600, "windowHeight": 813, "windowWidth": 1600}, "idToBboxMap": {}, "screenshotBase64": "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgH", "simplifiedDOM": "", "timestamp_ms": 1763683200125, "userAgent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Agent-NovaAct/0.9"}"#;

/// A step as the service sends it: bare call names, built-in browser actions with JSON arrays
/// of positional arguments (`<box>top,left,bottom,right</box>` targets), a user tool with an
/// object input, and the step ending with `waitForPageToSettle` and `takeObservation`. The
/// `think` call's plain string input is deliberately odd (the service sends arrays and
/// objects): it checks the client keeps any JSON document as received, whatever its shape.
const FULL: &str = r#"{
    "calls": [
        {"callId": "12345678-90ab-4cde-8f01-234567890abc.0", "input": ["<box>10,20,40,200</box>", {"clickType": "left"}], "name": "agentClick"},
        {"callId": "12345678-90ab-4cde-8f01-234567890abc.1", "input": {"route": "SEA-LIS", "maxPrice": 420.5, "passengers": 2, "carrier": null, "flexible": true, "stops": [0, 1]}, "name": "lookup_price"},
        {"callId": "12345678-90ab-4cde-8f01-234567890abc.2", "input": "just text", "name": "think"},
        {"callId": "12345678-90ab-4cde-8f01-234567890abc.3", "input": [], "name": "waitForPageToSettle"},
        {"callId": "12345678-90ab-4cde-8f01-234567890abc.4", "input": [], "name": "takeObservation"}
    ],
    "stepId": "12345678-90ab-4cde-8f01-234567890abc"
}"#;

/// Sends the first step of an act the way the official client does: the synthetic
/// `initiateAct` result and the first observation, without `previousStepId`.
async fn send(
    client: &Client,
) -> Result<InvokeActStepOutput, SdkError<InvokeActStepError, HttpResponse>> {
    client
        .invoke_act_step()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .act_id(ACT)
        .call_results(
            CallResult::builder()
                .call_id("initiateAct")
                .content(CallResultContent::Text("{}".into()))
                .build()
                .unwrap(),
        )
        .call_results(
            CallResult::builder()
                .call_id("takeObservation")
                .content(CallResultContent::Text(OBSERVATION.into()))
                .build()
                .unwrap(),
        )
        .send()
        .await
}

/// The result for call `index` of the previous step, with these text items.
fn later_result(index: usize, texts: &[&str]) -> CallResult {
    texts
        .iter()
        .fold(
            CallResult::builder().call_id(format!("{PREVIOUS_STEP}.{index}")),
            |builder, text| builder.content(CallResultContent::Text((*text).to_owned())),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn request_with_every_member() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    client
        .invoke_act_step()
        .workflow_definition_name("my wf")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .act_id(ACT)
        .call_results(later_result(0, &["null"]))
        // The API allows up to 100 content items per result (the official client sends
        // one): the second item checks they are all sent, in order.
        .call_results(later_result(1, &["{\"price\": 42}", "\"EUR\""]))
        .call_results(later_result(
            2,
            &["AgentRedirectError: Pick a value between 1 and 9"],
        ))
        .call_results(later_result(3, &["null"]))
        .call_results(later_result(4, &[OBSERVATION]))
        .previous_step_id(PREVIOUS_STEP)
        .send()
        .await
        .unwrap();

    let req = only_request(&http);
    assert_eq!(req.method(), "PUT");
    assert_eq!(
        req.uri(),
        format!(
            "http://localhost/workflow-definitions/my%20wf/workflow-runs/{RUN}/sessions/{SESSION}/acts/{ACT}/invoke-step/"
        )
    );
    assert_eq!(
        json_body_of(&req),
        json!({
            "callResults": [
                {"callId": format!("{PREVIOUS_STEP}.0"), "content": [{"text": "null"}]},
                {"callId": format!("{PREVIOUS_STEP}.1"), "content": [{"text": "{\"price\": 42}"}, {"text": "\"EUR\""}]},
                {"callId": format!("{PREVIOUS_STEP}.2"), "content": [{"text": "AgentRedirectError: Pick a value between 1 and 9"}]},
                {"callId": format!("{PREVIOUS_STEP}.3"), "content": [{"text": "null"}]},
                {"callId": format!("{PREVIOUS_STEP}.4"), "content": [{"text": OBSERVATION}]}
            ],
            "previousStepId": PREVIOUS_STEP
        })
    );
}

#[tokio::test]
async fn request_for_the_first_step() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    send(&client).await.unwrap();
    let req = only_request(&http);
    assert_eq!(
        req.uri(),
        format!(
            "http://localhost/workflow-definitions/checkout/workflow-runs/{RUN}/sessions/{SESSION}/acts/{ACT}/invoke-step/"
        )
    );
    assert_eq!(
        json_body_of(&req),
        json!({
            "callResults": [
                {"callId": "initiateAct", "content": [{"text": "{}"}]},
                {"callId": "takeObservation", "content": [{"text": OBSERVATION}]}
            ]
        })
    );
}

#[tokio::test]
async fn request_with_only_required_members() {
    // The official client always names its results; this checks that the optional members
    // (`callId`, `previousStepId`) are left out of the body when unset.
    let (client, http) = client(vec![json_response(200, FULL)]);
    client
        .invoke_act_step()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .act_id(ACT)
        .call_results(
            CallResult::builder()
                .content(CallResultContent::Text("{}".into()))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let req = only_request(&http);
    assert_eq!(
        req.uri(),
        format!(
            "http://localhost/workflow-definitions/checkout/workflow-runs/{RUN}/sessions/{SESSION}/acts/{ACT}/invoke-step/"
        )
    );
    assert_eq!(
        json_body_of(&req),
        json!({"callResults": [{"content": [{"text": "{}"}]}]})
    );
}

#[tokio::test]
async fn success_response_with_every_member() {
    let (client, _http) = client(vec![json_response(200, FULL)]);
    let out = send(&client).await.unwrap();
    assert_eq!(out.step_id(), STEP);
    let calls = out.calls();
    assert_eq!(calls.len(), 5);
    assert_eq!(calls[0].call_id(), format!("{STEP}.0"));
    assert_eq!(calls[0].name(), "agentClick");
    assert_eq!(
        calls[0].input(),
        &document_from_json(json!(["<box>10,20,40,200</box>", {"clickType": "left"}]))
    );
    assert_eq!(calls[1].call_id(), format!("{STEP}.1"));
    assert_eq!(calls[1].name(), "lookup_price");
    assert_eq!(
        calls[1].input(),
        &document_from_json(
            json!({"route": "SEA-LIS", "maxPrice": 420.5, "passengers": 2, "carrier": null, "flexible": true, "stops": [0, 1]})
        )
    );
    assert_eq!(calls[2].name(), "think");
    assert_eq!(calls[2].input(), &document_from_json(json!("just text")));
    assert_eq!(calls[3].name(), "waitForPageToSettle");
    assert_eq!(calls[3].input(), &document_from_json(json!([])));
    assert_eq!(calls[4].call_id(), format!("{STEP}.4"));
    assert_eq!(calls[4].name(), "takeObservation");
    assert_eq!(calls[4].input(), &document_from_json(json!([])));
}

#[tokio::test]
async fn success_response_with_no_calls() {
    let (client, _http) = client(vec![json_response(
        200,
        r#"{"calls":[],"stepId":"12345678-90ab-4cde-8f01-234567890abc"}"#,
    )]);
    let out = send(&client).await.unwrap();
    assert!(out.calls().is_empty());
    assert_eq!(out.step_id(), STEP);
}

#[tokio::test]
async fn service_quota_exceeded_exception() {
    let (client, http) = client(vec![quota_exceeded(Form::Header)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_service_quota_exceeded_exception(), "{err:?}");
    check_meta(
        &err,
        "ServiceQuotaExceededException",
        "Too many sessions",
        "req-quota",
    );
    match err {
        InvokeActStepError::ServiceQuotaExceededException(e) => check_quota_exceeded(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn access_denied_exception() {
    let (client, http) = client(vec![access_denied(Form::BodyType)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_access_denied_exception(), "{err:?}");
    check_meta(
        &err,
        "AccessDeniedException",
        "User is not authorized to perform nova-act:Action",
        "req-ade",
    );
    match err {
        InvokeActStepError::AccessDeniedException(e) => check_access_denied(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn conflict_exception() {
    let (client, http) = client(vec![conflict(Form::BodyCode)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_conflict_exception(), "{err:?}");
    check_meta(
        &err,
        "ConflictException",
        "The resource is being modified",
        "req-conflict",
    );
    match err {
        InvokeActStepError::ConflictException(e) => check_conflict(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn resource_not_found_exception() {
    let (client, http) = client(vec![not_found(Form::Header)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    check_meta(
        &err,
        "ResourceNotFoundException",
        "No such workflow definition",
        "req-rnf",
    );
    match err {
        InvokeActStepError::ResourceNotFoundException(e) => check_not_found(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn throttling_exception() {
    let (client, http) = client_no_retry(vec![throttling(Form::Header)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_throttling_exception(), "{err:?}");
    check_meta(&err, "ThrottlingException", "Rate exceeded", "req-throttle");
    match err {
        InvokeActStepError::ThrottlingException(e) => check_throttling(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn internal_server_exception() {
    let (client, http) = client_no_retry(vec![internal_error(Form::BodyType)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_internal_server_exception(), "{err:?}");
    check_meta(
        &err,
        "InternalServerException",
        "Something broke",
        "req-ise",
    );
    match err {
        InvokeActStepError::InternalServerException(e) => check_internal_error(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn validation_exception() {
    let (client, http) = client(vec![validation(Form::Header)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_validation_exception(), "{err:?}");
    check_meta(
        &err,
        "ValidationException",
        "1 validation error detected",
        "req-validation",
    );
    match err {
        InvokeActStepError::ValidationException(e) => check_validation(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn unmodeled_error_is_kept_as_unhandled() {
    let (client, http) = client(vec![unmodeled()]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(matches!(err, InvokeActStepError::Unhandled(_)), "{err:?}");
    assert!(!err.is_service_quota_exceeded_exception());
    check_meta(&err, "SomethingNew", "a brand new kind of error", "req-new");
    assert_eq!(requests(&http).len(), 1);
}
