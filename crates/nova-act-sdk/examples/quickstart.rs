//! Quickstart: a whole Nova Act workflow whose act calls a tool written in Rust.
//!
//! ```text
//! cargo run -p nova-act-sdk --example quickstart            # against the local emulator
//! cargo run -p nova-act-sdk --example quickstart -- --real  # against Amazon Nova Act
//! ```
//!
//! By default the example starts the `nova-act-local` emulator inside this process, on
//! 127.0.0.1, so no AWS account and no network are needed. The SDK is configured exactly as
//! an application would configure it, through `aws-config`: only the endpoint URL, the region
//! and the credentials (the emulator's documented example key pair) are given in code.
//!
//! With `--real`, nothing is started: `aws-config`'s default chain supplies the region and
//! the credentials (environment, profile, SSO, instance role, ...), and the same steps run
//! against the service. This creates (and at the end deletes) a workflow definition in your
//! account.
//!
//! The steps:
//! 1. pick a model with `ListModels`;
//! 2. create a workflow definition, start a workflow run, open a session;
//! 3. create an act whose task can use one local tool, `lookup_fare`, declared with a JSON
//!    Schema;
//! 4. drive the act with `InvokeActStep` as the service expects: the first step reports
//!    `initiateAct` and an observation, every later step answers each call by its `callId`
//!    (the tool's result as JSON text, `null` for waits, an observation when asked), until
//!    the act's `return` (its answer) or `throw` (why it failed); then report the outcome
//!    with `UpdateAct`;
//! 5. mark the workflow run `SUCCEEDED` (or `FAILED`), list runs, sessions and acts with the
//!    paginators;
//! 6. delete the run and the definition.
//!
//! This client has no browser. Its observations describe a blank page of the recommended
//! size (1600x813, a white JPEG); an act that asks for a browser action fails, and says so.
//! The act loop itself is the protocol a real client runs; `nova-act-agent` will run it with
//! a browser.

use std::error::Error;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::BehaviorVersion;
use base64::Engine as _;
use nova_act_sdk::config::{Credentials, Region};
use nova_act_sdk::types::{
    ActError, ActStatus, Call, CallResult, CallResultContent, ClientInfo, ToolInputSchema,
    ToolSpec, WorkflowRunStatus,
};
use nova_act_sdk::Client;
use serde_json::{json, Value};

type BoxError = Box<dyn Error + Send + Sync>;

/// API compatibility level this client implements (checked by `CreateWorkflowRun`).
const COMPATIBILITY_VERSION: i32 = 1;

/// The act's task, in plain words.
const TASK: &str = "Look up the fare of a flight to Lisbon (LIS) with the lookup_fare tool, \
                    and answer with that fare.";

/// Name of the local tool, as declared in the tool spec and called by the act.
const TOOL_NAME: &str = "lookup_fare";

/// The recommended viewport, in CSS pixels, which the blank observation reports.
const VIEWPORT: (u16, u16) = (1600, 813);

/// Upper bound on the steps of one act, so that a misbehaving agent cannot loop forever.
const MAX_STEPS: usize = 25;

/// The data behind the local tool: economy fares from Amsterdam.
const FARES: &[(&str, &str, u32)] = &[
    ("LIS", "Lisbon", 129),
    ("OPO", "Porto", 98),
    ("MAD", "Madrid", 143),
    ("BCN", "Barcelona", 117),
];

