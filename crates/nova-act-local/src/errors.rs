//! Service errors, as the handlers raise them.
//!
//! An [`ApiError`] names an error type and carries its members keyed by model member name.
//! When the type is an error shape of the model (`ValidationException`,
//! `ResourceNotFoundException`, ...), the protocol layer takes the HTTP status from the shape's
//! `@httpError` trait and writes the members through the shape (JSON names, `@httpHeader`
//! members such as `Retry-After`). Other types (authentication, routing and framing errors,
//! which AWS answers before the service's own code runs) carry an explicit status.

use serde_json::{json, Map, Value};

/// One rejected input field of a `ValidationException`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Path of the field, e.g. `toolSpecs[0].name`.
    pub name: String,
    /// What is wrong with it.
    pub message: String,
}

impl FieldError {
    /// A field error.
    pub fn new(name: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            name: name.into(),
            message: message.into(),
        }
    }
}

/// An error answer.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// Status for errors that are not modeled shapes; modeled errors use `@httpError`.
    pub status: u16,
    /// The error type, sent in `x-amzn-ErrorType`.
    pub code: String,
    /// Members keyed by model member name (`message` first of all). Boxed to keep `Result`s
    /// that carry an `ApiError` small.
    pub members: Box<Map<String, Value>>,
    /// Extra response headers (beyond those bound by the model).
    pub headers: Vec<(String, String)>,
}

/// Kinds of resource named in `resourceType`.
pub mod resource {
    /// A workflow definition.
    pub const WORKFLOW_DEFINITION: &str = "WorkflowDefinition";
    /// A workflow run.
    pub const WORKFLOW_RUN: &str = "WorkflowRun";
    /// A session.
    pub const SESSION: &str = "Session";
    /// An act.
    pub const ACT: &str = "Act";
}

impl ApiError {
    /// An error with a type, a status and a message.
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        let mut members = Map::new();
        members.insert("message".into(), Value::String(message.into()));
        ApiError {
            status,
            code: code.to_string(),
            members: Box::new(members),
            headers: Vec::new(),
        }
    }

    /// Adds a member.
    pub fn with(mut self, member: &str, value: impl Into<Value>) -> Self {
        self.members.insert(member.to_string(), value.into());
        self
    }

    /// Adds a response header.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// The message member.
    pub fn message(&self) -> &str {
        self.members
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// `ValidationException` with reason `FieldValidationFailed` listing every bad field.
    pub fn fields(errors: Vec<FieldError>) -> Self {
        let summary = errors
            .iter()
            .map(|e| {
                format!(
                    "Value at '{}' failed to satisfy constraint: {}",
                    e.name, e.message
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let count = errors.len();
        let noun = if count == 1 { "error" } else { "errors" };
        let list: Vec<Value> = errors
            .into_iter()
            .map(|e| json!({"name": e.name, "message": e.message}))
            .collect();
        ApiError::new(
            400,
            "ValidationException",
            format!("{count} validation {noun} detected: {summary}"),
        )
        .with("reason", "FieldValidationFailed")
        .with("fieldList", list)
    }

    /// `ValidationException` for one field.
    pub fn field(name: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::fields(vec![FieldError::new(name, message)])
    }

    /// `ValidationException` with reason `InvalidStatus`.
    pub fn invalid_status(message: impl Into<String>) -> Self {
        ApiError::new(400, "ValidationException", message).with("reason", "InvalidStatus")
    }

    /// `ResourceNotFoundException`.
    pub fn not_found(resource_type: &str, resource_id: &str) -> Self {
        ApiError::new(
            404,
            "ResourceNotFoundException",
            format!("{resource_type} {resource_id} was not found"),
        )
        .with("resourceId", resource_id)
        .with("resourceType", resource_type)
    }

    /// `ConflictException`.
    pub fn conflict(resource_type: &str, resource_id: &str, message: impl Into<String>) -> Self {
        ApiError::new(409, "ConflictException", message)
            .with("resourceId", resource_id)
            .with("resourceType", resource_type)
    }

    /// `ThrottlingException` asking the caller to wait `retry_after` seconds.
    pub fn throttling(retry_after: u32) -> Self {
        ApiError::new(429, "ThrottlingException", "Rate exceeded")
            .with("serviceCode", "nova-act")
            .with("quotaCode", "emulated-request-rate")
            .with("retryAfterSeconds", retry_after)
    }

    /// `InternalServerException`.
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(500, "InternalServerException", message).with("retryAfterSeconds", 1)
    }

    /// `SerializationException`: the body could not be read as the operation's input.
    pub fn serialization(message: impl Into<String>) -> Self {
        ApiError::new(400, "SerializationException", message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_are_summarised_in_the_message() {
        let err = ApiError::fields(vec![
            FieldError::new("name", "Member must not be null"),
            FieldError::new(
                "toolSpecs[0].name",
                "Member must have length less than or equal to 64",
            ),
        ]);
        assert_eq!(err.code, "ValidationException");
        assert!(err.message().starts_with("2 validation errors detected: "));
        assert!(err.message().contains("'toolSpecs[0].name'"));
        assert_eq!(err.members["reason"], "FieldValidationFailed");
        assert_eq!(err.members["fieldList"][1]["name"], "toolSpecs[0].name");
    }
}
