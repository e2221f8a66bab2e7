//! No secret reaches a log, nor the `Debug` or `Display` form of an error.
//!
//! A `tracing` subscriber captures everything at TRACE (the orchestrator logs the requests it
//! transmits, the response bodies it reads and every output or error it deserializes) while
//! the client runs a whole act lifecycle against the in-process emulator, and then while it
//! meets every kind of error from canned responses. No secret of the table below may appear in
//! the captured text, nor in `{:?}`, `{}` or `DisplayErrorContext` of any error.
//!
//! | secret                        | travels in                                       | surfaced by (before the fix)                        |
//! | ----------------------------- | ------------------------------------------------ | --------------------------------------------------- |
//! | `TASK`                        | CreateAct request body (`task`)                  | request `Debug` at TRACE, without stalled-stream wrapping |
//! | `TOOL_DESCRIPTION`            | CreateAct request body (`toolSpecs`)             | same                                                |
//! | `SCHEMA_DESCRIPTION`          | CreateAct request body (`inputSchema`)           | same                                                |
//! | `CALL_INPUT`                  | InvokeActStep response (`calls[].input`)         | "read HTTP response body" at TRACE                  |
//! | `CALL_RESULT`                 | InvokeActStep request (`callResults`), echoed in the response (`return` input) | both of the above |
//! | `ACT_ERROR`                   | UpdateAct request body (`error.message`)         | request `Debug` at TRACE                            |
//! | `WORKFLOW_DESCRIPTION`        | CreateWorkflowDefinition request, GetWorkflowDefinition response | both of the above                   |
//! | `SECRET_KEY`, `SESSION_TOKEN` | credentials (the token in `x-amz-security-token`) | header `Debug` (redacted by the runtime already)    |
//! | `ERROR_BODY`                  | an error response body, beside the modeled members | `Debug` of `SdkError` (its raw response)          |
//! | `MISTYPED_VALUE`              | a response value of the wrong type               | serde's message in the error (`invalid type: string "..."`) |
//!
//! The emulator's own log lines (target `nova_act_local`) are left out: it is the service, it
//! sees the secrets by design. Canned responses are given streaming bodies, as a real HTTP
//! client gives them, so that the runtime logs them the way it would in production.

mod act_steps;

use act_steps::{first_results, observation, text_result};
use std::io::Write;
use std::sync::{Arc, Mutex};

use aws_smithy_http_client::test_util::infallible_client_fn;
use nova_act_local::Server;
use nova_act_sdk::config::{Credentials, Region, RetryConfig};
use nova_act_sdk::error::{DisplayErrorContext, SdkError};
use nova_act_sdk::types::{ActError, ActStatus, ClientInfo, ToolInputSchema, ToolSpec};
use nova_act_sdk::{Client, Config};
use restjson_runtime::deps::aws_smithy_runtime_api::client::stalled_stream_protection::StalledStreamProtectionConfig;
use restjson_runtime::deps::aws_smithy_types::body::SdkBody;
use serde_json::json;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

const TASK: &str = "secret-task-7f1c0d";
const TOOL_DESCRIPTION: &str = "secret-tool-description-91ab4e";
const SCHEMA_DESCRIPTION: &str = "secret-schema-description-33de8a";
const CALL_INPUT: &str = "secret-call-input-5e2079";
const CALL_RESULT: &str = "secret-call-result-c4d812";
const ACT_ERROR: &str = "secret-act-error-message-0b6f55";
const WORKFLOW_DESCRIPTION: &str = "secret-workflow-description-a9e2c3";
const SECRET_KEY: &str = "secret/access/key/6d13f0";
const SESSION_TOKEN: &str = "secret-session-token-8a47b9";
const ERROR_BODY: &str = "secret-error-body-2c95aa";
const MISTYPED_VALUE: &str = "secret-mistyped-value-77e1d0";

const SECRETS: &[&str] = &[
    TASK,
    TOOL_DESCRIPTION,
    SCHEMA_DESCRIPTION,
    CALL_INPUT,
    CALL_RESULT,
    ACT_ERROR,
    WORKFLOW_DESCRIPTION,
    SECRET_KEY,
    SESSION_TOKEN,
    ERROR_BODY,
    MISTYPED_VALUE,
];

