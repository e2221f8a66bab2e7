//! End to end through the workspace's generated Rust client (`nova-act-sdk`): its SigV4
//! signatures, JSON, timestamps, error parsing, retries and idempotency tokens.

mod common;

use std::time::Duration;

use nova_act_local::faults::{Fault, Faults};
use nova_act_local::{FaultConfig, Server, DEFAULT_SECRET_ACCESS_KEY};
use nova_act_sdk::config::RetryConfig;
use nova_act_sdk::error::ProvideErrorMetadata;
use nova_act_sdk::operation::create_workflow_definition::CreateWorkflowDefinitionError;
use nova_act_sdk::operation::get_workflow_run::GetWorkflowRunError;
use nova_act_sdk::primitives::document_to_json;
use nova_act_sdk::types::{
    ActStatus, CallResult, ClientInfo, ToolInputSchema, ToolSpec, WorkflowDefinitionStatus,
};
use nova_act_sdk::Client;
use serde_json::json;

fn client(server: &Server, secret: &str) -> Client {
    let retry = RetryConfig::standard().with_initial_backoff(Duration::from_millis(1));
    common::sdk_client(server, secret, retry)
}

#[tokio::test]
async fn the_generated_client_runs_a_whole_act() {
    let server = Server::builder().start().await.unwrap();
    let client = client(&server, DEFAULT_SECRET_ACCESS_KEY);

    let created = client
        .create_workflow_definition()
        .name("sdk-flow")
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), &WorkflowDefinitionStatus::Active);
    let def = client
        .get_workflow_definition()
        .workflow_definition_name("sdk-flow")
        .send()
        .await
        .unwrap();
    assert!(def.created_at().secs() > 1_700_000_000, "{def:?}");

    let run = client
        .create_workflow_run()
        .workflow_definition_name("sdk-flow")
        .model_id("nova-act-latest")
        .client_info(
            ClientInfo::builder()
                .compatibility_version(1)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let session = client
        .create_session()
        .workflow_definition_name("sdk-flow")
        .workflow_run_id(run.workflow_run_id())
        .send()
        .await
        .unwrap();
    let act = client
        .create_act()
        .workflow_definition_name("sdk-flow")
        .workflow_run_id(run.workflow_run_id())
        .session_id(session.session_id())
        .task("Find the cheapest flight to Lisbon")
        .tool_specs(
            ToolSpec::builder()
                .name("lookup_price")
                .description("Looks up a fare")
                .input_schema(ToolInputSchema::Json(
                    nova_act_sdk::primitives::document_from_json(json!({
                        "type": "object",
                        "properties": {"route": {"type": "string"}}
                    })),
                ))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    let invoke = |results: Vec<CallResult>, previous: Option<String>| {
        client
            .invoke_act_step()
            .workflow_definition_name("sdk-flow")
            .workflow_run_id(run.workflow_run_id())
            .session_id(session.session_id())
            .act_id(act.act_id())
            .set_call_results(Some(results))
            .set_previous_step_id(previous)
            .send()
    };
    let result = common::text_result;
    const PAGE: &str = "http://127.0.0.1:1/";
    let step1 = invoke(
        vec![
            result("initiateAct", "{}".into()),
            result("takeObservation", common::observation(PAGE)),
        ],
        None,
    )
    .await
    .unwrap();
    let names: Vec<&str> = step1.calls().iter().map(|c| c.name()).collect();
    assert_eq!(
        names,
        ["lookup_price", "waitForPageToSettle", "takeObservation"]
    );
    assert_eq!(
        document_to_json(step1.calls()[0].input()),
        json!({"route": "example"})
    );
    let texts = [
        json!("129 EUR").to_string(),
        "null".to_string(),
        common::observation(PAGE),
    ];
    let results = step1
        .calls()
        .iter()
        .zip(texts)
        .map(|(call, text)| result(call.call_id(), text))
        .collect();
    let step2 = invoke(results, Some(step1.step_id().to_string()))
        .await
        .unwrap();
    assert_eq!(step2.calls()[0].name(), "return");
    assert_eq!(
        document_to_json(step2.calls()[0].input()),
        json!(["129 EUR"])
    );
    client
        .update_act()
        .workflow_definition_name("sdk-flow")
        .workflow_run_id(run.workflow_run_id())
        .session_id(session.session_id())
        .act_id(act.act_id())
        .status(ActStatus::Succeeded)
        .send()
        .await
        .unwrap();

    let mut acts = client
        .list_acts()
        .workflow_definition_name("sdk-flow")
        .into_paginator()
        .page_size(1)
        .items()
        .send();
    let mut seen = Vec::new();
    while let Some(item) = acts.next().await {
        seen.push(item.unwrap());
    }
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].status(), &ActStatus::Succeeded);
    assert!(seen[0].ended_at().is_some());

    // Typed errors, parsed from the emulator's answers.
    let missing = client
        .get_workflow_run()
        .workflow_definition_name("sdk-flow")
        .workflow_run_id("00000000-0000-4000-8000-000000000000")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match missing {
        GetWorkflowRunError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id(), "00000000-0000-4000-8000-000000000000");
            assert_eq!(e.resource_type(), "WorkflowRun");
            assert_eq!(e.code(), Some("ResourceNotFoundException"));
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    let invalid = client
        .create_workflow_definition()
        .name("!!")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match invalid {
        CreateWorkflowDefinitionError::ValidationException(e) => {
            assert_eq!(e.field_list()[0].name(), "name");
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }
    server.shutdown().await;
}

#[tokio::test]
async fn auth_errors_reach_the_client_with_code_and_message() {
    let server = Server::builder().start().await.unwrap();
    let client = client(&server, "wrong-secret");
    let err = client
        .list_models()
        .client_compatibility_version(1)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidSignatureException"), "{err:?}");
    assert!(err.message().unwrap_or_default().contains("does not match"));
    server.shutdown().await;
}

/// A seed whose first draw is `first` and whose next draws are `Fault::None`.
fn seed_where(config: impl Fn(u64) -> FaultConfig, first: Fault) -> u64 {
    (0..10_000)
        .find(|&seed| {
            let f = Faults::new(config(seed));
            f.draw() == first && (0..4).all(|_| f.draw() == Fault::None)
        })
        .expect("a seed fits")
}

#[tokio::test]
async fn the_client_retries_throttling_and_dropped_connections() {
    let throttling = |seed| FaultConfig::seeded(seed).throttle(0.3);
    let server = Server::builder()
        .faults(throttling(seed_where(throttling, Fault::Throttle)))
        .start()
        .await
        .unwrap();
    let models = client(&server, DEFAULT_SECRET_ACCESS_KEY)
        .list_models()
        .client_compatibility_version(1)
        .send()
        .await
        .unwrap();
    assert!(!models.model_summaries().is_empty());
    server.shutdown().await;

    // The create is carried out, its answer is cut off, the client retries with the same
    // (generated) client token, and gets the first answer: one definition, no conflict.
    let dropping = |seed| FaultConfig::seeded(seed).drop_connections(0.3);
    let server = Server::builder()
        .faults(dropping(seed_where(dropping, Fault::DropConnection)))
        .start()
        .await
        .unwrap();
    let client = client(&server, DEFAULT_SECRET_ACCESS_KEY);
    let created = client
        .create_workflow_definition()
        .name("retried")
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), &WorkflowDefinitionStatus::Active);
    let list = client.list_workflow_definitions().send().await.unwrap();
    assert_eq!(list.workflow_definition_summaries().len(), 1);
    server.shutdown().await;
}
