//! restJson1 error responses: finding the error code, message and request id, parsing modeled
//! errors, and keeping unmodeled ones.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::Headers;
use aws_smithy_types::error::metadata::{ErrorMetadata, ProvideErrorMetadata};
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::retry::ErrorKind;
use serde::de::DeserializeOwned;
use std::error::Error as StdError;
use std::fmt;

/// The header that names the error type in restJson1 responses.
const ERROR_TYPE_HEADER: &str = "x-amzn-errortype";

/// An error response, with its code, message and request id already extracted.
pub struct ErrorResponse<'a> {
    status: u16,
    headers: &'a Headers,
    body: &'a [u8],
    /// The body, when it is a JSON object; read once and reused by [`ErrorResponse::parse`].
    document: Option<serde_json::Value>,
    code: Option<String>,
    meta: ErrorMetadata,
}

// Not derived: the body may hold sensitive values, so only its length is shown.
impl fmt::Debug for ErrorResponse<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorResponse")
            .field("status", &self.status)
            .field("headers", self.headers)
            .field("body_len", &self.body.len())
            .field("code", &self.code)
            .field("meta", &self.meta)
            .finish()
    }
}

impl<'a> ErrorResponse<'a> {
    /// Reads the error code from the `x-amzn-errortype` header, or else from the body's
    /// `code` or `__type` field, stripping any namespace (`ns#Name`) and any `:suffix`; the
    /// message from the body's `message` (or `Message`, `errorMessage`); and the request id from
    /// `x-amzn-requestid`.
    pub fn new(response: &'a HttpResponse) -> Self {
        let headers = response.headers();
        let body = response.body().bytes().unwrap_or_default();
        let document = if body.is_empty() {
            None
        } else {
            serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .filter(serde_json::Value::is_object)
        };
        let field = |names: &[&str]| -> Option<&str> {
            let map = document.as_ref()?.as_object()?;
            names.iter().find_map(|name| map.get(*name)?.as_str())
        };
        let code = headers
            .get(ERROR_TYPE_HEADER)
            .or_else(|| field(&["code", "__type"]))
            .map(sanitize_error_code)
            .filter(|code| !code.is_empty())
            .map(str::to_owned);
        let message = field(&["message", "Message", "errorMessage"]).map(str::to_owned);
        let mut meta = ErrorMetadata::builder();
        if let Some(code) = &code {
            meta = meta.code(code.clone());
        }
        if let Some(message) = message {
            meta = meta.message(message);
        }
        meta = aws_types::request_id::apply_request_id(meta, headers);
        Self {
            status: response.status().as_u16(),
            headers,
            body,
            document,
            code,
            meta: meta.build(),
        }
    }

    /// The sanitized error code, if the response named one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &Headers {
        self.headers
    }

    /// Parses the body into a modeled error and binds its header members. When the body does
    /// not fit the modeled shape, the error is kept as [`Unhandled`] with its code, message and
    /// request id, and the parse failure as its source.
    pub fn parse<E: ModeledError>(&self) -> Result<E, Unhandled> {
        // A sensitive message must not reach the metadata, which `Debug` prints.
        let meta = if E::SENSITIVE_MESSAGE {
            self.meta_without_message()
        } else {
            self.meta.clone()
        };
        let unhandled = |source: Box<dyn StdError + Send + Sync>| Unhandled {
            meta: meta.clone(),
            source: Some(source),
        };
        let parsed = match &self.document {
            Some(document) => E::deserialize(document),
            None if self.body.is_empty() => serde_json::from_slice(b"{}"),
            // Not a JSON object: parsing it again reports why.
            None => serde_json::from_slice(self.body),
        };
        // serde's message may quote values from the body: keep only a description of it.
        let mut error: E =
            parsed.map_err(|e| unhandled(crate::wire::BodyError::new(None, &e).into()))?;
        error
            .bind_headers(self.headers)
            .map_err(|e| unhandled(e.into()))?;
        error.set_meta(meta);
        Ok(error)
    }

    /// The metadata with the code and request id only.
    fn meta_without_message(&self) -> ErrorMetadata {
        let mut meta = ErrorMetadata::builder();
        if let Some(code) = &self.code {
            meta = meta.code(code.clone());
        }
        aws_types::request_id::apply_request_id(meta, self.headers).build()
    }

    /// Keeps this response as an unmodeled error.
    pub fn into_unhandled(self) -> Unhandled {
        let description = match self.code {
            Some(_) => None,
            None => Some(format!(
                "the service answered HTTP {} without naming an error type",
                self.status
            )),
        };
        Unhandled {
            meta: self.meta,
            source: description.map(Into::into),
        }
    }
}

