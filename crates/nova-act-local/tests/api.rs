//! The operations over real HTTP: protocol errors, validation, states, idempotency,
//! pagination, the agent and concurrency.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use bytes::Bytes;
use common::{answer, call_names, first_step, observation, server, ActPath, Client};
use nova_act_local::{ModelInfo, ModelStatus, Scenario, Server};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn is_rfc3339_millis(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let b = s.as_bytes();
    s.len() == 24 && b[4] == b'-' && b[10] == b'T' && b[19] == b'.' && s.ends_with('Z')
}

fn tool_act(task: &str) -> Value {
    json!({
        "task": task,
        "toolSpecs": [{
            "name": "lookup_price",
            "description": "Looks up a fare",
            "inputSchema": {"json": {
                "type": "object",
                "properties": {"route": {"type": "string"}, "adults": {"type": "integer", "minimum": 1}},
                "required": ["route"]
            }}
        }]
    })
}

async fn act_status(client: &Client, path: &ActPath) -> Value {
    let list = client
        .call(
            "POST",
            &format!(
                "/workflow-definitions/{}/acts?sessionId={}",
                path.def, path.session
            ),
            Some(json!({})),
        )
        .await
        .expect(200);
    list["actSummaries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["actId"] == path.act.as_str())
        .cloned()
        .expect("act listed")
}

#[tokio::test]
async fn quickstart_flow_with_the_default_agent() {
    let server = server().await;
    let client = Client::new(&server);

    assert_eq!(
        client.create_definition("checkout").await.expect(201),
        json!({"status": "ACTIVE"})
    );
    let def = client
        .call("GET", "/workflow-definitions/checkout", None)
        .await
        .expect(200);
    assert_eq!(def["name"], "checkout");
    assert_eq!(
        def["arn"],
        "arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout"
    );
    assert_eq!(def["status"], "ACTIVE");
    assert!(is_rfc3339_millis(&def["createdAt"]), "{def}");

    let run = client.create_run("checkout").await;
    let got = client
        .call(
            "GET",
            &format!("/workflow-definitions/checkout/workflow-runs/{run}"),
            None,
        )
        .await
        .expect(200);
    assert_eq!(got["status"], "RUNNING");
    assert_eq!(got["modelId"], "nova-act-latest");
    assert!(got.get("endedAt").is_none());
    assert_eq!(
        got["workflowRunArn"],
        format!("arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout/workflow-run/{run}")
    );

    let session = client.create_session("checkout", &run).await;
    let created = client
        .create_act(
            "checkout",
            &run,
            &session,
            tool_act("Find the cheapest flight"),
        )
        .await
        .expect(201);
    assert_eq!(created["status"], "RUNNING");
    let path = ActPath {
        def: "checkout".into(),
        run: run.clone(),
        session,
        act: created["actId"].as_str().unwrap().into(),
    };

    // Step 1: the first request carries initiateAct and the first observation; the agent
    // calls the tool, then asks the client to settle and observe.
    let step1 = client
        .invoke(&path, first_step("http://127.0.0.1:1/start"))
        .await
        .expect(200);
    assert_eq!(
        call_names(&step1),
        ["lookup_price", "waitForPageToSettle", "takeObservation"]
    );
    let calls = step1["calls"].as_array().unwrap();
    assert_eq!(calls[0]["input"], json!({"route": "example", "adults": 1}));
    assert_eq!(calls[1]["input"], json!([]));
    let step1_id = step1["stepId"].as_str().unwrap();
    for (i, call) in calls.iter().enumerate() {
        assert_eq!(call["callId"], format!("{step1_id}.{i}"));
    }
    assert_eq!(
        act_status(&client, &path).await["status"],
        "PENDING_CLIENT_ACTION"
    );

    // Step 2: the results come back (the tool's as JSON text); the agent returns the decoded
    // tool result as its answer, a string.
    let step2 = client
        .invoke(
            &path,
            answer(&step1, &["\"129 EUR\""], "http://127.0.0.1:1/start"),
        )
        .await
        .expect(200);
    assert_eq!(call_names(&step2), ["return"]);
    assert_eq!(step2["calls"][0]["input"], json!(["129 EUR"]));
    // The client owns the final status: the act waits for it.
    let summary = act_status(&client, &path).await;
    assert_eq!(summary["status"], "PENDING_CLIENT_ACTION");
    assert!(summary.get("endedAt").is_none());

    // The act has taken its last step: no more steps.
    let reply = client
        .invoke(&path, answer(&step2, &["null"], "http://127.0.0.1:1/start"))
        .await;
    reply.expect_error(409, "ConflictException");
    assert_eq!(reply.body["resourceType"], "Act");
    assert_eq!(reply.body["resourceId"], path.act.as_str());
    assert!(reply.message().contains("UpdateAct"), "{}", reply.message());

    client
        .update_act(&path, json!({"status": "SUCCEEDED"}))
        .await
        .expect(200);
    let summary = act_status(&client, &path).await;
    assert_eq!(summary["status"], "SUCCEEDED");
    assert!(is_rfc3339_millis(&summary["startedAt"]));
    assert!(is_rfc3339_millis(&summary["endedAt"]));

    // Finish the run; a finished run keeps its status.
    let run_path = format!("/workflow-definitions/checkout/workflow-runs/{run}");
    client
        .call("PUT", &run_path, Some(json!({"status": "SUCCEEDED"})))
        .await
        .expect(200);
    let got = client.call("GET", &run_path, None).await.expect(200);
    assert_eq!(got["status"], "SUCCEEDED");
    assert!(is_rfc3339_millis(&got["endedAt"]));
    let reply = client
        .call("PUT", &run_path, Some(json!({"status": "FAILED"})))
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.body["reason"], "InvalidStatus");
    client
        .call("PUT", &run_path, Some(json!({"status": "SUCCEEDED"})))
        .await
        .expect(200);

    // No new sessions or acts in a finished run.
    let reply = client
        .call("PUT", &format!("{run_path}/sessions"), Some(json!({})))
        .await;
    reply.expect_error(409, "ConflictException");
    assert_eq!(reply.body["resourceType"], "WorkflowRun");

    // Delete the run, then the definition.
    let deleted = client.call("DELETE", &run_path, None).await.expect(202);
    assert_eq!(deleted, json!({"status": "DELETING"}));
    client
        .call("GET", &run_path, None)
        .await
        .expect_error(404, "ResourceNotFoundException");
    let deleted = client
        .call("DELETE", "/workflow-definitions/checkout", None)
        .await
        .expect(202);
    assert_eq!(deleted, json!({"status": "DELETING"}));
    client
        .call("GET", "/workflow-definitions/checkout", None)
        .await
        .expect_error(404, "ResourceNotFoundException");
    server.shutdown().await;
}

