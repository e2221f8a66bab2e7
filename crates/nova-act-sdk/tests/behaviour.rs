//! Cross-cutting behaviour of the client: retries, paginators, required members, documents,
//! redaction of sensitive members, values newer than the model, and unreadable responses.

mod common;

use common::*;
use nova_act_sdk::error::{DisplayErrorContext, ProvideErrorMetadata, RequestId, SdkError};
use nova_act_sdk::operation::create_act::CreateActError;
use nova_act_sdk::operation::create_workflow_definition::CreateWorkflowDefinitionInput;
use nova_act_sdk::operation::get_workflow_definition::GetWorkflowDefinitionError;
use nova_act_sdk::operation::list_workflow_runs::ListWorkflowRunsError;
use nova_act_sdk::primitives::{document_from_json, document_to_json};
use nova_act_sdk::types::{
    ActError, ActStatus, Call, CallResult, CallResultContent, ClientInfo, ToolInputSchema,
    ToolSpec, WorkflowRunStatus,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

const REDACTED: &str = "*** Sensitive Data Redacted ***";
const RUN: &str = "11111111-2222-4333-8444-555555555555";
const SESSION: &str = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const ACT: &str = "99999999-8888-4777-8666-555555555555";

fn run_created() -> Resp {
    json_response(
        201,
        r#"{"workflowRunId":"11111111-2222-4333-8444-555555555555","status":"RUNNING"}"#,
    )
}

fn client_info() -> ClientInfo {
    ClientInfo::builder()
        .compatibility_version(1)
        .build()
        .unwrap()
}

fn attempt_header(
    req: &restjson_runtime::deps::aws_smithy_runtime_api::client::orchestrator::HttpRequest,
) -> String {
    header(req, "amz-sdk-request")
        .unwrap_or_default()
        .to_owned()
}

// ----------------------------------------------------------------------------------------
// Retries
// ----------------------------------------------------------------------------------------

#[tokio::test]
async fn throttling_is_retried_with_the_same_client_token() {
    let (client, http) = client(vec![throttling(Form::Header), run_created()]);
    let out = client
        .create_workflow_run()
        .workflow_definition_name("checkout")
        .model_id("nova-act-latest")
        .client_info(client_info())
        .send()
        .await
        .expect("the retry succeeds");
    assert_eq!(out.status(), &WorkflowRunStatus::Running);

    let reqs = requests(&http);
    assert_eq!(reqs.len(), 2, "one throttled attempt and one retry");
    let first = body_json(&reqs[0]);
    let second = body_json(&reqs[1]);
    let token = first["clientToken"].as_str().expect("a clientToken");
    assert_uuid_v4(token);
    assert_eq!(second["clientToken"], first["clientToken"]);
    assert_eq!(first, second, "the retry sends the same body");
    assert_eq!(reqs[0].uri(), reqs[1].uri());
    assert!(
        attempt_header(&reqs[0]).starts_with("attempt=1"),
        "{}",
        attempt_header(&reqs[0])
    );
    assert!(
        attempt_header(&reqs[1]).starts_with("attempt=2"),
        "{}",
        attempt_header(&reqs[1])
    );
    let invocation = header(&reqs[0], "amz-sdk-invocation-id").expect("an invocation id");
    assert_eq!(
        header(&reqs[1], "amz-sdk-invocation-id"),
        Some(invocation),
        "retries of one call share its invocation id"
    );
}

#[tokio::test]
async fn internal_server_error_is_retried_with_the_same_client_token() {
    let (client, http) = client(vec![
        internal_error(Form::BodyType),
        json_response(201, r#"{"actId":"a-1","status":"RUNNING"}"#),
    ]);
    let out = client
        .create_act()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .task("Find the cheapest flight")
        .send()
        .await
        .expect("the retry succeeds");
    assert_eq!(out.act_id(), "a-1");

    let reqs = requests(&http);
    assert_eq!(reqs.len(), 2, "one failed attempt and one retry");
    let first = body_json(&reqs[0]);
    let second = body_json(&reqs[1]);
    assert_uuid_v4(first["clientToken"].as_str().unwrap());
    assert_eq!(first["clientToken"], second["clientToken"]);
    assert_eq!(first, second);
}

#[tokio::test]
async fn explicit_client_token_is_kept_across_retries() {
    let (client, http) = client(vec![
        throttling(Form::BodyType),
        internal_error(Form::Header),
        run_created(),
    ]);
    client
        .create_workflow_run()
        .workflow_definition_name("checkout")
        .model_id("nova-act-latest")
        .client_info(client_info())
        .client_token("my-own-token-0123456789abcdef0123456789")
        .send()
        .await
        .expect("the third attempt succeeds");
    let reqs = requests(&http);
    assert_eq!(reqs.len(), 3);
    for req in &reqs {
        assert_eq!(
            body_json(req)["clientToken"],
            "my-own-token-0123456789abcdef0123456789"
        );
    }
}

#[tokio::test]
async fn retries_stop_after_three_attempts() {
    let (client, http) = client(vec![
        throttling(Form::Header),
        throttling(Form::Header),
        throttling(Form::Header),
        run_created(),
    ]);
    let err = client
        .create_workflow_run()
        .workflow_definition_name("checkout")
        .model_id("nova-act-latest")
        .client_info(client_info())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_throttling_exception(), "{err:?}");
    assert_eq!(requests(&http).len(), 3, "the default is three attempts");
}

#[tokio::test]
async fn validation_exception_is_not_retried() {
    let (client, http) = client(vec![validation(Form::Header), run_created()]);
    let err = client
        .create_workflow_run()
        .workflow_definition_name("checkout")
        .model_id("nova-act-latest")
        .client_info(client_info())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.request_id(), Some("req-validation"));
    let err = err.into_service_error();
    assert!(err.is_validation_exception(), "{err:?}");
    assert_eq!(requests(&http).len(), 1, "client errors are not retried");
}

