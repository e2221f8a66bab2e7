//! Primitive values used by the generated types.

pub use restjson_runtime::deps::aws_smithy_types::date_time::Format as DateTimeFormat;
pub use restjson_runtime::deps::aws_smithy_types::{Blob, DateTime};
pub use restjson_runtime::deps::aws_smithy_types::{Document, Number};
pub use restjson_runtime::document::{
    from_document, from_json as document_from_json, to_document, to_json as document_to_json,
};
pub use restjson_runtime::primitives::{IdempotencyTokenProvider, UnknownVariantValue};
