//! Every path of an act against the emulator over real HTTP with SigV4: what the caller
//! gets, and what the service received (the emulator's journal).

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use nova_act_agent::{
    async_trait, ActuationError, Actuator, Approval, BlankActuator, ClickType, Error, HumanInput,
    Observation, ScrollDirection, ServiceErrorKind, StepRetry, TargetBox, Tool, ToolError,
    UiTakeover,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Value};

const SCENARIO: &str = r#"
rules:
  - task: "^Fare as an object"
    steps:
      - calls:
          - name: lookup_fare
            input: { destination: LIS }
            expect: { json: "129 EUR" }
      - return: '{"destination": "LIS", "euros": 129}'
  - task: "^Fare with a wrong type"
    steps:
      - return: '{"destination": "LIS", "euros": "a lot"}'
  - task: "^Two fares"
    steps:
      - calls:
          - name: think
            input: ["Two fares to compare"]
          - name: lookup_fare
            input: { destination: OPO }
          - name: lookup_fare
            input: { destination: LIS }
      - return: "{{result.1}} / {{result.2}}"
  - task: "^Is it cheap"
    steps:
      - return: "true"
  - task: "^Fly to the Moon"
    steps:
      - throw: "No flights to the Moon"
  - task: "^Look forever"
    steps:
      - calls: [ { name: lookup_fare, input: { destination: LIS } } ]
      - calls: [ { name: lookup_fare, input: { destination: LIS } } ]
      - calls: [ { name: lookup_fare, input: { destination: LIS } } ]
      - return: "never reached"
  - task: "^Stuck tool"
    steps:
      - calls: [ { name: stuck, input: {} } ]
      - return: "never reached"
  - task: "^Buy"
    steps:
      - calls:
          - name: human_Approve
            input: { message: "Buy for 129 EUR?" }
            expect: { equals: "yes" }
      - calls:
          - name: human_UiTakeover
            input: { message: "Log in, please" }
            expect: { equals: "complete" }
      - return: "Bought"
  - task: "^Atlantis"
    steps:
      - calls:
          - name: lookup_fare
            input: { destination: ATL }
      - return: "Answered: {{result.0}}"
  - task: "^Unknown tool"
    steps:
      - calls: [ { name: book_hotel, input: { city: Lisbon } } ]
  - task: "^Click"
    steps:
      - calls:
          - name: agentClick
            input: ["<bbox>100,200,300,400</bbox>", { clickType: left-double }]
          - name: agentScroll
            input: ["down", "<box>0,0,813,1600</box>"]
      - return: "{{result.0}}"
  - task: "^Bad box"
    steps:
      - calls:
          - name: agentClick
            input: ["<box>700,0,900,100</box>"]
  - task: "^No observation"
    steps:
      - observe: false
        calls: [ { name: think, input: ["hmm"] } ]
      - return: "never reached"
  - task: "^Service fails"
    steps:
      - calls: [ { name: lookup_fare, input: { destination: LIS } } ]
      - error: { type: InternalServerException, message: "Something broke" }
      - return: "after the failure"
  - task: "^Throttled"
    steps:
      - error: { type: ThrottlingException, message: "Slow down" }
      - return: "after throttling"
  - task: "^Guarded"
    steps:
      - error: { type: ValidationException, reason: GuardrailIntervened, message: "Blocked by guardrails" }
"#;

#[derive(Deserialize, JsonSchema)]
struct Route {
    /// IATA code of the destination airport.
    destination: String,
}

#[derive(Debug, PartialEq, Deserialize, JsonSchema)]
struct Fare {
    destination: String,
    euros: u32,
}

fn fare_tool() -> Tool {
    Tool::typed(
        "lookup_fare",
        "Looks up the economy fare of a flight to an airport.",
        |route: Route| async move {
            match route.destination.as_str() {
                "LIS" => Ok("129 EUR"),
                "OPO" => Ok("98 EUR"),
                other => Err(ToolError::new(
                    "LookupError",
                    format!("no fare for {other}"),
                )),
            }
        },
    )
    .unwrap()
}

