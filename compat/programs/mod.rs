//! The compatibility programs. Each is written as an application would use the official
//! crate, and records what it observed as lines of a transcript; the test in
//! `compat/ours/tests/transcripts.rs` runs every program against both crates and compares.

use aws_smithy_http_client::test_util::ReplayEvent;
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_smithy_types::body::SdkBody;

pub mod act_steps;
pub mod concurrency;
pub mod config_imports;
pub mod crate_error;
pub mod customize;
pub mod documents;
pub mod enums;
pub mod error_fakes;
pub mod idempotency;
pub mod interceptors;
pub mod meta_version;
pub mod mocks;
pub mod paginators;
pub mod replayed_responses;
pub mod retry_settings;
pub mod run_lifecycle;
pub mod sdk_config;
pub mod sdk_error_alias;
pub mod send_with;
pub mod service_errors;

/// Where a program finds the service, and the HTTP client to reach it with.
#[derive(Clone, Debug)]
pub struct Env {
    /// The service's endpoint URL.
    pub endpoint_url: String,
    /// The HTTP client the program gives its configuration.
    pub http_client: SharedHttpClient,
    /// Access key id and secret the service accepts.
    pub credentials: (String, String),
}

/// What a program observed, one line per fact.
pub type Transcript = Vec<String>;

/// The error type of a program's `run`.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The names of the programs, in the order they run.
pub const PROGRAMS: &[&str] = &[
    "act_steps",
    "concurrency",
    "config_imports",
    "crate_error",
    "customize",
    "documents",
    "enums",
    "error_fakes",
    "idempotency",
    "interceptors",
    "meta_version",
    "mocks",
    "paginators",
    "replayed_responses",
    "retry_settings",
    "run_lifecycle",
    "sdk_config",
    "sdk_error_alias",
    "send_with",
    "service_errors",
];

/// Runs the program called `name`.
pub async fn run(name: &str, env: &Env) -> Result<Transcript, BoxError> {
    match name {
        "act_steps" => act_steps::run(env).await,
        "concurrency" => concurrency::run(env).await,
        "config_imports" => config_imports::run(env).await,
        "crate_error" => crate_error::run(env).await,
        "customize" => customize::run(env).await,
        "documents" => documents::run(env).await,
        "enums" => enums::run(env).await,
        "error_fakes" => error_fakes::run(env).await,
        "idempotency" => idempotency::run(env).await,
        "interceptors" => interceptors::run(env).await,
        "meta_version" => meta_version::run(env).await,
        "mocks" => mocks::run(env).await,
        "paginators" => paginators::run(env).await,
        "replayed_responses" => replayed_responses::run(env).await,
        "retry_settings" => retry_settings::run(env).await,
        "run_lifecycle" => run_lifecycle::run(env).await,
        "sdk_config" => sdk_config::run(env).await,
        "sdk_error_alias" => sdk_error_alias::run(env).await,
        "send_with" => send_with::run(env).await,
        "service_errors" => service_errors::run(env).await,
        other => Err(format!("no program is called {other}").into()),
    }
}

/// A client configured from the environment's endpoint, HTTP client and credentials, as an
/// application configures one in code.
pub fn client(env: &Env) -> aws_sdk_novaact::Client {
    let config = aws_sdk_novaact::Config::builder()
        .behavior_version(aws_sdk_novaact::config::BehaviorVersion::latest())
        .region(aws_sdk_novaact::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_novaact::config::Credentials::new(
            env.credentials.0.clone(),
            env.credentials.1.clone(),
            None,
            None,
            "compat",
        ))
        .endpoint_url(env.endpoint_url.clone())
        .http_client(env.http_client.clone())
        .build();
    aws_sdk_novaact::Client::from_conf(config)
}

/// A canned answer for `aws-smithy-http-client`'s replay client, as unit tests fake the
/// service: a JSON body with a status, and the error type header when one is given.
pub fn canned(status: u16, error_type: Option<&str>, body: &str) -> ReplayEvent {
    let request = http::Request::builder()
        .uri("https://example.com/")
        .body(SdkBody::empty())
        .expect("a valid request");
    let mut response = http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("x-amzn-requestid", format!("req-{status}"));
    if let Some(error_type) = error_type {
        response = response.header("x-amzn-errortype", error_type);
    }
    ReplayEvent::new(
        request,
        response
            .body(SdkBody::from(body.to_string()))
            .expect("a valid response"),
    )
}
