//! Configuration written with the types `config` exports: retry and time-out settings, an
//! app name, stalled-stream protection, and a config rebuilt from a client's.

use std::time::Duration;

use aws_sdk_novaact::config::retry::{RetryConfig, RetryMode, RetryPartition};
use aws_sdk_novaact::config::timeout::TimeoutConfig;
use aws_sdk_novaact::config::{AppName, BehaviorVersion, Credentials, Region};

use super::{BoxError, Env, Transcript};

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let mut transcript = Transcript::new();
    let config = aws_sdk_novaact::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            env.credentials.0.clone(),
            env.credentials.1.clone(),
            None,
            None,
            "compat",
        ))
        .endpoint_url(env.endpoint_url.clone())
        .http_client(env.http_client.clone())
        .retry_config(RetryConfig::standard().with_max_attempts(5))
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(Duration::from_secs(30))
                .connect_timeout(Duration::from_secs(3))
                .build(),
        )
        .app_name(AppName::new("compat-app")?)
        .retry_partition(RetryPartition::new("compat-partition"))
        .build();
    transcript.push(format!(
        "retry partition set: {}",
        config.retry_partition().is_some()
    ));
    let retry = config
        .retry_config()
        .cloned()
        .unwrap_or_else(RetryConfig::disabled);
    transcript.push(format!(
        "retry: {} attempts, standard: {}",
        retry.max_attempts(),
        retry.mode() == RetryMode::Standard
    ));
    let timeouts = config.timeout_config().cloned();
    transcript.push(format!(
        "operation time-out: {:?}",
        timeouts.and_then(|t| t.operation_timeout())
    ));
    transcript.push(format!(
        "region: {:?}",
        config.region().map(|r| r.to_string())
    ));
    let client = aws_sdk_novaact::Client::from_conf(config);
    let models = client
        .list_models()
        .client_compatibility_version(1)
        .send()
        .await?;
    transcript.push(format!("models: {}", models.model_summaries().len()));
    Ok(transcript)
}
