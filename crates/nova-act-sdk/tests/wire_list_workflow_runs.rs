//! Wire tests of ListWorkflowRuns: `POST /workflow-definitions/{workflowDefinitionName}/workflow-runs`,
//! success code 200; `maxResults` and `nextToken` are query parameters, `sortOrder` is the
//! only body member. (Pagination across pages is in `behaviour.rs`.)

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, SdkError};
use nova_act_sdk::operation::list_workflow_runs::{ListWorkflowRunsError, ListWorkflowRunsOutput};
use nova_act_sdk::types::{SortOrder, TraceLocationType, WorkflowRunStatus};
use nova_act_sdk::Client;
use serde_json::json;

const FULL: &str = r#"{
    "workflowRunSummaries": [
        {
            "workflowRunArn": "arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout/workflow-run/11111111-2222-4333-8444-555555555555",
            "workflowRunId": "11111111-2222-4333-8444-555555555555",
            "status": "FAILED",
            "startedAt": "2025-08-22T10:11:12.345Z",
            "endedAt": "2025-08-22T10:15:30.123456Z",
            "traceLocation": {"locationType": "S3", "location": "s3://traces/run-1/"}
        },
        {
            "workflowRunArn": "arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout/workflow-run/22222222-2222-4333-8444-555555555555",
            "workflowRunId": "22222222-2222-4333-8444-555555555555",
            "status": "RUNNING",
            "startedAt": "2025-08-22T11:00:00Z"
        }
    ],
    "nextToken": "runs-page-2"
}"#;

async fn send(
    client: &Client,
) -> Result<ListWorkflowRunsOutput, SdkError<ListWorkflowRunsError, HttpResponse>> {
    client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .send()
        .await
}

#[tokio::test]
async fn request_with_every_member() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    client
        .list_workflow_runs()
        .workflow_definition_name("my wf")
        .max_results(50)
        .next_token("runs-page-2")
        .sort_order(SortOrder::Desc)
        .send()
        .await
        .unwrap();
    let req = only_request(&http);
    assert_eq!(req.method(), "POST");
    assert_eq!(
        req.uri(),
        "http://localhost/workflow-definitions/my%20wf/workflow-runs?maxResults=50&nextToken=runs-page-2"
    );
    assert_eq!(json_body_of(&req), json!({"sortOrder": "Descending"}));
}

#[tokio::test]
async fn request_with_only_required_members() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    send(&client).await.unwrap();
    let req = only_request(&http);
    assert_eq!(
        req.uri(),
        "http://localhost/workflow-definitions/checkout/workflow-runs"
    );
    assert_eq!(json_body_of(&req), json!({}));
}

#[tokio::test]
async fn success_response_with_every_member() {
    let (client, _http) = client(vec![json_response(200, FULL)]);
    let out = send(&client).await.unwrap();
    assert_eq!(out.next_token(), Some("runs-page-2"));
    let runs = out.workflow_run_summaries();
    assert_eq!(runs.len(), 2);

    assert_eq!(
        runs[0].workflow_run_arn(),
        "arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout/workflow-run/11111111-2222-4333-8444-555555555555"
    );
    assert_eq!(
        runs[0].workflow_run_id(),
        "11111111-2222-4333-8444-555555555555"
    );
    assert_eq!(runs[0].status(), &WorkflowRunStatus::Failed);
    assert_is_ts_345(runs[0].started_at());
    let ended = runs[0].ended_at().expect("endedAt");
    assert_eq!(ended.secs(), 1_755_857_730);
    assert_eq!(ended.subsec_nanos(), 123_456_000);
    let trace = runs[0].trace_location().expect("traceLocation");
    assert_eq!(trace.location_type(), &TraceLocationType::S3);
    assert_eq!(trace.location(), "s3://traces/run-1/");

    assert_eq!(
        runs[1].workflow_run_id(),
        "22222222-2222-4333-8444-555555555555"
    );
    assert_eq!(runs[1].status(), &WorkflowRunStatus::Running);
    assert_eq!(runs[1].started_at(), &ts("2025-08-22T11:00:00Z"));
    assert!(runs[1].ended_at().is_none());
    assert!(runs[1].trace_location().is_none());
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
        ListWorkflowRunsError::AccessDeniedException(e) => check_access_denied(&e),
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
        ListWorkflowRunsError::ConflictException(e) => check_conflict(&e),
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
        ListWorkflowRunsError::ThrottlingException(e) => check_throttling(&e),
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
        ListWorkflowRunsError::ResourceNotFoundException(e) => check_not_found(&e),
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
        ListWorkflowRunsError::InternalServerException(e) => check_internal_error(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn validation_exception() {
    let (client, http) = client(vec![validation(Form::BodyType)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_validation_exception(), "{err:?}");
    check_meta(
        &err,
        "ValidationException",
        "1 validation error detected",
        "req-validation",
    );
    match err {
        ListWorkflowRunsError::ValidationException(e) => check_validation(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn unmodeled_error_is_kept_as_unhandled() {
    let (client, http) = client(vec![unmodeled()]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(
        matches!(err, ListWorkflowRunsError::Unhandled(_)),
        "{err:?}"
    );
    assert!(!err.is_access_denied_exception());
    check_meta(&err, "SomethingNew", "a brand new kind of error", "req-new");
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn query_values_are_percent_encoded() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .next_token("a&b=c d/ü")
        .send()
        .await
        .unwrap();
    assert_eq!(
        only_request(&http).uri(),
        "http://localhost/workflow-definitions/checkout/workflow-runs?nextToken=a%26b%3Dc%20d%2F%C3%BC"
    );
}
