//! Scenario `error` steps and the request journal, through the generated client
//! (`nova-act-sdk`) and the plain test client.

mod common;

use std::time::Duration;

use nova_act_local::{FaultConfig, JournalEntry, Scenario, Server, DEFAULT_SECRET_ACCESS_KEY};
use nova_act_sdk::config::RetryConfig;
use nova_act_sdk::error::ProvideErrorMetadata;
use nova_act_sdk::operation::invoke_act_step::InvokeActStepError;
use nova_act_sdk::primitives::document_to_json;
use nova_act_sdk::types::{ActStatus, CallResult, ClientInfo};
use nova_act_sdk::Client;
use serde_json::{json, Value};

const SCENARIO: &str = r#"
rules:
  - task: "scripted"
    steps:
      - error: { type: AccessDeniedException, message: "Not today" }
      - calls:
          - name: lookup_price
            input: { route: LIS }
      - error: { type: ThrottlingException }
      - return: "Fare {{result.0}}"
"#;

fn entries_of<'a>(journal: &'a [JournalEntry], operation: &str) -> Vec<&'a JournalEntry> {
    journal
        .iter()
        .filter(|e| e.operation == operation)
        .collect()
}

#[tokio::test]
async fn error_steps_reach_the_client_once_and_the_journal_records_everything() {
    let server = Server::builder()
        .scenario(Scenario::from_yaml_str(SCENARIO).unwrap())
        .journal(true)
        .start()
        .await
        .unwrap();
    let once = common::sdk_client(&server, DEFAULT_SECRET_ACCESS_KEY, RetryConfig::disabled());
    let retrying = common::sdk_client(
        &server,
        DEFAULT_SECRET_ACCESS_KEY,
        RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)),
    );

    once.create_workflow_definition()
        .name("scripted-flow")
        .send()
        .await
        .unwrap();
    let run = once
        .create_workflow_run()
        .workflow_definition_name("scripted-flow")
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
    let session = once
        .create_session()
        .workflow_definition_name("scripted-flow")
        .workflow_run_id(run.workflow_run_id())
        .send()
        .await
        .unwrap();
    let act = once
        .create_act()
        .workflow_definition_name("scripted-flow")
        .workflow_run_id(run.workflow_run_id())
        .session_id(session.session_id())
        .task("scripted booking")
        .send()
        .await
        .unwrap();

    let invoke = |client: &Client, results: Vec<CallResult>, previous: Option<String>| {
        client
            .invoke_act_step()
            .workflow_definition_name("scripted-flow")
            .workflow_run_id(run.workflow_run_id())
            .session_id(session.session_id())
            .act_id(act.act_id())
            .set_call_results(Some(results))
            .set_previous_step_id(previous)
            .send()
    };
    let result = common::text_result;
    const PAGE: &str = "http://127.0.0.1:1/";
    let first = || {
        vec![
            result("initiateAct", "{}".into()),
            result("takeObservation", common::observation(PAGE)),
        ]
    };

    // The scripted error, typed, with its status and message.
    let err = invoke(&once, first(), None).await.unwrap_err();
    assert_eq!(
        err.raw_response().map(|r| r.status().as_u16()),
        Some(403),
        "{err:?}"
    );
    match err.into_service_error() {
        InvokeActStepError::AccessDeniedException(e) => {
            assert_eq!(e.code(), Some("AccessDeniedException"));
            assert_eq!(e.message(), "Not today");
        }
        other => panic!("expected AccessDeniedException, got {other:?}"),
    }
    // The same request again goes on with the act.
    let step = invoke(&once, first(), None).await.unwrap();
    let names: Vec<&str> = step.calls().iter().map(|c| c.name()).collect();
    assert_eq!(
        names,
        ["lookup_price", "waitForPageToSettle", "takeObservation"]
    );

    // A retryable scripted error is retried by the client itself: the caller sees the step
    // after it.
    let texts = [
        json!("129 EUR").to_string(),
        "null".to_string(),
        common::observation(PAGE),
    ];
    let results = step
        .calls()
        .iter()
        .zip(texts)
        .map(|(call, text)| result(call.call_id(), text))
        .collect();
    let last = invoke(&retrying, results, Some(step.step_id().to_string()))
        .await
        .unwrap();
    assert_eq!(last.calls()[0].name(), "return");
    assert_eq!(
        document_to_json(last.calls()[0].input()),
        json!(["Fare 129 EUR"])
    );
    once.update_act()
        .workflow_definition_name("scripted-flow")
        .workflow_run_id(run.workflow_run_id())
        .session_id(session.session_id())
        .act_id(act.act_id())
        .status(ActStatus::Succeeded)
        .send()
        .await
        .unwrap();

    // The journal: every request in order, with bodies and answers.
    let journal = server.journal();
    let operations: Vec<&str> = journal.iter().map(|e| e.operation.as_str()).collect();
    assert_eq!(
        operations,
        [
            "CreateWorkflowDefinition",
            "CreateWorkflowRun",
            "CreateSession",
            "CreateAct",
            "InvokeActStep",
            "InvokeActStep",
            "InvokeActStep",
            "InvokeActStep",
            "UpdateAct",
        ]
    );
    let create = entries_of(&journal, "CreateAct")[0];
    assert_eq!(create.status, 201);
    assert_eq!(create.body["task"], "scripted booking");
    assert!(create.body["clientToken"].is_string(), "{create:?}");
    assert_eq!(create.labels["sessionId"], session.session_id());
    assert_eq!(create.response["actId"], act.act_id());

    let steps = entries_of(&journal, "InvokeActStep");
    let statuses: Vec<u16> = steps.iter().map(|e| e.status).collect();
    assert_eq!(statuses, [403, 200, 429, 200]);
    let types: Vec<Option<&str>> = steps.iter().map(|e| e.error_type.as_deref()).collect();
    assert_eq!(
        types,
        [
            Some("AccessDeniedException"),
            None,
            Some("ThrottlingException"),
            None
        ]
    );
    assert_eq!(steps[0].response, json!({"message": "Not today"}));
    assert_eq!(steps[0].body, steps[1].body);
    assert_eq!(steps[0].body["callResults"][0]["callId"], "initiateAct");
    assert_eq!(steps[2].body, steps[3].body);
    assert_eq!(steps[2].body["previousStepId"], step.step_id());
    assert_eq!(steps[2].response["quotaCode"], "emulated-request-rate");
    assert_eq!(steps[1].response["stepId"], step.step_id());
    for entry in &steps {
        assert_eq!(entry.labels["actId"], act.act_id());
        assert_eq!(entry.labels["workflowDefinitionName"], "scripted-flow");
        assert_eq!(entry.labels["workflowRunId"], run.workflow_run_id());
        assert!(!entry.connection_dropped);
    }
    let update = entries_of(&journal, "UpdateAct")[0];
    assert_eq!((update.status, update.error_type.as_deref()), (200, None));
    assert_eq!(update.body, json!({"status": "SUCCEEDED"}));
    assert_eq!(update.response, json!({}));

    server.clear_journal();
    assert!(server.journal().is_empty());
    server.shutdown().await;
}