#[tokio::main]
async fn main() -> ExitCode {
    let mut real = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--real" => real = true,
            "-h" | "--help" => {
                println!("usage: quickstart [--real]");
                println!(
                    "  (no flag)  run against the nova-act-local emulator, started in-process"
                );
                println!(
                    "  --real     run against Amazon Nova Act with aws-config's default chain"
                );
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("error: unknown argument '{other}' (try --help)");
                return ExitCode::from(2);
            }
        }
    }
    match run(real).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The error and its causes: for an SdkError, the service's error code and message.
            // (An operation's error enum gives its variant as cause, which reads the same, so
            // repeats are skipped.)
            let mut message = e.to_string();
            let mut last = message.clone();
            let mut source = e.source();
            while let Some(cause) = source {
                let text = cause.to_string();
                if text != last {
                    message.push_str(": ");
                    message.push_str(&text);
                    last = text;
                }
                source = cause.source();
            }
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(real: bool) -> Result<(), BoxError> {
    let (client, emulator) = if real {
        // Region, credentials and everything else from the environment and the profile.
        let sdk_config = aws_config::defaults(BehaviorVersion::latest())
            .http_client(nova_act_sdk::http::https_client())
            .load()
            .await;
        let Some(region) = sdk_config.region() else {
            return Err("--real needs a region: set AWS_REGION or `region` in your profile".into());
        };
        println!("Using Amazon Nova Act in {region}");
        (Client::new(&sdk_config), None)
    } else {
        let server = nova_act_local::Server::builder().start().await?;
        println!("Started nova-act-local at {}", server.endpoint_url());
        let sdk_config = aws_config::defaults(BehaviorVersion::latest())
            .http_client(nova_act_sdk::http::https_client())
            .endpoint_url(server.endpoint_url())
            .region(Region::new(server.region().to_owned()))
            .credentials_provider(Credentials::new(
                nova_act_local::DEFAULT_ACCESS_KEY_ID,
                nova_act_local::DEFAULT_SECRET_ACCESS_KEY,
                None,
                None,
                "nova-act-local",
            ))
            .load()
            .await;
        (Client::new(&sdk_config), Some(server))
    };

    let workflow = unique_workflow_name();
    let outcome = workflow_lifecycle(&client, &workflow).await;
    if outcome.is_err() {
        // Best effort: deleting the definition removes its runs, sessions and acts too.
        let _ = client
            .delete_workflow_definition()
            .workflow_definition_name(&workflow)
            .send()
            .await;
    }
    if let Some(server) = emulator {
        server.shutdown().await;
        println!("Stopped nova-act-local");
    }
    outcome
}

