//! restJson1 wire helpers used by generated serializers and deserializers: building requests
//! (labels, query strings, headers, bodies) and reading response headers and bodies.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::http::Headers;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::date_time::Format;
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::DateTime;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Builds the HTTP request of one operation call.
#[derive(Debug)]
pub struct RequestBuilder {
    method: &'static str,
    uri: String,
    has_query: bool,
    headers: Vec<(String, String)>,
    body: SdkBody,
    content_type: Option<&'static str>,
}

impl RequestBuilder {
    /// Starts a request with `method`; the URI starts empty.
    pub fn new(method: &'static str) -> Self {
        Self {
            method,
            uri: String::with_capacity(128),
            has_query: false,
            headers: Vec::new(),
            body: SdkBody::empty(),
            content_type: None,
        }
    }

    /// Appends a literal part of the URI pattern (already in its encoded form).
    pub fn push_path(&mut self, literal: &str) {
        self.uri.push_str(literal);
    }

    /// Appends a percent-encoded label value. Greedy labels keep their `/` separators.
    /// An empty value is refused with an error naming the member, since it would change the
    /// meaning of the path.
    pub fn push_label(
        &mut self,
        member: &'static str,
        value: &str,
        greedy: bool,
    ) -> Result<(), BuildError> {
        if value.is_empty() {
            return Err(BuildError::missing_field(
                member,
                "is bound to the URI path and cannot be empty",
            ));
        }
        let strategy = if greedy {
            aws_smithy_http::label::EncodingStrategy::Greedy
        } else {
            aws_smithy_http::label::EncodingStrategy::Default
        };
        self.uri
            .push_str(&aws_smithy_http::label::fmt_string(value, strategy));
        Ok(())
    }

    /// Appends a literal query parameter that is part of the URI pattern.
    pub fn push_query_literal(&mut self, raw: &str) {
        self.uri.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        self.uri.push_str(raw);
    }

    /// Appends a query parameter, percent-encoding name and value.
    pub fn push_query(&mut self, name: &str, value: &str) {
        self.uri.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        self.uri.push_str(&aws_smithy_http::query::fmt_string(name));
        self.uri.push('=');
        self.uri
            .push_str(&aws_smithy_http::query::fmt_string(value));
    }

    /// Sets a header. Header values are checked when the request is built.
    pub fn header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.headers.push((name.into(), value.into()));
    }

    /// Serializes `body` as the JSON document of the request.
    pub fn json_body<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), BoxError> {
        let bytes = serde_json::to_vec(body)?;
        self.body = SdkBody::from(bytes);
        self.content_type = Some("application/json");
        Ok(())
    }

    /// Sets a raw payload with its content type.
    pub fn payload(&mut self, body: impl Into<SdkBody>, content_type: &'static str) {
        self.body = body.into();
        self.content_type = Some(content_type);
    }

    /// Builds the request. Fails, naming the header, when a header value cannot be sent.
    pub fn build(self) -> Result<HttpRequest, BoxError> {
        let mut builder = http::Request::builder().method(self.method).uri(&self.uri);
        if let Some(content_type) = self.content_type {
            if !self
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            {
                builder = builder.header("content-type", content_type);
            }
        }
        if let Some(length) = self.body.content_length() {
            if length > 0 || self.content_type.is_some() {
                builder = builder.header("content-length", length);
            }
        }
        for (name, value) in &self.headers {
            let header_value = http::HeaderValue::from_str(value).map_err(|_| {
                format!("the value of header `{name}` contains characters that HTTP headers cannot carry")
            })?;
            let header_name = http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("`{name}` is not a valid HTTP header name"))?;
            builder = builder.header(header_name, header_value);
        }
        let request = builder
            .body(self.body)
            .map_err(|e| format!("could not build the HTTP request: {e}"))?;
        Ok(HttpRequest::try_from(request)?)
    }
}

/// Formats a timestamp for a URI label or query string (`date-time` unless the model says
/// otherwise).
pub fn fmt_timestamp(value: &DateTime, format: Format) -> Result<String, BoxError> {
    Ok(value.fmt(format)?)
}

