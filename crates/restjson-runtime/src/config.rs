//! Client configuration, shaped like the configuration of the official AWS SDK crates.
//!
//! A [`Config`] is built with [`Config::builder()`] or from a shared
//! [`SdkConfig`] (usually loaded by `aws-config`'s default chain).
//! It is generic over the service it configures so that service-specific facts (the
//! service-specific endpoint override `AWS_ENDPOINT_URL_<SERVICE>`, the user agent) are applied
//! without the generated crate having to duplicate any of this code.

use crate::primitives::IdempotencyTokenProvider;
use crate::service::ServiceSpec;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_runtime::invocation_id::{InvocationIdGenerator, SharedInvocationIdGenerator};
use aws_smithy_async::rt::sleep::{AsyncSleep, SharedAsyncSleep};
use aws_smithy_async::time::{SharedTimeSource, TimeSource};
use aws_smithy_runtime::client::retries::RetryPartition;
use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
use aws_smithy_runtime_api::client::http::{HttpClient, SharedHttpClient};
use aws_smithy_runtime_api::client::identity::{ResolveCachedIdentity, SharedIdentityCache};
use aws_smithy_runtime_api::client::interceptors::{Intercept, SharedInterceptor};
use aws_smithy_runtime_api::client::retries::classifiers::{ClassifyRetry, SharedRetryClassifier};
use aws_smithy_runtime_api::client::stalled_stream_protection::StalledStreamProtectionConfig;
use aws_smithy_runtime_api::shared::IntoShared;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use aws_types::app_name::AppName;
use aws_types::region::Region;
use aws_types::SdkConfig;
use std::fmt;
use std::marker::PhantomData;

/// Configuration of a service client.
///
/// Every setting is optional; what is left unset falls back to the defaults of the AWS Smithy
/// runtime (standard retries with 3 attempts, no timeouts but the connect timeout, the latest
/// behavior version, and an HTTPS client on rustls).
pub struct Config<S> {
    pub(crate) region: Option<Region>,
    pub(crate) credentials_provider: Option<SharedCredentialsProvider>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) use_fips: Option<bool>,
    pub(crate) use_dual_stack: Option<bool>,
    pub(crate) http_client: Option<SharedHttpClient>,
    pub(crate) retry_config: Option<RetryConfig>,
    pub(crate) timeout_config: Option<TimeoutConfig>,
    pub(crate) sleep_impl: Option<SharedAsyncSleep>,
    pub(crate) time_source: Option<SharedTimeSource>,
    pub(crate) behavior_version: Option<BehaviorVersion>,
    pub(crate) app_name: Option<AppName>,
    pub(crate) identity_cache: Option<SharedIdentityCache>,
    pub(crate) stalled_stream_protection: Option<StalledStreamProtectionConfig>,
    pub(crate) interceptors: Vec<SharedInterceptor>,
    pub(crate) idempotency_token_provider: Option<IdempotencyTokenProvider>,
    pub(crate) retry_classifiers: Vec<SharedRetryClassifier>,
    pub(crate) disable_clock_skew_correction: Option<bool>,
    pub(crate) invocation_id_generator: Option<SharedInvocationIdGenerator>,
    pub(crate) retry_partition: Option<RetryPartition>,
    _service: PhantomData<fn() -> S>,
}

/// Builder for [`Config`].
pub struct Builder<S> {
    config: Config<S>,
}

impl<S> Clone for Config<S> {
    fn clone(&self) -> Self {
        Self {
            region: self.region.clone(),
            credentials_provider: self.credentials_provider.clone(),
            endpoint_url: self.endpoint_url.clone(),
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            http_client: self.http_client.clone(),
            retry_config: self.retry_config.clone(),
            timeout_config: self.timeout_config.clone(),
            sleep_impl: self.sleep_impl.clone(),
            time_source: self.time_source.clone(),
            behavior_version: self.behavior_version,
            app_name: self.app_name.clone(),
            identity_cache: self.identity_cache.clone(),
            stalled_stream_protection: self.stalled_stream_protection.clone(),
            interceptors: self.interceptors.clone(),
            idempotency_token_provider: self.idempotency_token_provider.clone(),
            retry_classifiers: self.retry_classifiers.clone(),
            disable_clock_skew_correction: self.disable_clock_skew_correction,
            invocation_id_generator: self.invocation_id_generator.clone(),
            retry_partition: self.retry_partition.clone(),
            _service: PhantomData,
        }
    }
}