#[tokio::test]
async fn validation_errors_name_every_field() {
    let server = server().await;
    let client = Client::new(&server);

    let reply = client
        .call(
            "PUT",
            "/workflow-definitions",
            Some(json!({"description": ""})),
        )
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.body["reason"], "FieldValidationFailed");
    assert_eq!(reply.fields(), ["name", "description"]);
    assert!(
        reply.message().starts_with("2 validation errors detected"),
        "{reply:?}"
    );

    let reply = client
        .call(
            "PUT",
            "/workflow-definitions",
            Some(json!({
                "name": "x".repeat(41),
                "exportConfig": {"s3BucketName": "UPPER", "s3KeyPrefix": "//"},
                "clientToken": "too-short",
                "unknownField": {"ignored": true}
            })),
        )
        .await;
    reply.expect_error(400, "ValidationException");
    let fields = reply.fields();
    for f in [
        "name",
        "exportConfig.s3BucketName",
        "exportConfig.s3KeyPrefix",
        "clientToken",
    ] {
        assert!(
            fields.contains(&f.to_string()),
            "{f} missing from {fields:?}"
        );
    }
    let name_error = reply.body["fieldList"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "name")
        .unwrap();
    assert_eq!(
        name_error["message"],
        "Member must have length less than or equal to 40"
    );

    client.create_definition("wf").await.expect(201);
    let run = client.create_run("wf").await;
    let session = client.create_session("wf", &run).await;
    let reply = client
        .create_act(
            "wf",
            &run,
            &session,
            json!({
                "task": "",
                "toolSpecs": [
                    {"name": "ok", "description": "d", "inputSchema": {"json": {}}},
                    {"name": "!?", "description": "d", "inputSchema": {"json": {}}},
                    {"name": "ok2", "description": 5, "inputSchema": {"json": {}, "other": 1}},
                    {"name": "ok3", "description": "d"}
                ]
            }),
        )
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(
        reply.fields(),
        [
            "task",
            "toolSpecs[1].name",
            "toolSpecs[2].description",
            "toolSpecs[3].inputSchema"
        ]
    );

    // Duplicate tool names are refused too.
    let reply = client
        .create_act(
            "wf",
            &run,
            &session,
            json!({"task": "t", "toolSpecs": [
                {"name": "a", "description": "d", "inputSchema": {"json": {}}},
                {"name": "a", "description": "d", "inputSchema": {"json": {}}}
            ]}),
        )
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.fields(), ["toolSpecs[1].name"]);

    // Query members are typed and range-checked; body enums are checked.
    let reply = client
        .call(
            "POST",
            "/workflow-definitions?maxResults=0",
            Some(json!({"sortOrder": "ASCENDING"})),
        )
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.fields(), ["maxResults", "sortOrder"]);
    let reply = client
        .call(
            "POST",
            "/workflow-definitions?maxResults=many",
            Some(json!({})),
        )
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.fields(), ["maxResults"]);
    client
        .call("POST", "/models", None)
        .await
        .expect_error(400, "ValidationException");

    // Labels are checked against their patterns.
    let reply = client
        .call(
            "GET",
            "/workflow-definitions/wf/workflow-runs/NOT-A-UUID",
            None,
        )
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.fields(), ["workflowRunId"]);

    // Models and compatibility.
    let reply = client
        .call(
            "PUT",
            "/workflow-definitions/wf/workflow-runs",
            Some(json!({"modelId": "gpt", "clientInfo": {"compatibilityVersion": 1}})),
        )
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.fields(), ["modelId"]);
    let reply = client
        .call(
            "PUT",
            "/workflow-definitions/wf/workflow-runs",
            Some(json!({"modelId": "nova-act-v1.1-preview", "clientInfo": {"compatibilityVersion": 1}})),
        )
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.fields(), ["clientInfo.compatibilityVersion"]);
    server.shutdown().await;
}

