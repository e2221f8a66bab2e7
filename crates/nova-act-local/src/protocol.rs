//! The restJson1 protocol, driven by the [`Schema`]: routing by method and URI pattern,
//! building an operation's input from labels, query string, headers and JSON body, and
//! writing outputs and errors back.

use http::HeaderMap;
use percent_encoding::percent_decode_str;
use serde_json::{Map, Number, Value};
use time::OffsetDateTime;

use crate::errors::ApiError;
use crate::schema::{Binding, Operation, Schema, ShapeId, ShapeKind, TimestampFormat, UriSegment};
use crate::validate::Validator;

/// `(label name, decoded value)` pairs.
pub type Labels = Vec<(String, String)>;

/// Result of routing a request.
#[derive(Debug)]
pub enum Route<'s> {
    /// The request names this operation; labels are percent-decoded.
    Operation {
        /// The operation.
        op: &'s Operation,
        /// `(label name, value)` pairs.
        labels: Labels,
    },
    /// The path matches operations, but none with this method.
    MethodNotAllowed(Vec<String>),
    /// No operation has a URI pattern matching the path.
    NotFound,
}

/// Splits a raw (still percent-encoded) path into decoded segments. Empty segments (from a
/// trailing slash or `//`) are dropped, so `/acts/{id}/invoke-step/` also matches without the
/// trailing slash, and `.`/`..` segments are resolved as SigV4 canonicalization does.
/// `None` when a segment is not valid UTF-8 once decoded.
fn decoded_segments(raw_path: &str) -> Option<Vec<String>> {
    let mut segments: Vec<String> = Vec::new();
    for raw in raw_path.split('/') {
        match raw {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            _ => segments.push(percent_decode_str(raw).decode_utf8().ok()?.into_owned()),
        }
    }
    Some(segments)
}

fn match_uri(pattern: &[UriSegment], segments: &[String]) -> Option<Labels> {
    let mut labels = Vec::new();
    let mut i = 0;
    for (p, seg) in pattern.iter().enumerate() {
        match seg {
            UriSegment::Literal(lit) => {
                if segments.get(i)? != lit {
                    return None;
                }
                i += 1;
            }
            UriSegment::Label(name) => {
                labels.push((name.clone(), segments.get(i)?.clone()));
                i += 1;
            }
            UriSegment::GreedyLabel(name) => {
                // Leave room for the literal segments that follow the greedy label.
                let rest = pattern.len() - p - 1;
                let end = segments.len().checked_sub(rest)?;
                if end <= i {
                    return None;
                }
                labels.push((name.clone(), segments[i..end].join("/")));
                i = end;
            }
        }
    }
    (i == segments.len()).then_some(labels)
}

/// Finds the operation for `method` and the raw request path.
pub fn route<'s>(schema: &'s Schema, method: &str, raw_path: &str) -> Route<'s> {
    let Some(segments) = decoded_segments(raw_path) else {
        return Route::NotFound;
    };
    let mut allowed: Vec<String> = Vec::new();
    let mut best: Option<(usize, &Operation, Labels)> = None;
    for op in &schema.operations {
        let Some(labels) = match_uri(&op.uri, &segments) else {
            continue;
        };
        if op.method != method {
            if !allowed.contains(&op.method) {
                allowed.push(op.method.clone());
            }
            continue;
        }
        // With several matches, the pattern with more literal segments is the more specific.
        let literals = op
            .uri
            .iter()
            .filter(|s| matches!(s, UriSegment::Literal(_)))
            .count();
        if best.as_ref().is_none_or(|(n, _, _)| literals > *n) {
            best = Some((literals, op, labels));
        }
    }
    match best {
        Some((_, op, labels)) => Route::Operation { op, labels },
        None if !allowed.is_empty() => {
            allowed.sort();
            Route::MethodNotAllowed(allowed)
        }
        None => Route::NotFound,
    }
}

/// Decodes a query string into `(name, value)` pairs (`+` is a space, as in forms).
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

