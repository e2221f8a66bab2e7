//! Errors returned by client calls.
//!
//! Every call returns `Result<Output, SdkError<OperationError>>`. Use
//! [`SdkError::into_service_error`] to get the operation's own error enum, whose variants are
//! the errors the model declares for that operation; [`ProvideErrorMetadata`] gives the error
//! code and message of any of them, and [`RequestId`] the request id to quote to AWS support.

pub use restjson_runtime::deps::aws_smithy_runtime_api::box_error::BoxError;
pub use restjson_runtime::deps::aws_smithy_runtime_api::client::result::ConnectorError;
pub use restjson_runtime::error::UnknownVariantError;

/// The error of every call: the operation's error `E` when the service answered with one,
/// or what went wrong before or instead of an answer (construction, dispatch, time-out, an
/// unreadable response). `R` is the raw response kept with service and response errors.
pub type SdkError<E, R = HttpResponse> =
    restjson_runtime::deps::aws_smithy_runtime_api::client::result::SdkError<E, R>;
pub use restjson_runtime::deps::aws_smithy_types::error::display::DisplayErrorContext;
pub use restjson_runtime::deps::aws_smithy_types::error::metadata::{
    ErrorMetadata, ProvideErrorMetadata,
};
pub use restjson_runtime::deps::aws_smithy_types::error::operation::BuildError;
pub use restjson_runtime::deps::aws_types::request_id::RequestId;
pub use restjson_runtime::error::Unhandled;

/// The raw HTTP response attached to service and response errors.
pub type HttpResponse =
    restjson_runtime::deps::aws_smithy_runtime_api::client::orchestrator::HttpResponse;