/// Formats a floating point number for a URI label, query string or header, writing
/// non-finite values as restJson1 does: `NaN`, `Infinity` and `-Infinity`.
pub fn fmt_float<F: Into<f64> + fmt::Display + Copy>(value: F) -> String {
    let wide: f64 = value.into();
    if wide.is_nan() {
        "NaN".to_owned()
    } else if wide.is_infinite() {
        if wide > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        value.to_string()
    }
}

/// Joins list values for a header, quoting values that contain commas or quotes.
pub fn join_header_list<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> String {
    let mut out = String::new();
    for (i, value) in values.into_iter().enumerate() {
        let value = value.as_ref();
        if i > 0 {
            out.push_str(", ");
        }
        if value.contains(',') || value.contains('"') {
            out.push('"');
            out.push_str(&value.replace('\\', "\\\\").replace('"', "\\\""));
            out.push('"');
        } else {
            out.push_str(value);
        }
    }
    out
}

/// A response header that could not be read as its modeled type.
#[derive(Debug)]
pub struct HeaderError {
    header: String,
    message: String,
}

impl HeaderError {
    fn new(header: &str, message: impl fmt::Display) -> Self {
        Self {
            header: header.to_owned(),
            message: message.to_string(),
        }
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "response header `{}`: {}", self.header, self.message)
    }
}

impl std::error::Error for HeaderError {}

/// Reads a string header.
pub fn header_string(headers: &Headers, name: &str) -> Option<String> {
    headers.get(name).map(str::to_owned)
}

/// Reads a header holding a number, boolean or enum value.
pub fn header_parse<T>(headers: &Headers, name: &str) -> Result<Option<T>, HeaderError>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    match headers.get(name) {
        None => Ok(None),
        Some(value) => value
            .trim()
            .parse()
            .map(Some)
            .map_err(|e| HeaderError::new(name, format!("`{value}`: {e}"))),
    }
}

/// Reads a timestamp header (`http-date` unless the model says otherwise).
pub fn header_timestamp(
    headers: &Headers,
    name: &str,
    format: Format,
) -> Result<Option<DateTime>, HeaderError> {
    match headers.get(name) {
        None => Ok(None),
        Some(value) => DateTime::from_str(value.trim(), format)
            .map(Some)
            .map_err(|e| HeaderError::new(name, format!("`{value}`: {e}"))),
    }
}

/// Reads a comma-separated list header, honouring quoted values.
pub fn header_list(headers: &Headers, name: &str) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut seen = false;
    for raw in headers.get_all(name) {
        seen = true;
        let mut current = String::new();
        let mut quoted = false;
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => quoted = !quoted,
                '\\' if quoted => {
                    if let Some(next) = chars.next() {
                        current.push(next);
                    }
                }
                ',' if !quoted => {
                    values.push(current.trim().to_owned());
                    current.clear();
                }
                _ => current.push(c),
            }
        }
        values.push(current.trim().to_owned());
    }
    seen.then_some(values)
}

/// Reads a comma-separated list header whose items are numbers, booleans or enum values.
/// An item that does not parse fails the whole header, naming it.
pub fn header_list_parse<T>(headers: &Headers, name: &str) -> Result<Option<Vec<T>>, HeaderError>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    match header_list(headers, name) {
        None => Ok(None),
        Some(values) => values
            .iter()
            .map(|value| {
                value
                    .parse()
                    .map_err(|e| HeaderError::new(name, format!("`{value}`: {e}")))
            })
            .collect::<Result<Vec<T>, _>>()
            .map(Some),
    }
}

/// Collects the headers that start with `prefix` (case-insensitively), without the prefix.
pub fn prefix_headers(
    headers: &Headers,
    prefix: &str,
) -> Option<std::collections::HashMap<String, String>> {
    let map: std::collections::HashMap<String, String> = headers
        .iter()
        .filter(|(name, _)| {
            name.len() >= prefix.len() && name[..prefix.len()].eq_ignore_ascii_case(prefix)
        })
        .map(|(name, value)| (name[prefix.len()..].to_owned(), value.to_owned()))
        .collect();
    (!map.is_empty()).then_some(map)
}

