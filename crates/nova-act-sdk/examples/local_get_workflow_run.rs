//! Calls GetWorkflowRun against a tiny HTTP server on 127.0.0.1, configured the way an
//! application would be: `aws-config` loads the shared configuration, and the endpoint is
//! pointed at the local server. No AWS account is needed.
//!
//! ```text
//! cargo run -p nova-act-sdk --example local_get_workflow_run
//! ```
//!
//! The server answers the first request with a workflow run and the second with a
//! ResourceNotFoundException, so the example shows a typed output and a typed error.

use nova_act_sdk::error::{ProvideErrorMetadata, RequestId};
use nova_act_sdk::operation::get_workflow_run::GetWorkflowRunError;
use nova_act_sdk::Client;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const RUN_ID: &str = "0f0e0d0c-0b0a-4998-8776-655443322110";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let endpoint = format!("http://{}", listener.local_addr()?);
    let server = tokio::spawn(serve(listener));

    // The usual configuration chain, with test credentials and the local endpoint.
    let sdk_config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(nova_act_sdk::http::https_client())
        .region("us-east-1")
        .endpoint_url(&endpoint)
        .test_credentials()
        .load()
        .await;
    let client = Client::new(&sdk_config);

    let run = client
        .get_workflow_run()
        .workflow_definition_name("checkout-flow")
        .workflow_run_id(RUN_ID)
        .send()
        .await?;
    println!(
        "workflow run {} is {} on model {} (started {})",
        run.workflow_run_id(),
        run.status(),
        run.model_id(),
        run.started_at()
    );

    let missing = client
        .get_workflow_run()
        .workflow_definition_name("checkout-flow")
        .workflow_run_id("00000000-0000-4000-8000-000000000000")
        .send()
        .await;
    match missing.map_err(|e| e.into_service_error()) {
        Err(GetWorkflowRunError::ResourceNotFoundException(err)) => println!(
            "typed error: {} (code {}, resource {} of type {}, request id {})",
            err.message(),
            err.code().unwrap_or_default(),
            err.resource_id(),
            err.resource_type(),
            err.request_id().unwrap_or_default(),
        ),
        other => return Err(format!("expected ResourceNotFoundException, got {other:?}").into()),
    }

    server.await??;
    Ok(())
}

/// Answers two requests, one connection each, then stops.
async fn serve(listener: TcpListener) -> std::io::Result<()> {
    for answer in 0..2 {
        let (mut socket, _) = listener.accept().await?;
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            request.extend_from_slice(&buf[..n]);
        }
        let head = String::from_utf8_lossy(&request);
        let request_line = head.lines().next().unwrap_or_default().to_owned();
        let signed = head.lines().any(|l| {
            l.to_ascii_lowercase()
                .starts_with("authorization: aws4-hmac-sha256")
        });
        println!("server got `{request_line}` (SigV4 signed: {signed})");
        let (status, extra, body) = if answer == 0 {
            (
                "200 OK",
                String::new(),
                format!(
                    r#"{{"workflowRunArn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout-flow/workflow-run/{RUN_ID}","workflowRunId":"{RUN_ID}","status":"RUNNING","startedAt":"2025-08-22T10:11:12.345Z","modelId":"nova-act-latest"}}"#
                ),
            )
        } else {
            (
                "404 Not Found",
                "x-amzn-errortype: ResourceNotFoundException\r\n".to_owned(),
                r#"{"message":"No such workflow run","resourceId":"00000000-0000-4000-8000-000000000000","resourceType":"WorkflowRun"}"#.to_owned(),
            )
        };
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\nx-amzn-requestid: local-{answer}\r\n{extra}content-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(response.as_bytes()).await?;
        socket.shutdown().await?;
    }
    Ok(())
}
