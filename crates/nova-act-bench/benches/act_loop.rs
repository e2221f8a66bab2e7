//! The act loop of `nova-act-agent`: client-side time per step, against the local emulator.
//!
//! ```text
//! cargo bench -p nova-act-bench --bench act_loop
//! cargo bench -p nova-act-bench --bench act_loop -- --acts 100 --steps 20
//! ACT_LOOP_ACTS=100 cargo bench -p nova-act-bench --bench act_loop
//! ```
//!
//! The emulator (`nova-act-local`) runs in this process, on 127.0.0.1, over real HTTP with
//! SigV4 verification, on a runtime of its own (one worker thread); the agent runs on a
//! current-thread runtime on the main thread. The scenario scripts an act of S steps (10 by
//! default), each calling one user tool (`lookup_fare {destination: LIS}`, a typed tool),
//! then a step that returns. The emulator appends `waitForPageToSettle` and
//! `takeObservation` to every step, so each step's client work is one tool call, one settle
//! and one observation of the `BlankActuator` (a blank 1600x813 JPEG, about 21 KB as JSON).
//!
//! After a warm-up act, N acts (30 by default) run one after another in one session. For
//! each act:
//!
//! * **client-side time** = (`ended_at` − `started_at`) − Σ `server_time`: everything the
//!   agent does between `CreateAct` and `UpdateAct` other than the `InvokeActStep` round
//!   trips (the first settle and observation, running each step's calls, encoding
//!   observations and call results), divided by the steps taken (S + 1: the last step only
//!   returns);
//! * **calls**: Σ `client_time` per step, the part of the above spent running the calls;
//! * **InvokeActStep round trip** per step (`server_time`): serializing and signing the
//!   request in the SDK, loopback HTTP, the emulator's work, deserializing the answer;
//! * **wall time per act**, `CreateAct` and `UpdateAct` included.
//!
//! A reference row times taking the blank observation and encoding it with `serde_json`'s
//! default formatter, outside the act loop.

use std::time::{Duration, Instant};

use nova_act_agent::{Actuator, BlankActuator, Tool, ToolError, Workflow};
use nova_act_local::{Scenario, Server};
use nova_act_sdk::config::{Credentials, Region};
use nova_act_sdk::types::WorkflowRunStatus;
use nova_act_sdk::{Client, Config};
use schemars::JsonSchema;
use serde::Deserialize;

const DEFINITION: &str = "act-loop-bench";
const TASK: &str = "Look up the fare to Lisbon, step by step";
/// Observations taken and encoded per round of the reference figure.
const REFERENCE_ROUNDS: u32 = 1000;

#[derive(Deserialize, JsonSchema)]
struct Route {
    /// IATA code of the destination airport.
    destination: String,
}

struct Options {
    acts: usize,
    steps: usize,
}

fn options() -> Options {
    let env = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let mut options = Options {
        acts: env("ACT_LOOP_ACTS", 30),
        steps: env("ACT_LOOP_STEPS", 10),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> usize {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} takes a positive number"))
        };
        match arg.as_str() {
            "--acts" => options.acts = value("--acts"),
            "--steps" => options.steps = value("--steps"),
            // `cargo bench` passes `--bench`; other harness flags are ignored as well.
            _ => {}
        }
    }
    assert!(options.acts >= 1, "at least one act");
    assert!(
        (1..=190).contains(&options.steps),
        "1 to 190 tool steps (an act has at most 199)"
    );
    options
}

/// One rule: `steps` steps calling `lookup_fare`, then `return`.
fn scenario(steps: usize) -> String {
    let mut yaml = format!("rules:\n  - task: \"^{TASK}\"\n    steps:\n");
    for _ in 0..steps {
        yaml.push_str(
            "      - calls:\n          - name: lookup_fare\n            input: { destination: LIS }\n            expect: { json: \"129 EUR\" }\n",
        );
    }
    yaml.push_str("      - return: \"129 EUR\"\n");
    yaml
}

fn client(server: &Server) -> Client {
    let config = Config::builder()
        .region(Region::new(server.region().to_owned()))
        .credentials_provider(Credentials::new(
            nova_act_local::DEFAULT_ACCESS_KEY_ID,
            nova_act_local::DEFAULT_SECRET_ACCESS_KEY,
            None,
            None,
            "nova-act-local",
        ))
        .http_client(nova_act_sdk::http::https_client())
        .endpoint_url(server.endpoint_url())
        .build();
    Client::from_conf(config)
}

fn fare_tool() -> Tool {
    Tool::typed(
        "lookup_fare",
        "Looks up the economy fare of a flight to an airport.",
        |route: Route| async move {
            match route.destination.as_str() {
                "LIS" => Ok("129 EUR"),
                other => Err(ToolError::new(
                    "LookupError",
                    format!("no fare for {other}"),
                )),
            }
        },
    )
    .expect("a valid tool")
}

/// The figures of one act.
struct Sample {
    steps: usize,
    /// Client-side time per step.
    client: Duration,
    /// Σ `client_time` per step.
    calls: Duration,
    /// `InvokeActStep` round trip per step.
    server: Duration,
    /// The whole act, `CreateAct` and `UpdateAct` included.
    wall: Duration,
}

struct Stats {
    median: f64,
    p90: f64,
    min: f64,
    mean: f64,
}

