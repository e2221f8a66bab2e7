//! User tools: functions the model can call by name.
//!
//! A tool is declared to the service in `CreateAct`'s `toolSpecs` (name, description, input
//! JSON Schema) and called with an object input. Its value goes back to the model as the
//! JSON text of what the function returned. When the function fails, the act fails with
//! [`Error::Tool`](crate::Error::Tool), unless the tool is made with
//! [`Tool::errors_to_model`]: then the model reads `"<Type>: <message>"` and can try again.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use futures_util::FutureExt as _;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::calls::names;
use crate::schema::schema_of;

type Handler = dyn Fn(Value) -> BoxFuture<'static, Result<Value, ToolError>> + Send + Sync;

/// A tool the model can call.
#[derive(Clone)]
pub struct Tool {
    name: String,
    description: String,
    input_schema: Value,
    errors_to_model: bool,
    handler: Arc<Handler>,
}

impl fmt::Debug for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tool")
            .field("name", &self.name)
            .field("errors_to_model", &self.errors_to_model)
            .finish_non_exhaustive()
    }
}

/// Why a tool definition was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidTool {
    /// The tool's name as given.
    pub name: String,
    /// What is wrong.
    pub problem: String,
}

impl fmt::Display for InvalidTool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid tool {:?}: {}", self.name, self.problem)
    }
}

impl std::error::Error for InvalidTool {}

impl Tool {
    /// A tool over JSON values: `input_schema` is the JSON Schema of its input object, and
    /// `function` gets the input as the model sent it.
    ///
    /// The name is 1–64 letters, digits, `_` or `-` and may not be a built-in call's; the
    /// description is 1–10000 characters; the schema is a JSON object.
    pub fn new<F, Fut, T, E>(
        name: impl Into<String>,
        description: impl Into<String>,
        input_schema: Value,
        function: F,
    ) -> Result<Tool, InvalidTool>
    where
        F: Fn(Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
        T: Serialize,
        E: Into<ToolError>,
    {
        let handler = move |input: Value| {
            function(input)
                .map(|outcome| match outcome {
                    Ok(value) => serde_json::to_value(value).map_err(|e| {
                        ToolError::new("SerializationError", format!("the tool's value: {e}"))
                    }),
                    Err(e) => Err(e.into()),
                })
                .boxed()
        };
        Tool::from_parts(
            name.into(),
            description.into(),
            input_schema,
            Arc::new(handler),
        )
    }

    /// A tool whose input is a Rust type: the schema is derived from `I` (schemars) and
    /// `function` gets the input deserialized. An input that does not deserialize into `I` is
    /// a tool error of type `ValidationError`.
    pub fn typed<I, F, Fut, T, E>(
        name: impl Into<String>,
        description: impl Into<String>,
        function: F,
    ) -> Result<Tool, InvalidTool>
    where
        I: DeserializeOwned + JsonSchema + Send + 'static,
        F: Fn(I) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
        T: Serialize,
        E: Into<ToolError>,
    {
        let function = Arc::new(function);
        Tool::new(name, description, schema_of::<I>(), move |input: Value| {
            let function = Arc::clone(&function);
            async move {
                let input: I = serde_json::from_value(input).map_err(|e| {
                    ToolError::new("ValidationError", format!("the tool's input: {e}"))
                })?;
                function(input).await.map_err(Into::into)
            }
        })
    }

    fn from_parts(
        name: String,
        description: String,
        input_schema: Value,
        handler: Arc<Handler>,
    ) -> Result<Tool, InvalidTool> {
        let invalid = |problem: String| InvalidTool {
            name: name.clone(),
            problem,
        };
        if name.is_empty()
            || name.len() > 64
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(invalid(
                "a name is 1 to 64 letters, digits, '_' or '-'".to_owned(),
            ));
        }
        if names::RESERVED.contains(&name.as_str()) {
            return Err(invalid(format!(
                "{name} is a built-in call of the protocol; choose another name"
            )));
        }
        let length = description.chars().count();
        if !(1..=10_000).contains(&length) {
            return Err(invalid(format!(
                "a description is 1 to 10000 characters, this one has {length}"
            )));
        }
        if !input_schema.is_object() {
            return Err(invalid(format!(
                "the input schema must be a JSON object, got {input_schema}"
            )));
        }
        Ok(Tool {
            name,
            description,
            input_schema,
            errors_to_model: false,
            handler,
        })
    }

    /// Sends this tool's errors back to the model as `"<Type>: <message>"` instead of failing
    /// the act, so the model can correct its input and call again.
    pub fn errors_to_model(mut self, yes: bool) -> Self {
        self.errors_to_model = yes;
        self
    }

