//! The default HTTP client.

use aws_smithy_runtime_api::client::http::SharedHttpClient;

/// The HTTPS client of the enabled TLS feature: hyper with rustls, using `ring`
/// (`rustls-ring`, the default), aws-lc (`rustls-aws-lc`) or its FIPS module
/// (`rustls-aws-lc-fips`).
#[cfg(any(
    feature = "rustls-ring",
    feature = "rustls-aws-lc",
    feature = "rustls-aws-lc-fips"
))]
pub fn https_client() -> SharedHttpClient {
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
    #[cfg(feature = "rustls-aws-lc-fips")]
    let mode = CryptoMode::AwsLcFips;
    #[cfg(all(feature = "rustls-aws-lc", not(feature = "rustls-aws-lc-fips")))]
    let mode = CryptoMode::AwsLc;
    #[cfg(all(
        feature = "rustls-ring",
        not(any(feature = "rustls-aws-lc", feature = "rustls-aws-lc-fips"))
    ))]
    let mode = CryptoMode::Ring;
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(mode))
        .build_https()
}

/// The HTTP client used when the configuration names none: [`https_client`] when a TLS
/// feature is enabled, otherwise `None`, in which case the configuration must supply one.
pub fn default_http_client() -> Option<SharedHttpClient> {
    #[cfg(any(
        feature = "rustls-ring",
        feature = "rustls-aws-lc",
        feature = "rustls-aws-lc-fips"
    ))]
    {
        Some(https_client())
    }
    #[cfg(not(any(
        feature = "rustls-ring",
        feature = "rustls-aws-lc",
        feature = "rustls-aws-lc-fips"
    )))]
    {
        None
    }
}
