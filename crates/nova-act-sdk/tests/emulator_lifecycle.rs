//! The SDK against the `nova-act-local` emulator, in-process, over real HTTP on 127.0.0.1 with
//! real SigV4 signatures.
//!
//! * `whole_lifecycle_with_tool_calls_and_paginators`: credentials and region come from a
//!   profile through `aws-config`'s profile providers; a definition, runs, sessions and acts
//!   are created, an act is driven with `InvokeActStep` until it returns, acts and the run are
//!   updated, everything is listed with the paginators (pages and items), then deleted.
//! * `every_error_the_emulator_sends_arrives_typed`: each modeled error the emulator can
//!   produce, with its members, as the operation's typed variant. The emulator never sends
//!   `AccessDeniedException` (it emulates no IAM) nor `ServiceQuotaExceededException` (no
//!   quotas), as its documentation says; its own authentication errors arrive as `Unhandled`
//!   with their code.
//! * `standard_retries_ride_out_throttling_without_duplicates` and
//!   `idempotency_tokens_survive_dropped_connections`: seeded fault injection; an interceptor
//!   records every attempt, and the observed faults are checked against the emulator's own
//!   fault sequence for the seed (`nova_act_local::faults::Faults`), the count of runs listed
//!   against the creates that reached the service.
//!
//! `aws-config`'s default chain (environment and profile files) is tested in
//! `emulator_default_chain.rs`, alone in its binary because it sets environment variables.

mod act_steps;

use act_steps::{first_results, observation, text_result};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_config::profile::{ProfileFileCredentialsProvider, ProfileFileRegionProvider};
use aws_config::provider_config::ProviderConfig;
use aws_config::BehaviorVersion;
use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
use nova_act_local::faults::{Fault, Faults};
use nova_act_local::{FaultConfig, Server};
use nova_act_sdk::config::{Intercept, RetryConfig, SdkConfig};
use nova_act_sdk::error::{ProvideErrorMetadata, RequestId, SdkError};
use nova_act_sdk::operation::create_act::CreateActError;
use nova_act_sdk::operation::create_session::CreateSessionError;
use nova_act_sdk::operation::create_workflow_definition::CreateWorkflowDefinitionError;
use nova_act_sdk::operation::create_workflow_run::CreateWorkflowRunError;
use nova_act_sdk::operation::get_workflow_definition::GetWorkflowDefinitionError;
use nova_act_sdk::operation::get_workflow_run::GetWorkflowRunError;
use nova_act_sdk::operation::invoke_act_step::InvokeActStepError;
use nova_act_sdk::operation::list_models::ListModelsError;
use nova_act_sdk::operation::list_workflow_definitions::ListWorkflowDefinitionsError;
use nova_act_sdk::operation::list_workflow_runs::ListWorkflowRunsError;
use nova_act_sdk::operation::update_act::UpdateActError;
use nova_act_sdk::operation::update_workflow_run::UpdateWorkflowRunError;
use nova_act_sdk::primitives::document_to_json;
use nova_act_sdk::types::{
    ActError, ActStatus, ActSummary, CallResult, ClientInfo, SortOrder, ToolInputSchema, ToolSpec,
    ValidationExceptionReason, WorkflowDefinitionStatus, WorkflowRunStatus,
};
use nova_act_sdk::Client;
use restjson_runtime::deps::aws_smithy_runtime_api::client::interceptors::context::{
    AfterDeserializationInterceptorContextRef, BeforeDeserializationInterceptorContextRef,
    BeforeTransmitInterceptorContextRef,
};
use restjson_runtime::deps::aws_smithy_runtime_api::client::orchestrator::Metadata;
use restjson_runtime::deps::aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use restjson_runtime::deps::aws_smithy_types::config_bag::ConfigBag;
use restjson_runtime::BoxError;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------
// Set-up
// ---------------------------------------------------------------------------------------

/// The profile the tests read their credentials and region from.
const PROFILE: &str = "nova-act-local";
/// A key pair only the emulators of these tests accept, so a passing call proves the
/// credentials came from the profile.
const PROFILE_KEY_ID: &str = "AKIDPROFILEEXAMPLE01";
const PROFILE_SECRET: &str = "profile/secret/for/the/emulator/tests";
const REGION: &str = "us-east-1";
const ACCOUNT: &str = "123456789012";

/// An emulator on 127.0.0.1 (a free port) accepting the profile's key pair.
async fn start(faults: FaultConfig) -> Server {
    Server::builder()
        .region(REGION)
        .account_id(ACCOUNT)
        .access_key(PROFILE_KEY_ID, PROFILE_SECRET)
        .faults(faults)
        .start()
        .await
        .expect("the emulator starts")
}