    /// The name the model calls it by.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The description the model reads.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The JSON Schema of its input.
    pub fn input_schema(&self) -> &Value {
        &self.input_schema
    }

    pub(crate) fn reports_errors_to_model(&self) -> bool {
        self.errors_to_model
    }

    pub(crate) fn call(&self, input: Value) -> BoxFuture<'static, Result<Value, ToolError>> {
        (self.handler)(input)
    }
}

/// A tool's failure: a type name and a message, as the model reads it
/// (`"<Type>: <message>"`).
///
/// Any error converts into it (the type name is the error's Rust type name without its path,
/// as the Python SDK uses the exception's class name); so does a string, as type
/// `ToolError`.
pub struct ToolError {
    kind: String,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl ToolError {
    /// A failure of type `kind` with `message`.
    pub fn new(kind: impl Into<String>, message: impl Into<String>) -> Self {
        ToolError {
            kind: kind.into(),
            message: message.into(),
            source: None,
        }
    }

    /// The type name, such as `ValueError` or `ParseIntError`.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error the tool returned, when it returned one.
    pub fn source(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.source.as_deref()
    }
}

impl fmt::Debug for ToolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ToolError")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .finish()
    }
}

impl fmt::Display for ToolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl<E> From<E> for ToolError
where
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn from(error: E) -> Self {
        let full = std::any::type_name::<E>();
        let kind = match full {
            // Plain text, or an error already boxed: no type name to tell.
            "&str" | "alloc::string::String" => "ToolError",
            _ if full.starts_with("alloc::boxed::Box<") => "ToolError",
            // `core::num::error::ParseIntError` -> `ParseIntError`.
            _ => {
                let base = full.split('<').next().unwrap_or(full);
                base.rsplit("::").next().unwrap_or(base)
            }
        };
        let source = error.into();
        ToolError {
            kind: kind.to_owned(),
            message: source.to_string(),
            source: Some(source),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn echo(name: &str, description: &str, schema: Value) -> Result<Tool, InvalidTool> {
        Tool::new(name, description, schema, |input: Value| async move {
            Ok::<_, ToolError>(input)
        })
    }

    #[test]
    fn refuses_bad_definitions() {
        let long = "x".repeat(10_001);
        let cases = [
            ("", "d", json!({}), "1 to 64"),
            ("has space", "d", json!({}), "1 to 64"),
            ("tool.x", "d", json!({}), "1 to 64"),
            (&*"a".repeat(65), "d", json!({}), "1 to 64"),
            ("agentClick", "d", json!({}), "built-in"),
            ("human_Approve", "d", json!({}), "built-in"),
            ("ok", "", json!({}), "1 to 10000"),
            ("ok", long.as_str(), json!({}), "1 to 10000"),
            ("ok", "d", json!("string"), "JSON object"),
        ];
        for (name, description, schema, problem) in cases {
            let err = echo(name, description, schema).unwrap_err();
            assert!(err.problem.contains(problem), "{name:?}: {err}");
        }
        assert!(echo("lookup_fare-2", "d", json!({"type": "object"})).is_ok());
    }

    #[derive(serde::Deserialize, JsonSchema)]
    struct Query {
        /// An airport code.
        destination: String,
    }

    #[tokio::test]
    async fn typed_tools_get_their_type_and_derive_a_schema() {
        let tool = Tool::typed("fare", "Looks up a fare", |q: Query| async move {
            match q.destination.as_str() {
                "LIS" => Ok("129 EUR".to_owned()),
                other => Err(ToolError::new(
                    "LookupError",
                    format!("no fare for {other}"),
                )),
            }
        })
        .unwrap();
        assert_eq!(tool.input_schema()["type"], "object");
        assert_eq!(tool.input_schema()["required"], json!(["destination"]));
        assert_eq!(
            tool.input_schema()["properties"]["destination"]["description"],
            "An airport code."
        );
        assert_eq!(
            tool.call(json!({"destination": "LIS"})).await.unwrap(),
            json!("129 EUR")
        );
        let err = tool.call(json!({"destination": "ATL"})).await.unwrap_err();
        assert_eq!(err.to_string(), "LookupError: no fare for ATL");
        let err = tool.call(json!({"dest": 1})).await.unwrap_err();
        assert_eq!(err.kind(), "ValidationError");
        assert!(err.message().contains("destination"), "{err}");
    }

    #[test]
    fn errors_convert_with_their_type_name() {
        let parse: ToolError = "x".parse::<i32>().unwrap_err().into();
        assert_eq!(parse.kind(), "ParseIntError");
        assert!(parse.source().is_some());
        let text: ToolError = "plain".into();
        assert_eq!(text.to_string(), "ToolError: plain");
    }
}
