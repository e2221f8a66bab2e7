//! Quickstart: a Nova Act workflow whose act calls a tool written in Rust and answers with a
//! typed value.
//!
//! ```text
//! cargo run -p nova-act-agent --example quickstart            # against the local emulator
//! cargo run -p nova-act-agent --example quickstart -- --real  # against Amazon Nova Act
//! ```
//!
//! By default the example starts the `nova-act-local` emulator inside this process, on
//! 127.0.0.1, so no AWS account and no network are needed. The emulator's agent is scripted
//! for this task (see `SCENARIO`): it calls the tool, then answers with its result, as the
//! service's model would. The client is configured as an application configures it, through
//! `aws-config`; only the endpoint, the region and the emulator's example key pair are given
//! in code.
//!
//! With `--real`, nothing is started: `aws-config`'s default chain supplies the region and
//! the credentials, and the same act runs against the service. This creates (and at the end
//! deletes) a workflow definition in your account.
//!
//! The act itself is `main_act`: a workflow run, a session with one typed tool, and
//! `act_get::<Fare>`. `nova-act-agent` runs the protocol: the first step's observation, every
//! call in order, the results, `UpdateAct` and `UpdateWorkflowRun` on every path. This
//! session has no browser (the default `BlankActuator` shows the model a blank page), which
//! is all a tool-only act needs.

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::BehaviorVersion;
use nova_act_agent::{Tool, ToolError, Workflow};
use nova_act_sdk::config::{Credentials, Region};
use nova_act_sdk::Client;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The act's task.
const TASK: &str = "Look up the economy fare of a flight to Lisbon (LIS) with the lookup_fare tool";

/// How the emulator's agent answers `TASK`: one step calling the tool, then the tool's value
/// as the answer.
const SCENARIO: &str = r#"
rules:
  - task: "^Look up the economy fare of a flight to Lisbon"
    steps:
      - calls:
          - name: lookup_fare
            input: { destination: LIS }
      - return: "{{result.0}}"
"#;

/// The input of the tool.
#[derive(Deserialize, JsonSchema)]
struct Route {
    /// IATA code of the destination airport, such as LIS.
    destination: String,
}

/// The economy fare of a flight from Amsterdam.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
struct Fare {
    destination: String,
    city: String,
    euros: u32,
}

/// Economy fares from Amsterdam.
const FARES: &[(&str, &str, u32)] = &[
    ("LIS", "Lisbon", 129),
    ("OPO", "Porto", 98),
    ("MAD", "Madrid", 143),
];

/// The whole act: a workflow run, a session with the tool, a typed answer.
async fn main_act(client: &Client, definition: &str) -> Result<Fare, nova_act_agent::Error> {
    let lookup_fare = Tool::typed(
        "lookup_fare",
        "Looks up the economy fare of a flight from Amsterdam to an airport.",
        |route: Route| async move {
            match FARES.iter().find(|(code, _, _)| *code == route.destination) {
                Some(&(code, city, euros)) => Ok(Fare {
                    destination: code.into(),
                    city: city.into(),
                    euros,
                }),
                None => Err(ToolError::new(
                    "LookupError",
                    format!("no fare to {}", route.destination),
                )),
            }
        },
    )?;
    Workflow::builder(client, definition)
        .run(|workflow| async move {
            let session = workflow
                .session()
                .tool(lookup_fare)
                .console_log(true)
                .start()
                .await?;
            let fare = session.act_get::<Fare>(TASK).max_steps(10).await?;
            for (i, step) in fare.metadata.steps.iter().enumerate() {
                println!(
                    "  step {}: {} (service {:?}, client {:?})",
                    i + 1,
                    step.calls.join(", "),
                    step.server_time,
                    step.client_time
                );
            }
            Ok(fare.answer)
        })
        .await
}

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
            let mut message = e.to_string();
            let mut source = e.source();
            while let Some(cause) = source {
                let text = cause.to_string();
                if !message.contains(&text) {
                    message.push_str(": ");
                    message.push_str(&text);
                }
                source = cause.source();
            }
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(real: bool) -> Result<(), BoxError> {
    let loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(nova_act_sdk::http::https_client());
    let (client, emulator) = if real {
        let sdk_config = loader.load().await;
        let Some(region) = sdk_config.region() else {
            return Err("--real needs a region: set AWS_REGION or `region` in your profile".into());
        };
        println!("Using Amazon Nova Act in {region}");
        (Client::new(&sdk_config), None)
    } else {
        let server = nova_act_local::Server::builder()
            .scenario(nova_act_local::Scenario::from_yaml_str(SCENARIO)?)
            .start()
            .await?;
        println!("Started nova-act-local at {}", server.endpoint_url());
        let sdk_config = loader
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

    let definition = unique_definition_name();
    client
        .create_workflow_definition()
        .name(&definition)
        .description("Rust SDK quickstart: one act with a local fare lookup tool")
        .send()
        .await?;
    println!("Created workflow definition {definition}");

    let outcome = main_act(&client, &definition).await;
    match &outcome {
        Ok(fare) => println!(
            "Answer: {} EUR to {} ({})",
            fare.euros, fare.city, fare.destination
        ),
        Err(e) => eprintln!("The act failed ({}): {e}", e.error_type()),
    }

    // What the service recorded: the run and its acts.
    let mut acts = client
        .list_acts()
        .workflow_definition_name(&definition)
        .into_paginator()
        .items()
        .send();
    while let Some(act) = acts.next().await {
        let act = act?;
        println!("Act {} is {}", act.act_id(), act.status());
    }
    client
        .delete_workflow_definition()
        .workflow_definition_name(&definition)
        .send()
        .await?;
    println!("Deleted workflow definition {definition}");
    if let Some(server) = emulator {
        server.shutdown().await;
        println!("Stopped nova-act-local");
    }
    outcome.map(|_| ()).map_err(Into::into)
}

/// A definition name that does not collide with an earlier run (`[a-zA-Z0-9_-]{1,40}`).
fn unique_definition_name() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    format!("rust-quickstart-{secs}-{}", std::process::id())
}
