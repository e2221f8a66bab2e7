//! The act protocol on the wire: call names, the shape of their inputs, the texts of call
//! results, the observation, and the checks on what a client sends to `InvokeActStep`.
//!
//! The facts follow the official Python SDK (`nova-act` 3.4.187.0), the one public client that
//! speaks the protocol; the crate documentation describes them for users.

use base64::Engine as _;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::errors::{ApiError, FieldError};

/// The synthetic result a client sends first, before any call was made.
pub const INITIATE_ACT: &str = "initiateAct";
/// Asks the client for an observation of the browser.
pub const TAKE_OBSERVATION: &str = "takeObservation";
/// Asks the client to wait until the page stops changing.
pub const WAIT_FOR_PAGE_TO_SETTLE: &str = "waitForPageToSettle";
/// Ends the act with an answer, input `[answer]`.
pub const RETURN: &str = "return";
/// Ends the act as failed, input `[message]`.
pub const THROW: &str = "throw";
/// Human-in-the-loop approval tool (object input `{"message": ...}`).
pub const HUMAN_APPROVE: &str = "human_Approve";
/// Human-in-the-loop takeover tool (object input `{"message": ...}`).
pub const HUMAN_UI_TAKEOVER: &str = "human_UiTakeover";

/// Calls the service knows without a tool spec; their input is an array of positional
/// arguments. Everything else (user tools, `human_*`) takes an object.
pub const BUILT_IN_ACTIONS: &[&str] = &[
    "agentClick",
    "agentHover",
    "agentScroll",
    "agentType",
    "goToUrl",
    "think",
    "wait",
    WAIT_FOR_PAGE_TO_SETTLE,
    TAKE_OBSERVATION,
    RETURN,
    THROW,
];

/// What the client appends to a task to ask for a structured answer, followed by the JSON
/// Schema the answer must validate against.
pub const SCHEMA_SUFFIX: &str = ", format output with jsonschema: ";

/// Whether `name` is a built-in action (array input).
pub fn is_built_in(name: &str) -> bool {
    BUILT_IN_ACTIONS.contains(&name)
}

/// The JSON Schema a task asks its answer to follow, if it carries [`SCHEMA_SUFFIX`] followed by
/// valid JSON.
pub fn answer_schema(task: &str) -> Option<Value> {
    let (_, schema) = task.rsplit_once(SCHEMA_SUFFIX)?;
    serde_json::from_str(schema.trim()).ok()
}

/// A call result's text, decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum ResultText {
    /// `json.dumps` of the call's return value.
    Json(Value),
    /// An error fed back to the model: `"<Type>: <message>"`, kept as sent.
    Error(String),
}

impl ResultText {
    /// Decodes a result text: JSON, or `"<Type>: <message>"`.
    pub fn decode(text: &str) -> Option<ResultText> {
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            return Some(ResultText::Json(value));
        }
        let (kind, _) = text.split_once(": ")?;
        let mut chars = kind.chars();
        let starts_well = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        (starts_well && rest_ok).then(|| ResultText::Error(text.to_string()))
    }

    /// The text a scenario matches and substitutes: a JSON string as its content, other JSON
    /// as compact JSON text, an error as sent.
    pub fn display(&self) -> String {
        match self {
            ResultText::Json(Value::String(s)) => s.clone(),
            ResultText::Json(other) => other.to_string(),
            ResultText::Error(text) => text.clone(),
        }
    }

    /// The decoded JSON value, if this is not an error.
    pub fn json(&self) -> Option<&Value> {
        match self {
            ResultText::Json(v) => Some(v),
            ResultText::Error(_) => None,
        }
    }
}

/// What the emulator keeps of an observation, for scenario checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// `activeURL`.
    pub url: String,
    /// `browserDimensions.windowWidth`.
    pub width: f64,
    /// `browserDimensions.windowHeight`.
    pub height: f64,
}

const DIMENSIONS: [&str; 6] = [
    "scrollHeight",
    "scrollLeft",
    "scrollTop",
    "scrollWidth",
    "windowHeight",
    "windowWidth",
];

