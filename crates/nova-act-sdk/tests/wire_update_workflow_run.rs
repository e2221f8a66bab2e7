//! Wire tests of UpdateWorkflowRun: `PUT /workflow-definitions/{workflowDefinitionName}/workflow-runs/{workflowRunId}`,
//! success code 200 with an empty output.

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, RequestId, SdkError};
use nova_act_sdk::operation::update_workflow_run::{
    UpdateWorkflowRunError, UpdateWorkflowRunOutput,
};
use nova_act_sdk::types::WorkflowRunStatus;
use nova_act_sdk::Client;
use serde_json::json;

const RUN: &str = "11111111-2222-4333-8444-555555555555";

async fn send(
    client: &Client,
) -> Result<UpdateWorkflowRunOutput, SdkError<UpdateWorkflowRunError, HttpResponse>> {
    client
        .update_workflow_run()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .status(WorkflowRunStatus::Succeeded)
        .send()
        .await
}

#[tokio::test]
async fn request_with_every_member() {
    let (client, http) = client(vec![json_response(200, "{}")]);
    client
        .update_workflow_run()
        .workflow_definition_name("my wf")
        .workflow_run_id(RUN)
        .status(WorkflowRunStatus::Failed)
        .send()
        .await
        .unwrap();
    let req = only_request(&http);
    assert_eq!(req.method(), "PUT");
    assert_eq!(
        req.uri(),
        format!("http://localhost/workflow-definitions/my%20wf/workflow-runs/{RUN}")
    );
    assert_eq!(json_body_of(&req), json!({"status": "FAILED"}));
}

#[tokio::test]
async fn every_status_value_on_the_wire() {
    for (status, wire) in [
        (WorkflowRunStatus::Running, "RUNNING"),
        (WorkflowRunStatus::Succeeded, "SUCCEEDED"),
        (WorkflowRunStatus::Failed, "FAILED"),
        (WorkflowRunStatus::TimedOut, "TIMED_OUT"),
        (WorkflowRunStatus::Deleting, "DELETING"),
    ] {
        let (client, http) = client(vec![json_response(200, "{}")]);
        client
            .update_workflow_run()
            .workflow_definition_name("checkout")
            .workflow_run_id(RUN)
            .status(status)
            .send()
            .await
            .unwrap();
        assert_eq!(json_body_of(&only_request(&http)), json!({"status": wire}));
    }
}

#[tokio::test]
async fn success_response_with_empty_object_or_empty_body() {
    let (client, _http) = client(vec![json_response(200, "{}")]);
    let out = send(&client).await.unwrap();
    // The output has no members; it differs from a built one only by its request id.
    assert_ne!(out, UpdateWorkflowRunOutput::builder().build());
    assert_eq!(out.request_id(), Some("req-ok-1"));

    let (empty_client, _http) = common::client(vec![response(200, &[], "")]);
    send(&empty_client).await.unwrap();
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
        UpdateWorkflowRunError::AccessDeniedException(e) => check_access_denied(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn conflict_exception() {
    let (client, http) = client(vec![conflict(Form::BodyType)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_conflict_exception(), "{err:?}");
    check_meta(
        &err,
        "ConflictException",
        "The resource is being modified",
        "req-conflict",
    );
    match err {
        UpdateWorkflowRunError::ConflictException(e) => check_conflict(&e),
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
        UpdateWorkflowRunError::ResourceNotFoundException(e) => check_not_found(&e),
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
        UpdateWorkflowRunError::ThrottlingException(e) => check_throttling(&e),
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
        UpdateWorkflowRunError::InternalServerException(e) => check_internal_error(&e),
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
        UpdateWorkflowRunError::ValidationException(e) => check_validation(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn unmodeled_error_is_kept_as_unhandled() {
    let (client, http) = client(vec![unmodeled()]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(
        matches!(err, UpdateWorkflowRunError::Unhandled(_)),
        "{err:?}"
    );
    assert!(!err.is_access_denied_exception());
    check_meta(&err, "SomethingNew", "a brand new kind of error", "req-new");
    assert_eq!(requests(&http).len(), 1);
}