#[tokio::test]
async fn disabled_retries_make_one_attempt() {
    let (client, http) = client_no_retry(vec![throttling(Form::Header), run_created()]);
    let err = client
        .create_workflow_run()
        .workflow_definition_name("checkout")
        .model_id("nova-act-latest")
        .client_info(client_info())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_throttling_exception());
    assert_eq!(requests(&http).len(), 1);
}

// ----------------------------------------------------------------------------------------
// Paginators
// ----------------------------------------------------------------------------------------

fn runs_page(ids: &[&str], next_token: Option<&str>) -> Resp {
    let summaries: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            json!({
                "workflowRunArn": format!("arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout/workflow-run/{id}"),
                "workflowRunId": id,
                "status": "SUCCEEDED",
                "startedAt": "2025-08-22T10:11:12.345Z"
            })
        })
        .collect();
    let mut body = json!({ "workflowRunSummaries": summaries });
    if let Some(token) = next_token {
        body["nextToken"] = token.into();
    }
    json_response(200, &body.to_string())
}

fn three_pages() -> Vec<Resp> {
    vec![
        runs_page(&["r1", "r2"], Some("token/one+")),
        runs_page(&["r3", "r4"], Some("token-two")),
        runs_page(&["r5"], None),
    ]
}

fn assert_three_page_requests(http: &aws_smithy_http_client::test_util::StaticReplayClient) {
    let reqs = requests(http);
    let uris: Vec<String> = reqs.iter().map(|r| r.uri().to_owned()).collect();
    assert_eq!(
        uris,
        [
            "http://localhost/workflow-definitions/checkout/workflow-runs?maxResults=2",
            "http://localhost/workflow-definitions/checkout/workflow-runs?maxResults=2&nextToken=token%2Fone%2B",
            "http://localhost/workflow-definitions/checkout/workflow-runs?maxResults=2&nextToken=token-two",
        ]
    );
    for req in &reqs {
        assert_eq!(req.method(), "POST");
        assert_eq!(body_json(req), json!({}), "the token is not in the body");
    }
}

fn run_ids(items: &[nova_act_sdk::types::WorkflowRunSummary]) -> Vec<&str> {
    items.iter().map(|r| r.workflow_run_id()).collect()
}

#[tokio::test]
async fn paginator_pages_with_inherent_next() {
    let (client, http) = client(three_pages());
    let mut pages = client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .into_paginator()
        .page_size(2)
        .send();
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("every page succeeds");
        seen.push((
            run_ids(page.workflow_run_summaries())
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>(),
            page.next_token().map(str::to_owned),
        ));
    }
    assert_eq!(
        seen,
        vec![
            (
                vec!["r1".to_owned(), "r2".to_owned()],
                Some("token/one+".to_owned())
            ),
            (
                vec!["r3".to_owned(), "r4".to_owned()],
                Some("token-two".to_owned())
            ),
            (vec!["r5".to_owned()], None),
        ]
    );
    // The stream stays finished, and nothing more is sent.
    assert!(pages.next().await.is_none());
    assert_three_page_requests(&http);
}

#[tokio::test]
async fn paginator_pages_as_a_futures_stream() {
    let (client, http) = client(three_pages());
    let pages: Vec<_> = client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .into_paginator()
        .page_size(2)
        .send()
        .collect()
        .await;
    assert_eq!(pages.len(), 3);
    let counts: Vec<usize> = pages
        .iter()
        .map(|p| p.as_ref().unwrap().workflow_run_summaries().len())
        .collect();
    assert_eq!(counts, [2, 2, 1]);
    assert_three_page_requests(&http);
}

#[tokio::test]
async fn paginator_items_with_try_collect() {
    let (client, http) = client(three_pages());
    let items = client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(run_ids(&items), ["r1", "r2", "r3", "r4", "r5"]);
    assert_three_page_requests(&http);
}

#[tokio::test]
async fn paginator_items_as_a_futures_stream_and_with_next() {
    let (client, http) = client(three_pages());
    let items: Vec<_> = client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .collect()
        .await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|i| i.unwrap().workflow_run_id().to_owned())
        .collect();
    assert_eq!(ids, ["r1", "r2", "r3", "r4", "r5"]);
    assert_three_page_requests(&http);

    let (client, http) = common::client(three_pages());
    let mut stream = client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .into_paginator()
        .page_size(2)
        .items()
        .send();
    let mut ids = Vec::new();
    while let Some(item) = stream.next().await {
        ids.push(item.unwrap().workflow_run_id().to_owned());
    }
    assert_eq!(ids, ["r1", "r2", "r3", "r4", "r5"]);
    assert!(stream.next().await.is_none());
    assert_three_page_requests(&http);
}

