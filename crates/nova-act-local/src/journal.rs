//! The request journal: what each request asked and what the emulator answered, kept in
//! memory for tests of clients (see [`crate::Builder::journal`] and [`crate::Server::journal`]).
//!
//! An entry is kept for every authenticated request that reached routing and named an
//! operation: requests refused before (authentication, body size or time limits) or that
//! match no route (404 `UnknownOperationException`, 405 `MethodNotAllowedException`) are not
//! journaled. Requests answered with an injected fault (throttling, internal error) are, with
//! that answer; so are requests refused by validation.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde_json::Value;

use crate::protocol::Encoded;

/// One request and its answer.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalEntry {
    /// The `x-amzn-RequestId` of the answer.
    pub request_id: String,
    /// The Smithy operation, e.g. `InvokeActStep`.
    pub operation: String,
    /// Path labels, percent-decoded: `workflowDefinitionName`, `workflowRunId`,
    /// `sessionId`, `actId`.
    pub labels: BTreeMap<String, String>,
    /// Query parameters, decoded, in the order sent (`maxResults`, `nextToken`, ...).
    pub query: Vec<(String, String)>,
    /// The request body as JSON: `Value::Null` when empty; a JSON string holding the text
    /// when it is not JSON (such requests are answered `SerializationException`).
    pub body: Value,
    /// The HTTP status answered.
    pub status: u16,
    /// `x-amzn-ErrorType` of an error answer.
    pub error_type: Option<String>,
    /// The response body as JSON (members bound to headers, such as `Retry-After`, are not
    /// in it).
    pub response: Value,
    /// Whether fault injection broke the connection off half-way through the answer (the
    /// operation was carried out; `response` is the whole answer the client did not get).
    pub connection_dropped: bool,
}

/// The entries of one server, in the order they were answered. Cheap to share between
/// connections.
#[derive(Debug, Default)]
pub struct Journal {
    entries: Mutex<Vec<JournalEntry>>,
}

impl Journal {
    /// An empty journal.
    pub fn new() -> Self {
        Journal::default()
    }

    /// Adds an entry.
    pub fn record(&self, entry: JournalEntry) {
        self.lock().push(entry);
    }

    /// A copy of the entries, in the order they were answered.
    pub fn entries(&self) -> Vec<JournalEntry> {
        self.lock().clone()
    }

    /// Forgets every entry.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<JournalEntry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A request body as the journal keeps it: parsed JSON, `Null` when empty, else its text.
pub fn body_value(body: &[u8]) -> Value {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Value::Null;
    }
    serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}

/// The parts of an entry that come from the answer: status, error type and body.
pub fn answer_parts(encoded: &Encoded) -> (u16, Option<String>, Value) {
    let error_type = encoded
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("x-amzn-errortype"))
        .map(|(_, value)| value.clone());
    let response = if encoded.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&encoded.body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&encoded.body).into_owned()))
    };
    (encoded.status, error_type, response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bodies_and_answers_are_kept_as_json() {
        assert_eq!(body_value(b""), Value::Null);
        assert_eq!(body_value(b" \n"), Value::Null);
        assert_eq!(body_value(br#"{"a":1}"#), json!({"a": 1}));
        assert_eq!(body_value(b"{nope"), json!("{nope"));
        let encoded = Encoded {
            status: 429,
            headers: vec![("x-amzn-errortype".into(), "ThrottlingException".into())],
            body: br#"{"message":"Rate exceeded"}"#.to_vec(),
        };
        assert_eq!(
            answer_parts(&encoded),
            (
                429,
                Some("ThrottlingException".into()),
                json!({"message": "Rate exceeded"})
            )
        );
        let journal = Journal::new();
        let entry = JournalEntry {
            request_id: "r".into(),
            operation: "ListModels".into(),
            labels: BTreeMap::new(),
            query: Vec::new(),
            body: Value::Null,
            status: 200,
            error_type: None,
            response: json!({}),
            connection_dropped: false,
        };
        journal.record(entry.clone());
        assert_eq!(journal.entries(), vec![entry]);
        journal.clear();
        assert!(journal.entries().is_empty());
    }
}
