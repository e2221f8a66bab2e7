//! AWS Signature Version 4 verification of incoming requests.
//!
//! The canonical request is rebuilt from the request exactly as it arrived, following the
//! rules the AWS SDKs sign with for services other than S3:
//!
//! * the canonical URI is the raw path with dot segments and empty segments removed, then
//!   URI-encoded *again* (every byte other than `A-Z a-z 0-9 - _ . ~ /`, so `%` becomes `%25`);
//! * the canonical query string is every parameter decoded, re-encoded with the same unreserved
//!   set, and sorted by name then value;
//! * canonical headers are the headers named in `SignedHeaders`, lower-case, with values trimmed
//!   and inner runs of spaces collapsed, several values joined by `,`; all of this on the raw
//!   bytes as received, never on a decoded (lossy) form, so changing any byte of a signed
//!   header breaks the signature;
//! * the payload hash is the `x-amz-content-sha256` header when present, else the SHA-256 of
//!   the body. The header must be `UNSIGNED-PAYLOAD` (the body is then not covered) or 64
//!   lower-case hex digits (the body must hash to them); anything else, the `STREAMING-*`
//!   forms included, is refused.
//!
//! Verification comes in two steps so that no body is read for a request that cannot be
//! authentic: [`Verifier::verify_head`] checks everything the headers carry, including the
//! signature when `x-amz-content-sha256` is present, and [`BodyCheck::check`] then checks the
//! body (against the declared hash, or, without that header, by finishing the signature).
//!
//! The signature is compared in constant time ([`Mac::verify_slice`]).

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use http::HeaderMap;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

use crate::errors::ApiError;
use crate::protocol::parse_query;

type HmacSha256 = Hmac<Sha256>;

const ALGORITHM: &str = "AWS4-HMAC-SHA256";
const MAX_SKEW: Duration = Duration::from_secs(5 * 60);
/// The `x-amz-content-sha256` value for a body the signature does not cover.
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Bytes kept as they are in canonical strings; everything else is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
/// As [`UNRESERVED`], but `/` separates path segments and stays.
const PATH_UNRESERVED: &AsciiSet = &UNRESERVED.remove(b'/');

/// Who may call, and the scope signatures must be made for.
#[derive(Debug, Clone)]
pub struct Verifier {
    keys: HashMap<String, String>,
    region: String,
    service: String,
}

fn forbidden(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(403, code, message)
}

fn incomplete(message: impl Into<String>) -> ApiError {
    forbidden("IncompleteSignatureException", message)
}

fn invalid(message: impl Into<String>) -> ApiError {
    forbidden("InvalidSignatureException", message)
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so this never fails.
    let mut mac = HmacSha256::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// Parses `YYYYMMDD'T'HHMMSS'Z'` into seconds since the epoch.
pub fn parse_amz_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let s = text.get(range)?;
        if !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    let month = time::Month::try_from(u8::try_from(num(4..6)?).ok()?).ok()?;
    let day = u8::try_from(num(6..8)?).ok()?;
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    let clock = time::Time::from_hms(
        u8::try_from(num(9..11)?).ok()?,
        u8::try_from(num(11..13)?).ok()?,
        u8::try_from(num(13..15)?).ok()?,
    )
    .ok()?;
    Some(
        time::PrimitiveDateTime::new(date, clock)
            .assume_utc()
            .unix_timestamp(),
    )
}

/// Formats seconds since the epoch as `YYYYMMDD'T'HHMMSS'Z'`.
pub fn format_amz_date(secs: i64) -> String {
    let t =
        time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Removes `.` and `..` segments and empty segments, keeping a trailing slash.
fn normalize_path(path: &str) -> String {
    if path.is_empty() {
        return "/".into();
    }
    if !path.contains('.') && !path.contains("//") {
        return if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
    }
    let mut kept: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                kept.pop();
            }
            other => kept.push(other),
        }
    }
    let mut out = format!("/{}", kept.join("/"));
    let trailing = ["/", "/.", "/..", "/./", "/../"]
        .iter()
        .any(|end| path.ends_with(end));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// The canonical URI of a raw request path (double encoding, as for non-S3 services).
pub fn canonical_uri(raw_path: &str) -> String {
    utf8_percent_encode(&normalize_path(raw_path), PATH_UNRESERVED).to_string()
}