impl<S> Clone for Builder<S> {
    fn clone(&self) -> Self {
        Self {
            config: self.config.clone(),
        }
    }
}

impl<S> Default for Builder<S> {
    fn default() -> Self {
        Self {
            config: Config {
                region: None,
                credentials_provider: None,
                endpoint_url: None,
                use_fips: None,
                use_dual_stack: None,
                http_client: None,
                retry_config: None,
                timeout_config: None,
                sleep_impl: None,
                time_source: None,
                behavior_version: None,
                app_name: None,
                identity_cache: None,
                stalled_stream_protection: None,
                interceptors: Vec::new(),
                idempotency_token_provider: None,
                retry_classifiers: Vec::new(),
                disable_clock_skew_correction: None,
                invocation_id_generator: None,
                retry_partition: None,
                _service: PhantomData,
            },
        }
    }
}

impl<S> fmt::Debug for Config<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials providers and HTTP clients are shown only as present or absent.
        f.debug_struct("Config")
            .field("region", &self.region)
            .field(
                "credentials_provider",
                &self.credentials_provider.as_ref().map(|_| "set"),
            )
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("http_client", &self.http_client.as_ref().map(|_| "set"))
            .field("retry_config", &self.retry_config)
            .field("timeout_config", &self.timeout_config)
            .field("behavior_version", &self.behavior_version)
            .field("app_name", &self.app_name)
            .field("interceptors", &self.interceptors.len())
            .finish_non_exhaustive()
    }
}

impl<S> fmt::Debug for Builder<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Builder").field(&self.config).finish()
    }
}

impl<S> Config<S> {
    /// Starts a new, empty configuration.
    pub fn builder() -> Builder<S> {
        Builder::default()
    }

    /// Turns this configuration back into a builder, to derive a modified copy.
    pub fn to_builder(&self) -> Builder<S> {
        Builder {
            config: self.clone(),
        }
    }

    /// The region requests are sent to and signed for.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }

    /// The credentials provider used to sign requests.
    pub fn credentials_provider(&self) -> Option<SharedCredentialsProvider> {
        self.credentials_provider.clone()
    }

    /// The endpoint URL that overrides the one resolved from the region.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether the FIPS endpoint is used.
    pub fn use_fips(&self) -> Option<bool> {
        self.use_fips
    }

    /// Whether the dual-stack (IPv4 and IPv6) endpoint is used.
    pub fn use_dual_stack(&self) -> Option<bool> {
        self.use_dual_stack
    }

    /// The HTTP client, if one was configured.
    pub fn http_client(&self) -> Option<SharedHttpClient> {
        self.http_client.clone()
    }

    /// The retry configuration, if one was configured.
    pub fn retry_config(&self) -> Option<&RetryConfig> {
        self.retry_config.as_ref()
    }

    /// The timeout configuration, if one was configured.
    pub fn timeout_config(&self) -> Option<&TimeoutConfig> {
        self.timeout_config.as_ref()
    }

    /// The behavior version, if one was configured (the latest is used otherwise).
    pub fn behavior_version(&self) -> Option<BehaviorVersion> {
        self.behavior_version
    }

    /// The application name added to the user agent.
    pub fn app_name(&self) -> Option<&AppName> {
        self.app_name.as_ref()
    }

    /// The name requests are signed for (SigV4's service name).
    pub fn signing_name(&self) -> &'static str
    where
        S: ServiceSpec,
    {
        S::SERVICE.signing_name
    }

