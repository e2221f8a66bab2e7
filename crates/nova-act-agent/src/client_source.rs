//! `X-Client-Source: sdk` on every request of the agent.
//!
//! The official Python SDK sends this header, signed, on every call of an act (its value
//! says which kind of client runs the act: `sdk`, `extension` or `playground`).

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// The header's name.
pub(crate) const HEADER: &str = "x-client-source";

/// Adds the header before signing, so the signature covers it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientSource;

impl Intercept for ClientSource {
    fn name(&self) -> &'static str {
        "ClientSource"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        context.request_mut().headers_mut().insert(HEADER, "sdk");
        Ok(())
    }
}
