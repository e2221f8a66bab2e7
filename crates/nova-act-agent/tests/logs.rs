//! Nothing sensitive (task text, tool inputs, screenshots) is logged above DEBUG.
//!
//! The only test of this binary: it installs a global subscriber, which sees every thread.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use nova_act_agent::{Tool, ToolError};
use serde_json::{json, Value};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer as _;

const SCENARIO: &str = r#"
rules:
  - task: "^secret-task"
    steps:
      - calls: [ { name: lookup, input: { code: "secret-tool-input-4d2a" } } ]
      - return: "{{result.0}}"
"#;

/// Captures formatted log lines of this crate's targets, with their level.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn nothing_sensitive_is_logged_above_debug() {
    let emulator = common::start(SCENARIO).await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::registry().with(
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .with_filter(
                tracing_subscriber::filter::Targets::new()
                    .with_target("nova_act_agent", tracing::Level::TRACE),
            ),
    );
    subscriber.init();

    let tool = Tool::new(
        "lookup",
        "Looks a code up.",
        json!({"type": "object"}),
        |input: Value| async move {
            Ok::<_, ToolError>(format!(
                "found {}",
                input["code"].as_str().unwrap_or_default()
            ))
        },
    )
    .unwrap();
    let answer = emulator
        .workflow()
        .run(|workflow| async move {
            let session = workflow.session().tool(tool).start().await?;
            session.act("secret-task-91f3").await
        })
        .await
        .unwrap()
        .answer;
    assert_eq!(answer, "found secret-tool-input-4d2a");

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let at = |levels: &[&str]| -> Vec<&str> {
        lines
            .iter()
            .copied()
            .filter(|line| levels.iter().any(|level| line.contains(level)))
            .collect()
    };
    let above_debug = at(&[" INFO ", " WARN ", " ERROR "]);
    let debug = at(&[" DEBUG ", " TRACE "]);
    assert!(
        above_debug.iter().any(|l| l.contains("act started")),
        "the capture works: {text}"
    );
    for secret in [
        "secret-task-91f3",
        "secret-tool-input-4d2a",
        "screenshotBase64",
    ] {
        for line in &above_debug {
            assert!(
                !line.contains(secret),
                "{secret} logged above DEBUG: {line}"
            );
        }
    }
    // At DEBUG they are there, for whoever asks for them.
    assert!(
        debug.iter().any(|l| l.contains("secret-task-91f3")),
        "{text}"
    );
    assert!(
        debug.iter().any(|l| l.contains("secret-tool-input-4d2a")),
        "{text}"
    );
    assert!(!text.contains("screenshotBase64"));
}
