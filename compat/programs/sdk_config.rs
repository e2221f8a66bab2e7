//! A client from shared configuration built in code (`aws_types::SdkConfig`, what `aws-config` loads), and a service
//! configuration derived from it and adjusted.

use aws_sdk_novaact::config::retry::RetryConfig;
use aws_sdk_novaact::config::{BehaviorVersion, Credentials, Region, SharedCredentialsProvider};

use super::{BoxError, Env, Transcript};

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let mut transcript = Transcript::new();
    let shared = aws_types::SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            env.credentials.0.clone(),
            env.credentials.1.clone(),
            None,
            None,
            "shared",
        )))
        .endpoint_url(env.endpoint_url.clone())
        .http_client(env.http_client.clone())
        .build();
    let client = aws_sdk_novaact::Client::new(&shared);
    let listed = client.list_workflow_definitions().send().await?;
    transcript.push(format!(
        "from shared config: {} definitions",
        listed.workflow_definition_summaries().len()
    ));

    let config = aws_sdk_novaact::config::Builder::from(&shared)
        .retry_config(RetryConfig::standard().with_max_attempts(2))
        .build();
    transcript.push(format!(
        "derived: region {:?}, attempts {:?}",
        config.region().map(|r| r.to_string()),
        config.retry_config().map(|r| r.max_attempts())
    ));
    let client = aws_sdk_novaact::Client::from_conf(config);
    client
        .create_workflow_definition()
        .name("compat-shared")
        .send()
        .await?;
    let same = aws_sdk_novaact::Client::from_conf(aws_sdk_novaact::Config::new(&shared));
    let got = same
        .get_workflow_definition()
        .workflow_definition_name("compat-shared")
        .send()
        .await?;
    transcript.push(format!("read back: {}", got.name()));
    Ok(transcript)
}
