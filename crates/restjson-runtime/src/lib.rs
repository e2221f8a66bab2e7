//! Runtime glue for clients generated from restJson1 Smithy models.
//!
//! Generated crates (such as `nova-act-sdk`) stay small by delegating everything that does not
//! depend on the shapes of a particular service to this crate: client configuration,
//! orchestration on top of `aws-smithy-runtime` (SigV4 signing, retries, timeouts, user agent,
//! request ids), restJson1 wire helpers, endpoint-rule functions and pagination streams.
//!
//! Nothing here is specific to one service; the generated code supplies the facts.

#![warn(missing_docs)]

mod clock_skew;
pub mod config;
pub mod customize;
pub mod document;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod json;
pub mod pagination;
pub mod primitives;
pub mod redact;
pub mod service;
pub mod wire;

/// Re-exports used by generated code, so that generated crates need fewer direct
/// dependencies.
pub mod deps {
    pub use aws_credential_types;
    pub use aws_smithy_async;
    pub use aws_smithy_runtime;
    pub use aws_smithy_runtime_api;
    pub use aws_smithy_types;
    pub use aws_types;
    pub use serde;
    pub use serde_json;
}

// Flat re-exports of the runtime types that generated code names, so that generated files
// stay short and readable (`rt::BuildError` rather than the full path).
pub use aws_smithy_runtime_api::box_error::BoxError;
pub use aws_smithy_runtime_api::client::endpoint::error::ResolveEndpointError;
pub use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
pub use aws_smithy_runtime_api::client::result::{CreateUnhandledError, SdkError};
pub use aws_smithy_runtime_api::http::Headers;
pub use aws_smithy_types::date_time::Format as DateTimeFormat;
pub use aws_smithy_types::endpoint::Endpoint;
pub use aws_smithy_types::error::metadata::{ErrorMetadata, ProvideErrorMetadata};
pub use aws_smithy_types::error::operation::BuildError;
pub use aws_smithy_types::retry::{ErrorKind, ProvideErrorKind};
pub use aws_smithy_types::{Blob, DateTime, Document};
pub use aws_types::request_id::RequestId;
pub use serde;
pub use serde_json;
