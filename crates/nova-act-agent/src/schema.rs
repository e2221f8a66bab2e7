//! JSON Schemas of typed answers and tool inputs, and the checking of answers.
//!
//! The service has no field for an answer's schema: it travels in the task text, as the
//! suffix `, format output with jsonschema: <schema as JSON>`. The answer comes back as text;
//! it is parsed as JSON (an answer to a plain string schema may also be bare text) and
//! checked against the schema (Draft 7, as the official Python SDK checks it).

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::Value;

use crate::result_text::json_text;

/// What goes between the task and the schema in the task text.
pub(crate) const SCHEMA_SUFFIX: &str = ", format output with jsonschema: ";

/// The schema of a plain string answer.
pub fn string_schema() -> Value {
    serde_json::json!({"type": "string"})
}

/// The schema of a yes/no answer.
pub fn bool_schema() -> Value {
    serde_json::json!({"type": "boolean"})
}

/// The Draft 7 JSON Schema of `T`, without the `$schema` and top-level `title` keywords
/// (the type's Rust name tells the model nothing). `bool` gives `{"type": "boolean"}` and
/// `String` gives `{"type": "string"}`, as the Python SDK's own constants.
pub fn schema_of<T: JsonSchema>() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    if let Some(object) = schema.as_object_mut() {
        object.remove("$schema");
        object.remove("title");
    }
    schema
}

/// The task text with the schema appended, as the service expects it.
pub(crate) fn task_with_schema(task: &str, schema: &Value) -> String {
    // Python's json.dumps, so the prompt is byte for byte the official client's.
    let schema_text = json_text(schema).unwrap_or_else(|_| schema.to_string());
    format!("{task}{SCHEMA_SUFFIX}{schema_text}")
}

/// Why an answer does not fit its schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AnswerProblem {
    /// The schema itself is not a valid JSON Schema.
    BadSchema(String),
    /// The answer is not JSON.
    NotJson(String),
    /// The answer breaks the schema: one line per violation, with its location.
    Mismatch(Vec<String>),
}

/// Checks a schema before the act starts.
pub(crate) fn check_schema(schema: &Value) -> Result<(), String> {
    jsonschema::draft7::new(schema)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Parses `answer` and checks it against `schema`.
pub(crate) fn check_answer(answer: &str, schema: &Value) -> Result<Value, AnswerProblem> {
    let validator =
        jsonschema::draft7::new(schema).map_err(|e| AnswerProblem::BadSchema(e.to_string()))?;
    let value = match serde_json::from_str::<Value>(answer) {
        Ok(value) => value,
        // A plain string schema accepts a bare text answer.
        Err(_) if schema == &string_schema() => Value::String(answer.to_owned()),
        Err(e) => return Err(AnswerProblem::NotJson(e.to_string())),
    };
    let problems: Vec<String> = validator
        .iter_errors(&value)
        .map(|error| {
            let at = error.instance_path().to_string();
            if at.is_empty() {
                format!("{error}")
            } else {
                format!("at {at}: {error}")
            }
        })
        .collect();
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(AnswerProblem::Mismatch(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(JsonSchema)]
    #[allow(dead_code)]
    struct Fare {
        destination: String,
        euros: u32,
    }

    #[test]
    fn plain_types_give_the_python_constants() {
        assert_eq!(schema_of::<bool>(), bool_schema());
        assert_eq!(schema_of::<String>(), string_schema());
        let fare = schema_of::<Fare>();
        assert_eq!(fare["type"], "object");
        assert_eq!(fare["required"], json!(["destination", "euros"]));
        assert!(fare.get("$schema").is_none() && fare.get("title").is_none());
    }

    #[test]
    fn the_schema_goes_in_the_task_as_json_dumps_writes_it() {
        assert_eq!(
            task_with_schema("Is it cheap?", &bool_schema()),
            r#"Is it cheap?, format output with jsonschema: {"type": "boolean"}"#
        );
    }

    #[test]
    fn answers_are_parsed_and_checked() {
        let object = json!({
            "type": "object",
            "properties": {"euros": {"type": "integer"}},
            "required": ["euros"],
        });
        let cases: [(&str, Value, Result<Value, &str>); 7] = [
            ("true", bool_schema(), Ok(json!(true))),
            ("\"text\"", string_schema(), Ok(json!("text"))),
            ("bare text", string_schema(), Ok(json!("bare text"))),
            ("yes", bool_schema(), Err("not JSON")),
            ("\"true\"", bool_schema(), Err("is not of type \"boolean\"")),
            (
                r#"{"euros": 129}"#,
                object.clone(),
                Ok(json!({"euros": 129})),
            ),
            (
                r#"{"euros": "129"}"#,
                object,
                Err("at /euros: \"129\" is not of type \"integer\""),
            ),
        ];
        for (answer, schema, want) in cases {
            let got = check_answer(answer, &schema);
            match (got, want) {
                (Ok(value), Ok(expected)) => assert_eq!(value, expected, "{answer}"),
                (Err(AnswerProblem::NotJson(_)), Err("not JSON")) => {}
                (Err(AnswerProblem::Mismatch(problems)), Err(expected)) => {
                    assert!(
                        problems.join("; ").contains(expected),
                        "{answer}: {problems:?}"
                    )
                }
                (got, want) => panic!("{answer}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn bad_schemas_are_named() {
        assert!(check_schema(&json!({"type": "no-such-type"})).is_err());
        assert!(check_schema(&bool_schema()).is_ok());
    }
}
