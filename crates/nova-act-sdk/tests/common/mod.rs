//! Test support: clients wired to in-memory HTTP clients that record requests.

#![allow(dead_code)]

use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
use nova_act_sdk::config::{Credentials, Region, RetryConfig};
use nova_act_sdk::{Client, Config};
use restjson_runtime::deps::aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use restjson_runtime::deps::aws_smithy_types::body::SdkBody;

/// A successful or failing canned HTTP response.
pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<SdkBody> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(SdkBody::from(body.to_owned())).unwrap()
}

/// A replay client that answers each request with the next response, in order.
pub fn replay(responses: Vec<http::Response<SdkBody>>) -> StaticReplayClient {
    StaticReplayClient::new(
        responses
            .into_iter()
            .map(|resp| {
                ReplayEvent::new(
                    http::Request::builder()
                        .uri("http://placeholder")
                        .body(SdkBody::empty())
                        .unwrap(),
                    resp,
                )
            })
            .collect(),
    )
}

/// The configuration every wire test uses: us-east-1, fixed test credentials, the real
/// regional endpoint (nothing is sent over the network: the HTTP client is in memory), and
/// retries without backoff delays.
pub fn config(http: StaticReplayClient) -> Config {
    Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKIDTEST", "secret", None, None, "test"))
        .http_client(http)
        .endpoint_url("http://localhost")
        .retry_config(
            RetryConfig::standard().with_initial_backoff(std::time::Duration::from_millis(1)),
        )
        .build()
}

/// A client answering with `responses`, and the replay client to read the requests from.
pub fn client(responses: Vec<http::Response<SdkBody>>) -> (Client, StaticReplayClient) {
    let http = replay(responses);
    (Client::from_conf(config(http.clone())), http)
}

/// The requests sent so far.
pub fn requests(http: &StaticReplayClient) -> Vec<HttpRequest> {
    http.actual_requests()
        .map(|r| r.try_clone().expect("test requests have in-memory bodies"))
        .collect()
}

/// The request body as JSON (`Null` for an empty body).
pub fn body_json(request: &HttpRequest) -> serde_json::Value {
    let bytes = request.body().bytes().unwrap_or_default();
    if bytes.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(bytes).expect("request body is JSON")
    }
}

// ---------------------------------------------------------------------------------------
// Helpers shared by the per-operation wire tests (`wire_<operation>.rs`) and `behaviour.rs`.
// ---------------------------------------------------------------------------------------

use nova_act_sdk::primitives::{DateTime, DateTimeFormat};

/// A client whose retries are disabled: exactly one attempt per call.
pub fn client_no_retry(responses: Vec<http::Response<SdkBody>>) -> (Client, StaticReplayClient) {
    let http = replay(responses);
    let config = config(http.clone())
        .to_builder()
        .retry_config(RetryConfig::disabled())
        .build();
    (Client::from_conf(config), http)
}

/// A JSON success response with a request id.
pub fn json_response(status: u16, body: &str) -> http::Response<SdkBody> {
    response(
        status,
        &[
            ("content-type", "application/json"),
            ("x-amzn-requestid", "req-ok-1"),
        ],
        body,
    )
}

/// The single request that was sent (panics when there were zero or several).
pub fn only_request(http: &StaticReplayClient) -> HttpRequest {
    let mut reqs = requests(http);
    assert_eq!(reqs.len(), 1, "expected exactly one request");
    reqs.remove(0)
}

/// A request header.
pub fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.headers().get(name)
}

/// Asserts a request carries a JSON body with `content-type: application/json`, and
/// returns the body.
pub fn json_body_of(request: &HttpRequest) -> serde_json::Value {
    assert_eq!(
        header(request, "content-type"),
        Some("application/json"),
        "a JSON body needs content-type: application/json"
    );
    let body = body_json(request);
    assert!(body.is_object(), "the body is a JSON object: {body}");
    body
}

/// Asserts a request has no body and no content-type.
pub fn assert_no_body(request: &HttpRequest) {
    let bytes = request.body().bytes().unwrap_or_default();
    assert!(
        bytes.is_empty(),
        "expected no body, got {:?}",
        String::from_utf8_lossy(bytes)
    );
    assert_eq!(header(request, "content-type"), None);
}

/// Asserts `token` looks like a random UUID v4 (36 characters, version nibble 4, RFC 4122
/// variant).
pub fn assert_uuid_v4(token: &str) {
    assert_eq!(token.len(), 36, "{token}");
    let bytes = token.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if [8, 13, 18, 23].contains(&i) {
            assert_eq!(*b, b'-', "{token}");
        } else {
            assert!(b.is_ascii_hexdigit() && !b.is_ascii_uppercase(), "{token}");
        }
    }
    assert_eq!(bytes[14], b'4', "version nibble of {token}");
    assert!(
        matches!(bytes[19], b'8' | b'9' | b'a' | b'b'),
        "variant of {token}"
    );
}

/// Parses an RFC 3339 timestamp (used to compare timestamps read from responses).
pub fn ts(text: &str) -> DateTime {
    DateTime::from_str(text, DateTimeFormat::DateTime).unwrap()
}

