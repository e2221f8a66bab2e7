//! Wire tests of InvokeActStep: `PUT /workflow-definitions/{workflowDefinitionName}/workflow-runs/{workflowRunId}/sessions/{sessionId}/acts/{actId}/invoke-step/`,
//! success code 200.

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, SdkError};
use nova_act_sdk::operation::invoke_act_step::{InvokeActStepError, InvokeActStepOutput};
use nova_act_sdk::types::{CallResult, CallResultContent};
use nova_act_sdk::Client;
use serde_json::json;

const RUN: &str = "11111111-2222-4333-8444-555555555555";
const SESSION: &str = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const ACT: &str = "99999999-8888-4777-8666-555555555555";
const STEP: &str = "12345678-90ab-4cde-8f01-234567890abc";

const FULL: &str = r#"{
    "calls": [
        {"callId": "call-1", "input": {"url": "https://example.com", "waitMs": 250}, "name": "browser.goto"},
        {"callId": "call-2", "input": ["a", 1, null, {"deep": [true]}], "name": "tool.lookup_price"},
        {"callId": "call-3", "input": "just text", "name": "tool.echo"}
    ],
    "stepId": "12345678-90ab-4cde-8f01-234567890abc"
}"#;

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
                .content(CallResultContent::Text("ok".into()))
                .build()
                .unwrap(),
        )
        .send()
        .await
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
        .call_results(
            CallResult::builder()
                .call_id("call-1")
                .content(CallResultContent::Text("page loaded".into()))
                .content(CallResultContent::Text("title: Example".into()))
                .build()
                .unwrap(),
        )
        .call_results(
            CallResult::builder()
                .call_id("call-2")
                .content(CallResultContent::Text("{\"price\": 42}".into()))
                .build()
                .unwrap(),
        )
        .previous_step_id(STEP)
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
                {"callId": "call-1", "content": [{"text": "page loaded"}, {"text": "title: Example"}]},
                {"callId": "call-2", "content": [{"text": "{\"price\": 42}"}]}
            ],
            "previousStepId": STEP
        })
    );
}

#[tokio::test]
async fn request_with_only_required_members() {
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
        json!({"callResults": [{"content": [{"text": "ok"}]}]})
    );
}

#[tokio::test]
async fn success_response_with_every_member() {
    let (client, _http) = client(vec![json_response(200, FULL)]);
    let out = send(&client).await.unwrap();
    assert_eq!(out.step_id(), STEP);
    let calls = out.calls();
    assert_eq!(calls.len(), 3);
    assert_eq!(calls[0].call_id(), "call-1");
    assert_eq!(calls[0].name(), "browser.goto");
    assert_eq!(
        calls[0].input(),
        &json!({"url": "https://example.com", "waitMs": 250})
    );
    assert_eq!(calls[1].call_id(), "call-2");
    assert_eq!(calls[1].name(), "tool.lookup_price");
    assert_eq!(calls[1].input(), &json!(["a", 1, null, {"deep": [true]}]));
    assert_eq!(calls[2].input(), &json!("just text"));
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