/// A response body that could not be read as the modeled output.
///
/// It keeps serde's message with the values it quotes blanked out (`invalid type: string "…"`,
/// ``integer `…` ``): they come from the body and may be sensitive members.
pub struct BodyError {
    /// The operation whose output this is; `None` for an error response.
    operation: Option<&'static str>,
    message: String,
}

impl BodyError {
    pub(crate) fn new(operation: Option<&'static str>, source: &serde_json::Error) -> Self {
        Self {
            operation,
            message: blank_quoted(&source.to_string()),
        }
    }
}

/// Replaces what serde quotes (`"..."` and `` `...` ``) with `…`, except in the messages
/// that quote a member name of the model rather than a value.
fn blank_quoted(message: &str) -> String {
    if message.starts_with("missing field `") || message.starts_with("duplicate field `") {
        return message.to_owned();
    }
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        if c != '"' && c != '`' {
            out.push(c);
            continue;
        }
        out.push(c);
        out.push('…');
        let mut escaped = false;
        for inner in chars.by_ref() {
            if inner == c && !escaped {
                break;
            }
            escaped = c == '"' && inner == '\\' && !escaped;
        }
        out.push(c);
    }
    out
}

impl fmt::Debug for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyError")
            .field("operation", &self.operation)
            .field("message", &self.message)
            .finish()
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.operation {
            Some(operation) => write!(f, "the response body of {operation}")?,
            None => f.write_str("the error response body")?,
        }
        write!(f, " is not valid: {}", self.message)
    }
}

impl std::error::Error for BodyError {}

/// The bytes of a response body (empty when the body is streaming, which restJson1
/// The request id AWS put on a response (`x-amzn-requestid`, or `x-amz-request-id`), which
/// outputs keep for [`RequestId`](crate::RequestId).
pub fn request_id(response: &HttpResponse) -> Option<String> {
    use aws_types::request_id::RequestId;
    response.headers().request_id().map(str::to_owned)
}

/// operations without a streaming payload never are).
pub fn body_bytes(response: &HttpResponse) -> &[u8] {
    response.body().bytes().unwrap_or_default()
}

/// Parses a JSON response body; an empty body is read as `{}`.
pub fn parse_json_body<T: DeserializeOwned>(
    operation: &'static str,
    body: &[u8],
) -> Result<T, BodyError> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        &b"{}"[..]
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|source| BodyError::new(Some(operation), &source))
}

