//! The emulator the agent's tests run against: in-process, over real HTTP with SigV4, with
//! its request journal on, so tests can assert what the service received.

#![allow(dead_code)]

#[cfg(feature = "chromium")]
pub mod browser;

use nova_act_agent::{Workflow, WorkflowBuilder};
use nova_act_local::{JournalEntry, Scenario, Server};
use nova_act_sdk::config::{Credentials, Region};
use nova_act_sdk::{Client, Config};
use serde_json::Value;

/// The workflow definition every test uses.
pub const DEFINITION: &str = "agent-tests";

pub struct Emulator {
    pub server: Server,
    pub client: Client,
}

/// Starts the emulator with `scenario` (YAML) and creates [`DEFINITION`].
pub async fn start(scenario: &str) -> Emulator {
    start_with(Scenario::from_yaml_str(scenario).expect("scenario")).await
}

pub async fn start_with(scenario: Scenario) -> Emulator {
    let server = Server::builder()
        .scenario(scenario)
        .journal(true)
        .start()
        .await
        .expect("emulator starts");
    let config = Config::builder()
        .region(Region::new(server.region().to_owned()))
        .credentials_provider(Credentials::new(
            nova_act_local::DEFAULT_ACCESS_KEY_ID,
            nova_act_local::DEFAULT_SECRET_ACCESS_KEY,
            None,
            None,
            "nova-act-local",
        ))
        .http_client(nova_act_sdk::http::https_client())
        .endpoint_url(server.endpoint_url())
        .build();
    let client = Client::from_conf(config);
    client
        .create_workflow_definition()
        .name(DEFINITION)
        .send()
        .await
        .expect("definition");
    Emulator { server, client }
}

impl Emulator {
    pub fn workflow(&self) -> WorkflowBuilder {
        Workflow::builder(&self.client, DEFINITION)
    }

    /// The journal entries of one operation, in order.
    pub fn requests(&self, operation: &str) -> Vec<JournalEntry> {
        self.server
            .journal()
            .into_iter()
            .filter(|e| e.operation == operation)
            .collect()
    }

    /// The operations the emulator answered, in order.
    pub fn operations(&self) -> Vec<String> {
        self.server
            .journal()
            .into_iter()
            .map(|e| e.operation)
            .collect()
    }

    /// The body of the only `UpdateAct`.
    pub fn update_act(&self) -> Value {
        let updates = self.requests("UpdateAct");
        assert_eq!(updates.len(), 1, "one UpdateAct: {updates:#?}");
        assert_eq!(updates[0].status, 200, "{:?}", updates[0]);
        updates[0].body.clone()
    }

    /// The results of each `InvokeActStep`, as `(callId, text)`; observations shortened to
    /// `<observation>`.
    pub fn step_results(&self) -> Vec<Vec<(String, String)>> {
        self.requests("InvokeActStep")
            .iter()
            .map(|entry| {
                entry.body["callResults"]
                    .as_array()
                    .expect("callResults")
                    .iter()
                    .map(|r| {
                        let text = r["content"][0]["text"].as_str().expect("text");
                        let text = if text.contains("\"screenshotBase64\"") {
                            "<observation>".to_owned()
                        } else {
                            text.to_owned()
                        };
                        (r["callId"].as_str().unwrap_or_default().to_owned(), text)
                    })
                    .collect()
            })
            .collect()
    }

    /// The texts of the results of each step but the first, without the settle and
    /// observation the emulator appends to every step.
    pub fn tool_results(&self) -> Vec<Vec<String>> {
        self.step_results()
            .into_iter()
            .skip(1)
            .map(|step| {
                let mut texts: Vec<String> = step.into_iter().map(|(_, text)| text).collect();
                texts.truncate(texts.len().saturating_sub(2));
                texts
            })
            .collect()
    }

    /// The status of the workflow run, from the service.
    pub async fn run_status(&self, run_id: &str) -> String {
        self.client
            .get_workflow_run()
            .workflow_definition_name(DEFINITION)
            .workflow_run_id(run_id)
            .send()
            .await
            .expect("GetWorkflowRun")
            .status()
            .as_str()
            .to_owned()
    }
}
