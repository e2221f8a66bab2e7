//! Per-call customization: `<fluent builder>.customize()` returns a [`CustomizableOperation`],
//! which adds interceptors, request changes and configuration overrides to that one call, as
//! in the official SDKs.

use crate::config::Builder;
use crate::service::{Handle, Operation, ServiceSpec};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::interceptors::{Intercept, SharedInterceptor};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::client::runtime_components::{
    RuntimeComponents, RuntimeComponentsBuilder,
};
use aws_smithy_runtime_api::client::runtime_plugin::{SharedRuntimePlugin, StaticRuntimePlugin};
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::error::operation::BuildError;
use std::fmt;
use std::sync::Arc;

/// One call with customizations that apply to it alone. Made by a fluent builder's
/// `customize()`; [`send`](Self::send) sends it.
pub struct CustomizableOperation<O: Operation, S> {
    handle: Arc<Handle<S>>,
    input: Result<O::Input, BuildError>,
    interceptors: Vec<SharedInterceptor>,
    config_override: Option<Builder<S>>,
}

impl<O: Operation, S> fmt::Debug for CustomizableOperation<O, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomizableOperation")
            .field("operation", &O::NAME)
            .field("interceptors", &self.interceptors.len())
            .field("config_override", &self.config_override.is_some())
            .finish_non_exhaustive()
    }
}

impl<O: Operation, S: ServiceSpec + Send + Sync> CustomizableOperation<O, S> {
    /// A call of `O` with `input` on the client of `handle`, not yet customized.
    pub fn new(handle: Arc<Handle<S>>, input: Result<O::Input, BuildError>) -> Self {
        Self {
            handle,
            input,
            interceptors: Vec::new(),
            config_override: None,
        }
    }

    /// Adds an interceptor for this call, after the client's own.
    pub fn interceptor(mut self, interceptor: impl Intercept + 'static) -> Self {
        self.interceptors.push(SharedInterceptor::new(interceptor));
        self
    }

    /// Changes the request just before it is signed, e.g. to add a header.
    pub fn mutate_request<F>(self, f: F) -> Self
    where
        F: Fn(&mut HttpRequest) + Send + Sync + 'static,
    {
        self.interceptor(MutateRequest(f))
    }

    /// Replaces the request just before it is signed with what `f` makes of it; an error
    /// fails the call.
    pub fn map_request<F, E>(self, f: F) -> Self
    where
        F: Fn(HttpRequest) -> Result<HttpRequest, E> + Send + Sync + 'static,
        E: std::error::Error + Send + Sync + 'static,
    {
        self.interceptor(MapRequest(f))
    }

    /// Overrides the client's configuration for this call: what `config_override` sets wins,
    /// and its interceptors run after the client's.
    pub fn config_override(mut self, config_override: impl Into<Builder<S>>) -> Self {
        self.config_override = Some(config_override.into());
        self
    }

    /// Sends the call.
    pub async fn send(self) -> Result<O::Output, SdkError<O::Error, HttpResponse>> {
        let input = self.input.map_err(SdkError::construction_failure)?;
        let handle = match self.config_override {
            Some(over) => Arc::new(Handle::new(
                self.handle.config().overridden_by(over.build()),
            )),
            None => self.handle,
        };
        let extra = (!self.interceptors.is_empty()).then(|| {
            let mut components = RuntimeComponentsBuilder::new("customize");
            for interceptor in self.interceptors {
                components.push_interceptor(interceptor);
            }
            SharedRuntimePlugin::new(StaticRuntimePlugin::new().with_runtime_components(components))
        });
        handle.invoke_with::<O>(input, extra).await
    }
}

struct MutateRequest<F>(F);

impl<F> fmt::Debug for MutateRequest<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MutateRequest")
    }
}

impl<F> Intercept for MutateRequest<F>
where
    F: Fn(&mut HttpRequest) + Send + Sync + 'static,
{
    fn name(&self) -> &'static str {
        "MutateRequest"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        (self.0)(context.request_mut());
        Ok(())
    }
}

struct MapRequest<F>(F);

impl<F> fmt::Debug for MapRequest<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MapRequest")
    }
}

impl<F, E> Intercept for MapRequest<F>
where
    F: Fn(HttpRequest) -> Result<HttpRequest, E> + Send + Sync + 'static,
    E: std::error::Error + Send + Sync + 'static,
{
    fn name(&self) -> &'static str {
        "MapRequest"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        // The request is taken out of the context and the mapped one put in its place.
        let request = context.request_mut();
        let taken = std::mem::replace(request, HttpRequest::empty());
        *request = (self.0)(taken)?;
        Ok(())
    }
}