#[tokio::test]
async fn the_journal_keeps_refusals_and_faults_but_not_unrouted_requests() {
    let server = Server::builder().journal(true).start().await.unwrap();
    let client = common::Client::new(&server);
    client
        .call("PUT", "/workflow-definitions", Some(json!({"name": "!!"})))
        .await
        .expect_error(400, "ValidationException");
    client
        .call("GET", "/no-such-path", None)
        .await
        .expect_error(404, "UnknownOperationException");
    client
        .raw("PUT", "/workflow-definitions", "{not json")
        .await
        .expect_error(400, "SerializationException");
    client
        .call(
            "POST",
            "/models?maxResults=5",
            Some(json!({"clientCompatibilityVersion": 1})),
        )
        .await;
    let unsigned = client.with_signer(None);
    assert_eq!(
        unsigned
            .call("GET", "/workflow-definitions/x", None)
            .await
            .status,
        403
    );

    let journal = server.journal();
    let seen: Vec<(&str, u16, Option<&str>)> = journal
        .iter()
        .map(|e| (e.operation.as_str(), e.status, e.error_type.as_deref()))
        .collect();
    assert_eq!(
        seen[..2],
        [
            ("CreateWorkflowDefinition", 400, Some("ValidationException")),
            (
                "CreateWorkflowDefinition",
                400,
                Some("SerializationException")
            ),
        ]
    );
    assert_eq!(journal.len(), 3, "{journal:?}");
    assert_eq!(journal[0].body, json!({"name": "!!"}));
    assert_eq!(journal[0].response["reason"], "FieldValidationFailed");
    assert_eq!(journal[1].body, Value::String("{not json".into()));
    assert_eq!(journal[2].operation, "ListModels");
    assert_eq!(
        journal[2].query,
        [("maxResults".to_string(), "5".to_string())]
    );
    server.shutdown().await;

    // Injected faults are journaled with their answer; without `journal(true)` nothing is.
    let faulty = Server::builder()
        .faults(FaultConfig::seeded(1).throttle(1.0))
        .journal(true)
        .start()
        .await
        .unwrap();
    common::Client::new(&faulty)
        .call("GET", "/workflow-definitions/wf", None)
        .await
        .expect_error(429, "ThrottlingException");
    let journal = faulty.journal();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].operation, "GetWorkflowDefinition");
    assert_eq!(journal[0].labels["workflowDefinitionName"], "wf");
    assert_eq!(journal[0].body, Value::Null);
    assert_eq!(
        journal[0].error_type.as_deref(),
        Some("ThrottlingException")
    );
    faulty.shutdown().await;

    let quiet = common::server().await;
    common::Client::new(&quiet)
        .create_definition("wf")
        .await
        .expect(201);
    assert!(quiet.journal().is_empty());
    quiet.shutdown().await;
}