/// Strips the namespace and suffixes from a restJson1 error code:
/// `aws.protocoltests#FooError:http://internal/` becomes `FooError`.
pub fn sanitize_error_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    let code = code.rsplit('#').next().unwrap_or(code);
    code.trim()
}

/// Implemented by the generated structures of modeled errors.
pub trait ModeledError: DeserializeOwned {
    /// How the retry strategy classifies this error, as the official SDKs do: `ThrottlingError`
    /// for errors the model marks as throttling, `ServerError` for other retryable errors of
    /// the server's fault, `ClientError` for other retryable ones, `None` otherwise.
    const RETRY_KIND: Option<ErrorKind> = None;

    /// Whether the error's message member is sensitive (or the whole error is): the message
    /// then stays out of the error metadata, and so out of `Debug` and `Display`.
    const SENSITIVE_MESSAGE: bool = false;

    /// Stores the error metadata (code, message, request id).
    fn set_meta(&mut self, meta: ErrorMetadata);

    /// Reads the members bound to HTTP headers; errors without any keep this default.
    fn bind_headers(&mut self, headers: &Headers) -> Result<(), crate::wire::HeaderError> {
        let _ = headers;
        Ok(())
    }
}

/// The errors of a builder's required members: `missing(details)(field)` is
/// [`BuildError::missing_field`]`(field, details)`, so that a `build` names its details once.
pub fn missing(details: &'static str) -> impl Fn(&'static str) -> BuildError + Copy {
    move |field| BuildError::missing_field(field, details)
}

/// One variant of an operation's error enum: a modeled error or [`Unhandled`].
///
/// A generated error enum hands out its variant as a `&dyn ErrorVariant`, so that its
/// `Display`, `Error::source`, metadata and retry classification are one call each instead
/// of one `match` per trait.
pub trait ErrorVariant: StdError + ProvideErrorMetadata + Send + Sync + 'static {
    /// What the enum's [`Error::source`](StdError::source) returns for this variant: a modeled
    /// error itself, or the cause kept by [`Unhandled`].
    fn enum_source(&self) -> Option<&(dyn StdError + 'static)>;

    /// How the retry strategy classifies this error (see [`ModeledError::RETRY_KIND`]).
    fn retry_kind(&self) -> Option<ErrorKind>;
}

impl<E> ErrorVariant for E
where
    E: ModeledError + StdError + ProvideErrorMetadata + Send + Sync + 'static,
{
    fn enum_source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self)
    }

    fn retry_kind(&self) -> Option<ErrorKind> {
        E::RETRY_KIND
    }
}

impl ErrorVariant for Unhandled {
    fn enum_source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source()
    }

    fn retry_kind(&self) -> Option<ErrorKind> {
        None
    }
}

/// An error the model does not describe, or one whose body could not be read. Its code,
/// message and request id are kept.
#[derive(Debug)]
pub struct Unhandled {
    meta: ErrorMetadata,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl Unhandled {
    /// Wraps any error, with empty metadata.
    pub fn new(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self {
            meta: ErrorMetadata::default(),
            source: Some(source.into()),
        }
    }

    /// Wraps any error with its metadata.
    pub fn with_meta(
        source: impl Into<Box<dyn StdError + Send + Sync>>,
        meta: ErrorMetadata,
    ) -> Self {
        Self {
            meta,
            source: Some(source.into()),
        }
    }

    /// The error metadata.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    /// An error known only by its metadata (code, message, request id): the metadata is both
    /// the metadata and the source, as in the official SDKs' `generic` constructors.
    pub fn generic(meta: ErrorMetadata) -> Self {
        Self::with_meta(meta.clone(), meta)
    }

    /// What `CreateUnhandledError::create_unhandled_error` makes: `source` with `meta`, or
    /// with empty metadata.
    pub fn create(source: Box<dyn StdError + Send + Sync>, meta: Option<ErrorMetadata>) -> Self {
        Self::with_meta(source, meta.unwrap_or_default())
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.meta.code(), self.meta.message()) {
            (Some(code), Some(message)) => write!(f, "unhandled error ({code}): {message}"),
            (Some(code), None) => write!(f, "unhandled error ({code})"),
            (None, Some(message)) => write!(f, "unhandled error: {message}"),
            (None, None) => match &self.source {
                Some(source) => write!(f, "unhandled error: {source}"),
                None => f.write_str("unhandled error"),
            },
        }
    }
}