/// Checks a `takeObservation` result: the observation object with every documented field and a
/// JPEG or PNG screenshot as a base64 data URL. The error lists every problem.
pub fn check_observation(value: &Value) -> Result<Observation, String> {
    let Some(object) = value.as_object() else {
        return Err(format!(
            "the observation must be a JSON object, got {}",
            kind_of(value)
        ));
    };
    let mut problems = Vec::new();
    let mut text = |key: &str| match object.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            problems.push(format!("`{key}` must be a string, got {}", kind_of(other)));
            None
        }
        None => {
            problems.push(format!("`{key}` is missing"));
            None
        }
    };
    let url = text("activeURL");
    let screenshot = text("screenshotBase64");
    text("simplifiedDOM");
    text("userAgent");
    match object.get("idToBboxMap") {
        Some(Value::Object(_)) => {}
        Some(other) => problems.push(format!(
            "`idToBboxMap` must be an object, got {}",
            kind_of(other)
        )),
        None => problems.push("`idToBboxMap` is missing".into()),
    }
    match object.get("timestamp_ms") {
        Some(v) if v.is_i64() || v.is_u64() => {}
        Some(other) => problems.push(format!(
            "`timestamp_ms` must be an integer (epoch milliseconds), got {}",
            kind_of(other)
        )),
        None => problems.push("`timestamp_ms` is missing".into()),
    }
    let mut size = (0.0, 0.0);
    match object.get("browserDimensions") {
        Some(Value::Object(dims)) => {
            for key in DIMENSIONS {
                match dims.get(key).and_then(Value::as_f64) {
                    Some(n) if key == "windowWidth" => size.0 = n,
                    Some(n) if key == "windowHeight" => size.1 = n,
                    Some(_) => {}
                    None => problems.push(format!("`browserDimensions.{key}` must be a number")),
                }
            }
        }
        Some(other) => problems.push(format!(
            "`browserDimensions` must be an object, got {}",
            kind_of(other)
        )),
        None => problems.push("`browserDimensions` is missing".into()),
    }
    if let Some(shot) = &screenshot {
        if let Err(problem) = check_screenshot(shot) {
            problems.push(problem);
        }
    }
    match (url, problems.is_empty()) {
        (Some(url), true) => Ok(Observation {
            url,
            width: size.0,
            height: size.1,
        }),
        _ => Err(problems.join("; ")),
    }
}

