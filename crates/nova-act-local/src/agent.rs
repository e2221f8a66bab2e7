//! The emulated agent behind `InvokeActStep`.
//!
//! Each act keeps a small [`AgentState`]: which plan it follows (a scenario rule, or the
//! built-in default), the index of its next step, and the IDs of its last two steps so call
//! results can be matched with the calls they answer and a retried request can be recognised.
//!
//! Protocol (see the crate docs for the full description):
//! * every answer carries a fresh `stepId`; call IDs are `{stepId}.{index}`;
//! * the calls of a step are named as the client must run them (`tool.{name}`,
//!   `browser.{action}`);
//! * the act ends with a step whose only call is `return` (input `{"value": ...}`, the act is
//!   then `SUCCEEDED`) or `throw` (input `{"message": ...}`, the act is then `FAILED`).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::errors::ApiError;
use crate::scenario::{OnMismatch, Scenario, Step};

/// Name of the call that ends an act successfully.
pub const RETURN_CALL: &str = "return";
/// Name of the call that ends an act as failed.
pub const THROW_CALL: &str = "throw";
/// Answer of the default agent for an act without tools.
pub const NO_TOOLS_ANSWER: &str = "Task completed by the nova-act-local default agent";

/// How an act proceeds.
#[derive(Debug, Clone)]
pub enum Plan {
    /// Follows the scenario rule with this index.
    Rule(u32),
    /// Default agent: call this tool once, then return its result.
    Tool(Box<(String, Value)>),
    /// Default agent for an act without tools: return at once.
    NoTools,
}

/// Per-act agent state, kept small (many acts may exist).
#[derive(Debug, Clone)]
pub struct AgentState {
    /// The plan.
    pub plan: Plan,
    /// Index of the next step to produce.
    pub next_step: u16,
    /// The latest step and how many calls it made.
    pub last_step: Option<(Uuid, u16)>,
    /// The step before it and how many calls it made.
    pub prev_step: Option<(Uuid, u16)>,
    /// Hash of the call results that produced the latest step (to recognise a retry).
    pub last_results_hash: u64,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Ask for these `(name, input)` calls.
    Calls(Vec<(String, Value)>),
    /// End successfully with this value.
    Return(Value),
    /// End as failed with this message.
    Throw(String),
}

/// Chooses the plan of a new act.
pub fn plan_for(scenario: &Scenario, task: &str, tool_specs: Option<&Value>) -> Plan {
    if let Some(rule) = scenario.rule_for(task) {
        return Plan::Rule(u32::try_from(rule).unwrap_or(u32::MAX));
    }
    let first = tool_specs.and_then(Value::as_array).and_then(|a| a.first());
    match first {
        Some(spec) => {
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
            Plan::Tool(Box::new((format!("tool.{name}"), input)))
        }
        None => Plan::NoTools,
    }
}

impl AgentState {
    /// State of a new act.
    pub fn new(plan: Plan) -> Self {
        AgentState {
            plan,
            next_step: 0,
            last_step: None,
            prev_step: None,
            last_results_hash: 0,
        }
    }
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
        Some("string") => Value::String("example".into()),
        Some("integer") => json!(number("minimum") as i64),
        Some("number") => json!(number("minimum")),
        Some("boolean") => Value::Bool(false),
        _ => Value::Null,
    }
}

/// A stable hash of the call results of a request.
pub fn results_hash(call_results: &Value) -> u64 {
    let mut h = DefaultHasher::new();
    crate::ops::canonical_json(call_results).hash(&mut h);
    h.finish()
}

