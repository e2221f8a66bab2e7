//! Scenarios: scripted agent behaviour for `InvokeActStep`.
//!
//! A scenario is a list of rules. When an act is created, the first rule whose `task` regular
//! expression matches the act's task decides how the act goes; an act no rule matches follows
//! the built-in default agent (see [`crate::agent`]). See the crate documentation for the file
//! format.

use std::path::Path;

use regex::Regex;
use serde::Deserialize;
use serde_json::Value;

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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CallDoc {
    name: String,
    #[serde(default = "empty_object")]
    input: Value,
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

fn empty_object() -> Value {
    Value::Object(serde_json::Map::new())
}

/// What happens when a call result does not meet its `expect`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnMismatch {
    /// The act fails: the step answers a `throw` call and the act becomes `FAILED`.
    #[default]
    Fail,
    /// The request is refused with a `ValidationException` naming the result; the act stays
    /// where it was, so the client can send corrected results.
    Reject,
}

/// A check on the text of a call result (all given checks must hold).
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// The text equals this.
    pub equals: Option<String>,
    /// The text contains this.
    pub contains: Option<String>,
    /// The text matches this regular expression (unanchored).
    pub matches: Option<Regex>,
    /// The text parses as JSON equal to this.
    pub json: Option<Value>,
}

impl Expect {
    /// `None` when `text` meets every check, else what went wrong.
    pub fn check(&self, text: &str) -> Option<String> {
        if let Some(want) = &self.equals {
            if text != want {
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
            if !re.is_match(text) {
                return Some(format!(
                    "expected the result to match /{}/, got {text:?}",
                    re.as_str()
                ));
            }
        }
        if let Some(want) = &self.json {
            match serde_json::from_str::<Value>(text) {
                Ok(got) if &got == want => {}
                _ => {
                    return Some(format!(
                        "expected the result to be the JSON {want}, got {text:?}"
                    ))
                }
            }
        }
        None
    }
}

/// A tool call a step asks the client to run.
#[derive(Debug, Clone)]
pub struct ScriptedCall {
    /// Call name, e.g. `tool.lookup_price` or `browser.goToUrl`.
    pub name: String,
    /// Input document; string values may hold `{{result}}` / `{{result.N}}` placeholders.
    pub input: Value,
    /// Check on the result the client sends back.
    pub expect: Option<Expect>,
}

/// One step of a rule.
#[derive(Debug, Clone)]
pub enum Step {
    /// Ask the client to run these calls (possibly none).
    Calls(Vec<ScriptedCall>),
    /// End the act successfully with this value.
    Return(Value),
    /// End the act as failed with this message.
    Throw(String),
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
                let kinds = usize::from(!step.calls.is_empty())
                    + usize::from(step.return_value.is_some())
                    + usize::from(step.throw.is_some());
                if kinds > 1 {
                    return Err(ScenarioError(format!(
                        "{at}: a step has either `calls`, `return` or `throw`"
                    )));
                }
                let compiled = if let Some(value) = step.return_value {
                    Step::Return(value)
                } else if let Some(message) = step.throw {
                    Step::Throw(message)
                } else {
                    let mut calls = Vec::with_capacity(step.calls.len());
                    for (c, call) in step.calls.into_iter().enumerate() {
                        let at = format!("{at}.calls[{c}]");
                        if call.name.is_empty() {
                            return Err(ScenarioError(format!("{at}: `name` is empty")));
                        }
                        if calls.len() >= 100 {
                            return Err(ScenarioError(format!("{at}: at most 100 calls a step")));
                        }
                        let expect = match call.expect {
                            None => None,
                            Some(e) => Some(Expect {
                                equals: e.equals,
                                contains: e.contains,
                                matches: e
                                    .matches
                                    .as_deref()
                                    .map(|m| compile(m, &format!("{at}.expect.matches")))
                                    .transpose()?,
                                json: e.json,
                            }),
                        };
                        calls.push(ScriptedCall {
                            name: call.name,
                            input: call.input,
                            expect,
                        });
                    }
                    Step::Calls(calls)
                };
                let terminal = matches!(compiled, Step::Return(_) | Step::Throw(_));
                if terminal && s + 1 != count {
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
      - calls:
          - name: tool.lookup_price
            input: { route: LIS }
            expect: { matches: "^[0-9]+ EUR$" }
      - return: { price: "{{result.0}}" }
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
        match &s.rules[0].steps[0] {
            Step::Calls(calls) => {
                let e = calls[0].expect.as_ref().unwrap();
                assert!(e.check("42 EUR").is_none());
                assert!(e.check("x").is_some());
            }
            other => panic!("{other:?}"),
        }
        let json = r#"{"rules":[{"task":"a","steps":[{"calls":[{"name":"tool.x"}]}]}]}"#;
        let s = Scenario::from_json_str(json).unwrap();
        assert_eq!(s.rules[0].on_mismatch, OnMismatch::Fail);
    }

    #[test]
    fn mistakes_are_reported() {
        for bad in [
            "rules: [{task: '(', steps: []}]",
            "rules: [{task: a, steps: [{return: 1}, {throw: x}]}]",
            "rules: [{task: a, steps: [{return: 1, throw: x}]}]",
            "rules: [{task: a, stepz: []}]",
            "rules: [{task: a, steps: [{calls: [{name: ''}]}]}]",
            "- not a map",
        ] {
            assert!(Scenario::from_yaml_str(bad).is_err(), "{bad}");
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
    fn expectations_on_json() {
        let e = Expect {
            json: Some(serde_json::json!({"a": 1})),
            ..Expect::default()
        };
        assert!(e.check(r#"{ "a": 1 }"#).is_none());
        assert!(e.check("{}").is_some());
    }
}
