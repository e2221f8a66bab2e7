//! Wire tests of GetWorkflowRun: `GET /workflow-definitions/{workflowDefinitionName}/workflow-runs/{workflowRunId}`,
//! success code 200, no request body.

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, SdkError};
use nova_act_sdk::operation::get_workflow_run::{GetWorkflowRunError, GetWorkflowRunOutput};
use nova_act_sdk::types::WorkflowRunStatus;
use nova_act_sdk::Client;

const RUN: &str = "11111111-2222-4333-8444-555555555555";

const FULL: &str = r#"{
    "workflowRunArn": "arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout/workflow-run/11111111-2222-4333-8444-555555555555",
    "workflowRunId": "11111111-2222-4333-8444-555555555555",
    "status": "SUCCEEDED",
    "startedAt": "2025-08-22T10:11:12.345Z",
    "endedAt": "2025-08-22T10:15:30.123456Z",
    "modelId": "nova-act-v1.0",
    "logGroupName": "/aws/nova-act/checkout"
}"#;

async fn send(
    client: &Client,
) -> Result<GetWorkflowRunOutput, SdkError<GetWorkflowRunError, HttpResponse>> {
    client
        .get_workflow_run()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .send()
        .await
}

#[tokio::test]
async fn request_with_every_member() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    client
        .get_workflow_run()
        .workflow_definition_name("my wf")
        .workflow_run_id(RUN)
        .send()
        .await
        .unwrap();
    let req = only_request(&http);
    assert_eq!(req.method(), "GET");
    assert_eq!(
        req.uri(),
        format!("http://localhost/workflow-definitions/my%20wf/workflow-runs/{RUN}")
    );
    assert_no_body(&req);
}

#[tokio::test]
async fn success_response_with_every_member() {
    let (client, _http) = client(vec![json_response(200, FULL)]);
    let out = send(&client).await.unwrap();
    assert_eq!(
        out.workflow_run_arn(),
        "arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout/workflow-run/11111111-2222-4333-8444-555555555555"
    );
    assert_eq!(out.workflow_run_id(), RUN);
    assert_eq!(out.status(), &WorkflowRunStatus::Succeeded);
    assert_is_ts_345(out.started_at());
    let ended = out.ended_at().expect("endedAt");
    assert_eq!(ended.secs(), 1_755_857_730);
    assert_eq!(ended.subsec_nanos(), 123_456_000);
    assert_eq!(out.model_id(), "nova-act-v1.0");
    assert_eq!(out.log_group_name(), Some("/aws/nova-act/checkout"));
}

#[tokio::test]
async fn success_response_without_optional_members() {
    let (client, _http) = client(vec![json_response(
        200,
        r#"{"workflowRunArn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout/workflow-run/11111111-2222-4333-8444-555555555555","workflowRunId":"11111111-2222-4333-8444-555555555555","status":"TIMED_OUT","startedAt":"2025-08-21T09:08:07.5Z","endedAt":null,"modelId":"nova-act-latest"}"#,
    )]);
    let out = send(&client).await.unwrap();
    assert_eq!(out.status(), &WorkflowRunStatus::TimedOut);
    assert_eq!(out.started_at().secs(), 1_755_767_287);
    assert_eq!(out.started_at().subsec_nanos(), 500_000_000);
    assert!(out.ended_at().is_none());
    assert_eq!(out.log_group_name(), None);
}

#[tokio::test]
async fn access_denied_exception() {
    let (client, http) = client(vec![access_denied(Form::Header)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_access_denied_exception(), "{err:?}");
    check_meta(
        &err,
        "AccessDeniedException",
        "User is not authorized to perform nova-act:Action",
        "req-ade",
    );
    match err {
        GetWorkflowRunError::AccessDeniedException(e) => check_access_denied(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn conflict_exception() {
    let (client, http) = client(vec![conflict(Form::Header)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_conflict_exception(), "{err:?}");
    check_meta(
        &err,
        "ConflictException",
        "The resource is being modified",
        "req-conflict",
    );
    match err {
        GetWorkflowRunError::ConflictException(e) => check_conflict(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn resource_not_found_exception() {
    let (client, http) = client(vec![not_found(Form::BodyType)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    check_meta(
        &err,
        "ResourceNotFoundException",
        "No such workflow definition",
        "req-rnf",
    );
    match err {
        GetWorkflowRunError::ResourceNotFoundException(e) => check_not_found(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn throttling_exception() {
    let (client, http) = client_no_retry(vec![throttling(Form::BodyType)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_throttling_exception(), "{err:?}");
    check_meta(&err, "ThrottlingException", "Rate exceeded", "req-throttle");
    match err {
        GetWorkflowRunError::ThrottlingException(e) => check_throttling(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn internal_server_exception() {
    let (client, http) = client_no_retry(vec![internal_error(Form::BodyCode)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_internal_server_exception(), "{err:?}");
    check_meta(
        &err,
        "InternalServerException",
        "Something broke",
        "req-ise",
    );
    match err {
        GetWorkflowRunError::InternalServerException(e) => check_internal_error(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn validation_exception() {
    let (client, http) = client(vec![validation(Form::BodyCode)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_validation_exception(), "{err:?}");
    check_meta(
        &err,
        "ValidationException",
        "1 validation error detected",
        "req-validation",
    );
    match err {
        GetWorkflowRunError::ValidationException(e) => check_validation(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn unmodeled_error_is_kept_as_unhandled() {
    let (client, http) = client(vec![unmodeled()]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(matches!(err, GetWorkflowRunError::Unhandled(_)), "{err:?}");
    assert!(!err.is_access_denied_exception());
    check_meta(&err, "SomethingNew", "a brand new kind of error", "req-new");
    assert_eq!(requests(&http).len(), 1);
}
