//! The README's act: the code between the markers below is what the README shows, and it
//! runs here against the emulator.

mod common;

// README act: begin
use nova_act_agent::{Error, Tool, ToolError, Workflow};
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Deserialize, JsonSchema)]
struct Route {
    destination: String,
}

#[derive(Deserialize, JsonSchema)]
struct Fare {
    destination: String,
    euros: u32,
}

async fn lookup_fare(route: Route) -> Result<u32, ToolError> {
    match route.destination.as_str() {
        "LIS" => Ok(129),
        other => Err(ToolError::new("LookupError", format!("no fare to {other}"))),
    }
}

async fn fare_to_lisbon(client: &nova_act_sdk::Client) -> Result<Fare, Error> {
    let tool = Tool::typed("lookup_fare", "Looks up a fare in euros", lookup_fare)?;
    Workflow::builder(client, "fares")
        .run(|workflow| async move {
            let session = workflow.session().tool(tool).start().await?;
            let fare = session.act_get::<Fare>("Find the economy fare to Lisbon");
            Ok(fare.await?.answer)
        })
        .await
}
// README act: end

/// The emulator's agent acts as the model would: it calls the tool, then answers with its
/// value.
const SCENARIO: &str = r#"
rules:
  - task: "^Find the economy fare to Lisbon"
    steps:
      - calls:
          - name: lookup_fare
            input: { destination: LIS }
            expect: { json: 129 }
      - return: '{"destination": "LIS", "euros": {{result.0}}}'
"#;

#[tokio::test]
async fn the_readme_act_runs_against_the_emulator() {
    let emulator = common::start(SCENARIO).await;
    emulator
        .client
        .create_workflow_definition()
        .name("fares")
        .send()
        .await
        .unwrap();
    let fare = fare_to_lisbon(&emulator.client).await.unwrap();
    assert_eq!((fare.destination.as_str(), fare.euros), ("LIS", 129));
    assert_eq!(
        emulator.update_act(),
        serde_json::json!({"status": "SUCCEEDED"})
    );
    let run = &emulator.requests("UpdateWorkflowRun")[0];
    assert_eq!(run.body, serde_json::json!({"status": "SUCCEEDED"}));
}

#[test]
fn the_readme_shows_this_code() {
    let this = include_str!("readme_act.rs");
    let begin = "// README act: begin\n";
    let start = this.find(begin).unwrap() + begin.len();
    let end = this.find("// README act: end").unwrap();
    let code = &this[start..end];
    let readme = include_str!("../../../README.md");
    assert!(
        readme.contains(&format!("```rust,no_run\n{code}```")),
        "README.md must show the code of tests/readme_act.rs between its markers:\n{code}"
    );
    // What a user writes for a tool-using act with a typed answer: under 30 lines.
    assert!(code.lines().filter(|l| !l.trim().is_empty()).count() < 30);
}
