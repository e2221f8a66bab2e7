//! For the same scenario and tools, this crate sends what the official Python SDK sends.
//!
//! `tests/fixtures/python_sdk_agreement.json` is the recording of `nova-act` 3.4.187.0
//! running eight acts against the emulator (`tools/nova-act-interop/acts.py
//! --agreement-fixture`, re-checked in CI). This test runs the same eight acts, with the
//! same scenario file and the same tools, and compares every request the emulator received,
//! normalized by the recording's rules:
//!
//! * `clientToken` → `<token>`; `clientInfo.sdkVersion` → `<sdk-version>`;
//! * a call result that is an observation → `<observation>` (screenshots differ);
//! * step UUIDs in `callId` and `previousStepId` → `<step-N>`, numbered by first appearance.
//!
//! Everything else must be equal, with two documented exceptions:
//!
//! * the answer schema inside a task is compared as JSON: a schema given as a
//!   `serde_json::Value` keeps serde_json's key order, not the order a Python dict was
//!   written in (the separators are Python's in both);
//! * `UpdateAct`'s `error.message` is the Python SDK's multi-line rendering of its exception:
//!   the `type` must be equal, and for agent and tool failures our message must contain the
//!   Python message's `message = ...` value.

mod common;

use std::collections::HashMap;
use std::path::Path;

use nova_act_agent::{async_trait, Approval, HumanInput, Tool, ToolError, UiTakeover};
use nova_act_local::Scenario;
use serde_json::{json, Value};

const SCHEMA_SUFFIX: &str = ", format output with jsonschema: ";

/// The Python script's `lookup_fare` tool, as its `@tool` declares it.
fn lookup_fare() -> Tool {
    let schema = json!({
        "type": "object",
        "properties": {
            "destination": {
                "type": "string",
                "description": "the IATA code of the destination airport, LIS or OPO",
            }
        },
        "required": ["destination"],
    });
    Tool::new(
        "lookup_fare",
        "Looks up the fare of a flight to a destination airport.",
        schema,
        |input: Value| async move {
            let code = input["destination"].as_str().unwrap_or_default().to_owned();
            match code.as_str() {
                "LIS" => Ok("129 EUR"),
                "OPO" => Ok("98 EUR"),
                _ => Err(ToolError::new("ValueError", format!("no fare for {code}"))),
            }
        },
    )
    .unwrap()
}

/// The Python script's approver: YES to every approval.
struct Approver;

#[async_trait]
impl HumanInput for Approver {
    async fn approve(&self, _message: &str) -> Approval {
        Approval::Yes
    }
    async fn ui_takeover(&self, _message: &str) -> UiTakeover {
        UiTakeover::Complete
    }
}

#[tokio::test]
async fn our_requests_match_the_python_sdks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let scenario = Scenario::from_file(root.join("tools/nova-act-interop/scenario.yaml")).unwrap();
    let emulator = common::start_with(scenario).await;

    let workflow = emulator.workflow().start().await.unwrap();
    let session = workflow
        .session()
        .tool(lookup_fare())
        .human_input(Approver)
        .start()
        .await
        .unwrap();
    let answers = [
        session
            .act("Agreement: look up the fare to Lisbon with lookup_fare")
            .await
            .map(|r| r.answer),
        session
            .act("Agreement: compare the fares to Porto and Lisbon with lookup_fare")
            .await
            .map(|r| r.answer),
        session
            .act_get::<bool>("Agreement: is the fare to Lisbon below 200 EUR?")
            .await
            .map(|r| r.answer.to_string()),
        session
            .act_get_json(
                "Agreement: give the fare to Lisbon as an object",
                json!({
                    "type": "object",
                    "properties": {
                        "destination": {"type": "string"},
                        "euros": {"type": "integer"},
                    },
                    "required": ["destination", "euros"],
                    "additionalProperties": false,
                }),
            )
            .await
            .map(|r| r.answer.to_string()),
        session
            .act("Agreement: book a flight to the Moon")
            .await
            .map(|r| r.answer),
        session
            .act("Agreement: buy the ticket to Lisbon")
            .await
            .map(|r| r.answer),
        session
            .act("Agreement: look up the fare to Atlantis with lookup_fare")
            .await
            .map(|r| r.answer),
        session
            .act("Agreement: look up three fares with lookup_fare, one per step")
            .max_steps(2)
            .await
            .map(|r| r.answer),
    ];
    workflow
        .finish(nova_act_sdk::types::WorkflowRunStatus::Succeeded)
        .await
        .unwrap();
    let outcomes: Vec<String> = answers
        .iter()
        .map(|a| match a {
            Ok(answer) => answer.clone(),
            Err(e) => format!("error {}", e.error_type()),
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            "The fare to Lisbon is 129 EUR",
            "98 EUR / 129 EUR",
            "true",
            r#"{"destination":"LIS","euros":129}"#,
            "error ActAgentFailed",
            "Bought: yes",
            "error ActToolError",
            "error ActExceededMaxStepsError",
        ]
    );

    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/python_sdk_agreement.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let python: Vec<(String, Value)> = fixture["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["operation"].as_str().unwrap().to_owned(),
                r["body"].clone(),
            )
        })
        .collect();
    let mut steps = StepNames::default();
    let ours: Vec<(String, Value)> = emulator
        .server
        .journal()
        .into_iter()
        .filter(|e| e.operation != "CreateWorkflowDefinition")
        .map(|e| {
            let body = normalize(&e.operation, e.body, &mut steps);
            (e.operation, body)
        })
        .collect();

    let operations = |requests: &[(String, Value)]| -> Vec<String> {
        requests.iter().map(|(op, _)| op.clone()).collect()
    };
    assert_eq!(
        operations(&ours),
        operations(&python),
        "the sequence of operations"
    );
    for (i, ((operation, ours), (_, theirs))) in ours.iter().zip(&python).enumerate() {
        let what = format!("request {i} ({operation})");
        match operation.as_str() {
            "CreateAct" => {
                let (task, their_task) = (&ours["task"], &theirs["task"]);
                same_task(task.as_str().unwrap(), their_task.as_str().unwrap(), &what);
                let without_task = |body: &Value| {
                    let mut body = body.clone();
                    body.as_object_mut().unwrap().remove("task");
                    body
                };
                assert_eq!(without_task(ours), without_task(theirs), "{what}");
            }
            "UpdateAct" if theirs.get("error").is_some() => {
                assert_eq!(ours["status"], theirs["status"], "{what}");
                let kind = theirs["error"]["type"].as_str().unwrap();
                assert_eq!(ours["error"]["type"], kind, "{what}");
                if kind == "ActAgentFailed" || kind == "ActToolError" {
                    let their_message =
                        python_message(theirs["error"]["message"].as_str().unwrap());
                    let our_message = ours["error"]["message"].as_str().unwrap();
                    assert!(
                        our_message.contains(&their_message),
                        "{what}: {our_message:?} lacks {their_message:?}"
                    );
                }
            }
            _ => assert_eq!(ours, theirs, "{what}"),
        }
    }
}