/// The canonical query string of a raw query.
pub fn canonical_query(raw_query: &str) -> String {
    let mut pairs: Vec<(String, String)> = parse_query(raw_query)
        .into_iter()
        .map(|(k, v)| {
            (
                utf8_percent_encode(&k, UNRESERVED).to_string(),
                utf8_percent_encode(&v, UNRESERVED).to_string(),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Appends a header value to `out` as SigV4 canonicalises it, on the raw bytes: spaces and
/// tabs trimmed at both ends, runs of spaces collapsed into one. Bytes are never decoded, so
/// every byte the client sent (obs-text, invalid UTF-8) takes part in the signature.
fn push_trimmed(value: &[u8], out: &mut Vec<u8>) {
    let is_blank = |b: &u8| *b == b' ' || *b == b'\t';
    let start = value
        .iter()
        .position(|b| !is_blank(b))
        .unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|b| !is_blank(b))
        .map_or(start, |i| i + 1);
    let mut last_space = false;
    for &b in &value[start..end] {
        if b == b' ' && last_space {
            continue;
        }
        last_space = b == b' ';
        out.push(b);
    }
}

struct AuthHeader<'a> {
    credential: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Result<AuthHeader<'_>, ApiError> {
    let value = value.trim();
    let (algorithm, rest) = value.split_once(char::is_whitespace).unwrap_or((value, ""));
    if algorithm != ALGORITHM {
        return Err(incomplete(format!(
            "Unsupported signing algorithm '{algorithm}': only {ALGORITHM} is accepted. Authorization={value}"
        )));
    }
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let Some((k, v)) = part.trim().split_once('=') else {
            continue;
        };
        match k.trim() {
            "Credential" => credential = Some(v.trim()),
            "SignedHeaders" => signed_headers = Some(v.trim()),
            "Signature" => signature = Some(v.trim()),
            _ => {}
        }
    }
    let mut missing = String::new();
    for (name, present) in [
        ("Credential", credential.is_some()),
        ("Signature", signature.is_some()),
        ("SignedHeaders", signed_headers.is_some()),
    ] {
        if !present {
            missing.push_str(&format!(
                "Authorization header requires '{name}' parameter. "
            ));
        }
    }
    match (credential, signed_headers, signature) {
        (Some(credential), Some(signed_headers), Some(signature)) => Ok(AuthHeader {
            credential,
            signed_headers,
            signature,
        }),
        _ => Err(incomplete(format!("{missing}Authorization={value}"))),
    }
}

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// What `x-amz-content-sha256` says about the body.
enum Payload {
    /// `UNSIGNED-PAYLOAD`: the body is not covered by the signature.
    Unsigned,
    /// A SHA-256 the signature covers; the body must hash to it.
    Declared([u8; 32]),
    /// No header: the signature covers the body's own hash, known only once it is read.
    FromBody,
}

/// The payload forms AWS defines for chunked uploads (S3); not accepted here.
const STREAMING_PREFIX: &str = "STREAMING-";

fn parse_payload_header(headers: &HeaderMap) -> Result<Payload, ApiError> {
    let mut values = headers.get_all("x-amz-content-sha256").iter();
    let Some(value) = values.next() else {
        return Ok(Payload::FromBody);
    };
    // Two values would leave it open which one the body is checked against.
    if values.next().is_some() {
        return Err(invalid("x-amz-content-sha256 must be given once."));
    }
    let bytes = value.as_bytes();
    if bytes == UNSIGNED_PAYLOAD.as_bytes() {
        return Ok(Payload::Unsigned);
    }
    // Lower-case hex only: that is what the canonical request carries, and accepting one
    // spelling keeps "the signed value" and "the checked value" the same bytes.
    let lower_hex = bytes.len() == 64
        && bytes
            .iter()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b));
    if lower_hex {
        let mut hash = [0u8; 32];
        if hex::decode_to_slice(bytes, &mut hash).is_ok() {
            return Ok(Payload::Declared(hash));
        }
    }
    let shown = String::from_utf8_lossy(bytes);
    if bytes.starts_with(STREAMING_PREFIX.as_bytes()) {
        return Err(invalid(format!(
            "x-amz-content-sha256 '{shown}' asks for a streaming (chunk-signed) payload, which this service does not accept: send the body's SHA-256 as lower-case hex, or {UNSIGNED_PAYLOAD}."
        )));
    }
    Err(invalid(format!(
        "x-amz-content-sha256 must be {UNSIGNED_PAYLOAD} or the body's SHA-256 as 64 lower-case hex digits, got '{shown}'."
    )))
}

