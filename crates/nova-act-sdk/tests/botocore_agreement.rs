//! Wire agreement with botocore.
//!
//! `tests/fixtures/botocore-requests.json` records, for a set of inputs covering every
//! operation, the request botocore's own rest-json serializer builds (written by
//! `tools/botocore-fixtures/generate.py`; CI checks it is current with `--check`). This test
//! sends the same inputs through the Rust client's fluent builders, over an in-memory HTTP
//! client, and compares what would go on the wire: the method, the path and query string
//! (query parameters as a multiset; an order difference alone is printed as a note, not a
//! failure — botocore's order is the model's member order), the headers that carry data, and
//! the body as JSON (an empty body and `{}` are different).
//!
//! When the two disagree, botocore is the reference: the test fails naming each case and
//! each difference, and the generator gets fixed.

mod common;

use common::{client, requests, response};
use nova_act_sdk::error::DisplayErrorContext;
use nova_act_sdk::types::{
    ActError, ActStatus, CallResult, CallResultContent, ClientInfo, SortOrder, ToolInputSchema,
    ToolSpec, WorkflowExportConfig, WorkflowRunStatus,
};
use nova_act_sdk::Client;
use restjson_runtime::deps::aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

const FIXTURE: &str = include_str!("fixtures/botocore-requests.json");

/// Every operation of the service; the fixture must cover each at least once.
const OPERATIONS: [&str; 16] = [
    "CreateAct",
    "CreateSession",
    "CreateWorkflowDefinition",
    "CreateWorkflowRun",
    "DeleteWorkflowDefinition",
    "DeleteWorkflowRun",
    "GetWorkflowDefinition",
    "GetWorkflowRun",
    "InvokeActStep",
    "ListActs",
    "ListModels",
    "ListSessions",
    "ListWorkflowDefinitions",
    "ListWorkflowRuns",
    "UpdateAct",
    "UpdateWorkflowRun",
];

/// Headers the Rust client adds that do not come from the input: signing, user agent,
/// retry bookkeeping, framing. botocore adds its equivalents later in its pipeline, after
/// the serializer, so they are not in the fixture either. Everything else must match.
const NON_DATA_HEADERS: &[&str] = &[
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "authorization",
    "content-length",
    "user-agent",
    "x-amz-content-sha256",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-user-agent",
];

/// A valid body for each operation's output, so every call succeeds.
fn canned_output(operation: &str) -> Option<&'static str> {
    Some(match operation {
        "CreateAct" => r#"{"actId":"9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a","status":"RUNNING"}"#,
        "CreateSession" => r#"{"sessionId":"1a2b3c4d-5e6f-4a0b-9c8d-7e6f5a4b3c2d"}"#,
        "CreateWorkflowDefinition" => r#"{"status":"ACTIVE"}"#,
        "CreateWorkflowRun" => {
            r#"{"workflowRunId":"0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0","status":"RUNNING"}"#
        }
        "DeleteWorkflowDefinition" => r#"{"status":"DELETING"}"#,
        "DeleteWorkflowRun" => r#"{"status":"DELETING"}"#,
        "GetWorkflowDefinition" => {
            r#"{"name":"checkout-flow","arn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout-flow","createdAt":"2025-08-22T10:11:12Z","status":"ACTIVE"}"#
        }
        "GetWorkflowRun" => {
            r#"{"workflowRunArn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout-flow/workflow-run/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0","workflowRunId":"0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0","status":"RUNNING","startedAt":"2025-08-22T10:11:12.345Z","modelId":"nova-act-latest"}"#
        }
        "InvokeActStep" => r#"{"calls":[],"stepId":"5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c"}"#,
        "ListActs" => r#"{"actSummaries":[]}"#,
        "ListModels" => {
            r#"{"modelSummaries":[],"modelAliases":[],"compatibilityInformation":{"clientCompatibilityVersion":1,"supportedModelIds":[]}}"#
        }
        "ListSessions" => r#"{"sessionSummaries":[]}"#,
        "ListWorkflowDefinitions" => r#"{"workflowDefinitionSummaries":[]}"#,
        "ListWorkflowRuns" => r#"{"workflowRunSummaries":[]}"#,
        "UpdateAct" => "{}",
        "UpdateWorkflowRun" => "{}",
        _ => return None,
    })
}