/// The shared configuration, loaded by `aws-config` as an application would: credentials
/// and region from a profile (`~/.aws/credentials` and `~/.aws/config` in real life, given
/// here as file contents), the emulator as endpoint, standard retries (with a 1 ms initial
/// backoff so that tests do not wait).
async fn sdk_config(server: &Server, max_attempts: u32) -> SdkConfig {
    let files = EnvConfigFiles::builder()
        .with_contents(
            EnvConfigFileKind::Credentials,
            format!(
                "[{PROFILE}]\naws_access_key_id = {PROFILE_KEY_ID}\naws_secret_access_key = {PROFILE_SECRET}\n"
            ),
        )
        .with_contents(
            EnvConfigFileKind::Config,
            format!("[profile {PROFILE}]\nregion = {REGION}\n"),
        )
        .build();
    // Providers built on their own need the HTTP client that `aws-config` would hand them
    // (profiles may name credential sources that make HTTP calls).
    let provider_config =
        ProviderConfig::default().with_http_client(nova_act_sdk::http::https_client());
    aws_config::defaults(BehaviorVersion::latest())
        .http_client(nova_act_sdk::http::https_client())
        .credentials_provider(
            ProfileFileCredentialsProvider::builder()
                .configure(&provider_config)
                .profile_files(files.clone())
                .profile_name(PROFILE)
                .build(),
        )
        .region(
            ProfileFileRegionProvider::builder()
                .configure(&provider_config)
                .profile_files(files)
                .profile_name(PROFILE)
                .build(),
        )
        .endpoint_url(server.endpoint_url())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(max_attempts)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .load()
        .await
}

/// A client on `sdk_config` whose attempts are recorded in `log`.
fn client_with_log(sdk_config: &SdkConfig, log: &AttemptLog) -> Client {
    Client::from_conf(
        nova_act_sdk::config::Builder::from(sdk_config)
            .interceptor(log.clone())
            .build(),
    )
}

async fn client(server: &Server) -> Client {
    Client::new(&sdk_config(server, 3).await)
}

fn client_info() -> ClientInfo {
    ClientInfo::builder()
        .compatibility_version(1)
        .sdk_version("nova-act-sdk-tests")
        .build()
        .unwrap()
}

/// A tool whose JSON Schema makes the emulator's default agent call it with
/// `{"destination": "LIS"}` (the first `enum` value).
fn fare_tool() -> ToolSpec {
    ToolSpec::builder()
        .name("lookup_fare")
        .description("Looks up the fare of a flight")
        .input_schema(ToolInputSchema::Json(
            nova_act_sdk::primitives::document_from_json(json!({
                "type": "object",
                "properties": {
                    "destination": {"type": "string", "enum": ["LIS", "OPO"]}
                },
                "required": ["destination"]
            })),
        ))
        .build()
        .unwrap()
}

/// The local tool behind `fare_tool`.
fn lookup_fare(input: &Value) -> String {
    match input["destination"].as_str() {
        Some("LIS") => "129 EUR".to_owned(),
        Some("OPO") => "98 EUR".to_owned(),
        other => format!("no fare for {other:?}"),
    }
}

async fn act_status(client: &Client, def: &str, act_id: &str) -> ActStatus {
    let acts = client
        .list_acts()
        .workflow_definition_name(def)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    acts.iter()
        .find(|a| a.act_id() == act_id)
        .map(|a| a.status().clone())
        .unwrap_or_else(|| panic!("act {act_id} is listed"))
}

fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit() && !c.is_ascii_uppercase(),
        })
}