/// The parts of a request SigV4 covers apart from the body: enough to authenticate before
/// reading the body.
#[derive(Debug, Clone, Copy)]
pub struct RequestHead<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path as sent, still percent-encoded.
    pub raw_path: &'a str,
    /// Query string as sent (without `?`).
    pub raw_query: &'a str,
    /// Request headers.
    pub headers: &'a HeaderMap,
    /// Host from the request target, for HTTP/2 requests without a `Host` header.
    pub authority: Option<&'a str>,
}

/// What remains to check once the body has been read, after [`Verifier::verify_head`]
/// accepted the headers.
#[derive(Debug)]
pub struct BodyCheck(BodyRule);

#[derive(Debug)]
enum BodyRule {
    /// `UNSIGNED-PAYLOAD`: the signature is verified and does not cover the body.
    None,
    /// The signature is verified over this declared hash; the body must match it.
    Hash([u8; 32]),
    /// The signature covers the body's hash, so it is verified with the body.
    Signature(Box<PendingSignature>),
}

/// A signature whose canonical request lacks only the payload hash.
#[derive(Debug)]
struct PendingSignature {
    /// The canonical request up to and including the signed-headers line and its `\n`.
    canonical_head: Vec<u8>,
    /// The string to sign up to the hash of the canonical request.
    string_to_sign_head: String,
    signing_key: Vec<u8>,
    provided: Vec<u8>,
}

impl PendingSignature {
    fn verify(&self, payload_hash: &str) -> Result<(), ApiError> {
        let mut canonical_request = self.canonical_head.clone();
        canonical_request.extend_from_slice(payload_hash.as_bytes());
        let string_to_sign = format!(
            "{}{}",
            self.string_to_sign_head,
            sha256_hex(&canonical_request)
        );
        let mut mac =
            HmacSha256::new_from_slice(&self.signing_key).unwrap_or_else(|_| unreachable!());
        mac.update(string_to_sign.as_bytes());
        if mac.verify_slice(&self.provided).is_ok() {
            return Ok(());
        }
        // Shown for the client's benefit only; the check above was on the exact bytes.
        let canonical_request = String::from_utf8_lossy(&canonical_request);
        Err(invalid(format!(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'{canonical_request}'\n\nThe String-to-Sign should have been\n'{string_to_sign}'\n"
        )))
    }
}

impl BodyCheck {
    /// Checks the body against what was signed.
    pub fn check(&self, body: &[u8]) -> Result<(), ApiError> {
        match &self.0 {
            BodyRule::None => Ok(()),
            BodyRule::Hash(declared) => {
                let actual: [u8; 32] = Sha256::digest(body).into();
                if actual == *declared {
                    Ok(())
                } else {
                    Err(invalid(
                        "The provided 'x-amz-content-sha256' header does not match what was computed.",
                    ))
                }
            }
            BodyRule::Signature(pending) => pending.verify(&sha256_hex(body)),
        }
    }
}

impl Verifier {
    /// A verifier accepting these `(access key id, secret)` pairs for `region` and `service`.
    pub fn new(keys: &[(String, String)], region: &str, service: &str) -> Self {
        Verifier {
            keys: keys.iter().cloned().collect(),
            region: region.to_string(),
            service: service.to_string(),
        }
    }

    /// Checks the whole request's signature, head and body; `now` is the server's clock.
    pub fn verify(
        &self,
        head: &RequestHead<'_>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), ApiError> {
        self.verify_head(head, now)?.check(body)
    }

