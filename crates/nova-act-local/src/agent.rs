//! The emulated agent behind `InvokeActStep`.
//!
//! Each act keeps a small [`AgentState`]: which plan it follows (a scenario rule, or the
//! built-in agent), the index of its next step, the latest step (to check the results that
//! answer it) and the latest answer (so that a retried request gets it again).
//!
//! A step either asks for calls, which end with `waitForPageToSettle` and `takeObservation`
//! unless a scenario step opts out, or is the act's last: a single `return` (input
//! `[answer]`) or `throw` (input `[message]`). A scenario's `error` step is no step: the request
//! that asks for it is answered with the error, and the act moves on to the step after it.
//! See [`crate::act_protocol`] for the wire forms.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::act_protocol::{self, Observation, ResultText, StepRecord};
use crate::errors::ApiError;
use crate::scenario::{OnMismatch, Scenario, ScriptedError, StepAction};

/// Answer of the built-in agent for an act without tools.
pub const NO_TOOLS_ANSWER: &str = "Task completed by the nova-act-local default agent";

/// How an act proceeds.
#[derive(Debug, Clone)]
pub enum Plan {
    /// Follows the scenario rule with this index.
    Rule(u32),
    /// The built-in agent.
    BuiltIn(Box<BuiltIn>),
}

/// What the built-in agent does: call one tool (if the act has any), then answer.
#[derive(Debug, Clone, Default)]
pub struct BuiltIn {
    /// The tool to call first, with its input.
    pub tool: Option<(String, Value)>,
    /// The JSON Schema the answer must follow (from the task's suffix).
    pub schema: Option<Value>,
}

/// Per-act agent state, kept small (many acts may exist).
#[derive(Debug, Clone)]
pub struct AgentState {
    /// The plan.
    pub plan: Plan,
    /// Index of the next step to produce.
    pub next_step: u16,
    /// The latest step.
    pub last_step: Option<StepRecord>,
    /// The step before it (the `previousStepId` of a retried request).
    pub prev_step: Option<Uuid>,
    /// Hash of the request that produced the latest step (to recognise a retry).
    pub last_request_hash: u64,
    /// The `calls` of the latest answer (sent again to a retried request).
    pub last_calls: Option<Box<Value>>,
}

impl AgentState {
    /// State of a new act.
    pub fn new(plan: Plan) -> Self {
        AgentState {
            plan,
            next_step: 0,
            last_step: None,
            prev_step: None,
            last_request_hash: 0,
            last_calls: None,
        }
    }

    /// Whether the act has taken its last step (`return` or `throw`).
    pub fn finished(&self) -> bool {
        self.last_step.is_some_and(|s| s.last)
    }
}

/// What a step does.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Ask for these `(name, input)` calls, followed by settle and observe when `observe`.
    Calls {
        /// The calls.
        calls: Vec<(String, Value)>,
        /// Whether `waitForPageToSettle` and `takeObservation` follow.
        observe: bool,
    },
    /// End the act with this answer.
    Return(String),
    /// End the act as failed with this message.
    Throw(String),
    /// Answer this error instead of a step (a scenario's `error` step). The step is used up:
    /// the next request gets the step after it.
    Error(ScriptedError),
}

/// Chooses the plan of a new act.
pub fn plan_for(scenario: &Scenario, task: &str, tool_specs: Option<&Value>) -> Plan {
    if let Some(rule) = scenario.rule_for(task) {
        return Plan::Rule(u32::try_from(rule).unwrap_or(u32::MAX));
    }
    let first = tool_specs.and_then(Value::as_array).and_then(|a| a.first());
    let tool = first.map(|spec| {
        let name = spec.get("name").and_then(Value::as_str).unwrap_or("tool");
        let schema = spec.get("inputSchema").and_then(|s| s.get("json"));
        // Some clients send the JSON Schema as a JSON string.
        let parsed;
        let schema = match schema {
            Some(Value::String(text)) => {
                parsed = serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
                Some(&parsed)
            }
            other => other,
        };
        let input = schema
            .map(|s| example_for_schema(s, 0))
            .filter(Value::is_object)
            .unwrap_or_else(|| Value::Object(Map::new()));
        (name.to_string(), input)
    });
    Plan::BuiltIn(Box::new(BuiltIn {
        tool,
        schema: act_protocol::answer_schema(task),
    }))
}