async fn workflow_lifecycle(client: &Client, workflow: &str) -> Result<(), BoxError> {
    // 1. A model this client can use.
    let model_id = choose_model(client).await?;

    // 2. Definition, run and session.
    let created = client
        .create_workflow_definition()
        .name(workflow)
        .description("Rust SDK quickstart: one act with a local fare lookup tool")
        .send()
        .await?;
    println!(
        "Created workflow definition {workflow} ({})",
        created.status()
    );

    let run = client
        .create_workflow_run()
        .workflow_definition_name(workflow)
        .model_id(&model_id)
        .client_info(
            ClientInfo::builder()
                .compatibility_version(COMPATIBILITY_VERSION)
                .sdk_version(concat!("nova-act-sdk-rust/", env!("CARGO_PKG_VERSION")))
                .build()?,
        )
        .send()
        .await?;
    let run_id = run.workflow_run_id().to_owned();
    println!("Started workflow run {run_id} ({})", run.status());

    let session = client
        .create_session()
        .workflow_definition_name(workflow)
        .workflow_run_id(&run_id)
        .send()
        .await?;
    let session_id = session.session_id().to_owned();
    println!("Opened session {session_id}");

    // 3. The act, with its tool.
    let act = client
        .create_act()
        .workflow_definition_name(workflow)
        .workflow_run_id(&run_id)
        .session_id(&session_id)
        .task(TASK)
        .tool_specs(fare_tool_spec()?)
        .send()
        .await?;
    let act_id = act.act_id().to_owned();
    println!(
        "Created act {act_id} ({}) with tool {TOOL_NAME}",
        act.status()
    );
    println!("  task: {TASK}");

    // 4. Drive the act until it returns or throws, then report how it ended. Every path,
    // errors included, ends with UpdateAct: the client owns the act's final status.
    let ids = ActIds {
        workflow,
        run_id: &run_id,
        session_id: &session_id,
        act_id: &act_id,
    };
    let ending = drive_act(client, &ids).await;
    let (status, error) = match &ending {
        Ok(_) => (ActStatus::Succeeded, None),
        Err(failure) => (
            ActStatus::Failed,
            Some(
                ActError::builder()
                    .message(&failure.message)
                    .r#type(failure.kind)
                    .build()?,
            ),
        ),
    };
    client
        .update_act()
        .workflow_definition_name(workflow)
        .workflow_run_id(&run_id)
        .session_id(&session_id)
        .act_id(&act_id)
        .status(status.clone())
        .set_error(error)
        .send()
        .await?;
    println!("Act {act_id} reported {status}");

    // 5. Finish the run and look at what was recorded.
    let run_status = match &ending {
        Ok(answer) => {
            println!("Answer: {answer}");
            WorkflowRunStatus::Succeeded
        }
        Err(failure) => {
            eprintln!("The act failed ({}): {}", failure.kind, failure.message);
            WorkflowRunStatus::Failed
        }
    };
    client
        .update_workflow_run()
        .workflow_definition_name(workflow)
        .workflow_run_id(&run_id)
        .status(run_status)
        .send()
        .await?;
    let finished = client
        .get_workflow_run()
        .workflow_definition_name(workflow)
        .workflow_run_id(&run_id)
        .send()
        .await?;
    println!(
        "Workflow run {} is {} (model {})",
        finished.workflow_run_id(),
        finished.status(),
        finished.model_id()
    );

    println!("Workflow runs of {workflow}:");
    let mut runs = client
        .list_workflow_runs()
        .workflow_definition_name(workflow)
        .into_paginator()
        .page_size(50)
        .items();
    while let Some(item) = runs.next().await {
        let item = item?;
        println!("  run {} {}", item.workflow_run_id(), item.status());
    }

    println!("Sessions of run {run_id}:");
    let mut sessions = client
        .list_sessions()
        .workflow_definition_name(workflow)
        .workflow_run_id(&run_id)
        .into_paginator()
        .items();
    while let Some(item) = sessions.next().await {
        println!("  session {}", item?.session_id());
    }

    println!("Acts of {workflow}:");
    let mut acts = client
        .list_acts()
        .workflow_definition_name(workflow)
        .into_paginator()
        .page_size(10)
        .items();
    while let Some(item) = acts.next().await {
        let item = item?;
        println!("  act {} {}", item.act_id(), item.status());
    }

    // 6. Clean up.
    let deleted_run = client
        .delete_workflow_run()
        .workflow_definition_name(workflow)
        .workflow_run_id(&run_id)
        .send()
        .await?;
    println!("Deleted workflow run {run_id} ({})", deleted_run.status());
    let deleted = client
        .delete_workflow_definition()
        .workflow_definition_name(workflow)
        .send()
        .await?;
    println!(
        "Deleted workflow definition {workflow} ({})",
        deleted.status()
    );
    match ending {
        Ok(_) => Ok(()),
        Err(failure) => {
            Err(format!("the act failed ({}): {}", failure.kind, failure.message).into())
        }
    }
}

/// The IDs that name an act.
struct ActIds<'a> {
    workflow: &'a str,
    run_id: &'a str,
    session_id: &'a str,
    act_id: &'a str,
}

/// Why an act failed: `kind` goes to `UpdateAct` as the error type.
struct ActFailure {
    kind: &'static str,
    message: String,
}

impl ActFailure {
    fn new(kind: &'static str, message: impl Into<String>) -> Self {
        ActFailure {
            kind,
            message: message.into(),
        }
    }
}

/// What the client does with one call.
enum CallOutcome {
    /// Send this text back as the call's result.
    Result(String),
    /// The act is over.
    End(Result<String, ActFailure>),
}