/// `2025-08-22T10:11:12.345Z`, the timestamp most responses use, checked field by field.
pub fn assert_is_ts_345(value: &DateTime) {
    assert_eq!(value.secs(), 1_755_857_472);
    assert_eq!(value.subsec_nanos(), 345_000_000);
}

/// How an error response names its error type.
#[derive(Clone, Copy, Debug)]
pub enum Form {
    /// `x-amzn-errortype: <Name>:http://internal.amazon.com/coral/...` header; the body has
    /// no `__type`.
    Header,
    /// Body `"__type": "com.amazonaws.novaact#<Name>"`, no header.
    BodyType,
    /// Body `"code": "<Name>"`, no header, with `Message` spelled with a capital M.
    BodyCode,
}

/// Builds a modeled error response: `name` is the error shape name, `fields` the body members
/// besides the message, `extra_headers` any header-bound members (e.g. Retry-After).
pub fn error_response(
    status: u16,
    form: Form,
    name: &str,
    message: &str,
    fields: serde_json::Value,
    extra_headers: &[(&str, &str)],
    request_id: &str,
) -> http::Response<SdkBody> {
    let mut body = match fields {
        serde_json::Value::Object(map) => map,
        serde_json::Value::Null => serde_json::Map::new(),
        other => panic!("fields must be an object, got {other}"),
    };
    let header_value = format!("{name}:http://internal.amazon.com/coral/com.amazonaws.novaact/");
    let mut headers: Vec<(&str, &str)> = vec![
        ("content-type", "application/json"),
        ("x-amzn-requestid", request_id),
    ];
    match form {
        Form::Header => {
            headers.push(("x-amzn-errortype", &header_value));
            body.insert("message".into(), message.into());
        }
        Form::BodyType => {
            body.insert(
                "__type".into(),
                format!("com.amazonaws.novaact#{name}").into(),
            );
            body.insert("message".into(), message.into());
        }
        Form::BodyCode => {
            body.insert("code".into(), name.into());
            body.insert("Message".into(), message.into());
        }
    }
    headers.extend_from_slice(extra_headers);
    response(
        status,
        &headers,
        &serde_json::Value::Object(body).to_string(),
    )
}

/// 403 AccessDeniedException; request id `req-ade`.
pub fn access_denied(form: Form) -> http::Response<SdkBody> {
    error_response(
        403,
        form,
        "AccessDeniedException",
        "User is not authorized to perform nova-act:Action",
        serde_json::Value::Null,
        &[],
        "req-ade",
    )
}

/// 409 ConflictException; request id `req-conflict`.
pub fn conflict(form: Form) -> http::Response<SdkBody> {
    error_response(
        409,
        form,
        "ConflictException",
        "The resource is being modified",
        serde_json::json!({"resourceId": "res-123", "resourceType": "WorkflowRun"}),
        &[],
        "req-conflict",
    )
}

/// 404 ResourceNotFoundException; request id `req-rnf`.
pub fn not_found(form: Form) -> http::Response<SdkBody> {
    error_response(
        404,
        form,
        "ResourceNotFoundException",
        "No such workflow definition",
        serde_json::json!({"resourceId": "my-wf", "resourceType": "WorkflowDefinition"}),
        &[],
        "req-rnf",
    )
}

/// 402 ServiceQuotaExceededException; request id `req-quota`.
pub fn quota_exceeded(form: Form) -> http::Response<SdkBody> {
    error_response(
        402,
        form,
        "ServiceQuotaExceededException",
        "Too many sessions",
        serde_json::json!({
            "resourceId": "sess-9",
            "resourceType": "Session",
            "serviceCode": "nova-act",
            "quotaCode": "L-12345678"
        }),
        &[],
        "req-quota",
    )
}

/// 429 ThrottlingException with `Retry-After: 7`; request id `req-throttle`.
pub fn throttling(form: Form) -> http::Response<SdkBody> {
    error_response(
        429,
        form,
        "ThrottlingException",
        "Rate exceeded",
        serde_json::json!({"serviceCode": "nova-act", "quotaCode": "L-THROTTLE"}),
        &[("Retry-After", "7")],
        "req-throttle",
    )
}

/// 500 InternalServerException with `Retry-After: 3`; request id `req-ise`.
pub fn internal_error(form: Form) -> http::Response<SdkBody> {
    error_response(
        500,
        form,
        "InternalServerException",
        "Something broke",
        serde_json::json!({"reason": "InvalidModelGeneration"}),
        &[("Retry-After", "3")],
        "req-ise",
    )
}

/// 400 ValidationException with a field list; request id `req-validation`.
pub fn validation(form: Form) -> http::Response<SdkBody> {
    error_response(
        400,
        form,
        "ValidationException",
        "1 validation error detected",
        serde_json::json!({
            "reason": "FieldValidationFailed",
            "fieldList": [
                {"name": "workflowDefinitionName", "message": "must match [a-zA-Z0-9_-]{1,40}"},
                {"name": "maxResults", "message": "must be at most 100"}
            ]
        }),
        &[],
        "req-validation",
    )
}

