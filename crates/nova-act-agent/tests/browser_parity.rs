//! The official Python SDK and this agent, on the same pages and the same scenario, end in the
//! same state. `fixtures/python_sdk_browser_end_states.json` is what nova-act 3.4.187.0 did
//! with the browser acts B1 to B5 of `tools/nova-act-interop/scenario.yaml` (recorded by
//! `tools/nova-act-interop/acts.py --browser-end-states`, which CI checks against the SDK):
//! for each act its start page, its outcome (the answer, or the class name of the SDK's
//! error), the path and query of the page it ended on, and how many InvokeActStep requests it
//! made. Here every act runs again with this crate's Chromium actuator, each on a fresh
//! emulator and in its own session, set up as acts.py sets up the SDK's: B4 with a state
//! guardrail that allows only 127.0.0.1, localhost and about:blank, B5 after the application
//! filled in the password. These tests need Chromium (see `tests/browser.rs`).
#![cfg(feature = "chromium")]

mod common;

use std::path::Path;

use common::browser::{launch, Pages};
use nova_act_agent::chromium::{Chromium, Secret};
use nova_act_local::Scenario;
use serde_json::{json, Value};

const FIXTURE: &str = include_str!("fixtures/python_sdk_browser_end_states.json");

/// B4: the act the session's state guardrail must refuse.
const GUARDED_TASK: &str = "Go to the blocked site";
/// B5: the act that runs after the application filled in the password.
const SECRET_TASK: &str = "Log in with the filled-in password";
/// The password acts.py fills in too.
const SECRET: &str = "s3cret-Pa55word-91c7";

fn interop_scenario() -> Scenario {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/nova-act-interop/scenario.yaml");
    Scenario::from_file(path).unwrap()
}

/// The same guardrail acts.py gives the SDK's B4 session.
fn local_only(url: &str) -> bool {
    url == "about:blank"
        || url.starts_with("http://127.0.0.1:")
        || url.starts_with("http://127.0.0.1/")
        || url.starts_with("http://localhost:")
        || url.starts_with("http://localhost/")
}

/// What one act did, in the fixture's terms: `{task, start, outcome, end,
/// invoke_act_step_requests}`.
async fn run_act(chromium: &Chromium, pages: &Pages, task: &str, start: &str) -> Value {
    let emulator = common::start_with(interop_scenario()).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let actuator = chromium.actuator().await.unwrap();
    let page = actuator.page();
    page.go_to(&pages.url(start)).await.unwrap();
    let mut builder = workflow.session().actuator(actuator);
    if task == GUARDED_TASK {
        builder = builder.state_guardrail(local_only);
    }
    let session = builder.start().await.unwrap();
    if task == SECRET_TASK {
        page.fill_secret("#password", &Secret::new(SECRET))
            .await
            .unwrap();
    }

    let outcome = match session.act(task).await {
        Ok(result) => json!({ "answer": result.answer }),
        Err(error) => json!({ "error": error.error_type() }),
    };
    let url = page.url().await.unwrap();
    let end = url.strip_prefix(&pages.base).unwrap_or(&url).to_owned();
    let steps = emulator.requests("InvokeActStep").len();
    for entry in emulator.server.journal() {
        assert!(
            !entry.body.to_string().contains(SECRET),
            "{task}: the password reached the service in {}",
            entry.operation
        );
    }
    json!({
        "task": task,
        "start": start,
        "outcome": outcome,
        "end": end,
        "invoke_act_step_requests": steps,
    })
}

#[tokio::test]
async fn the_browser_acts_end_where_the_python_sdk_ends() {
    let Some(chromium) = launch("the_browser_acts_end_where_the_python_sdk_ends").await else {
        return;
    };
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    assert!(
        fixture["recorded_with"]
            .as_str()
            .unwrap()
            .starts_with("nova-act 3.4.187.0 "),
        "{}",
        fixture["recorded_with"]
    );
    let expected = fixture["acts"].as_array().unwrap();
    let tasks: Vec<&str> = expected
        .iter()
        .map(|act| act["task"].as_str().unwrap())
        .collect();
    assert!(
        expected.len() == 5 && tasks.contains(&GUARDED_TASK) && tasks.contains(&SECRET_TASK),
        "the fixture lists B1 to B5: {tasks:?}"
    );
    let pages = Pages::serve().await;

    let mut differences = Vec::new();
    for python in expected {
        let task = python["task"].as_str().unwrap();
        let start = python["start"].as_str().unwrap();
        let ours = run_act(&chromium, &pages, task, start).await;
        if &ours != python {
            differences.push(format!(
                "{task:?}:\n  Python SDK: {python}\n  this agent: {ours}"
            ));
        }
    }
    chromium.close().await;
    assert!(
        differences.is_empty(),
        "acts that end differently from the Python SDK:\n{}",
        differences.join("\n")
    );
}