// ---------------------------------------------------------------------------------------
// The lifecycle
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn whole_lifecycle_with_tool_calls_and_paginators() {
    let server = start(FaultConfig::default()).await;
    let client = client(&server).await;
    let def = "lifecycle-flow";

    // Models.
    let models = client
        .list_models()
        .client_compatibility_version(1)
        .send()
        .await
        .unwrap();
    assert!(models
        .model_aliases()
        .iter()
        .any(|a| a.alias_name() == "nova-act-latest" && a.latest_model_id() == "nova-act-v1.0"));
    assert_eq!(
        models
            .compatibility_information()
            .expect("ListModels answers with compatibility information")
            .client_compatibility_version(),
        1
    );

    // Definition.
    let created = client
        .create_workflow_definition()
        .name(def)
        .description("lifecycle test")
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), &WorkflowDefinitionStatus::Active);
    let got = client
        .get_workflow_definition()
        .workflow_definition_name(def)
        .send()
        .await
        .unwrap();
    assert_eq!(got.name(), def);
    assert_eq!(
        got.arn(),
        format!("arn:aws:nova-act:{REGION}:{ACCOUNT}:workflow-definition/{def}")
    );
    assert_eq!(got.description(), Some("lifecycle test"));
    assert_eq!(got.status(), &WorkflowDefinitionStatus::Active);

    // Run and sessions.
    let run = client
        .create_workflow_run()
        .workflow_definition_name(def)
        .model_id("nova-act-latest")
        .client_info(client_info())
        .send()
        .await
        .unwrap();
    assert_eq!(run.status(), &WorkflowRunStatus::Running);
    let run_id = run.workflow_run_id().to_owned();
    assert!(is_uuid(&run_id), "{run_id}");
    let got_run = client
        .get_workflow_run()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .send()
        .await
        .unwrap();
    assert_eq!(got_run.status(), &WorkflowRunStatus::Running);
    assert_eq!(got_run.model_id(), "nova-act-latest");
    assert_eq!(
        got_run.workflow_run_arn(),
        format!(
            "arn:aws:nova-act:{REGION}:{ACCOUNT}:workflow-definition/{def}/workflow-run/{run_id}"
        )
    );
    assert!(got_run.ended_at().is_none());

    let session = client
        .create_session()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .send()
        .await
        .unwrap()
        .session_id()
        .to_owned();
    let session2 = client
        .create_session()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .send()
        .await
        .unwrap()
        .session_id()
        .to_owned();

    // An act with a tool, driven until it returns.
    let act = client
        .create_act()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .session_id(&session)
        .task("Look up the fare to Lisbon and answer with it")
        .tool_specs(fare_tool())
        .send()
        .await
        .unwrap();
    assert_eq!(act.status(), &ActStatus::Running);
    let act_id = act.act_id().to_owned();
    let invoke = |results: Vec<CallResult>, previous: Option<String>| {
        client
            .invoke_act_step()
            .workflow_definition_name(def)
            .workflow_run_id(&run_id)
            .session_id(&session)
            .act_id(&act_id)
            .set_call_results(Some(results))
            .set_previous_step_id(previous)
            .send()
    };

    let mut results = first_results();
    let mut previous: Option<String> = None;
    let mut tool_calls = Vec::new();
    let mut answer = None;
    for _ in 0..10 {
        let request = (results.clone(), previous.clone());
        let step = invoke(std::mem::take(&mut results), previous.take())
            .await
            .unwrap();
        assert!(is_uuid(step.step_id()));
        for call in step.calls() {
            assert!(
                call.call_id().starts_with(step.step_id()),
                "call IDs are scoped to their step: {}",
                call.call_id()
            );
            let input = document_to_json(call.input());
            let text = match call.name() {
                "return" => {
                    answer = Some(input[0].clone());
                    continue;
                }
                "throw" => panic!("the act failed: {input}"),
                "waitForPageToSettle" => "null".to_owned(),
                "takeObservation" => observation(),
                name => {
                    assert_eq!(name, "lookup_fare");
                    tool_calls.push(input.clone());
                    json!(lookup_fare(&input)).to_string()
                }
            };
            results.push(text_result(call.call_id(), &text));
        }
        if answer.is_some() {
            // A retried request for the latest step gets the same answer again.
            let again = invoke(request.0, request.1).await.unwrap();
            assert_eq!(again.step_id(), step.step_id());
            assert_eq!(again.calls(), step.calls());
            break;
        }
        assert_eq!(
            act_status(&client, def, &act_id).await,
            ActStatus::PendingClientAction,
            "the act waits for the tool results"
        );
        previous = Some(step.step_id().to_owned());
    }
    assert_eq!(tool_calls, vec![json!({"destination": "LIS"})]);
    assert_eq!(answer, Some(json!("129 EUR")));
    // The client owns the final status: the act waits for it.
    assert_eq!(
        act_status(&client, def, &act_id).await,
        ActStatus::PendingClientAction
    );
    client
        .update_act()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .session_id(&session)
        .act_id(&act_id)
        .status(ActStatus::Succeeded)
        .send()
        .await
        .unwrap();
    assert_eq!(
        act_status(&client, def, &act_id).await,
        ActStatus::Succeeded
    );

    // Updating a finished act to the status it has is a no-op.
    client
        .update_act()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .session_id(&session)
        .act_id(&act_id)
        .status(ActStatus::Succeeded)
        .send()
        .await
        .unwrap();

    // An act without tools returns at once.
    let quick = client
        .create_act()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .session_id(&session2)
        .task("Say hello")
        .send()
        .await
        .unwrap()
        .act_id()
        .to_owned();
    let step = client
        .invoke_act_step()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .session_id(&session2)
        .act_id(&quick)
        .set_call_results(Some(first_results()))
        .send()
        .await
        .unwrap();
    assert_eq!(step.calls().len(), 1);
    assert_eq!(step.calls()[0].name(), "return");
    assert!(document_to_json(step.calls()[0].input())[0].is_string());
    client
        .update_act()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .session_id(&session2)
        .act_id(&quick)
        .status(ActStatus::Succeeded)
        .send()
        .await
        .unwrap();

    // An act moved through statuses by the client: waiting for a human, back to running,
    // then failed with an error.
    let manual = client
        .create_act()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .session_id(&session2)
        .task("Fill in the captcha")
        .tool_specs(fare_tool())
        .send()
        .await
        .unwrap()
        .act_id()
        .to_owned();
    let update_manual = |status: ActStatus| {
        client
            .update_act()
            .workflow_definition_name(def)
            .workflow_run_id(&run_id)
            .session_id(&session2)
            .act_id(&manual)
            .status(status)
    };
    update_manual(ActStatus::PendingHumanAction)
        .send()
        .await
        .unwrap();
    assert_eq!(
        act_status(&client, def, &manual).await,
        ActStatus::PendingHumanAction
    );
    update_manual(ActStatus::Running).send().await.unwrap();
    assert_eq!(act_status(&client, def, &manual).await, ActStatus::Running);
    update_manual(ActStatus::Failed)
        .error(
            ActError::builder()
                .message("The captcha could not be solved")
                .r#type("HumanActionTimeout")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    // Acts: items across pages of two, in creation order, with their statuses.
    let acts: Vec<ActSummary> = client
        .list_acts()
        .workflow_definition_name(def)
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    let listed: Vec<(&str, &ActStatus)> = acts.iter().map(|a| (a.act_id(), a.status())).collect();
    assert_eq!(
        listed,
        vec![
            (act_id.as_str(), &ActStatus::Succeeded),
            (quick.as_str(), &ActStatus::Succeeded),
            (manual.as_str(), &ActStatus::Failed),
        ]
    );
    assert!(acts.iter().all(|a| a.ended_at().is_some()));
    assert!(acts.iter().all(|a| a.workflow_run_id() == run_id));
    let pages = client
        .list_acts()
        .workflow_definition_name(def)
        .into_paginator()
        .page_size(2)
        .send()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.act_summaries().len()).collect();
    assert_eq!(sizes, vec![2, 1]);
    assert!(pages[0].next_token().is_some());
    assert!(pages[1].next_token().is_none());
    // Filtered by session.
    let in_session2: Vec<String> = client
        .list_acts()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .session_id(&session2)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap()
        .iter()
        .map(|a| a.act_id().to_owned())
        .collect();
    assert_eq!(in_session2, vec![quick.clone(), manual.clone()]);

    // Sessions, one per page.
    let session_pages = client
        .list_sessions()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .into_paginator()
        .page_size(1)
        .send()
        .try_collect()
        .await
        .unwrap();
    let sessions: Vec<&str> = session_pages
        .iter()
        .flat_map(|p| p.session_summaries())
        .map(|s| s.session_id())
        .collect();
    assert_eq!(sessions, vec![session.as_str(), session2.as_str()]);

    // The run ends; setting the status it has again is a no-op.
    for _ in 0..2 {
        client
            .update_workflow_run()
            .workflow_definition_name(def)
            .workflow_run_id(&run_id)
            .status(WorkflowRunStatus::Succeeded)
            .send()
            .await
            .unwrap();
    }
    let ended = client
        .get_workflow_run()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), &WorkflowRunStatus::Succeeded);
    let ended_at = ended.ended_at().expect("a finished run has ended_at");
    assert!(ended_at >= ended.started_at());

    // More runs, to page through: 5 in all, pages of 2.
    let mut run_ids = vec![run_id.clone()];
    for _ in 0..4 {
        let r = client
            .create_workflow_run()
            .workflow_definition_name(def)
            .model_id("nova-act-v1.0")
            .client_info(client_info())
            .send()
            .await
            .unwrap();
        run_ids.push(r.workflow_run_id().to_owned());
    }
    let run_pages = client
        .list_workflow_runs()
        .workflow_definition_name(def)
        .into_paginator()
        .page_size(2)
        .send()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = run_pages
        .iter()
        .map(|p| p.workflow_run_summaries().len())
        .collect();
    assert_eq!(sizes, vec![2, 2, 1]);
    let mut runs = client
        .list_workflow_runs()
        .workflow_definition_name(def)
        .into_paginator()
        .page_size(2)
        .items()
        .send();
    let mut listed_runs = Vec::new();
    while let Some(item) = runs.next().await {
        let item = item.unwrap();
        let expected = if item.workflow_run_id() == run_id {
            WorkflowRunStatus::Succeeded
        } else {
            WorkflowRunStatus::Running
        };
        assert_eq!(item.status(), &expected);
        assert!(item.workflow_run_arn().ends_with(item.workflow_run_id()));
        listed_runs.push(item.workflow_run_id().to_owned());
    }
    assert_eq!(listed_runs, run_ids);
    let descending: Vec<String> = client
        .list_workflow_runs()
        .workflow_definition_name(def)
        .sort_order(SortOrder::Desc)
        .into_paginator()
        .page_size(3)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap()
        .iter()
        .map(|r| r.workflow_run_id().to_owned())
        .collect();
    let mut reversed = run_ids.clone();
    reversed.reverse();
    assert_eq!(descending, reversed);

    // Definitions: a second one, listed one per page.
    client
        .create_workflow_definition()
        .name("lifecycle-other")
        .send()
        .await
        .unwrap();
    let def_pages = client
        .list_workflow_definitions()
        .into_paginator()
        .page_size(1)
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(def_pages.len(), 2);
    let names: Vec<&str> = def_pages
        .iter()
        .flat_map(|p| p.workflow_definition_summaries())
        .map(|d| d.workflow_definition_name())
        .collect();
    assert_eq!(names, vec![def, "lifecycle-other"]);

    // Delete a run: it is gone, with its sessions and acts.
    let deleted = client
        .delete_workflow_run()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), &WorkflowRunStatus::Deleting);
    let gone = client
        .get_workflow_run()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(gone.is_resource_not_found_exception(), "{gone:?}");
    let remaining = client
        .list_workflow_runs()
        .workflow_definition_name(def)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(remaining.len(), 4);
    let acts_left = client
        .list_acts()
        .workflow_definition_name(def)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert!(acts_left.is_empty(), "{acts_left:?}");

    // Delete the definitions: everything is gone.
    for name in [def, "lifecycle-other"] {
        let deleted = client
            .delete_workflow_definition()
            .workflow_definition_name(name)
            .send()
            .await
            .unwrap();
        assert_eq!(deleted.status(), &WorkflowDefinitionStatus::Deleting);
    }
    let err = client
        .get_workflow_definition()
        .workflow_definition_name(def)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            err,
            GetWorkflowDefinitionError::ResourceNotFoundException(_)
        ),
        "{err:?}"
    );
    let defs = client
        .list_workflow_definitions()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert!(defs.is_empty(), "{defs:?}");

    server.shutdown().await;
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/// The service error of a failed call (panics on success or on a non-service error).
fn service_error<O: std::fmt::Debug, E: std::fmt::Debug, R: std::fmt::Debug>(
    result: Result<O, SdkError<E, R>>,
) -> E {
    match result {
        Ok(output) => panic!("expected an error, got {output:?}"),
        Err(SdkError::ServiceError(e)) => e.into_err(),
        Err(other) => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
async fn every_error_the_emulator_sends_arrives_typed() {
    let server = start(FaultConfig::default()).await;
    let client = client(&server).await;
    let def = "errors-flow";
    client
        .create_workflow_definition()
        .name(def)
        .send()
        .await
        .unwrap();
    let run_id = client
        .create_workflow_run()
        .workflow_definition_name(def)
        .model_id("nova-act-latest")
        .client_info(client_info())
        .send()
        .await
        .unwrap()
        .workflow_run_id()
        .to_owned();
    let session = client
        .create_session()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .send()
        .await
        .unwrap()
        .session_id()
        .to_owned();
    let missing = "00000000-0000-4000-8000-000000000000";

    // ValidationException with a field list: one entry per violated constraint.
    let err = service_error(
        client
            .list_workflow_runs()
            .workflow_definition_name("?*!")
            .max_results(1000)
            .send()
            .await,
    );
    let ListWorkflowRunsError::ValidationException(e) = err else {
        panic!("expected ValidationException, got {err:?}")
    };
    assert_eq!(
        e.reason(),
        &ValidationExceptionReason::FieldValidationFailed
    );
    let mut fields: Vec<&str> = e.field_list().iter().map(|f| f.name()).collect();
    fields.sort_unstable();
    assert_eq!(fields, vec!["maxResults", "workflowDefinitionName"]);
    assert!(e.field_list().iter().all(|f| !f.message().is_empty()));
    assert!(
        e.message().starts_with("2 validation errors detected"),
        "{e:?}"
    );
    assert_eq!(ProvideErrorMetadata::code(&e), Some("ValidationException"));
    assert!(e.request_id().is_some_and(is_uuid));

    // Nested paths name the member.
    let duplicate_tools = client
        .create_act()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .session_id(&session)
        .task("t")
        .tool_specs(fare_tool())
        .tool_specs(fare_tool())
        .send()
        .await;
    match service_error(duplicate_tools) {
        CreateActError::ValidationException(e) => {
            assert_eq!(e.field_list().len(), 1);
            assert_eq!(e.field_list()[0].name(), "toolSpecs[1].name");
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }

    // The same client token with other parameters.
    let token = "7d4f7a9e-1c1b-4a63-9a0e-3f0d8e2b1c55";
    client
        .create_workflow_run()
        .workflow_definition_name(def)
        .model_id("nova-act-latest")
        .client_info(client_info())
        .client_token(token)
        .send()
        .await
        .unwrap();
    let reused = client
        .create_workflow_run()
        .workflow_definition_name(def)
        .model_id("nova-act-v0.9")
        .client_info(client_info())
        .client_token(token)
        .send()
        .await;
    match service_error(reused) {
        CreateWorkflowRunError::ValidationException(e) => {
            assert_eq!(e.field_list()[0].name(), "clientToken");
            assert!(e.message().contains(token), "{e:?}");
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }

    // ValidationException without fields: a status change the run's state does not allow.
    client
        .update_workflow_run()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .status(WorkflowRunStatus::Succeeded)
        .send()
        .await
        .unwrap();
    let reopened = client
        .update_workflow_run()
        .workflow_definition_name(def)
        .workflow_run_id(&run_id)
        .status(WorkflowRunStatus::Running)
        .send()
        .await;
    match service_error(reopened) {
        UpdateWorkflowRunError::ValidationException(e) => {
            assert_eq!(e.reason(), &ValidationExceptionReason::InvalidStatus);
            assert!(e.field_list().is_empty());
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }

    // ResourceNotFoundException names the missing resource and its type.
    match service_error(
        client
            .get_workflow_run()
            .workflow_definition_name(def)
            .workflow_run_id(missing)
            .send()
            .await,
    ) {
        GetWorkflowRunError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id(), missing);
            assert_eq!(e.resource_type(), "WorkflowRun");
            assert_eq!(
                ProvideErrorMetadata::code(&e),
                Some("ResourceNotFoundException")
            );
            assert!(e.message().contains(missing));
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    match service_error(
        client
            .create_workflow_run()
            .workflow_definition_name("no-such-flow")
            .model_id("nova-act-latest")
            .client_info(client_info())
            .send()
            .await,
    ) {
        CreateWorkflowRunError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id(), "no-such-flow");
            assert_eq!(e.resource_type(), "WorkflowDefinition");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    match service_error(
        client
            .update_act()
            .workflow_definition_name(def)
            .workflow_run_id(&run_id)
            .session_id(&session)
            .act_id(missing)
            .status(ActStatus::Failed)
            .send()
            .await,
    ) {
        UpdateActError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id(), missing);
            assert_eq!(e.resource_type(), "Act");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }

    // ConflictException: a name in use, work for a finished run, a step for a finished act.
    match service_error(client.create_workflow_definition().name(def).send().await) {
        CreateWorkflowDefinitionError::ConflictException(e) => {
            assert_eq!(e.resource_id(), def);
            assert_eq!(e.resource_type(), "WorkflowDefinition");
            assert_eq!(ProvideErrorMetadata::code(&e), Some("ConflictException"));
        }
        other => panic!("expected ConflictException, got {other:?}"),
    }
    match service_error(
        client
            .create_session()
            .workflow_definition_name(def)
            .workflow_run_id(&run_id)
            .send()
            .await,
    ) {
        CreateSessionError::ConflictException(e) => {
            assert_eq!(e.resource_id(), run_id.as_str());
            assert_eq!(e.resource_type(), "WorkflowRun");
        }
        other => panic!("expected ConflictException, got {other:?}"),
    }
    let run2 = client
        .create_workflow_run()
        .workflow_definition_name(def)
        .model_id("nova-act-latest")
        .client_info(client_info())
        .send()
        .await
        .unwrap()
        .workflow_run_id()
        .to_owned();
    let session2 = client
        .create_session()
        .workflow_definition_name(def)
        .workflow_run_id(&run2)
        .send()
        .await
        .unwrap()
        .session_id()
        .to_owned();
    let act = client
        .create_act()
        .workflow_definition_name(def)
        .workflow_run_id(&run2)
        .session_id(&session2)
        .task("no tools: returns at once")
        .send()
        .await
        .unwrap()
        .act_id()
        .to_owned();
    let step = |results: Vec<CallResult>, previous: Option<&str>| {
        client
            .invoke_act_step()
            .workflow_definition_name(def)
            .workflow_run_id(&run2)
            .session_id(&session2)
            .act_id(&act)
            .set_call_results(Some(results))
            .set_previous_step_id(previous.map(str::to_owned))
            .send()
    };
    // A first step without `initiateAct` and an observation is refused, saying what it needs.
    match service_error(step(vec![text_result("ready", "null")], None).await) {
        InvokeActStepError::ValidationException(e) => {
            assert!(e.message().contains("initiateAct"), "{e:?}");
            assert_eq!(e.field_list()[0].name(), "callResults");
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }
    let first = step(first_results(), None).await.unwrap();
    assert_eq!(first.calls()[0].name(), "return");
    // After the last step, more steps are a conflict.
    let answer = vec![text_result(first.calls()[0].call_id(), "null")];
    match service_error(step(answer, Some(first.step_id())).await) {
        InvokeActStepError::ConflictException(e) => {
            assert_eq!(e.resource_id(), act.as_str());
            assert_eq!(e.resource_type(), "Act");
        }
        other => panic!("expected ConflictException, got {other:?}"),
    }

    // Authentication failures are not modeled: they arrive as `Unhandled`, with their code.
    // (The emulator never sends AccessDeniedException: it emulates no IAM policies.)
    let stranger = Client::from_conf(
        nova_act_sdk::config::Builder::from(&sdk_config(&server, 1).await)
            .credentials_provider(nova_act_sdk::config::Credentials::new(
                "AKIDUNKNOWNEXAMPLE01",
                "whatever",
                None,
                None,
                "test",
            ))
            .build(),
    );
    let err = service_error(
        stranger
            .list_models()
            .client_compatibility_version(1)
            .send()
            .await,
    );
    assert!(matches!(err, ListModelsError::Unhandled(_)), "{err:?}");
    assert_eq!(err.code(), Some("UnrecognizedClientException"));
    assert!(!err.is_access_denied_exception());
    server.shutdown().await;

    // ThrottlingException and InternalServerException, injected for every request. Without
    // retries the first answer is the error; with standard retries, the SDK tries 3 times.
    let server = start(FaultConfig::seeded(1).throttle(1.0)).await;
    let log = AttemptLog::default();
    let no_retries = client_with_log(&sdk_config(&server, 1).await, &log);
    match service_error(no_retries.list_workflow_definitions().send().await) {
        ListWorkflowDefinitionsError::ThrottlingException(e) => {
            assert_eq!(e.service_code(), Some("nova-act"));
            assert_eq!(e.quota_code(), Some("emulated-request-rate"));
            assert_eq!(e.retry_after_seconds(), Some(1));
            assert_eq!(e.message(), "Rate exceeded");
            assert_eq!(ProvideErrorMetadata::code(&e), Some("ThrottlingException"));
            assert!(e.request_id().is_some_and(is_uuid));
        }
        other => panic!("expected ThrottlingException, got {other:?}"),
    }
    assert_eq!(log.statuses(), vec![Some(429)]);
    let retrying = client_with_log(&sdk_config(&server, 3).await, &log);
    let err = service_error(retrying.create_workflow_definition().name(def).send().await);
    assert!(err.is_throttling_exception(), "{err:?}");
    assert_eq!(log.statuses(), vec![Some(429); 4]);
    server.shutdown().await;

    let server = start(FaultConfig::seeded(1).internal_errors(1.0)).await;
    let log = AttemptLog::default();
    let no_retries = client_with_log(&sdk_config(&server, 1).await, &log);
    match service_error(
        no_retries
            .get_workflow_run()
            .workflow_definition_name(def)
            .workflow_run_id(missing)
            .send()
            .await,
    ) {
        GetWorkflowRunError::InternalServerException(e) => {
            assert_eq!(e.retry_after_seconds(), Some(1));
            assert_eq!(e.reason(), None);
            assert!(e.message().contains("fault injection"));
            assert_eq!(
                ProvideErrorMetadata::code(&e),
                Some("InternalServerException")
            );
        }
        other => panic!("expected InternalServerException, got {other:?}"),
    }
    let retrying = client_with_log(&sdk_config(&server, 3).await, &log);
    let err = service_error(
        retrying
            .create_workflow_run()
            .workflow_definition_name(def)
            .model_id("nova-act-latest")
            .client_info(client_info())
            .send()
            .await,
    );
    assert!(err.is_internal_server_exception(), "{err:?}");
    assert_eq!(log.statuses(), vec![Some(500); 4]);
    server.shutdown().await;
}

// ---------------------------------------------------------------------------------------
// Retries and idempotency under injected faults
// ---------------------------------------------------------------------------------------

/// One attempt (one HTTP request) as an interceptor saw it.
#[derive(Clone, Debug)]
struct Attempt {
    operation: String,
    client_token: Option<String>,
    status: Option<u16>,
    /// The response started, but its body could not be read (a dropped connection).
    body_failed: bool,
}

impl Attempt {
    /// The fault the emulator injected into this attempt, as the client observed it.
    fn fault(&self) -> Fault {
        match self.status {
            Some(429) => Fault::Throttle,
            Some(500) => Fault::InternalError,
            _ if self.body_failed => Fault::DropConnection,
            _ => Fault::None,
        }
    }

    /// Whether the emulator carried out the operation (faults other than a dropped
    /// connection are injected before routing).
    fn executed(&self) -> bool {
        matches!(self.fault(), Fault::None | Fault::DropConnection)
    }
}

/// Records every attempt of every call made by the clients it is installed in.
#[derive(Clone, Debug, Default)]
struct AttemptLog(Arc<Mutex<Vec<Attempt>>>);

impl AttemptLog {
    fn all(&self) -> Vec<Attempt> {
        self.0.lock().unwrap().clone()
    }

    fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }

    fn since(&self, start: usize) -> Vec<Attempt> {
        self.0.lock().unwrap()[start..].to_vec()
    }

    fn statuses(&self) -> Vec<Option<u16>> {
        self.all().iter().map(|a| a.status).collect()
    }

    fn update_last(&self, f: impl FnOnce(&mut Attempt)) {
        if let Some(last) = self.0.lock().unwrap().last_mut() {
            f(last);
        }
    }
}

impl Intercept for AttemptLog {
    fn name(&self) -> &'static str {
        "AttemptLog"
    }

    fn read_before_attempt(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let body = context.request().body().bytes().unwrap_or_default();
        let client_token = serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|b| b.get("clientToken")?.as_str().map(str::to_owned));
        let operation = cfg
            .load::<Metadata>()
            .map(|m| m.name().to_owned())
            .unwrap_or_default();
        self.0.lock().unwrap().push(Attempt {
            operation,
            client_token,
            status: None,
            body_failed: false,
        });
        Ok(())
    }

    fn read_after_transmit(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let status = context.response().status().as_u16();
        self.update_last(|a| a.status = Some(status));
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let body_failed = matches!(context.output_or_error(), Err(e) if e.is_response_error());
        self.update_last(|a| a.body_failed = body_failed);
        Ok(())
    }
}

/// The faults the attempts of one call would meet, replaying the emulator's draws: the
/// standard retry strategy tries again after each fault (throttling, internal error, dropped
/// connection), up to `max_attempts`.
fn next_call(faults: &Faults, max_attempts: usize) -> Vec<Fault> {
    let mut seen = Vec::new();
    while seen.len() < max_attempts {
        let fault = faults.draw();
        seen.push(fault);
        if fault == Fault::None {
            break;
        }
    }
    seen
}

/// Finds a seed under which the definition create (10 attempts) and then `calls` creates
/// (3 attempts each) meet faults such that `wanted` holds for at least one create.
fn seed_where(
    config: impl Fn(u64) -> FaultConfig,
    calls: usize,
    wanted: impl Fn(&[Fault]) -> bool,
) -> FaultConfig {
    (0..10_000)
        .map(&config)
        .find(|c| {
            let faults = Faults::new(c.clone());
            next_call(&faults, 10);
            (0..calls).any(|_| wanted(&next_call(&faults, 3)))
        })
        .expect("a seed fits")
}

/// What happened to `calls` sequential `CreateWorkflowRun` calls under `faults`.
struct CreateReport {
    /// Run IDs of the calls that succeeded.
    created: Vec<String>,
    /// Calls that failed after all their attempts.
    failed: usize,
    /// Calls whose attempts reached the operation at least once.
    executed: usize,
    /// Calls that succeeded after a dropped connection (the run was created on the first
    /// attempt that got through; the retry got the same answer).
    recovered_from_drop: Vec<String>,
    /// Runs listed afterwards.
    listed: Vec<String>,
    /// Every attempt, in order.
    attempts: Vec<Attempt>,
}

async fn create_runs_under_faults(faults: FaultConfig, calls: usize) -> CreateReport {
    let server = start(faults.clone()).await;
    let log = AttemptLog::default();
    // Creates: the standard strategy, 3 attempts per call.
    let client = client_with_log(&sdk_config(&server, 3).await, &log);
    // Reads: more attempts, so that listing is not what the faults break.
    let patient = client_with_log(&sdk_config(&server, 10).await, &log);
    let def = "retried-runs";
    patient
        .create_workflow_definition()
        .name(def)
        .send()
        .await
        .unwrap();

    let mut report = CreateReport {
        created: Vec::new(),
        failed: 0,
        executed: 0,
        recovered_from_drop: Vec::new(),
        listed: Vec::new(),
        attempts: Vec::new(),
    };
    let mut tokens = Vec::new();
    for _ in 0..calls {
        let start = log.len();
        let result = client
            .create_workflow_run()
            .workflow_definition_name(def)
            .model_id("nova-act-latest")
            .client_info(client_info())
            .send()
            .await;
        let attempts = log.since(start);
        assert!(!attempts.is_empty() && attempts.len() <= 3, "{attempts:?}");
        // The SDK filled the idempotency token and sent the same one on every attempt.
        let token = attempts[0]
            .client_token
            .clone()
            .expect("the SDK fills clientToken");
        assert!(is_uuid(&token), "{token}");
        assert!(
            attempts
                .iter()
                .all(|a| a.client_token.as_deref() == Some(token.as_str())),
            "one token for all attempts of a call: {attempts:?}"
        );
        tokens.push(token);
        if attempts.iter().any(Attempt::executed) {
            report.executed += 1;
        }
        match result {
            Ok(out) => {
                assert_eq!(attempts.last().unwrap().fault(), Fault::None);
                if attempts.iter().any(|a| a.fault() == Fault::DropConnection) {
                    report
                        .recovered_from_drop
                        .push(out.workflow_run_id().to_owned());
                }
                report.created.push(out.workflow_run_id().to_owned());
            }
            Err(e) => {
                assert_eq!(attempts.len(), 3, "gave up after 3 attempts: {e:?}");
                report.failed += 1;
            }
        }
    }
    let mut distinct = tokens.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), calls, "a fresh token per call");

    report.listed = patient
        .list_workflow_runs()
        .workflow_definition_name(def)
        .into_paginator()
        .page_size(7)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap()
        .iter()
        .map(|r| r.workflow_run_id().to_owned())
        .collect();
    report.attempts = log.all();
    server.shutdown().await;
    let count = |fault| {
        report
            .attempts
            .iter()
            .filter(|a| a.fault() == fault)
            .count()
    };
    eprintln!(
        "seed {}: {} attempts ({} throttled, {} cut off), {calls} creates: {} succeeded, {} failed, {} reached the service; {} runs listed",
        faults.seed,
        report.attempts.len(),
        count(Fault::Throttle),
        count(Fault::DropConnection),
        report.created.len(),
        report.failed,
        report.executed,
        report.listed.len(),
    );
    report
}

