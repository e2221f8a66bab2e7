//! Wire tests of ListSessions: `POST /workflow-definitions/{workflowDefinitionName}/workflow-runs/{workflowRunId}`,
//! success code 200; `maxResults` and `nextToken` are query parameters, `sortOrder` is the
//! only body member.

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, SdkError};
use nova_act_sdk::operation::list_sessions::{ListSessionsError, ListSessionsOutput};
use nova_act_sdk::types::SortOrder;
use nova_act_sdk::Client;
use serde_json::json;

const RUN: &str = "11111111-2222-4333-8444-555555555555";

const FULL: &str = r#"{
    "sessionSummaries": [
        {"sessionId": "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"},
        {"sessionId": "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee"}
    ],
    "nextToken": "sessions-page-2"
}"#;

async fn send(
    client: &Client,
) -> Result<ListSessionsOutput, SdkError<ListSessionsError, HttpResponse>> {
    client
        .list_sessions()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .send()
        .await
}

#[tokio::test]
async fn request_with_every_member() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    client
        .list_sessions()
        .workflow_definition_name("my wf")
        .workflow_run_id(RUN)
        .max_results(100)
        .next_token("abc==")
        .sort_order(SortOrder::Asc)
        .send()
        .await
        .unwrap();

    let req = only_request(&http);
    assert_eq!(req.method(), "POST");
    assert_eq!(
        req.uri(),
        format!(
            "http://localhost/workflow-definitions/my%20wf/workflow-runs/{RUN}?maxResults=100&nextToken=abc%3D%3D"
        )
    );
    assert_eq!(json_body_of(&req), json!({"sortOrder": "Ascending"}));
}

#[tokio::test]
async fn request_with_only_required_members() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    send(&client).await.unwrap();
    let req = only_request(&http);
    assert_eq!(
        req.uri(),
        format!("http://localhost/workflow-definitions/checkout/workflow-runs/{RUN}")
    );
    assert_eq!(json_body_of(&req), json!({}));
}

#[tokio::test]
async fn success_response_with_every_member() {
    let (client, _http) = client(vec![json_response(200, FULL)]);
    let out = send(&client).await.unwrap();
    let ids: Vec<&str> = out
        .session_summaries()
        .iter()
        .map(|s| s.session_id())
        .collect();
    assert_eq!(
        ids,
        [
            "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
            "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee"
        ]
    );
    assert_eq!(out.next_token(), Some("sessions-page-2"));
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
        ListSessionsError::AccessDeniedException(e) => check_access_denied(&e),
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
        ListSessionsError::ConflictException(e) => check_conflict(&e),
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
        ListSessionsError::ThrottlingException(e) => check_throttling(&e),
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
        ListSessionsError::ResourceNotFoundException(e) => check_not_found(&e),
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
        ListSessionsError::InternalServerException(e) => check_internal_error(&e),
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
        ListSessionsError::ValidationException(e) => check_validation(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn unmodeled_error_is_kept_as_unhandled() {
    let (client, http) = client(vec![unmodeled()]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(matches!(err, ListSessionsError::Unhandled(_)), "{err:?}");
    assert!(!err.is_access_denied_exception());
    check_meta(&err, "SomethingNew", "a brand new kind of error", "req-new");
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn paginator_follows_next_token() {
    let (client, http) = client(vec![
        json_response(
            200,
            r#"{"sessionSummaries":[{"sessionId":"s1"},{"sessionId":"s2"}],"nextToken":"n2"}"#,
        ),
        json_response(
            200,
            r#"{"sessionSummaries":[{"sessionId":"s3"}],"nextToken":null}"#,
        ),
    ]);
    let items = client
        .list_sessions()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|s| s.session_id()).collect();
    assert_eq!(ids, ["s1", "s2", "s3"]);
    let uris: Vec<String> = requests(&http).iter().map(|r| r.uri().to_owned()).collect();
    assert_eq!(
        uris,
        [
            format!("http://localhost/workflow-definitions/checkout/workflow-runs/{RUN}?maxResults=2"),
            format!("http://localhost/workflow-definitions/checkout/workflow-runs/{RUN}?maxResults=2&nextToken=n2"),
        ]
    );
}