/// Runs the act's steps until it returns (its answer) or fails.
async fn drive_act(client: &Client, ids: &ActIds<'_>) -> Result<String, ActFailure> {
    let observation = blank_observation();
    // The first step starts the act and shows the agent the page.
    let mut results = vec![
        text_result("initiateAct", "{}")?,
        text_result("takeObservation", &observation)?,
    ];
    let mut previous_step: Option<String> = None;
    for step_number in 1..=MAX_STEPS {
        let step = client
            .invoke_act_step()
            .workflow_definition_name(ids.workflow)
            .workflow_run_id(ids.run_id)
            .session_id(ids.session_id)
            .act_id(ids.act_id)
            .set_call_results(Some(std::mem::take(&mut results)))
            .set_previous_step_id(previous_step.take())
            .send()
            .await
            .map_err(|e| ActFailure::new("ActServerError", service_error_text(&e)))?;
        println!(
            "Step {step_number}: the act made {} call(s)",
            step.calls().len()
        );
        // A step's calls run one after another, in the order given.
        for call in step.calls() {
            match run_call(call, &observation) {
                CallOutcome::Result(text) => {
                    println!("  {} {} -> {}", call.name(), call.input(), shorten(&text));
                    results.push(text_result(call.call_id(), &text)?);
                }
                CallOutcome::End(ending) => {
                    println!("  {} {}", call.name(), call.input());
                    return ending;
                }
            }
        }
        previous_step = Some(step.step_id().to_owned());
    }
    Err(ActFailure::new(
        "ActExceededMaxStepsError",
        format!("the act did not end within {MAX_STEPS} steps"),
    ))
}

