//! Wire tests of CreateSession: `PUT /workflow-definitions/{workflowDefinitionName}/workflow-runs/{workflowRunId}/sessions`,
//! success code 201, idempotency token `clientToken` (the only body member).

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, SdkError};
use nova_act_sdk::operation::create_session::{CreateSessionError, CreateSessionOutput};
use nova_act_sdk::Client;
use serde_json::json;

const RUN: &str = "11111111-2222-4333-8444-555555555555";

fn created() -> Resp {
    json_response(
        201,
        r#"{"sessionId":"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"}"#,
    )
}

async fn send(
    client: &Client,
) -> Result<CreateSessionOutput, SdkError<CreateSessionError, HttpResponse>> {
    client
        .create_session()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .send()
        .await
}

#[tokio::test]
async fn request_with_every_member() {
    let (client, http) = client(vec![created()]);
    client
        .create_session()
        .workflow_definition_name("my wf")
        .workflow_run_id(RUN)
        .client_token("session-token-0123456789abcdef0123456789")
        .send()
        .await
        .unwrap();

    let req = only_request(&http);
    assert_eq!(req.method(), "PUT");
    assert_eq!(
        req.uri(),
        format!("http://localhost/workflow-definitions/my%20wf/workflow-runs/{RUN}/sessions")
    );
    assert_eq!(
        json_body_of(&req),
        json!({"clientToken": "session-token-0123456789abcdef0123456789"})
    );
}

#[tokio::test]
async fn client_token_is_generated_when_unset() {
    let (client, http) = client(vec![created()]);
    send(&client).await.unwrap();
    let req = only_request(&http);
    assert_eq!(
        req.uri(),
        format!("http://localhost/workflow-definitions/checkout/workflow-runs/{RUN}/sessions")
    );
    let body = json_body_of(&req);
    let token = body["clientToken"]
        .as_str()
        .expect("a generated clientToken");
    assert_uuid_v4(token);
    assert_eq!(body, json!({"clientToken": token}));
}

#[tokio::test]
async fn success_response_201() {
    let (client, _http) = client(vec![created()]);
    let out = send(&client).await.unwrap();
    assert_eq!(out.session_id(), "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
}

#[tokio::test]
async fn service_quota_exceeded_exception() {
    let (client, http) = client(vec![quota_exceeded(Form::BodyType)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_service_quota_exceeded_exception(), "{err:?}");
    check_meta(
        &err,
        "ServiceQuotaExceededException",
        "Too many sessions",
        "req-quota",
    );
    match err {
        CreateSessionError::ServiceQuotaExceededException(e) => check_quota_exceeded(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
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
        CreateSessionError::AccessDeniedException(e) => check_access_denied(&e),
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
        CreateSessionError::ConflictException(e) => check_conflict(&e),
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
        CreateSessionError::ThrottlingException(e) => check_throttling(&e),
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
        CreateSessionError::ResourceNotFoundException(e) => check_not_found(&e),
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
        CreateSessionError::InternalServerException(e) => check_internal_error(&e),
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
        CreateSessionError::ValidationException(e) => check_validation(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn unmodeled_error_is_kept_as_unhandled() {
    let (client, http) = client(vec![unmodeled()]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(matches!(err, CreateSessionError::Unhandled(_)), "{err:?}");
    assert!(!err.is_service_quota_exceeded_exception());
    check_meta(&err, "SomethingNew", "a brand new kind of error", "req-new");
    assert_eq!(requests(&http).len(), 1);
}