#[tokio::test]
async fn protocol_level_errors() {
    let server = Server::builder().body_limit(1024).start().await.unwrap();
    let client = Client::new(&server);

    let reply = client
        .raw("PUT", "/workflow-definitions", "{\"name\": ")
        .await;
    reply.expect_error(400, "SerializationException");
    let reply = client.raw("PUT", "/workflow-definitions", "[1, 2]").await;
    reply.expect_error(400, "SerializationException");

    let reply = client.call("GET", "/no-such-thing", None).await;
    reply.expect_error(404, "UnknownOperationException");

    let reply = client.call("PATCH", "/workflow-definitions/wf", None).await;
    reply.expect_error(405, "MethodNotAllowedException");
    assert_eq!(reply.headers["allow"], "DELETE, GET");

    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(4096));
    let reply = client.raw("PUT", "/workflow-definitions", huge).await;
    reply.expect_error(413, "RequestEntityTooLargeException");
    assert!(reply.message().contains("1024"), "{reply:?}");

    // Without a Content-Length (chunked), the limit applies while reading. The request is
    // signed: an unsigned one is refused before its body is read.
    let mut stream = tokio::net::TcpStream::connect(client.addr).await.unwrap();
    let chunk = "x".repeat(800);
    let signed = client.request("PUT", "/workflow-definitions", Bytes::from(chunk.repeat(2)));
    let mut request = String::from("PUT /workflow-definitions HTTP/1.1\r\n");
    for (name, value) in signed.headers() {
        request.push_str(&format!("{name}: {}\r\n", value.to_str().unwrap()));
    }
    request.push_str(&format!(
        "transfer-encoding: chunked\r\n\r\n{:x}\r\n{chunk}\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len(),
        chunk.len()
    ));
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains("RequestEntityTooLargeException"),
        "{answer}"
    );

    // The server is still fine afterwards.
    client.create_definition("after").await.expect(201);
    server.shutdown().await;
}