/// The members of one JSON object of the fixture's params, read by name. Remembers which
/// members were read, so members this test does not map are reported instead of ignored.
struct Params<'a> {
    context: String,
    map: &'a Map<String, Value>,
    used: BTreeSet<&'a str>,
}

impl<'a> Params<'a> {
    fn new(context: impl Into<String>, value: &'a Value) -> Result<Self, String> {
        let context = context.into();
        let map = value
            .as_object()
            .ok_or_else(|| format!("{context}: expected a JSON object, got {value}"))?;
        Ok(Self {
            context,
            map,
            used: BTreeSet::new(),
        })
    }

    fn get(&mut self, key: &str) -> Option<&'a Value> {
        let (key, value) = self.map.get_key_value(key)?;
        self.used.insert(key.as_str());
        (!value.is_null()).then_some(value)
    }

    fn string(&mut self, key: &str) -> Result<Option<String>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!(
                "{}.{key}: expected a string, got {other}",
                self.context
            )),
        }
    }

    fn int(&mut self, key: &str) -> Result<Option<i32>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => value
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| {
                    format!(
                        "{}.{key}: expected a 32-bit integer, got {value}",
                        self.context
                    )
                }),
        }
    }

    fn list(&mut self, key: &str) -> Result<Option<&'a [Value]>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(other) => Err(format!(
                "{}.{key}: expected a list, got {other}",
                self.context
            )),
        }
    }

    /// Maps each item of a list member with `f`.
    fn list_of<T>(
        &mut self,
        key: &str,
        f: impl Fn(String, &'a Value) -> Result<T, String>,
    ) -> Result<Option<Vec<T>>, String> {
        let context = format!("{}.{key}", self.context);
        self.list(key)?
            .map(|items| {
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| f(format!("{context}[{i}]"), item))
                    .collect()
            })
            .transpose()
    }

    /// Maps a structure member with `f`.
    fn structure<T>(
        &mut self,
        key: &str,
        f: impl Fn(String, &'a Value) -> Result<T, String>,
    ) -> Result<Option<T>, String> {
        let context = format!("{}.{key}", self.context);
        self.get(key).map(|value| f(context, value)).transpose()
    }

    /// Fails naming the members that were never read.
    fn finish(self) -> Result<(), String> {
        let unread: Vec<&str> = self
            .map
            .keys()
            .map(String::as_str)
            .filter(|k| !self.used.contains(k))
            .collect();
        if unread.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{}: members this test does not map onto the Rust builders: {}",
                self.context,
                unread.join(", ")
            ))
        }
    }
}

fn built<T>(
    context: &str,
    result: Result<T, nova_act_sdk::error::BuildError>,
) -> Result<T, String> {
    result.map_err(|e| format!("{context}: the builder refused the input: {e}"))
}

fn tool_spec(context: String, value: &Value) -> Result<ToolSpec, String> {
    let mut p = Params::new(&context, value)?;
    let spec = ToolSpec::builder()
        .set_name(p.string("name")?)
        .set_description(p.string("description")?)
        .set_input_schema(p.structure("inputSchema", tool_input_schema)?);
    p.finish()?;
    built(&context, spec.build())
}

/// `ToolInputSchema` is a union: exactly one member is set.
fn tool_input_schema(context: String, value: &Value) -> Result<ToolInputSchema, String> {
    let mut p = Params::new(&context, value)?;
    let schema = match p.get("json") {
        // A document: passed through as the JSON value it is.
        Some(document) => ToolInputSchema::Json(nova_act_sdk::primitives::document_from_json(
            document.clone(),
        )),
        None => return Err(format!("{context}: no known union member set")),
    };
    p.finish()?;
    Ok(schema)
}

fn call_result(context: String, value: &Value) -> Result<CallResult, String> {
    let mut p = Params::new(&context, value)?;
    let result = CallResult::builder()
        .set_call_id(p.string("callId")?)
        .set_content(p.list_of("content", call_result_content)?);
    p.finish()?;
    built(&context, result.build())
}

