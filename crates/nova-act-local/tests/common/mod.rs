//! Test helpers: a plain HTTP/1.1 client that signs with the `aws-sigv4` crate.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use bytes::Bytes;
use http::{HeaderMap, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use nova_act_local::{Server, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use serde_json::{json, Value};

/// An answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    /// `x-amzn-ErrorType`.
    pub fn error_type(&self) -> &str {
        self.headers
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The `message` member.
    pub fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or("")
    }

    /// Names in `fieldList`.
    pub fn fields(&self) -> Vec<String> {
        self.body["fieldList"]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|f| f["name"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Panics unless the status is `status`.
    #[track_caller]
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(self.status, status, "unexpected answer: {self:?}");
        self.body
    }

    /// Panics unless this is the error `code` with `status`.
    #[track_caller]
    pub fn expect_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "unexpected answer: {self:?}");
        assert_eq!(self.error_type(), code, "unexpected answer: {self:?}");
        assert!(
            self.headers.contains_key("x-amzn-requestid"),
            "no request id: {self:?}"
        );
        assert!(!self.message().is_empty(), "no message: {self:?}");
    }
}

/// How requests are signed.
#[derive(Clone, Debug)]
pub struct Signer {
    pub access_key_id: String,
    pub secret: String,
    pub session_token: Option<String>,
    pub region: String,
    pub service: String,
    pub time: Option<SystemTime>,
    /// Adds a signed `x-amz-content-sha256` header.
    pub content_sha_header: bool,
}

impl Default for Signer {
    fn default() -> Self {
        Signer {
            access_key_id: DEFAULT_ACCESS_KEY_ID.into(),
            secret: DEFAULT_SECRET_ACCESS_KEY.into(),
            session_token: None,
            region: "us-east-1".into(),
            service: "nova-act".into(),
            time: None,
            content_sha_header: false,
        }
    }
}

impl Signer {
    /// Signs `req` (whose URI is a path and query) for `addr`.
    pub fn sign(&self, addr: SocketAddr, req: &mut Request<Bytes>) {
        let identity: Identity = Credentials::new(
            &self.access_key_id,
            &self.secret,
            self.session_token.clone(),
            None,
            "tests",
        )
        .into();
        let mut settings = SigningSettings::default();
        if self.content_sha_header {
            settings.payload_checksum_kind =
                aws_sigv4::http_request::PayloadChecksumKind::XAmzSha256;
        }
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(&self.service)
            .time(self.time.unwrap_or_else(SystemTime::now))
            .settings(settings)
            .build()
            .expect("signing params")
            .into();
        let uri = format!("http://{addr}{}", req.uri());
        let headers: Vec<(String, String)> = req
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap().to_string()))
            .collect();
        let signable = SignableRequest::new(
            req.method().as_str(),
            uri,
            headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            SignableBody::Bytes(req.body()),
        )
        .expect("signable");
        let (instructions, _) = sign(signable, &params).expect("sign").into_parts();
        instructions.apply_to_request_http1x(req);
    }
}

/// A client for one server.
#[derive(Clone, Debug)]
pub struct Client {
    pub addr: SocketAddr,
    /// `None` sends requests unsigned.
    pub signer: Option<Signer>,
}

/// Sends a request on a fresh connection. `Err` when the connection broke.
pub async fn send(addr: SocketAddr, req: Request<Bytes>) -> Result<Reply, hyper::Error> {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    let conn = tokio::spawn(conn);
    let (parts, body) = req.into_parts();
    let req = Request::from_parts(parts, Full::new(body));
    let result = async {
        let response = sender.send_request(req).await?;
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await?.to_bytes();
        Ok(Reply {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body: serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| json!({"__raw": String::from_utf8_lossy(&bytes).to_string()})),
        })
    }
    .await;
    conn.abort();
    result
}

impl Client {
    /// A client signing with the default test credentials.
    pub fn new(server: &Server) -> Self {
        Client {
            addr: server.local_addr(),
            signer: Some(Signer::default()),
        }
    }

    /// The same client with another signer.
    pub fn with_signer(&self, signer: Option<Signer>) -> Self {
        Client {
            addr: self.addr,
            signer,
        }
    }

    /// Builds (and signs) a request. `path` may carry a query string.
    pub fn request(&self, method: &str, path: &str, body: Bytes) -> Request<Bytes> {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("host", self.addr.to_string())
            .header("content-type", "application/json")
            .body(body)
            .unwrap();
        if let Some(signer) = &self.signer {
            signer.sign(self.addr, &mut req);
        }
        req
    }

    /// Sends raw bytes.
    pub async fn raw(&self, method: &str, path: &str, body: impl Into<Bytes>) -> Reply {
        send(self.addr, self.request(method, path, body.into()))
            .await
            .expect("connection")
    }

    /// Sends a JSON body (or none).
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Reply {
        let bytes = body
            .map(|b| Bytes::from(serde_json::to_vec(&b).unwrap()))
            .unwrap_or_default();
        self.raw(method, path, bytes).await
    }

    pub async fn create_definition(&self, name: &str) -> Reply {
        self.call("PUT", "/workflow-definitions", Some(json!({"name": name})))
            .await
    }

    pub async fn create_run(&self, def: &str) -> String {
        let body = self
            .call(
                "PUT",
                &format!("/workflow-definitions/{def}/workflow-runs"),
                Some(json!({"modelId": "nova-act-latest", "clientInfo": {"compatibilityVersion": 1}})),
            )
            .await
            .expect(201);
        body["workflowRunId"].as_str().unwrap().to_string()
    }

    pub async fn create_session(&self, def: &str, run: &str) -> String {
        let body = self
            .call(
                "PUT",
                &format!("/workflow-definitions/{def}/workflow-runs/{run}/sessions"),
                Some(json!({})),
            )
            .await
            .expect(201);
        body["sessionId"].as_str().unwrap().to_string()
    }

