//! `aws-config`'s default chain feeding the SDK, against the in-process emulator: nothing is
//! configured in code, everything comes from profile files and environment variables, as
//! in an application deployed with `aws_config::load_defaults`.
//!
//! This binary holds a single test because it sets process environment variables; the test
//! runs on a current-thread runtime and changes the environment only while no request is in
//! flight, so nothing reads the environment concurrently.

use std::path::{Path, PathBuf};

use aws_config::BehaviorVersion;
use nova_act_local::Server;
use nova_act_sdk::config::SdkConfig;
use nova_act_sdk::types::{ClientInfo, WorkflowDefinitionStatus, WorkflowRunStatus};
use nova_act_sdk::Client;

const REGION: &str = "us-east-1";
/// Key pairs accepted by the emulator; neither is its documented default.
const PROFILE_KEY: (&str, &str) = ("AKIDPROFILECHAIN0001", "secret/from/the/credentials/file");
const ENV_KEY: (&str, &str) = ("AKIDENVIRONMENT00001", "secret/from/the/environment");

/// Settings of the environment that could steer the chain away from what the test sets up.
const CLEARED: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_NOVA_ACT",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "AWS_MAX_ATTEMPTS",
    "AWS_RETRY_MODE",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
];

/// A directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn set_env(name: &str, value: impl AsRef<std::ffi::OsStr>) {
    std::env::set_var(name, value);
}

/// Loads the shared configuration the way an application does: `aws-config`'s default
/// chain, given only the HTTP client the SDK shares with it.
async fn load_defaults() -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .http_client(nova_act_sdk::http::https_client())
        .load()
        .await
}

async fn access_key_of(sdk_config: &SdkConfig) -> String {
    use restjson_runtime::deps::aws_credential_types::provider::ProvideCredentials;
    let provider = sdk_config
        .credentials_provider()
        .expect("the default chain gives a credentials provider");
    provider
        .provide_credentials()
        .await
        .expect("credentials resolve")
        .access_key_id()
        .to_owned()
}

/// Creates a definition and a run, lists them and deletes the definition: proof that the
/// requests reached the emulator, signed with keys and a region it accepts.
async fn round_trip(client: &Client, name: &str) {
    let created = client
        .create_workflow_definition()
        .name(name)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), &WorkflowDefinitionStatus::Active);
    let run = client
        .create_workflow_run()
        .workflow_definition_name(name)
        .model_id("nova-act-latest")
        .client_info(
            ClientInfo::builder()
                .compatibility_version(1)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(run.status(), &WorkflowRunStatus::Running);
    let runs = client
        .list_workflow_runs()
        .workflow_definition_name(name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].workflow_run_id(), run.workflow_run_id());
    let deleted = client
        .delete_workflow_definition()
        .workflow_definition_name(name)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), &WorkflowDefinitionStatus::Deleting);
}

/// A config file whose `emulator` profile names a region and, through a `services` section, an
/// endpoint for Nova Act only. The service's key in that section is derived from its SDK ID
/// (`Nova Act`) by `aws-runtime`, which lower-cases it and replaces spaces with hyphens.
fn config_file(dir: &TempDir, region: &str, endpoint: &str) -> PathBuf {
    dir.write(
        "config",
        &format!(
            "[profile emulator]\n\
             region = {region}\n\
             services = local-nova-act\n\
             \n\
             [services local-nova-act]\n\
             nova-act =\n  endpoint_url = {endpoint}\n"
        ),
    )
}

fn credentials_file(dir: &TempDir, key: (&str, &str)) -> PathBuf {
    dir.write(
        "credentials",
        &format!(
            "[emulator]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
            key.0, key.1
        ),
    )
}

fn point_env_at_profile(config: &Path, credentials: &Path) {
    set_env("AWS_CONFIG_FILE", config);
    set_env("AWS_SHARED_CREDENTIALS_FILE", credentials);
    set_env("AWS_PROFILE", "emulator");
}

#[tokio::test]
async fn the_default_chain_reads_profile_files_then_environment_variables() {
    let server = Server::builder()
        .region(REGION)
        .access_key(PROFILE_KEY.0, PROFILE_KEY.1)
        .access_key(ENV_KEY.0, ENV_KEY.1)
        .start()
        .await
        .unwrap();
    let dir = TempDir::new("nova-act-sdk-default-chain");

    for name in CLEARED {
        std::env::remove_var(name);
    }
    // Nothing should fall through to the instance metadata service; if it did, fail fast.
    set_env("AWS_EC2_METADATA_DISABLED", "true");

    // 1. Profile files only: region and a service-specific endpoint from the config file
    //    (a `services` section), keys from the credentials file.
    let config = config_file(&dir, REGION, &server.endpoint_url());
    let credentials = credentials_file(&dir, PROFILE_KEY);
    point_env_at_profile(&config, &credentials);

    let sdk_config = load_defaults().await;
    assert_eq!(sdk_config.region().map(|r| r.as_ref()), Some(REGION));
    assert_eq!(access_key_of(&sdk_config).await, PROFILE_KEY.0);
    let client = Client::new(&sdk_config);
    assert_eq!(
        client.config().endpoint_url(),
        Some(server.endpoint_url().as_str()),
        "the endpoint of the profile's services section"
    );
    round_trip(&client, "from-profile-files").await;

    // 2. Environment variables win over the profile, which now names a region the emulator
    //    rejects, keys it does not know and an endpoint where nothing listens: a call only
    //    succeeds if every setting came from the environment.
    let config = config_file(&dir, "eu-west-1", "http://127.0.0.1:9");
    let credentials = credentials_file(&dir, ("AKIDNOTACCEPTED00001", "nope"));
    point_env_at_profile(&config, &credentials);
    set_env("AWS_REGION", REGION);
    set_env("AWS_ACCESS_KEY_ID", ENV_KEY.0);
    set_env("AWS_SECRET_ACCESS_KEY", ENV_KEY.1);
    set_env("AWS_ENDPOINT_URL_NOVA_ACT", server.endpoint_url());

    let sdk_config = load_defaults().await;
    assert_eq!(sdk_config.region().map(|r| r.as_ref()), Some(REGION));
    assert_eq!(access_key_of(&sdk_config).await, ENV_KEY.0);
    let client = Client::new(&sdk_config);
    assert_eq!(
        client.config().endpoint_url(),
        Some(server.endpoint_url().as_str())
    );
    round_trip(&client, "from-environment").await;

    server.shutdown().await;
}