    /// Checks everything that does not need the body: the `Authorization` header, the key,
    /// date and scope, `x-amz-content-sha256`, and (when that header is present) the
    /// signature itself. The returned [`BodyCheck`] says what the body must still satisfy.
    pub fn verify_head(
        &self,
        req: &RequestHead<'_>,
        now: SystemTime,
    ) -> Result<BodyCheck, ApiError> {
        let Some(header) = req.headers.get(http::header::AUTHORIZATION) else {
            return Err(forbidden(
                "MissingAuthenticationTokenException",
                "Missing Authentication Token",
            ));
        };
        let header = header
            .to_str()
            .map_err(|_| incomplete("The Authorization header is not valid ASCII text"))?;
        let auth = parse_authorization(header)?;

        let scope: Vec<&str> = auth.credential.split('/').collect();
        let [key_id, scope_date, region, service, terminator] = scope[..] else {
            return Err(incomplete(format!(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{}'",
                auth.credential
            )));
        };
        if terminator != "aws4_request" {
            return Err(incomplete(format!(
                "Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'"
            )));
        }
        // A date that is not ASCII cannot be valid; treat it like a missing one.
        let amz_date = req
            .headers
            .get("x-amz-date")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                incomplete("Authorization header requires existence of a 'X-Amz-Date' header.")
            })?;
        let signed_at = parse_amz_date(amz_date).ok_or_else(|| {
            incomplete(format!(
                "X-Amz-Date must be in the ISO 8601 basic format YYYYMMDD'T'HHMMSS'Z', got '{amz_date}'"
            ))
        })?;

        let Some(secret) = self.keys.get(key_id) else {
            return Err(forbidden(
                "UnrecognizedClientException",
                "The security token included in the request is invalid.",
            ));
        };
        if scope_date != &amz_date[..8] {
            return Err(invalid(format!(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope_date}' != '{}', from '{amz_date}'.",
                &amz_date[..8]
            )));
        }
        if service != self.service {
            return Err(invalid(format!(
                "Credential should be scoped to correct service: '{}', not '{service}'.",
                self.service
            )));
        }
        if region != self.region {
            return Err(invalid(format!(
                "Credential should be scoped to a valid region: '{}', not '{region}'.",
                self.region
            )));
        }

        let now_secs = now
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        let skew = i64::try_from(MAX_SKEW.as_secs()).unwrap_or(300);
        if signed_at < now_secs - skew {
            return Err(invalid(format!(
                "Signature expired: {amz_date} is now earlier than {} ({} - 5 min.)",
                format_amz_date(now_secs - skew),
                format_amz_date(now_secs)
            )));
        }
        if signed_at > now_secs + skew {
            return Err(invalid(format!(
                "Signature not yet current: {amz_date} is still later than {} ({} + 5 min.)",
                format_amz_date(now_secs + skew),
                format_amz_date(now_secs)
            )));
        }

        let signed: Vec<&str> = auth.signed_headers.split(';').collect();
        if !signed.contains(&"host") {
            return Err(invalid(
                "'Host' must be a 'SignedHeader' in the AWS Authorization.",
            ));
        }
        let payload = parse_payload_header(req.headers)?;

        let mut canonical = Vec::with_capacity(512);
        for part in [
            req.method.as_bytes(),
            canonical_uri(req.raw_path).as_bytes(),
            canonical_query(req.raw_query).as_bytes(),
        ] {
            canonical.extend_from_slice(part);
            canonical.push(b'\n');
        }
        for name in &signed {
            canonical.extend_from_slice(name.as_bytes());
            canonical.push(b':');
            let mut values = req.headers.get_all(*name).iter().peekable();
            if values.peek().is_none() {
                match (*name, req.authority) {
                    ("host", Some(authority)) => canonical.extend_from_slice(authority.as_bytes()),
                    _ => {
                        return Err(invalid(format!(
                            "Header '{name}' is listed in SignedHeaders but is missing from the request."
                        )))
                    }
                }
            }
            for (i, value) in values.enumerate() {
                if i > 0 {
                    canonical.push(b',');
                }
                push_trimmed(value.as_bytes(), &mut canonical);
            }
            canonical.push(b'\n');
        }
        canonical.push(b'\n');
        canonical.extend_from_slice(auth.signed_headers.as_bytes());
        canonical.push(b'\n');

        let k_date = hmac(format!("AWS4{secret}").as_bytes(), scope_date.as_bytes());
        let k_region = hmac(&k_date, region.as_bytes());
        let k_service = hmac(&k_region, service.as_bytes());
        let pending = PendingSignature {
            canonical_head: canonical,
            string_to_sign_head: format!(
                "{ALGORITHM}\n{amz_date}\n{scope_date}/{region}/{service}/aws4_request\n"
            ),
            signing_key: hmac(&k_service, b"aws4_request"),
            // A signature that is not hex can match nothing; an empty one fails below.
            provided: hex::decode(auth.signature).unwrap_or_default(),
        };
        match payload {
            Payload::Unsigned => {
                pending.verify(UNSIGNED_PAYLOAD)?;
                Ok(BodyCheck(BodyRule::None))
            }
            Payload::Declared(hash) => {
                pending.verify(&hex::encode(hash))?;
                Ok(BodyCheck(BodyRule::Hash(hash)))
            }
            Payload::FromBody => Ok(BodyCheck(BodyRule::Signature(Box::new(pending)))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_uri_double_encodes_and_normalizes() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/a/b"), "/a/b");
        assert_eq!(canonical_uri("/a%3Ab/c d"), "/a%253Ab/c%20d");
        assert_eq!(canonical_uri("/a/./b/../c//d/"), "/a/c/d/");
        assert_eq!(canonical_uri("/x/invoke-step/"), "/x/invoke-step/");
    }

    #[test]
    fn canonical_query_sorts_and_reencodes() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(
            canonical_query("maxResults=10&b=x+y&a=%2F&a=1"),
            "a=%2F&a=1&b=x%20y&maxResults=10"
        );
    }

    #[test]
    fn amz_dates_round_trip() {
        let secs = parse_amz_date("20250822T101112Z").unwrap();
        assert_eq!(format_amz_date(secs), "20250822T101112Z");
        for bad in [
            "",
            "20250822101112Z",
            "20251322T101112Z",
            "2025O822T101112Z",
            "20250822T101112",
        ] {
            assert!(parse_amz_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn header_values_are_trimmed_on_bytes() {
        let cases: [(&[u8], &[u8]); 5] = [
            (b"  a   b  c ", b"a b c"),
            (b"\ta\t\tb\t", b"a\t\tb"),
            (b"   ", b""),
            // Bytes that are not UTF-8 stay exactly as sent.
            (b" \xff  \xfe ", b"\xff \xfe"),
            (b"\xef\xbf\xbd", b"\xef\xbf\xbd"),
        ];
        for (raw, canonical) in cases {
            let mut out = Vec::new();
            push_trimmed(raw, &mut out);
            assert_eq!(out, canonical, "{raw:?}");
        }
    }

    #[test]
    fn payload_hash_header_forms() {
        let with = |value: &[u8]| {
            let mut headers = HeaderMap::new();
            headers.insert(
                "x-amz-content-sha256",
                http::HeaderValue::from_bytes(value).unwrap(),
            );
            parse_payload_header(&headers)
        };
        assert!(matches!(
            parse_payload_header(&HeaderMap::new()),
            Ok(Payload::FromBody)
        ));
        assert!(matches!(with(b"UNSIGNED-PAYLOAD"), Ok(Payload::Unsigned)));
        let empty = sha256_hex(b"");
        assert!(matches!(with(empty.as_bytes()), Ok(Payload::Declared(_))));
        let mut twice = HeaderMap::new();
        for value in [empty.as_str(), "UNSIGNED-PAYLOAD"] {
            twice.append(
                "x-amz-content-sha256",
                http::HeaderValue::from_str(value).unwrap(),
            );
        }
        assert!(parse_payload_header(&twice).is_err());
        for bad in [
            b"nothashatall".as_slice(),
            b"",
            b"unsigned-payload",
            b"UNSIGNED-PAYLOAD ",
            b"STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            b"STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            empty.to_uppercase().as_bytes(),
            &empty.as_bytes()[..63],
        ] {
            let err = with(bad)
                .err()
                .unwrap_or_else(|| panic!("{bad:?} accepted"));
            assert_eq!(err.code, "InvalidSignatureException", "{bad:?}");
        }
    }

    #[test]
    fn authorization_header_parsing() {
        assert!(parse_authorization(
            "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00"
        )
        .is_ok());
        let err = parse_authorization("AWS4-HMAC-SHA256 Credential=a/b/c/d/e")
            .err()
            .unwrap();
        assert_eq!(err.code, "IncompleteSignatureException");
        assert!(err.message().contains("'Signature'"));
        let err = parse_authorization("Basic abc").err().unwrap();
        assert_eq!(err.code, "IncompleteSignatureException");
    }
}