#[tokio::test]
async fn paginator_error_on_page_two_ends_the_stream() {
    let (client, http) = client(vec![
        runs_page(&["r1", "r2"], Some("token-two")),
        validation(Form::BodyType),
        runs_page(&["r3"], None),
    ]);
    let mut pages = client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .into_paginator()
        .page_size(2)
        .send();
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(run_ids(first.workflow_run_summaries()), ["r1", "r2"]);
    let err = pages
        .next()
        .await
        .unwrap()
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, ListWorkflowRunsError::ValidationException(_)),
        "{err:?}"
    );
    assert!(pages.next().await.is_none(), "the error ends the stream");
    assert_eq!(requests(&http).len(), 2);
}

#[tokio::test]
async fn paginator_items_error_on_page_two() {
    let (client, http) = client(vec![
        runs_page(&["r1", "r2"], Some("token-two")),
        not_found(Form::Header),
        runs_page(&["r3"], None),
    ]);
    let items: Vec<_> = client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .collect()
        .await;
    assert_eq!(items.len(), 3, "two items, then the error");
    assert_eq!(items[0].as_ref().unwrap().workflow_run_id(), "r1");
    assert_eq!(items[1].as_ref().unwrap().workflow_run_id(), "r2");
    let err = match &items[2] {
        Err(SdkError::ServiceError(e)) => e.err(),
        other => panic!("{other:?}"),
    };
    assert!(err.is_resource_not_found_exception());
    assert_eq!(requests(&http).len(), 2);

    let (client, _http) = common::client(vec![
        runs_page(&["r1", "r2"], Some("token-two")),
        not_found(Form::Header),
    ]);
    let err = client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_resource_not_found_exception());
}

#[tokio::test]
async fn paginator_stops_when_the_service_repeats_the_token() {
    let (client, http) = client(vec![
        runs_page(&["r1"], Some("same")),
        runs_page(&["r2"], Some("same")),
        runs_page(&["r3"], Some("same")),
    ]);
    let items = client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(run_ids(&items), ["r1", "r2"]);
    let reqs = requests(&http);
    assert_eq!(reqs.len(), 2);
    // No page size set: no maxResults.
    assert_eq!(
        reqs[0].uri(),
        "http://localhost/workflow-definitions/checkout/workflow-runs"
    );
    assert_eq!(
        reqs[1].uri(),
        "http://localhost/workflow-definitions/checkout/workflow-runs?nextToken=same"
    );
}

#[tokio::test]
async fn paginator_keeps_sort_order_and_starting_token() {
    let (client, http) = client(vec![
        runs_page(&["r3"], Some("t3")),
        runs_page(&["r4"], None),
    ]);
    let pages = client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .sort_order(nova_act_sdk::types::SortOrder::Desc)
        .next_token("t2")
        .into_paginator()
        .page_size(1)
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    let reqs = requests(&http);
    assert_eq!(
        reqs[0].uri(),
        "http://localhost/workflow-definitions/checkout/workflow-runs?maxResults=1&nextToken=t2"
    );
    assert_eq!(
        reqs[1].uri(),
        "http://localhost/workflow-definitions/checkout/workflow-runs?maxResults=1&nextToken=t3"
    );
    for req in &reqs {
        assert_eq!(body_json(req), json!({"sortOrder": "Descending"}));
    }
}

// ----------------------------------------------------------------------------------------
// Required members
// ----------------------------------------------------------------------------------------

#[tokio::test]
async fn missing_required_member_fails_before_sending() {
    let (client, http) = client(vec![run_created()]);
    let err = client
        .create_workflow_run()
        .workflow_definition_name("checkout")
        .client_info(client_info())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let text = DisplayErrorContext(&err).to_string();
    assert!(text.contains("model_id"), "{text}");
    assert!(requests(&http).is_empty(), "nothing is sent");
}

#[tokio::test]
async fn missing_required_label_and_query_members_fail_before_sending() {
    let (client, http) = client(vec![run_created()]);
    let err = client
        .get_workflow_run()
        .workflow_run_id(RUN)
        .send()
        .await
        .unwrap_err();
    let text = DisplayErrorContext(&err).to_string();
    assert!(text.contains("workflow_definition_name"), "{text}");

    let err = client.list_models().send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let text = DisplayErrorContext(&err).to_string();
    assert!(text.contains("client_compatibility_version"), "{text}");

    let err = client
        .update_workflow_run()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .send()
        .await
        .unwrap_err();
    let text = DisplayErrorContext(&err).to_string();
    assert!(text.contains("status"), "{text}");
    assert!(requests(&http).is_empty(), "nothing is sent");
}

#[tokio::test]
async fn empty_label_fails_before_sending() {
    let (client, http) = client(vec![run_created()]);
    let err = client
        .get_workflow_run()
        .workflow_definition_name("")
        .workflow_run_id(RUN)
        .send()
        .await
        .unwrap_err();
    let text = DisplayErrorContext(&err).to_string();
    assert!(text.contains("workflow_definition_name"), "{text}");
    assert!(requests(&http).is_empty(), "nothing is sent");
}

#[tokio::test]
async fn paginator_with_missing_required_member_yields_one_error() {
    let (client, http) = client(three_pages());
    let mut pages = client.list_workflow_runs().into_paginator().send();
    let err = pages.next().await.unwrap().unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(
        DisplayErrorContext(&err)
            .to_string()
            .contains("workflow_definition_name"),
        "{}",
        DisplayErrorContext(&err)
    );
    assert!(pages.next().await.is_none());
    assert!(requests(&http).is_empty());
}