#[tokio::test]
async fn shutdown_closes_the_port() {
    let server = server().await;
    let addr = server.local_addr();
    assert_eq!(server.endpoint_url(), format!("http://{addr}"));
    assert!(tokio::net::TcpStream::connect(addr).await.is_ok());
    server.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn missing_resources_are_named() {
    let server = server().await;
    let client = Client::new(&server);
    let ghost = "0f0e0d0c-0b0a-4998-8776-655443322110";

    let reply = client.call("GET", "/workflow-definitions/nope", None).await;
    reply.expect_error(404, "ResourceNotFoundException");
    assert_eq!(reply.body["resourceId"], "nope");
    assert_eq!(reply.body["resourceType"], "WorkflowDefinition");

    client.create_definition("wf").await.expect(201);
    let reply = client
        .call(
            "GET",
            &format!("/workflow-definitions/wf/workflow-runs/{ghost}"),
            None,
        )
        .await;
    reply.expect_error(404, "ResourceNotFoundException");
    assert_eq!(reply.body["resourceType"], "WorkflowRun");
    assert_eq!(reply.body["resourceId"], ghost);

    let run = client.create_run("wf").await;
    let reply = client
        .create_act("wf", &run, ghost, json!({"task": "t"}))
        .await;
    reply.expect_error(404, "ResourceNotFoundException");
    assert_eq!(reply.body["resourceType"], "Session");

    let session = client.create_session("wf", &run).await;
    let path = ActPath {
        def: "wf".into(),
        run: run.clone(),
        session,
        act: ghost.into(),
    };
    let reply = client.update_act(&path, json!({"status": "FAILED"})).await;
    reply.expect_error(404, "ResourceNotFoundException");
    assert_eq!(reply.body["resourceType"], "Act");

    // A run is only found under its own definition.
    client.create_definition("other").await.expect(201);
    client
        .call(
            "GET",
            &format!("/workflow-definitions/other/workflow-runs/{run}"),
            None,
        )
        .await
        .expect_error(404, "ResourceNotFoundException");
    server.shutdown().await;
}

#[tokio::test]
async fn conflicts_while_deleting_and_on_name_clashes() {
    let server = Server::builder()
        .deletion_delay(Duration::from_secs(3600))
        .start()
        .await
        .unwrap();
    let client = Client::new(&server);

    client.create_definition("wf").await.expect(201);
    let reply = client.create_definition("wf").await;
    reply.expect_error(409, "ConflictException");
    assert_eq!(reply.body["resourceId"], "wf");
    assert_eq!(reply.body["resourceType"], "WorkflowDefinition");

    let run = client.create_run("wf").await;
    let run_path = format!("/workflow-definitions/wf/workflow-runs/{run}");
    client.call("DELETE", &run_path, None).await.expect(202);
    let got = client.call("GET", &run_path, None).await.expect(200);
    assert_eq!(got["status"], "DELETING");
    client
        .call("DELETE", &run_path, None)
        .await
        .expect_error(409, "ConflictException");
    client
        .call("PUT", &run_path, Some(json!({"status": "SUCCEEDED"})))
        .await
        .expect_error(409, "ConflictException");
    client
        .call("PUT", &format!("{run_path}/sessions"), Some(json!({})))
        .await
        .expect_error(409, "ConflictException");

    client
        .call("DELETE", "/workflow-definitions/wf", None)
        .await
        .expect(202);
    let def = client
        .call("GET", "/workflow-definitions/wf", None)
        .await
        .expect(200);
    assert_eq!(def["status"], "DELETING");
    let reply = client
        .call("DELETE", "/workflow-definitions/wf", None)
        .await;
    reply.expect_error(409, "ConflictException");
    assert_eq!(reply.body["resourceType"], "WorkflowDefinition");
    client
        .call(
            "PUT",
            "/workflow-definitions/wf/workflow-runs",
            Some(json!({"modelId": "nova-act-latest", "clientInfo": {"compatibilityVersion": 1}})),
        )
        .await
        .expect_error(409, "ConflictException");
    client
        .create_definition("wf")
        .await
        .expect_error(409, "ConflictException");
    server.shutdown().await;
}

#[tokio::test]
async fn idempotency_tokens_both_ways() {
    let server = server().await;
    let client = Client::new(&server);
    client.create_definition("wf").await.expect(201);
    let token = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
    let body = json!({
        "modelId": "nova-act-latest",
        "clientInfo": {"compatibilityVersion": 1, "sdkVersion": "1.0"},
        "clientToken": token
    });
    let first = client
        .call(
            "PUT",
            "/workflow-definitions/wf/workflow-runs",
            Some(body.clone()),
        )
        .await
        .expect(201);
    // The same request again (fields in another order): the same run, nothing new.
    let reordered = json!({
        "clientToken": token,
        "clientInfo": {"sdkVersion": "1.0", "compatibilityVersion": 1},
        "modelId": "nova-act-latest"
    });
    let second = client
        .call(
            "PUT",
            "/workflow-definitions/wf/workflow-runs",
            Some(reordered),
        )
        .await
        .expect(201);
    assert_eq!(first, second);
    let runs = client
        .list_all(
            "/workflow-definitions/wf/workflow-runs",
            "workflowRunSummaries",
            10,
            json!({}),
        )
        .await;
    assert_eq!(runs.len(), 1);

    // The same token with other parameters.
    let mut changed = body.clone();
    changed["modelId"] = json!("nova-act-v0.9");
    let reply = client
        .call(
            "PUT",
            "/workflow-definitions/wf/workflow-runs",
            Some(changed),
        )
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.fields(), ["clientToken"]);
    assert!(reply.message().contains(token), "{reply:?}");
    let runs = client
        .list_all(
            "/workflow-definitions/wf/workflow-runs",
            "workflowRunSummaries",
            10,
            json!({}),
        )
        .await;
    assert_eq!(runs.len(), 1);

    // Tokens are per operation: the same token on CreateSession is a new request.
    let run = first["workflowRunId"].as_str().unwrap();
    let s1 = client
        .call(
            "PUT",
            &format!("/workflow-definitions/wf/workflow-runs/{run}/sessions"),
            Some(json!({"clientToken": token})),
        )
        .await
        .expect(201);
    let s2 = client
        .call(
            "PUT",
            &format!("/workflow-definitions/wf/workflow-runs/{run}/sessions"),
            Some(json!({"clientToken": token})),
        )
        .await
        .expect(201);
    assert_eq!(s1, s2);
    server.shutdown().await;
}

