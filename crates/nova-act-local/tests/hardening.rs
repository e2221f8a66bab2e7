//! Forged and abusive requests over raw sockets: byte-level header tampering, bogus payload
//! hashes, bodies sent before authentication, slow clients and too many connections.
//!
//! Requests are signed with `aws-sigv4` and then written byte by byte, so a test can change
//! what the signature covered in ways an HTTP client would not allow. No test times anything:
//! timeouts are observed by their outcome (an answer, a closed connection), and the generous
//! guards around reads only keep a broken server from hanging the test run.

mod common;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use bytes::Bytes;
use common::{send, Client};
use nova_act_local::{Server, StartError, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Forged requests sent by this file, and how many of them were refused.
static FORGED_TRIED: AtomicUsize = AtomicUsize::new(0);
static FORGED_REFUSED: AtomicUsize = AtomicUsize::new(0);

/// Longest wait for an answer the server owes; only there so that a broken server fails the
/// test instead of hanging it.
const GUARD: Duration = Duration::from_secs(60);

/// A request kept as raw header bytes, so bytes can be changed after signing.
#[derive(Clone, Debug)]
struct RawRequest {
    method: &'static str,
    path: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

/// Key, secret and time a request is signed with.
struct Credentials4 {
    key_id: &'static str,
    secret: &'static str,
    time: SystemTime,
}

impl Default for Credentials4 {
    fn default() -> Self {
        Credentials4 {
            key_id: DEFAULT_ACCESS_KEY_ID,
            secret: DEFAULT_SECRET_ACCESS_KEY,
            time: SystemTime::now(),
        }
    }
}

impl RawRequest {
    fn new(addr: SocketAddr, method: &'static str, path: &str, body: &[u8]) -> Self {
        RawRequest {
            method,
            path: path.to_string(),
            headers: vec![
                ("host".into(), addr.to_string().into_bytes()),
                ("content-type".into(), b"application/json".to_vec()),
            ],
            body: body.to_vec(),
        }
    }

    fn header(mut self, name: &str, value: &[u8]) -> Self {
        self.headers.push((name.to_string(), value.to_vec()));
        self
    }

    /// Replaces a header's bytes (after signing: that is the forgery).
    fn replace(mut self, name: &str, value: &[u8]) -> Self {
        let slot = self
            .headers
            .iter_mut()
            .find(|(n, _)| n == name)
            .expect("header to replace");
        slot.1 = value.to_vec();
        self
    }

    /// Signs every header present (all must be UTF-8 here). With an `x-amz-content-sha256`
    /// header, its value is what the signature takes as the payload hash, as AWS signers do.
    fn signed(mut self, addr: SocketAddr, with: &Credentials4) -> Self {
        let identity: Identity =
            Credentials::new(with.key_id, with.secret, None, None, "hardening").into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name("nova-act")
            .time(with.time)
            .settings(SigningSettings::default())
            .build()
            .expect("signing params")
            .into();
        let text: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), String::from_utf8(v.clone()).expect("UTF-8")))
            .collect();
        let body = match text.iter().find(|(n, _)| n == "x-amz-content-sha256") {
            Some((_, declared)) => SignableBody::Precomputed(declared.clone()),
            None => SignableBody::Bytes(&self.body),
        };
        let signable = SignableRequest::new(
            self.method,
            format!("http://{addr}{}", self.path),
            text.iter().map(|(n, v)| (n.as_str(), v.as_str())),
            body,
        )
        .expect("signable");
        let (instructions, _) = sign(signable, &params).expect("sign").into_parts();
        for (name, value) in instructions.headers() {
            self.headers
                .push((name.to_string(), value.as_bytes().to_vec()));
        }
        self
    }

    /// The request line and headers, with `content-length` for the body.
    fn head(&self) -> Vec<u8> {
        let mut out = format!("{} {} HTTP/1.1\r\n", self.method, self.path).into_bytes();
        for (name, value) in &self.headers {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(
            format!(
                "content-length: {}\r\nconnection: close\r\n\r\n",
                self.body.len()
            )
            .as_bytes(),
        );
        out
    }

    /// Sends the whole request on a fresh connection and returns the answer.
    async fn send(&self, addr: SocketAddr) -> Answer {
        let mut wire = self.head();
        wire.extend_from_slice(&self.body);
        exchange(addr, &wire).await
    }
}