fn stats(mut values: Vec<f64>) -> Stats {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    // Nearest rank.
    let p90 = values[((n as f64 * 0.9).ceil() as usize).clamp(1, n) - 1];
    Stats {
        median,
        p90,
        min: values[0],
        mean: values.iter().sum::<f64>() / n as f64,
    }
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() {
    let options = options();

    // The emulator on a runtime of its own, so that it does not share the agent's thread.
    let emulator_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("emulator")
        .enable_all()
        .build()
        .expect("emulator runtime");
    let scenario = Scenario::from_yaml_str(&scenario(options.steps)).expect("scenario");
    let server = emulator_runtime
        .block_on(
            Server::builder()
                .bind(([127, 0, 0, 1], 0))
                .scenario(scenario)
                .start(),
        )
        .expect("emulator starts");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("agent runtime");
    let (samples, observation_bytes, observation_time) = runtime.block_on(async {
        // A reference for the per-step figure: taking the blank observation and encoding it
        // with serde_json's default formatter (the agent writes it as Python's json.dumps
        // does, a few bytes longer).
        let mut actuator = BlankActuator::new();
        let mut observation_bytes = 0;
        let mut observation_time = Duration::MAX;
        for _ in 0..5 {
            let begun = Instant::now();
            for _ in 0..REFERENCE_ROUNDS {
                let observation = actuator.observe().await.expect("blank observation");
                let json = serde_json::to_string(&observation).expect("observation JSON");
                observation_bytes = std::hint::black_box(json).len();
            }
            observation_time = observation_time.min(begun.elapsed() / REFERENCE_ROUNDS);
        }

        let client = client(&server);
        client
            .create_workflow_definition()
            .name(DEFINITION)
            .send()
            .await
            .expect("CreateWorkflowDefinition");
        let workflow = Workflow::builder(&client, DEFINITION)
            .start()
            .await
            .expect("workflow run");
        let session = workflow
            .session()
            .tool(fare_tool())
            .start()
            .await
            .expect("session");

        let mut samples = Vec::with_capacity(options.acts);
        for i in 0..=options.acts {
            let begun = Instant::now();
            let result = session.act(TASK).await.expect("the act succeeds");
            let wall = begun.elapsed();
            assert_eq!(result.answer, "129 EUR");
            let metadata = &result.metadata;
            let steps = metadata.steps.len();
            assert_eq!(steps, options.steps + 1, "S tool steps and one return");
            let span = metadata
                .ended_at
                .duration_since(metadata.started_at)
                .expect("ended after it started");
            let server_time: Duration = metadata.steps.iter().map(|s| s.server_time).sum();
            let calls: Duration = metadata.steps.iter().map(|s| s.client_time).sum();
            if i == 0 {
                continue; // warm-up
            }
            let per_step = |d: Duration| d / steps as u32;
            samples.push(Sample {
                steps,
                client: per_step(span.saturating_sub(server_time)),
                calls: per_step(calls),
                server: per_step(server_time),
                wall,
            });
        }
        workflow
            .finish(WorkflowRunStatus::Succeeded)
            .await
            .expect("UpdateWorkflowRun");
        (samples, observation_bytes, observation_time)
    });
    drop(runtime);
    emulator_runtime.block_on(server.shutdown());

    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let profile = if cfg!(debug_assertions) {
        "debug (unoptimized)"
    } else {
        "optimized (`cargo bench`: the bench profile, release settings)"
    };
    println!("act loop of nova-act-agent against nova-act-local (in process, 127.0.0.1, SigV4)");
    println!(
        "machine: {cores} cores (available_parallelism); build: {profile}; agent on a \
         current-thread runtime, emulator on its own 1-worker runtime"
    );
    println!(
        "acts: {} measured after 1 warm-up, one session; steps per act: {} ({} with one \
         tool call + settle + observation, 1 return); observation: {} bytes of JSON \
         (BlankActuator, 1600x813 JPEG)",
        samples.len(),
        samples[0].steps,
        options.steps,
        observation_bytes
    );
    println!();
    println!(
        "| per step, µs (wall per act: ms) | median | p90 | min | mean |\n|---|---:|---:|---:|---:|"
    );
    let row = |name: &str, values: Vec<f64>, unit_ms: bool| {
        let s = stats(values);
        let show = |v: f64| {
            if unit_ms {
                format!("{:.2}", v / 1000.0)
            } else {
                format!("{v:.1}")
            }
        };
        println!(
            "| {name} | {} | {} | {} | {} |",
            show(s.median),
            show(s.p90),
            show(s.min),
            show(s.mean)
        );
    };
    row(
        "client-side time per step",
        samples.iter().map(|s| micros(s.client)).collect(),
        false,
    );
    row(
        "  of which running the calls (Σ client_time)",
        samples.iter().map(|s| micros(s.calls)).collect(),
        false,
    );
    println!(
        "| reference: one BlankActuator observation taken + serde_json::to_string (best of 5 \
         x {REFERENCE_ROUNDS}) | {:.1} | | | |",
        micros(observation_time)
    );
    row(
        "InvokeActStep round trip per step (Σ server_time)",
        samples.iter().map(|s| micros(s.server)).collect(),
        false,
    );
    row(
        "wall time per act, CreateAct + UpdateAct included (ms)",
        samples.iter().map(|s| micros(s.wall)).collect(),
        true,
    );
}