#[tokio::test]
async fn a_typed_answer_from_a_tool_using_act() {
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let session = workflow.session().tool(fare_tool()).start().await.unwrap();
    let result = session.act_get::<Fare>("Fare as an object").await.unwrap();
    workflow
        .finish(nova_act_sdk::types::WorkflowRunStatus::Succeeded)
        .await
        .unwrap();

    assert_eq!(
        result.answer,
        Fare {
            destination: "LIS".into(),
            euros: 129
        }
    );
    assert_eq!(result.metadata.steps.len(), 2);
    assert_eq!(
        result.metadata.steps[0].calls,
        ["lookup_fare", "waitForPageToSettle", "takeObservation"]
    );
    assert_eq!(result.metadata.act_id.len(), 36);

    // What the service received.
    assert_eq!(
        emulator.operations(),
        [
            "CreateWorkflowDefinition",
            "CreateWorkflowRun",
            "CreateSession",
            "CreateAct",
            "InvokeActStep",
            "InvokeActStep",
            "UpdateAct",
            "UpdateWorkflowRun",
        ]
    );
    let run = &emulator.requests("CreateWorkflowRun")[0].body;
    assert_eq!(run["clientInfo"]["compatibilityVersion"], 1);
    assert_eq!(run["modelId"], "nova-act-latest");
    let act = &emulator.requests("CreateAct")[0].body;
    let task = act["task"].as_str().unwrap();
    assert!(
        task.starts_with("Fare as an object, format output with jsonschema: {"),
        "{task}"
    );
    assert_eq!(act["toolSpecs"][0]["name"], "lookup_fare");
    assert_eq!(
        act["toolSpecs"][0]["inputSchema"]["json"]["required"],
        json!(["destination"])
    );
    let steps = emulator.step_results();
    assert_eq!(
        steps[0],
        [
            ("initiateAct".to_owned(), "{}".to_owned()),
            ("takeObservation".to_owned(), "<observation>".to_owned())
        ]
    );
    assert_eq!(emulator.tool_results(), [["\"129 EUR\""]]);
    assert_eq!(emulator.update_act(), json!({"status": "SUCCEEDED"}));
    assert_eq!(
        emulator.requests("UpdateWorkflowRun")[0].body,
        json!({"status": "SUCCEEDED"})
    );
}

#[tokio::test]
async fn calls_of_a_step_run_in_order_and_plain_answers_need_no_type() {
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let session = workflow.session().tool(fare_tool()).start().await.unwrap();
    let two = session.act("Two fares").await.unwrap();
    let cheap = session.act_get::<bool>("Is it cheap?").await.unwrap();

    assert_eq!(two.answer, "98 EUR / 129 EUR");
    assert!(cheap.answer);
    assert_eq!(
        emulator.tool_results()[0],
        ["null", "\"98 EUR\"", "\"129 EUR\""]
    );
    let tasks: Vec<Value> = emulator
        .requests("CreateAct")
        .iter()
        .map(|e| e.body["task"].clone())
        .collect();
    assert_eq!(
        tasks,
        [
            json!("Two fares"),
            json!("Is it cheap?, format output with jsonschema: {\"type\": \"boolean\"}")
        ]
    );
}

/// One act that fails, and what it must be reported as.
struct Failing {
    task: &'static str,
    /// Asks for a [`Fare`] instead of text.
    typed: bool,
    max_steps: Option<u32>,
    error_type: &'static str,
    message_contains: &'static str,
    check: fn(&Error) -> bool,
}