    /// The configuration made from shared AWS configuration (as `From<&SdkConfig>`).
    pub fn new(config: &SdkConfig) -> Self
    where
        S: ServiceSpec,
    {
        Self::from(config)
    }

    /// The interceptors added to the client, in the order they run.
    pub fn interceptors(&self) -> impl Iterator<Item = SharedInterceptor> + '_ {
        self.interceptors.iter().cloned()
    }

    /// The time source, if set.
    pub fn time_source(&self) -> Option<SharedTimeSource> {
        self.time_source.clone()
    }

    /// The sleep implementation, if set.
    pub fn sleep_impl(&self) -> Option<SharedAsyncSleep> {
        self.sleep_impl.clone()
    }

    /// The identity cache, if set.
    pub fn identity_cache(&self) -> Option<SharedIdentityCache> {
        self.identity_cache.clone()
    }

    /// The stalled stream protection of response bodies, if set.
    pub fn stalled_stream_protection(&self) -> Option<&StalledStreamProtectionConfig> {
        self.stalled_stream_protection.as_ref()
    }

    /// The retry classifiers added to the client's own.
    pub fn retry_classifiers(&self) -> impl Iterator<Item = SharedRetryClassifier> + '_ {
        self.retry_classifiers.iter().cloned()
    }

    /// Whether clock skew correction is turned off, if set.
    pub fn disable_clock_skew_correction(&self) -> Option<bool> {
        self.disable_clock_skew_correction
    }

    /// The invocation id generator, if set.
    pub fn invocation_id_generator(&self) -> Option<SharedInvocationIdGenerator> {
        self.invocation_id_generator.clone()
    }

    /// The retry partition (whose clients share one retry token bucket), if set.
    pub fn retry_partition(&self) -> Option<&RetryPartition> {
        self.retry_partition.as_ref()
    }

    /// A token for an idempotency-token member left unset, from the configured provider
    /// (a fresh random UUID v4 by default).
    pub fn make_idempotency_token(&self) -> String {
        self.idempotency_token_provider
            .as_ref()
            .map_or_else(crate::primitives::idempotency_token, |provider| {
                provider.make_idempotency_token()
            })
    }
}

impl<S> Config<S> {
    /// This configuration with what `over` sets taking precedence, and `over`'s interceptors
    /// running after this one's (a per-call `config_override`).
    pub(crate) fn overridden_by(&self, over: Config<S>) -> Config<S> {
        let mut interceptors = self.interceptors.clone();
        interceptors.extend(over.interceptors);
        let mut retry_classifiers = self.retry_classifiers.clone();
        retry_classifiers.extend(over.retry_classifiers);
        Config {
            region: over.region.or_else(|| self.region.clone()),
            credentials_provider: over
                .credentials_provider
                .or_else(|| self.credentials_provider.clone()),
            endpoint_url: over.endpoint_url.or_else(|| self.endpoint_url.clone()),
            use_fips: over.use_fips.or(self.use_fips),
            use_dual_stack: over.use_dual_stack.or(self.use_dual_stack),
            http_client: over.http_client.or_else(|| self.http_client.clone()),
            retry_config: over.retry_config.or_else(|| self.retry_config.clone()),
            timeout_config: over.timeout_config.or_else(|| self.timeout_config.clone()),
            sleep_impl: over.sleep_impl.or_else(|| self.sleep_impl.clone()),
            time_source: over.time_source.or_else(|| self.time_source.clone()),
            behavior_version: over.behavior_version.or(self.behavior_version),
            app_name: over.app_name.or_else(|| self.app_name.clone()),
            identity_cache: over.identity_cache.or_else(|| self.identity_cache.clone()),
            stalled_stream_protection: over
                .stalled_stream_protection
                .or_else(|| self.stalled_stream_protection.clone()),
            interceptors,
            idempotency_token_provider: over
                .idempotency_token_provider
                .or_else(|| self.idempotency_token_provider.clone()),
            retry_classifiers,
            disable_clock_skew_correction: over
                .disable_clock_skew_correction
                .or(self.disable_clock_skew_correction),
            invocation_id_generator: over
                .invocation_id_generator
                .or_else(|| self.invocation_id_generator.clone()),
            retry_partition: over
                .retry_partition
                .or_else(|| self.retry_partition.clone()),
            _service: PhantomData,
        }
    }
}

