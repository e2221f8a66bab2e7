//! An operation's own error: `into_service_error`, matching variants, the `is_*` helpers and
//! the metadata traits.

use aws_sdk_novaact::error::ProvideErrorMetadata;
use aws_sdk_novaact::operation::get_workflow_run::GetWorkflowRunError;
use aws_sdk_novaact::operation::RequestId;

use super::{client, BoxError, Env, Transcript};

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let client = client(env);
    let mut transcript = Transcript::new();
    let err = client
        .get_workflow_run()
        .workflow_definition_name("compat-missing")
        .workflow_run_id("00000000-0000-4000-8000-000000000000")
        .send()
        .await
        .expect_err("the definition does not exist");
    transcript.push(format!(
        "is service error: {}",
        err.as_service_error().is_some()
    ));
    transcript.push(format!("code: {:?}", err.code()));
    let err = err.into_service_error();
    transcript.push(format!(
        "is_resource_not_found_exception: {}",
        err.is_resource_not_found_exception()
    ));
    match &err {
        GetWorkflowRunError::ResourceNotFoundException(e) => {
            transcript.push(format!("resource type: {}", e.resource_type()));
            transcript.push(format!("message is set: {}", !e.message().is_empty()));
            transcript.push(format!("meta code: {:?}", e.meta().code()));
        }
        other => transcript.push(format!("other: {:?}", other.code())),
    }
    transcript.push(format!(
        "request id present: {}",
        err.request_id().is_some()
    ));
    Ok(transcript)
}