/// Tasks are equal, or equal up to the key order of their schema.
fn same_task(ours: &str, theirs: &str, what: &str) {
    match (
        ours.split_once(SCHEMA_SUFFIX),
        theirs.split_once(SCHEMA_SUFFIX),
    ) {
        (Some((our_task, our_schema)), Some((their_task, their_schema))) => {
            assert_eq!(our_task, their_task, "{what}");
            let parse = |text: &str| serde_json::from_str::<Value>(text).unwrap();
            assert_eq!(parse(our_schema), parse(their_schema), "{what}");
            // Python's separators, in ours too.
            assert!(
                !our_schema.contains("\":\"") && !our_schema.contains(",\""),
                "{what}: {our_schema}"
            );
        }
        _ => assert_eq!(ours, theirs, "{what}"),
    }
}

/// The `message = ...` line of the Python SDK's error rendering.
fn python_message(rendered: &str) -> String {
    rendered
        .lines()
        .find_map(|line| line.trim().strip_prefix("message = "))
        .unwrap_or_else(|| panic!("no message line in {rendered:?}"))
        .to_owned()
}

/// Numbers step UUIDs by first appearance, as the recording does.
#[derive(Default)]
struct StepNames(HashMap<String, usize>);

impl StepNames {
    fn name(&mut self, text: &str) -> String {
        // A step id, or `<step id>.<index>`.
        let (id, rest) = match text.split_once('.') {
            Some((id, index)) => (id, format!(".{index}")),
            None => (text, String::new()),
        };
        if id.len() != 36 || id.matches('-').count() != 4 {
            return text.to_owned();
        }
        let next = self.0.len() + 1;
        let n = *self.0.entry(id.to_owned()).or_insert(next);
        format!("<step-{n}>{rest}")
    }
}

fn normalize(operation: &str, mut body: Value, steps: &mut StepNames) -> Value {
    let Some(object) = body.as_object_mut() else {
        return body;
    };
    if object.contains_key("clientToken") {
        object.insert("clientToken".into(), json!("<token>"));
    }
    if let Some(info) = object.get_mut("clientInfo").and_then(Value::as_object_mut) {
        info.insert("sdkVersion".into(), json!("<sdk-version>"));
    }
    if operation == "InvokeActStep" {
        if let Some(results) = object.get_mut("callResults").and_then(Value::as_array_mut) {
            for result in results {
                if let Some(id) = result["callId"].as_str().map(str::to_owned) {
                    result["callId"] = json!(steps.name(&id));
                }
                for content in result["content"].as_array_mut().into_iter().flatten() {
                    let is_observation = content["text"]
                        .as_str()
                        .and_then(|t| serde_json::from_str::<Value>(t).ok())
                        .is_some_and(|v| v.get("screenshotBase64").is_some());
                    if is_observation {
                        content["text"] = json!("<observation>");
                    }
                }
            }
        }
        if let Some(previous) = object.get("previousStepId").and_then(Value::as_str) {
            let named = steps.name(previous);
            object.insert("previousStepId".into(), json!(named));
        }
    }
    body
}
