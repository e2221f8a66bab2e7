//! Recursive validation of operation input against the model.
//!
//! The validator walks a wire value (JSON names) together with its shape and produces the
//! *normalized* value (member names, timestamps as epoch milliseconds, unknown fields dropped),
//! collecting every constraint violation with its path on the way. Nothing here knows about
//! particular operations or fields: required members, types, `@length`, `@range`, `@pattern`
//! and enum values all come from the [`Schema`].

use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::errors::FieldError;
use crate::schema::{Constraints, Member, Schema, ShapeId, ShapeKind, TimestampFormat};

/// Collects violations while normalizing a value.
pub struct Validator<'s> {
    schema: &'s Schema,
    errors: Vec<FieldError>,
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// Counts what `@length` counts for a value: characters, elements, entries or bytes.
fn measured_length(kind: &ShapeKind, value: &Value) -> Option<u64> {
    let n = match (kind, value) {
        (ShapeKind::Blob, Value::String(s)) => {
            // Decoded size of base64 text.
            let trimmed = s.trim_end_matches('=');
            trimmed.len() * 3 / 4
        }
        (_, Value::String(s)) => s.chars().count(),
        (_, Value::Array(a)) => a.len(),
        (_, Value::Object(o)) => o.len(),
        _ => return None,
    };
    u64::try_from(n).ok()
}

impl<'s> Validator<'s> {
    /// A validator over `schema`.
    pub fn new(schema: &'s Schema) -> Self {
        Validator {
            schema,
            errors: Vec::new(),
        }
    }