#[tokio::test]
async fn every_failure_is_reported_failed_with_its_type() {
    let cases = [
        Failing {
            task: "Fare with a wrong type",
            typed: true,
            max_steps: None,
            error_type: "ActInvalidModelGenerationError",
            message_contains: "at /euros",
            check: |e| matches!(e, Error::AnswerMismatch { problems, .. } if problems.len() == 1),
        },
        Failing {
            task: "Fly to the Moon",
            typed: false,
            max_steps: None,
            error_type: "ActAgentFailed",
            message_contains: "No flights to the Moon",
            check: |e| matches!(e, Error::AgentFailed { message } if message == "No flights to the Moon"),
        },
        Failing {
            task: "Look forever",
            typed: false,
            max_steps: Some(2),
            error_type: "ActExceededMaxStepsError",
            message_contains: "within 2 steps",
            check: |e| matches!(e, Error::ExceededMaxSteps { max_steps: 2 }),
        },
        Failing {
            task: "Atlantis",
            typed: false,
            max_steps: None,
            error_type: "ActToolError",
            message_contains: "LookupError: no fare for ATL",
            check: |e| matches!(e, Error::Tool { tool, error } if tool == "lookup_fare" && error.kind() == "LookupError"),
        },
        Failing {
            task: "Unknown tool",
            typed: false,
            max_steps: None,
            error_type: "ActToolError",
            message_contains: "Tool 'book_hotel' was not found.",
            check: |e| matches!(e, Error::Tool { tool, .. } if tool == "book_hotel"),
        },
        Failing {
            task: "Click",
            typed: false,
            max_steps: None,
            error_type: "ActActuationError",
            message_contains: "agentClick needs a browser",
            check: |e| matches!(e, Error::Actuation { call, .. } if call == "agentClick"),
        },
        Failing {
            task: "Bad box",
            typed: false,
            max_steps: None,
            error_type: "ActInvalidModelGenerationError",
            message_contains: "outside the 1600x813 viewport",
            check: |e| matches!(e, Error::InvalidModelGeneration { .. }),
        },
        Failing {
            task: "No observation",
            typed: false,
            max_steps: None,
            error_type: "ActInvalidModelGenerationError",
            message_contains: "asked for no observation",
            check: |e| matches!(e, Error::InvalidModelGeneration { .. }),
        },
        Failing {
            task: "Service fails",
            typed: false,
            max_steps: None,
            error_type: "ActInternalServerError",
            message_contains: "InternalServerException: Something broke",
            check: |e| {
                matches!(e, Error::Service(s) if s.kind() == ServiceErrorKind::InternalServer
                    && s.operation() == "InvokeActStep" && s.request_id().is_some())
            },
        },
        Failing {
            task: "Guarded",
            typed: false,
            max_steps: None,
            error_type: "ActGuardrailsError",
            message_contains: "Blocked by guardrails",
            check: |e| matches!(e, Error::Guardrail(s) if s.reason() == Some("GuardrailIntervened")),
        },
    ];
    for case in cases {
        let emulator = common::start(SCENARIO).await;
        let workflow = emulator.workflow().start().await.unwrap();
        let session = workflow.session().tool(fare_tool()).start().await.unwrap();
        let max_steps = case.max_steps.unwrap_or(nova_act_agent::DEFAULT_MAX_STEPS);
        let error = if case.typed {
            let act = session.act_get::<Fare>(case.task).max_steps(max_steps);
            act.await.map(|r| format!("{:?}", r.answer))
        } else {
            session
                .act(case.task)
                .max_steps(max_steps)
                .await
                .map(|r| r.answer)
        }
        .expect_err(case.task);
        assert!((case.check)(&error), "{}: {error:?}", case.task);
        assert_eq!(error.error_type(), case.error_type, "{}", case.task);

        let update = emulator.update_act();
        assert_eq!(update["status"], "FAILED", "{}", case.task);
        assert_eq!(update["error"]["type"], case.error_type, "{}", case.task);
        let message = update["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(case.message_contains),
            "{}: {message}",
            case.task
        );
        assert_eq!(message, error.to_string(), "{}", case.task);
    }
}

#[tokio::test]
async fn max_steps_means_at_most_that_many_steps_are_requested() {
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let session = workflow.session().tool(fare_tool()).start().await.unwrap();
    session.act("Look forever").max_steps(2).await.unwrap_err();
    assert_eq!(emulator.requests("InvokeActStep").len(), 2);
    for bad in [0, 200] {
        let error = session
            .act("Look forever")
            .max_steps(bad)
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidArgument(_)), "{bad}: {error}");
    }
    // Refused before anything was sent.
    assert_eq!(emulator.requests("CreateAct").len(), 1);
}

#[tokio::test]
async fn a_stuck_tool_cannot_overrun_the_time_out() {
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
    let error = session
        .act("Stuck tool")
        .timeout(Duration::from_millis(300))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { limit } if limit == Duration::from_millis(300)));
    let update = emulator.update_act();
    assert_eq!(update["status"], "FAILED");
    assert_eq!(update["error"]["type"], "ActTimeoutError");
}