#[test]
fn nested_structure_builders_name_missing_members() {
    let err = ClientInfo::builder().build().unwrap_err();
    assert!(err.to_string().contains("compatibility_version"), "{err}");
    let err = ClientInfo::builder()
        .sdk_version("1.0")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("compatibility_version"), "{err}");

    // A required union member stays optional, as in the official crate (a union has no
    // value to stand in for a missing one); the service refuses the request without it.
    let spec = ToolSpec::builder()
        .name("t")
        .description("d")
        .build()
        .unwrap();
    assert!(spec.input_schema().is_none());
    let err = CallResult::builder()
        .call_id("initiateAct")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("content"), "{err}");
    let err = ActError::builder().r#type("x").build().unwrap_err();
    assert!(err.to_string().contains("message"), "{err}");
}

// ----------------------------------------------------------------------------------------
// Documents
// ----------------------------------------------------------------------------------------

#[derive(Serialize)]
struct PriceSchema {
    #[serde(rename = "type")]
    kind: &'static str,
    properties: std::collections::BTreeMap<&'static str, PropertySchema>,
    required: Vec<&'static str>,
}

#[derive(Serialize)]
struct PropertySchema {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum: Option<f64>,
}

#[tokio::test]
async fn tool_schemas_from_json_macro_and_from_serialize_types() {
    let (client, http) = client(vec![json_response(
        201,
        r#"{"actId":"a-1","status":"RUNNING"}"#,
    )]);
    let typed = PriceSchema {
        kind: "object",
        properties: [
            (
                "route",
                PropertySchema {
                    kind: "string",
                    minimum: None,
                },
            ),
            (
                "maxPrice",
                PropertySchema {
                    kind: "number",
                    minimum: Some(0.5),
                },
            ),
        ]
        .into_iter()
        .collect(),
        required: vec!["route"],
    };
    client
        .create_act()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .task("Find a fare")
        .tool_specs(
            ToolSpec::builder()
                .name("from_macro")
                .description("built with json!")
                .input_schema(ToolInputSchema::Json(nova_act_sdk::primitives::document_from_json(json!({
                    "type": "object",
                    "properties": {"q": {"type": "string"}, "n": {"type": "integer", "maximum": 10}},
                    "additionalProperties": false,
                    "examples": [null, 1.5, "x", [true]]
                }))))
                .build()
                .unwrap(),
        )
        .tool_specs(
            ToolSpec::builder()
                .name("from_struct")
                .description("built with serde_json::to_value")
                .input_schema(ToolInputSchema::Json(nova_act_sdk::primitives::document_from_json(
                    serde_json::to_value(&typed).unwrap(),
                )))
                .build()
                .unwrap(),
        )
        .client_token("doc-token-0123456789abcdef0123456789abc")
        .send()
        .await
        .unwrap();
    let body = json_body_of(&only_request(&http));
    assert_eq!(
        body["toolSpecs"],
        json!([
            {
                "name": "from_macro",
                "description": "built with json!",
                "inputSchema": {"json": {
                    "type": "object",
                    "properties": {"q": {"type": "string"}, "n": {"type": "integer", "maximum": 10}},
                    "additionalProperties": false,
                    "examples": [null, 1.5, "x", [true]]
                }}
            },
            {
                "name": "from_struct",
                "description": "built with serde_json::to_value",
                "inputSchema": {"json": {
                    "type": "object",
                    "properties": {
                        "maxPrice": {"type": "number", "minimum": 0.5},
                        "route": {"type": "string"}
                    },
                    "required": ["route"]
                }}
            }
        ])
    );
}

/// `agentType`'s positional arguments as the service sends them: value, target box, options.
#[derive(Deserialize, Debug, PartialEq)]
struct TypeArgs(String, String, TypeOptions);

#[derive(Deserialize, Debug, PartialEq)]
struct TypeOptions {
    #[serde(rename = "pressEnter")]
    press_enter: bool,
}

/// The object input of a user tool `lookup_price`.
#[derive(Deserialize, Debug, PartialEq)]
struct PriceQuery {
    route: String,
    #[serde(rename = "maxPrice")]
    max_price: u32,
    #[serde(default)]
    passengers: Vec<(String, String)>,
}

/// The first InvokeActStep of an act, as the official client sends it.
fn first_step_results() -> Vec<CallResult> {
    vec![
        CallResult::builder()
            .call_id("initiateAct")
            .content(CallResultContent::Text("{}".into()))
            .build()
            .unwrap(),
        CallResult::builder()
            .call_id("takeObservation")
            .content(CallResultContent::Text(
                r#"{"activeURL": "https://example.com/", "browserDimensions": {"scrollHeight": 813, "scrollLeft": 0, "scrollTop": 0, "scrollWidth": 1600, "windowHeight": 813, "windowWidth": 1600}, "idToBboxMap": {}, "screenshotBase64": "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBD", "simplifiedDOM": "", "timestamp_ms": 1763683200125, "userAgent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Agent-NovaAct/0.9"}"#
                    .into(),
            ))
            .build()
            .unwrap(),
    ]
}