#[tokio::test]
async fn pagination_is_keyset_and_tokens_are_checked() {
    let server = server().await;
    let client = Client::new(&server);
    let mut names = Vec::new();
    for i in 0..25 {
        let name = format!("wf-{i:02}");
        client.create_definition(&name).await.expect(201);
        names.push(name);
    }
    let listed: Vec<String> = client
        .list_all(
            "/workflow-definitions",
            "workflowDefinitionSummaries",
            10,
            json!({}),
        )
        .await
        .iter()
        .map(|d| d["workflowDefinitionName"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, names);
    let descending: Vec<String> = client
        .list_all(
            "/workflow-definitions",
            "workflowDefinitionSummaries",
            7,
            json!({"sortOrder": "Descending"}),
        )
        .await
        .iter()
        .map(|d| d["workflowDefinitionName"].as_str().unwrap().to_string())
        .collect();
    let mut reversed = names.clone();
    reversed.reverse();
    assert_eq!(descending, reversed);

    // Default page size is 20.
    let page = client
        .call("POST", "/workflow-definitions", Some(json!({})))
        .await
        .expect(200);
    assert_eq!(
        page["workflowDefinitionSummaries"]
            .as_array()
            .unwrap()
            .len(),
        20
    );

    // Items created between pages neither repeat nor shift the others.
    let first = client
        .call(
            "POST",
            "/workflow-definitions?maxResults=10",
            Some(json!({})),
        )
        .await
        .expect(200);
    let token = first["nextToken"].as_str().unwrap().to_string();
    client.create_definition("late").await.expect(201);
    client
        .call("DELETE", "/workflow-definitions/wf-03", None)
        .await
        .expect(202);
    let second = client
        .call(
            "POST",
            &format!("/workflow-definitions?maxResults=10&nextToken={token}"),
            Some(json!({})),
        )
        .await
        .expect(200);
    let second_names: Vec<&str> = second["workflowDefinitionSummaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["workflowDefinitionName"].as_str().unwrap())
        .collect();
    assert_eq!(
        second_names,
        names[10..20].iter().map(String::as_str).collect::<Vec<_>>()
    );

    // A forged token.
    let mut forged = token.clone().into_bytes();
    let i = 5;
    forged[i] = if forged[i] == b'0' { b'1' } else { b'0' };
    let forged = String::from_utf8(forged).unwrap();
    let reply = client
        .call(
            "POST",
            &format!("/workflow-definitions?nextToken={forged}"),
            Some(json!({})),
        )
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.fields(), ["nextToken"]);

    // A token from another query: other sort order, other list.
    client
        .call(
            "POST",
            &format!("/workflow-definitions?nextToken={token}"),
            Some(json!({"sortOrder": "Descending"})),
        )
        .await
        .expect_error(400, "ValidationException");
    let run = client.create_run("wf-00").await;
    client
        .call(
            "POST",
            &format!("/workflow-definitions/wf-00/workflow-runs?nextToken={token}"),
            Some(json!({})),
        )
        .await
        .expect_error(400, "ValidationException");
    client
        .call(
            "POST",
            &format!("/workflow-definitions/wf-00/workflow-runs/{run}?nextToken=not-hex"),
            Some(json!({})),
        )
        .await
        .expect_error(400, "ValidationException");
    server.shutdown().await;
}

#[tokio::test]
async fn act_status_rules_and_step_sequencing() {
    let server = server().await;
    let client = Client::new(&server);
    let path = client.new_act("wf", tool_act("anything")).await;
    const PAGE: &str = "http://127.0.0.1:1/";

    let step1 = client.invoke(&path, first_step(PAGE)).await.expect(200);
    // A retry of the same request gets the same step back.
    let again = client.invoke(&path, first_step(PAGE)).await.expect(200);
    assert_eq!(step1, again);

    // previousStepId must be the latest step, and is required after the first step.
    let mut stale = answer(&step1, &[], PAGE);
    stale["previousStepId"] = json!("0f0e0d0c-0b0a-4998-8776-655443322110");
    client
        .invoke(&path, stale)
        .await
        .expect_error(409, "ConflictException");
    let mut unnamed = answer(&step1, &[], PAGE);
    unnamed.as_object_mut().unwrap().remove("previousStepId");
    let reply = client.invoke(&path, unnamed).await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.fields(), ["previousStepId"]);

    // Results must answer the latest step's calls, one each.
    let mut made_up = answer(&step1, &[], PAGE);
    made_up["callResults"][0]["callId"] = json!("made-up");
    let reply = client.invoke(&path, made_up).await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.fields(), ["callResults[0].callId"]);
    let mut short = answer(&step1, &[], PAGE);
    short["callResults"].as_array_mut().unwrap().remove(1);
    let reply = client.invoke(&path, short).await;
    reply.expect_error(400, "ValidationException");
    assert!(reply.message().contains(".1"), "{}", reply.message());
    // A result text is JSON or `<Type>: <message>`.
    let reply = client
        .invoke(&path, answer(&step1, &["129 EUR"], PAGE))
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.fields(), ["callResults[0].content"]);
    // The observation asked for must be one.
    let reply = client
        .invoke(&path, answer(&step1, &["\"129 EUR\"", "null", "{}"], PAGE))
        .await;
    reply.expect_error(400, "ValidationException");
    assert!(
        reply.message().contains("Invalid observation"),
        "{}",
        reply.message()
    );

    // Human in the loop: no steps until the act runs again.
    client
        .update_act(&path, json!({"status": "PENDING_HUMAN_ACTION"}))
        .await
        .expect(200);
    client
        .invoke(&path, answer(&step1, &["\"129 EUR\""], PAGE))
        .await
        .expect_error(409, "ConflictException");
    client
        .update_act(&path, json!({"status": "RUNNING"}))
        .await
        .expect(200);

    // An error goes only with a failure status.
    let reply = client
        .update_act(
            &path,
            json!({"status": "RUNNING", "error": {"message": "m"}}),
        )
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.fields(), ["error"]);

    // After `return`, the client may still fail the act (an answer that does not match the
    // schema it asked for, say).
    let last = client
        .invoke(&path, answer(&step1, &["\"129 EUR\""], PAGE))
        .await
        .expect(200);
    assert_eq!(call_names(&last), ["return"]);
    client
        .update_act(
            &path,
            json!({"status": "FAILED", "error": {"message": "answer does not match the schema", "type": "ActInvalidModelGenerationError"}}),
        )
        .await
        .expect(200);
    assert_eq!(act_status(&client, &path).await["status"], "FAILED");
    // Repeating the same terminal status is fine; changing it is not.
    client
        .update_act(&path, json!({"status": "FAILED"}))
        .await
        .expect(200);
    let reply = client
        .update_act(&path, json!({"status": "SUCCEEDED"}))
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.body["reason"], "InvalidStatus");
    server.shutdown().await;
}