#[tokio::test]
async fn tool_errors_can_go_back_to_the_model() {
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let session = workflow
        .session()
        .tool(fare_tool().errors_to_model(true))
        .start()
        .await
        .unwrap();
    let result = session.act("Atlantis").await.unwrap();
    assert_eq!(result.answer, "Answered: LookupError: no fare for ATL");
    assert_eq!(emulator.tool_results(), [["LookupError: no fare for ATL"]]);
    assert_eq!(emulator.update_act(), json!({"status": "SUCCEEDED"}));
}

/// A person who answers from a script and notes the questions.
struct ScriptedHuman {
    approve: Approval,
    takeover: UiTakeover,
    asked: Mutex<Vec<String>>,
}

/// The same person, shared with the test.
struct Shared(Arc<ScriptedHuman>);

#[async_trait]
impl HumanInput for Shared {
    async fn approve(&self, message: &str) -> Approval {
        self.0
            .asked
            .lock()
            .unwrap()
            .push(format!("approve: {message}"));
        self.0.approve
    }
    async fn ui_takeover(&self, message: &str) -> UiTakeover {
        self.0
            .asked
            .lock()
            .unwrap()
            .push(format!("takeover: {message}"));
        self.0.takeover
    }
}

#[tokio::test]
async fn a_human_approves_and_takes_over() {
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let human = Arc::new(ScriptedHuman {
        approve: Approval::Yes,
        takeover: UiTakeover::Complete,
        asked: Mutex::new(Vec::new()),
    });
    let session = workflow
        .session()
        .human_input(Shared(Arc::clone(&human)))
        .start()
        .await
        .unwrap();
    let result = session.act("Buy the ticket").await.unwrap();
    assert_eq!(result.answer, "Bought");
    assert_eq!(
        *human.asked.lock().unwrap(),
        ["approve: Buy for 129 EUR?", "takeover: Log in, please"]
    );
    assert_eq!(emulator.tool_results(), [["\"yes\""], ["\"complete\""]]);
    let specs = &emulator.requests("CreateAct")[0].body["toolSpecs"];
    let names: Vec<&str> = specs
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["human_UiTakeover", "human_Approve"]);
}

#[tokio::test]
async fn a_human_who_cancels_fails_the_act() {
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let human = Arc::new(ScriptedHuman {
        approve: Approval::Cancel,
        takeover: UiTakeover::Complete,
        asked: Mutex::new(Vec::new()),
    });
    let session = workflow
        .session()
        .human_input(Shared(human))
        .start()
        .await
        .unwrap();
    let error = session.act("Buy the ticket").await.unwrap_err();
    assert!(matches!(&error, Error::HumanCanceled { tool } if tool == "human_Approve"));
    let update = emulator.update_act();
    assert_eq!(update["status"], "FAILED");
    assert_eq!(update["error"]["type"], "ActToolError");
}

#[tokio::test]
async fn without_a_human_the_tools_are_not_declared_and_a_call_fails() {
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let session = workflow.session().start().await.unwrap();
    let error = session.act("Buy the ticket").await.unwrap_err();
    assert!(
        matches!(&error, Error::AgentFailed { message } if message.starts_with("HumanValidationError"))
    );
    assert!(emulator.requests("CreateAct")[0]
        .body
        .get("toolSpecs")
        .is_none());
}

#[tokio::test]
async fn throttled_steps_are_retried_other_failures_are_not() {
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let session = workflow.session().tool(fare_tool()).start().await.unwrap();
    let result = session.act("Throttled").await.unwrap();
    assert_eq!(result.answer, "after throttling");
    let statuses: Vec<u16> = emulator
        .requests("InvokeActStep")
        .iter()
        .map(|e| e.status)
        .collect();
    assert_eq!(statuses, [429, 200]);

    // An internal error is not retried: the step may have run.
    session.act("Service fails").await.unwrap_err();
    let statuses: Vec<u16> = emulator
        .requests("InvokeActStep")
        .iter()
        .map(|e| e.status)
        .collect();
    assert_eq!(statuses, [429, 200, 200, 500]);

    // With retries off, throttling is an error too.
    let never = workflow
        .session()
        .step_retry(StepRetry::Never)
        .start()
        .await
        .unwrap();
    let error = never.act("Throttled").await.unwrap_err();
    assert!(matches!(&error, Error::Service(s) if s.kind() == ServiceErrorKind::Throttled));
    assert_eq!(error.error_type(), "ActRequestThrottledError");
}

