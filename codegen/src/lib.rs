//! Generates a Rust client crate from a restJson1 Smithy 2.0 JSON AST model.

pub mod emit;
