//! A Rust client for **Amazon Nova Act**, the AWS service that runs fleets of AI agents on
//! browser workflows (API version 2025-08-22).
//!
//! The crate is generated from the service's Smithy model (`model/nova-act.json` in the
//! repository) and runs on the official AWS Smithy runtime: SigV4 signing, the credentials
//! chain from `aws-config`, standard retries, timeouts and request ids all behave as in the
//! official AWS SDK crates, and the public API has the same shape, so switching is mostly an
//! import change.
//!
//! ```no_run
//! use nova_act_sdk::types::ClientInfo;
//! use nova_act_sdk::Client;
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let sdk_config = aws_config::defaults(aws_config::BehaviorVersion::latest())
//!     .http_client(nova_act_sdk::http::https_client())
//!     .load()
//!     .await;
//! let client = Client::new(&sdk_config);
//!
//! let run = client
//!     .create_workflow_run()
//!     .workflow_definition_name("my-workflow")
//!     .model_id("nova-act-latest")
//!     .client_info(ClientInfo::builder().compatibility_version(1).build()?)
//!     .send()
//!     .await?;
//! println!("started run {}", run.workflow_run_id());
//! # Ok(())
//! # }
//! ```
//!
//! Module map:
//! - [`Client`] and [`Config`]: the client and its configuration ([`config`]).
//! - [`operation`]: one module per operation with its input, output, error and builders.
//! - [`types`]: the structures, enums and unions of the model; [`types::error`] the modeled
//!   errors.
//! - [`http`]: the HTTPS client, to share with `aws-config`.
//! - [`error`]: the error wrapper returned by every call ([`error::SdkError`]) and helpers;
//!   [`Error`], the service-wide error every call's error converts into with `?`.
//! - [`meta`]: the crate's version.
//! - [`primitives`]: timestamps, blobs and the values kept when the service sends something
//!   newer than this crate knows.
//!
//! Everything under `src/generated/` is produced by `cargo xtask codegen`; this file and
//! `src/error.rs`, `src/http.rs` and `src/primitives.rs` are written by hand.

#![warn(missing_docs)]

#[rustfmt::skip]
mod generated;

pub mod error;
pub mod http;
pub mod primitives;

pub use generated::{client, config, meta, operation, types};

pub use generated::error_meta::Error;

pub use generated::client::Client;
pub use generated::config::Config;

pub use restjson_runtime::pagination::PaginationStream;