/// Parses a JSON response body that is bound to one member (`httpPayload`); an empty body
/// means the member is absent.
pub fn parse_json_payload<T: DeserializeOwned>(
    operation: &'static str,
    body: &[u8],
) -> Result<Option<T>, BodyError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(body)
        .map(Some)
        .map_err(|source| BodyError::new(Some(operation), &source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_errors_do_not_quote_values() {
        let err = serde_json::from_str::<Vec<u8>>(r#""hunter\"2""#).unwrap_err();
        let text = BodyError::new(Some("Op"), &err).to_string();
        assert_eq!(
            text,
            "the response body of Op is not valid: invalid type: string \"…\", expected a sequence at line 1 column 11"
        );
        let err = serde_json::from_str::<String>("15").unwrap_err();
        let text = BodyError::new(None, &err).to_string();
        assert!(
            !text.contains("15") && text.contains("integer `…`"),
            "{text}"
        );
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Out {
            step_id: String,
        }
        let err = serde_json::from_str::<Out>("{}").unwrap_err();
        assert!(BodyError::new(None, &err)
            .to_string()
            .contains("missing field `step_id`"));
    }

    #[test]
    fn labels_and_query_are_encoded() {
        let mut req = RequestBuilder::new("GET");
        req.push_path("/a/");
        req.push_label("name", "x y/z", false).unwrap();
        req.push_path("/b/");
        req.push_label("key", "p/q r", true).unwrap();
        req.push_query("max Results", "1&2");
        req.push_query("t", "v");
        let request = req.build().unwrap();
        assert_eq!(
            request.uri(),
            "/a/x%20y%2Fz/b/p/q%20r?max%20Results=1%262&t=v"
        );
    }

    #[test]
    fn empty_label_is_refused_with_member_name() {
        let mut req = RequestBuilder::new("GET");
        let err = req.push_label("workflow_name", "", false).unwrap_err();
        assert!(err.to_string().contains("workflow_name"), "{err}");
    }

    #[test]
    fn bad_header_value_names_the_header() {
        let mut req = RequestBuilder::new("GET");
        req.push_path("/");
        req.header("x-thing", "a\nb");
        let err = req.build().unwrap_err();
        assert!(err.to_string().contains("x-thing"), "{err}");
    }

    #[test]
    fn json_body_sets_content_type_and_length() {
        let mut req = RequestBuilder::new("PUT");
        req.push_path("/");
        req.json_body(&serde_json::json!({"a": 1})).unwrap();
        let request = req.build().unwrap();
        assert_eq!(
            request.headers().get("content-type"),
            Some("application/json")
        );
        assert_eq!(request.headers().get("content-length"), Some("7"));
        assert_eq!(request.body().bytes(), Some(&b"{\"a\":1}"[..]));
    }

    #[test]
    fn header_lists_round_trip() {
        let joined = join_header_list(["a", "b,c", "d\"e"]);
        assert_eq!(joined, r#"a, "b,c", "d\"e""#);
        let mut headers = Headers::new();
        headers.insert("x-list", joined);
        assert_eq!(
            header_list(&headers, "x-list").unwrap(),
            vec!["a", "b,c", "d\"e"]
        );
    }

    #[test]
    fn floats_use_restjson_spellings() {
        assert_eq!(fmt_float(f64::NAN), "NaN");
        assert_eq!(fmt_float(f32::INFINITY), "Infinity");
        assert_eq!(fmt_float(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(fmt_float(0.1f32), "0.1");
        assert_eq!(fmt_float(2.5f64), "2.5");
        let mut headers = Headers::new();
        headers.insert("x-f", "-Infinity");
        assert_eq!(
            header_parse::<f64>(&headers, "x-f").unwrap(),
            Some(f64::NEG_INFINITY)
        );
    }

    #[test]
    fn header_lists_of_numbers() {
        assert_eq!(
            join_header_list([1, 2, 3].iter().map(i32::to_string)),
            "1, 2, 3"
        );
        let mut headers = Headers::new();
        headers.insert("x-sizes", "1, 2,3");
        assert_eq!(
            header_list_parse::<i64>(&headers, "x-sizes").unwrap(),
            Some(vec![1, 2, 3])
        );
        assert_eq!(header_list_parse::<i64>(&headers, "x-other").unwrap(), None);
        headers.insert("x-sizes", "1, two");
        let err = header_list_parse::<i64>(&headers, "x-sizes").unwrap_err();
        assert!(
            err.to_string().contains("x-sizes") && err.to_string().contains("two"),
            "{err}"
        );
    }

    #[test]
    fn header_parse_errors_name_the_header() {
        let mut headers = Headers::new();
        headers.insert("retry-after", "soon");
        let err = header_parse::<i32>(&headers, "retry-after").unwrap_err();
        assert!(err.to_string().contains("retry-after"), "{err}");
        headers.insert("retry-after", "3");
        assert_eq!(
            header_parse::<i32>(&headers, "retry-after").unwrap(),
            Some(3)
        );
    }

    #[test]
    fn empty_body_reads_as_empty_object() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Out {
            a: Option<i32>,
        }
        assert_eq!(parse_json_body::<Out>("Op", b"").unwrap(), Out { a: None });
        let err = parse_json_body::<Out>("Op", b"{\"a\":\"x\"}").unwrap_err();
        assert!(err.to_string().contains("Op"), "{err}");
    }
}
