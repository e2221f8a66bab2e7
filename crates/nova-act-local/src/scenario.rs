//! Scenarios: scripted agent behaviour for `InvokeActStep`.
//!
//! A scenario is a list of rules. When an act is created, the first rule whose `task` regular
//! expression matches the act's task decides how the act goes; an act no rule matches follows
//! the built-in default agent (see [`crate::agent`]). See the crate documentation for the file
//! format.

use std::path::Path;

use regex::Regex;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::act_protocol::{self, Observation, ResultText};

/// A scenario could not be read or is not valid.
#[derive(Debug)]
pub struct ScenarioError(pub String);

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid scenario: {}", self.0)
    }
}

impl std::error::Error for ScenarioError {}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioDoc {
    #[serde(default)]
    rules: Vec<RuleDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDoc {
    task: String,
    #[serde(default)]
    steps: Vec<StepDoc>,
    #[serde(default)]
    on_mismatch: OnMismatch,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepDoc {
    #[serde(default)]
    calls: Vec<CallDoc>,
    #[serde(rename = "return")]
    return_value: Option<Value>,
    throw: Option<String>,
    error: Option<ErrorDoc>,
    observe: Option<bool>,
    expect_observation: Option<ObservationDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorDoc {
    #[serde(rename = "type")]
    error_type: String,
    message: Option<String>,
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CallDoc {
    name: String,
    input: Option<Value>,
    expect: Option<ExpectDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectDoc {
    equals: Option<String>,
    contains: Option<String>,
    matches: Option<String>,
    json: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ObservationDoc {
    url: Option<String>,
    url_matches: Option<String>,
    width: Option<f64>,
    height: Option<f64>,
}

/// The errors a scenario step may answer instead of a step: those the model declares for
/// `InvokeActStep`.
pub const SCRIPTABLE_ERRORS: [&str; 7] = [
    "AccessDeniedException",
    "ConflictException",
    "InternalServerException",
    "ResourceNotFoundException",
    "ServiceQuotaExceededException",
    "ThrottlingException",
    "ValidationException",
];

/// The `reason` values of `ValidationException` (the model's `ValidationExceptionReason`).
pub const VALIDATION_REASONS: [&str; 3] = [
    "FieldValidationFailed",
    "InvalidStatus",
    "GuardrailIntervened",
];

/// The `reason` values of `InternalServerException` (the model's
/// `InternalServerExceptionReason`).
pub const INTERNAL_SERVER_REASONS: [&str; 2] =
    ["InvalidModelGeneration", "RequestTokenLimitExceeded"];

/// A modeled error a scenario step answers instead of a step (`error: {type, message,
/// reason}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptedError {
    /// The error shape, one of [`SCRIPTABLE_ERRORS`].
    pub error_type: String,
    /// The `message` member.
    pub message: String,
    /// The `reason` member, for `ValidationException` (default `FieldValidationFailed`, which
    /// the model requires it to have) and `InternalServerException` (none by default).
    pub reason: Option<String>,
}

/// What happens when a call result does not meet its `expect`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnMismatch {
    /// The act fails: the step answers a `throw` call naming the mismatch.
    #[default]
    Fail,
    /// The request is refused with a `ValidationException` naming the result; the act stays
    /// where it was, so the client can send corrected results.
    Reject,
}

/// A check on a call result (all given checks must hold). Text checks apply to the decoded
/// result ([`ResultText::display`]): a JSON string is its content, other JSON its compact
/// text, an error (`"<Type>: <message>"`) the text as sent.
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// The text equals this.
    pub equals: Option<String>,
    /// The text contains this.
    pub contains: Option<String>,
    /// The text matches this regular expression (unanchored).
    pub matches: Option<Regex>,
    /// The result is JSON equal to this.
    pub json: Option<Value>,
}

impl Expect {
    /// `None` when `result` meets every check, else what went wrong.
    pub fn check(&self, result: &ResultText) -> Option<String> {
        let text = result.display();
        if let Some(want) = &self.equals {
            if &text != want {
                return Some(format!(
                    "expected the result to equal {want:?}, got {text:?}"
                ));
            }
        }
        if let Some(want) = &self.contains {
            if !text.contains(want.as_str()) {
                return Some(format!(
                    "expected the result to contain {want:?}, got {text:?}"
                ));
            }
        }
        if let Some(re) = &self.matches {
            if !re.is_match(&text) {
                return Some(format!(
                    "expected the result to match /{}/, got {text:?}",
                    re.as_str()
                ));
            }
        }
        if let Some(want) = &self.json {
            if result.json() != Some(want) {
                return Some(format!(
                    "expected the result to be the JSON {want}, got {text:?}"
                ));
            }
        }
        None
    }
}

/// A check on the observation a client sends (all given checks must hold).
#[derive(Debug, Clone, Default)]
pub struct ObservationExpect {
    /// `activeURL` equals this.
    pub url: Option<String>,
    /// `activeURL` matches this regular expression (unanchored).
    pub url_matches: Option<Regex>,
    /// `browserDimensions.windowWidth` equals this.
    pub width: Option<f64>,
    /// `browserDimensions.windowHeight` equals this.
    pub height: Option<f64>,
}

impl ObservationExpect {
    /// `None` when `observation` meets every check, else what went wrong.
    pub fn check(&self, observation: Option<&Observation>) -> Option<String> {
        let Some(seen) = observation else {
            return Some(
                "expected an observation, but the previous step asked for none".to_string(),
            );
        };
        if let Some(want) = &self.url {
            if &seen.url != want {
                return Some(format!(
                    "expected the page at {want:?}, the observation shows {:?}",
                    seen.url
                ));
            }
        }
        if let Some(re) = &self.url_matches {
            if !re.is_match(&seen.url) {
                return Some(format!(
                    "expected the page URL to match /{}/, the observation shows {:?}",
                    re.as_str(),
                    seen.url
                ));
            }
        }
        for (want, got, what) in [
            (self.width, seen.width, "width"),
            (self.height, seen.height, "height"),
        ] {
            if let Some(want) = want {
                if want != got {
                    return Some(format!(
                        "expected a viewport {what} of {want}, the observation shows {got}"
                    ));
                }
            }
        }
        None
    }
}

/// A call a step asks the client to run.
#[derive(Debug, Clone)]
pub struct ScriptedCall {
    /// Call name as the service sends it: a built-in action (`agentClick`, `goToUrl`, ...),
    /// `human_Approve`/`human_UiTakeover`, or a user tool's own name.
    pub name: String,
    /// Input: an array of positional arguments for built-in actions, an object for tools.
    /// Strings may hold `{{result}}` / `{{result.N}}` placeholders.
    pub input: Value,
    /// Check on the result the client sends back.
    pub expect: Option<Expect>,
}

/// What a step does.
#[derive(Debug, Clone)]
pub enum StepAction {
    /// Ask the client to run these calls; with `observe`, the emulator appends
    /// `waitForPageToSettle` and `takeObservation`.
    Calls {
        /// The scripted calls.
        calls: Vec<ScriptedCall>,
        /// Whether the step ends with settle and observe calls.
        observe: bool,
    },
    /// End the act with this answer (non-string values are sent as their JSON text).
    Return(Value),
    /// End the act as failed with this message.
    Throw(String),
    /// Answer this error to the request that asks for the step, once; the act then goes on
    /// as if the step were not there.
    Error(ScriptedError),
}

/// One step of a rule.
#[derive(Debug, Clone)]
pub struct Step {
    /// Check on the observation sent with the request that asks for this step.
    pub expect_observation: Option<ObservationExpect>,
    /// What the step does.
    pub action: StepAction,
}

/// A rule: the acts whose task matches, and their steps.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Matched against the act's task (unanchored).
    pub task: Regex,
    /// Steps in order.
    pub steps: Vec<Step>,
    /// What a failed expectation does.
    pub on_mismatch: OnMismatch,
}

/// A parsed, checked scenario. [`Scenario::default`] has no rules: every act follows the
/// built-in default agent.
#[derive(Debug, Clone, Default)]
pub struct Scenario {
    /// Rules in order; the first match wins.
    pub rules: Vec<Rule>,
}

fn compile(pattern: &str, what: &str) -> Result<Regex, ScenarioError> {
    Regex::new(pattern).map_err(|e| ScenarioError(format!("{what}: bad regular expression: {e}")))
}

/// Checks a call's name and input against the protocol, refusing the old invented forms with
/// a message that says how to write them now. Gives the input to send.
fn check_call(
    at: &str,
    name: &str,
    input: Option<Value>,
    observe: bool,
) -> Result<Value, ScenarioError> {
    let err = |message: String| Err(ScenarioError(format!("{at}: {message}")));
    if name.is_empty() {
        return err("`name` is empty".into());
    }
    for prefix in ["tool.", "browser."] {
        if let Some(bare) = name.strip_prefix(prefix) {
            return err(format!(
                "call names are bare, as the service sends them: write `{bare}` instead of `{name}`"
            ));
        }
    }
    match name {
        act_protocol::RETURN | act_protocol::THROW => {
            return err(format!(
                "end an act with a step of its own, `{name}: <{}>`, not with a call named `{name}`",
                if name == act_protocol::RETURN { "answer" } else { "message" }
            ))
        }
        act_protocol::INITIATE_ACT => {
            return err("`initiateAct` is the client's first result, never a call".into())
        }
        act_protocol::TAKE_OBSERVATION | act_protocol::WAIT_FOR_PAGE_TO_SETTLE if observe => {
            return err(format!(
                "`{name}` is added at the end of every step; to place it yourself, set `observe: false` on the step"
            ))
        }
        _ => {}
    }
    if act_protocol::is_built_in(name) {
        match input.unwrap_or_else(|| Value::Array(Vec::new())) {
            array @ Value::Array(_) => Ok(array),
            _ => err(format!(
                "built-in actions take their arguments as an array, in order, e.g. `input: [\"<box>10,20,40,200</box>\", {{clickType: left}}]` for agentClick; `{name}` got another kind of input"
            )),
        }
    } else {
        match input.unwrap_or_else(|| Value::Object(Map::new())) {
            object @ Value::Object(_) => Ok(object),
            _ => err(format!(
                "`{name}` is a tool (a user tool, human_Approve or human_UiTakeover): its input is an object, e.g. `input: {{message: \"...\"}}`"
            )),
        }
    }
}

fn compile_expect(at: &str, e: ExpectDoc) -> Result<Expect, ScenarioError> {
    Ok(Expect {
        equals: e.equals,
        contains: e.contains,
        matches: e
            .matches
            .as_deref()
            .map(|m| compile(m, &format!("{at}.expect.matches")))
            .transpose()?,
        json: e.json,
    })
}

fn compile_observation(at: &str, o: ObservationDoc) -> Result<ObservationExpect, ScenarioError> {
    Ok(ObservationExpect {
        url: o.url,
        url_matches: o
            .url_matches
            .as_deref()
            .map(|m| compile(m, &format!("{at}.expect_observation.url_matches")))
            .transpose()?,
        width: o.width,
        height: o.height,
    })
}

fn compile_error(at: &str, e: ErrorDoc) -> Result<ScriptedError, ScenarioError> {
    let err = |message: String| Err(ScenarioError(format!("{at}.error: {message}")));
    let ty = e.error_type.as_str();
    if !SCRIPTABLE_ERRORS.contains(&ty) {
        return err(format!(
            "`{ty}` is not an error InvokeActStep can answer; use one of {}",
            SCRIPTABLE_ERRORS.join(", ")
        ));
    }
    if e.message.as_deref().is_some_and(|m| m.trim().is_empty()) {
        return err("`message` is blank; leave it out for the default".into());
    }
    let reasons: &[&str] = match ty {
        "ValidationException" => &VALIDATION_REASONS,
        "InternalServerException" => &INTERNAL_SERVER_REASONS,
        _ => &[],
    };
    let reason = match e.reason {
        Some(reason) if reasons.is_empty() => {
            return err(format!(
                "`{ty}` has no `reason` member (only ValidationException and InternalServerException do); got `{reason}`"
            ))
        }
        Some(reason) if !reasons.contains(&reason.as_str()) => {
            return err(format!(
                "`{reason}` is not a reason of {ty}; use one of {}",
                reasons.join(", ")
            ))
        }
        Some(reason) => Some(reason),
        None if ty == "ValidationException" => Some(VALIDATION_REASONS[0].to_string()),
        None => None,
    };
    Ok(ScriptedError {
        message: e
            .message
            .unwrap_or_else(|| format!("{ty} scripted by the nova-act-local scenario")),
        error_type: e.error_type,
        reason,
    })
}

fn compile_step(at: &str, step: StepDoc) -> Result<Step, ScenarioError> {
    let kinds = usize::from(!step.calls.is_empty())
        + usize::from(step.return_value.is_some())
        + usize::from(step.throw.is_some())
        + usize::from(step.error.is_some());
    if kinds > 1 {
        return Err(ScenarioError(format!(
            "{at}: a step has either `calls`, `return`, `throw` or `error`"
        )));
    }
    if let Some(error) = step.error {
        if step.observe.is_some() || step.expect_observation.is_some() {
            return Err(ScenarioError(format!(
                "{at}: an `error` step takes no `observe` or `expect_observation`; put them on the step after it"
            )));
        }
        return Ok(Step {
            expect_observation: None,
            action: StepAction::Error(compile_error(at, error)?),
        });
    }
    let expect_observation = step
        .expect_observation
        .map(|o| compile_observation(at, o))
        .transpose()?;
    let action = if let Some(value) = step.return_value {
        StepAction::Return(value)
    } else if let Some(message) = step.throw {
        StepAction::Throw(message)
    } else {
        let observe = step.observe.unwrap_or(true);
        if step.calls.is_empty() && !observe {
            return Err(ScenarioError(format!(
                "{at}: a step asks for at least one call; with `observe: false` it needs `calls`"
            )));
        }
        if step.calls.len() + if observe { 2 } else { 0 } > 100 {
            return Err(ScenarioError(format!(
                "{at}: at most 100 calls a step, counting the settle and observe calls"
            )));
        }
        let mut calls = Vec::with_capacity(step.calls.len());
        for (c, call) in step.calls.into_iter().enumerate() {
            let at = format!("{at}.calls[{c}]");
            let input = check_call(&at, &call.name, call.input, observe)?;
            let expect = call.expect.map(|e| compile_expect(&at, e)).transpose()?;
            calls.push(ScriptedCall {
                name: call.name,
                input,
                expect,
            });
        }
        return Ok(Step {
            expect_observation,
            action: StepAction::Calls { calls, observe },
        });
    };
    if step.observe.is_some() {
        return Err(ScenarioError(format!(
            "{at}: `observe` applies to steps with `calls`; `return` and `throw` end the act"
        )));
    }
    Ok(Step {
        expect_observation,
        action,
    })
}

impl Scenario {
    /// Reads a scenario file: YAML for `.yaml`/`.yml`, JSON otherwise.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Scenario, ScenarioError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| ScenarioError(format!("cannot read {}: {e}", path.display())))?;
        let yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if yaml {
            Scenario::from_yaml_str(&text)
        } else {
            Scenario::from_json_str(&text)
        }
    }

    /// Parses a scenario written in YAML.
    pub fn from_yaml_str(text: &str) -> Result<Scenario, ScenarioError> {
        let doc: ScenarioDoc =
            serde_norway::from_str(text).map_err(|e| ScenarioError(e.to_string()))?;
        Scenario::build(doc)
    }

    /// Parses a scenario written in JSON.
    pub fn from_json_str(text: &str) -> Result<Scenario, ScenarioError> {
        let doc: ScenarioDoc =
            serde_json::from_str(text).map_err(|e| ScenarioError(e.to_string()))?;
        Scenario::build(doc)
    }

    /// Builds a scenario from an already parsed JSON value.
    pub fn from_value(value: Value) -> Result<Scenario, ScenarioError> {
        let doc: ScenarioDoc =
            serde_json::from_value(value).map_err(|e| ScenarioError(e.to_string()))?;
        Scenario::build(doc)
    }

    fn build(doc: ScenarioDoc) -> Result<Scenario, ScenarioError> {
        let mut rules = Vec::with_capacity(doc.rules.len());
        for (r, rule) in doc.rules.into_iter().enumerate() {
            let task = compile(&rule.task, &format!("rules[{r}].task"))?;
            let count = rule.steps.len();
            if u16::try_from(count).is_err() {
                return Err(ScenarioError(format!("rules[{r}] has too many steps")));
            }
            let mut steps = Vec::with_capacity(count);
            for (s, step) in rule.steps.into_iter().enumerate() {
                let at = format!("rules[{r}].steps[{s}]");
                let compiled = compile_step(&at, step)?;
                let last = matches!(
                    compiled.action,
                    StepAction::Return(_) | StepAction::Throw(_)
                );
                if last && s + 1 != count {
                    return Err(ScenarioError(format!(
                        "{at}: `return` and `throw` end the act, so they must be the last step"
                    )));
                }
                steps.push(compiled);
            }
            rules.push(Rule {
                task,
                steps,
                on_mismatch: rule.on_mismatch,
            });
        }
        Ok(Scenario { rules })
    }

    /// Index of the first rule matching `task`.
    pub fn rule_for(&self, task: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.task.is_match(task))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = r#"
rules:
  - task: "(?i)flight"
    on_mismatch: reject
    steps:
      - expect_observation: { url_matches: "/flights$", width: 1600 }
        calls:
          - name: agentClick
            input: ["<box>10,20,40,200</box>", { clickType: left }]
          - name: lookup_price
            input: { route: LIS }
            expect: { matches: "^[0-9]+ EUR$" }
      - return: { price: "{{result.1}}" }
  - task: ".*"
    steps:
      - throw: "nothing to do"
"#;

    #[test]
    fn yaml_and_json_forms_parse() {
        let s = Scenario::from_yaml_str(YAML).unwrap();
        assert_eq!(s.rules.len(), 2);
        assert_eq!(s.rule_for("Book a FLIGHT"), Some(0));
        assert_eq!(s.rule_for("other"), Some(1));
        assert_eq!(s.rules[0].on_mismatch, OnMismatch::Reject);
        let step = &s.rules[0].steps[0];
        let StepAction::Calls { calls, observe } = &step.action else {
            panic!("{step:?}")
        };
        assert!(*observe);
        assert_eq!(calls[0].input[0], "<box>10,20,40,200</box>");
        let e = calls[1].expect.as_ref().unwrap();
        assert!(e.check(&ResultText::Json("42 EUR".into())).is_none());
        assert!(e.check(&ResultText::Json("x".into())).is_some());
        let seen = Observation {
            url: "http://127.0.0.1/flights".into(),
            width: 1600.0,
            height: 813.0,
        };
        let expect = step.expect_observation.as_ref().unwrap();
        assert!(expect.check(Some(&seen)).is_none());
        assert!(expect
            .check(Some(&Observation {
                width: 1280.0,
                ..seen.clone()
            }))
            .unwrap()
            .contains("width of 1600"));
        assert!(expect.check(None).unwrap().contains("asked for none"));

        let json = r#"{"rules":[{"task":"a","steps":[{"calls":[{"name":"lookup"}]}]}]}"#;
        let s = Scenario::from_json_str(json).unwrap();
        assert_eq!(s.rules[0].on_mismatch, OnMismatch::Fail);
        let StepAction::Calls { calls, .. } = &s.rules[0].steps[0].action else {
            panic!()
        };
        // A tool's input defaults to an empty object, a built-in action's to no arguments.
        assert_eq!(calls[0].input, serde_json::json!({}));
        let s = Scenario::from_yaml_str("rules: [{task: a, steps: [{calls: [{name: think}]}]}]")
            .unwrap();
        let StepAction::Calls { calls, .. } = &s.rules[0].steps[0].action else {
            panic!()
        };
        assert_eq!(calls[0].input, serde_json::json!([]));
    }

    #[test]
    fn mistakes_and_old_forms_are_reported_with_the_fix() {
        let cases = [
            ("rules: [{task: '(', steps: []}]", "bad regular expression"),
            ("rules: [{task: a, steps: [{return: 1}, {throw: x}]}]", "must be the last step"),
            ("rules: [{task: a, steps: [{return: 1, throw: x}]}]", "either `calls`, `return`, `throw` or `error`"),
            ("rules: [{task: a, stepz: []}]", "unknown field"),
            ("rules: [{task: a, steps: [{calls: [{name: ''}]}]}]", "`name` is empty"),
            ("- not a map", "invalid type"),
            ("rules: [{task: a, steps: [{calls: [{name: tool.lookup}]}]}]", "write `lookup` instead of `tool.lookup`"),
            ("rules: [{task: a, steps: [{calls: [{name: browser.agentClick, input: ['<box>1,2,3,4</box>']}]}]}]", "write `agentClick` instead of `browser.agentClick`"),
            ("rules: [{task: a, steps: [{calls: [{name: goToUrl, input: {url: 'http://x'}}]}]}]", "take their arguments as an array"),
            ("rules: [{task: a, steps: [{calls: [{name: return, input: {value: 1}}]}]}]", "`return: <answer>`"),
            ("rules: [{task: a, steps: [{calls: [{name: throw, input: {message: m}}]}]}]", "`throw: <message>`"),
            ("rules: [{task: a, steps: [{throw: {message: m}}]}]", "invalid type"),
            ("rules: [{task: a, steps: [{calls: [{name: lookup, input: [1]}]}]}]", "its input is an object"),
            ("rules: [{task: a, steps: [{calls: [{name: takeObservation}]}]}]", "observe: false"),
            ("rules: [{task: a, steps: [{calls: [], observe: false}]}]", "at least one call"),
            ("rules: [{task: a, steps: [{return: x, observe: false}]}]", "`observe` applies to steps with `calls`"),
            ("rules: [{task: a, steps: [{calls: [{name: initiateAct}]}]}]", "never a call"),
            ("rules: [{task: a, steps: [{return: x, expect_observation: {url_matches: '('}}]}]", "url_matches: bad regular expression"),
            ("rules: [{task: a, steps: [{error: {type: NoSuchException}}]}]", "use one of AccessDeniedException, ConflictException, InternalServerException, ResourceNotFoundException, ServiceQuotaExceededException, ThrottlingException, ValidationException"),
            ("rules: [{task: a, steps: [{error: {message: m}}]}]", "missing field `type`"),
            ("rules: [{task: a, steps: [{error: {type: ThrottlingException, code: 1}}]}]", "unknown field `code`"),
            ("rules: [{task: a, steps: [{error: {type: ThrottlingException, message: ' '}}]}]", "`message` is blank"),
            ("rules: [{task: a, steps: [{error: {type: ThrottlingException, reason: x}}]}]", "has no `reason` member"),
            ("rules: [{task: a, steps: [{error: {type: ValidationException, reason: Nope}}]}]", "use one of FieldValidationFailed, InvalidStatus, GuardrailIntervened"),
            ("rules: [{task: a, steps: [{error: {type: ThrottlingException}, return: x}]}]", "either `calls`, `return`, `throw` or `error`"),
            ("rules: [{task: a, steps: [{error: {type: ThrottlingException}, observe: false}]}]", "takes no `observe` or `expect_observation`"),
            ("rules: [{task: a, steps: [{error: {type: ThrottlingException}, expect_observation: {width: 1}}]}]", "takes no `observe` or `expect_observation`"),
        ];
        for (bad, want) in cases {
            let err = Scenario::from_yaml_str(bad).expect_err(bad).to_string();
            assert!(err.contains(want), "{bad}: {err}");
        }
        // With `observe: false` a step may place the observation itself.
        assert!(Scenario::from_yaml_str(
            "rules: [{task: a, steps: [{observe: false, calls: [{name: takeObservation}]}]}]"
        )
        .is_ok());
    }

    #[test]
    fn error_steps_name_a_modeled_error() {
        let s = Scenario::from_yaml_str(
            r#"
rules:
  - task: a
    steps:
      - error: { type: ThrottlingException, message: "Slow down" }
      - error: { type: ValidationException }
      - error: { type: ValidationException, reason: GuardrailIntervened, message: "Blocked" }
      - error: { type: InternalServerException, reason: InvalidModelGeneration }
      - error: { type: AccessDeniedException }
      - return: done
"#,
        )
        .unwrap();
        let errors: Vec<ScriptedError> = s.rules[0]
            .steps
            .iter()
            .filter_map(|step| match &step.action {
                StepAction::Error(e) => Some(e.clone()),
                _ => None,
            })
            .collect();
        let error = |ty: &str, message: &str, reason: Option<&str>| ScriptedError {
            error_type: ty.into(),
            message: message.into(),
            reason: reason.map(str::to_string),
        };
        assert_eq!(
            errors,
            [
                error("ThrottlingException", "Slow down", None),
                error(
                    "ValidationException",
                    "ValidationException scripted by the nova-act-local scenario",
                    Some("FieldValidationFailed")
                ),
                error(
                    "ValidationException",
                    "Blocked",
                    Some("GuardrailIntervened")
                ),
                error(
                    "InternalServerException",
                    "InternalServerException scripted by the nova-act-local scenario",
                    Some("InvalidModelGeneration")
                ),
                error(
                    "AccessDeniedException",
                    "AccessDeniedException scripted by the nova-act-local scenario",
                    None
                ),
            ]
        );
    }

    #[test]
    fn scriptable_errors_are_those_the_model_declares_for_invoke_act_step() {
        let schema = crate::schema::Schema::nova_act().unwrap();
        let op = schema.operation("InvokeActStep").unwrap();
        let mut declared: Vec<&str> = op
            .errors
            .iter()
            .map(|&id| schema.shape(id).name.as_str())
            .collect();
        declared.sort_unstable();
        assert_eq!(declared, SCRIPTABLE_ERRORS);
        for (shape, reasons) in [
            ("ValidationExceptionReason", &VALIDATION_REASONS[..]),
            (
                "InternalServerExceptionReason",
                &INTERNAL_SERVER_REASONS[..],
            ),
        ] {
            let id = schema.shape_named(shape).unwrap();
            let mut want = schema.enum_values(id).to_vec();
            let mut have: Vec<String> = reasons.iter().map(|r| r.to_string()).collect();
            want.sort();
            have.sort();
            assert_eq!(have, want, "{shape}");
        }
    }

    #[test]
    fn files_are_read_by_extension() {
        let dir = std::env::temp_dir().join(format!("nova-act-local-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let yaml = dir.join("s.yaml");
        std::fs::write(&yaml, YAML).unwrap();
        assert_eq!(Scenario::from_file(&yaml).unwrap().rules.len(), 2);
        let json = dir.join("s.json");
        std::fs::write(
            &json,
            r#"{"rules": [{"task": "x", "steps": [{"return": 1}]}]}"#,
        )
        .unwrap();
        assert_eq!(Scenario::from_file(&json).unwrap().rules.len(), 1);
        // YAML text in a .json file is not JSON.
        let wrong = dir.join("s2.json");
        std::fs::write(&wrong, YAML).unwrap();
        assert!(Scenario::from_file(&wrong).is_err());
        assert!(Scenario::from_file(dir.join("missing.yaml")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn expectations_on_decoded_results() {
        let e = Expect {
            json: Some(serde_json::json!({"a": 1})),
            ..Expect::default()
        };
        assert!(e
            .check(&ResultText::Json(serde_json::json!({"a": 1})))
            .is_none());
        assert!(e.check(&ResultText::Json(serde_json::json!({}))).is_some());
        assert!(e
            .check(&ResultText::Error("ValueError: {\"a\": 1}".into()))
            .is_some());
        let e = Expect {
            contains: Some("AgentRedirectError".into()),
            ..Expect::default()
        };
        assert!(e
            .check(&ResultText::Error(
                "AgentRedirectError: use agentType".into()
            ))
            .is_none());
    }
}