fn decode_component(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// Reads text from a label, query parameter or header as a JSON value of the target's type.
/// Text that does not parse stays a string, so the validator reports the wrong type.
fn text_value(schema: &Schema, target: ShapeId, text: &str) -> Value {
    match &schema.shape(target).kind {
        ShapeKind::Integer { .. } | ShapeKind::IntEnum(_) => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(text.to_string())),
        ShapeKind::Float => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(text.to_string())),
        ShapeKind::Boolean => match text.trim() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text.to_string()),
        },
        _ => Value::String(text.to_string()),
    }
}

fn list_or_single(schema: &Schema, target: ShapeId, values: Vec<&str>) -> Option<Value> {
    match &schema.shape(target).kind {
        ShapeKind::List { member } => Some(Value::Array(
            values
                .into_iter()
                .map(|v| text_value(schema, member.target, v))
                .collect(),
        )),
        _ => values.first().map(|v| text_value(schema, target, v)),
    }
}

/// Builds and validates the input of `op`. The result is an object keyed by member names.
pub fn build_input(
    schema: &Schema,
    op: &Operation,
    labels: &[(String, String)],
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Value, ApiError> {
    let Some(input) = op.input else {
        return Ok(Value::Object(Map::new()));
    };
    let members = schema.members(input);
    let has_body = members.iter().any(|m| m.binding == Binding::Body);
    let mut wire = if has_body && !body.iter().all(u8::is_ascii_whitespace) {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                return Err(ApiError::serialization(
                    "Unable to parse request body: expected a JSON object",
                ))
            }
            Err(e) => {
                return Err(ApiError::serialization(format!(
                    "Unable to parse request body: {e}"
                )))
            }
        }
    } else {
        Map::new()
    };
    for member in members {
        let value = match &member.binding {
            Binding::Body => continue,
            Binding::Label => labels
                .iter()
                .find(|(name, _)| *name == member.name)
                .map(|(_, v)| text_value(schema, member.target, v)),
            Binding::Query(name) => {
                let values: Vec<&str> = query
                    .iter()
                    .filter(|(k, _)| k == name)
                    .map(|(_, v)| v.as_str())
                    .collect();
                list_or_single(schema, member.target, values)
            }
            Binding::Header(name) => {
                let values: Vec<&str> = headers
                    .get_all(name.as_str())
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .flat_map(|v| v.split(','))
                    .map(str::trim)
                    .collect();
                if values.is_empty() {
                    None
                } else if matches!(schema.shape(member.target).kind, ShapeKind::List { .. }) {
                    list_or_single(schema, member.target, values)
                } else {
                    headers
                        .get(name.as_str())
                        .and_then(|v| v.to_str().ok())
                        .map(|v| text_value(schema, member.target, v))
                }
            }
        };
        // A label, query parameter or header wins over a body field of the same name.
        match value {
            Some(v) => {
                wire.insert(member.json_name.clone(), v);
            }
            None => {
                wire.remove(&member.json_name);
            }
        }
    }
    let mut validator = Validator::new(schema);
    let normalized = validator.structure(input, &Value::Object(wire), "");
    let errors = validator.into_errors();
    if errors.is_empty() {
        Ok(normalized)
    } else {
        Err(ApiError::fields(errors))
    }
}

/// An HTTP answer ready to send.
#[derive(Debug)]
pub struct Encoded {
    /// Status code.
    pub status: u16,
    /// Headers bound by the model or added by the error.
    pub headers: Vec<(String, String)>,
    /// JSON body.
    pub body: Vec<u8>,
}

/// Formats epoch milliseconds the way the member's timestamp format says.
pub fn format_timestamp(millis: i64, format: TimestampFormat) -> Value {
    match format {
        TimestampFormat::EpochSeconds => Number::from_f64(millis as f64 / 1000.0)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        TimestampFormat::DateTime => Value::String(rfc3339_millis(millis)),
        TimestampFormat::HttpDate => Value::String(http_date(millis)),
    }
}

