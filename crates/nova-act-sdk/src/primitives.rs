//! Primitive values used by the generated types.

pub use restjson_runtime::deps::aws_smithy_types::date_time::Format as DateTimeFormat;
pub use restjson_runtime::deps::aws_smithy_types::{Blob, DateTime};
pub use restjson_runtime::primitives::{UnknownUnionMember, UnknownVariantValue};
