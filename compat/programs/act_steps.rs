//! An act driven by hand, as the act protocol goes: the first step with `initiateAct` and an
//! observation, then one result per call (documents read as the calls' inputs), until the
//! act returns; then the act and the run are closed.

use aws_sdk_novaact::types::{
    ActStatus, CallResult, CallResultContent, ClientInfo, ToolInputSchema, ToolSpec,
    WorkflowRunStatus,
};
use aws_smithy_types::Document;

use super::{client, BoxError, Env, Transcript};

/// A blank page's observation; the screenshot holds a JPEG's first bytes, which is all the
/// emulator checks.
const OBSERVATION: &str = r#"{"activeURL":"about:blank","browserDimensions":{"scrollHeight":813,"scrollLeft":0,"scrollTop":0,"scrollWidth":1600,"windowHeight":813,"windowWidth":1600},"idToBboxMap":{},"screenshotBase64":"data:image/jpeg;base64,/9j/4AAQ","simplifiedDOM":"","timestamp_ms":1764547200000,"userAgent":"compat Agent-NovaAct/0.9"}"#;

fn text(call_id: &str, text: &str) -> Result<CallResult, BoxError> {
    Ok(CallResult::builder()
        .call_id(call_id)
        .content(CallResultContent::Text(text.to_string()))
        .build()?)
}

fn describe(input: &Document) -> String {
    match input {
        Document::Array(items) => format!("array of {}", items.len()),
        Document::Object(members) => {
            let mut keys: Vec<&String> = members.keys().collect();
            keys.sort();
            format!("object {keys:?}")
        }
        Document::String(s) => format!("string {s:?}"),
        other => format!("{other:?}"),
    }
}

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let client = client(env);
    let mut transcript = Transcript::new();
    let definition = "compat-act";
    client
        .create_workflow_definition()
        .name(definition)
        .send()
        .await?;
    let run = client
        .create_workflow_run()
        .workflow_definition_name(definition)
        .model_id("nova-act-latest")
        .client_info(ClientInfo::builder().compatibility_version(1).build()?)
        .send()
        .await?;
    let session = client
        .create_session()
        .workflow_definition_name(definition)
        .workflow_run_id(run.workflow_run_id())
        .send()
        .await?;
    let mut schema = std::collections::HashMap::new();
    schema.insert("type".to_string(), Document::String("object".into()));
    let act = client
        .create_act()
        .workflow_definition_name(definition)
        .workflow_run_id(run.workflow_run_id())
        .session_id(session.session_id())
        .task("Look up the fare to Lisbon and return it")
        .tool_specs(
            ToolSpec::builder()
                .name("lookup_fare")
                .description("Looks up a fare")
                .input_schema(ToolInputSchema::Json(Document::Object(schema)))
                .build()?,
        )
        .send()
        .await?;

    let mut results = vec![
        text("initiateAct", "{}")?,
        text("takeObservation", OBSERVATION)?,
    ];
    let mut previous: Option<String> = None;
    let mut outcome = None;
    for _ in 0..10 {
        let step = client
            .invoke_act_step()
            .workflow_definition_name(definition)
            .workflow_run_id(run.workflow_run_id())
            .session_id(session.session_id())
            .act_id(act.act_id())
            .set_call_results(Some(std::mem::take(&mut results)))
            .set_previous_step_id(previous.clone())
            .send()
            .await?;
        for call in step.calls() {
            transcript.push(format!("call {}: {}", call.name(), describe(call.input())));
            let reply = match call.name() {
                "return" | "throw" => {
                    outcome = Some(call.name().to_string());
                    continue;
                }
                "takeObservation" => OBSERVATION.to_string(),
                "lookup_fare" => "\"129 EUR\"".to_string(),
                _ => "null".to_string(),
            };
            results.push(text(call.call_id(), &reply)?);
        }
        if outcome.is_some() {
            break;
        }
        previous = Some(step.step_id().to_string());
    }
    let status = match outcome.as_deref() {
        Some("return") => ActStatus::Succeeded,
        _ => ActStatus::Failed,
    };
    transcript.push(format!("act ends: {}", status.as_str()));
    client
        .update_act()
        .workflow_definition_name(definition)
        .workflow_run_id(run.workflow_run_id())
        .session_id(session.session_id())
        .act_id(act.act_id())
        .status(status)
        .send()
        .await?;
    client
        .update_workflow_run()
        .workflow_definition_name(definition)
        .workflow_run_id(run.workflow_run_id())
        .status(WorkflowRunStatus::Succeeded)
        .send()
        .await?;
    let acts = client
        .list_acts()
        .workflow_definition_name(definition)
        .workflow_run_id(run.workflow_run_id())
        .send()
        .await?;
    for summary in acts.act_summaries() {
        transcript.push(format!("listed act: {}", summary.status().as_str()));
    }
    Ok(transcript)
}