/// A screenshot is `data:image/jpeg;base64,...` or `data:image/png;base64,...` whose bytes
/// start as that format's files do.
fn check_screenshot(data_url: &str) -> Result<(), String> {
    const FORMATS: [(&str, &[u8]); 2] = [
        ("data:image/jpeg;base64,", &[0xFF, 0xD8, 0xFF]),
        ("data:image/png;base64,", b"\x89PNG\r\n\x1a\n"),
    ];
    let Some((payload, magic)) = FORMATS
        .iter()
        .find_map(|(prefix, magic)| data_url.strip_prefix(prefix).map(|p| (p, *magic)))
    else {
        let start: String = data_url.chars().take(30).collect();
        return Err(format!(
            "`screenshotBase64` must be a data URL starting with `data:image/jpeg;base64,` or `data:image/png;base64,`, got `{start}...`"
        ));
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .map_err(|e| format!("`screenshotBase64` is not valid base64: {e}"))?;
    if !bytes.starts_with(magic) {
        return Err("`screenshotBase64` does not hold an image of the format it names".into());
    }
    Ok(())
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The text of a call result: its `content` text blocks, joined by newlines.
fn content_text(result: &Value) -> String {
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

fn decode_at(result: &Value, k: usize) -> Result<ResultText, FieldError> {
    let text = content_text(result);
    ResultText::decode(&text).ok_or_else(|| {
        FieldError::new(
            format!("callResults[{k}].content"),
            format!(
                "A call result's text is the JSON of the call's return value (`null` for browser actions) or an error for the model as `<Type>: <message>`; got {:?}",
                preview(&text)
            ),
        )
    })
}

fn preview(text: &str) -> String {
    let mut short: String = text.chars().take(80).collect();
    if short.len() < text.len() {
        short.push_str("...");
    }
    short
}

const FIRST_STEP_FORM: &str = "The first InvokeActStep of an act carries no previousStepId and exactly two call results: {\"callId\": \"initiateAct\", \"content\": [{\"text\": \"{}\"}]} and {\"callId\": \"takeObservation\", \"content\": [{\"text\": <the observation as JSON>}]}";

/// Checks the results of an act's first `InvokeActStep` and gives its observation.
pub fn check_first_step(results: &[Value]) -> Result<Observation, ApiError> {
    let id_of = |r: &Value| r.get("callId").and_then(Value::as_str).map(str::to_string);
    let ids: Vec<Option<String>> = results.iter().map(id_of).collect();
    let position = |name: &str| ids.iter().position(|id| id.as_deref() == Some(name));
    let (Some(initiate), Some(observe), 2) = (
        position(INITIATE_ACT),
        position(TAKE_OBSERVATION),
        results.len(),
    ) else {
        let got: Vec<String> = ids
            .iter()
            .map(|id| id.as_deref().unwrap_or("(no callId)").to_string())
            .collect();
        return Err(ApiError::field(
            "callResults",
            format!("{FIRST_STEP_FORM}; got results for [{}]", got.join(", ")),
        ));
    };
    match decode_at(&results[initiate], initiate) {
        Ok(ResultText::Json(Value::Object(_))) => {}
        Ok(_) => {
            return Err(ApiError::field(
                format!("callResults[{initiate}].content"),
                format!("{FIRST_STEP_FORM}; the initiateAct text is not a JSON object"),
            ))
        }
        Err(e) => return Err(ApiError::fields(vec![e])),
    }
    let observation = match decode_at(&results[observe], observe) {
        Ok(ResultText::Json(value)) => check_observation(&value),
        Ok(ResultText::Error(text)) => Err(format!(
            "the client reported an error instead of an observation: {}",
            preview(&text)
        )),
        Err(e) => return Err(ApiError::fields(vec![e])),
    };
    observation.map_err(|problem| {
        ApiError::field(
            format!("callResults[{observe}].content"),
            format!("Invalid observation: {problem}"),
        )
    })
}

/// A step the emulator answered: enough to check the results that answer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepRecord {
    /// The step's ID; its calls are `{id}.{index}`.
    pub id: Uuid,
    /// How many calls it made.
    pub calls: u16,
    /// Whether its last call is `takeObservation`.
    pub observes: bool,
    /// Whether it ended the act (`return` or `throw`).
    pub last: bool,
}

/// The ID of call `index` of `step`.
pub fn call_id(step: Uuid, index: usize) -> String {
    format!("{step}.{index}")
}

/// Pairs the results of a later step with the calls of `step`: one result per call, by
/// `callId`, in call order. Gives the decoded texts and, when the step asked for one, the
/// observation.
pub fn match_results(
    step: &StepRecord,
    results: &[Value],
) -> Result<(Vec<ResultText>, Option<Observation>), ApiError> {
    let count = usize::from(step.calls);
    let prefix = format!("{}.", step.id);
    let mut slots: Vec<Option<ResultText>> = vec![None; count];
    let mut problems = Vec::new();
    for (k, result) in results.iter().enumerate() {
        let Some(id) = result.get("callId").and_then(Value::as_str) else {
            problems.push(FieldError::new(
                format!("callResults[{k}].callId"),
                format!("Every result names the call it answers; the previous step's calls are {prefix}0 to {prefix}{}", count.saturating_sub(1)),
            ));
            continue;
        };
        let Some(index) = id
            .strip_prefix(&prefix)
            .and_then(|i| i.parse::<usize>().ok())
            .filter(|&i| i < count)
        else {
            problems.push(FieldError::new(
                format!("callResults[{k}].callId"),
                format!(
                    "Unknown callId '{id}': the previous step ({}) made {count} call(s), with IDs {prefix}0 to {prefix}{}",
                    step.id,
                    count.saturating_sub(1)
                ),
            ));
            continue;
        };
        if slots[index].is_some() {
            problems.push(FieldError::new(
                format!("callResults[{k}].callId"),
                format!("Call {id} is answered twice"),
            ));
            continue;
        }
        match decode_at(result, k) {
            Ok(text) => slots[index] = Some(text),
            Err(e) => problems.push(e),
        }
    }
    if problems.is_empty() {
        let missing: Vec<String> = slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_none())
            .map(|(i, _)| call_id(step.id, i))
            .collect();
        if !missing.is_empty() {
            problems.push(FieldError::new(
                "callResults",
                format!(
                    "Every call of the previous step needs one result; none for {}",
                    missing.join(", ")
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::fields(problems));
    }
    let texts: Vec<ResultText> = slots.into_iter().flatten().collect();
    // A step that observes ends with its takeObservation call; a record without calls (which
    // `agent::render` never makes) has nothing to read.
    let observation = match count.checked_sub(1).filter(|_| step.observes) {
        Some(at) => {
            let checked = match &texts[at] {
                ResultText::Json(value) => check_observation(value),
                ResultText::Error(text) => Err(format!(
                    "the client reported an error instead of an observation: {}",
                    preview(text)
                )),
            };
            let k = results
                .iter()
                .position(|r| {
                    r.get("callId").and_then(Value::as_str) == Some(&call_id(step.id, at))
                })
                .unwrap_or(at);
            Some(checked.map_err(|problem| {
                ApiError::field(
                    format!("callResults[{k}].content"),
                    format!("Invalid observation: {problem}"),
                )
            })?)
        }
        None => None,
    };
    Ok((texts, observation))
}

/// A call as the answer of `InvokeActStep` carries it.
pub fn render_call(step: Uuid, index: usize, name: &str, input: Value) -> Value {
    let mut call = Map::new();
    call.insert("callId".into(), Value::String(call_id(step, index)));
    call.insert("name".into(), Value::String(name.to_string()));
    call.insert("input".into(), input);
    Value::Object(call)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A 1x1 JPEG's first bytes are enough for the format check.
    pub(crate) fn jpeg_data_url() -> String {
        let bytes = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F'];
        format!(
            "data:image/jpeg;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    }

    fn observation() -> Value {
        json!({
            "activeURL": "http://127.0.0.1:9/form",
            "browserDimensions": {"scrollHeight": 813, "scrollLeft": 0, "scrollTop": 0,
                                  "scrollWidth": 1600, "windowHeight": 813, "windowWidth": 1600},
            "idToBboxMap": {},
            "screenshotBase64": jpeg_data_url(),
            "simplifiedDOM": "",
            "timestamp_ms": 1_764_547_200_000i64,
            "userAgent": "Mozilla/5.0 Chrome/140.0.0.0 Agent-NovaAct/0.9"
        })
    }

    fn result(id: &str, text: &str) -> Value {
        json!({"callId": id, "content": [{"text": text}]})
    }

    #[test]
    fn result_texts_decode_as_json_or_typed_errors() {
        let cases = [
            ("null", Some(ResultText::Json(Value::Null)), "null"),
            (
                "\"129 EUR\"",
                Some(ResultText::Json(json!("129 EUR"))),
                "129 EUR",
            ),
            (
                "{\"a\": 1}",
                Some(ResultText::Json(json!({"a": 1}))),
                "{\"a\":1}",
            ),
            (
                "AgentRedirectError: use agentType",
                Some(ResultText::Error(
                    "AgentRedirectError: use agentType".into(),
                )),
                "AgentRedirectError: use agentType",
            ),
            ("129 EUR", None, ""),
            ("not json: at all", None, ""),
            ("", None, ""),
        ];
        for (text, want, display) in cases {
            let got = ResultText::decode(text);
            assert_eq!(got, want, "{text:?}");
            if let Some(got) = got {
                assert_eq!(got.display(), display, "{text:?}");
            }
        }
    }

    #[test]
    fn observations_are_checked_field_by_field() {
        let good = observation();
        assert_eq!(
            check_observation(&good).unwrap(),
            Observation {
                url: "http://127.0.0.1:9/form".into(),
                width: 1600.0,
                height: 813.0
            }
        );
        let broken = |edit: &dyn Fn(&mut Map<String, Value>)| {
            let mut o = observation();
            edit(o.as_object_mut().unwrap());
            check_observation(&o).unwrap_err()
        };
        type Edit = dyn Fn(&mut Map<String, Value>);
        let cases: [(&Edit, &str); 7] = [
            (&|o| drop(o.remove("activeURL")), "`activeURL` is missing"),
            (
                &|o| drop(o.insert("timestamp_ms".into(), json!("now"))),
                "`timestamp_ms` must be an integer",
            ),
            (
                &|o| {
                    drop(
                        o["browserDimensions"]
                            .as_object_mut()
                            .unwrap()
                            .remove("windowWidth"),
                    )
                },
                "`browserDimensions.windowWidth` must be a number",
            ),
            (
                &|o| drop(o.insert("screenshotBase64".into(), json!("iVBOR"))),
                "must be a data URL",
            ),
            (
                &|o| {
                    drop(o.insert(
                        "screenshotBase64".into(),
                        json!("data:image/jpeg;base64,@@@"),
                    ))
                },
                "not valid base64",
            ),
            (
                &|o| {
                    drop(o.insert(
                        "screenshotBase64".into(),
                        json!("data:image/png;base64,/9j/4AAQ"),
                    ))
                },
                "format it names",
            ),
            (
                &|o| drop(o.insert("idToBboxMap".into(), json!([]))),
                "`idToBboxMap` must be an object",
            ),
        ];
        for (edit, want) in cases {
            let problem = broken(edit);
            assert!(problem.contains(want), "{problem}");
        }
        assert!(check_observation(&json!([])).is_err());
    }

    #[test]
    fn the_first_step_needs_initiate_act_and_an_observation() {
        let obs = observation().to_string();
        let good = [result("initiateAct", "{}"), result("takeObservation", &obs)];
        assert_eq!(check_first_step(&good).unwrap().width, 1600.0);
        let cases: Vec<(Vec<Value>, &str)> = vec![
            (vec![result("x", "\"start\"")], "exactly two call results"),
            (vec![good[1].clone()], "exactly two call results"),
            (
                vec![good[0].clone(), good[1].clone(), result("wait", "null")],
                "got results for [initiateAct, takeObservation, wait]",
            ),
            (
                vec![result("initiateAct", "[]"), good[1].clone()],
                "not a JSON object",
            ),
            (
                vec![good[0].clone(), result("takeObservation", "{}")],
                "Invalid observation",
            ),
            (
                vec![
                    good[0].clone(),
                    result("takeObservation", "RuntimeError: no page"),
                ],
                "instead of an observation",
            ),
        ];
        for (results, want) in cases {
            let err = check_first_step(&results).unwrap_err();
            assert_eq!(err.code, "ValidationException");
            assert!(err.message().contains(want), "{}", err.message());
        }
    }

    #[test]
    fn later_results_answer_every_call_once() {
        let step = StepRecord {
            id: Uuid::new_v4(),
            calls: 3,
            observes: true,
            last: false,
        };
        let id = |i| call_id(step.id, i);
        let obs = observation().to_string();
        let (texts, seen) = match_results(
            &step,
            &[
                result(&id(1), "null"),
                result(&id(0), "\"42\""),
                result(&id(2), &obs),
            ],
        )
        .unwrap();
        assert_eq!(texts[0], ResultText::Json(json!("42")));
        assert_eq!(texts[1], ResultText::Json(Value::Null));
        assert_eq!(seen.unwrap().height, 813.0);

        let cases: Vec<(Vec<Value>, &str)> = vec![
            (vec![result("made-up", "null")], "Unknown callId 'made-up'"),
            (
                vec![json!({"content": [{"text": "null"}]})],
                "Every result names the call",
            ),
            (
                vec![result(&id(0), "null"), result(&id(0), "null")],
                "answered twice",
            ),
            (
                vec![result(&id(0), "null"), result(&id(2), &obs)],
                "none for",
            ),
            (
                vec![
                    result(&id(0), "plain words"),
                    result(&id(1), "null"),
                    result(&id(2), &obs),
                ],
                "`<Type>: <message>`",
            ),
            (
                vec![
                    result(&id(0), "null"),
                    result(&id(1), "null"),
                    result(&id(2), "null"),
                ],
                "Invalid observation",
            ),
        ];
        for (results, want) in cases {
            let err = match_results(&step, &results).unwrap_err();
            assert!(err.message().contains(want), "{want}: {}", err.message());
        }
    }

    #[test]
    fn a_record_without_calls_has_no_observation_to_read() {
        // `render` never makes one, but the function must not trust that (found by fuzzing).
        let step = StepRecord {
            id: Uuid::new_v4(),
            calls: 0,
            observes: true,
            last: false,
        };
        assert_eq!(match_results(&step, &[]).unwrap(), (Vec::new(), None));
    }

    #[test]
    fn the_schema_suffix_is_read_from_the_task() {
        assert_eq!(
            answer_schema("Is it open?, format output with jsonschema: {\"type\": \"boolean\"}"),
            Some(json!({"type": "boolean"}))
        );
        assert_eq!(answer_schema("Is it open?"), None);
        assert_eq!(
            answer_schema("x, format output with jsonschema: {not json"),
            None
        );
    }
}