fn assert_matches_fault_sequence(config: &FaultConfig, attempts: &[Attempt]) {
    let faults = Faults::new(config.clone());
    let expected: Vec<Fault> = attempts.iter().map(|_| faults.draw()).collect();
    let observed: Vec<Fault> = attempts.iter().map(Attempt::fault).collect();
    assert_eq!(observed, expected, "{attempts:#?}");
}

#[tokio::test]
async fn standard_retries_ride_out_throttling_without_duplicates() {
    const CALLS: usize = 40;
    // A seed under which at least one create runs out of its 3 attempts.
    let config = seed_where(
        |seed| FaultConfig::seeded(seed).throttle(0.35),
        CALLS,
        |call| call.len() == 3 && call.iter().all(|f| *f == Fault::Throttle),
    );

    let report = create_runs_under_faults(config.clone(), CALLS).await;
    assert_matches_fault_sequence(&config, &report.attempts);

    let creates: Vec<&Attempt> = report
        .attempts
        .iter()
        .filter(|a| a.operation == "CreateWorkflowRun")
        .collect();
    let throttled = creates
        .iter()
        .filter(|a| a.fault() == Fault::Throttle)
        .count();
    assert!(throttled > 0, "some requests were throttled");
    assert!(
        creates.len() > CALLS,
        "the SDK retried: {} attempts",
        creates.len()
    );
    assert!(
        report.failed > 0,
        "the seed makes a create run out of attempts"
    );
    assert_eq!(report.created.len() + report.failed, CALLS);

    // Throttled requests create nothing, so the runs listed are exactly the successful ones.
    assert_eq!(report.executed, report.created.len());
    let mut listed = report.listed.clone();
    let mut created = report.created.clone();
    listed.sort_unstable();
    created.sort_unstable();
    assert_eq!(listed, created);
}

