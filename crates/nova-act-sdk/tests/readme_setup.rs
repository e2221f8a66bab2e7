//! The README's recommended set-up, with the idioms applications use around it: the default
//! region chain built on its own (`RegionProviderChain::default_provider()`), the default
//! credentials chain, an IMDS client and a profile provider. With `aws-config` built with its
//! default features (as the README recommends) none of them panics, and the client built from
//! the loaded configuration reaches the emulator.
//!
//! (Built without `aws-config`'s `default-https-client` feature, the first of them panics in
//! debug builds: "a http_client is required". The README says so next to the lean set-up.)
//!
//! This binary holds a single test because it sets process environment variables: the
//! region, the keys and the endpoint come from the environment; profile files are pointed at
//! paths that do not exist and IMDS is disabled, so nothing is read from this machine and no
//! request leaves 127.0.0.1.

use aws_config::default_provider::credentials::DefaultCredentialsChain;
use aws_config::meta::region::RegionProviderChain;
use aws_config::BehaviorVersion;
use nova_act_local::{Server, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use nova_act_sdk::config::ProvideCredentials;
use nova_act_sdk::Client;

#[tokio::test(flavor = "current_thread")]
async fn readme_setup_and_default_chains_do_not_panic() {
    let server = Server::builder()
        .start()
        .await
        .expect("the emulator starts");
    let missing = std::env::temp_dir().join(format!("no-such-aws-dir-{}", std::process::id()));
    for (name, value) in [
        ("AWS_REGION", "us-east-1".to_string()),
        ("AWS_ACCESS_KEY_ID", DEFAULT_ACCESS_KEY_ID.to_string()),
        (
            "AWS_SECRET_ACCESS_KEY",
            DEFAULT_SECRET_ACCESS_KEY.to_string(),
        ),
        ("AWS_ENDPOINT_URL", server.endpoint_url()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
        (
            "AWS_CONFIG_FILE",
            missing.join("config").display().to_string(),
        ),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            missing.join("credentials").display().to_string(),
        ),
    ] {
        std::env::set_var(name, value);
    }
    for name in ["AWS_PROFILE", "AWS_DEFAULT_REGION", "AWS_SESSION_TOKEN"] {
        std::env::remove_var(name);
    }

    // The idioms, each built on its own as applications build them.
    let region = RegionProviderChain::default_provider().or_else("eu-west-1");
    assert_eq!(
        region.region().await.map(|r| r.to_string()),
        Some("us-east-1".to_string())
    );
    let credentials = DefaultCredentialsChain::builder().build().await;
    let resolved = credentials
        .provide_credentials()
        .await
        .expect("the environment's keys");
    assert_eq!(resolved.access_key_id(), DEFAULT_ACCESS_KEY_ID);
    let _imds = aws_config::imds::Client::builder().build();
    let _profile = aws_config::profile::ProfileFileCredentialsProvider::builder().build();

    // The README's set-up.
    let region = RegionProviderChain::default_provider().or_else("eu-west-1");
    let sdk_config = aws_config::defaults(BehaviorVersion::latest())
        .region(region)
        .http_client(nova_act_sdk::http::https_client())
        .load()
        .await;
    let client = Client::new(&sdk_config);
    let models = client
        .list_models()
        .client_compatibility_version(1)
        .send()
        .await
        .expect("the emulator answers");
    assert!(!models.model_summaries().is_empty());
    server.shutdown().await;
}