/// 400 with an error type the model does not know; request id `req-new`.
pub fn unmodeled() -> http::Response<SdkBody> {
    response(
        400,
        &[
            ("content-type", "application/json"),
            ("x-amzn-errortype", "SomethingNew"),
            ("x-amzn-requestid", "req-new"),
        ],
        r#"{"message":"a brand new kind of error"}"#,
    )
}

use nova_act_sdk::error::{ProvideErrorMetadata, RequestId};
use nova_act_sdk::types::error::{
    AccessDeniedException, ConflictException, InternalServerException, ResourceNotFoundException,
    ServiceQuotaExceededException, ThrottlingException, ValidationException,
};
use nova_act_sdk::types::{InternalServerExceptionReason, ValidationExceptionReason};

/// Checks the members and metadata of [`access_denied`].
pub fn check_access_denied(e: &AccessDeniedException) {
    assert_eq!(
        e.message(),
        "User is not authorized to perform nova-act:Action"
    );
    assert_eq!(ProvideErrorMetadata::code(e), Some("AccessDeniedException"));
    assert_eq!(e.request_id(), Some("req-ade"));
    assert_eq!(
        e.to_string(),
        "AccessDeniedException: User is not authorized to perform nova-act:Action"
    );
}

/// Checks the members and metadata of [`conflict`].
pub fn check_conflict(e: &ConflictException) {
    assert_eq!(e.message(), "The resource is being modified");
    assert_eq!(e.resource_id(), "res-123");
    assert_eq!(e.resource_type(), "WorkflowRun");
    assert_eq!(ProvideErrorMetadata::code(e), Some("ConflictException"));
    assert_eq!(e.request_id(), Some("req-conflict"));
}

/// Checks the members and metadata of [`not_found`].
pub fn check_not_found(e: &ResourceNotFoundException) {
    assert_eq!(e.message(), "No such workflow definition");
    assert_eq!(e.resource_id(), "my-wf");
    assert_eq!(e.resource_type(), "WorkflowDefinition");
    assert_eq!(
        ProvideErrorMetadata::code(e),
        Some("ResourceNotFoundException")
    );
    assert_eq!(e.request_id(), Some("req-rnf"));
}

/// Checks the members and metadata of [`quota_exceeded`].
pub fn check_quota_exceeded(e: &ServiceQuotaExceededException) {
    assert_eq!(e.message(), "Too many sessions");
    assert_eq!(e.resource_id(), "sess-9");
    assert_eq!(e.resource_type(), "Session");
    assert_eq!(e.service_code(), "nova-act");
    assert_eq!(e.quota_code(), "L-12345678");
    assert_eq!(
        ProvideErrorMetadata::code(e),
        Some("ServiceQuotaExceededException")
    );
    assert_eq!(e.request_id(), Some("req-quota"));
}

/// Checks the members and metadata of [`throttling`].
pub fn check_throttling(e: &ThrottlingException) {
    assert_eq!(e.message(), "Rate exceeded");
    assert_eq!(e.service_code(), Some("nova-act"));
    assert_eq!(e.quota_code(), Some("L-THROTTLE"));
    assert_eq!(e.retry_after_seconds(), Some(7));
    assert_eq!(ProvideErrorMetadata::code(e), Some("ThrottlingException"));
    assert_eq!(e.request_id(), Some("req-throttle"));
}

/// Checks the members and metadata of [`internal_error`].
pub fn check_internal_error(e: &InternalServerException) {
    assert_eq!(e.message(), "Something broke");
    assert_eq!(e.retry_after_seconds(), Some(3));
    assert_eq!(
        e.reason(),
        Some(&InternalServerExceptionReason::InvalidModelGeneration)
    );
    assert_eq!(
        ProvideErrorMetadata::code(e),
        Some("InternalServerException")
    );
    assert_eq!(e.request_id(), Some("req-ise"));
}

/// Checks the members and metadata of [`validation`].
pub fn check_validation(e: &ValidationException) {
    assert_eq!(e.message(), "1 validation error detected");
    assert_eq!(
        e.reason(),
        &ValidationExceptionReason::FieldValidationFailed
    );
    let fields = e.field_list();
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[0].name(), "workflowDefinitionName");
    assert_eq!(fields[0].message(), "must match [a-zA-Z0-9_-]{1,40}");
    assert_eq!(fields[1].name(), "maxResults");
    assert_eq!(fields[1].message(), "must be at most 100");
    assert_eq!(ProvideErrorMetadata::code(e), Some("ValidationException"));
    assert_eq!(e.request_id(), Some("req-validation"));
}

/// Checks the code, message and request id that every error enum exposes through
/// `ProvideErrorMetadata` and `RequestId`.
pub fn check_meta<E: ProvideErrorMetadata + RequestId>(
    e: &E,
    code: &str,
    message: &str,
    request_id: &str,
) {
    assert_eq!(e.code(), Some(code));
    assert_eq!(e.message(), Some(message));
    assert_eq!(e.request_id(), Some(request_id));
}

/// A canned HTTP response.
pub type Resp = http::Response<SdkBody>;
