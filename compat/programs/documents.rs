//! Documents as `aws_smithy_types::Document`: a tool's input schema built by hand and sent
//! with CreateAct, then read back from the union.

use std::collections::HashMap;

use aws_sdk_novaact::types::{ClientInfo, ToolInputSchema, ToolSpec};
use aws_smithy_types::{Document, Number};

use super::{client, BoxError, Env, Transcript};

fn schema() -> Document {
    let mut route = HashMap::new();
    route.insert("type".to_string(), Document::String("string".into()));
    let mut passengers = HashMap::new();
    passengers.insert("type".to_string(), Document::String("integer".into()));
    passengers.insert("maximum".to_string(), Document::Number(Number::PosInt(9)));
    passengers.insert("minimum".to_string(), Document::Number(Number::NegInt(-1)));
    let mut properties = HashMap::new();
    properties.insert("route".to_string(), Document::Object(route));
    properties.insert("passengers".to_string(), Document::Object(passengers));
    let mut schema = HashMap::new();
    schema.insert("type".to_string(), Document::String("object".into()));
    schema.insert("properties".to_string(), Document::Object(properties));
    schema.insert(
        "required".to_string(),
        Document::Array(vec![Document::String("route".into())]),
    );
    Document::Object(schema)
}

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let client = client(env);
    let mut transcript = Transcript::new();
    let spec = ToolSpec::builder()
        .name("lookup_price")
        .description("Looks up a fare")
        .input_schema(ToolInputSchema::Json(schema()))
        .build()?;
    match spec.input_schema() {
        Some(ToolInputSchema::Json(Document::Object(members))) => {
            let mut keys: Vec<&String> = members.keys().collect();
            keys.sort();
            transcript.push(format!("schema keys: {keys:?}"));
        }
        other => transcript.push(format!("schema: {other:?}")),
    }
    transcript.push(format!(
        "as_json is an object: {}",
        matches!(
            spec.input_schema().and_then(|s| s.as_json().ok()),
            Some(Document::Object(_))
        )
    ));

    client
        .create_workflow_definition()
        .name("compat-documents")
        .send()
        .await?;
    let run = client
        .create_workflow_run()
        .workflow_definition_name("compat-documents")
        .model_id("nova-act-latest")
        .client_info(ClientInfo::builder().compatibility_version(1).build()?)
        .send()
        .await?;
    let session = client
        .create_session()
        .workflow_definition_name("compat-documents")
        .workflow_run_id(run.workflow_run_id())
        .send()
        .await?;
    let act = client
        .create_act()
        .workflow_definition_name("compat-documents")
        .workflow_run_id(run.workflow_run_id())
        .session_id(session.session_id())
        .task("Find the cheapest fare to Lisbon")
        .tool_specs(spec)
        .send()
        .await?;
    transcript.push(format!("act status: {}", act.status().as_str()));
    Ok(transcript)
}
