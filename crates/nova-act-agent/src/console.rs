//! The console log: one line per call, in the spirit of the Python SDK's output.
//!
//! ```text
//! 3f2a> act "Look up the fare to Lisbon with lookup_fare"
//! 3f2a> lookup_fare({"destination": "LIS"})
//! 3f2a>   -> "129 EUR"
//! 3f2a> return(["The fare to Lisbon is 129 EUR"])
//! 3f2a> done: The fare to Lisbon is 129 EUR
//! ```
//!
//! Lines start with the last four characters of the session id, so the output of concurrent
//! sessions can be told apart. Observations are shown by their size, never their screenshot.

use serde_json::Value;

const LONGEST: usize = 200;

fn tag(session_id: &str) -> &str {
    let start = session_id.len().saturating_sub(4);
    session_id.get(start..).unwrap_or(session_id)
}

/// The act is created.
pub(crate) fn act_started(session_id: &str, act_id: &str, prompt: &str) {
    println!("{}> act {} {:?}", tag(session_id), act_id, shorten(prompt));
}

/// A call the model made.
pub(crate) fn call(session_id: &str, name: &str, input: &Value) {
    let arguments = match input {
        Value::Array(items) => items
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    println!("{}> {name}({})", tag(session_id), shorten(&arguments));
}

/// What a call gave back.
pub(crate) fn result(session_id: &str, text: &str) {
    let shown = if text.contains("\"screenshotBase64\"") {
        format!("<observation, {} bytes>", text.len())
    } else {
        shorten(text)
    };
    println!("{}>   -> {shown}", tag(session_id));
}

/// How the act ended.
pub(crate) fn act_ended(session_id: &str, outcome: Result<&str, &crate::Error>) {
    match outcome {
        Ok(answer) => println!("{}> done: {}", tag(session_id), shorten(answer)),
        Err(error) => println!(
            "{}> failed ({}): {error}",
            tag(session_id),
            error.error_type()
        ),
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= LONGEST {
        return text.to_owned();
    }
    let cut: String = text.chars().take(LONGEST).collect();
    format!("{cut}... ({} characters)", text.chars().count())
}
