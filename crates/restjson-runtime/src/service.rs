//! The link between a generated client and the AWS Smithy runtime.
//!
//! A generated crate describes its service once ([`Service`], through [`ServiceSpec`]) and each
//! operation once ([`Operation`]); [`Handle::invoke`] then runs any operation through the
//! `aws-smithy-runtime` orchestrator with SigV4 signing, endpoint resolution, retries,
//! timeouts, the AWS user agent and request ids.

use crate::clock_skew::SaneClockSkewInterceptor;
use crate::config::Config;
use crate::endpoint::BuiltIns;
use crate::error::ErrorResponse;
use crate::redact::{RedactBodies, SensitiveInput, SensitiveOutput};
use aws_runtime::auth::sigv4::{SigV4AuthScheme, SCHEME_ID as SIGV4_SCHEME_ID};
use aws_runtime::auth::{SigV4OperationSigningConfig, SigningOptions};
use aws_runtime::invocation_id::InvocationIdInterceptor;
use aws_runtime::recursion_detection::RecursionDetectionInterceptor;
use aws_runtime::request_info::RequestInfoInterceptor;
use aws_runtime::retries::classifiers::AwsErrorCodeClassifier;
use aws_runtime::service_clock_skew::{DisableClockSkewCorrection, ServiceClockSkewClassifier};
use aws_runtime::user_agent::{ApiMetadata, UserAgentInterceptor};
use aws_smithy_runtime::client::defaults::{default_plugins, DefaultPluginParams};
use aws_smithy_runtime::client::http::connection_poisoning::ConnectionPoisoningInterceptor;
use aws_smithy_runtime::client::orchestrator::invoke;
use aws_smithy_runtime::client::retries::classifiers::{
    HttpStatusCodeClassifier, ModeledAsRetryableClassifier, TransientErrorClassifier,
};
use aws_smithy_runtime::client::stalled_stream_protection::StalledStreamProtectionInterceptor;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::auth::static_resolver::StaticAuthSchemeOptionResolver;
use aws_smithy_runtime_api::client::auth::{AuthSchemeOptionResolverParams, SharedAuthScheme};
use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
use aws_smithy_runtime_api::client::endpoint::error::ResolveEndpointError;
use aws_smithy_runtime_api::client::endpoint::{
    EndpointFuture, EndpointResolverParams, ResolveEndpoint,
};
use aws_smithy_runtime_api::client::interceptors::context::{Error, Input, Output};
use aws_smithy_runtime_api::client::interceptors::SharedInterceptor;
use aws_smithy_runtime_api::client::orchestrator::{
    HttpRequest, HttpResponse, Metadata, OrchestratorError,
};
use aws_smithy_runtime_api::client::result::{CreateUnhandledError, SdkError};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponentsBuilder;
use aws_smithy_runtime_api::client::runtime_plugin::{
    Order, RuntimePlugin, RuntimePlugins, SharedRuntimePlugin, StaticRuntimePlugin,
};
use aws_smithy_runtime_api::client::ser_de::{
    DeserializeResponse, SerializeRequest, SharedRequestSerializer, SharedResponseDeserializer,
};
use aws_smithy_types::config_bag::{ConfigBag, Layer};
use aws_smithy_types::endpoint::Endpoint;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_smithy_types::retry::ProvideErrorKind;
use aws_types::region::SigningRegion;
use aws_types::SigningName;
use std::any::TypeId;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{OnceLock, RwLock};
use tracing::Instrument;

/// Facts about a service that the runtime needs, emitted by the generator from the model.
#[derive(Debug)]
pub struct Service {
    /// The service's SDK id (`aws.api#service` `sdkId`), e.g. `"Nova Act"`.
    pub sdk_id: &'static str,
    /// The service id used in the user agent, e.g. `"novaact"`.
    pub user_agent_id: &'static str,
    /// The version of the generated crate, reported in the user agent.
    pub crate_version: &'static str,
    /// The SigV4 signing name (`aws.auth#sigv4` `name`).
    pub signing_name: &'static str,
    /// Resolves the endpoint from the built-in endpoint parameters.
    pub resolve_endpoint: fn(&BuiltIns) -> Result<Endpoint, ResolveEndpointError>,
}

