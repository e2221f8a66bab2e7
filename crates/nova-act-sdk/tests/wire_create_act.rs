//! Wire tests of CreateAct: `PUT /workflow-definitions/{workflowDefinitionName}/workflow-runs/{workflowRunId}/sessions/{sessionId}/acts`,
//! success code 201, idempotency token `clientToken`.

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, SdkError};
use nova_act_sdk::operation::create_act::{CreateActError, CreateActOutput};
use nova_act_sdk::types::{ActStatus, ToolInputSchema, ToolSpec};
use nova_act_sdk::Client;
use serde_json::json;

const RUN: &str = "11111111-2222-4333-8444-555555555555";
const SESSION: &str = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

fn created() -> Resp {
    json_response(
        201,
        r#"{"actId":"99999999-8888-4777-8666-555555555555","status":"RUNNING"}"#,
    )
}

async fn send(client: &Client) -> Result<CreateActOutput, SdkError<CreateActError, HttpResponse>> {
    client
        .create_act()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .task("Buy the cheapest socks")
        .send()
        .await
}

#[tokio::test]
async fn request_with_every_member() {
    let (client, http) = client(vec![created()]);
    client
        .create_act()
        .workflow_definition_name("my wf")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .task("Find the cheapest flight to Lisbon")
        .tool_specs(
            ToolSpec::builder()
                .name("lookup_price")
                .description("Looks up a fare")
                .input_schema(ToolInputSchema::Json(
                    nova_act_sdk::primitives::document_from_json(json!({
                        "type": "object",
                        "properties": {"route": {"type": "string"}},
                        "required": ["route"]
                    })),
                ))
                .build()
                .unwrap(),
        )
        .tool_specs(
            ToolSpec::builder()
                .name("book")
                .description("Books a fare")
                .input_schema(ToolInputSchema::Json(
                    nova_act_sdk::primitives::document_from_json(json!({"type": "object"})),
                ))
                .build()
                .unwrap(),
        )
        .client_token("token-0123456789abcdef0123456789abcdef")
        .send()
        .await
        .unwrap();

    let req = only_request(&http);
    assert_eq!(req.method(), "PUT");
    assert_eq!(
        req.uri(),
        format!("http://localhost/workflow-definitions/my%20wf/workflow-runs/{RUN}/sessions/{SESSION}/acts")
    );
    assert_eq!(
        json_body_of(&req),
        json!({
            "task": "Find the cheapest flight to Lisbon",
            "toolSpecs": [
                {
                    "name": "lookup_price",
                    "description": "Looks up a fare",
                    "inputSchema": {"json": {
                        "type": "object",
                        "properties": {"route": {"type": "string"}},
                        "required": ["route"]
                    }}
                },
                {
                    "name": "book",
                    "description": "Books a fare",
                    "inputSchema": {"json": {"type": "object"}}
                }
            ],
            "clientToken": "token-0123456789abcdef0123456789abcdef"
        })
    );
}

#[tokio::test]
async fn labels_that_need_encoding_are_percent_encoded() {
    let (client, http) = client(vec![created()]);
    client
        .create_act()
        .workflow_definition_name("a/b?c#d")
        .workflow_run_id("run 1")
        .session_id("s%1")
        .task("t")
        .send()
        .await
        .unwrap();
    let req = only_request(&http);
    assert_eq!(
        req.uri(),
        "http://localhost/workflow-definitions/a%2Fb%3Fc%23d/workflow-runs/run%201/sessions/s%251/acts"
    );
}

#[tokio::test]
async fn client_token_is_generated_when_unset() {
    let (client, http) = client(vec![created(), created()]);
    send(&client).await.unwrap();
    send(&client).await.unwrap();
    let reqs = requests(&http);
    assert_eq!(reqs.len(), 2);
    let first = body_json(&reqs[0]);
    let token = first["clientToken"]
        .as_str()
        .expect("a generated clientToken");
    assert_uuid_v4(token);
    // Only task and the token: no tool specs, no label members in the body.
    assert_eq!(
        first,
        json!({"task": "Buy the cheapest socks", "clientToken": token})
    );
    let second = body_json(&reqs[1]);
    let token2 = second["clientToken"].as_str().unwrap();
    assert_uuid_v4(token2);
    assert_ne!(token, token2, "each call gets a fresh token");
}

#[tokio::test]
async fn success_response_201() {
    let (client, _http) = client(vec![created()]);
    let out = send(&client).await.unwrap();
    assert_eq!(out.act_id(), "99999999-8888-4777-8666-555555555555");
    assert_eq!(out.status(), &ActStatus::Running);
}

#[tokio::test]
async fn success_response_other_status_values() {
    for (wire, expected) in [
        ("PENDING_CLIENT_ACTION", ActStatus::PendingClientAction),
        ("PENDING_HUMAN_ACTION", ActStatus::PendingHumanAction),
        ("SUCCEEDED", ActStatus::Succeeded),
        ("FAILED", ActStatus::Failed),
        ("TIMED_OUT", ActStatus::TimedOut),
    ] {
        let (client, _http) = client(vec![json_response(
            201,
            &format!(r#"{{"actId":"a1","status":"{wire}","someFutureField":[1,2]}}"#),
        )]);
        let out = send(&client).await.unwrap();
        assert_eq!(out.status(), &expected);
        assert_eq!(out.status().as_str(), wire);
    }
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
        CreateActError::ServiceQuotaExceededException(e) => check_quota_exceeded(&e),
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
        CreateActError::AccessDeniedException(e) => check_access_denied(&e),
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
        CreateActError::ConflictException(e) => check_conflict(&e),
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
        CreateActError::ThrottlingException(e) => check_throttling(&e),
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
        CreateActError::ResourceNotFoundException(e) => check_not_found(&e),
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
        CreateActError::InternalServerException(e) => check_internal_error(&e),
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
        CreateActError::ValidationException(e) => check_validation(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn unmodeled_error_is_kept_as_unhandled() {
    let (client, http) = client(vec![unmodeled()]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(matches!(err, CreateActError::Unhandled(_)), "{err:?}");
    assert!(!err.is_validation_exception());
    check_meta(&err, "SomethingNew", "a brand new kind of error", "req-new");
    assert_eq!(requests(&http).len(), 1);
}
