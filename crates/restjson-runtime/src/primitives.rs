//! Values kept when the service sends something newer than the model: unknown enum values
//! and unknown union members.

use serde::{Serialize, Serializer};
use std::fmt;

/// A string enum value that this version of the client does not know. The value is kept
/// exactly as received, and is sent back unchanged if the enum is serialized again.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownVariantValue(String);

impl UnknownVariantValue {
    /// Wraps a received value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownVariantValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A union member that this version of the client does not know: its name and JSON value
/// are kept, and it serializes back unchanged.
#[derive(Clone, Debug, PartialEq)]
pub struct UnknownUnionMember {
    name: String,
    value: serde_json::Value,
}

impl UnknownUnionMember {
    /// Wraps a received member.
    pub fn new(name: impl Into<String>, value: serde_json::Value) -> Self {
        Self {
            name: name.into(),
            value,
        }
    }

    /// The member's name on the wire.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The member's value as received.
    pub fn value(&self) -> &serde_json::Value {
        &self.value
    }
}

impl Serialize for UnknownUnionMember {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::json::serialize_union_member(serializer, &self.name, &self.value)
    }
}

/// Generates a fresh idempotency token (a random UUID v4).
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Text printed by `Debug` in place of sensitive values.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_distinct_uuid_v4() {
        let a = idempotency_token();
        let b = idempotency_token();
        assert_ne!(a, b);
        let parsed = uuid::Uuid::parse_str(&a).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(a.len(), 36);
    }

    #[test]
    fn unknown_union_member_serializes_back() {
        let member = UnknownUnionMember::new("future", serde_json::json!({"x": 1}));
        assert_eq!(
            serde_json::to_string(&member).unwrap(),
            r#"{"future":{"x":1}}"#
        );
    }
}