/// Implemented by a generated marker type to tie [`Config`] to its [`Service`].
pub trait ServiceSpec: 'static {
    /// The service description.
    const SERVICE: Service;
}

/// One modeled operation: how its input becomes an HTTP request and how an HTTP response
/// becomes its output or its error.
pub trait Operation: 'static {
    /// The operation's name in the model.
    const NAME: &'static str;
    /// The operation input.
    type Input: fmt::Debug + Send + Sync + 'static;
    /// The operation output.
    type Output: fmt::Debug + Send + Sync + 'static;
    /// The operation's error enum.
    type Error: std::error::Error
        + ProvideErrorMetadata
        + ProvideErrorKind
        + CreateUnhandledError
        + fmt::Debug
        + Send
        + Sync
        + 'static;

    /// Whether the input holds a sensitive member, anywhere: its request bodies are then kept
    /// out of `Debug` and logs ([`SensitiveInput`]).
    const SENSITIVE_INPUT: bool = false;
    /// Whether the output holds a sensitive member, anywhere: the orchestrator then does not log
    /// its response bodies ([`SensitiveOutput`]).
    const SENSITIVE_OUTPUT: bool = false;

    /// Serializes the input into an HTTP request whose URI holds only path and query.
    fn serialize(input: &Self::Input) -> Result<HttpRequest, BoxError>;

    /// Deserializes a successful (2xx) response.
    fn deserialize_output(response: &HttpResponse) -> Result<Self::Output, BoxError>;

    /// Turns an error response into the operation's error.
    fn deserialize_error(response: ErrorResponse<'_>) -> Self::Error;
}

/// A configured client: the configuration plus the runtime plugins built from it once.
///
/// Generated clients hold a `Handle` behind an `Arc` and call [`Handle::invoke`].
pub struct Handle<S> {
    config: Config<S>,
    plugins: RuntimePlugins,
}

impl<S> fmt::Debug for Handle<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl<S: ServiceSpec> Handle<S> {
    /// Builds the runtime plugins for `config`.
    pub fn new(config: Config<S>) -> Self {
        let plugins = client_plugins(&config, &S::SERVICE);
        Self { config, plugins }
    }

    /// The configuration this handle was built from.
    pub fn config(&self) -> &Config<S> {
        &self.config
    }

    /// Sends one operation through the orchestrator.
    pub async fn invoke<O: Operation>(
        &self,
        input: O::Input,
    ) -> Result<O::Output, SdkError<O::Error, HttpResponse>> {
        self.invoke_with::<O>(input, None).await
    }

    /// Sends one operation with one more operation plugin, applied after the operation's own
    /// (the per-call interceptors of `customize`).
    pub async fn invoke_with<O: Operation>(
        &self,
        input: O::Input,
        extra: Option<SharedRuntimePlugin>,
    ) -> Result<O::Output, SdkError<O::Error, HttpResponse>> {
        let mut plugins = self
            .plugins
            .clone()
            .with_operation_plugin(operation_plugin::<O>(S::SERVICE.sdk_id));
        if let Some(extra) = extra {
            plugins = plugins.with_operation_plugin(extra);
        }
        let result = orchestrate(S::SERVICE.sdk_id, O::NAME, Input::erase(input), plugins).await;
        match result {
            Ok(output) => match output.downcast::<O::Output>() {
                Ok(output) => Ok(output),
                Err(_) => unreachable!("the deserializer of {} returns its output", O::NAME),
            },
            Err(err) => Err(
                err.map_service_error(|err| match err.downcast::<O::Error>() {
                    Ok(err) => err,
                    Err(_) => unreachable!("the deserializer of {} returns its error", O::NAME),
                }),
            ),
        }
    }
}

type Orchestrated = Result<Output, SdkError<Error, HttpResponse>>;

/// Runs the orchestrator on type-erased input and output.
///
/// The future is boxed here on purpose: the orchestrator's state machine is then compiled once,
/// in this crate, instead of again in every generated crate that polls it (an `async fn`'s body
/// is code-generated where it is polled). That is about a tenth of a generated crate's LLVM IR,
/// for one allocation per call.
fn orchestrate(
    service: &'static str,
    operation: &'static str,
    input: Input,
    plugins: RuntimePlugins,
) -> Pin<Box<dyn Future<Output = Orchestrated> + Send>> {
    Box::pin(async move {
        let span = tracing::debug_span!("invoke", service = service, operation = operation);
        invoke(service, operation, input, &plugins)
            .instrument(span)
            .await
    })
}

