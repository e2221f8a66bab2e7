//! Test support: clients wired to in-memory HTTP clients that record requests.

#![allow(dead_code)]

use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
use nova_act_sdk::config::{Credentials, Region, RetryConfig};
use nova_act_sdk::{Client, Config};
use restjson_runtime::deps::aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use restjson_runtime::deps::aws_smithy_types::body::SdkBody;

/// A successful or failing canned HTTP response.
pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<SdkBody> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(SdkBody::from(body.to_owned())).unwrap()
}

/// A replay client that answers each request with the next response, in order.
pub fn replay(responses: Vec<http::Response<SdkBody>>) -> StaticReplayClient {
    StaticReplayClient::new(
        responses
            .into_iter()
            .map(|resp| {
                ReplayEvent::new(
                    http::Request::builder()
                        .uri("http://placeholder")
                        .body(SdkBody::empty())
                        .unwrap(),
                    resp,
                )
            })
            .collect(),
    )
}

/// The configuration every wire test uses: us-east-1, fixed test credentials, the real
/// regional endpoint (nothing is sent over the network: the HTTP client is in memory), and
/// retries without backoff delays.
pub fn config(http: StaticReplayClient) -> Config {
    Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKIDTEST", "secret", None, None, "test"))
        .http_client(http)
        .endpoint_url("http://localhost")
        .retry_config(RetryConfig::standard().with_initial_backoff(std::time::Duration::from_millis(1)))
        .build()
}

/// A client answering with `responses`, and the replay client to read the requests from.
pub fn client(responses: Vec<http::Response<SdkBody>>) -> (Client, StaticReplayClient) {
    let http = replay(responses);
    (Client::from_conf(config(http.clone())), http)
}

/// The requests sent so far.
pub fn requests(http: &StaticReplayClient) -> Vec<HttpRequest> {
    http.actual_requests()
        .map(|r| r.try_clone().expect("test requests have in-memory bodies"))
        .collect()
}

/// The request body as JSON (`Null` for an empty body).
pub fn body_json(request: &HttpRequest) -> serde_json::Value {
    let bytes = request.body().bytes().unwrap_or_default();
    if bytes.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(bytes).expect("request body is JSON")
    }
}
