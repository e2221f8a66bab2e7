//! Workflow runs end on every path: success, error, panic, drop; a dropped act is reported.

mod common;

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use futures_util::FutureExt as _;
use nova_act_agent::{Error, Tool, ToolError};
use nova_act_sdk::types::WorkflowRunStatus;
use serde_json::{json, Value};

const SCENARIO: &str = r#"
rules:
  - task: "^Quick"
    steps:
      - return: "done"
  - task: "^Stuck"
    steps:
      - calls: [ { name: stuck, input: {} } ]
      - return: "never reached"
"#;

/// Waits (a bounded number of times) until `done` holds, for reports sent from spawned tasks.
async fn eventually(mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..500 {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    done()
}

fn run_updates(emulator: &common::Emulator) -> Vec<Value> {
    emulator
        .requests("UpdateWorkflowRun")
        .into_iter()
        .map(|e| e.body)
        .collect()
}

#[tokio::test]
async fn run_ends_the_run_by_the_bodys_outcome() {
    let emulator = common::start(SCENARIO).await;

    let answer = emulator
        .workflow()
        .run(|workflow| async move {
            let session = workflow.session().start().await?;
            Ok::<_, Error>(session.act("Quick").await?.answer)
        })
        .await
        .unwrap();
    assert_eq!(answer, "done");

    let failed: Result<(), Box<dyn std::error::Error>> = emulator
        .workflow()
        .run(|_workflow| async move { Err("the application gave up".into()) })
        .await;
    assert_eq!(failed.unwrap_err().to_string(), "the application gave up");

    assert_eq!(
        run_updates(&emulator),
        [json!({"status": "SUCCEEDED"}), json!({"status": "FAILED"})]
    );
}

#[tokio::test]
async fn a_panic_in_the_body_fails_the_run_and_goes_on() {
    let emulator = common::start(SCENARIO).await;
    let outcome = AssertUnwindSafe(emulator.workflow().run(|_workflow| async move {
        if run_ids_are_uuids() {
            panic!("a bug in the application");
        }
        Ok::<_, Error>(())
    }))
    .catch_unwind()
    .await;
    let panic = outcome.unwrap_err();
    assert_eq!(
        panic.downcast_ref::<&str>(),
        Some(&"a bug in the application")
    );
    assert_eq!(run_updates(&emulator), [json!({"status": "FAILED"})]);
}

fn run_ids_are_uuids() -> bool {
    true
}

#[tokio::test]
async fn finish_reports_once_and_refuses_a_second_status() {
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator
        .workflow()
        .model_id("nova-act-v1.0")
        .start()
        .await
        .unwrap();
    workflow.finish(WorkflowRunStatus::Succeeded).await.unwrap();
    workflow.finish(WorkflowRunStatus::Succeeded).await.unwrap();
    let error = workflow
        .finish(WorkflowRunStatus::Failed)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidArgument(_)), "{error}");
    assert_eq!(run_updates(&emulator), [json!({"status": "SUCCEEDED"})]);
    assert_eq!(
        emulator.requests("CreateWorkflowRun")[0].body["modelId"],
        "nova-act-v1.0"
    );
    assert_eq!(emulator.run_status(workflow.run_id()).await, "SUCCEEDED");
}

#[tokio::test]
async fn a_run_dropped_before_it_ended_is_reported_failed() {
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let run_id = workflow.run_id().to_owned();
    let session = workflow.session().start().await.unwrap();
    drop(workflow);
    // A session keeps the run alive: nothing is reported yet.
    session.act("Quick").await.unwrap();
    assert!(run_updates(&emulator).is_empty());
    drop(session);
    assert!(eventually(|| !run_updates(&emulator).is_empty()).await);
    assert_eq!(run_updates(&emulator), [json!({"status": "FAILED"})]);
    assert_eq!(emulator.run_status(&run_id).await, "FAILED");
}

#[tokio::test]
async fn an_act_whose_future_is_dropped_is_reported_cancelled() {
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let stuck = Tool::new(
        "stuck",
        "Never returns.",
        json!({"type": "object"}),
        |_input: Value| async move {
            std::future::pending::<()>().await;
            Ok::<_, ToolError>(())
        },
    )
    .unwrap();
    let session = workflow.session().tool(stuck).start().await.unwrap();
    // The caller gives up on the act (select!, a timeout of its own, a dropped task).
    let given_up = tokio::time::timeout(Duration::from_millis(200), session.act("Stuck")).await;
    assert!(given_up.is_err());
    assert!(eventually(|| !emulator.requests("UpdateAct").is_empty()).await);
    let update = emulator.update_act();
    assert_eq!(update["status"], "FAILED");
    assert_eq!(update["error"]["type"], "ActCanceledError");
    // The session is usable again.
    let after = session.act("Quick").await.unwrap();
    assert_eq!(after.answer, "done");
}
