//! Canned HTTP responses from `aws-smithy-http-client`'s replay client, as unit tests fake the
//! service: a server error retried into a success, throttling retried, and a success whose
//! body is not the operation's output.

use std::time::Duration;

use aws_sdk_novaact::config::retry::RetryConfig;
use aws_sdk_novaact::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};

use super::{canned, client, BoxError, Env, Transcript};

fn replayed(env: &Env, events: Vec<ReplayEvent>) -> (aws_sdk_novaact::Client, StaticReplayClient) {
    let http = StaticReplayClient::new(events);
    let config = client(env)
        .config()
        .to_builder()
        .http_client(http.clone())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .build();
    (aws_sdk_novaact::Client::from_conf(config), http)
}

const RUN: &str = r#"{"workflowRunArn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/flow/workflow-run/11111111-2222-4333-8444-555555555555","workflowRunId":"11111111-2222-4333-8444-555555555555","status":"RUNNING","startedAt":"2025-08-22T10:11:12.345Z","modelId":"nova-act-latest"}"#;

async fn get_run(
    client: &aws_sdk_novaact::Client,
) -> Result<String, SdkError<aws_sdk_novaact::operation::get_workflow_run::GetWorkflowRunError>> {
    client
        .get_workflow_run()
        .workflow_definition_name("flow")
        .workflow_run_id("11111111-2222-4333-8444-555555555555")
        .send()
        .await
        .map(|run| run.status().as_str().to_string())
}

fn outcome(
    result: &Result<
        String,
        SdkError<aws_sdk_novaact::operation::get_workflow_run::GetWorkflowRunError>,
    >,
) -> String {
    match result {
        Ok(status) => format!("ok {status}"),
        Err(SdkError::ServiceError(context)) => format!(
            "service error code={:?} unhandled={}",
            context.err().code(),
            context.err().code().is_none()
        ),
        Err(SdkError::ResponseError(_)) => "response error".to_string(),
        Err(other) => format!("other {other}"),
    }
}

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let mut transcript = Transcript::new();
    let cases: [(&str, Vec<ReplayEvent>); 3] = [
        (
            "server error, then success",
            vec![
                canned(
                    500,
                    Some("InternalServerException"),
                    r#"{"message":"try again"}"#,
                ),
                canned(200, None, RUN),
            ],
        ),
        (
            "throttled, then success",
            vec![
                canned(
                    429,
                    Some("ThrottlingException"),
                    r#"{"message":"slow down"}"#,
                ),
                canned(200, None, RUN),
            ],
        ),
        (
            "success that is not the output",
            vec![
                canned(200, None, "<html>not json</html>"),
                canned(200, None, RUN),
            ],
        ),
    ];
    for (name, events) in cases {
        let (client, http) = replayed(env, events);
        let result = get_run(&client).await;
        transcript.push(format!(
            "{name}: {} after {} requests",
            outcome(&result),
            http.actual_requests().count()
        ));
    }
    Ok(transcript)
}
