//! Enums: conversions from strings, `try_parse`, `values()`, `as_str`, ordering, and values
//! newer than the crate.

use aws_sdk_novaact::types::{SortOrder, WorkflowRunStatus};

use super::{BoxError, Env, Transcript};

pub async fn run(_env: &Env) -> Result<Transcript, BoxError> {
    let mut transcript = Transcript::new();
    transcript.push(format!("values: {:?}", WorkflowRunStatus::values()));
    transcript.push(format!("sort values: {:?}", SortOrder::values()));
    let parsed = WorkflowRunStatus::from("RUNNING");
    transcript.push(format!("from RUNNING: {} {:?}", parsed.as_str(), parsed));
    transcript.push(format!(
        "try_parse FAILED: {:?}",
        WorkflowRunStatus::try_parse("FAILED").map(|s| s.to_string())
    ));
    transcript.push(format!(
        "try_parse PAUSED: {:?}",
        WorkflowRunStatus::try_parse("PAUSED").map_err(|e| e.to_string())
    ));
    let newer: WorkflowRunStatus = "PAUSED".parse().expect("infallible");
    transcript.push(format!("newer value kept: {}", newer.as_str()));
    let mut statuses = vec![
        WorkflowRunStatus::TimedOut,
        WorkflowRunStatus::Running,
        WorkflowRunStatus::Deleting,
        WorkflowRunStatus::Succeeded,
        WorkflowRunStatus::Failed,
    ];
    statuses.sort();
    transcript.push(format!("sorted: {statuses:?}"));
    transcript.push(format!("ascending: {}", SortOrder::Asc.as_str()));
    let label = match WorkflowRunStatus::from("SUCCEEDED") {
        WorkflowRunStatus::Succeeded => "done",
        other if other.as_str() == "PAUSED" => "paused",
        _ => "other",
    };
    transcript.push(format!("matched: {label}"));
    Ok(transcript)
}