impl<S: ServiceSpec> From<&SdkConfig> for Builder<S> {
    fn from(sdk: &SdkConfig) -> Self {
        let service = S::SERVICE;
        let mut builder = Builder::default();
        builder.config.region = sdk.region().cloned();
        builder.config.credentials_provider = sdk.credentials_provider();
        builder.config.use_fips = sdk.use_fips();
        builder.config.use_dual_stack = sdk.use_dual_stack();
        // An endpoint set in code on the shared config wins; otherwise a service-specific
        // setting (`AWS_ENDPOINT_URL_<SERVICE>` or the profile's `services` section) wins over
        // the global one.
        builder.config.endpoint_url = if sdk.get_origin("endpoint_url").is_client_config() {
            sdk.endpoint_url().map(str::to_owned)
        } else {
            service_endpoint_url(sdk, service.sdk_id)
                .or_else(|| sdk.endpoint_url().map(str::to_owned))
        };
        builder.config.retry_config = sdk.retry_config().cloned();
        builder.config.timeout_config = sdk.timeout_config().cloned();
        builder.config.sleep_impl = sdk.sleep_impl();
        builder.config.time_source = sdk.time_source();
        builder.config.http_client = sdk.http_client();
        builder.config.behavior_version = sdk.behavior_version();
        builder.config.app_name = sdk.app_name().cloned();
        builder.config.identity_cache = sdk.identity_cache();
        builder.config.stalled_stream_protection = sdk.stalled_stream_protection();
        builder
    }
}

impl<S: ServiceSpec> From<&SdkConfig> for Config<S> {
    fn from(sdk: &SdkConfig) -> Self {
        Builder::from(sdk).build()
    }
}

/// The endpoint URL configured for this service in the environment or the shared config
/// files. The loader derives the service-specific names (`AWS_ENDPOINT_URL_NOVA_ACT`, the
/// profile's `services` section) from the service id and the generic ones given here, and
/// applies the precedence every AWS SDK uses: environment before profile, specific before
/// generic.
fn service_endpoint_url(sdk: &SdkConfig, service_id: &str) -> Option<String> {
    let service_config = sdk.service_config()?;
    let key = aws_types::service_config::ServiceConfigKey::builder()
        .service_id(service_id)
        .env("AWS_ENDPOINT_URL")
        .profile("endpoint_url")
        .build()
        .ok()?;
    service_config.load_config(key)
}

impl<S> Builder<S> {
    /// Sets the region requests are sent to and signed for.
    pub fn region(mut self, region: impl Into<Option<Region>>) -> Self {
        self.config.region = region.into();
        self
    }

    /// Sets or clears the region.
    pub fn set_region(&mut self, region: Option<Region>) -> &mut Self {
        self.config.region = region;
        self
    }

    /// Sets the credentials provider used to sign requests.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.credentials_provider = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Sets or clears the credentials provider.
    pub fn set_credentials_provider(
        &mut self,
        provider: Option<SharedCredentialsProvider>,
    ) -> &mut Self {
        self.config.credentials_provider = provider;
        self
    }