/// The endpoint of a client, resolved once from its configuration.
#[derive(Debug)]
struct ResolvedEndpoint(Result<Endpoint, String>);

impl ResolveEndpoint for ResolvedEndpoint {
    fn resolve_endpoint<'a>(&'a self, _params: &'a EndpointResolverParams) -> EndpointFuture<'a> {
        EndpointFuture::ready(match &self.0 {
            Ok(endpoint) => Ok(endpoint.clone()),
            Err(message) => Err(ResolveEndpointError::message(message.clone()).into()),
        })
    }
}

fn client_plugins<S>(config: &Config<S>, service: &Service) -> RuntimePlugins {
    let behavior_version = config
        .behavior_version
        .unwrap_or_else(BehaviorVersion::latest);
    let retry_partition = match &config.region {
        Some(region) => Cow::Owned(format!("{}-{}", service.user_agent_id, region)),
        None => Cow::Borrowed(service.user_agent_id),
    };
    let defaults = default_plugins(
        DefaultPluginParams::new()
            .with_retry_partition_name(retry_partition)
            .with_behavior_version(behavior_version)
            .with_is_aws_sdk(true),
    );

    let mut layer = Layer::new(service.sdk_id);
    layer.store_put(ApiMetadata::new(
        service.user_agent_id,
        service.crate_version,
    ));
    layer.store_put(SigningName::from_static(service.signing_name));
    if let Some(region) = &config.region {
        layer.store_put(region.clone());
        layer.store_put(SigningRegion::from(region.clone()));
    }
    if let Some(app_name) = &config.app_name {
        layer.store_put(app_name.clone());
    }
    if let Some(retry_config) = &config.retry_config {
        layer.store_put(retry_config.clone());
    }
    if let Some(timeout_config) = &config.timeout_config {
        layer.store_put(timeout_config.clone());
    }
    if let Some(protection) = &config.stalled_stream_protection {
        layer.store_put(protection.clone());
    }
    if let Some(disable) = config.disable_clock_skew_correction {
        layer.store_put(DisableClockSkewCorrection::from(disable));
    }
    if let Some(generator) = &config.invocation_id_generator {
        layer.store_put(generator.clone());
    }
    // Stored after the default retry plugin's partition, which it replaces.
    if let Some(partition) = &config.retry_partition {
        layer.store_put(partition.clone());
    }
    let mut signing_options = SigningOptions::default();
    signing_options.double_uri_encode = true;
    signing_options.normalize_uri_path = true;
    signing_options.content_sha256_header = false;
    layer.store_put(SigV4OperationSigningConfig {
        signing_options,
        ..Default::default()
    });
    layer.store_put(EndpointResolverParams::new(()));
    layer.store_put(AuthSchemeOptionResolverParams::new(()));

    let builtins = BuiltIns {
        region: config.region.as_ref().map(|r| r.as_ref().to_owned()),
        use_fips: config.use_fips.unwrap_or(false),
        use_dual_stack: config.use_dual_stack.unwrap_or(false),
        endpoint: config.endpoint_url.clone(),
    };
    let endpoint = check_signing_region(builtins.region.as_deref()).and_then(|()| {
        (service.resolve_endpoint)(&builtins)
            .map_err(|e| e.to_string())
            .and_then(check_endpoint_url)
    });

    let mut components = RuntimeComponentsBuilder::new(service.sdk_id)
        .with_endpoint_resolver(Some(ResolvedEndpoint(endpoint)))
        .with_auth_scheme_option_resolver(Some(StaticAuthSchemeOptionResolver::new(vec![
            SIGV4_SCHEME_ID,
        ])))
        .with_auth_scheme(SharedAuthScheme::new(SigV4AuthScheme::new()))
        .with_retry_classifier(HttpStatusCodeClassifier::default())
        .with_interceptor(SharedInterceptor::permanent(
            ConnectionPoisoningInterceptor::new(),
        ))
        .with_interceptor(SharedInterceptor::permanent(
            StalledStreamProtectionInterceptor::default(),
        ))
        // Registered as permanent: the orchestrator then skips looking up, at every hook, whether
        // each of them has been disabled, which is a measurable share of a call's cost.
        // The official clock-skew correction, minus `Date` headers no clock could be off by.
        .with_interceptor(SharedInterceptor::permanent(SaneClockSkewInterceptor::new()))
        .with_interceptor(SharedInterceptor::permanent(RequestInfoInterceptor::new()))
        .with_interceptor(SharedInterceptor::permanent(UserAgentInterceptor::new()))
        .with_interceptor(SharedInterceptor::permanent(InvocationIdInterceptor::new()))
        .with_interceptor(SharedInterceptor::permanent(
            RecursionDetectionInterceptor::new(),
        ))
        // After the stalled-stream interceptor, which may already wrap the request body.
        .with_interceptor(SharedInterceptor::permanent(RedactBodies));
    let http_client = config
        .http_client
        .clone()
        .or_else(crate::http::default_http_client);
    components.set_http_client(http_client);
    if let Some(provider) = &config.credentials_provider {
        components.set_identity_resolver(SIGV4_SCHEME_ID, provider.clone());
    }
    if let Some(cache) = &config.identity_cache {
        components.set_identity_cache(Some(cache.clone()));
    }
    if let Some(sleep) = &config.sleep_impl {
        components.set_sleep_impl(Some(sleep.clone()));
    }
    if let Some(time_source) = &config.time_source {
        components.set_time_source(Some(time_source.clone()));
    }
    for interceptor in &config.interceptors {
        components.push_interceptor(interceptor.clone());
    }
    for classifier in &config.retry_classifiers {
        components.push_retry_classifier(classifier.clone());
    }

    let ours = SharedRuntimePlugin::new(
        StaticRuntimePlugin::new()
            .with_config(layer.freeze())
            .with_runtime_components(components),
    );
    collapse(defaults.into_iter().chain([ours]))
}