#[tokio::test]
async fn the_first_step_must_initiate_the_act_with_an_observation() {
    let server = server().await;
    let client = Client::new(&server);
    let path = client.new_act("wf", tool_act("anything")).await;
    let initiate = json!({"callId": "initiateAct", "content": [{"text": "{}"}]});
    let observe = |text: &str| json!({"callId": "takeObservation", "content": [{"text": text}]});
    let mut no_screenshot: Value =
        serde_json::from_str(&observation("http://127.0.0.1:1/")).unwrap();
    no_screenshot["screenshotBase64"] = json!("data:text/plain;base64,aGk=");
    let cases = [
        (
            json!([{"content": [{"text": "start"}]}]),
            "exactly two call results",
        ),
        (json!([initiate]), "exactly two call results"),
        (
            json!([observe(&observation("http://127.0.0.1:1/"))]),
            "exactly two call results",
        ),
        (
            json!([initiate, observe("{\"activeURL\": \"x\"}")]),
            "`browserDimensions` is missing",
        ),
        (
            json!([initiate, observe(&no_screenshot.to_string())]),
            "data:image/jpeg;base64,",
        ),
    ];
    for (results, want) in cases {
        let reply = client.invoke(&path, json!({"callResults": results})).await;
        reply.expect_error(400, "ValidationException");
        assert!(
            reply.message().contains(want),
            "{want}: {}",
            reply.message()
        );
    }
    // None of them moved the act on: the right first step still works.
    let step = client
        .invoke(&path, first_step("http://127.0.0.1:1/"))
        .await
        .expect(200);
    assert_eq!(call_names(&step)[0], "lookup_price");
    server.shutdown().await;
}

const SCENARIO: &str = r#"
rules:
  - task: "(?i)book"
    steps:
      - expect_observation: { url_matches: "/flights$", width: 1600, height: 813 }
        calls:
          - name: goToUrl
            input: ["http://127.0.0.1:1/flights/LIS"]
          - name: lookup_price
            input: { route: "LIS" }
            expect: { matches: "^[0-9]+ EUR$" }
      - calls:
          - name: book
            input: { price: "{{result.1}}" }
          - name: human_Approve
            input: { message: "Book at {{result.1}}?" }
            expect: { equals: "yes" }
        observe: false
      - return: { booked: true, confirmation: "{{result.0}}" }
  - task: "strict"
    on_mismatch: reject
    steps:
      - calls: [{ name: check, expect: { equals: "yes" } }]
      - expect_observation: { url: "http://127.0.0.1:1/checked" }
        return: "checked"
  - task: "refuse"
    steps:
      - throw: "cannot do it"
