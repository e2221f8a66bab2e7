//! HTTP clients.
//!
//! The client sends requests with hyper and rustls. Share the same HTTPS client with
//! `aws-config` so that credential providers that make HTTP calls (instance metadata, container
//! credentials, SSO, STS web identity) work without `aws-config`'s own default TLS stack:
//!
//! ```no_run
//! # async fn example() {
//! let sdk_config = aws_config::defaults(aws_config::BehaviorVersion::latest())
//!     .http_client(nova_act_sdk::http::https_client())
//!     .load()
//!     .await;
//! let client = nova_act_sdk::Client::new(&sdk_config);
//! # }
//! ```

pub use restjson_runtime::deps::aws_smithy_runtime_api::client::http::SharedHttpClient;

/// A new HTTPS client on the TLS stack selected by this crate's features (`rustls-ring` by
/// default). It is also what a [`Client`](crate::Client) uses when its configuration names no
/// HTTP client.
#[cfg(any(
    feature = "rustls-ring",
    feature = "rustls-aws-lc",
    feature = "rustls-aws-lc-fips"
))]
pub fn https_client() -> SharedHttpClient {
    restjson_runtime::http::https_client()
}