fn result_text(result: &Value) -> String {
    result
        .get("content")
        .and_then(Value::as_array)
        .map(|blocks| {
            blocks
                .iter()
                .filter_map(|b| b.get("text").and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// Pairs call results with the calls of the previous step: entry `i` is the text of the result
/// for call `i`. The first step, and a step that follows one which made no calls, accept any
/// results: there is nothing to pair them with, and the model requires at least one result, so
/// refusing them would leave the act with no way forward.
pub fn match_results(
    previous: Option<(Uuid, u16)>,
    call_results: &[Value],
) -> Result<Vec<Option<String>>, ApiError> {
    let Some((step, count)) = previous.filter(|&(_, count)| count > 0) else {
        return Ok(Vec::new());
    };
    let mut texts: Vec<Option<String>> = vec![None; usize::from(count)];
    let prefix = format!("{step}.");
    for (k, result) in call_results.iter().enumerate() {
        let index = match result.get("callId").and_then(Value::as_str) {
            Some(id) => id
                .strip_prefix(&prefix)
                .and_then(|i| i.parse::<usize>().ok())
                .filter(|&i| i < usize::from(count))
                .ok_or_else(|| {
                    ApiError::field(
                        format!("callResults[{k}].callId"),
                        format!(
                            "Unknown callId '{id}': the previous step ({step}) made {count} call(s), with IDs {prefix}0 to {prefix}{}",
                            count.saturating_sub(1)
                        ),
                    )
                })?,
            None if count == 1 => 0,
            None => {
                return Err(ApiError::field(
                    format!("callResults[{k}].callId"),
                    "A callId is required when the previous step made several calls",
                ))
            }
        };
        texts[index] = Some(result_text(result));
    }
    Ok(texts)
}

fn substitute(text: &str, results: &[Option<String>]) -> String {
    if !text.contains("{{result") {
        return text.to_string();
    }
    let mut out = text.replace(
        "{{result}}",
        &results
            .iter()
            .map(|r| r.as_deref().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    for (i, r) in results.iter().enumerate() {
        out = out.replace(&format!("{{{{result.{i}}}}}"), r.as_deref().unwrap_or(""));
    }
    out
}

fn template(value: &Value, results: &[Option<String>]) -> Value {
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

/// The value an act returns when it runs out of scripted steps: the previous results.
fn implicit_answer(results: &[Option<String>]) -> Value {
    match results {
        [] => Value::String("done".into()),
        [one] => one.clone().map(Value::String).unwrap_or(Value::Null),
        many => Value::Array(
            many.iter()
                .map(|r| r.clone().map(Value::String).unwrap_or(Value::Null))
                .collect(),
        ),
    }
}

/// Produces step `index` of `plan`, given the results of the previous step's calls.
/// `Err` only when a scenario rule rejects the results (`on_mismatch: reject`).
pub fn generate(
    scenario: &Scenario,
    plan: &Plan,
    index: u16,
    results: &[Option<String>],
) -> Result<Outcome, ApiError> {
    match plan {
        Plan::NoTools => Ok(Outcome::Return(Value::String(NO_TOOLS_ANSWER.into()))),
        Plan::Tool(call) => Ok(if index == 0 {
            Outcome::Calls(vec![(call.0.clone(), call.1.clone())])
        } else {
            Outcome::Return(implicit_answer(results))
        }),
        Plan::Rule(r) => {
            let Some(rule) = scenario.rules.get(*r as usize) else {
                return Ok(Outcome::Throw("scenario rule is missing".into()));
            };
            let idx = usize::from(index);
            // Check the results against the expectations of the step that asked for them.
            if let Some(Step::Calls(calls)) = idx.checked_sub(1).and_then(|p| rule.steps.get(p)) {
                for (i, call) in calls.iter().enumerate() {
                    let Some(expect) = &call.expect else { continue };
                    let problem = match results.get(i).and_then(Option::as_deref) {
                        Some(text) => expect.check(text),
                        None => Some("no result was sent for this call".to_string()),
                    };
                    if let Some(problem) = problem {
                        let message = format!("Call {i} ({}): {problem}", call.name);
                        return match rule.on_mismatch {
                            OnMismatch::Fail => Ok(Outcome::Throw(message)),
                            OnMismatch::Reject => Err(ApiError::field("callResults", message)),
                        };
                    }
                }
            }
            Ok(match rule.steps.get(idx) {
                Some(Step::Calls(calls)) => Outcome::Calls(
                    calls
                        .iter()
                        .map(|c| (c.name.clone(), template(&c.input, results)))
                        .collect(),
                ),
                Some(Step::Return(value)) => Outcome::Return(template(value, results)),
                Some(Step::Throw(message)) => Outcome::Throw(substitute(message, results)),
                None => Outcome::Return(implicit_answer(results)),
            })
        }
    }
}

/// The `calls` of an `InvokeActStep` answer for an outcome (member-keyed values).
pub fn render_calls(outcome: &Outcome, step: Uuid) -> Vec<Value> {
    let call = |i: usize, name: &str, input: Value| json!({"callId": format!("{step}.{i}"), "name": name, "input": input});
    match outcome {
        Outcome::Calls(calls) => calls
            .iter()
            .enumerate()
            .map(|(i, (name, input))| call(i, name, input.clone()))
            .collect(),
        Outcome::Return(value) => vec![call(0, RETURN_CALL, json!({"value": value}))],
        Outcome::Throw(message) => vec![call(0, THROW_CALL, json!({"message": message}))],
    }
}

/// Number of calls a step makes.
pub fn call_count(outcome: &Outcome) -> u16 {
    match outcome {
        Outcome::Calls(calls) => u16::try_from(calls.len()).unwrap_or(u16::MAX),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_agent_calls_the_first_tool_then_returns_its_result() {
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
        let plan = plan_for(&Scenario::default(), "anything", Some(&specs));
        let first = generate(&Scenario::default(), &plan, 0, &[]).unwrap();
        assert_eq!(
            first,
            Outcome::Calls(vec![(
                "tool.lookup_price".into(),
                json!({"route": "example", "passengers": 1, "class": "economy", "tags": ["example"]})
            )])
        );
        let second = generate(&Scenario::default(), &plan, 1, &[Some("42 EUR".into())]).unwrap();
        assert_eq!(second, Outcome::Return(json!("42 EUR")));
    }

    #[test]
    fn acts_without_tools_return_at_once() {
        let plan = plan_for(&Scenario::default(), "x", None);
        assert_eq!(
            generate(&Scenario::default(), &plan, 0, &[]).unwrap(),
            Outcome::Return(json!(NO_TOOLS_ANSWER))
        );
    }

    #[test]
    fn results_are_matched_by_call_id() {
        let step = Uuid::new_v4();
        let results = vec![
            json!({"callId": format!("{step}.1"), "content": [{"text": "b"}]}),
            json!({"callId": format!("{step}.0"), "content": [{"text": "a"}, {"text": "a2"}]}),
        ];
        let texts = match_results(Some((step, 2)), &results).unwrap();
        assert_eq!(texts, vec![Some("a\na2".into()), Some("b".into())]);
        let bad = vec![json!({"callId": "nope", "content": [{"text": "x"}]})];
        let err = match_results(Some((step, 2)), &bad).unwrap_err();
        assert_eq!(err.members["fieldList"][0]["name"], "callResults[0].callId");
        // Without a previous step anything goes (the first request has nothing to answer).
        assert!(match_results(None, &bad).unwrap().is_empty());
        // After a step that made no calls there is nothing to pair results with.
        assert!(match_results(Some((step, 0)), &bad).unwrap().is_empty());
        // A lone call may be answered without its ID.
        let lone = vec![json!({"content": [{"text": "x"}]})];
        assert_eq!(
            match_results(Some((step, 1)), &lone).unwrap(),
            vec![Some("x".into())]
        );
    }

    #[test]
    fn scenario_templates_and_expectations() {
        let s = Scenario::from_yaml_str(
            r#"
rules:
  - task: "."
    steps:
      - calls: [{name: tool.a, input: {q: "x"}, expect: {contains: "ok"}}]
      - calls: [{name: tool.b, input: {previous: "got {{result.0}}"}}]
"#,
        )
        .unwrap();
        let plan = Plan::Rule(0);
        let step1 = generate(&s, &plan, 1, &[Some("ok!".into())]).unwrap();
        assert_eq!(
            step1,
            Outcome::Calls(vec![("tool.b".into(), json!({"previous": "got ok!"}))])
        );
        let failed = generate(&s, &plan, 1, &[Some("bad".into())]).unwrap();
        assert!(matches!(failed, Outcome::Throw(m) if m.contains("contain \"ok\"")));
        let end = generate(&s, &plan, 2, &[Some("r".into())]).unwrap();
        assert_eq!(end, Outcome::Return(json!("r")));
    }

    #[test]
    fn rendered_calls_have_step_scoped_ids() {
        let step = Uuid::new_v4();
        let calls = render_calls(&Outcome::Return(json!(1)), step);
        assert_eq!(calls[0]["callId"], format!("{step}.0"));
        assert_eq!(calls[0]["name"], "return");
        assert_eq!(calls[0]["input"], json!({"value": 1}));
    }
}