const ACCESS_KEY_ID: &str = "AKIDSECRETSTEST01";

/// Everything the subscriber writes, shared with the test.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Captures every event at TRACE on this thread (the tests run on current-thread runtimes),
/// except the emulator's, until the guard drops.
fn capture() -> (Capture, tracing::subscriber::DefaultGuard) {
    let capture = Capture::default();
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(capture.clone())
        .with_ansi(false)
        .with_filter(tracing_subscriber::filter::filter_fn(|meta| {
            !meta.target().starts_with("nova_act_local")
        }))
        .with_filter(tracing_subscriber::filter::LevelFilter::TRACE);
    let guard = tracing_subscriber::registry().with(layer).set_default();
    (capture, guard)
}

/// Fails naming each secret that `text` (from `what`) contains.
fn assert_no_secret(what: &str, text: &str) {
    let found: Vec<&str> = SECRETS
        .iter()
        .copied()
        .filter(|s| text.contains(s))
        .collect();
    assert!(
        found.is_empty(),
        "{what} shows {found:?}; the text, around the first:\n{}",
        around(text, found[0])
    );
}

fn around(text: &str, secret: &str) -> String {
    let at = text.find(secret).unwrap_or(0);
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(600)
        .map_or(0, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .nth(300)
        .map_or(text.len(), |(i, _)| at + i);
    text[start..end].to_owned()
}

/// Checks every printed form of an error.
fn assert_error_clean<E: std::error::Error + 'static>(what: &str, err: &E) {
    assert_no_secret(&format!("{what}: Debug"), &format!("{err:?}"));
    assert_no_secret(&format!("{what}: Display"), &format!("{err}"));
    assert_no_secret(
        &format!("{what}: DisplayErrorContext"),
        &format!("{}", DisplayErrorContext(err)),
    );
}

fn credentials() -> Credentials {
    Credentials::new(
        ACCESS_KEY_ID,
        SECRET_KEY,
        Some(SESSION_TOKEN.to_owned()),
        None,
        "secrets-test",
    )
}

