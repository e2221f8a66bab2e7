//! Wire tests of CreateWorkflowDefinition: `PUT /workflow-definitions`, success code 201,
//! idempotency token `clientToken`; every member is in the JSON body.

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, SdkError};
use nova_act_sdk::operation::create_workflow_definition::{
    CreateWorkflowDefinitionError, CreateWorkflowDefinitionOutput,
};
use nova_act_sdk::types::{WorkflowDefinitionStatus, WorkflowExportConfig};
use nova_act_sdk::Client;
use serde_json::json;

fn created() -> Resp {
    json_response(201, r#"{"status":"ACTIVE"}"#)
}

async fn send(
    client: &Client,
) -> Result<CreateWorkflowDefinitionOutput, SdkError<CreateWorkflowDefinitionError, HttpResponse>> {
    client
        .create_workflow_definition()
        .name("checkout")
        .send()
        .await
}

#[tokio::test]
async fn request_with_every_member() {
    let (client, http) = client(vec![created()]);
    client
        .create_workflow_definition()
        .name("my wf")
        .description("Buys things, carefully")
        .export_config(
            WorkflowExportConfig::builder()
                .s3_bucket_name("my-export-bucket")
                .s3_key_prefix("runs/2025")
                .build()
                .unwrap(),
        )
        .client_token("wfdef-token-0123456789abcdef0123456789")
        .send()
        .await
        .unwrap();

    let req = only_request(&http);
    assert_eq!(req.method(), "PUT");
    assert_eq!(req.uri(), "http://localhost/workflow-definitions");
    // The name is a body member here: sent as is, not percent-encoded.
    assert_eq!(
        json_body_of(&req),
        json!({
            "name": "my wf",
            "description": "Buys things, carefully",
            "exportConfig": {"s3BucketName": "my-export-bucket", "s3KeyPrefix": "runs/2025"},
            "clientToken": "wfdef-token-0123456789abcdef0123456789"
        })
    );
}

#[tokio::test]
async fn client_token_is_generated_when_unset() {
    let (client, http) = client(vec![created()]);
    send(&client).await.unwrap();
    let req = only_request(&http);
    assert_eq!(req.uri(), "http://localhost/workflow-definitions");
    let body = json_body_of(&req);
    let token = body["clientToken"]
        .as_str()
        .expect("a generated clientToken");
    assert_uuid_v4(token);
    assert_eq!(body, json!({"name": "checkout", "clientToken": token}));
}

#[tokio::test]
async fn export_config_without_prefix_omits_it() {
    let (client, http) = client(vec![created()]);
    client
        .create_workflow_definition()
        .name("checkout")
        .export_config(
            WorkflowExportConfig::builder()
                .s3_bucket_name("bucket-only")
                .build()
                .unwrap(),
        )
        .client_token("wfdef-token-0123456789abcdef0123456789")
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_body_of(&only_request(&http))["exportConfig"],
        json!({"s3BucketName": "bucket-only"})
    );
}

#[tokio::test]
async fn success_response_201() {
    let (client, _http) = client(vec![created()]);
    let out = send(&client).await.unwrap();
    assert_eq!(out.status(), &WorkflowDefinitionStatus::Active);

    let (deleting_client, _http) =
        common::client(vec![json_response(201, r#"{"status":"DELETING"}"#)]);
    let out = send(&deleting_client).await.unwrap();
    assert_eq!(out.status(), &WorkflowDefinitionStatus::Deleting);
}

#[tokio::test]
async fn service_quota_exceeded_exception() {
    let (client, http) = client(vec![quota_exceeded(Form::BodyCode)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_service_quota_exceeded_exception(), "{err:?}");
    check_meta(
        &err,
        "ServiceQuotaExceededException",
        "Too many sessions",
        "req-quota",
    );
    match err {
        CreateWorkflowDefinitionError::ServiceQuotaExceededException(e) => check_quota_exceeded(&e),
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
        CreateWorkflowDefinitionError::AccessDeniedException(e) => check_access_denied(&e),
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
        CreateWorkflowDefinitionError::ConflictException(e) => check_conflict(&e),
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
        CreateWorkflowDefinitionError::ThrottlingException(e) => check_throttling(&e),
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
        CreateWorkflowDefinitionError::InternalServerException(e) => check_internal_error(&e),
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
        CreateWorkflowDefinitionError::ValidationException(e) => check_validation(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn unmodeled_error_is_kept_as_unhandled() {
    let (client, http) = client(vec![unmodeled()]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(
        matches!(err, CreateWorkflowDefinitionError::Unhandled(_)),
        "{err:?}"
    );
    assert!(!err.is_service_quota_exceeded_exception());
    check_meta(&err, "SomethingNew", "a brand new kind of error", "req-new");
    assert_eq!(requests(&http).len(), 1);
}