/// Runs one call the act asked for.
fn run_call(call: &Call, observation: &str) -> CallOutcome {
    // The service names calls bare; the API documentation also mentions `tool.`/`browser.`
    // prefixes, so both are accepted.
    let name = call.name();
    let name = name
        .strip_prefix("tool.")
        .or_else(|| name.strip_prefix("browser."))
        .unwrap_or(name);
    // Built-in actions take an array of positional arguments.
    let first_argument = || call.input().as_array().and_then(|a| a.first());
    match name {
        "return" => {
            let answer = match first_argument() {
                Some(Value::String(text)) => text.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            CallOutcome::End(Ok(answer))
        }
        "throw" => {
            let message = match first_argument() {
                Some(Value::String(text)) => text.clone(),
                Some(other) => other.to_string(),
                None => "the agent gave no reason".to_owned(),
            };
            CallOutcome::End(Err(ActFailure::new("ActAgentFailed", message)))
        }
        "takeObservation" => CallOutcome::Result(observation.to_owned()),
        // Nothing on a blank page changes, and thoughts are only shown: all return null.
        "waitForPageToSettle" | "wait" | "think" => CallOutcome::Result("null".to_owned()),
        TOOL_NAME => match lookup_fare(call.input()) {
            Ok(fare) => CallOutcome::Result(Value::String(fare).to_string()),
            // A tool's error goes back to the model, which can try again.
            Err(problem) => CallOutcome::Result(format!("ToolError: {problem}")),
        },
        "agentClick" | "agentType" | "agentScroll" | "agentHover" | "goToUrl" => {
            CallOutcome::End(Err(ActFailure::new(
                "ActActuationError",
                format!("this client runs no browser, so it cannot perform {name}"),
            )))
        }
        other => CallOutcome::End(Err(ActFailure::new(
            "ActToolError",
            format!("Tool '{other}' was not found."),
        ))),
    }
}

/// Prefers the `nova-act-latest` alias, else the first model that supports this client.
async fn choose_model(client: &Client) -> Result<String, BoxError> {
    let models = client
        .list_models()
        .client_compatibility_version(COMPATIBILITY_VERSION)
        .send()
        .await?;
    let compatibility = models.compatibility_information();
    if let Some(alias) = models
        .model_aliases()
        .iter()
        .find(|a| a.alias_name() == "nova-act-latest")
    {
        println!(
            "Model: {} (alias of {})",
            alias.alias_name(),
            alias.latest_model_id()
        );
        return Ok(alias.alias_name().to_owned());
    }
    match compatibility.supported_model_ids().first() {
        Some(model) => {
            println!("Model: {model}");
            Ok(model.clone())
        }
        None => Err(format!(
            "no model supports compatibility version {COMPATIBILITY_VERSION}: {}",
            compatibility.message().unwrap_or("(no message)")
        )
        .into()),
    }
}

/// The tool spec of `lookup_fare`: its JSON Schema lists the destinations it knows.
fn fare_tool_spec() -> Result<ToolSpec, BoxError> {
    let destinations: Vec<&str> = FARES.iter().map(|(code, _, _)| *code).collect();
    let schema = json!({
        "type": "object",
        "properties": {
            "destination": {
                "type": "string",
                "description": "IATA code of the destination airport",
                "enum": destinations,
            }
        },
        "required": ["destination"],
    });
    Ok(ToolSpec::builder()
        .name(TOOL_NAME)
        .description("Looks up the economy fare of a flight from Amsterdam to a destination.")
        .input_schema(ToolInputSchema::Json(schema))
        .build()?)
}

/// The local tool: a fare lookup over the in-memory table.
fn lookup_fare(input: &Value) -> Result<String, String> {
    let Some(code) = input.get("destination").and_then(Value::as_str) else {
        return Err("`destination` (an IATA code) is required".to_owned());
    };
    match FARES.iter().find(|(c, _, _)| c.eq_ignore_ascii_case(code)) {
        Some((code, city, euros)) => Ok(format!("{euros} EUR ({city}, {code})")),
        None => Err(format!("no fare known for '{code}'")),
    }
}

fn text_result(call_id: &str, text: &str) -> Result<CallResult, ActFailure> {
    CallResult::builder()
        .call_id(call_id)
        .content(CallResultContent::Text(text.to_owned()))
        .build()
        .map_err(|e| ActFailure::new("ActClientError", e.to_string()))
}

/// An observation of a blank page: what this browserless client can truthfully show.
fn blank_observation() -> String {
    let (width, height) = VIEWPORT;
    let pixels = vec![255u8; usize::from(width) * usize::from(height)];
    let mut jpeg = Vec::new();
    let encoded = jpeg_encoder::Encoder::new(&mut jpeg, 90).encode(
        &pixels,
        width,
        height,
        jpeg_encoder::ColorType::Luma,
    );
    if let Err(e) = encoded {
        // Encoding a buffer of the right size into memory does not fail; if it did, the
        // service would refuse the observation with a clear error.
        eprintln!("warning: could not encode the blank screenshot: {e}");
    }
    let timestamp_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    json!({
        "activeURL": "about:blank",
        "browserDimensions": {
            "scrollHeight": height, "scrollLeft": 0, "scrollTop": 0,
            "scrollWidth": width, "windowHeight": height, "windowWidth": width,
        },
        "idToBboxMap": {},
        "screenshotBase64": format!(
            "data:image/jpeg;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&jpeg)
        ),
        "simplifiedDOM": "",
        "timestamp_ms": timestamp_ms,
        "userAgent": concat!("nova-act-sdk-rust/", env!("CARGO_PKG_VERSION"), " (no browser) Agent-NovaAct/0.9"),
    })
    .to_string()
}

/// A long result (an observation) shortened for printing.
fn shorten(text: &str) -> String {
    if text.len() <= 100 {
        return text.to_owned();
    }
    let cut: String = text.chars().take(60).collect();
    format!("{cut}... ({} bytes)", text.len())
}

/// The service's error code and message, or the error itself.
fn service_error_text<E, R>(error: &nova_act_sdk::error::SdkError<E, R>) -> String
where
    E: Error + nova_act_sdk::error::ProvideErrorMetadata + 'static,
    R: std::fmt::Debug,
{
    match error.as_service_error() {
        Some(e) => format!(
            "{}: {}",
            e.code().unwrap_or("UnknownError"),
            e.message().unwrap_or("(no message)")
        ),
        None => nova_act_sdk::error::DisplayErrorContext(error).to_string(),
    }
}

/// A definition name that will not collide with an earlier run (names are unique per
/// account and Region; the pattern is `[a-zA-Z0-9_-]{1,40}`).
fn unique_workflow_name() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    format!("rust-quickstart-{secs}-{}", std::process::id())
}
