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
//! 4. drive the act with `InvokeActStep`: run every `tool.*` call the act asks for and send
//!    the results back, until the act answers with `return` (finished, with its answer) or
//!    `throw` (failed, with a reason);
//! 5. mark the workflow run `SUCCEEDED`, list runs, sessions and acts with the paginators;
//! 6. delete the run and the definition.

use std::error::Error;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::BehaviorVersion;
use nova_act_sdk::config::{Credentials, Region};
use nova_act_sdk::types::{
    Call, CallResult, CallResultContent, ClientInfo, ToolInputSchema, ToolSpec, WorkflowRunStatus,
};
use nova_act_sdk::Client;
use serde_json::{json, Value};

type BoxError = Box<dyn Error + Send + Sync>;

/// API compatibility level this client implements (checked by `CreateWorkflowRun`).
const COMPATIBILITY_VERSION: i32 = 1;

/// The act's task, in plain words.
const TASK: &str = "Look up the fare of a flight to Lisbon (LIS) with the lookup_fare tool, \
                    and answer with that fare.";

/// Name of the local tool, as declared in the tool spec. The act calls it as `tool.lookup_fare`.
const TOOL_NAME: &str = "lookup_fare";

/// Call that ends an act successfully; its input is `{"value": <answer>}`.
const RETURN_CALL: &str = "return";
/// Call that ends an act as failed; its input is `{"message": <why>}`.
const THROW_CALL: &str = "throw";

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

    // 4. Drive the act until it returns or throws.
    // The first request has no calls to answer, but `callResults` needs at least one entry:
    // it says that the client is ready.
    let mut results = vec![text_result(
        None,
        "Client ready; tools available: lookup_fare",
    )?];
    let mut previous_step: Option<String> = None;
    let mut answer: Option<Result<Value, String>> = None;
    for step_number in 1..=MAX_STEPS {
        let step = client
            .invoke_act_step()
            .workflow_definition_name(workflow)
            .workflow_run_id(&run_id)
            .session_id(&session_id)
            .act_id(&act_id)
            .set_call_results(Some(std::mem::take(&mut results)))
            .set_previous_step_id(previous_step.take())
            .send()
            .await?;
        println!(
            "Step {step_number}: the act made {} call(s)",
            step.calls().len()
        );
        for call in step.calls() {
            match call.name() {
                RETURN_CALL => {
                    let value = call.input().get("value").cloned().unwrap_or(Value::Null);
                    println!("  {RETURN_CALL}: the act finished with {value}");
                    answer = Some(Ok(value));
                }
                THROW_CALL => {
                    let message = call
                        .input()
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("(no message)")
                        .to_owned();
                    println!("  {THROW_CALL}: the act failed: {message}");
                    answer = Some(Err(message));
                }
                _ => {
                    let output = run_call(call);
                    println!("  {} {} -> {output}", call.name(), call.input());
                    results.push(text_result(Some(call.call_id()), &output)?);
                }
            }
        }
        if answer.is_some() {
            break;
        }
        if results.is_empty() {
            return Err(format!(
                "step {} asked for no calls and did not end the act",
                step.step_id()
            )
            .into());
        }
        previous_step = Some(step.step_id().to_owned());
    }
    match answer {
        Some(Ok(value)) => println!("Answer: {}", display_value(&value)),
        Some(Err(message)) => return Err(format!("the act failed: {message}").into()),
        None => return Err(format!("the act did not end within {MAX_STEPS} steps").into()),
    }

    // 5. Finish the run and look at what was recorded.
    client
        .update_workflow_run()
        .workflow_definition_name(workflow)
        .workflow_run_id(&run_id)
        .status(WorkflowRunStatus::Succeeded)
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
    Ok(())
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

/// Runs one call the act asked for, and gives the text to send back.
fn run_call(call: &Call) -> String {
    match call.name().strip_prefix("tool.") {
        Some(TOOL_NAME) => lookup_fare(call.input()),
        Some(other) => format!("error: this client has no tool named '{other}'"),
        None => format!(
            "error: this client runs no browser; cannot perform '{}'",
            call.name()
        ),
    }
}

/// The local tool: a fare lookup over the in-memory table.
fn lookup_fare(input: &Value) -> String {
    let Some(code) = input.get("destination").and_then(Value::as_str) else {
        return "error: `destination` (an IATA code) is required".to_owned();
    };
    match FARES.iter().find(|(c, _, _)| c.eq_ignore_ascii_case(code)) {
        Some((code, city, euros)) => format!("{euros} EUR ({city}, {code})"),
        None => format!("error: no fare known for '{code}'"),
    }
}

fn text_result(call_id: Option<&str>, text: &str) -> Result<CallResult, BoxError> {
    Ok(CallResult::builder()
        .set_call_id(call_id.map(str::to_owned))
        .content(CallResultContent::Text(text.to_owned()))
        .build()?)
}

fn display_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
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