/// `CallResultContent` is a union: exactly one member is set.
fn call_result_content(context: String, value: &Value) -> Result<CallResultContent, String> {
    let mut p = Params::new(&context, value)?;
    let content = match p.string("text")? {
        Some(text) => CallResultContent::Text(text),
        None => return Err(format!("{context}: no known union member set")),
    };
    p.finish()?;
    Ok(content)
}

fn export_config(context: String, value: &Value) -> Result<WorkflowExportConfig, String> {
    let mut p = Params::new(&context, value)?;
    let config = WorkflowExportConfig::builder()
        .set_s3_bucket_name(p.string("s3BucketName")?)
        .set_s3_key_prefix(p.string("s3KeyPrefix")?);
    p.finish()?;
    built(&context, config.build())
}

fn client_info(context: String, value: &Value) -> Result<ClientInfo, String> {
    let mut p = Params::new(&context, value)?;
    let info = ClientInfo::builder()
        .set_compatibility_version(p.int("compatibilityVersion")?)
        .set_sdk_version(p.string("sdkVersion")?);
    p.finish()?;
    built(&context, info.build())
}

fn act_error(context: String, value: &Value) -> Result<ActError, String> {
    let mut p = Params::new(&context, value)?;
    let error = ActError::builder()
        .set_message(p.string("message")?)
        .set_type(p.string("type")?);
    p.finish()?;
    built(&context, error.build())
}

fn sort_order(p: &mut Params<'_>) -> Result<Option<SortOrder>, String> {
    Ok(p.string("sortOrder")?.map(|s| SortOrder::from(s.as_str())))
}

/// The outcome of a call: `Err` with the error when it failed.
fn outcome<T, E: std::error::Error + 'static>(result: Result<T, E>) -> Result<(), String> {
    result
        .map(drop)
        .map_err(|e| DisplayErrorContext(&e).to_string())
}