#[tokio::test]
async fn idempotency_tokens_survive_dropped_connections() {
    const CALLS: usize = 30;
    // A seed under which some create has its answer cut off, then succeeds on a retry.
    let config = seed_where(
        |seed| {
            FaultConfig::seeded(seed)
                .throttle(0.2)
                .drop_connections(0.2)
        },
        CALLS,
        |call| call.first() == Some(&Fault::DropConnection) && call.last() == Some(&Fault::None),
    );

    let report = create_runs_under_faults(config.clone(), CALLS).await;
    assert_matches_fault_sequence(&config, &report.attempts);
    assert!(
        report
            .attempts
            .iter()
            .any(|a| a.fault() == Fault::DropConnection),
        "some answers were cut off"
    );
    assert!(!report.recovered_from_drop.is_empty());

    // One run per call that reached the service, however many of its attempts did: the
    // retries after a dropped answer carried the same token and got the first answer back.
    assert_eq!(report.listed.len(), report.executed);
    let mut distinct = report.listed.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), report.listed.len());
    for id in report.created.iter().chain(&report.recovered_from_drop) {
        assert_eq!(
            report.listed.iter().filter(|l| *l == id).count(),
            1,
            "run {id} is listed once"
        );
    }
    assert!(report.created.len() + report.failed == CALLS);
}
