//! Emitters: IR to token streams, one concern each.

pub mod endpoints;