/// Maps the params onto the operation's fluent builder and sends the call. The outer error
/// means nothing could be sent; the inner result is the call's own.
async fn send(
    client: &Client,
    operation: &str,
    p: &mut Params<'_>,
) -> Result<Result<(), String>, String> {
    Ok(match operation {
        "CreateAct" => {
            let call = client
                .create_act()
                .set_workflow_definition_name(p.string("workflowDefinitionName")?)
                .set_workflow_run_id(p.string("workflowRunId")?)
                .set_session_id(p.string("sessionId")?)
                .set_task(p.string("task")?)
                .set_tool_specs(p.list_of("toolSpecs", tool_spec)?)
                .set_client_token(p.string("clientToken")?);
            outcome(call.send().await)
        }
        "CreateSession" => {
            let call = client
                .create_session()
                .set_workflow_definition_name(p.string("workflowDefinitionName")?)
                .set_workflow_run_id(p.string("workflowRunId")?)
                .set_client_token(p.string("clientToken")?);
            outcome(call.send().await)
        }
        "CreateWorkflowDefinition" => {
            let call = client
                .create_workflow_definition()
                .set_name(p.string("name")?)
                .set_description(p.string("description")?)
                .set_export_config(p.structure("exportConfig", export_config)?)
                .set_client_token(p.string("clientToken")?);
            outcome(call.send().await)
        }
        "CreateWorkflowRun" => {
            let call = client
                .create_workflow_run()
                .set_workflow_definition_name(p.string("workflowDefinitionName")?)
                .set_model_id(p.string("modelId")?)
                .set_client_token(p.string("clientToken")?)
                .set_log_group_name(p.string("logGroupName")?)
                .set_client_info(p.structure("clientInfo", client_info)?);
            outcome(call.send().await)
        }
        "DeleteWorkflowDefinition" => {
            let call = client
                .delete_workflow_definition()
                .set_workflow_definition_name(p.string("workflowDefinitionName")?);
            outcome(call.send().await)
        }
        "DeleteWorkflowRun" => {
            let call = client
                .delete_workflow_run()
                .set_workflow_definition_name(p.string("workflowDefinitionName")?)
                .set_workflow_run_id(p.string("workflowRunId")?);
            outcome(call.send().await)
        }
        "GetWorkflowDefinition" => {
            let call = client
                .get_workflow_definition()
                .set_workflow_definition_name(p.string("workflowDefinitionName")?);
            outcome(call.send().await)
        }
        "GetWorkflowRun" => {
            let call = client
                .get_workflow_run()
                .set_workflow_definition_name(p.string("workflowDefinitionName")?)
                .set_workflow_run_id(p.string("workflowRunId")?);
            outcome(call.send().await)
        }
        "InvokeActStep" => {
            let call = client
                .invoke_act_step()
                .set_workflow_definition_name(p.string("workflowDefinitionName")?)
                .set_workflow_run_id(p.string("workflowRunId")?)
                .set_session_id(p.string("sessionId")?)
                .set_act_id(p.string("actId")?)
                .set_call_results(p.list_of("callResults", call_result)?)
                .set_previous_step_id(p.string("previousStepId")?);
            outcome(call.send().await)
        }
        "ListActs" => {
            let call = client
                .list_acts()
                .set_workflow_definition_name(p.string("workflowDefinitionName")?)
                .set_workflow_run_id(p.string("workflowRunId")?)
                .set_session_id(p.string("sessionId")?)
                .set_max_results(p.int("maxResults")?)
                .set_next_token(p.string("nextToken")?)
                .set_sort_order(sort_order(p)?);
            outcome(call.send().await)
        }
        "ListModels" => {
            let call = client
                .list_models()
                .set_client_compatibility_version(p.int("clientCompatibilityVersion")?);
            outcome(call.send().await)
        }
        "ListSessions" => {
            let call = client
                .list_sessions()
                .set_workflow_definition_name(p.string("workflowDefinitionName")?)
                .set_workflow_run_id(p.string("workflowRunId")?)
                .set_max_results(p.int("maxResults")?)
                .set_next_token(p.string("nextToken")?)
                .set_sort_order(sort_order(p)?);
            outcome(call.send().await)
        }
        "ListWorkflowDefinitions" => {
            let call = client
                .list_workflow_definitions()
                .set_max_results(p.int("maxResults")?)
                .set_next_token(p.string("nextToken")?)
                .set_sort_order(sort_order(p)?);
            outcome(call.send().await)
        }
        "ListWorkflowRuns" => {
            let call = client
                .list_workflow_runs()
                .set_workflow_definition_name(p.string("workflowDefinitionName")?)
                .set_max_results(p.int("maxResults")?)
                .set_next_token(p.string("nextToken")?)
                .set_sort_order(sort_order(p)?);
            outcome(call.send().await)
        }
        "UpdateAct" => {
            let call = client
                .update_act()
                .set_workflow_definition_name(p.string("workflowDefinitionName")?)
                .set_workflow_run_id(p.string("workflowRunId")?)
                .set_session_id(p.string("sessionId")?)
                .set_act_id(p.string("actId")?)
                .set_status(p.string("status")?.map(|s| ActStatus::from(s.as_str())))
                .set_error(p.structure("error", act_error)?);
            outcome(call.send().await)
        }
        "UpdateWorkflowRun" => {
            let call = client
                .update_workflow_run()
                .set_workflow_definition_name(p.string("workflowDefinitionName")?)
                .set_workflow_run_id(p.string("workflowRunId")?)
                .set_status(
                    p.string("status")?
                        .map(|s| WorkflowRunStatus::from(s.as_str())),
                );
            outcome(call.send().await)
        }
        other => return Err(format!("unknown operation `{other}`")),
    })
}

/// A value as short JSON for messages: long strings are cut.
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 160 {
        let cut: String = text.chars().take(157).collect();
        format!("{cut}...")
    } else {
        text
    }
}

