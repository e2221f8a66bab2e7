//! Programs written against the official `aws-sdk-novaact` crate, as its documentation uses
//! it. `compat-official` builds them against that crate and `compat-ours` against
//! `nova-act-sdk` renamed to `aws_sdk_novaact` in its manifest: the sources are the same
//! files, in `compat/programs/`.

#[path = "../../programs/mod.rs"]
pub mod programs;
