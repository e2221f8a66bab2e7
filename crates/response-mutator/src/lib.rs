//! Robustness checks of the nova-act-sdk client against hostile or broken service responses.
//!
//! [`harness`] runs any operation of the real client (orchestrator, SigV4 signing, retries,
//! clock-skew tracking, deserializers) against a canned response instead of the network, and
//! also calls each operation's deserializers directly. [`mutate`] derives a deterministic
//! stream of mutated responses from valid ones and feeds them through the client:
//! `cargo xtask mutate-responses --seed N --seconds S`. The fuzz targets under `fuzz/` share
//! the harness.

pub mod harness;
pub mod mutate;
pub mod samples;
