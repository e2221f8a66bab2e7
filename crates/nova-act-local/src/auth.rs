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
//!   and inner runs of spaces collapsed, several values joined by `,`;
//! * the payload hash is the `x-amz-content-sha256` header when present (checked against the
//!   body unless it is `UNSIGNED-PAYLOAD`), else the SHA-256 of the body.
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

/// The parts of a request that SigV4 covers.
#[derive(Debug, Clone, Copy)]
pub struct SignedRequest<'a> {
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
    /// Request body.
    pub body: &'a [u8],
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

/// Trims a header value and collapses runs of spaces.
fn trim_all(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut last_space = false;
    for c in value.trim_matches(|c| c == ' ' || c == '\t').chars() {
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out
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

impl Verifier {
    /// A verifier accepting these `(access key id, secret)` pairs for `region` and `service`.
    pub fn new(keys: &[(String, String)], region: &str, service: &str) -> Self {
        Verifier {
            keys: keys.iter().cloned().collect(),
            region: region.to_string(),
            service: service.to_string(),
        }
    }

    /// Checks the request's signature; `now` is the server's clock.
    pub fn verify(&self, req: &SignedRequest<'_>, now: SystemTime) -> Result<(), ApiError> {
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
        let mut canonical_headers = String::new();
        for name in &signed {
            let values: Vec<String> = req
                .headers
                .get_all(*name)
                .iter()
                .map(|v| trim_all(&String::from_utf8_lossy(v.as_bytes())))
                .collect();
            let joined = if values.is_empty() {
                match (*name, req.authority) {
                    ("host", Some(authority)) => authority.to_string(),
                    _ => {
                        return Err(invalid(format!(
                            "Header '{name}' is listed in SignedHeaders but is missing from the request."
                        )))
                    }
                }
            } else {
                values.join(",")
            };
            canonical_headers.push_str(name);
            canonical_headers.push(':');
            canonical_headers.push_str(&joined);
            canonical_headers.push('\n');
        }

        let body_hash = sha256_hex(req.body);
        let payload_hash = match req
            .headers
            .get("x-amz-content-sha256")
            .and_then(|v| v.to_str().ok())
        {
            Some(declared) => {
                let looks_like_hash =
                    declared.len() == 64 && declared.bytes().all(|b| b.is_ascii_hexdigit());
                if looks_like_hash && !declared.eq_ignore_ascii_case(&body_hash) {
                    return Err(invalid(
                        "The provided 'x-amz-content-sha256' header does not match what was computed.",
                    ));
                }
                declared.to_string()
            }
            None => body_hash,
        };

        let canonical_request = format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            req.method,
            canonical_uri(req.raw_path),
            canonical_query(req.raw_query),
            canonical_headers,
            auth.signed_headers,
            payload_hash
        );
        let string_to_sign = format!(
            "{ALGORITHM}\n{amz_date}\n{scope_date}/{region}/{service}/aws4_request\n{}",
            sha256_hex(canonical_request.as_bytes())
        );
        let k_date = hmac(format!("AWS4{secret}").as_bytes(), scope_date.as_bytes());
        let k_region = hmac(&k_date, region.as_bytes());
        let k_service = hmac(&k_region, service.as_bytes());
        let k_signing = hmac(&k_service, b"aws4_request");

        let provided = hex::decode(auth.signature).unwrap_or_default();
        let mut mac = HmacSha256::new_from_slice(&k_signing).unwrap_or_else(|_| unreachable!());
        mac.update(string_to_sign.as_bytes());
        if mac.verify_slice(&provided).is_err() {
            return Err(invalid(format!(
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'{canonical_request}'\n\nThe String-to-Sign should have been\n'{string_to_sign}'\n"
            )));
        }
        Ok(())
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
    fn header_values_are_trimmed() {
        assert_eq!(trim_all("  a   b  c "), "a b c");
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