"#;

#[tokio::test]
async fn scenarios_drive_the_agent() {
    let server = Server::builder()
        .scenario(Scenario::from_yaml_str(SCENARIO).unwrap())
        .start()
        .await
        .unwrap();
    let client = Client::new(&server);
    const FLIGHTS: &str = "http://127.0.0.1:1/flights";

    // A three-step script with templating and checks of what the client sent.
    let path = client.new_act("wf", json!({"task": "Book a flight"})).await;
    let s1 = client.invoke(&path, first_step(FLIGHTS)).await.expect(200);
    assert_eq!(
        call_names(&s1),
        [
            "goToUrl",
            "lookup_price",
            "waitForPageToSettle",
            "takeObservation"
        ]
    );
    assert_eq!(
        s1["calls"][0]["input"],
        json!(["http://127.0.0.1:1/flights/LIS"])
    );
    assert_eq!(s1["calls"][1]["input"], json!({"route": "LIS"}));
    // Results may come in any order; they are paired by callId.
    let mut results = answer(&s1, &["null", "\"99 EUR\""], FLIGHTS);
    results["callResults"].as_array_mut().unwrap().swap(0, 1);
    let s2 = client.invoke(&path, results).await.expect(200);
    assert_eq!(call_names(&s2), ["book", "human_Approve"]);
    assert_eq!(s2["calls"][0]["input"], json!({"price": "99 EUR"}));
    assert_eq!(
        s2["calls"][1]["input"],
        json!({"message": "Book at 99 EUR?"})
    );
    let s3 = client
        .invoke(&path, answer(&s2, &["\"ABC123\"", "\"yes\""], FLIGHTS))
        .await
        .expect(200);
    assert_eq!(call_names(&s3), ["return"]);
    // A structured answer travels as JSON text.
    let text = s3["calls"][0]["input"][0].as_str().unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(text).unwrap(),
        json!({"booked": true, "confirmation": "ABC123"})
    );
    assert_eq!(
        act_status(&client, &path).await["status"],
        "PENDING_CLIENT_ACTION"
    );

    // A result that misses its expectation fails the act: the agent throws, with the reason.
    let path = client.new_act("wf", json!({"task": "book again"})).await;
    let s1 = client.invoke(&path, first_step(FLIGHTS)).await.expect(200);
    let failed = client
        .invoke(&path, answer(&s1, &["null", "\"sold out\""], FLIGHTS))
        .await
        .expect(200);
    assert_eq!(call_names(&failed), ["throw"]);
    let message = failed["calls"][0]["input"][0].as_str().unwrap();
    assert!(message.contains("sold out"), "{message}");
    // So does an observation that does not show the expected page.
    let path = client
        .new_act("wf", json!({"task": "book elsewhere"}))
        .await;
    let failed = client
        .invoke(&path, first_step("http://127.0.0.1:1/hotels"))
        .await
        .expect(200);
    assert_eq!(call_names(&failed), ["throw"]);
    let message = failed["calls"][0]["input"][0].as_str().unwrap();
    assert!(message.contains("/hotels"), "{message}");

    // `on_mismatch: reject` refuses the results and leaves the act as it was.
    let path = client.new_act("wf", json!({"task": "strict check"})).await;
    let s1 = client.invoke(&path, first_step(FLIGHTS)).await.expect(200);
    let reply = client
        .invoke(&path, answer(&s1, &["\"no\""], FLIGHTS))
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.fields(), ["callResults"]);
    let reply = client
        .invoke(
            &path,
            answer(&s1, &["\"yes\""], "http://127.0.0.1:1/elsewhere"),
        )
        .await;
    reply.expect_error(400, "ValidationException");
    assert!(
        reply.message().contains("/elsewhere"),
        "{}",
        reply.message()
    );
    assert_eq!(
        act_status(&client, &path).await["status"],
        "PENDING_CLIENT_ACTION"
    );
    let done = client
        .invoke(
            &path,
            answer(&s1, &["\"yes\""], "http://127.0.0.1:1/checked"),
        )
        .await
        .expect(200);
    assert_eq!(done["calls"][0]["input"], json!(["checked"]));

    // A throw step; the client then reports the failure.
    let path = client.new_act("wf", json!({"task": "refuse this"})).await;
    let thrown = client.invoke(&path, first_step(FLIGHTS)).await.expect(200);
    assert_eq!(thrown["calls"][0]["name"], "throw");
    assert_eq!(thrown["calls"][0]["input"], json!(["cannot do it"]));
    client
        .update_act(
            &path,
            json!({"status": "FAILED", "error": {"message": "cannot do it", "type": "ActAgentFailed"}}),
        )
        .await
        .expect(200);
    assert_eq!(act_status(&client, &path).await["status"], "FAILED");
    server.shutdown().await;
}

