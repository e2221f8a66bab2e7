//! Wire tests of DeleteWorkflowDefinition: `DELETE /workflow-definitions/{workflowDefinitionName}`,
//! success code 202, no request body.

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, SdkError};
use nova_act_sdk::operation::delete_workflow_definition::{
    DeleteWorkflowDefinitionError, DeleteWorkflowDefinitionOutput,
};
use nova_act_sdk::types::WorkflowDefinitionStatus;
use nova_act_sdk::Client;

fn accepted() -> Resp {
    json_response(202, r#"{"status":"DELETING"}"#)
}

async fn send(
    client: &Client,
) -> Result<DeleteWorkflowDefinitionOutput, SdkError<DeleteWorkflowDefinitionError, HttpResponse>> {
    client
        .delete_workflow_definition()
        .workflow_definition_name("checkout")
        .send()
        .await
}

#[tokio::test]
async fn request_with_every_member() {
    let (client, http) = client(vec![accepted()]);
    client
        .delete_workflow_definition()
        .workflow_definition_name("my wf")
        .send()
        .await
        .unwrap();
    let req = only_request(&http);
    assert_eq!(req.method(), "DELETE");
    assert_eq!(req.uri(), "http://localhost/workflow-definitions/my%20wf");
    assert_no_body(&req);
}

#[tokio::test]
async fn label_with_slash_stays_one_path_segment() {
    let (client, http) = client(vec![accepted()]);
    client
        .delete_workflow_definition()
        .workflow_definition_name("../admin")
        .send()
        .await
        .unwrap();
    assert_eq!(
        only_request(&http).uri(),
        "http://localhost/workflow-definitions/..%2Fadmin"
    );
}

#[tokio::test]
async fn success_response_202() {
    let (client, _http) = client(vec![accepted()]);
    let out = send(&client).await.unwrap();
    assert_eq!(out.status(), &WorkflowDefinitionStatus::Deleting);
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
        DeleteWorkflowDefinitionError::AccessDeniedException(e) => check_access_denied(&e),
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
        DeleteWorkflowDefinitionError::ConflictException(e) => check_conflict(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn resource_not_found_exception() {
    let (client, http) = client(vec![not_found(Form::BodyCode)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    check_meta(
        &err,
        "ResourceNotFoundException",
        "No such workflow definition",
        "req-rnf",
    );
    match err {
        DeleteWorkflowDefinitionError::ResourceNotFoundException(e) => check_not_found(&e),
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
        DeleteWorkflowDefinitionError::ThrottlingException(e) => check_throttling(&e),
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
        DeleteWorkflowDefinitionError::InternalServerException(e) => check_internal_error(&e),
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
        DeleteWorkflowDefinitionError::ValidationException(e) => check_validation(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn unmodeled_error_is_kept_as_unhandled() {
    let (client, http) = client(vec![unmodeled()]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(
        matches!(err, DeleteWorkflowDefinitionError::Unhandled(_)),
        "{err:?}"
    );
    assert!(!err.is_access_denied_exception());
    check_meta(&err, "SomethingNew", "a brand new kind of error", "req-new");
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn non_ascii_label_is_utf8_percent_encoded() {
    let (client, http) = client(vec![accepted()]);
    client
        .delete_workflow_definition()
        .workflow_definition_name("café~1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        only_request(&http).uri(),
        "http://localhost/workflow-definitions/caf%C3%A9~1"
    );
}
