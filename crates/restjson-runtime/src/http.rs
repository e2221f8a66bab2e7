//! The default HTTP client.

use aws_smithy_runtime_api::client::http::SharedHttpClient;

/// The HTTPS client used when the configuration names none: hyper with rustls, using the
/// crypto provider selected by the crate features (`rustls-ring` by default, `rustls-aws-lc`
/// or `rustls-aws-lc-fips` on request). Returns `None` when every TLS feature is disabled, in
/// which case the configuration must supply an HTTP client.
pub fn default_http_client() -> Option<SharedHttpClient> {
    #[cfg(any(
        feature = "rustls-ring",
        feature = "rustls-aws-lc",
        feature = "rustls-aws-lc-fips"
    ))]
    {
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
        Some(
            aws_smithy_http_client::Builder::new()
                .tls_provider(Provider::Rustls(mode))
                .build_https(),
        )
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
