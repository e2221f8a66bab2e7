//! Wire tests of ListActs: `POST /workflow-definitions/{workflowDefinitionName}/acts`, success
//! code 200; `workflowRunId`, `sessionId`, `maxResults` and `nextToken` are query parameters,
//! `sortOrder` is the only body member.

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, SdkError};
use nova_act_sdk::operation::list_acts::{ListActsError, ListActsOutput};
use nova_act_sdk::types::{ActStatus, SortOrder, TraceLocationType};
use nova_act_sdk::Client;
use serde_json::json;

const RUN: &str = "11111111-2222-4333-8444-555555555555";
const SESSION: &str = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

const FULL: &str = r#"{
    "actSummaries": [
        {
            "workflowRunId": "11111111-2222-4333-8444-555555555555",
            "sessionId": "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
            "actId": "99999999-8888-4777-8666-555555555555",
            "status": "SUCCEEDED",
            "startedAt": "2025-08-22T10:11:12.345Z",
            "endedAt": "2025-08-22T11:00:00Z",
            "traceLocation": {"locationType": "S3", "location": "s3://traces/act-1/"}
        },
        {
            "workflowRunId": "11111111-2222-4333-8444-555555555555",
            "sessionId": "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
            "actId": "77777777-8888-4777-8666-555555555555",
            "status": "PENDING_CLIENT_ACTION",
            "startedAt": "2025-08-21T09:08:07.5Z"
        }
    ],
    "nextToken": "page-2-token"
}"#;

async fn send(client: &Client) -> Result<ListActsOutput, SdkError<ListActsError, HttpResponse>> {
    client
        .list_acts()
        .workflow_definition_name("checkout")
        .send()
        .await
}

#[tokio::test]
async fn request_with_every_member() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    client
        .list_acts()
        .workflow_definition_name("my wf")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .max_results(25)
        .next_token("tok/en+with=chars")
        .sort_order(SortOrder::Desc)
        .send()
        .await
        .unwrap();

    let req = only_request(&http);
    assert_eq!(req.method(), "POST");
    assert_eq!(
        req.uri(),
        format!(
            "http://localhost/workflow-definitions/my%20wf/acts?workflowRunId={RUN}&sessionId={SESSION}&maxResults=25&nextToken=tok%2Fen%2Bwith%3Dchars"
        )
    );
    // Query members stay out of the body.
    assert_eq!(json_body_of(&req), json!({"sortOrder": "Descending"}));
}

#[tokio::test]
async fn request_with_only_required_members() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    send(&client).await.unwrap();
    let req = only_request(&http);
    assert_eq!(req.method(), "POST");
    assert_eq!(
        req.uri(),
        "http://localhost/workflow-definitions/checkout/acts"
    );
    assert_eq!(json_body_of(&req), json!({}));
}

#[tokio::test]
async fn ascending_sort_order_on_the_wire() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    client
        .list_acts()
        .workflow_definition_name("checkout")
        .sort_order(SortOrder::Asc)
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_body_of(&only_request(&http)),
        json!({"sortOrder": "Ascending"})
    );
}

#[tokio::test]
async fn success_response_with_every_member() {
    let (client, _http) = client(vec![json_response(200, FULL)]);
    let out = send(&client).await.unwrap();
    assert_eq!(out.next_token(), Some("page-2-token"));
    let acts = out.act_summaries();
    assert_eq!(acts.len(), 2);

    let first = &acts[0];
    assert_eq!(first.workflow_run_id(), RUN);
    assert_eq!(first.session_id(), SESSION);
    assert_eq!(first.act_id(), "99999999-8888-4777-8666-555555555555");
    assert_eq!(first.status(), &ActStatus::Succeeded);
    assert_is_ts_345(first.started_at());
    assert_eq!(first.ended_at(), Some(&ts("2025-08-22T11:00:00Z")));
    let trace = first.trace_location().expect("traceLocation");
    assert_eq!(trace.location_type(), &TraceLocationType::S3);
    assert_eq!(trace.location(), "s3://traces/act-1/");

    let second = &acts[1];
    assert_eq!(second.act_id(), "77777777-8888-4777-8666-555555555555");
    assert_eq!(second.status(), &ActStatus::PendingClientAction);
    assert_eq!(second.started_at().secs(), 1_755_767_287);
    assert_eq!(second.started_at().subsec_nanos(), 500_000_000);
    assert!(second.ended_at().is_none());
    assert!(second.trace_location().is_none());
}

#[tokio::test]
async fn success_response_last_page() {
    let (client, _http) = client(vec![json_response(200, r#"{"actSummaries":[]}"#)]);
    let out = send(&client).await.unwrap();
    assert!(out.act_summaries().is_empty());
    assert_eq!(out.next_token(), None);
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
        ListActsError::AccessDeniedException(e) => check_access_denied(&e),
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
        ListActsError::ConflictException(e) => check_conflict(&e),
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
        ListActsError::ThrottlingException(e) => check_throttling(&e),
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
        ListActsError::ResourceNotFoundException(e) => check_not_found(&e),
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
        ListActsError::InternalServerException(e) => check_internal_error(&e),
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
        ListActsError::ValidationException(e) => check_validation(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn unmodeled_error_is_kept_as_unhandled() {
    let (client, http) = client(vec![unmodeled()]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(matches!(err, ListActsError::Unhandled(_)), "{err:?}");
    assert!(!err.is_access_denied_exception());
    check_meta(&err, "SomethingNew", "a brand new kind of error", "req-new");
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn paginator_follows_next_token() {
    let act = |id: &str| {
        format!(
            r#"{{"workflowRunId":"{RUN}","sessionId":"{SESSION}","actId":"{id}","status":"RUNNING","startedAt":"2025-08-22T10:11:12.345Z"}}"#
        )
    };
    let (client, http) = client(vec![
        json_response(
            200,
            &format!(r#"{{"actSummaries":[{}],"nextToken":"acts 2"}}"#, act("a1")),
        ),
        json_response(200, &format!(r#"{{"actSummaries":[{}]}}"#, act("a2"))),
    ]);
    let items = client
        .list_acts()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .into_paginator()
        .page_size(1)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|a| a.act_id()).collect();
    assert_eq!(ids, ["a1", "a2"]);
    let reqs = requests(&http);
    assert_eq!(reqs.len(), 2);
    assert_eq!(
        reqs[0].uri(),
        format!(
            "http://localhost/workflow-definitions/checkout/acts?workflowRunId={RUN}&maxResults=1"
        )
    );
    assert_eq!(
        reqs[1].uri(),
        format!(
            "http://localhost/workflow-definitions/checkout/acts?workflowRunId={RUN}&maxResults=1&nextToken=acts%202"
        )
    );
}