/// Escapes a key for a JSON pointer (RFC 6901).
fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Lists where two JSON values differ, as JSON pointers.
fn json_diff(pointer: &str, botocore: &Value, ours: &Value, out: &mut Vec<String>) {
    match (botocore, ours) {
        (Value::Object(theirs), Value::Object(mine)) => {
            for (key, value) in theirs {
                let at = format!("{pointer}/{}", pointer_token(key));
                match mine.get(key) {
                    Some(other) => json_diff(&at, value, other, out),
                    None => out.push(format!(
                        "body {at}: botocore sends {}, ours omits it",
                        short(value)
                    )),
                }
            }
            for (key, value) in mine {
                if !theirs.contains_key(key) {
                    out.push(format!(
                        "body {pointer}/{}: botocore omits it, ours sends {}",
                        pointer_token(key),
                        short(value)
                    ));
                }
            }
        }
        (Value::Array(theirs), Value::Array(mine)) => {
            if theirs.len() != mine.len() {
                out.push(format!(
                    "body {}: botocore has {} item(s), ours {}",
                    if pointer.is_empty() { "/" } else { pointer },
                    theirs.len(),
                    mine.len()
                ));
            }
            for (i, (value, other)) in theirs.iter().zip(mine).enumerate() {
                json_diff(&format!("{pointer}/{i}"), value, other, out);
            }
        }
        _ if botocore != ours => out.push(format!(
            "body {}: botocore {}, ours {}",
            if pointer.is_empty() { "/" } else { pointer },
            short(botocore),
            short(ours)
        )),
        _ => {}
    }
}

/// Items of `a` not matched by an item of `b`, counting repeats.
fn multiset_minus<'s>(a: &[&'s str], b: &[&str]) -> Vec<&'s str> {
    let mut rest: Vec<&str> = b.to_vec();
    a.iter()
        .copied()
        .filter(|item| match rest.iter().position(|r| r == item) {
            Some(i) => {
                rest.swap_remove(i);
                false
            }
            None => true,
        })
        .collect()
}

/// The problems found comparing one captured request with botocore's, and notes about
/// differences that are not failures.
#[derive(Default)]
struct Report {
    problems: Vec<String>,
    notes: Vec<String>,
}

fn compare(case: &Value, request: &HttpRequest, report: &mut Report) {
    // Method.
    let method = case["method"].as_str().unwrap_or_default();
    if request.method() != method {
        report.problems.push(format!(
            "method: botocore {method}, ours {}",
            request.method()
        ));
    }

    // Path.
    let uri: http::Uri = match request.uri().parse() {
        Ok(uri) => uri,
        Err(e) => {
            report
                .problems
                .push(format!("uri: ours `{}` does not parse: {e}", request.uri()));
            return;
        }
    };
    let path = case["path"].as_str().unwrap_or_default();
    if uri.path() != path {
        report
            .problems
            .push(format!("path: botocore `{path}`, ours `{}`", uri.path()));
    }

    // Query string, as a multiset of still-encoded `name=value` pairs.
    let theirs: Vec<&str> = case["query"]
        .as_array()
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mine: Vec<&str> = uri
        .query()
        .filter(|q| !q.is_empty())
        .map(|q| q.split('&').collect())
        .unwrap_or_default();
    if theirs != mine {
        let missing = multiset_minus(&theirs, &mine);
        let extra = multiset_minus(&mine, &theirs);
        if missing.is_empty() && extra.is_empty() {
            report.notes.push(format!(
                "query parameter order differs (same multiset): botocore `{}`, ours `{}`",
                theirs.join("&"),
                mine.join("&")
            ));
        } else {
            let mut problem = format!(
                "query: botocore `{}`, ours `{}`",
                theirs.join("&"),
                mine.join("&")
            );
            if !missing.is_empty() {
                problem.push_str(&format!("; missing from ours: {missing:?}"));
            }
            if !extra.is_empty() {
                problem.push_str(&format!("; not sent by botocore: {extra:?}"));
            }
            report.problems.push(problem);
        }
    }

    // Data headers: botocore's, against ours without signing and transport headers.
    let mut their_headers: BTreeMap<String, String> = BTreeMap::new();
    if let Some(headers) = case["headers"].as_object() {
        for (name, value) in headers {
            their_headers.insert(
                name.to_ascii_lowercase(),
                value.as_str().unwrap_or_default().to_owned(),
            );
        }
    }
    let mut my_headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in request.headers().iter() {
        let name = name.to_ascii_lowercase();
        if !NON_DATA_HEADERS.contains(&name.as_str()) {
            my_headers.entry(name).or_default().push(value.to_owned());
        }
    }
    for (name, value) in &their_headers {
        match my_headers.get(name) {
            None => report.problems.push(format!(
                "header `{name}`: botocore sends `{value}`, ours omits it"
            )),
            Some(values) if values.len() != 1 || &values[0] != value => report.problems.push(
                format!("header `{name}`: botocore `{value}`, ours {values:?}"),
            ),
            Some(_) => {}
        }
    }
    for (name, values) in &my_headers {
        if !their_headers.contains_key(name) {
            report.problems.push(format!(
                "header `{name}`: botocore omits it, ours sends {values:?}"
            ));
        }
    }

    // Body, as JSON; an empty body is `null`, which differs from `{}`.
    let their_raw = case["rawBody"].as_str().unwrap_or_default();
    let theirs = &case["body"];
    let bytes = request.body().bytes().unwrap_or_default();
    let my_raw = String::from_utf8_lossy(bytes);
    let mine = if bytes.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(bytes) {
            Ok(value) => value,
            Err(e) => {
                report.problems.push(format!(
                    "body: ours is not JSON ({e}): `{my_raw}`; botocore `{their_raw}`"
                ));
                return;
            }
        }
    };
    if theirs != &mine {
        match (theirs, &mine) {
            (Value::Null, _) | (_, Value::Null) => report.problems.push(format!(
                "body: botocore {}, ours {}",
                if their_raw.is_empty() {
                    "sends no body".to_owned()
                } else {
                    format!("`{their_raw}`")
                },
                if my_raw.is_empty() {
                    "sends no body".to_owned()
                } else {
                    format!("`{my_raw}`")
                },
            )),
            _ => json_diff("", theirs, &mine, &mut report.problems),
        }
    }
}

