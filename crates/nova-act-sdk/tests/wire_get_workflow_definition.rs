//! Wire tests of GetWorkflowDefinition: `GET /workflow-definitions/{workflowDefinitionName}`,
//! success code 200, no request body.

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, SdkError};
use nova_act_sdk::operation::get_workflow_definition::{
    GetWorkflowDefinitionError, GetWorkflowDefinitionOutput,
};
use nova_act_sdk::types::WorkflowDefinitionStatus;
use nova_act_sdk::Client;

const FULL: &str = r#"{
    "name": "checkout",
    "arn": "arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout",
    "createdAt": "2025-08-22T10:11:12.345Z",
    "description": "Buys things, carefully",
    "exportConfig": {"s3BucketName": "my-export-bucket", "s3KeyPrefix": "runs/2025"},
    "status": "ACTIVE"
}"#;

async fn send(
    client: &Client,
) -> Result<GetWorkflowDefinitionOutput, SdkError<GetWorkflowDefinitionError, HttpResponse>> {
    client
        .get_workflow_definition()
        .workflow_definition_name("checkout")
        .send()
        .await
}

#[tokio::test]
async fn request_with_every_member() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    client
        .get_workflow_definition()
        .workflow_definition_name("my wf")
        .send()
        .await
        .unwrap();
    let req = only_request(&http);
    assert_eq!(req.method(), "GET");
    assert_eq!(req.uri(), "http://localhost/workflow-definitions/my%20wf");
    assert_no_body(&req);
}

#[tokio::test]
async fn success_response_with_every_member() {
    let (client, _http) = client(vec![json_response(200, FULL)]);
    let out = send(&client).await.unwrap();
    assert_eq!(out.name(), "checkout");
    assert_eq!(
        out.arn(),
        "arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout"
    );
    assert_is_ts_345(out.created_at());
    assert_eq!(out.created_at(), &ts("2025-08-22T10:11:12.345Z"));
    assert_eq!(out.description(), Some("Buys things, carefully"));
    let export = out.export_config().expect("exportConfig");
    assert_eq!(export.s3_bucket_name(), "my-export-bucket");
    assert_eq!(export.s3_key_prefix(), Some("runs/2025"));
    assert_eq!(out.status(), &WorkflowDefinitionStatus::Active);
}

#[tokio::test]
async fn success_response_without_optional_members() {
    let (client, _http) = client(vec![json_response(
        200,
        r#"{"name":"checkout","arn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout","createdAt":"2025-08-22T11:00:00Z","status":"DELETING","description":null}"#,
    )]);
    let out = send(&client).await.unwrap();
    assert_eq!(out.created_at().secs(), 1_755_860_400);
    assert_eq!(out.created_at().subsec_nanos(), 0);
    assert_eq!(out.description(), None);
    assert!(out.export_config().is_none());
    assert_eq!(out.status(), &WorkflowDefinitionStatus::Deleting);
}

#[tokio::test]
async fn access_denied_exception() {
    let (client, http) = client(vec![access_denied(Form::BodyCode)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_access_denied_exception(), "{err:?}");
    check_meta(
        &err,
        "AccessDeniedException",
        "User is not authorized to perform nova-act:Action",
        "req-ade",
    );
    match err {
        GetWorkflowDefinitionError::AccessDeniedException(e) => check_access_denied(&e),
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
        GetWorkflowDefinitionError::ResourceNotFoundException(e) => check_not_found(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn throttling_exception() {
    let (client, http) = client_no_retry(vec![throttling(Form::BodyCode)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_throttling_exception(), "{err:?}");
    check_meta(&err, "ThrottlingException", "Rate exceeded", "req-throttle");
    match err {
        GetWorkflowDefinitionError::ThrottlingException(e) => check_throttling(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn internal_server_exception() {
    let (client, http) = client_no_retry(vec![internal_error(Form::Header)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_internal_server_exception(), "{err:?}");
    check_meta(
        &err,
        "InternalServerException",
        "Something broke",
        "req-ise",
    );
    match err {
        GetWorkflowDefinitionError::InternalServerException(e) => check_internal_error(&e),
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
        GetWorkflowDefinitionError::ValidationException(e) => check_validation(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn unmodeled_error_is_kept_as_unhandled() {
    let (client, http) = client(vec![unmodeled()]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(
        matches!(err, GetWorkflowDefinitionError::Unhandled(_)),
        "{err:?}"
    );
    assert!(!err.is_access_denied_exception());
    check_meta(&err, "SomethingNew", "a brand new kind of error", "req-new");
    assert_eq!(requests(&http).len(), 1);
}