#[tokio::test]
async fn call_inputs_read_as_value_and_as_user_types() {
    // Built-in actions take JSON arrays of positional arguments, user tools JSON objects. The
    // `goToUrl` call's `[42]` is malformed on purpose (its argument is a URL string).
    let (client, _http) = client(vec![json_response(
        200,
        r#"{"calls":[
            {"callId":"4b3a2918-0716-4f5e-8d4c-3b2a19080706.0","input":["Lisbon a b","<box>120,40,150,600</box>",{"pressEnter":true}],"name":"agentType"},
            {"callId":"4b3a2918-0716-4f5e-8d4c-3b2a19080706.1","input":{"route":"SEA-LIS","maxPrice":250,"passengers":[["Ada","adult"]]},"name":"lookup_price"},
            {"callId":"4b3a2918-0716-4f5e-8d4c-3b2a19080706.2","input":[42],"name":"goToUrl"}
        ],"stepId":"4b3a2918-0716-4f5e-8d4c-3b2a19080706"}"#,
    )]);
    let out = client
        .invoke_act_step()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .act_id(ACT)
        .set_call_results(Some(first_step_results()))
        .send()
        .await
        .unwrap();
    let calls = out.calls();
    let input = document_to_json(calls[0].input());
    assert_eq!(input[0], "Lisbon a b");
    assert_eq!(input[2]["pressEnter"], true);
    assert_eq!(
        calls[0].input_as::<TypeArgs>().unwrap(),
        TypeArgs(
            "Lisbon a b".into(),
            "<box>120,40,150,600</box>".into(),
            TypeOptions { press_enter: true },
        )
    );
    let input = document_to_json(calls[1].input());
    assert_eq!(input["route"], "SEA-LIS");
    assert_eq!(input["maxPrice"].as_u64(), Some(250));
    assert_eq!(
        calls[1].input_as::<PriceQuery>().unwrap(),
        PriceQuery {
            route: "SEA-LIS".into(),
            max_price: 250,
            passengers: vec![("Ada".into(), "adult".into())],
        }
    );
    // An input that does not fit the type is an error, not a panic.
    let err = calls[2].input_as::<(String,)>().unwrap_err();
    assert!(err.to_string().contains("invalid type"), "{err}");
    // The document is kept as received and can be read again as any type.
    let generic: Vec<serde_json::Value> = calls[2].input_as().unwrap();
    assert_eq!(generic, vec![json!(42)]);
}

// ----------------------------------------------------------------------------------------
// Sensitive members
// ----------------------------------------------------------------------------------------

fn assert_redacted(text: &str, secrets: &[&str], visible: &[&str]) {
    assert!(text.contains(REDACTED), "{text}");
    for secret in secrets {
        assert!(!text.contains(secret), "`{secret}` leaked in {text}");
    }
    for value in visible {
        assert!(text.contains(value), "`{value}` missing from {text}");
    }
}

#[test]
fn tool_spec_debug_redacts_description_and_schema() {
    let spec = ToolSpec::builder()
        .name("lookup_price")
        .description("SECRET-DESCRIPTION")
        .input_schema(ToolInputSchema::Json(
            nova_act_sdk::primitives::document_from_json(json!({"SECRET-SCHEMA-KEY": 1})),
        ))
        .build()
        .unwrap();
    assert_redacted(
        &format!("{spec:?}"),
        &["SECRET-DESCRIPTION", "SECRET-SCHEMA-KEY"],
        &["lookup_price"],
    );
    assert_redacted(
        &format!("{:?}", spec.input_schema()),
        &["SECRET-SCHEMA-KEY"],
        &[],
    );
}

#[test]
fn create_act_input_debug_redacts_the_task() {
    let input = nova_act_sdk::operation::create_act::CreateActInput::builder()
        .workflow_definition_name("visible-wf")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .task("SECRET-TASK")
        .tool_specs(
            ToolSpec::builder()
                .name("visible_tool")
                .description("SECRET-DESCRIPTION")
                .input_schema(ToolInputSchema::Json(
                    nova_act_sdk::primitives::document_from_json(json!({"SECRET-SCHEMA-KEY": 1})),
                ))
                .build()
                .unwrap(),
        )
        .client_token("visible-token")
        .build()
        .unwrap();
    assert_redacted(
        &format!("{input:?}"),
        &["SECRET-TASK", "SECRET-DESCRIPTION", "SECRET-SCHEMA-KEY"],
        &["visible-wf", RUN, SESSION, "visible_tool", "visible-token"],
    );
}

#[test]
fn fluent_builder_debug_redacts_the_task() {
    let (client, _http) = client(vec![]);
    let builder = client
        .create_act()
        .workflow_definition_name("visible-wf")
        .task("SECRET-TASK");
    assert_redacted(&format!("{builder:?}"), &["SECRET-TASK"], &["visible-wf"]);
    assert_redacted(
        &format!("{:?}", builder.as_input()),
        &["SECRET-TASK"],
        &["visible-wf"],
    );
}