    /// Records a violation.
    pub fn error(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(path, message));
    }

    /// Violations found so far.
    pub fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }

    /// Validates a structure value (an object keyed by JSON names) against `shape`.
    pub fn structure(&mut self, shape: ShapeId, value: &Value, path: &str) -> Value {
        let schema = self.schema;
        let Some(object) = value.as_object() else {
            self.error(
                path_or_root(path),
                "Member must be a structure (JSON object)",
            );
            return Value::Null;
        };
        let mut out = Map::new();
        for member in schema.members(shape) {
            let field_path = join(path, &member.name);
            match object.get(&member.json_name) {
                None | Some(Value::Null) => {
                    if member.required {
                        self.error(&field_path, "Member must not be null");
                    }
                }
                Some(v) => {
                    if let Some(normalized) = self.member(member, v, &field_path) {
                        out.insert(member.name.clone(), normalized);
                    }
                }
            }
        }
        Value::Object(out)
    }

    /// Validates one (present, non-null) member value.
    pub fn member(&mut self, member: &Member, value: &Value, path: &str) -> Option<Value> {
        self.value(
            member.target,
            &member.constraints,
            member.timestamp_format,
            value,
            path,
        )
    }

    fn value(
        &mut self,
        target: ShapeId,
        constraints: &Constraints,
        ts_format: Option<TimestampFormat>,
        value: &Value,
        path: &str,
    ) -> Option<Value> {
        let schema = self.schema;
        let kind = &schema.shape(target).kind;
        let normalized = match kind {
            ShapeKind::String | ShapeKind::Blob => match value {
                Value::String(_) => value.clone(),
                _ => return self.wrong_type(path, "a string"),
            },
            ShapeKind::Enum(values) => match value {
                Value::String(s) if values.iter().any(|v| v == s) => value.clone(),
                Value::String(_) => {
                    self.error(
                        path,
                        format!(
                            "Member must satisfy enum value set: [{}]",
                            values.join(", ")
                        ),
                    );
                    return None;
                }
                _ => return self.wrong_type(path, "a string"),
            },
            ShapeKind::IntEnum(values) => match value.as_i64() {
                Some(n) if values.contains(&n) => value.clone(),
                Some(_) => {
                    let list: Vec<String> = values.iter().map(i64::to_string).collect();
                    self.error(
                        path,
                        format!("Member must satisfy enum value set: [{}]", list.join(", ")),
                    );
                    return None;
                }
                None => return self.wrong_type(path, "an integer"),
            },
            ShapeKind::Integer { min, max } => match value.as_i64() {
                Some(n) if n >= *min && n <= *max => value.clone(),
                Some(_) => {
                    self.error(
                        path,
                        format!("Member must be an integer between {min} and {max}"),
                    );
                    return None;
                }
                None => return self.wrong_type(path, "an integer"),
            },
            ShapeKind::Float => match value {
                Value::Number(_) => value.clone(),
                _ => return self.wrong_type(path, "a number"),
            },
            ShapeKind::Boolean => match value {
                Value::Bool(_) => value.clone(),
                _ => return self.wrong_type(path, "a boolean"),
            },
            ShapeKind::Timestamp => match value {
                Value::Number(n) => match n.as_f64() {
                    Some(secs) if secs.is_finite() => Value::from((secs * 1000.0).round() as i64),
                    _ => return self.wrong_type(path, "a timestamp"),
                },
                Value::String(s) if ts_format != Some(TimestampFormat::EpochSeconds) => {
                    match OffsetDateTime::parse(s, &Rfc3339) {
                        Ok(t) => Value::from((t.unix_timestamp_nanos() / 1_000_000) as i64),
                        Err(_) => return self.wrong_type(path, "an RFC 3339 date-time"),
                    }
                }
                _ => return self.wrong_type(path, "a timestamp"),
            },
            ShapeKind::Document => value.clone(),
            ShapeKind::List { member } => {
                let Value::Array(items) = value else {
                    return self.wrong_type(path, "a list (JSON array)");
                };
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let item_path = format!("{path}[{i}]");
                    if item.is_null() {
                        self.error(&item_path, "Member must not be null");
                        continue;
                    }
                    if let Some(v) = self.member(member, item, &item_path) {
                        out.push(v);
                    }
                }
                Value::Array(out)
            }
            ShapeKind::Map { key, value: val } => {
                let Value::Object(entries) = value else {
                    return self.wrong_type(path, "a map (JSON object)");
                };
                let mut out = Map::new();
                for (k, v) in entries {
                    let entry_path = format!("{path}[{k}]");
                    let key_value = Value::String(k.clone());
                    self.member(key, &key_value, &entry_path);
                    if v.is_null() {
                        self.error(&entry_path, "Member must not be null");
                        continue;
                    }
                    if let Some(v) = self.member(val, v, &entry_path) {
                        out.insert(k.clone(), v);
                    }
                }
                Value::Object(out)
            }
            ShapeKind::Structure { .. } => {
                if !value.is_object() {
                    return self.wrong_type(path, "a structure (JSON object)");
                }
                self.structure(target, value, path)
            }
            ShapeKind::Union { members } => {
                let Value::Object(object) = value else {
                    return self.wrong_type(path, "a union (JSON object)");
                };
                let set: Vec<&Member> = members
                    .iter()
                    .filter(|m| object.get(&m.json_name).is_some_and(|v| !v.is_null()))
                    .collect();
                if set.len() != 1 {
                    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
                    self.error(
                        path,
                        format!(
                            "Member must have exactly one of [{}] set, found {}",
                            names.join(", "),
                            set.len()
                        ),
                    );
                    return None;
                }
                let chosen = set[0];
                let inner_path = join(path, &chosen.name);
                let inner = self.member(chosen, &object[&chosen.json_name], &inner_path)?;
                let mut out = Map::new();
                out.insert(chosen.name.clone(), inner);
                Value::Object(out)
            }
            ShapeKind::Other => return None,
        };
        // Constraints apply to the value as sent (a list keeps its length even when some
        // elements were invalid and dropped from the normalized copy).
        self.constraints(kind, constraints, value, path);
        Some(normalized)
    }

    fn wrong_type(&mut self, path: &str, what: &str) -> Option<Value> {
        self.error(path, format!("Member must be {what}"));
        None
    }

    fn constraints(&mut self, kind: &ShapeKind, c: &Constraints, value: &Value, path: &str) {
        if let Some((min, max)) = c.length {
            if let Some(len) = measured_length(kind, value) {
                if let Some(min) = min.filter(|&m| len < m) {
                    self.error(
                        path,
                        format!("Member must have length greater than or equal to {min}"),
                    );
                }
                if let Some(max) = max.filter(|&m| len > m) {
                    self.error(
                        path,
                        format!("Member must have length less than or equal to {max}"),
                    );
                }
            }
        }
        if let Some((min, max)) = c.range {
            if let Some(n) = value.as_f64() {
                if let Some(min) = min.filter(|&m| n < m) {
                    self.error(
                        path,
                        format!("Member must have value greater than or equal to {min}"),
                    );
                }
                if let Some(max) = max.filter(|&m| n > m) {
                    self.error(
                        path,
                        format!("Member must have value less than or equal to {max}"),
                    );
                }
            }
        }
        if let Some((source, re)) = &c.pattern {
            if let Value::String(s) = value {
                if !re.is_match(s) {
                    self.error(
                        path,
                        format!("Member must satisfy regular expression pattern: {source}"),
                    );
                }
            }
        }
    }
}

