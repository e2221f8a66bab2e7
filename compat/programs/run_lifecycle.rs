//! Workflow runs and definitions from start to deletion: listing with filters and sort
//! order, updating a run's status, deleting, and reading what a deleted resource answers.

use aws_sdk_novaact::types::{ClientInfo, SortOrder, WorkflowRunStatus};

use super::{client, BoxError, Env, Transcript};

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let client = client(env);
    let mut transcript = Transcript::new();
    let definition = "compat-lifecycle";
    let created = client
        .create_workflow_definition()
        .name(definition)
        .description("runs from start to deletion")
        .send()
        .await?;
    transcript.push(format!("definition: {}", created.status().as_str()));
    let mut runs = Vec::new();
    for _ in 0..3 {
        let run = client
            .create_workflow_run()
            .workflow_definition_name(definition)
            .model_id("nova-act-latest")
            .client_info(
                ClientInfo::builder()
                    .compatibility_version(1)
                    .sdk_version("compat")
                    .build()?,
            )
            .send()
            .await?;
        runs.push(run.workflow_run_id().to_string());
    }
    client
        .update_workflow_run()
        .workflow_definition_name(definition)
        .workflow_run_id(&runs[0])
        .status(WorkflowRunStatus::Succeeded)
        .send()
        .await?;
    let running = client
        .list_workflow_runs()
        .workflow_definition_name(definition)
        .sort_order(SortOrder::Desc)
        .send()
        .await?;
    let statuses: Vec<&str> = running
        .workflow_run_summaries()
        .iter()
        .map(|r| r.status().as_str())
        .collect();
    transcript.push(format!("runs: {statuses:?}"));
    let got = client
        .get_workflow_run()
        .workflow_definition_name(definition)
        .workflow_run_id(&runs[0])
        .send()
        .await?;
    transcript.push(format!(
        "first run: {} ended {}",
        got.status().as_str(),
        got.ended_at().is_some()
    ));
    let deleted = client
        .delete_workflow_run()
        .workflow_definition_name(definition)
        .workflow_run_id(&runs[1])
        .send()
        .await?;
    transcript.push(format!("deleted run: {}", deleted.status().as_str()));
    let after = client
        .get_workflow_run()
        .workflow_definition_name(definition)
        .workflow_run_id(&runs[1])
        .send()
        .await;
    transcript.push(format!(
        "deleted run read: {}",
        match after {
            Ok(run) => format!("ok {}", run.status().as_str()),
            Err(err) => format!(
                "not found {}",
                err.into_service_error().is_resource_not_found_exception()
            ),
        }
    ));
    let definition_deleted = client
        .delete_workflow_definition()
        .workflow_definition_name(definition)
        .send()
        .await;
    transcript.push(format!(
        "delete definition with runs: {}",
        match definition_deleted {
            Ok(out) => format!("ok {}", out.status().as_str()),
            Err(err) => format!(
                "{:?}",
                aws_sdk_novaact::error::ProvideErrorMetadata::code(&err)
            ),
        }
    ));
    Ok(transcript)
}