/// An actuator that records what it is asked and answers clicks with a redirect.
#[derive(Clone, Default)]
struct Recorder {
    actions: Arc<Mutex<Vec<String>>>,
}

#[async_trait]
impl Actuator for Recorder {
    async fn observe(&mut self) -> Result<Observation, ActuationError> {
        BlankActuator::new().observe().await
    }
    async fn settle(&mut self) -> Result<(), ActuationError> {
        Ok(())
    }
    async fn click(&mut self, target: TargetBox, click: ClickType) -> Result<(), ActuationError> {
        self.actions
            .lock()
            .unwrap()
            .push(format!("click {target} {click:?} at {:?}", target.center()));
        Err(ActuationError::Redirect(
            "This is a <select>; use agentType with one of its options".into(),
        ))
    }
    async fn hover(&mut self, _: TargetBox) -> Result<(), ActuationError> {
        Ok(())
    }
    async fn scroll(
        &mut self,
        target: TargetBox,
        direction: ScrollDirection,
    ) -> Result<(), ActuationError> {
        self.actions
            .lock()
            .unwrap()
            .push(format!("scroll {direction:?} {target}"));
        Ok(())
    }
    async fn type_text(&mut self, _: TargetBox, _: &str, _: bool) -> Result<(), ActuationError> {
        Ok(())
    }
    async fn go_to_url(&mut self, _: &str) -> Result<(), ActuationError> {
        Ok(())
    }
}

#[tokio::test]
async fn actuators_get_parsed_boxes_and_redirects_reach_the_model() {
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let recorder = Recorder::default();
    let session = workflow
        .session()
        .actuator(recorder.clone())
        .start()
        .await
        .unwrap();
    let result = session.act("Click the fare").await.unwrap();
    assert_eq!(
        result.answer,
        "AgentRedirectError: This is a <select>; use agentType with one of its options"
    );
    // <bbox>100,200,300,400</bbox> on 1600x813: left 160, top 162, right 480, bottom 326.
    assert_eq!(
        *recorder.actions.lock().unwrap(),
        [
            "click <box>162,160,326,480</box> LeftDouble at Point { x: 320.0, y: 244.0 }",
            "scroll Down <box>0,0,813,1600</box>",
        ]
    );
    assert_eq!(
        emulator.tool_results(),
        [[
            "AgentRedirectError: This is a <select>; use agentType with one of its options",
            "null"
        ]]
    );
}

#[tokio::test]
async fn a_state_guardrail_blocks_the_page() {
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let session = workflow
        .session()
        .tool(fare_tool())
        .state_guardrail(|url| url != "about:blank")
        .start()
        .await
        .unwrap();
    let error = session.act("Fare as an object").await.unwrap_err();
    assert!(matches!(&error, Error::StateGuardrail { url } if url == "about:blank"));
    assert_eq!(
        emulator.update_act()["error"]["type"],
        "ActStateGuardrailError"
    );
    // Blocked before the first step.
    assert!(emulator.requests("InvokeActStep").is_empty());
}

#[tokio::test]
async fn sessions_of_one_run_work_concurrently() {
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let workflow = workflow.clone();
        tasks.push(tokio::spawn(async move {
            let session = workflow.session().tool(fare_tool()).start().await?;
            let fare = session.act_get::<Fare>("Fare as an object").await?;
            Ok::<_, Error>((session.session_id().to_owned(), fare.answer.euros))
        }));
    }
    let mut sessions = Vec::new();
    for task in tasks {
        let (session, euros) = task.await.unwrap().unwrap();
        assert_eq!(euros, 129);
        sessions.push(session);
    }
    sessions.sort();
    sessions.dedup();
    assert_eq!(sessions.len(), 4);
    let updates = emulator.requests("UpdateAct");
    assert_eq!(updates.len(), 4);
    assert!(updates
        .iter()
        .all(|u| u.body == json!({"status": "SUCCEEDED"})));
}