    pub async fn create_act(&self, def: &str, run: &str, session: &str, body: Value) -> Reply {
        self.call(
            "PUT",
            &format!("/workflow-definitions/{def}/workflow-runs/{run}/sessions/{session}/acts"),
            Some(body),
        )
        .await
    }

    pub async fn invoke(&self, path: &ActPath, body: Value) -> Reply {
        self.call(
            "PUT",
            &format!(
                "/workflow-definitions/{}/workflow-runs/{}/sessions/{}/acts/{}/invoke-step/",
                path.def, path.run, path.session, path.act
            ),
            Some(body),
        )
        .await
    }

    pub async fn update_act(&self, path: &ActPath, body: Value) -> Reply {
        self.call(
            "PUT",
            &format!(
                "/workflow-definitions/{}/workflow-runs/{}/sessions/{}/acts/{}",
                path.def, path.run, path.session, path.act
            ),
            Some(body),
        )
        .await
    }

    /// Creates a run and session (and the definition, unless it exists), and an act with
    /// `act_body`.
    pub async fn new_act(&self, def: &str, act_body: Value) -> ActPath {
        let created = self.create_definition(def).await;
        if created.status != 201 {
            created.expect_error(409, "ConflictException");
        }
        let run = self.create_run(def).await;
        let session = self.create_session(def, &run).await;
        let act = self
            .create_act(def, &run, &session, act_body)
            .await
            .expect(201)["actId"]
            .as_str()
            .unwrap()
            .to_string();
        ActPath {
            def: def.to_string(),
            run,
            session,
            act,
        }
    }

    /// Lists every page of a `List*` operation and returns all items.
    pub async fn list_all(
        &self,
        path: &str,
        items: &str,
        page_size: u32,
        body: Value,
    ) -> Vec<Value> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let sep = if path.contains('?') { '&' } else { '?' };
            let mut url = format!("{path}{sep}maxResults={page_size}");
            if let Some(t) = &token {
                url.push_str(&format!("&nextToken={t}"));
            }
            let page = self
                .call("POST", &url, Some(body.clone()))
                .await
                .expect(200);
            out.extend(page[items].as_array().unwrap().iter().cloned());
            match page["nextToken"].as_str() {
                Some(t) => token = Some(t.to_string()),
                None => break,
            }
        }
        out
    }
}

/// Labels of an act.
#[derive(Clone, Debug)]
pub struct ActPath {
    pub def: String,
    pub run: String,
    pub session: String,
    pub act: String,
}

/// A server with default settings.
pub async fn server() -> Server {
    Server::builder().start().await.expect("server starts")
}

/// A JPEG data URL: the bytes start as a JPEG file does, which is what the emulator checks.
pub fn jpeg_data_url() -> String {
    use base64::Engine as _;
    let bytes = [
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
    ];
    format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// An observation of a 1600x813 viewport showing `url`, as a client encodes it.
pub fn observation(url: &str) -> String {
    json!({
        "activeURL": url,
        "browserDimensions": {"scrollHeight": 813, "scrollLeft": 0, "scrollTop": 0,
                              "scrollWidth": 1600, "windowHeight": 813, "windowWidth": 1600},
        "idToBboxMap": {},
        "screenshotBase64": jpeg_data_url(),
        "simplifiedDOM": "",
        "timestamp_ms": 1_764_547_200_000i64,
        "userAgent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0.0.0 Safari/537.36 Agent-NovaAct/0.9"
    })
    .to_string()
}

/// The body of an act's first `InvokeActStep`: `initiateAct` and the first observation.
pub fn first_step(url: &str) -> Value {
    json!({"callResults": [
        {"callId": "initiateAct", "content": [{"text": "{}"}]},
        {"callId": "takeObservation", "content": [{"text": observation(url)}]}
    ]})
}

/// The body of a later `InvokeActStep` answering every call of `step`: `texts[i]` for call `i`,
/// `"null"` for calls past them, and an observation of `url` for `takeObservation`.
pub fn answer(step: &Value, texts: &[&str], url: &str) -> Value {
    let results: Vec<Value> = step["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .enumerate()
        .map(|(i, call)| {
            let text = match (texts.get(i), call["name"].as_str()) {
                (Some(text), _) => (*text).to_string(),
                (None, Some("takeObservation")) => observation(url),
                (None, _) => "null".to_string(),
            };
            json!({"callId": call["callId"], "content": [{"text": text}]})
        })
        .collect();
    json!({"previousStepId": step["stepId"], "callResults": results})
}

/// The names of a step's calls.
pub fn call_names(step: &Value) -> Vec<String> {
    step["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// A `nova-act-sdk` client of `server`, signing with the emulator's default key id and
/// `secret`, retrying as `retry` says.
pub fn sdk_client(
    server: &Server,
    secret: &str,
    retry: nova_act_sdk::config::RetryConfig,
) -> nova_act_sdk::Client {
    use nova_act_sdk::config::{Credentials, Region};
    let config = nova_act_sdk::Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            DEFAULT_ACCESS_KEY_ID,
            secret.to_owned(),
            None,
            None,
            "nova-act-local",
        ))
        .http_client(nova_act_sdk::http::https_client())
        .endpoint_url(server.endpoint_url())
        .retry_config(retry)
        .build();
    nova_act_sdk::Client::from_conf(config)
}

/// A call result with one text item, as the SDK sends it.
pub fn text_result(call_id: &str, text: String) -> nova_act_sdk::types::CallResult {
    nova_act_sdk::types::CallResult::builder()
        .call_id(call_id)
        .content(nova_act_sdk::types::CallResultContent::Text(text))
        .build()
        .unwrap()
}
