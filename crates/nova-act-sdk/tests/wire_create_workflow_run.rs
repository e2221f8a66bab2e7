//! Wire tests of CreateWorkflowRun: `PUT /workflow-definitions/{workflowDefinitionName}/workflow-runs`,
//! success code 201, idempotency token `clientToken`.

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, SdkError};
use nova_act_sdk::operation::create_workflow_run::{
    CreateWorkflowRunError, CreateWorkflowRunOutput,
};
use nova_act_sdk::types::{ClientInfo, WorkflowRunStatus};
use nova_act_sdk::Client;
use serde_json::json;

fn created() -> Resp {
    json_response(
        201,
        r#"{"workflowRunId":"11111111-2222-4333-8444-555555555555","status":"RUNNING"}"#,
    )
}

async fn send(
    client: &Client,
) -> Result<CreateWorkflowRunOutput, SdkError<CreateWorkflowRunError, HttpResponse>> {
    client
        .create_workflow_run()
        .workflow_definition_name("checkout")
        .model_id("nova-act-latest")
        .client_info(
            ClientInfo::builder()
                .compatibility_version(1)
                .build()
                .unwrap(),
        )
        .send()
        .await
}

#[tokio::test]
async fn request_with_every_member() {
    let (client, http) = client(vec![created()]);
    client
        .create_workflow_run()
        .workflow_definition_name("my wf")
        .model_id("nova-act-v1.0")
        .client_token("run-token-0123456789abcdef0123456789ab")
        .log_group_name("/aws/nova-act/checkout")
        .client_info(
            ClientInfo::builder()
                .compatibility_version(3)
                .sdk_version("2.1.0")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    let req = only_request(&http);
    assert_eq!(req.method(), "PUT");
    assert_eq!(
        req.uri(),
        "http://localhost/workflow-definitions/my%20wf/workflow-runs"
    );
    assert_eq!(
        json_body_of(&req),
        json!({
            "modelId": "nova-act-v1.0",
            "clientToken": "run-token-0123456789abcdef0123456789ab",
            "logGroupName": "/aws/nova-act/checkout",
            "clientInfo": {"compatibilityVersion": 3, "sdkVersion": "2.1.0"}
        })
    );
}

#[tokio::test]
async fn client_token_is_generated_when_unset() {
    let (client, http) = client(vec![created()]);
    send(&client).await.unwrap();
    let req = only_request(&http);
    assert_eq!(
        req.uri(),
        "http://localhost/workflow-definitions/checkout/workflow-runs"
    );
    let body = json_body_of(&req);
    let token = body["clientToken"]
        .as_str()
        .expect("a generated clientToken");
    assert_uuid_v4(token);
    assert_eq!(
        body,
        json!({
            "modelId": "nova-act-latest",
            "clientToken": token,
            "clientInfo": {"compatibilityVersion": 1}
        })
    );
}

#[tokio::test]
async fn success_response_201() {
    let (client, _http) = client(vec![created()]);
    let out = send(&client).await.unwrap();
    assert_eq!(
        out.workflow_run_id(),
        "11111111-2222-4333-8444-555555555555"
    );
    assert_eq!(out.status(), &WorkflowRunStatus::Running);
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
        CreateWorkflowRunError::AccessDeniedException(e) => check_access_denied(&e),
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
        CreateWorkflowRunError::ConflictException(e) => check_conflict(&e),
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
        CreateWorkflowRunError::ThrottlingException(e) => check_throttling(&e),
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
        CreateWorkflowRunError::ResourceNotFoundException(e) => check_not_found(&e),
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
        CreateWorkflowRunError::InternalServerException(e) => check_internal_error(&e),
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
        CreateWorkflowRunError::ValidationException(e) => check_validation(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn unmodeled_error_is_kept_as_unhandled() {
    let (client, http) = client(vec![unmodeled()]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(
        matches!(err, CreateWorkflowRunError::Unhandled(_)),
        "{err:?}"
    );
    assert!(!err.is_access_denied_exception());
    check_meta(&err, "SomethingNew", "a brand new kind of error", "req-new");
    assert_eq!(requests(&http).len(), 1);
}