#[tokio::test]
async fn list_models_reports_compatibility() {
    let server = Server::builder()
        .models([
            ModelInfo::new("m-new", ModelStatus::Active, 3),
            ModelInfo::new("m-old", ModelStatus::Legacy, 1),
            ModelInfo::new("m-gone", ModelStatus::Deprecated, 1),
        ])
        .model_aliases([nova_act_local::ModelAlias::new("latest", "m-new")])
        .start()
        .await
        .unwrap();
    let client = Client::new(&server);
    let models = client
        .call("POST", "/models?clientCompatibilityVersion=2", None)
        .await
        .expect(200);
    assert_eq!(models["modelSummaries"].as_array().unwrap().len(), 3);
    assert_eq!(
        models["modelSummaries"][0],
        json!({"modelId": "m-new", "modelLifecycle": {"status": "ACTIVE"}, "minimumCompatibilityVersion": 3})
    );
    assert_eq!(
        models["modelAliases"],
        json!([{"aliasName": "latest", "latestModelId": "m-new", "resolvedModelId": "m-new"}])
    );
    assert_eq!(
        models["compatibilityInformation"],
        json!({"clientCompatibilityVersion": 2, "supportedModelIds": ["m-old"]})
    );
    let none = client
        .call("POST", "/models?clientCompatibilityVersion=0", None)
        .await
        .expect(200);
    assert!(none["compatibilityInformation"]["message"].is_string());

    client.create_definition("wf").await.expect(201);
    let reply = client
        .call(
            "PUT",
            "/workflow-definitions/wf/workflow-runs",
            Some(json!({"modelId": "m-gone", "clientInfo": {"compatibilityVersion": 5}})),
        )
        .await;
    reply.expect_error(400, "ValidationException");
    client
        .call(
            "PUT",
            "/workflow-definitions/wf/workflow-runs",
            Some(json!({"modelId": "latest", "clientInfo": {"compatibilityVersion": 3}})),
        )
        .await
        .expect(201);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creates_are_all_counted() {
    let server = server().await;
    let client = Client::new(&server);
    client.create_definition("busy").await.expect(201);

    let tasks = 40;
    let per_task = 5;
    let mut handles = Vec::new();
    for _ in 0..tasks {
        let client = client.clone();
        handles.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for _ in 0..per_task {
                ids.push(client.create_run("busy").await);
            }
            ids
        }));
    }
    let mut created = HashSet::new();
    for h in handles {
        for id in h.await.unwrap() {
            assert!(created.insert(id), "duplicate run id");
        }
    }
    assert_eq!(created.len(), tasks * per_task);
    let listed: HashSet<String> = client
        .list_all(
            "/workflow-definitions/busy/workflow-runs",
            "workflowRunSummaries",
            100,
            json!({}),
        )
        .await
        .iter()
        .map(|r| r["workflowRunId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, created);

    // Many sessions and acts at once under one run, then ListActs filters.
    let run = created.iter().next().unwrap().clone();
    let session = client.create_session("busy", &run).await;
    let mut handles = Vec::new();
    for i in 0..30 {
        let client = client.clone();
        let (run, session) = (run.clone(), session.clone());
        handles.push(tokio::spawn(async move {
            client
                .create_act("busy", &run, &session, json!({"task": format!("task {i}")}))
                .await
                .expect(201)["actId"]
                .as_str()
                .unwrap()
                .to_string()
        }));
    }
    let mut acts = HashSet::new();
    for h in handles {
        acts.insert(h.await.unwrap());
    }
    assert_eq!(acts.len(), 30);
    let by_run = client
        .list_all(
            &format!("/workflow-definitions/busy/acts?workflowRunId={run}"),
            "actSummaries",
            7,
            json!({}),
        )
        .await;
    assert_eq!(by_run.len(), 30);
    let all = client
        .list_all(
            "/workflow-definitions/busy/acts",
            "actSummaries",
            100,
            json!({}),
        )
        .await;
    assert_eq!(all.len(), 30);
    let sessions = client
        .list_all(
            &format!("/workflow-definitions/busy/workflow-runs/{run}"),
            "sessionSummaries",
            10,
            json!({}),
        )
        .await;
    assert_eq!(sessions, vec![json!({"sessionId": session})]);
    server.shutdown().await;
}
