//! `SdkError` named with one type parameter in signatures, and its variants.

use aws_sdk_novaact::error::{DisplayErrorContext, SdkError};
use aws_sdk_novaact::operation::list_workflow_definitions::{
    ListWorkflowDefinitionsError, ListWorkflowDefinitionsOutput,
};

use super::{client, BoxError, Env, Transcript};

async fn list(
    client: &aws_sdk_novaact::Client,
) -> Result<ListWorkflowDefinitionsOutput, SdkError<ListWorkflowDefinitionsError>> {
    client.list_workflow_definitions().send().await
}

fn kind(err: &SdkError<ListWorkflowDefinitionsError>) -> &'static str {
    match err {
        SdkError::ConstructionFailure(_) => "construction",
        SdkError::TimeoutError(_) => "timeout",
        SdkError::DispatchFailure(_) => "dispatch",
        SdkError::ResponseError(_) => "response",
        SdkError::ServiceError(_) => "service",
        _ => "other",
    }
}

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let mut transcript = Transcript::new();
    let listed = list(&client(env)).await?;
    transcript.push(format!(
        "listed: {}",
        listed.workflow_definition_summaries().len()
    ));
    // Nothing listens on port 9 of the loopback address: the call fails before an answer.
    let unreachable = Env {
        endpoint_url: "http://127.0.0.1:9".into(),
        ..env.clone()
    };
    let config = client(&unreachable)
        .config()
        .to_builder()
        .retry_config(aws_sdk_novaact::config::retry::RetryConfig::disabled())
        .build();
    let client = aws_sdk_novaact::Client::from_conf(config);
    let err = list(&client).await.expect_err("nothing listens there");
    transcript.push(format!("unreachable: {}", kind(&err)));
    transcript.push(format!(
        "display names the call: {}",
        DisplayErrorContext(&err)
            .to_string()
            .contains("dispatch failure")
    ));
    Ok(transcript)
}