/// An act whose tool the emulator's agent calls with `{"code": CALL_INPUT}` (the first `enum`
/// value of its schema), and whose answer echoes the tool's result.
async fn lifecycle(client: &Client) {
    let def = "secrets-flow";
    client
        .create_workflow_definition()
        .name(def)
        .description(WORKFLOW_DESCRIPTION)
        .send()
        .await
        .unwrap();
    let got = client
        .get_workflow_definition()
        .workflow_definition_name(def)
        .send()
        .await
        .unwrap();
    assert_eq!(got.description(), Some(WORKFLOW_DESCRIPTION));
    assert_no_secret("GetWorkflowDefinition output: Debug", &format!("{got:?}"));

    let run_id = client
        .create_workflow_run()
        .workflow_definition_name(def)
        .model_id("nova-act-latest")
        .client_info(
            ClientInfo::builder()
                .compatibility_version(1)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .workflow_run_id()
        .to_owned();
    let session = client
        .create_session()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .send()
        .await
        .unwrap()
        .session_id()
        .to_owned();
    let tool = ToolSpec::builder()
        .name("read_code")
        .description(TOOL_DESCRIPTION)
        .input_schema(ToolInputSchema::Json(nova_act_sdk::primitives::document_from_json(json!({
            "type": "object",
            "properties": {
                "code": {"type": "string", "enum": [CALL_INPUT], "description": SCHEMA_DESCRIPTION}
            },
            "required": ["code"]
        }))))
        .build()
        .unwrap();
    let act_id = client
        .create_act()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .session_id(&session)
        .task(TASK)
        .tool_specs(tool)
        .send()
        .await
        .unwrap()
        .act_id()
        .to_owned();

    let observation = observation();
    let mut results = first_results();
    let mut previous: Option<String> = None;
    let mut tool_input = None;
    let mut answer = None;
    for _ in 0..10 {
        let step = client
            .invoke_act_step()
            .workflow_definition_name(def)
            .workflow_run_id(&run_id)
            .session_id(&session)
            .act_id(&act_id)
            .set_call_results(Some(std::mem::take(&mut results)))
            .set_previous_step_id(previous.take())
            .send()
            .await
            .unwrap();
        assert_no_secret("InvokeActStep output: Debug", &format!("{step:?}"));
        for call in step.calls() {
            let input = nova_act_sdk::primitives::document_to_json(call.input());
            let text = match call.name() {
                "return" => {
                    answer = Some(input[0].clone());
                    continue;
                }
                "throw" => panic!("the act failed: {input}"),
                "waitForPageToSettle" => "null".to_owned(),
                "takeObservation" => observation.clone(),
                _ => {
                    tool_input = Some(input.clone());
                    json!(CALL_RESULT).to_string()
                }
            };
            results.push(text_result(call.call_id(), &text));
        }
        if answer.is_some() {
            break;
        }
        previous = Some(step.step_id().to_owned());
    }
    // The secrets did travel: the test would see them if they were printed.
    assert_eq!(tool_input, Some(json!({"code": CALL_INPUT})));
    assert_eq!(answer, Some(json!(CALL_RESULT)));
    client
        .update_act()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .session_id(&session)
        .act_id(&act_id)
        .status(ActStatus::Failed)
        .error(
            ActError::builder()
                .message(ACT_ERROR)
                .r#type("ToolFailure")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

async fn lifecycle_logs_no_secret(stalled_stream_protection: bool) {
    let server = Server::builder()
        .access_key(ACCESS_KEY_ID, SECRET_KEY)
        .start()
        .await
        .expect("the emulator starts");
    let mut config = Config::builder()
        .endpoint_url(server.endpoint_url())
        .region(Region::new("us-east-1"))
        .credentials_provider(credentials());
    if !stalled_stream_protection {
        // Without it the runtime keeps request bodies in memory, where `Debug` prints them.
        config = config.stalled_stream_protection(StalledStreamProtectionConfig::disabled());
    }
    let client = Client::from_conf(config.build());
    let (capture, guard) = capture();
    lifecycle(&client).await;
    drop(guard);
    server.shutdown().await;

    let log = capture.text();
    // The capture does see requests, response bodies (`workflowRunId` is a JSON key of the
    // CreateWorkflowRun response) and outputs; and, without stalled-stream protection, request
    // bodies (`nova-act-latest` is in the CreateWorkflowRun request body only).
    let mut expected = vec![
        "transmitting request",
        "read HTTP response body",
        "workflowRunId",
        "output_or_error",
        "secrets-flow",
    ];
    if !stalled_stream_protection {
        expected.push("nova-act-latest");
    }
    for expected in expected {
        assert!(log.contains(expected), "the log has no `{expected}`");
    }
    assert_no_secret("the TRACE log of a lifecycle", &log);
}

#[tokio::test]
async fn a_lifecycle_logs_no_secret() {
    lifecycle_logs_no_secret(true).await;
}

#[tokio::test]
async fn a_lifecycle_logs_no_secret_without_stalled_stream_protection() {
    lifecycle_logs_no_secret(false).await;
}

/// A client whose every call gets `status`, `error_type` (as `x-amzn-errortype`) and `body`,
/// streamed as a real HTTP client would, without retries.
fn canned(status: u16, error_type: Option<&'static str>, body: String) -> Client {
    let http = infallible_client_fn(move |_request| {
        let mut response = http::Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .header("x-amzn-requestid", "canned-request-id");
        if let Some(error_type) = error_type {
            response = response.header("x-amzn-errortype", error_type);
        }
        response
            .body(SdkBody::from_body_1_x(SdkBody::from(body.clone())))
            .unwrap()
    });
    Client::from_conf(
        Config::builder()
            .endpoint_url("http://localhost")
            .region(Region::new("us-east-1"))
            .credentials_provider(credentials())
            .http_client(http)
            .retry_config(RetryConfig::disabled())
            .build(),
    )
}

/// Whether `err` is the operation's `Unhandled` error: a success whose body is not the output.
fn unhandled(
    err: &SdkError<
        nova_act_sdk::operation::invoke_act_step::InvokeActStepError,
        nova_act_sdk::error::HttpResponse,
    >,
) -> bool {
    matches!(
        err.as_service_error(),
        Some(nova_act_sdk::operation::invoke_act_step::InvokeActStepError::Unhandled(_))
    )
}

/// An `InvokeActStep` call carrying sensitive call results, on `client`.
async fn invoke(
    client: &Client,
) -> Result<
    nova_act_sdk::operation::invoke_act_step::InvokeActStepOutput,
    SdkError<
        nova_act_sdk::operation::invoke_act_step::InvokeActStepError,
        nova_act_sdk::error::HttpResponse,
    >,
> {
    client
        .invoke_act_step()
        .workflow_definition_name("secrets-flow")
        .workflow_run_id("run")
        .session_id("session")
        .act_id("act")
        .call_results(text_result("call", CALL_RESULT))
        .send()
        .await
}

#[tokio::test]
async fn no_error_kind_prints_a_secret() {
    let (capture, guard) = capture();
    let modeled = [
        "ServiceQuotaExceededException",
        "AccessDeniedException",
        "ConflictException",
        "ResourceNotFoundException",
        "ThrottlingException",
        "InternalServerException",
        "ValidationException",
    ];
    // Each modeled error, its body holding a member the model does not know.
    for code in modeled {
        let body = json!({"message": "refused", "echo": ERROR_BODY}).to_string();
        let err = invoke(&canned(400, Some(code), body)).await.unwrap_err();
        let service = err.as_service_error().expect("a service error");
        assert_eq!(
            nova_act_sdk::error::ProvideErrorMetadata::code(service),
            Some(code)
        );
        assert!(!format!("{service:?}").contains("Unhandled"), "{service:?}");
        assert_eq!(
            err.raw_response()
                .and_then(|r| r.body().bytes())
                .map(|b| b.len()),
            Some(
                json!({"message": "refused", "echo": ERROR_BODY})
                    .to_string()
                    .len()
            ),
            "the raw body stays readable"
        );
        assert_error_clean(&format!("{code} (SdkError)"), &err);
        assert_error_clean(code, &err.into_service_error());
    }
    // A modeled error whose member has the wrong type: serde would quote the value.
    let body = json!({"message": "refused", "fieldList": MISTYPED_VALUE}).to_string();
    let err = invoke(&canned(400, Some("ValidationException"), body))
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("Unhandled"), "{err:?}");
    assert_error_clean("a mistyped modeled error", &err);
    // An error the model does not know.
    let body = json!({"message": "unknown", "echo": ERROR_BODY}).to_string();
    let err = invoke(&canned(500, Some("SomethingNewException"), body))
        .await
        .unwrap_err();
    assert!(err
        .as_service_error()
        .is_some_and(|e| e.meta().code() == Some("SomethingNewException")));
    assert_error_clean("an unhandled error", &err);
    assert_error_clean("an unhandled error", &err.into_service_error());
    // An error without a type.
    let err = invoke(&canned(503, None, format!("<html>{ERROR_BODY}</html>")))
        .await
        .unwrap_err();
    assert_error_clean("an error without a type", &err);
    // Successful statuses whose body is not the output: unhandled service errors.
    let body = json!({"stepId": "step", "calls": MISTYPED_VALUE}).to_string();
    let err = invoke(&canned(200, None, body)).await.unwrap_err();
    assert!(unhandled(&err), "{err:?}");
    assert_error_clean("an unreadable output (mistyped)", &err);
    let err = invoke(&canned(200, None, format!("not json {ERROR_BODY}")))
        .await
        .unwrap_err();
    assert!(unhandled(&err), "{err:?}");
    assert_error_clean("an unreadable output (not JSON)", &err);
    let body = json!({"calls": [{"callId": "c", "name": "tool", "input": {"a": CALL_INPUT}}]});
    let err = invoke(&canned(200, None, body.to_string()))
        .await
        .unwrap_err();
    assert!(unhandled(&err), "{err:?}");
    assert_error_clean("an unreadable output (missing member)", &err);
    assert!(
        format!("{}", DisplayErrorContext(&err)).contains("stepId"),
        "{err}"
    );
    // A construction failure: the input holds secrets, a required member is missing.
    let err = canned(200, None, String::new())
        .invoke_act_step()
        .workflow_definition_name("secrets-flow")
        .call_results(text_result("call", CALL_RESULT))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert_error_clean("a construction failure", &err);
    drop(guard);

    let log = capture.text();
    assert!(log.contains("read HTTP response body"), "the capture works");
    assert_no_secret("the TRACE log of failing calls", &log);
}