#[tokio::test]
async fn call_debug_redacts_the_input() {
    const STEP: &str = "7c6b5a49-3827-4615-9504-f3e2d1c0b9a8";
    const PREVIOUS_STEP: &str = "6d5c4b3a-2918-4706-8f5e-4d3c2b1a0918";
    let (client, _http) = client(vec![json_response(
        200,
        &format!(
            r#"{{"calls":[{{"callId":"{STEP}.0","input":{{"password":"SECRET-INPUT"}},"name":"login"}}],"stepId":"{STEP}"}}"#
        ),
    )]);
    let result_id = format!("{PREVIOUS_STEP}.0");
    let out = client
        .invoke_act_step()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .act_id(ACT)
        .call_results(
            CallResult::builder()
                .call_id(&result_id)
                .content(CallResultContent::Text("\"SECRET-RESULT\"".into()))
                .build()
                .unwrap(),
        )
        .previous_step_id(PREVIOUS_STEP)
        .send()
        .await
        .unwrap();
    // Quoted, so the step id is not found inside the call id `<stepId>.0`.
    let call_id = format!("\"{STEP}.0\"");
    let step_id = format!("\"{STEP}\"");
    assert_redacted(
        &format!("{out:?}"),
        &["SECRET-INPUT"],
        &[&call_id, "\"login\"", &step_id],
    );
    assert_redacted(
        &format!("{:?}", out.calls()[0]),
        &["SECRET-INPUT"],
        &[&call_id, "\"login\""],
    );
    // A built-in action's array input is redacted too (here a password being typed).
    let call = Call::builder()
        .call_id(format!("{STEP}.1"))
        .name("agentType")
        .input(document_from_json(json!([
            "SECRET-INPUT",
            "<box>300,600,330,1000</box>",
            {"pressEnter": true}
        ])))
        .build()
        .unwrap();
    assert_redacted(
        &format!("{call:?}"),
        &["SECRET-INPUT"],
        &[&format!("\"{STEP}.1\""), "\"agentType\""],
    );
    let result = CallResult::builder()
        .call_id(&result_id)
        .content(CallResultContent::Text("\"SECRET-RESULT\"".into()))
        .build()
        .unwrap();
    assert_redacted(&format!("{result:?}"), &["SECRET-RESULT"], &[&result_id]);
}

#[test]
fn act_error_debug_redacts_the_message() {
    let error = ActError::builder()
        .message("SECRET-ERROR-MESSAGE")
        .r#type("VisibleType")
        .build()
        .unwrap();
    assert_redacted(
        &format!("{error:?}"),
        &["SECRET-ERROR-MESSAGE"],
        &["VisibleType"],
    );
    let input = nova_act_sdk::operation::update_act::UpdateActInput::builder()
        .workflow_definition_name("visible-wf")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .act_id(ACT)
        .status(ActStatus::Failed)
        .error(error)
        .build()
        .unwrap();
    assert_redacted(
        &format!("{input:?}"),
        &["SECRET-ERROR-MESSAGE"],
        &["visible-wf", "VisibleType", "Failed"],
    );
}

#[tokio::test]
async fn workflow_description_debug_is_redacted() {
    let input = CreateWorkflowDefinitionInput::builder()
        .name("visible-name")
        .description("SECRET-DESCRIPTION")
        .build()
        .unwrap();
    assert_redacted(
        &format!("{input:?}"),
        &["SECRET-DESCRIPTION"],
        &["visible-name"],
    );

    let (client, _http) = client(vec![]);
    let builder = client
        .create_workflow_definition()
        .name("visible-name")
        .description("SECRET-DESCRIPTION");
    assert_redacted(
        &format!("{builder:?}"),
        &["SECRET-DESCRIPTION"],
        &["visible-name"],
    );

    let (client, _http) = common::client(vec![json_response(
        200,
        r#"{"name":"visible-name","arn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/visible-name","createdAt":"2025-08-22T10:11:12.345Z","description":"SECRET-DESCRIPTION","status":"ACTIVE"}"#,
    )]);
    let out = client
        .get_workflow_definition()
        .workflow_definition_name("visible-name")
        .send()
        .await
        .unwrap();
    assert_eq!(out.description(), Some("SECRET-DESCRIPTION"));
    assert_redacted(
        &format!("{out:?}"),
        &["SECRET-DESCRIPTION"],
        &["visible-name", "Active"],
    );
}

// ----------------------------------------------------------------------------------------
// Values newer than the model
// ----------------------------------------------------------------------------------------