/// Applies `plugins` once, the way the orchestrator would on every call, and returns plugins
/// equivalent to them: one configuration-only plugin per configuration layer, in the same
/// order, and one plugin holding the already merged runtime components.
///
/// The orchestrator applies every client plugin on each call and merges each plugin's runtime
/// components into a new builder; with the default plugins that is nine merges a call. After
/// collapsing it is one, which is a large share of the per-call cost of a small operation.
fn collapse(plugins: impl IntoIterator<Item = SharedRuntimePlugin>) -> RuntimePlugins {
    let mut plugins: Vec<SharedRuntimePlugin> = plugins.into_iter().collect();
    // `RuntimePlugins` applies plugins by ascending order, keeping insertion order among equals.
    plugins.sort_by_key(|p| order_rank(p.order()));
    let mut merged = RuntimeComponentsBuilder::new("client");
    let mut collapsed = RuntimePlugins::new();
    for plugin in &plugins {
        if let Some(layer) = plugin.config() {
            collapsed = collapsed.with_client_plugin(
                StaticRuntimePlugin::new()
                    .with_config(layer)
                    .with_order(Order::Defaults),
            );
        }
        let next = plugin.runtime_components(&merged).into_owned();
        merged = merged.merge_from(&next);
    }
    collapsed.with_client_plugin(
        StaticRuntimePlugin::new()
            .with_runtime_components(merged)
            .with_order(Order::Overrides),
    )
}

fn order_rank(order: Order) -> u8 {
    match order {
        Order::Defaults => 0,
        Order::Overrides => 1,
        _ => 2,
    }
}

