//! Values kept when the service sends something newer than the model (unknown enum values),
//! idempotency tokens, and the text printed in place of sensitive values.

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

/// Generates a fresh idempotency token (a random UUID v4).
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Where a client's idempotency tokens come from: a fresh random UUID v4 each time (the
/// default), or one fixed token (for tests: `"00000000-0000-4000-8000-000000000000".into()`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IdempotencyTokenProvider {
    fixed: Option<&'static str>,
}

impl IdempotencyTokenProvider {
    /// Fresh random tokens.
    pub fn random() -> Self {
        Self { fixed: None }
    }

    /// Always `token`.
    pub fn fixed(token: &'static str) -> Self {
        Self { fixed: Some(token) }
    }

    /// The next token.
    pub fn make_idempotency_token(&self) -> String {
        match self.fixed {
            Some(token) => token.to_owned(),
            None => idempotency_token(),
        }
    }
}

impl From<&'static str> for IdempotencyTokenProvider {
    fn from(token: &'static str) -> Self {
        Self::fixed(token)
    }
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
    fn token_providers_give_fixed_or_fresh_tokens() {
        let fixed = IdempotencyTokenProvider::from("00000000-0000-4000-8000-000000000000");
        assert_eq!(
            fixed.make_idempotency_token(),
            "00000000-0000-4000-8000-000000000000"
        );
        let random = IdempotencyTokenProvider::random();
        assert_ne!(
            random.make_idempotency_token(),
            random.make_idempotency_token()
        );
    }
}
