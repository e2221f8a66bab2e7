//! Wire tests of ListWorkflowDefinitions: `POST /workflow-definitions`, success code 200;
//! `maxResults` and `nextToken` are query parameters, `sortOrder` is the only body member.

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, SdkError};
use nova_act_sdk::operation::list_workflow_definitions::{
    ListWorkflowDefinitionsError, ListWorkflowDefinitionsOutput,
};
use nova_act_sdk::types::{SortOrder, WorkflowDefinitionStatus};
use nova_act_sdk::Client;
use serde_json::json;

const FULL: &str = r#"{
    "workflowDefinitionSummaries": [
        {
            "workflowDefinitionArn": "arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout",
            "workflowDefinitionName": "checkout",
            "createdAt": "2025-08-22T10:11:12.345Z",
            "status": "ACTIVE"
        },
        {
            "workflowDefinitionArn": "arn:aws:nova-act:us-east-1:123456789012:workflow-definition/old_flow",
            "workflowDefinitionName": "old_flow",
            "createdAt": "2025-08-21T09:08:07.5Z",
            "status": "DELETING"
        }
    ],
    "nextToken": "defs-page-2"
}"#;

async fn send(
    client: &Client,
) -> Result<ListWorkflowDefinitionsOutput, SdkError<ListWorkflowDefinitionsError, HttpResponse>> {
    client.list_workflow_definitions().send().await
}

#[tokio::test]
async fn request_with_every_member() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    client
        .list_workflow_definitions()
        .max_results(1)
        .next_token("next page/1")
        .sort_order(SortOrder::Desc)
        .send()
        .await
        .unwrap();
    let req = only_request(&http);
    assert_eq!(req.method(), "POST");
    assert_eq!(
        req.uri(),
        "http://localhost/workflow-definitions?maxResults=1&nextToken=next%20page%2F1"
    );
    assert_eq!(json_body_of(&req), json!({"sortOrder": "Descending"}));
}

#[tokio::test]
async fn request_with_no_members() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    send(&client).await.unwrap();
    let req = only_request(&http);
    assert_eq!(req.method(), "POST");
    assert_eq!(req.uri(), "http://localhost/workflow-definitions");
    assert_eq!(json_body_of(&req), json!({}));
}

#[tokio::test]
async fn success_response_with_every_member() {
    let (client, _http) = client(vec![json_response(200, FULL)]);
    let out = send(&client).await.unwrap();
    assert_eq!(out.next_token(), Some("defs-page-2"));
    let defs = out.workflow_definition_summaries();
    assert_eq!(defs.len(), 2);
    assert_eq!(
        defs[0].workflow_definition_arn(),
        "arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout"
    );
    assert_eq!(defs[0].workflow_definition_name(), "checkout");
    assert_is_ts_345(defs[0].created_at());
    assert_eq!(defs[0].status(), &WorkflowDefinitionStatus::Active);
    assert_eq!(defs[1].workflow_definition_name(), "old_flow");
    assert_eq!(defs[1].created_at(), &ts("2025-08-21T09:08:07.5Z"));
    assert_eq!(defs[1].status(), &WorkflowDefinitionStatus::Deleting);
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
        ListWorkflowDefinitionsError::AccessDeniedException(e) => check_access_denied(&e),
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
        ListWorkflowDefinitionsError::ThrottlingException(e) => check_throttling(&e),
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
        ListWorkflowDefinitionsError::InternalServerException(e) => check_internal_error(&e),
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
        ListWorkflowDefinitionsError::ValidationException(e) => check_validation(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn unmodeled_error_is_kept_as_unhandled() {
    let (client, http) = client(vec![unmodeled()]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(
        matches!(err, ListWorkflowDefinitionsError::Unhandled(_)),
        "{err:?}"
    );
    assert!(!err.is_access_denied_exception());
    check_meta(&err, "SomethingNew", "a brand new kind of error", "req-new");
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn paginator_follows_next_token() {
    let def = |name: &str| {
        format!(
            r#"{{"workflowDefinitionArn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/{name}","workflowDefinitionName":"{name}","createdAt":"2025-08-22T10:11:12.345Z","status":"ACTIVE"}}"#
        )
    };
    let (client, http) = client(vec![
        json_response(
            200,
            &format!(
                r#"{{"workflowDefinitionSummaries":[{}],"nextToken":"d2"}}"#,
                def("one")
            ),
        ),
        json_response(
            200,
            &format!(
                r#"{{"workflowDefinitionSummaries":[{}],"nextToken":""}}"#,
                def("two")
            ),
        ),
    ]);
    let pages = client
        .list_workflow_definitions()
        .into_paginator()
        .page_size(1)
        .send()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.workflow_definition_summaries())
        .map(|d| d.workflow_definition_name())
        .collect();
    assert_eq!(names, ["one", "two"], "an empty token ends the pages");
    let uris: Vec<String> = requests(&http).iter().map(|r| r.uri().to_owned()).collect();
    assert_eq!(
        uris,
        [
            "http://localhost/workflow-definitions?maxResults=1",
            "http://localhost/workflow-definitions?maxResults=1&nextToken=d2",
        ]
    );
}