/// What came back on a connection, up to its close.
#[derive(Debug)]
struct Answer(String);

impl Answer {
    fn status(&self) -> Option<u16> {
        self.0.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
    }

    fn error_type(&self) -> Option<&str> {
        let head = self.0.split("\r\n\r\n").next()?;
        head.lines()
            .find_map(|l| l.strip_prefix("x-amzn-errortype: "))
    }

    fn has_header(&self, line: &str) -> bool {
        let head = self.0.split("\r\n\r\n").next().unwrap_or("");
        head.lines().any(|l| l.eq_ignore_ascii_case(line))
    }

    #[track_caller]
    fn expect_error(&self, status: u16, code: &str) {
        assert_eq!(self.status(), Some(status), "{self:?}");
        assert_eq!(self.error_type(), Some(code), "{self:?}");
    }
}

/// Reads until the server closes the connection (a reset counts as a close).
async fn read_all(stream: &mut TcpStream) -> Answer {
    let mut out = Vec::new();
    let read = tokio::time::timeout(GUARD, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server neither answered nor closed");
    Answer(String::from_utf8_lossy(&out).into_owned())
}

async fn exchange(addr: SocketAddr, wire: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    // A server that closes at once (over the connection limit) may make the write fail;
    // what the read then sees is the outcome under test.
    let _ = stream.write_all(wire).await;
    read_all(&mut stream).await
}

/// Sends a forged request and checks it is refused with `code`.
#[track_caller]
fn tally(answer: &Answer, status: u16, code: &str) {
    FORGED_TRIED.fetch_add(1, Ordering::SeqCst);
    answer.expect_error(status, code);
    FORGED_REFUSED.fetch_add(1, Ordering::SeqCst);
}

fn report(test: &str) {
    eprintln!(
        "{test}: forged requests so far in this file: tried {}, refused {}",
        FORGED_TRIED.load(Ordering::SeqCst),
        FORGED_REFUSED.load(Ordering::SeqCst)
    );
}

async fn definitions(client: &Client) -> serde_json::Value {
    client
        .call("POST", "/workflow-definitions", Some(json!({})))
        .await
        .expect(200)["workflowDefinitionSummaries"]
        .clone()
}

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

#[tokio::test]
async fn signed_header_bytes_cannot_be_changed() {
    let server = Server::builder().start().await.unwrap();
    let addr = server.local_addr();
    let client = Client::new(&server);
    let body = br#"{"name":"genuine"}"#;
    // Signed with U+FFFD (EF BF BD) in a header; each forgery sends other bytes that a lossy
    // UTF-8 reading turns back into the very same U+FFFD.
    let signed_value = "note \u{FFFD} end";
    let genuine = RawRequest::new(addr, "PUT", "/workflow-definitions", body)
        .header("x-client-note", signed_value.as_bytes())
        .signed(addr, &Credentials4::default());
    let forgeries: [&[u8]; 10] = [
        b"note \xff end",
        b"note \xfe end",
        b"note \x80 end",
        b"note \xbf end",
        b"note \xc3 end",
        b"note \xef\xbf end",
        b"note \xf0\x9f\x98 end",
        b"note \xf4\x8f\xbf end",
        b"note \xed end",
        b"note \xe2\x82 end",
    ];
    for forged in forgeries {
        assert_eq!(
            String::from_utf8_lossy(forged),
            signed_value,
            "the case must fool a lossy reading"
        );
        let answer = genuine
            .clone()
            .replace("x-client-note", forged)
            .send(addr)
            .await;
        tally(&answer, 403, "InvalidSignatureException");
    }
    assert_eq!(definitions(&client).await, json!([]));

    // The request as signed goes through, obs-text and all.
    let answer = genuine.send(addr).await;
    assert_eq!(answer.status(), Some(201), "{answer:?}");
    report("signed_header_bytes_cannot_be_changed");
    server.shutdown().await;
}

#[tokio::test]
async fn payload_hashes_must_be_real_and_match() {
    let server = Server::builder().start().await.unwrap();
    let addr = server.local_addr();
    let client = Client::new(&server);
    let signed_body = br#"{"name":"signed"}"#;
    let sent_body = br#"{"name":"forged"}"#;
    let upper = sha256_hex(sent_body).to_uppercase();
    let short = &sha256_hex(sent_body)[..63];

    // (declared x-amz-content-sha256, what the message must mention)
    let malformed: [(&str, &str); 9] = [
        ("nothashatall", "must be UNSIGNED-PAYLOAD"),
        ("unsigned-payload", "must be UNSIGNED-PAYLOAD"),
        ("UNSIGNED-PAYLOAD-X", "must be UNSIGNED-PAYLOAD"),
        (&upper, "must be UNSIGNED-PAYLOAD"),
        (short, "must be UNSIGNED-PAYLOAD"),
        (
            "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
            "must be UNSIGNED-PAYLOAD",
        ),
        ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "streaming"),
        ("STREAMING-UNSIGNED-PAYLOAD-TRAILER", "streaming"),
        ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "streaming"),
    ];
    for (declared, said) in malformed {
        // Correctly signed over the declared value, with a body it does not describe.
        let answer = RawRequest::new(addr, "PUT", "/workflow-definitions", sent_body)
            .header("x-amz-content-sha256", declared.as_bytes())
            .signed(addr, &Credentials4::default())
            .send(addr)
            .await;
        tally(&answer, 403, "InvalidSignatureException");
        assert!(answer.0.contains(said), "{declared}: {answer:?}");
    }

    // A real hash, signed, of another body; and of the empty body with a body sent.
    let mismatched = [sha256_hex(signed_body), sha256_hex(b"")];
    for declared in &mismatched {
        let answer = RawRequest::new(addr, "PUT", "/workflow-definitions", sent_body)
            .header("x-amz-content-sha256", declared.as_bytes())
            .signed(addr, &Credentials4::default())
            .send(addr)
            .await;
        tally(&answer, 403, "InvalidSignatureException");
        assert!(
            answer.0.contains("does not match what was computed"),
            "{answer:?}"
        );
    }
    assert_eq!(definitions(&client).await, json!([]));

    // The genuine forms: the body's own hash, and UNSIGNED-PAYLOAD (which AWS also accepts
    // with any body: the signature then does not cover it).
    let genuine: [(&str, &[u8]); 2] = [
        (
            &sha256_hex(br#"{"name":"hashed"}"#),
            br#"{"name":"hashed"}"#,
        ),
        ("UNSIGNED-PAYLOAD", br#"{"name":"unsigned"}"#),
    ];
    for (declared, body) in genuine {
        let answer = RawRequest::new(addr, "PUT", "/workflow-definitions", body)
            .header("x-amz-content-sha256", declared.as_bytes())
            .signed(addr, &Credentials4::default())
            .send(addr)
            .await;
        assert_eq!(answer.status(), Some(201), "{declared}: {answer:?}");
    }
    assert_eq!(definitions(&client).await.as_array().unwrap().len(), 2);
    report("payload_hashes_must_be_real_and_match");
    server.shutdown().await;
}

#[tokio::test]
async fn unauthenticated_bodies_are_never_read() {
    // A body timeout far beyond the guard: had the server waited for the body, the test
    // would fail on the guard rather than pass on a 408.
    let server = Server::builder()
        .body_timeout(Duration::from_secs(600))
        .start()
        .await
        .unwrap();
    let addr = server.local_addr();
    // A declared 8 MiB body, under the 10 MiB limit, that is never sent.
    let body = vec![b' '; 8 * 1024 * 1024];
    let base = || RawRequest::new(addr, "PUT", "/workflow-definitions", &body);
    let hashed = || base().header("x-amz-content-sha256", sha256_hex(&body).as_bytes());
    let cases: Vec<(&str, RawRequest, &str)> = vec![
        ("unsigned", base(), "MissingAuthenticationTokenException"),
        (
            "unsigned, asking to continue",
            base().header("expect", b"100-continue"),
            "MissingAuthenticationTokenException",
        ),
        (
            "malformed Authorization",
            base().header("authorization", b"AWS4-HMAC-SHA256 Credential=x"),
            "IncompleteSignatureException",
        ),
        (
            "unknown key",
            base().signed(
                addr,
                &Credentials4 {
                    key_id: "AKIDUNKNOWN",
                    ..Credentials4::default()
                },
            ),
            "UnrecognizedClientException",
        ),
        (
            "expired",
            base().signed(
                addr,
                &Credentials4 {
                    time: SystemTime::now() - Duration::from_secs(3600),
                    ..Credentials4::default()
                },
            ),
            "InvalidSignatureException",
        ),
        (
            "wrong secret, declared hash",
            hashed().signed(
                addr,
                &Credentials4 {
                    secret: "not-the-secret",
                    ..Credentials4::default()
                },
            ),
            "InvalidSignatureException",
        ),
        (
            "header changed after signing, declared hash",
            hashed()
                .header("x-client-note", b"a")
                .signed(addr, &Credentials4::default())
                .replace("x-client-note", b"b"),
            "InvalidSignatureException",
        ),
        (
            "malformed payload hash",
            base()
                .header("x-amz-content-sha256", b"nothashatall")
                .signed(addr, &Credentials4::default()),
            "InvalidSignatureException",
        ),
    ];
    for (name, request, code) in cases {
        // The head only: the answer must come while the body is still unsent.
        let answer = exchange(addr, &request.head()).await;
        FORGED_TRIED.fetch_add(1, Ordering::SeqCst);
        assert_eq!(answer.status(), Some(403), "{name}: {answer:?}");
        assert_eq!(answer.error_type(), Some(code), "{name}: {answer:?}");
        assert!(answer.has_header("connection: close"), "{name}: {answer:?}");
        assert!(!answer.0.contains("100 Continue"), "{name}: {answer:?}");
        FORGED_REFUSED.fetch_add(1, Ordering::SeqCst);
    }
    report("unauthenticated_bodies_are_never_read");
    server.shutdown().await;
}

#[tokio::test]
async fn slow_bodies_are_cut_off() {
    let server = Server::builder()
        .body_timeout(Duration::from_millis(200))
        .start()
        .await
        .unwrap();
    let addr = server.local_addr();
    let body = br#"{"name":"slow-body-never-finished"}"#;
    let plain = RawRequest::new(addr, "PUT", "/workflow-definitions", body)
        .signed(addr, &Credentials4::default());
    let hashed = RawRequest::new(addr, "PUT", "/workflow-definitions", body)
        .header("x-amz-content-sha256", sha256_hex(body).as_bytes())
        .signed(addr, &Credentials4::default());
    // (request, body bytes sent before stalling)
    let cases = [
        (&plain, 0),
        (&plain, 1),
        (&hashed, 1),
        (&hashed, body.len() - 1),
    ];
    for (request, sent) in cases {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(&request.head()).await.unwrap();
        stream.write_all(&body[..sent]).await.unwrap();
        // The stream stays open and silent: only the server's timeout ends the exchange.
        let answer = read_all(&mut stream).await;
        answer.expect_error(408, "RequestTimeoutException");
        assert!(answer.has_header("connection: close"), "{answer:?}");
    }
    // Nothing half-received was carried out.
    let client = Client::new(&server);
    assert_eq!(definitions(&client).await, json!([]));
    server.shutdown().await;
}

#[tokio::test]
async fn slow_or_idle_heads_are_cut_off() {
    let server = Server::builder()
        .header_timeout(Duration::from_millis(200))
        .start()
        .await
        .unwrap();
    let addr = server.local_addr();
    let client = Client::new(&server);
    let complete = RawRequest::new(addr, "POST", "/models?clientCompatibilityVersion=1", b"")
        .signed(addr, &Credentials4::default())
        .head();
    let keep_alive = String::from_utf8(complete.clone())
        .unwrap()
        .replace("connection: close\r\n", "");
    let cases: [(&str, Vec<u8>); 4] = [
        ("nothing sent", Vec::new()),
        ("half a request line", b"PUT /workflow-defin".to_vec()),
        (
            "headers never finished",
            complete[..complete.len() - 2].to_vec(),
        ),
        ("idle after one request", keep_alive.into_bytes()),
    ];
    for (name, sent) in cases {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(&sent).await.unwrap();
        let answer = read_all(&mut stream).await;
        // Closed without an answer, or (the keep-alive case) after the one answer owed.
        let answers = answer.0.matches("HTTP/1.1 ").count();
        if name == "idle after one request" {
            assert_eq!(answers, 1, "{name}: {answer:?}");
            assert_eq!(answer.status(), Some(200), "{name}: {answer:?}");
        } else {
            assert!(
                answer.status().is_none_or(|s| s == 408),
                "{name}: {answer:?}"
            );
        }
    }
    // Ordinary clients are unaffected.
    client
        .call("POST", "/models?clientCompatibilityVersion=1", None)
        .await
        .expect(200);
    server.shutdown().await;
}

#[tokio::test]
async fn connections_over_the_limit_are_closed() {
    let server = Server::builder().max_connections(1).start().await.unwrap();
    let addr = server.local_addr();
    let client = Client::new(&server);
    let models = || {
        RawRequest::new(addr, "POST", "/models?clientCompatibilityVersion=1", b"")
            .signed(addr, &Credentials4::default())
            .head()
    };

    // One keep-alive connection, proven to be served, holds the only slot.
    let held = TcpStream::connect(addr).await.unwrap();
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(held))
            .await
            .unwrap();
    let conn = tokio::spawn(conn);
    let req = client.request("POST", "/models?clientCompatibilityVersion=1", Bytes::new());
    let (parts, body) = req.into_parts();
    let first = sender
        .send_request(http::Request::from_parts(
            parts,
            http_body_util::Full::new(body),
        ))
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    drop(first);

    // Further connections are accepted and closed without an answer, again and again.
    for _ in 0..3 {
        let answer = exchange(addr, &models()).await;
        assert_eq!(answer.0, "", "over the limit yet answered: {answer:?}");
    }

    // Once the held connection closes its slot is free again. When the server notices the
    // close is up to it, so try until a request gets through.
    drop(sender);
    conn.abort();
    let mut served = false;
    for _ in 0..500 {
        if let Ok(reply) = send(
            addr,
            client.request("POST", "/models?clientCompatibilityVersion=1", Bytes::new()),
        )
        .await
        {
            if reply.status == 200 {
                served = true;
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(served, "the freed slot was never reused");
    server.shutdown().await;
}

#[tokio::test]
async fn limits_must_be_usable() {
    let builders = [
        ("max connections", Server::builder().max_connections(0)),
        (
            "header timeout",
            Server::builder().header_timeout(Duration::ZERO),
        ),
        (
            "body timeout",
            Server::builder().body_timeout(Duration::ZERO),
        ),
    ];
    for (name, builder) in builders {
        match builder.start().await {
            Err(StartError::Config(message)) => assert!(message.contains(name), "{message}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}
