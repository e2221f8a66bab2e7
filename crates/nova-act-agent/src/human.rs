//! A human in the loop: approvals and browser take-overs.
//!
//! The model can ask a person two things, as tool calls: `human_Approve` (before a purchase,
//! a checkout or a sensitive submission) and `human_UiTakeover` (to log in, solve a captcha
//! or enter sensitive data by hand). A session declares these tools to the service only when
//! it is given a [`HumanInput`]; the answers go back to the model as `"yes"` and
//! `"complete"`. A cancel fails the act with [`Error::HumanCanceled`](crate::Error).
//!
//! [`ConsoleHuman`] asks on the terminal; implement [`HumanInput`] for anything else (a chat
//! message, a web form, a queue).

use async_trait::async_trait;
use serde_json::{json, Value};

use crate::calls::names;

/// A person's answer to an approval request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approval {
    /// Go ahead: the model reads `"yes"`.
    Yes,
    /// Stop: the act fails.
    Cancel,
}

/// A person's answer after taking over the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiTakeover {
    /// Done; the model reads `"complete"` and carries on.
    Complete,
    /// Stop: the act fails.
    Cancel,
}

/// Asks a person.
#[async_trait]
pub trait HumanInput: Send + Sync {
    /// The model asks for approval; `message` says what of.
    async fn approve(&self, message: &str) -> Approval;

    /// The model asks the person to act in the browser (log in, solve a captcha) and say
    /// when done; `message` says what to do.
    async fn ui_takeover(&self, message: &str) -> UiTakeover;
}

/// Asks on the terminal: prints the request on standard error and reads the answer from
/// standard input (`y` approves, `d` says a take-over is done, anything else cancels).
#[derive(Debug, Clone, Copy, Default)]
pub struct ConsoleHuman;

#[async_trait]
impl HumanInput for ConsoleHuman {
    async fn approve(&self, message: &str) -> Approval {
        let prompt = format!("The agent asks for approval: {message}\nApprove? [y/N] ");
        approval_from(ask(&prompt).await.as_deref())
    }

    async fn ui_takeover(&self, message: &str) -> UiTakeover {
        let prompt = format!(
            "The agent hands the browser over to you: {message}\n\
             Type d and Enter when done, anything else to cancel: "
        );
        takeover_from(ask(&prompt).await.as_deref())
    }
}

/// `y` or `yes` (any case) approves; anything else, or no answer, cancels.
fn approval_from(answer: Option<&str>) -> Approval {
    match answer {
        Some(a) if a.eq_ignore_ascii_case("y") || a.eq_ignore_ascii_case("yes") => Approval::Yes,
        _ => Approval::Cancel,
    }
}

/// `d` or `done` (any case) completes; anything else, or no answer, cancels.
fn takeover_from(answer: Option<&str>) -> UiTakeover {
    match answer {
        Some(a) if a.eq_ignore_ascii_case("d") || a.eq_ignore_ascii_case("done") => {
            UiTakeover::Complete
        }
        _ => UiTakeover::Cancel,
    }
}

/// Prints `prompt` and reads one line; `None` at end of input or on a read error.
async fn ask(prompt: &str) -> Option<String> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    let mut stderr = tokio::io::stderr();
    stderr.write_all(prompt.as_bytes()).await.ok()?;
    stderr.flush().await.ok()?;
    let mut line = String::new();
    let read = tokio::io::BufReader::new(tokio::io::stdin())
        .read_line(&mut line)
        .await
        .ok()?;
    (read > 0).then(|| line.trim().to_owned())
}

/// An input schema with one string member, `message`, described by `description`.
fn message_schema(description: &str) -> Value {
    json!({
        "type": "object",
        "properties": {"message": {"type": "string", "description": description}},
        "required": ["message"],
    })
}

/// The tool specs declared when a session has a [`HumanInput`] (name, description, input
/// schema), in the order the official Python SDK declares them. The texts are the ones that
/// SDK sends: the model is trained on them.
pub(crate) fn tool_specs() -> [(&'static str, &'static str, Value); 2] {
    [
        (
            names::HUMAN_UI_TAKEOVER,
            "Use this tool to request the human to take over the UI to complete a step, such \
             as logging in, captcha, or filling sensitive information.",
            message_schema("clear instructions on what actions need to be completed by the human"),
        ),
        (
            names::HUMAN_APPROVE,
            "Use this tool to request human approval to complete tasks such as financial \
             transactions, cart checkout or sensitive form submissions when the task requires \
             it.",
            message_schema("clear instructions to the human on what needs to be approved"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_answers() {
        let approvals = [
            (Some("y"), Approval::Yes),
            (Some("YES"), Approval::Yes),
            (Some("n"), Approval::Cancel),
            (Some(""), Approval::Cancel),
            (None, Approval::Cancel),
        ];
        for (answer, want) in approvals {
            assert_eq!(approval_from(answer), want, "{answer:?}");
        }
        let takeovers = [
            (Some("d"), UiTakeover::Complete),
            (Some("Done"), UiTakeover::Complete),
            (Some("y"), UiTakeover::Cancel),
            (None, UiTakeover::Cancel),
        ];
        for (answer, want) in takeovers {
            assert_eq!(takeover_from(answer), want, "{answer:?}");
        }
    }

    #[test]
    fn tools_are_declared_as_the_python_sdk_declares_them() {
        let names: Vec<&str> = tool_specs().iter().map(|(name, _, _)| *name).collect();
        assert_eq!(names, ["human_UiTakeover", "human_Approve"]);
        for (_, description, schema) in tool_specs() {
            assert!(!description.contains("  "), "{description}");
            assert_eq!(schema["required"], json!(["message"]));
        }
    }
}