    /// Sends every request to this URL instead of the endpoint resolved from the region
    /// (for example a local emulator such as `http://127.0.0.1:8080`).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
        self
    }

    /// Sets or clears the endpoint URL override.
    pub fn set_endpoint_url(&mut self, url: Option<String>) -> &mut Self {
        self.config.endpoint_url = url;
        self
    }

    /// Uses the FIPS endpoint of the region.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.config.use_fips = Some(use_fips);
        self
    }

    /// Sets or clears the FIPS setting.
    pub fn set_use_fips(&mut self, use_fips: Option<bool>) -> &mut Self {
        self.config.use_fips = use_fips;
        self
    }

    /// Uses the dual-stack (IPv4 and IPv6) endpoint of the region.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.config.use_dual_stack = Some(use_dual_stack);
        self
    }

    /// Sets or clears the dual-stack setting.
    pub fn set_use_dual_stack(&mut self, use_dual_stack: Option<bool>) -> &mut Self {
        self.config.use_dual_stack = use_dual_stack;
        self
    }

    /// Sets the HTTP client that sends requests.
    pub fn http_client(mut self, http_client: impl HttpClient + 'static) -> Self {
        self.config.http_client = Some(http_client.into_shared());
        self
    }

    /// Sets or clears the HTTP client.
    pub fn set_http_client(&mut self, http_client: Option<SharedHttpClient>) -> &mut Self {
        self.config.http_client = http_client;
        self
    }

    /// Sets the retry configuration (mode, attempts, backoff).
    pub fn retry_config(mut self, retry_config: RetryConfig) -> Self {
        self.config.retry_config = Some(retry_config);
        self
    }

    /// Sets or clears the retry configuration.
    pub fn set_retry_config(&mut self, retry_config: Option<RetryConfig>) -> &mut Self {
        self.config.retry_config = retry_config;
        self
    }

    /// Sets the timeout configuration (connect, read, attempt, operation).
    pub fn timeout_config(mut self, timeout_config: TimeoutConfig) -> Self {
        self.config.timeout_config = Some(timeout_config);
        self
    }

    /// Sets or clears the timeout configuration.
    pub fn set_timeout_config(&mut self, timeout_config: Option<TimeoutConfig>) -> &mut Self {
        self.config.timeout_config = timeout_config;
        self
    }

    /// Sets the sleep implementation used between retries and for timeouts.
    pub fn sleep_impl(mut self, sleep_impl: impl AsyncSleep + 'static) -> Self {
        self.config.sleep_impl = Some(sleep_impl.into_shared());
        self
    }

    /// Sets or clears the sleep implementation.
    pub fn set_sleep_impl(&mut self, sleep_impl: Option<SharedAsyncSleep>) -> &mut Self {
        self.config.sleep_impl = sleep_impl;
        self
    }

    /// Sets the time source used for signing.
    pub fn time_source(mut self, time_source: impl TimeSource + 'static) -> Self {
        self.config.time_source = Some(time_source.into_shared());
        self
    }

    /// Sets or clears the time source.
    pub fn set_time_source(&mut self, time_source: Option<SharedTimeSource>) -> &mut Self {
        self.config.time_source = time_source;
        self
    }

    /// Sets the behavior version (defaults to the latest).
    pub fn behavior_version(mut self, behavior_version: BehaviorVersion) -> Self {
        self.config.behavior_version = Some(behavior_version);
        self
    }

    /// Sets or clears the behavior version.
    pub fn set_behavior_version(&mut self, behavior_version: Option<BehaviorVersion>) -> &mut Self {
        self.config.behavior_version = behavior_version;
        self
    }

    /// Sets the application name added to the user agent.
    pub fn app_name(mut self, app_name: AppName) -> Self {
        self.config.app_name = Some(app_name);
        self
    }

    /// Sets or clears the application name.
    pub fn set_app_name(&mut self, app_name: Option<AppName>) -> &mut Self {
        self.config.app_name = app_name;
        self
    }

    /// Sets the cache for resolved credentials (a lazy cache is used by default).
    pub fn identity_cache(mut self, cache: impl ResolveCachedIdentity + 'static) -> Self {
        self.config.identity_cache = Some(cache.into_shared());
        self
    }

    /// Sets the identity cache (as in the official SDKs, this setter cannot clear it).
    pub fn set_identity_cache(&mut self, cache: impl ResolveCachedIdentity + 'static) -> &mut Self {
        self.config.identity_cache = Some(cache.into_shared());
        self
    }

    /// Sets the stalled stream protection of response bodies.
    pub fn stalled_stream_protection(mut self, config: StalledStreamProtectionConfig) -> Self {
        self.config.stalled_stream_protection = Some(config);
        self
    }

    /// Sets or clears the stalled stream protection of response bodies.
    pub fn set_stalled_stream_protection(
        &mut self,
        config: Option<StalledStreamProtectionConfig>,
    ) -> &mut Self {
        self.config.stalled_stream_protection = config;
        self
    }

    /// Adds an interceptor that sees every request and response of the client.
    pub fn interceptor(mut self, interceptor: impl Intercept + 'static) -> Self {
        self.push_interceptor(SharedInterceptor::new(interceptor));
        self
    }

    /// Adds an interceptor, after those already added.
    pub fn push_interceptor(&mut self, interceptor: SharedInterceptor) -> &mut Self {
        self.config.interceptors.push(interceptor);
        self
    }

    /// Replaces the interceptors added so far.
    pub fn set_interceptors(
        &mut self,
        interceptors: impl IntoIterator<Item = SharedInterceptor>,
    ) -> &mut Self {
        self.config.interceptors = interceptors.into_iter().collect();
        self
    }

    /// Adds a retry classifier, consulted with the client's own to decide whether a failed
    /// attempt is retried.
    pub fn retry_classifier(mut self, classifier: impl ClassifyRetry + 'static) -> Self {
        self.push_retry_classifier(SharedRetryClassifier::new(classifier));
        self
    }

    /// Adds a retry classifier.
    pub fn push_retry_classifier(&mut self, classifier: SharedRetryClassifier) -> &mut Self {
        self.config.retry_classifiers.push(classifier);
        self
    }

    /// Replaces the retry classifiers added so far.
    pub fn set_retry_classifiers(
        &mut self,
        classifiers: impl IntoIterator<Item = SharedRetryClassifier>,
    ) -> &mut Self {
        self.config.retry_classifiers = classifiers.into_iter().collect();
        self
    }

    /// Turns clock skew correction off (`true`) or on; by default it is on, and ignores
    /// `Date` headers more than a day away from the local clock.
    pub fn disable_clock_skew_correction(mut self, disable: impl Into<Option<bool>>) -> Self {
        self.set_disable_clock_skew_correction(disable.into());
        self
    }

    /// Sets or clears whether clock skew correction is turned off.
    pub fn set_disable_clock_skew_correction(&mut self, disable: Option<bool>) -> &mut Self {
        self.config.disable_clock_skew_correction = disable;
        self
    }

    /// Sets where the `amz-sdk-invocation-id` header of each call comes from.
    pub fn invocation_id_generator(
        mut self,
        generator: impl InvocationIdGenerator + 'static,
    ) -> Self {
        self.set_invocation_id_generator(Some(SharedInvocationIdGenerator::new(generator)));
        self
    }

    /// Sets or clears the invocation id generator.
    pub fn set_invocation_id_generator(
        &mut self,
        generator: Option<SharedInvocationIdGenerator>,
    ) -> &mut Self {
        self.config.invocation_id_generator = generator;
        self
    }

    /// Sets the retry partition: clients of one partition share one retry token bucket (by
    /// default the partition is the service and the region).
    pub fn retry_partition(mut self, partition: RetryPartition) -> Self {
        self.set_retry_partition(Some(partition));
        self
    }

    /// Sets or clears the retry partition.
    pub fn set_retry_partition(&mut self, partition: Option<RetryPartition>) -> &mut Self {
        self.config.retry_partition = partition;
        self
    }

    /// Where idempotency tokens left unset come from (random by default); a `&'static str`
    /// fixes them, as tests do.
    pub fn idempotency_token_provider(
        mut self,
        provider: impl Into<IdempotencyTokenProvider>,
    ) -> Self {
        self.set_idempotency_token_provider(Some(provider.into()));
        self
    }

    /// Sets or clears the idempotency token provider.
    pub fn set_idempotency_token_provider(
        &mut self,
        provider: Option<IdempotencyTokenProvider>,
    ) -> &mut Self {
        self.config.idempotency_token_provider = provider;
        self
    }

    /// Opts in to the latest behavior version (as `behavior_version(BehaviorVersion::latest())`).
    pub fn behavior_version_latest(self) -> Self {
        self.behavior_version(BehaviorVersion::latest())
    }

    /// A builder with nothing set (as `Config::builder()`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Settings for tests, as the official crates' `test-util` sets them: the idempotency
    /// token `00000000-0000-4000-8000-000000000000`, test credentials, a clock stopped at
    /// 2009-02-13T23:31:30Z and the latest behavior version.
    #[cfg(feature = "test-util")]
    pub fn apply_test_defaults(&mut self) -> &mut Self {
        self.set_idempotency_token_provider(Some("00000000-0000-4000-8000-000000000000".into()));
        use std::time::{Duration, UNIX_EPOCH};
        let clock = aws_smithy_async::time::StaticTimeSource::new(
            UNIX_EPOCH + Duration::from_secs(1_234_567_890),
        );
        self.set_time_source(Some(SharedTimeSource::new(clock)));
        self.set_credentials_provider(Some(SharedCredentialsProvider::new(
            aws_credential_types::Credentials::for_tests(),
        )));
        self.set_behavior_version(Some(BehaviorVersion::latest()));
        self
    }

    /// [`apply_test_defaults`](Self::apply_test_defaults), by value.
    #[cfg(feature = "test-util")]
    pub fn with_test_defaults(mut self) -> Self {
        self.apply_test_defaults();
        self
    }

    /// The test defaults, and the region `us-east-1` when none is set.
    #[cfg(feature = "test-util")]
    pub fn apply_test_defaults_v2(&mut self) -> &mut Self {
        self.apply_test_defaults();
        if self.config.region.is_none() {
            self.set_region(Some(Region::new("us-east-1")));
        }
        self
    }

    /// [`apply_test_defaults_v2`](Self::apply_test_defaults_v2), by value (what
    /// `aws_smithy_mocks::mock_client!` calls).
    #[cfg(feature = "test-util")]
    pub fn with_test_defaults_v2(mut self) -> Self {
        self.apply_test_defaults_v2();
        self
    }

    /// Builds the configuration.
    pub fn build(self) -> Config<S> {
        self.config
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::test_service::TestService;

    #[test]
    fn builder_round_trips_settings() {
        let config: Config<TestService> = Config::builder()
            .region(Region::new("eu-west-1"))
            .endpoint_url("http://127.0.0.1:1")
            .use_fips(false)
            .use_dual_stack(true)
            .build();
        assert_eq!(config.region().map(|r| r.as_ref()), Some("eu-west-1"));
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:1"));
        assert_eq!(config.use_dual_stack(), Some(true));
        let rebuilt = config.to_builder().region(None).build();
        assert!(rebuilt.region().is_none());
        assert_eq!(rebuilt.endpoint_url(), Some("http://127.0.0.1:1"));
    }

    #[test]
    fn from_sdk_config_prefers_code_endpoint() {
        let sdk = SdkConfig::builder()
            .region(Region::new("us-west-2"))
            .endpoint_url("http://localhost:9")
            .use_fips(true)
            .build();
        let config: Config<TestService> = Config::from(&sdk);
        assert_eq!(config.region().map(|r| r.as_ref()), Some("us-west-2"));
        assert_eq!(config.endpoint_url(), Some("http://localhost:9"));
        assert_eq!(config.use_fips(), Some(true));
    }

    #[test]
    fn debug_hides_credentials() {
        let config: Config<TestService> = Config::builder()
            .credentials_provider(aws_credential_types::Credentials::for_tests())
            .build();
        let text = format!("{config:?}");
        assert!(
            text.contains("credentials_provider: Some(\"set\")"),
            "{text}"
        );
        assert!(!text.contains("ANOTREAL"), "{text}");
    }
}
