//! Requests built as inputs first and sent later with `send_with`, as tests and generic code
//! do.

use aws_sdk_novaact::operation::create_workflow_definition::builders::CreateWorkflowDefinitionInputBuilder;
use aws_sdk_novaact::operation::get_workflow_definition::builders::GetWorkflowDefinitionInputBuilder;

use super::{client, BoxError, Env, Transcript};

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let client = client(env);
    let mut transcript = Transcript::new();
    let create = CreateWorkflowDefinitionInputBuilder::default()
        .name("compat-send-with")
        .description("sent with send_with");
    transcript.push(format!("builder name: {:?}", create.get_name()));
    let created = create.send_with(&client).await?;
    transcript.push(format!("created: {:?}", created.status().as_str()));
    let got = GetWorkflowDefinitionInputBuilder::default()
        .workflow_definition_name("compat-send-with")
        .send_with(&client)
        .await?;
    transcript.push(format!("description: {:?}", got.description()));
    Ok(transcript)
}