impl StdError for Unhandled {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_ref()
            .map(|s| s.as_ref() as &(dyn StdError + 'static))
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

/// A value that names no known member of an enum, from an enum's `try_parse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariantError {
    value: String,
}

impl UnknownVariantError {
    /// The error for `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
        }
    }

    /// The value that was not recognised.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for UnknownVariantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown enum variant: '{}'", self.value)
    }
}

impl StdError for UnknownVariantError {}

/// Writes the `Display` form shared by modeled errors: `Name: message` or just `Name`.
pub fn display_error(f: &mut fmt::Formatter<'_>, name: &str, message: Option<&str>) -> fmt::Result {
    match message {
        Some(message) => write!(f, "{name}: {message}"),
        None => f.write_str(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        let mut response = HttpResponse::new(
            StatusCode::try_from(status).unwrap(),
            SdkBody::from(body.to_owned()),
        );
        for (name, value) in headers {
            response
                .headers_mut()
                .insert(name.to_string(), value.to_string());
        }
        response
    }

    #[test]
    fn sanitizes_codes() {
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(sanitize_error_code("ns.a#FooError"), "FooError");
        assert_eq!(
            sanitize_error_code("ns.a#FooError:http://internal/"),
            "FooError"
        );
        assert_eq!(sanitize_error_code("FooError:http://x"), "FooError");
    }

    #[test]
    fn header_code_wins_over_body() {
        let resp = response(
            400,
            &[
                ("x-amzn-errortype", "A:http://x"),
                ("x-amzn-requestid", "req-1"),
            ],
            r#"{"__type":"ns#B","message":"boom"}"#,
        );
        let parsed = ErrorResponse::new(&resp);
        assert_eq!(parsed.code(), Some("A"));
        assert_eq!(parsed.meta.message(), Some("boom"));
        use aws_types::request_id::RequestId;
        assert_eq!(parsed.meta.request_id(), Some("req-1"));
    }

    #[test]
    fn body_code_and_capital_message() {
        let resp = response(404, &[], r#"{"code":"ns#NotThere","Message":"gone"}"#);
        let parsed = ErrorResponse::new(&resp);
        assert_eq!(parsed.code(), Some("NotThere"));
        let unhandled = parsed.into_unhandled();
        assert_eq!(unhandled.meta().code(), Some("NotThere"));
        assert_eq!(unhandled.to_string(), "unhandled error (NotThere): gone");
    }

    #[test]
    fn missing_names_the_field_and_the_details() {
        let missing = missing("was not specified but it is required when building Thing");
        assert_eq!(
            missing("name").to_string(),
            "name was missing: was not specified but it is required when building Thing"
        );
    }

    #[test]
    fn unhandled_variants_keep_their_cause_and_are_not_retried() {
        let meta = ErrorMetadata::builder().code("Nope").build();
        let unhandled = Unhandled::create("the cause".into(), Some(meta));
        let variant: &dyn ErrorVariant = &unhandled;
        assert_eq!(variant.meta().code(), Some("Nope"));
        assert_eq!(variant.enum_source().unwrap().to_string(), "the cause");
        assert_eq!(variant.retry_kind(), None);
        assert_eq!(variant.to_string(), "unhandled error (Nope)");
        let bare = Unhandled::create("x".into(), None);
        assert_eq!(bare.meta().code(), None);
    }

    #[test]
    fn garbage_body_is_kept_as_unhandled() {
        let resp = response(502, &[], "<html>bad gateway</html>");
        let parsed = ErrorResponse::new(&resp);
        assert_eq!(parsed.code(), None);
        let unhandled = parsed.into_unhandled();
        assert!(unhandled.source().unwrap().to_string().contains("HTTP 502"));
    }
}
