mod common;

use common::*;

#[tokio::test]
async fn get_workflow_run_round_trip() {
    let (client, http) = client(vec![response(
        200,
        &[
            ("x-amzn-requestid", "req-123"),
            ("content-type", "application/json"),
        ],
        r#"{"workflowRunArn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/wf/workflow-run/11111111-2222-3333-4444-555555555555","workflowRunId":"11111111-2222-3333-4444-555555555555","status":"RUNNING","startedAt":"2025-08-22T10:11:12.345Z","modelId":"nova-act-latest"}"#,
    )]);
    let out = client
        .get_workflow_run()
        .workflow_definition_name("wf")
        .workflow_run_id("11111111-2222-3333-4444-555555555555")
        .send()
        .await
        .unwrap();
    assert_eq!(out.model_id(), "nova-act-latest");
    let reqs = requests(&http);
    assert_eq!(reqs.len(), 1);
    let req = &reqs[0];
    assert_eq!(req.method(), "GET");
    assert_eq!(
        req.uri(),
        "http://localhost/workflow-definitions/wf/workflow-runs/11111111-2222-3333-4444-555555555555"
    );
    let auth = req.headers().get("authorization").unwrap();
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/"),
        "{auth}"
    );
    assert!(auth.contains("/us-east-1/nova-act/aws4_request"), "{auth}");
    println!("{:?}", req.headers().iter().collect::<Vec<_>>());
}