fn datetime(millis: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// `2025-08-22T10:11:12.345Z`.
pub fn rfc3339_millis(millis: i64) -> String {
    let t = datetime(millis);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

fn http_date(millis: i64) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let t = datetime(millis);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[usize::from(t.weekday().number_days_from_monday())],
        t.day(),
        MONTHS[usize::from(u8::from(t.month()) - 1)],
        t.year(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Writes a normalized value (member names; timestamps as epoch milliseconds) in wire form.
fn write(
    schema: &Schema,
    target: ShapeId,
    ts_format: Option<TimestampFormat>,
    value: &Value,
    headers: Option<&mut Vec<(String, String)>>,
) -> Option<Value> {
    if value.is_null() {
        return None;
    }
    match &schema.shape(target).kind {
        ShapeKind::Timestamp => {
            let millis = value.as_i64()?;
            Some(format_timestamp(
                millis,
                ts_format.unwrap_or(TimestampFormat::EpochSeconds),
            ))
        }
        ShapeKind::Structure { members } | ShapeKind::Union { members } => {
            let object = value.as_object()?;
            let mut out = Map::new();
            let mut headers = headers;
            for member in members {
                let Some(v) = object.get(&member.name).filter(|v| !v.is_null()) else {
                    continue;
                };
                if let (Binding::Header(name), Some(h)) = (&member.binding, headers.as_mut()) {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    h.push((name.clone(), text));
                    continue;
                }
                if let Some(w) = write(schema, member.target, member.timestamp_format, v, None) {
                    out.insert(member.json_name.clone(), w);
                }
            }
            Some(Value::Object(out))
        }
        ShapeKind::List { member } => Some(Value::Array(
            value
                .as_array()?
                .iter()
                .filter_map(|v| write(schema, member.target, member.timestamp_format, v, None))
                .collect(),
        )),
        ShapeKind::Map { value: val, .. } => Some(Value::Object(
            value
                .as_object()?
                .iter()
                .filter_map(|(k, v)| {
                    write(schema, val.target, val.timestamp_format, v, None).map(|w| (k.clone(), w))
                })
                .collect(),
        )),
        _ => Some(value.clone()),
    }
}

fn to_body(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec())
}

/// Encodes a successful output of `op`.
pub fn encode_output(schema: &Schema, op: &Operation, output: &Value) -> Encoded {
    let mut headers = Vec::new();
    let body = match op.output {
        Some(shape) => write(schema, shape, None, output, Some(&mut headers))
            .unwrap_or_else(|| Value::Object(Map::new())),
        None => Value::Object(Map::new()),
    };
    Encoded {
        status: op.code,
        headers,
        body: to_body(&body),
    }
}

/// Encodes an error: through its shape when the model has one, as `{"message": ...}`
/// otherwise. Adds `x-amzn-ErrorType`.
pub fn encode_error(schema: &Schema, err: &ApiError) -> Encoded {
    let mut headers = vec![("x-amzn-errortype".to_string(), err.code.clone())];
    let modeled = schema
        .shape_named(&err.code)
        .filter(|&id| schema.shape(id).http_error.is_some());
    let (status, body) = match modeled {
        Some(shape) => {
            let members = Value::Object((*err.members).clone());
            let body = write(schema, shape, None, &members, Some(&mut headers))
                .unwrap_or_else(|| Value::Object(Map::new()));
            (schema.shape(shape).http_error.unwrap_or(err.status), body)
        }
        None => (err.status, Value::Object((*err.members).clone())),
    };
    headers.extend(err.headers.iter().cloned());
    Encoded {
        status,
        headers,
        body: to_body(&body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Schema {
        Schema::nova_act().unwrap()
    }

    #[test]
    fn routes_by_method_on_the_same_path() {
        let s = schema();
        let path = "/workflow-definitions/wf/workflow-runs/0f0e0d0c-0b0a-4998-8776-655443322110";
        for (method, name) in [
            ("GET", "GetWorkflowRun"),
            ("PUT", "UpdateWorkflowRun"),
            ("DELETE", "DeleteWorkflowRun"),
            ("POST", "ListSessions"),
        ] {
            match route(&s, method, path) {
                Route::Operation { op, labels } => {
                    assert_eq!(op.name, name);
                    assert_eq!(labels[0], ("workflowDefinitionName".into(), "wf".into()));
                }
                other => panic!("{method}: {other:?}"),
            }
        }
        match route(&s, "PATCH", path) {
            Route::MethodNotAllowed(m) => assert_eq!(m, ["DELETE", "GET", "POST", "PUT"]),
            other => panic!("{other:?}"),
        }
        assert!(matches!(route(&s, "GET", "/nope"), Route::NotFound));
        assert!(matches!(
            route(&s, "GET", "/workflow-definitions/a/b/c/d/e/f/g/h/i/j"),
            Route::NotFound
        ));
    }

    #[test]
    fn invoke_step_matches_with_or_without_trailing_slash_and_decodes_labels() {
        let s = schema();
        let id = "0f0e0d0c-0b0a-4998-8776-655443322110";
        let base = format!(
            "/workflow-definitions/my%2Dwf/workflow-runs/{id}/sessions/{id}/acts/{id}/invoke-step"
        );
        for path in [base.clone(), format!("{base}/")] {
            match route(&s, "PUT", &path) {
                Route::Operation { op, labels } => {
                    assert_eq!(op.name, "InvokeActStep");
                    assert_eq!(labels[0].1, "my-wf");
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn query_parsing_and_typed_members() {
        assert_eq!(
            parse_query("a=1&b=x%20y+z&&c"),
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "x y z".into()),
                ("c".into(), "".into())
            ]
        );
        let s = schema();
        let op = s.operation("ListModels").unwrap();
        let input = build_input(
            &s,
            op,
            &[],
            &parse_query("clientCompatibilityVersion=3"),
            &HeaderMap::new(),
            b"",
        )
        .unwrap();
        assert_eq!(input, json!({"clientCompatibilityVersion": 3}));
        let err = build_input(
            &s,
            op,
            &[],
            &parse_query("clientCompatibilityVersion=three"),
            &HeaderMap::new(),
            b"",
        )
        .unwrap_err();
        assert_eq!(
            err.members["fieldList"][0]["name"],
            "clientCompatibilityVersion"
        );
    }

    #[test]
    fn malformed_bodies_are_serialization_errors() {
        let s = schema();
        let op = s.operation("CreateWorkflowDefinition").unwrap();
        for body in [&b"{"[..], b"[1]", b"\"x\""] {
            let err = build_input(&s, op, &[], &[], &HeaderMap::new(), body).unwrap_err();
            assert_eq!(err.code, "SerializationException");
        }
    }

    #[test]
    fn outputs_use_model_timestamp_format_and_header_bindings() {
        let s = schema();
        let op = s.operation("GetWorkflowDefinition").unwrap();
        let out = encode_output(
            &s,
            op,
            &json!({"name": "wf", "arn": "a", "createdAt": 1_755_857_472_345i64, "status": "ACTIVE", "description": null}),
        );
        let body: Value = serde_json::from_slice(&out.body).unwrap();
        assert_eq!(body["createdAt"], "2025-08-22T10:11:12.345Z");
        assert!(body.get("description").is_none());
        assert_eq!(out.status, 200);

        let err = encode_error(&s, &ApiError::throttling(2));
        assert_eq!(err.status, 429);
        assert!(err
            .headers
            .contains(&("retry-after".to_string(), "2".to_string())));
        assert!(err.headers.contains(&(
            "x-amzn-errortype".to_string(),
            "ThrottlingException".to_string()
        )));
        let body: Value = serde_json::from_slice(&err.body).unwrap();
        assert_eq!(body["message"], "Rate exceeded");
        assert!(body.get("retryAfterSeconds").is_none());
        assert_eq!(http_date(784_111_777_000), "Sun, 06 Nov 1994 08:49:37 GMT");
    }
}