async fn check_case(case: &Value) -> Report {
    let mut report = Report::default();
    let operation = case["operation"].as_str().unwrap_or_default();
    let Some(output) = canned_output(operation) else {
        report
            .problems
            .push(format!("unknown operation `{operation}`"));
        return report;
    };
    let (client, http) = client(vec![response(
        200,
        &[
            ("content-type", "application/json"),
            ("x-amzn-requestid", "botocore-agreement"),
        ],
        output,
    )]);

    let mut params = match Params::new("params", &case["params"]) {
        Ok(params) => params,
        Err(e) => {
            report.problems.push(e);
            return report;
        }
    };
    match send(&client, operation, &mut params).await {
        Err(e) => report.problems.push(e),
        Ok(Err(e)) => report.problems.push(format!("the call failed: {e}")),
        Ok(Ok(())) => {}
    }
    if let Err(e) = params.finish() {
        report.problems.push(e);
    }

    let sent = requests(&http);
    match sent.as_slice() {
        [request] => compare(case, request, &mut report),
        _ => report.problems.push(format!(
            "expected one request, the client sent {}",
            sent.len()
        )),
    }
    report
}

#[tokio::test]
async fn requests_agree_with_botocore() {
    let fixture: Value = serde_json::from_str(FIXTURE).expect("the fixture is JSON");
    let version = fixture["botocoreVersion"].as_str().unwrap_or("?");
    let cases = fixture["cases"].as_array().expect("the fixture has cases");

    let covered: BTreeSet<&str> = cases
        .iter()
        .filter_map(|c| c["operation"].as_str())
        .collect();
    let uncovered: Vec<&str> = OPERATIONS
        .iter()
        .copied()
        .filter(|op| !covered.contains(op))
        .collect();
    assert!(
        uncovered.is_empty(),
        "the fixture has no case for {uncovered:?}; run tools/botocore-fixtures/generate.py"
    );

    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("(unnamed case)");
        let report = check_case(case).await;
        for note in &report.notes {
            eprintln!("note: {name}: {note}");
        }
        if !report.problems.is_empty() {
            failures.push(format!("{name}:\n    {}", report.problems.join("\n    ")));
        }
    }
    eprintln!(
        "{} of {} cases agree with botocore {version}",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases disagree with botocore {version} (botocore is the reference):\n  {}",
        failures.len(),
        cases.len(),
        failures.join("\n  ")
    );
}