fn path_or_root(path: &str) -> &str {
    if path.is_empty() {
        "(body)"
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(shape: &str, value: Value) -> (Value, Vec<FieldError>) {
        let schema = Schema::nova_act().unwrap();
        let id = schema.shape_named(shape).unwrap();
        let mut v = Validator::new(&schema);
        let out = v.structure(id, &value, "");
        (out, v.into_errors())
    }

    #[test]
    fn nested_violations_are_reported_with_paths() {
        let long_name = "x".repeat(65);
        let (_, errors) = check(
            "CreateActRequest",
            json!({
                "workflowDefinitionName": "wf",
                "workflowRunId": "0f0e0d0c-0b0a-4998-8776-655443322110",
                "sessionId": "not-a-uuid!",
                "toolSpecs": [
                    {"name": "ok_tool", "description": "d", "inputSchema": {"json": {}}},
                    {"name": long_name, "description": "", "inputSchema": {}},
                    null
                ],
                "clientToken": "short"
            }),
        );
        let names: Vec<&str> = errors.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"task"), "{errors:?}");
        assert!(names.contains(&"sessionId"), "{errors:?}");
        assert!(names.contains(&"toolSpecs[1].name"), "{errors:?}");
        assert!(names.contains(&"toolSpecs[1].description"), "{errors:?}");
        assert!(names.contains(&"toolSpecs[1].inputSchema"), "{errors:?}");
        assert!(names.contains(&"toolSpecs[2]"), "{errors:?}");
        assert!(names.contains(&"clientToken"), "{errors:?}");
        let task = errors.iter().find(|e| e.name == "task").unwrap();
        assert_eq!(task.message, "Member must not be null");
        let name = errors
            .iter()
            .find(|e| e.name == "toolSpecs[1].name")
            .unwrap();
        assert_eq!(
            name.message,
            "Member must have length less than or equal to 64"
        );
    }

    #[test]
    fn types_enums_and_ranges() {
        let (_, errors) = check(
            "ListActsRequest",
            json!({"workflowDefinitionName": 5, "maxResults": 0, "sortOrder": "UP"}),
        );
        let by_name = |n: &str| errors.iter().find(|e| e.name == n).unwrap().message.clone();
        assert_eq!(by_name("workflowDefinitionName"), "Member must be a string");
        assert_eq!(
            by_name("maxResults"),
            "Member must have value greater than or equal to 1"
        );
        assert!(by_name("sortOrder").contains("[Ascending, Descending]"));
    }

    #[test]
    fn normalizes_to_member_names_and_drops_unknown_fields() {
        let (out, errors) = check(
            "UpdateActRequest",
            json!({
                "workflowDefinitionName": "wf",
                "workflowRunId": "0f0e0d0c-0b0a-4998-8776-655443322110",
                "sessionId": "0f0e0d0c-0b0a-4998-8776-655443322110",
                "actId": "0f0e0d0c-0b0a-4998-8776-655443322110",
                "status": "FAILED",
                "error": {"message": "boom", "extra": 1},
                "unknown": true
            }),
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(out["error"], json!({"message": "boom"}));
        assert!(out.get("unknown").is_none());
    }

    #[test]
    fn union_needs_exactly_one_member() {
        let (_, errors) = check(
            "InvokeActStepRequest",
            json!({
                "workflowDefinitionName": "wf",
                "workflowRunId": "0f0e0d0c-0b0a-4998-8776-655443322110",
                "sessionId": "0f0e0d0c-0b0a-4998-8776-655443322110",
                "actId": "0f0e0d0c-0b0a-4998-8776-655443322110",
                "callResults": [{"content": [{}]}]
            }),
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].name, "callResults[0].content[0]");
    }
}
