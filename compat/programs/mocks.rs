//! A client mocked with `aws-smithy-mocks`: rules matched on the input, a modeled error, then
//! a success for the same operation.

use aws_sdk_novaact::operation::get_workflow_definition::{
    GetWorkflowDefinitionError, GetWorkflowDefinitionOutput,
};
use aws_sdk_novaact::types::error::ResourceNotFoundException;
use aws_sdk_novaact::types::WorkflowDefinitionStatus;
use aws_sdk_novaact::Client;
use aws_smithy_mocks::{mock, mock_client, RuleMode};

use super::{BoxError, Env, Transcript};

pub async fn run(_env: &Env) -> Result<Transcript, BoxError> {
    let missing = mock!(Client::get_workflow_definition)
        .match_requests(|input| input.workflow_definition_name() == Some("gone"))
        .then_error(|| {
            GetWorkflowDefinitionError::ResourceNotFoundException(
                ResourceNotFoundException::builder()
                    .message("no such definition")
                    .resource_id("gone")
                    .resource_type("WorkflowDefinition")
                    .build()
                    .expect("every required member is set"),
            )
        });
    let found = mock!(Client::get_workflow_definition)
        .match_requests(|input| input.workflow_definition_name() == Some("here"))
        .then_output(|| {
            GetWorkflowDefinitionOutput::builder()
                .arn("arn:aws:nova-act:us-east-1:123456789012:workflow-definition/here")
                .name("here")
                .created_at(aws_smithy_types::DateTime::from_secs(1_700_000_000))
                .status(WorkflowDefinitionStatus::Active)
                .build()
                .expect("every required member is set")
        });
    let client = mock_client!(aws_sdk_novaact, RuleMode::MatchAny, [&missing, &found]);

    let mut transcript = Transcript::new();
    let err = client
        .get_workflow_definition()
        .workflow_definition_name("gone")
        .send()
        .await
        .expect_err("the rule answers with an error")
        .into_service_error();
    transcript.push(format!(
        "gone: not found {}, message {:?}",
        err.is_resource_not_found_exception(),
        aws_sdk_novaact::error::ProvideErrorMetadata::message(&err)
    ));
    let out = client
        .get_workflow_definition()
        .workflow_definition_name("here")
        .send()
        .await?;
    transcript.push(format!("here: {} {}", out.name(), out.status().as_str()));
    transcript.push(format!(
        "rules used: {} and {}",
        missing.num_calls(),
        found.num_calls()
    ));
    Ok(transcript)
}
