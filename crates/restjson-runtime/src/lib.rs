//! Runtime glue for clients generated from restJson1 Smithy models.
//!
//! Generated crates (such as `nova-act-sdk`) stay small by delegating everything that does not
//! depend on the shapes of a particular service to this crate: client configuration,
//! orchestration on top of `aws-smithy-runtime` (SigV4 signing, retries, timeouts, user agent,
//! request ids), restJson1 wire helpers, endpoint-rule functions and pagination streams.
//!
//! Nothing here is specific to one service; the generated code supplies the facts.

#![warn(missing_docs)]

pub mod config;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod json;
pub mod pagination;
pub mod primitives;
pub mod service;
pub mod wire;

/// Re-exports used by generated code, so that generated crates need fewer direct
/// dependencies.
pub mod deps {
    pub use aws_credential_types;
    pub use aws_smithy_async;
    pub use aws_smithy_runtime_api;
    pub use aws_smithy_types;
    pub use aws_types;
    pub use serde;
    pub use serde_json;
}
