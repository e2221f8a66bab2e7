//! The crate-level `Error`: `?` across several operations in a function returning
//! `Result<_, aws_sdk_novaact::Error>`, and matching its variants.

use aws_sdk_novaact::types::ClientInfo;
use aws_sdk_novaact::Error;

use super::{client, BoxError, Env, Transcript};

async fn start_run(client: &aws_sdk_novaact::Client, definition: &str) -> Result<String, Error> {
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
    Ok(run.workflow_run_id().to_string())
}

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let client = client(env);
    let mut transcript = Transcript::new();
    let run_id = start_run(&client, "compat-flow").await?;
    transcript.push(format!("run started: {}", !run_id.is_empty()));

    // The same definition again: the service's ConflictException, through `?`.
    match start_run(&client, "compat-flow").await {
        Ok(_) => transcript.push("second start: ok".into()),
        Err(Error::ConflictException(e)) => transcript.push(format!(
            "second start: ConflictException {}",
            e.resource_type()
        )),
        Err(other) => transcript.push(format!("second start: other {other}")),
    }
    // A missing definition, converted from the operation's SdkError.
    let missing: Result<_, Error> = client
        .get_workflow_definition()
        .workflow_definition_name("no-such-flow")
        .send()
        .await
        .map_err(Error::from);
    match missing {
        Err(Error::ResourceNotFoundException(e)) => transcript.push(format!(
            "missing: ResourceNotFoundException {}",
            e.resource_id()
        )),
        Err(other) => transcript.push(format!("missing: other {other}")),
        Ok(_) => transcript.push("missing: found".into()),
    }
    // A build error converts too.
    let build: Result<ClientInfo, Error> = ClientInfo::builder().build().map_err(Error::from);
    transcript.push(format!("build error is an Error: {}", build.is_err()));
    Ok(transcript)
}