#[tokio::test]
async fn unknown_enum_value_is_kept() {
    let (client, _http) = client(vec![json_response(
        201,
        r#"{"actId":"a-1","status":"PAUSED"}"#,
    )]);
    let out = client
        .create_act()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .task("t")
        .send()
        .await
        .unwrap();
    match out.status() {
        ActStatus::Unknown(value) => assert_eq!(value.as_str(), "PAUSED"),
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert_eq!(out.status().as_str(), "PAUSED");
    assert_eq!(out.status().to_string(), "PAUSED");
    assert_eq!(serde_json::to_value(out.status()).unwrap(), json!("PAUSED"));
    assert_eq!(ActStatus::from("PAUSED"), out.status().clone());
    assert_eq!(ActStatus::from("RUNNING"), ActStatus::Running);
}

#[tokio::test]
async fn unknown_enum_values_in_errors_and_lists_are_kept() {
    let (client, _http) = client(vec![response(
        400,
        &[("x-amzn-errortype", "ValidationException")],
        r#"{"message":"no","reason":"BrandNewReason"}"#,
    )]);
    let err = client
        .get_workflow_definition()
        .workflow_definition_name("checkout")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match err {
        GetWorkflowDefinitionError::ValidationException(e) => {
            assert_eq!(e.reason().as_str(), "BrandNewReason");
            assert!(e.field_list().is_empty());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_union_member_is_unknown_and_cannot_be_sent_back() {
    // As in the official crate: a member this version does not know is `Unknown`, without
    // its value, and serializing it fails naming the union.
    let wire = json!({"yaml": {"type": "object", "nested": [1, 2, {"a": null}]}});
    let schema: ToolInputSchema = serde_json::from_value(wire).unwrap();
    assert!(schema.is_unknown());
    assert!(!schema.is_json());
    assert!(
        matches!(schema, ToolInputSchema::Unknown { .. }),
        "{schema:?}"
    );
    let err = serde_json::to_value(&schema).unwrap_err();
    assert!(err.to_string().contains("ToolInputSchema"), "{err}");

    // The known member still reads as itself.
    let known: ToolInputSchema =
        serde_json::from_value(json!({"json": {"type": "string"}})).unwrap();
    assert_eq!(
        known.as_json().unwrap(),
        &document_from_json(json!({"type": "string"}))
    );

    // The same for the other union.
    let content: CallResultContent =
        serde_json::from_value(json!({"image": {"bytes": "aGk="}})).unwrap();
    assert!(content.is_unknown());
    assert!(serde_json::to_value(&content).is_err());
}

#[tokio::test]
async fn a_request_holding_an_unknown_union_member_is_not_sent() {
    let (client, http) = client(vec![json_response(
        201,
        r#"{"actId":"a-1","status":"RUNNING"}"#,
    )]);
    // Received from the service, then handed back in a request.
    let unknown: ToolInputSchema =
        serde_json::from_value(json!({"protobuf": "message X {}"})).unwrap();
    let err = client
        .create_act()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .task("t")
        .tool_specs(
            ToolSpec::builder()
                .name("future")
                .description("d")
                .input_schema(unknown)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(
        DisplayErrorContext(&err)
            .to_string()
            .contains("ToolInputSchema"),
        "{err:?}"
    );
    assert!(requests(&http).is_empty());
}

// ----------------------------------------------------------------------------------------
// Unreadable responses
// ----------------------------------------------------------------------------------------

#[tokio::test]
async fn invalid_json_success_body_is_an_error_naming_the_operation() {
    let (client, http) = client_no_retry(vec![json_response(200, "<html>not json</html>")]);
    let err = client
        .get_workflow_run()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .send()
        .await
        .unwrap_err();
    // The operation's `Unhandled` error, a service error, as in the official SDKs.
    let service_error = err.as_service_error().expect("a service error");
    assert!(
        matches!(
            service_error,
            nova_act_sdk::operation::get_workflow_run::GetWorkflowRunError::Unhandled(_)
        ),
        "{err:?}"
    );
    assert_eq!(service_error.code(), None);
    let text = DisplayErrorContext(&err).to_string();
    assert!(text.contains("GetWorkflowRun"), "{text}");
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn success_body_of_the_wrong_shape_is_an_error_naming_the_operation() {
    let (client, _http) = client_no_retry(vec![
        json_response(201, r#"{"actId":"a-1","status":7}"#),
        json_response(201, r#"{"actId":"a-1","status":"RUNNING""#),
        json_response(200, r#"{"workflowRunSummaries":[{"workflowRunId":"r1"}]}"#),
    ]);
    for _ in 0..2 {
        let err = client
            .create_act()
            .workflow_definition_name("checkout")
            .workflow_run_id(RUN)
            .session_id(SESSION)
            .task("t")
            .send()
            .await
            .unwrap_err();
        let text = DisplayErrorContext(&err).to_string();
        assert!(text.contains("CreateAct"), "{text}");
    }
    let err = client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .send()
        .await
        .unwrap_err();
    let text = DisplayErrorContext(&err).to_string();
    assert!(text.contains("ListWorkflowRuns"), "{text}");
}

#[tokio::test]
async fn bad_timestamp_in_success_body_is_an_error() {
    let (client, _http) = client_no_retry(vec![json_response(
        200,
        r#"{"workflowRunArn":"arn","workflowRunId":"r","status":"RUNNING","startedAt":"yesterday","modelId":"m"}"#,
    )]);
    let err = client
        .get_workflow_run()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .send()
        .await
        .unwrap_err();
    let text = DisplayErrorContext(&err).to_string();
    assert!(text.contains("GetWorkflowRun"), "{text}");
    assert!(text.contains("invalid date-time"), "{text}");
    // Values met in a body may be sensitive: errors do not quote them.
    assert!(!text.contains("yesterday"), "{text}");
}

#[tokio::test]
async fn error_without_a_body_keeps_code_and_request_id() {
    let (client, _http) = client(vec![response(
        403,
        &[
            ("x-amzn-errortype", "AccessDeniedException"),
            ("x-amzn-requestid", "req-empty"),
        ],
        "",
    )]);
    let err = client
        .create_act()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .task("t")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_access_denied_exception(), "{err:?}");
    assert_eq!(err.code(), Some("AccessDeniedException"));
    assert_eq!(err.message(), None);
    assert_eq!(err.request_id(), Some("req-empty"));
}

#[tokio::test]
async fn error_without_any_error_type_is_unhandled() {
    let (client, http) = client(vec![response(
        418,
        &[("x-amzn-requestid", "req-teapot")],
        "<html>I'm a teapot</html>",
    )]);
    let err = client
        .create_act()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .task("t")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(matches!(err, CreateActError::Unhandled(_)), "{err:?}");
    assert_eq!(err.code(), None);
    assert_eq!(err.request_id(), Some("req-teapot"));
    let text = DisplayErrorContext(&err).to_string();
    assert!(text.contains("418"), "{text}");
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn requests_are_signed_for_nova_act() {
    let (client, http) = client(vec![run_created()]);
    client
        .create_workflow_run()
        .workflow_definition_name("checkout")
        .model_id("nova-act-latest")
        .client_info(client_info())
        .send()
        .await
        .unwrap();
    let req = only_request(&http);
    let auth = header(&req, "authorization").expect("signed");
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/"),
        "{auth}"
    );
    assert!(auth.contains("/us-east-1/nova-act/aws4_request"), "{auth}");
    assert!(header(&req, "x-amz-date").is_some());
    let len = header(&req, "content-length").expect("content-length");
    assert_eq!(len, req.body().bytes().unwrap().len().to_string());
}

// ----------------------------------------------------------------------------------------
// Error responses, more shapes
// ----------------------------------------------------------------------------------------

#[tokio::test]
async fn error_type_header_wins_over_body_type() {
    let (client, _http) = client(vec![response(
        409,
        &[
            ("x-amzn-errortype", "ConflictException"),
            ("x-amzn-requestid", "req-both"),
        ],
        r#"{"__type":"com.amazonaws.novaact#ValidationException","message":"busy","resourceId":"r","resourceType":"t"}"#,
    )]);
    let err = client
        .delete_workflow_run()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_conflict_exception(), "{err:?}");
    assert_eq!(err.code(), Some("ConflictException"));
    assert_eq!(err.message(), Some("busy"));
}

#[tokio::test]
async fn retry_after_that_is_not_a_number_is_left_out() {
    let (client, _http) = client_no_retry(vec![response(
        429,
        &[
            ("x-amzn-errortype", "ThrottlingException"),
            ("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),
        ],
        r#"{"message":"slow down"}"#,
    )]);
    let err = client
        .get_workflow_run()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match err {
        nova_act_sdk::operation::get_workflow_run::GetWorkflowRunError::ThrottlingException(e) => {
            assert_eq!(e.message(), "slow down");
            assert_eq!(e.retry_after_seconds(), None);
            assert_eq!(e.service_code(), None);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn service_error_display_names_the_error_and_message() {
    let (client, _http) = client(vec![validation(Form::Header)]);
    let err = client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .send()
        .await
        .unwrap_err();
    let text = DisplayErrorContext(&err).to_string();
    assert!(
        text.contains("ValidationException: 1 validation error detected"),
        "{text}"
    );
    let service = err.into_service_error();
    assert_eq!(
        service.to_string(),
        "ValidationException: 1 validation error detected"
    );
}

#[tokio::test]
async fn modeled_error_with_unreadable_members_keeps_code_and_message() {
    let (client, _http) = client(vec![response(
        400,
        &[
            ("x-amzn-errortype", "ValidationException"),
            ("x-amzn-requestid", "req-odd"),
        ],
        r#"{"message":"odd","fieldList":"not a list"}"#,
    )]);
    let err = client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, ListWorkflowRunsError::Unhandled(_)),
        "{err:?}"
    );
    assert_eq!(err.code(), Some("ValidationException"));
    assert_eq!(err.message(), Some("odd"));
    assert_eq!(err.request_id(), Some("req-odd"));
}

#[tokio::test]
async fn user_agent_names_the_service() {
    let (client, http) = client(vec![json_response(200, r#"{"workflowRunSummaries":[]}"#)]);
    client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .send()
        .await
        .unwrap();
    let req = only_request(&http);
    let ua = header(&req, "x-amz-user-agent").expect("x-amz-user-agent");
    assert!(ua.contains("api/novaact/"), "{ua}");
}

#[tokio::test]
async fn outputs_carry_the_request_id_of_their_response() {
    let (client, _http) = client(vec![
        json_response(
            200,
            r#"{"modelSummaries":[],"modelAliases":[],"compatibilityInformation":{"clientCompatibilityVersion":1,"supportedModelIds":[]}}"#,
        ),
        response(
            201,
            &[("x-amz-request-id", "req-fallback")],
            r#"{"sessionId":"11111111-2222-4333-8444-555555555555"}"#,
        ),
        response(
            201,
            &[],
            r#"{"sessionId":"11111111-2222-4333-8444-555555555555"}"#,
        ),
    ]);
    let models = client
        .list_models()
        .client_compatibility_version(1)
        .send()
        .await
        .expect("ListModels succeeds");
    assert_eq!(models.request_id(), Some("req-ok-1"));
    let session = |client: &nova_act_sdk::Client| {
        client
            .create_session()
            .workflow_definition_name("wf")
            .workflow_run_id("11111111-2222-4333-8444-555555555555")
            .send()
    };
    let with_fallback_header = session(&client).await.expect("CreateSession succeeds");
    assert_eq!(with_fallback_header.request_id(), Some("req-fallback"));
    let without = session(&client).await.expect("CreateSession succeeds");
    assert_eq!(without.request_id(), None);
    // Outputs built by hand (for tests of code that uses the SDK) have none.
    let built = nova_act_sdk::operation::create_session::CreateSessionOutput::builder()
        .session_id("11111111-2222-4333-8444-555555555555")
        .build()
        .expect("required members set");
    assert_eq!(built.request_id(), None);
}
