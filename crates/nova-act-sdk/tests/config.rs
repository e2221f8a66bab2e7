//! Configuration taken from the shared `SdkConfig`: the service-specific endpoint override and
//! the user agent.

mod common;

use common::*;
use nova_act_sdk::config::{Credentials, Region, SdkConfig};
use restjson_runtime::deps::aws_types::origin::Origin;
use restjson_runtime::deps::aws_types::service_config::{LoadServiceConfig, ServiceConfigKey};

/// Answers only the key a Nova Act client should ask for: the generic names, from which the
/// loader derives `AWS_ENDPOINT_URL_NOVA_ACT` and the profile's `services` section itself (as
/// the official crate asks).
#[derive(Debug)]
struct FakeEnvironment;

impl LoadServiceConfig for FakeEnvironment {
    fn load_config(&self, key: ServiceConfigKey<'_>) -> Option<String> {
        (key.service_id() == "Nova Act"
            && key.env() == "AWS_ENDPOINT_URL"
            && key.profile() == "endpoint_url")
            .then(|| "http://service-specific.localhost".to_owned())
    }
}

fn sdk_config(endpoint_in_code: Option<&str>) -> SdkConfig {
    let mut builder = SdkConfig::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(nova_act_sdk::config::SharedCredentialsProvider::new(
            Credentials::new("AKID", "SECRET", None, None, "test"),
        ))
        .service_config(FakeEnvironment)
        .behavior_version(nova_act_sdk::config::BehaviorVersion::latest());
    if let Some(url) = endpoint_in_code {
        builder.set_endpoint_url(Some(url.to_owned()));
        builder.insert_origin("endpoint_url", Origin::shared_config());
    }
    builder.build()
}

#[test]
fn service_specific_endpoint_wins_over_nothing() {
    let config = nova_act_sdk::Config::from(&sdk_config(None));
    assert_eq!(
        config.endpoint_url(),
        Some("http://service-specific.localhost")
    );
}

#[test]
fn endpoint_set_in_code_wins_over_the_environment() {
    let config = nova_act_sdk::Config::from(&sdk_config(Some("http://in-code.localhost")));
    assert_eq!(config.endpoint_url(), Some("http://in-code.localhost"));
}

#[tokio::test]
async fn requests_carry_the_sdk_user_agent_and_request_metadata() {
    let http = replay(vec![json_response(
        200,
        r#"{"sessionId":"11111111-2222-4333-8444-555555555555"}"#,
    )]);
    let config = nova_act_sdk::Config::from(&sdk_config(None))
        .to_builder()
        .http_client(http.clone())
        .build();
    let client = nova_act_sdk::Client::from_conf(config);
    client
        .create_session()
        .workflow_definition_name("wf")
        .workflow_run_id("11111111-2222-4333-8444-555555555555")
        .send()
        .await
        .expect("the call succeeds");
    let request = only_request(&http);
    assert!(request
        .uri()
        .starts_with("http://service-specific.localhost/"));
    let agent = request
        .headers()
        .get("x-amz-user-agent")
        .expect("user agent");
    let version = env!("CARGO_PKG_VERSION");
    assert!(agent.contains(&format!("api/novaact/{version}")), "{agent}");
    assert_eq!(
        request.headers().get("amz-sdk-request"),
        Some("attempt=1; max=3")
    );
    assert!(request.headers().get("amz-sdk-invocation-id").is_some());
}

#[tokio::test]
async fn an_unusable_endpoint_url_is_an_error_not_a_panic() {
    for url in ["not a url", "http://exa mple.com", "://missing-scheme", ""] {
        let (client, http) = {
            let http = replay(vec![json_response(200, "{}")]);
            let config = common::config(http.clone())
                .to_builder()
                .endpoint_url(url)
                .build();
            (nova_act_sdk::Client::from_conf(config), http)
        };
        let result = client
            .get_workflow_definition()
            .workflow_definition_name("wf")
            .send()
            .await;
        let err = result.expect_err(url);
        let text = nova_act_sdk::error::DisplayErrorContext(&err).to_string();
        let expected = if url.is_empty() {
            "empty endpoint URL".to_owned()
        } else {
            format!("`{url}` is not an absolute http or https URL")
        };
        assert!(text.contains(&expected), "{url}: {text}");
        assert!(requests(&http).is_empty(), "{url}: a request was sent");
    }
}
