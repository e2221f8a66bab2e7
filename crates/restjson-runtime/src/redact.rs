//! Keeping sensitive message bodies out of logs and out of `Debug` output.
//!
//! The `aws-smithy-runtime` orchestrator logs, at TRACE, the `Debug` form of the request it
//! transmits and of the response body it reads. An in-memory `SdkBody` prints its bytes in
//! full there, and so does the raw response that `SdkError` keeps.
//!
//! * Operations whose output holds a sensitive member put [`SensitiveOutput`] in their
//!   configuration layer, as the official SDKs do: the orchestrator then logs the response body
//!   as redacted (unless `LOG_SENSITIVE_BODIES=true`).
//! * Operations whose input holds a sensitive member put [`SensitiveInput`] there: the runtime
//!   has no such marker, so [`RedactBodies`] hides the body of their requests from `Debug`
//!   just before they are transmitted (unless `LOG_SENSITIVE_BODIES=true`).
//! * [`RedactBodies`] also hides the body of the raw response kept by a failed call, whatever
//!   the operation, so that printing an `SdkError` never prints a body.
//!
//! Hiding keeps the bytes: [`SdkBody::bytes`] still returns them and the body still streams
//! them; only `Debug` prints `BoxBody` instead of the bytes.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeTransmitInterceptorContextMut, FinalizerInterceptorContextMut,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

pub use aws_smithy_runtime_api::client::orchestrator::SensitiveOutput;

/// The environment variable with which the orchestrator logs sensitive bodies anyway
/// (`LOG_SENSITIVE_BODIES=true`); request bodies follow the same opt-in.
const LOG_SENSITIVE_BODIES: &str = "LOG_SENSITIVE_BODIES";

/// Configuration-bag marker of an operation whose input holds a sensitive member: its request
/// body is hidden from `Debug` (and so from the orchestrator's TRACE log).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct SensitiveInput;

impl Storable for SensitiveInput {
    type Storer = StoreReplace<Self>;
}

/// Hides sensitive request bodies before they are logged, and the body of the raw response a
/// failed call keeps. Registered on every client by [`crate::service`].
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct RedactBodies;

impl Intercept for RedactBodies {
    fn name(&self) -> &'static str {
        "RedactBodies"
    }

    // Runs after signing (which reads the bytes) and before the orchestrator logs the request.
    // Retries start again from the request as serialized, so each attempt comes through here.
    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if cfg.load::<SensitiveInput>().is_some() && !log_sensitive_bodies() {
            hide(context.request_mut().body_mut());
        }
        Ok(())
    }

    // The last hook before the orchestrator moves the response into `SdkError`.
    fn modify_before_completion(
        &self,
        context: &mut FinalizerInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if matches!(context.output_or_error(), Some(Err(_))) {
            if let Some(response) = context.response_mut() {
                hide(response.body_mut());
            }
        }
        Ok(())
    }
}

fn log_sensitive_bodies() -> bool {
    std::env::var(LOG_SENSITIVE_BODIES).is_ok_and(|v| v.eq_ignore_ascii_case("true"))
}

/// Wraps an in-memory body so that its `Debug` no longer prints its bytes, keeping its
/// contents (`bytes()`) and its ability to be replayed.
pub fn hide(body: &mut SdkBody) {
    // A streaming body already prints as `BoxBody`; an empty one has nothing to hide.
    if body.is_streaming() || body.bytes().is_none_or(<[u8]>::is_empty) {
        return;
    }
    let body_ = std::mem::replace(body, SdkBody::taken());
    *body = body_.map_preserve_contents(SdkBody::from_body_1_x);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_bodies_keep_their_bytes_but_not_in_debug() {
        let mut body = SdkBody::from("the-secret-bytes");
        assert!(format!("{body:?}").contains("the-secret-bytes"));
        hide(&mut body);
        assert!(
            !format!("{body:?}").contains("the-secret-bytes"),
            "{body:?}"
        );
        assert_eq!(body.bytes(), Some(&b"the-secret-bytes"[..]));
        let again = body.try_clone().expect("still replayable");
        assert_eq!(again.bytes(), Some(&b"the-secret-bytes"[..]));
        assert!(!format!("{again:?}").contains("the-secret-bytes"));
    }
}