/// An example value satisfying a (simple) JSON Schema, for the default agent's first call.
pub fn example_for_schema(schema: &Value, depth: usize) -> Value {
    let Some(obj) = schema.as_object() else {
        return Value::Null;
    };
    if depth > 8 {
        return Value::Null;
    }
    for key in ["const", "default"] {
        if let Some(v) = obj.get(key) {
            return v.clone();
        }
    }
    for key in ["enum", "examples"] {
        if let Some(v) = obj
            .get(key)
            .and_then(Value::as_array)
            .and_then(|a| a.first())
        {
            return v.clone();
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(first) = obj
            .get(key)
            .and_then(Value::as_array)
            .and_then(|a| a.first())
        {
            return example_for_schema(first, depth + 1);
        }
    }
    let ty = match obj.get("type") {
        Some(Value::String(t)) => Some(t.as_str()),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        _ => None,
    };
    let ty = ty.or_else(|| obj.contains_key("properties").then_some("object"));
    let number = |key: &str| obj.get(key).and_then(Value::as_f64).unwrap_or(0.0);
    match ty {
        Some("object") => {
            let mut out = Map::new();
            if let Some(props) = obj.get("properties").and_then(Value::as_object) {
                for (name, prop) in props {
                    out.insert(name.clone(), example_for_schema(prop, depth + 1));
                }
            }
            Value::Object(out)
        }
        Some("array") => {
            let min = obj.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            match (min, obj.get("items")) {
                (1.., Some(items)) => json!([example_for_schema(items, depth + 1)]),
                _ => json!([]),
            }
        }
        Some("string") => {
            // "example", stretched or cut to fit the length limits.
            let min = obj.get("minLength").and_then(Value::as_u64).unwrap_or(0);
            let max = obj
                .get("maxLength")
                .and_then(Value::as_u64)
                .unwrap_or(u64::MAX);
            let len = usize::try_from(7u64.clamp(min.min(max), max).min(4096)).unwrap_or(7);
            Value::String("example".chars().cycle().take(len).collect())
        }
        Some("integer") => json!(number("minimum") as i64),
        Some("number") => json!(number("minimum")),
        Some("boolean") => Value::Bool(false),
        _ => Value::Null,
    }
}

/// A stable hash of a request's `previousStepId` and call results.
pub fn request_hash(previous_step: Option<&str>, call_results: &[Value]) -> u64 {
    let mut h = DefaultHasher::new();
    previous_step.hash(&mut h);
    for result in call_results {
        crate::ops::canonical_json(result).hash(&mut h);
    }
    h.finish()
}

/// Replaces `{{result}}` (all results, one per line) and `{{result.N}}` in `text`.
fn substitute(text: &str, results: &[ResultText]) -> String {
    if !text.contains("{{result") {
        return text.to_string();
    }
    let shown: Vec<String> = results.iter().map(ResultText::display).collect();
    let mut out = text.replace("{{result}}", &shown.join("\n"));
    for (i, r) in shown.iter().enumerate() {
        out = out.replace(&format!("{{{{result.{i}}}}}"), r);
    }
    out
}

fn template(value: &Value, results: &[ResultText]) -> Value {
    match value {
        Value::String(s) => Value::String(substitute(s, results)),
        Value::Array(items) => Value::Array(items.iter().map(|v| template(v, results)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), template(v, results)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Answers are strings: a structured answer travels as its JSON text.
fn answer_text(value: Value) -> String {
    match value {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

/// The answer of a rule whose steps ran out: the previous results.
fn implicit_answer(results: &[ResultText]) -> String {
    match results {
        [] => "done".to_string(),
        [one] => one.display(),
        many => Value::Array(many.iter().map(|r| Value::String(r.display())).collect()).to_string(),
    }
}

/// The built-in agent's answer: the tool's result (or [`NO_TOOLS_ANSWER`]), or, when the task
/// asks for a JSON Schema, the JSON text of a value that follows it.
fn built_in_answer(schema: Option<&Value>, tool_result: Option<&ResultText>) -> String {
    let plain = || tool_result.map_or_else(|| NO_TOOLS_ANSWER.to_string(), ResultText::display);
    match schema {
        None => plain(),
        Some(schema) if schema.get("type").and_then(Value::as_str) == Some("string") => {
            Value::String(plain()).to_string()
        }
        Some(schema) => example_for_schema(schema, 0).to_string(),
    }
}

/// Produces step `index` of `plan`. `results` answer the previous step's calls in call order;
/// `observation` is the one sent with this request, if any. `Err` only when a scenario rule
/// rejects what the client sent (`on_mismatch: reject`).
pub fn generate(
    scenario: &Scenario,
    plan: &Plan,
    index: u16,
    results: &[ResultText],
    observation: Option<&Observation>,
) -> Result<Outcome, ApiError> {
    let rule = match plan {
        Plan::BuiltIn(built_in) => {
            return Ok(match (&built_in.tool, index) {
                (Some((name, input)), 0) => Outcome::Calls {
                    calls: vec![(name.clone(), input.clone())],
                    observe: true,
                },
                (Some(_), _) => {
                    Outcome::Return(built_in_answer(built_in.schema.as_ref(), results.first()))
                }
                (None, _) => Outcome::Return(built_in_answer(built_in.schema.as_ref(), None)),
            })
        }
        Plan::Rule(r) => match scenario.rules.get(*r as usize) {
            Some(rule) => rule,
            None => return Ok(Outcome::Throw("scenario rule is missing".into())),
        },
    };
    let idx = usize::from(index);
    let mismatch = |message: String| match rule.on_mismatch {
        OnMismatch::Fail => Ok(Outcome::Throw(message)),
        OnMismatch::Reject => Err(ApiError::field("callResults", message)),
    };
    // The results of the scripted calls (the appended settle and observe calls follow them).
    // They answer the latest step the client was sent: `error` steps in between sent none.
    let mut scripted = results;
    let previous = rule
        .steps
        .iter()
        .take(idx)
        .rev()
        .find(|s| !matches!(s.action, StepAction::Error(_)));
    if let Some(StepAction::Calls { calls, .. }) = previous.map(|s| &s.action) {
        scripted = &results[..calls.len().min(results.len())];
        for (i, (call, result)) in calls.iter().zip(scripted).enumerate() {
            if let Some(problem) = call.expect.as_ref().and_then(|e| e.check(result)) {
                return mismatch(format!("Call {i} ({}): {problem}", call.name));
            }
        }
    }
    let Some(step) = rule.steps.get(idx) else {
        return Ok(Outcome::Return(implicit_answer(scripted)));
    };
    if let Some(problem) = step
        .expect_observation
        .as_ref()
        .and_then(|e| e.check(observation))
    {
        return mismatch(format!("Step {idx}: {problem}"));
    }
    Ok(match &step.action {
        StepAction::Calls { calls, observe } => Outcome::Calls {
            calls: calls
                .iter()
                .map(|c| (c.name.clone(), template(&c.input, scripted)))
                .collect(),
            observe: *observe,
        },
        StepAction::Return(value) => Outcome::Return(answer_text(template(value, scripted))),
        StepAction::Throw(message) => Outcome::Throw(substitute(message, scripted)),
        StepAction::Error(error) => Outcome::Error(error.clone()),
    })
}

/// The `calls` of an `InvokeActStep` answer for an outcome, and the record of the step. An
/// [`Outcome::Error`] is answered as an error, not as a step: it renders no calls.
pub fn render(outcome: &Outcome, step: Uuid) -> (Vec<Value>, StepRecord) {
    let single = |name: &str, argument: &str| {
        vec![act_protocol::render_call(step, 0, name, json!([argument]))]
    };
    let (calls, observes, last) = match outcome {
        Outcome::Calls { calls, observe } => {
            let settle = [
                (act_protocol::WAIT_FOR_PAGE_TO_SETTLE, json!([])),
                (act_protocol::TAKE_OBSERVATION, json!([])),
            ];
            let appended = settle.iter().filter(|_| *observe).map(|(n, i)| (*n, i));
            let rendered = calls
                .iter()
                .map(|(n, i)| (n.as_str(), i))
                .chain(appended)
                .enumerate()
                .map(|(k, (name, input))| act_protocol::render_call(step, k, name, input.clone()))
                .collect();
            (rendered, *observe, false)
        }
        Outcome::Return(answer) => (single(act_protocol::RETURN, answer), false, true),
        Outcome::Throw(message) => (single(act_protocol::THROW, message), false, true),
        Outcome::Error(_) => (Vec::new(), false, false),
    };
    let record = StepRecord {
        id: step,
        calls: u16::try_from(calls.len()).unwrap_or(u16::MAX),
        observes,
        last,
    };
    (calls, record)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_results(values: &[Value]) -> Vec<ResultText> {
        values.iter().cloned().map(ResultText::Json).collect()
    }

    #[test]
    fn built_in_agent_calls_the_first_tool_then_returns_its_result() {
        let specs = json!([{
            "name": "lookup_price",
            "description": "d",
            "inputSchema": {"json": {
                "type": "object",
                "properties": {
                    "route": {"type": "string"},
                    "passengers": {"type": "integer", "minimum": 1},
                    "class": {"enum": ["economy", "business"]},
                    "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1}
                }
            }}
        }]);
        let none = Scenario::default();
        let plan = plan_for(&none, "anything", Some(&specs));
        let first = generate(&none, &plan, 0, &[], None).unwrap();
        assert_eq!(
            first,
            Outcome::Calls {
                calls: vec![(
                    "lookup_price".into(),
                    json!({"route": "example", "passengers": 1, "class": "economy", "tags": ["example"]})
                )],
                observe: true
            }
        );
        let results = json_results(&[json!("42 EUR"), Value::Null, json!({"activeURL": "x"})]);
        let second = generate(&none, &plan, 1, &results, None).unwrap();
        assert_eq!(second, Outcome::Return("42 EUR".into()));
    }

    #[test]
    fn built_in_answers_follow_the_requested_schema() {
        let none = Scenario::default();
        let suffix = act_protocol::SCHEMA_SUFFIX;
        let cases = [
            ("Say hi".to_string(), NO_TOOLS_ANSWER.to_string()),
            (format!("Is it open?{suffix}{{\"type\": \"boolean\"}}"), "false".to_string()),
            (format!("Name?{suffix}{{\"type\": \"string\"}}"), format!("\"{NO_TOOLS_ANSWER}\"")),
            (
                format!("Price?{suffix}{{\"type\": \"object\", \"properties\": {{\"amount\": {{\"type\": \"number\", \"minimum\": 5}}, \"currency\": {{\"enum\": [\"EUR\"]}}}}, \"required\": [\"amount\"]}}"),
                "{\"amount\":5.0,\"currency\":\"EUR\"}".to_string(),
            ),
        ];
        for (task, want) in cases {
            let plan = plan_for(&none, &task, None);
            assert_eq!(
                generate(&none, &plan, 0, &[], None).unwrap(),
                Outcome::Return(want),
                "{task}"
            );
        }
    }

    #[test]
    fn scenario_templates_and_expectations() {
        let s = Scenario::from_yaml_str(
            r#"
rules:
  - task: "."
    steps:
      - calls: [{name: a, input: {q: "x"}, expect: {contains: "ok"}}]
      - calls: [{name: b, input: {previous: "got {{result.0}}"}}]
        observe: false
        expect_observation: {url_matches: "/next$"}
      - return: {answer: "{{result.0}}"}
"#,
        )
        .unwrap();
        let plan = Plan::Rule(0);
        let seen = Observation {
            url: "http://127.0.0.1/next".into(),
            width: 1600.0,
            height: 813.0,
        };
        let ok = json_results(&[json!("ok!"), Value::Null, json!({})]);
        let step1 = generate(&s, &plan, 1, &ok, Some(&seen)).unwrap();
        assert_eq!(
            step1,
            Outcome::Calls {
                calls: vec![("b".into(), json!({"previous": "got ok!"}))],
                observe: false
            }
        );
        let bad = json_results(&[json!("bad"), Value::Null, json!({})]);
        let failed = generate(&s, &plan, 1, &bad, Some(&seen)).unwrap();
        assert!(matches!(failed, Outcome::Throw(m) if m.contains("contain \"ok\"")));
        let elsewhere = Observation {
            url: "http://127.0.0.1/other".into(),
            ..seen
        };
        let failed = generate(&s, &plan, 1, &ok, Some(&elsewhere)).unwrap();
        assert!(matches!(failed, Outcome::Throw(m) if m.contains("/other")));
        // Structured answers travel as JSON text.
        let end = generate(&s, &plan, 2, &json_results(&[json!("r")]), None).unwrap();
        assert_eq!(end, Outcome::Return("{\"answer\":\"r\"}".into()));
    }

    #[test]
    fn rendered_steps_end_with_settle_and_observe_or_a_single_final_call() {
        let step = Uuid::new_v4();
        let (calls, record) = render(
            &Outcome::Calls {
                calls: vec![("agentClick".into(), json!(["<box>1,2,3,4</box>"]))],
                observe: true,
            },
            step,
        );
        let names: Vec<&str> = calls.iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            ["agentClick", "waitForPageToSettle", "takeObservation"]
        );
        assert_eq!(calls[2]["callId"], format!("{step}.2"));
        assert_eq!(calls[2]["input"], json!([]));
        assert_eq!(
            (record.calls, record.observes, record.last),
            (3, true, false)
        );

        let (calls, record) = render(&Outcome::Return("42".into()), step);
        assert_eq!(
            calls,
            vec![json!({"callId": format!("{step}.0"), "name": "return", "input": ["42"]})]
        );
        assert!(record.last && !record.observes);
        let (calls, _) = render(&Outcome::Throw("no".into()), step);
        assert_eq!(calls[0]["name"], "throw");
        assert_eq!(calls[0]["input"], json!(["no"]));
    }
}