/// The operation plugin of `O`, built on first use and shared by every later call.
fn operation_plugin<O: Operation>(service: &'static str) -> SharedRuntimePlugin {
    static PLUGINS: OnceLock<RwLock<HashMap<TypeId, SharedRuntimePlugin>>> = OnceLock::new();
    let plugins = PLUGINS.get_or_init(Default::default);
    let key = TypeId::of::<O>();
    if let Some(plugin) = plugins.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return plugin.clone();
    }
    let mut layer = Layer::new(O::NAME);
    layer.store_put(SharedRequestSerializer::new(Serializer::<O>(PhantomData)));
    layer.store_put(SharedResponseDeserializer::new(Deserializer::<O>(
        PhantomData,
    )));
    layer.store_put(Metadata::new(O::NAME, service));
    if O::SENSITIVE_INPUT {
        layer.store_put(SensitiveInput);
    }
    if O::SENSITIVE_OUTPUT {
        layer.store_put(SensitiveOutput);
    }
    let plugin = SharedRuntimePlugin::new(
        StaticRuntimePlugin::new()
            .with_config(layer.freeze())
            .with_runtime_components(
                RuntimeComponentsBuilder::new(O::NAME)
                    .with_retry_classifier(TransientErrorClassifier::<O::Error>::new())
                    .with_retry_classifier(ModeledAsRetryableClassifier::<O::Error>::new())
                    .with_retry_classifier(AwsErrorCodeClassifier::<O::Error>::new())
                    .with_retry_classifier(ServiceClockSkewClassifier::<O::Error>::new()),
            ),
    );
    plugins
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .entry(key)
        .or_insert(plugin)
        .clone()
}

/// Refuses endpoint URLs that are not absolute `http` or `https` URLs with a host, so that a
/// mistyped `endpoint_url` is reported before anything is sent.
/// The region goes into the SigV4 credential scope of the `Authorization` header. A region the
/// header cannot carry (control characters, spaces, non-ASCII) would make the signer panic, so
/// it is refused before any request, with an error naming it.
fn check_signing_region(region: Option<&str>) -> Result<(), String> {
    match region {
        Some(region) if region.is_empty() || !region.bytes().all(|b| b.is_ascii_graphic()) => {
            Err(format!(
                "the region {region:?} cannot be signed for: a region is printable ASCII without spaces, such as `us-east-1`"
            ))
        }
        _ => Ok(()),
    }
}

fn check_endpoint_url(endpoint: Endpoint) -> Result<Endpoint, String> {
    let url = endpoint.url();
    let usable = url.parse::<http::Uri>().ok().is_some_and(|uri| {
        matches!(uri.scheme_str(), Some("http" | "https"))
            && uri.host().is_some_and(|h| !h.is_empty())
    });
    if usable {
        Ok(endpoint)
    } else {
        Err(format!(
            "the endpoint URL `{url}` is not an absolute http or https URL with a host"
        ))
    }
}

struct Serializer<O>(PhantomData<fn() -> O>);
struct Deserializer<O>(PhantomData<fn() -> O>);

impl<O> fmt::Debug for Serializer<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Serializer")
    }
}

impl<O> fmt::Debug for Deserializer<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Deserializer")
    }
}

impl<O: Operation> SerializeRequest for Serializer<O> {
    fn serialize_input(&self, input: Input, _cfg: &mut ConfigBag) -> Result<HttpRequest, BoxError> {
        let input = input
            .downcast_ref::<O::Input>()
            .ok_or_else(|| format!("{}: the input has an unexpected type", O::NAME))?;
        O::serialize(input)
    }
}

impl<O: Operation> DeserializeResponse for Deserializer<O> {
    fn deserialize_nonstreaming(
        &self,
        response: &HttpResponse,
    ) -> Result<Output, OrchestratorError<Error>> {
        if response.status().is_success() {
            // A success the output cannot be read from is the operation's `Unhandled` error,
            // a service error, as in the official SDKs.
            O::deserialize_output(response)
                .map(Output::erase)
                .map_err(|source| {
                    let error = O::Error::create_unhandled_error(source, None);
                    OrchestratorError::operation(Error::erase(error))
                })
        } else {
            let error = O::deserialize_error(ErrorResponse::new(response));
            Err(OrchestratorError::operation(Error::erase(error)))
        }
    }
}

/// A service description for unit tests of this crate.
#[cfg(test)]
pub(crate) mod test_service {
    use super::*;

    /// A service with a fixed endpoint.
    pub(crate) struct TestService;

    fn resolve(builtins: &BuiltIns) -> Result<Endpoint, ResolveEndpointError> {
        match &builtins.endpoint {
            Some(url) => Ok(Endpoint::builder().url(url.clone()).build()),
            None => Err(ResolveEndpointError::message("no endpoint")),
        }
    }

    impl ServiceSpec for TestService {
        const SERVICE: Service = Service {
            sdk_id: "Test",
            user_agent_id: "test",
            crate_version: "0.0.0",
            signing_name: "test",
            resolve_endpoint: resolve,
        };
    }
}
