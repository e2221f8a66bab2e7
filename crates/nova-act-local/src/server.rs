//! The HTTP server: configuration, the request pipeline, and the connection loop.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode};
use http_body::{Body, Frame, SizeHint};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::task::{JoinHandle, JoinSet};
use uuid::Uuid;

use crate::auth::{RequestHead, Verifier};
use crate::config::{
    default_aliases, default_models, FaultConfig, ModelAlias, ModelInfo, DEFAULT_ACCESS_KEY_ID,
    DEFAULT_ACCOUNT_ID, DEFAULT_BODY_LIMIT, DEFAULT_BODY_TIMEOUT, DEFAULT_HEADER_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS, DEFAULT_REGION, DEFAULT_SECRET_ACCESS_KEY,
};
use crate::errors::ApiError;
use crate::faults::{Fault, Faults};
use crate::journal::{self, Journal, JournalEntry};
use crate::ops::{self, Settings};
use crate::pagination::Tokens;
use crate::protocol::{self, Encoded, Route};
use crate::scenario::{Scenario, ScenarioError};
use crate::schema::{Schema, SchemaError};
use crate::store::Store;

/// Why a server could not start.
#[derive(Debug)]
pub enum StartError {
    /// A setting is out of range.
    Config(String),
    /// The scenario could not be read.
    Scenario(ScenarioError),
    /// The embedded model could not be read (a build problem).
    Model(SchemaError),
    /// The address could not be bound.
    Io(std::io::Error),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Config(m) => write!(f, "invalid configuration: {m}"),
            StartError::Scenario(e) => e.fmt(f),
            StartError::Model(e) => e.fmt(f),
            StartError::Io(e) => write!(f, "cannot listen: {e}"),
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StartError::Scenario(e) => Some(e),
            StartError::Model(e) => Some(e),
            StartError::Io(e) => Some(e),
            StartError::Config(_) => None,
        }
    }
}

enum ScenarioSource {
    Builtin,
    Parsed(Scenario),
    File(PathBuf),
}

/// Configures and starts a [`Server`]. Made by [`Server::builder`].
pub struct Builder {
    bind: SocketAddr,
    region: String,
    account_id: String,
    keys: Vec<(String, String)>,
    auth: bool,
    models: Vec<ModelInfo>,
    aliases: Vec<ModelAlias>,
    scenario: ScenarioSource,
    faults: FaultConfig,
    body_limit: usize,
    deletion_delay: Duration,
    header_timeout: Duration,
    body_timeout: Duration,
    max_connections: usize,
    journal: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            region: DEFAULT_REGION.into(),
            account_id: DEFAULT_ACCOUNT_ID.into(),
            keys: Vec::new(),
            auth: true,
            models: default_models(),
            aliases: default_aliases(),
            scenario: ScenarioSource::Builtin,
            faults: FaultConfig::default(),
            body_limit: DEFAULT_BODY_LIMIT,
            deletion_delay: Duration::ZERO,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            journal: false,
        }
    }
}

impl Builder {
    /// Address to listen on (default `127.0.0.1:0`, a free port on loopback).
    pub fn bind(mut self, addr: impl Into<SocketAddr>) -> Self {
        self.bind = addr.into();
        self
    }

    /// Region requests must be signed for and ARNs name (default `us-east-1`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Account ID in ARNs (default `123456789012`).
    pub fn account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = account_id.into();
        self
    }

    /// Accepts signatures made with this key pair. When no key is added, the pair
    /// [`DEFAULT_ACCESS_KEY_ID`] / [`DEFAULT_SECRET_ACCESS_KEY`] is accepted.
    pub fn access_key(
        mut self,
        access_key_id: impl Into<String>,
        secret: impl Into<String>,
    ) -> Self {
        self.keys.push((access_key_id.into(), secret.into()));
        self
    }

    /// Accepts signatures made with any of these key pairs (adds to those already given).
    pub fn access_keys<I, K, S>(mut self, keys: I) -> Self
    where
        I: IntoIterator<Item = (K, S)>,
        K: Into<String>,
        S: Into<String>,
    {
        self.keys
            .extend(keys.into_iter().map(|(k, s)| (k.into(), s.into())));
        self
    }

    /// Turns SigV4 verification off: every request is accepted unsigned.
    pub fn no_auth(mut self) -> Self {
        self.auth = false;
        self
    }

    /// Models offered by `ListModels` and accepted by `CreateWorkflowRun` (replaces the
    /// defaults, see [`default_models`]).
    pub fn models(mut self, models: impl IntoIterator<Item = ModelInfo>) -> Self {
        self.models = models.into_iter().collect();
        self
    }

    /// Model aliases (replaces the default `nova-act-latest`).
    pub fn model_aliases(mut self, aliases: impl IntoIterator<Item = ModelAlias>) -> Self {
        self.aliases = aliases.into_iter().collect();
        self
    }

    /// Scripts the agent with a parsed scenario.
    pub fn scenario(mut self, scenario: Scenario) -> Self {
        self.scenario = ScenarioSource::Parsed(scenario);
        self
    }

    /// Scripts the agent with a scenario file (YAML for `.yaml`/`.yml`, JSON otherwise),
    /// read by [`Builder::start`].
    pub fn scenario_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.scenario = ScenarioSource::File(path.into());
        self
    }

    /// Injects faults (see [`FaultConfig`]).
    pub fn faults(mut self, faults: FaultConfig) -> Self {
        self.faults = faults;
        self
    }

    /// Largest accepted request body in bytes (default [`DEFAULT_BODY_LIMIT`]).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// How long deleted workflow definitions and runs stay visible with status `DELETING`
    /// before they are gone (default zero: gone at once, though the delete still answers
    /// `DELETING`). While a delete is pending, a second delete, and any call that would add
    /// to the resource, get `ConflictException`.
    pub fn deletion_delay(mut self, delay: Duration) -> Self {
        self.deletion_delay = delay;
        self
    }

    /// How long a connection may take to send a complete request head (request line and
    /// headers), counted from when the server starts waiting for it, so it also ends idle
    /// keep-alive connections (default [`DEFAULT_HEADER_TIMEOUT`]). When it runs out the
    /// connection is closed without an answer. Must be above zero.
    pub fn header_timeout(mut self, timeout: Duration) -> Self {
        self.header_timeout = timeout;
        self
    }

    /// How long reading a request body may take in all, counted once the headers are
    /// authenticated (default [`DEFAULT_BODY_TIMEOUT`]). When it runs out the answer is 408
    /// `RequestTimeoutException` and the connection is closed. Must be above zero.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }

    /// How many connections are served at once (default [`DEFAULT_MAX_CONNECTIONS`]). A
    /// connection beyond the limit is accepted and closed at once, without an answer, so
    /// clients see a closed connection and retry (rather than hang in the listen backlog).
    /// Must be at least 1.
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections;
        self
    }

    /// Keeps a journal of requests and answers in memory, for [`Server::journal`] (default
    /// off). Every authenticated request that names an operation gets an entry (see
    /// [`JournalEntry`]); nothing is ever dropped, so long-running servers should call
    /// [`Server::clear_journal`] now and then.
    pub fn journal(mut self, enabled: bool) -> Self {
        self.journal = enabled;
        self
    }

    /// Binds the address and starts serving on the current tokio runtime.
    pub async fn start(self) -> Result<Server, StartError> {
        let arn_region =
            regex::Regex::new("^[a-z0-9-]+$").map_err(|e| StartError::Config(e.to_string()))?;
        if !arn_region.is_match(&self.region) {
            return Err(StartError::Config(format!(
                "region '{}' must be lower-case letters, digits and hyphens",
                self.region
            )));
        }
        if self.account_id.len() != 12 || !self.account_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(StartError::Config(format!(
                "account id '{}' must be 12 digits",
                self.account_id
            )));
        }
        self.faults.check().map_err(StartError::Config)?;
        for (name, value) in [
            ("header timeout", self.header_timeout),
            ("body timeout", self.body_timeout),
        ] {
            if value.is_zero() {
                return Err(StartError::Config(format!("{name} must be above zero")));
            }
        }
        if self.max_connections == 0 {
            return Err(StartError::Config(
                "max connections must be at least 1".into(),
            ));
        }
        for alias in &self.aliases {
            if !self.models.iter().any(|m| m.model_id == alias.model_id) {
                return Err(StartError::Config(format!(
                    "alias '{}' points at unknown model '{}'",
                    alias.alias, alias.model_id
                )));
            }
        }
        let scenario = match self.scenario {
            ScenarioSource::Builtin => Scenario::default(),
            ScenarioSource::Parsed(s) => s,
            ScenarioSource::File(path) => {
                Scenario::from_file(path).map_err(StartError::Scenario)?
            }
        };
        let schema = Schema::nova_act().map_err(StartError::Model)?;
        let keys = if self.keys.is_empty() {
            vec![(
                DEFAULT_ACCESS_KEY_ID.to_string(),
                DEFAULT_SECRET_ACCESS_KEY.to_string(),
            )]
        } else {
            self.keys
        };
        let verifier = self
            .auth
            .then(|| Verifier::new(&keys, &self.region, &schema.signing_name));
        let deletion_delay_ms = i64::try_from(self.deletion_delay.as_millis()).unwrap_or(i64::MAX);
        let journal = self.journal.then(|| Arc::new(Journal::new()));
        let state = Arc::new(State {
            settings: Settings {
                region: self.region.clone(),
                account_id: self.account_id.clone(),
                models: self.models,
                aliases: self.aliases,
                deletion_delay_ms,
                scenario,
                tokens: Tokens::new(),
            },
            schema,
            store: Mutex::new(Store::default()),
            verifier,
            faults: Faults::new(self.faults),
            body_limit: self.body_limit,
            header_timeout: self.header_timeout,
            body_timeout: self.body_timeout,
            journal: journal.clone(),
        });

        let listener = TcpListener::bind(self.bind).await.map_err(StartError::Io)?;
        let addr = listener.local_addr().map_err(StartError::Io)?;
        let (tx, rx) = watch::channel(false);
        let permits = Arc::new(Semaphore::new(self.max_connections));
        let task = tokio::spawn(accept_loop(listener, state, permits, rx));
        tracing::info!(%addr, region = %self.region, auth = self.auth, "nova-act-local listening");
        Ok(Server {
            addr,
            region: self.region,
            account_id: self.account_id,
            shutdown: Some(tx),
            task: Some(task),
            journal,
        })
    }
}

/// A running emulator. Dropping it stops accepting connections (without waiting);
/// [`Server::shutdown`] also waits for open connections to finish.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    region: String,
    account_id: String,
    shutdown: Option<watch::Sender<bool>>,
    task: Option<JoinHandle<()>>,
    journal: Option<Arc<Journal>>,
}

impl Server {
    /// A builder with the defaults.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The endpoint to point clients at, e.g. `http://127.0.0.1:49152`.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The region requests must be signed for.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The account ID in ARNs.
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// A copy of the request journal, in the order the requests were answered (which is
    /// their arrival order unless they overlap); empty unless [`Builder::journal`] turned it
    /// on. An entry is made before its answer is sent.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.journal
            .as_ref()
            .map(|j| j.entries())
            .unwrap_or_default()
    }

    /// Empties the request journal.
    pub fn clear_journal(&self) {
        if let Some(j) = &self.journal {
            j.clear();
        }
    }

    /// Stops accepting connections, lets open ones finish their current request (up to five
    /// seconds), and waits until the server has stopped.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
    }
}

/// Shared state of one server.
struct State {
    schema: Schema,
    settings: Settings,
    store: Mutex<Store>,
    verifier: Option<Verifier>,
    faults: Faults,
    body_limit: usize,
    header_timeout: Duration,
    body_timeout: Duration,
    journal: Option<Arc<Journal>>,
}

async fn accept_loop(
    listener: TcpListener,
    state: Arc<State>,
    permits: Arc<Semaphore>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    // Over the limit: close at once. Waiting instead would leave the client
                    // hanging with no sign of why; a closed connection is retried.
                    let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
                        tracing::warn!(%peer, "connection limit reached; connection closed");
                        drop(stream);
                        continue;
                    };
                    let state = Arc::clone(&state);
                    let stop = shutdown.clone();
                    connections.spawn(async move {
                        serve_connection(stream, peer, state, stop).await;
                        drop(permit);
                    });
                }
                Err(e) => {
                    // Out of file descriptors and the like: back off briefly.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(Duration::from_secs(5), drain)
        .await
        .is_err()
    {
        connections.abort_all();
    }
    tracing::info!("nova-act-local stopped");
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    state: Arc<State>,
    mut stop: watch::Receiver<bool>,
) {
    let header_timeout = state.header_timeout;
    let service = service_fn(move |req| {
        let state = Arc::clone(&state);
        async move { Ok::<_, Infallible>(handle(state, req).await) }
    });
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        result = conn.as_mut() => {
            if let Err(e) = result {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
        }
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.as_mut().await;
        }
    }
}

/// Response body: the whole JSON document, or (for an injected dropped connection) its first
/// half followed by an error, which makes hyper abort the connection.
pub struct ResponseBody {
    data: Option<Bytes>,
    fail: bool,
    /// Before failing, report "not ready" once so hyper flushes what it has buffered: the
    /// client then really receives the headers and the partial body.
    flushed: bool,
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(data) = self.data.take() {
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        if self.fail && !self.flushed {
            self.flushed = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        if self.fail {
            self.fail = false;
            return Poll::Ready(Some(Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "connection dropped by fault injection",
            ))));
        }
        Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_none() && !self.fail
    }

    fn size_hint(&self) -> SizeHint {
        match (&self.data, self.fail) {
            (Some(d), false) => SizeHint::with_exact(d.len() as u64),
            (None, false) => SizeHint::with_exact(0),
            _ => SizeHint::default(),
        }
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn build_response(
    encoded: Encoded,
    request_id: &str,
    drop_connection: bool,
) -> Response<ResponseBody> {
    let full_len = encoded.body.len();
    let body = Bytes::from(encoded.body);
    let body = if drop_connection {
        ResponseBody {
            data: Some(body.slice(..full_len / 2)),
            fail: true,
            flushed: false,
        }
    } else {
        ResponseBody {
            data: Some(body),
            fail: false,
            flushed: false,
        }
    };
    let mut response = Response::new(body);
    *response.status_mut() =
        StatusCode::from_u16(encoded.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(full_len));
    if let Ok(v) = HeaderValue::from_str(request_id) {
        headers.insert("x-amzn-requestid", v);
    }
    for (name, value) in encoded.headers {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            headers.append(name, value);
        }
    }
    response
}

async fn handle(state: Arc<State>, req: Request<Incoming>) -> Response<ResponseBody> {
    let request_id = Uuid::new_v4().to_string();
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let (response, operation) = pipeline(&state, req, &request_id).await;
    tracing::info!(
        request_id = %request_id,
        %method,
        %path,
        operation = operation.as_deref().unwrap_or("-"),
        status = response.status().as_u16(),
        "request"
    );
    response
}

/// Reads, authenticates, routes, validates and executes one request.
async fn pipeline(
    state: &State,
    req: Request<Incoming>,
    request_id: &str,
) -> (Response<ResponseBody>, Option<String>) {
    let error = |err: ApiError| {
        build_response(
            protocol::encode_error(&state.schema, &err),
            request_id,
            false,
        )
    };
    let (parts, body) = req.into_parts();
    let raw_path = parts.uri.path();
    let raw_query = parts.uri.query().unwrap_or("");
    // Answers given before the body was read in full: the connection cannot carry another
    // request, and saying so lets the client stop sending.
    let closing = |err: ApiError| {
        let mut response = error(err);
        response
            .headers_mut()
            .insert(http::header::CONNECTION, HeaderValue::from_static("close"));
        response
    };

    // 1. Authentication from the headers, before a byte of the body is read.
    let body_check = match &state.verifier {
        Some(verifier) => {
            let head = RequestHead {
                method: parts.method.as_str(),
                raw_path,
                raw_query,
                headers: &parts.headers,
                authority: parts.uri.authority().map(|a| a.as_str()),
            };
            match verifier.verify_head(&head, SystemTime::now()) {
                Ok(check) => Some(check),
                Err(e) => return (closing(e), None),
            }
        }
        None => None,
    };

    // 2. The body, within the size limit and the time limit.
    let limit = state.body_limit;
    let too_large = |size: Option<u64>| {
        let size = size.map(|s| format!("of {s} bytes ")).unwrap_or_default();
        closing(ApiError::new(
            413,
            "RequestEntityTooLargeException",
            format!("Request body {size}exceeds the limit of {limit} bytes"),
        ))
    };
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return (too_large(declared), None);
    }
    let timeout = state.body_timeout;
    let body = match tokio::time::timeout(timeout, Limited::new(body, limit).collect()).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return (too_large(None), None),
        Ok(Err(e)) => {
            return (
                closing(ApiError::serialization(format!(
                    "Unable to read request body: {e}"
                ))),
                None,
            )
        }
        Err(_) => {
            return (
                closing(ApiError::new(
                    408,
                    "RequestTimeoutException",
                    format!(
                        "The request body was not received within {} ms",
                        timeout.as_millis()
                    ),
                )),
                None,
            )
        }
    };

    // 3. The body against the signature: the declared hash, or the signature itself when
    //    it covers the body's hash.
    if let Some(check) = &body_check {
        if let Err(e) = check.check(&body) {
            return (error(e), None);
        }
    }

    // 4. Faults, drawn for every authenticated request in arrival order.
    let latency = state.faults.config().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let fault = state.faults.draw();
    let route = protocol::route(&state.schema, parts.method.as_str(), raw_path);
    // Answers from here on go in the journal when the request names an operation.
    let record = |encoded: &Encoded, dropped: bool| {
        let (Some(journal), Route::Operation { op, labels }) = (&state.journal, &route) else {
            return;
        };
        let (status, error_type, response) = journal::answer_parts(encoded);
        journal.record(JournalEntry {
            request_id: request_id.to_string(),
            operation: op.name.clone(),
            labels: labels.iter().cloned().collect(),
            query: protocol::parse_query(raw_query),
            body: journal::body_value(&body),
            status,
            error_type,
            response,
            connection_dropped: dropped,
        });
    };
    let fault_error = match fault {
        Fault::Throttle => Some(ApiError::throttling(1)),
        Fault::InternalError => Some(ApiError::internal(
            "Internal error injected by nova-act-local fault injection",
        )),
        Fault::None | Fault::DropConnection => None,
    };
    if let Some(err) = fault_error {
        let encoded = protocol::encode_error(&state.schema, &err);
        record(&encoded, false);
        return (build_response(encoded, request_id, false), None);
    }

    // 5. Routing.
    let (op, labels) = match &route {
        Route::Operation { op, labels } => (*op, labels),
        Route::MethodNotAllowed(allowed) => {
            let allow = allowed.join(", ");
            let mut response = error(ApiError::new(
                405,
                "MethodNotAllowedException",
                format!(
                    "Method {} is not allowed on {raw_path}; the operations on this path use {allow}",
                    parts.method
                ),
            ));
            if let Ok(v) = HeaderValue::from_str(&allow) {
                response.headers_mut().insert(http::header::ALLOW, v);
            }
            return (response, None);
        }
        Route::NotFound => {
            return (
                error(ApiError::new(
                    404,
                    "UnknownOperationException",
                    format!("No operation matches {} {raw_path}", parts.method),
                )),
                None,
            )
        }
    };
    let op_name = Some(op.name.clone());

    // 6. Input, validated against the model.
    let query = protocol::parse_query(raw_query);
    let input =
        match protocol::build_input(&state.schema, op, labels, &query, &parts.headers, &body) {
            Ok(input) => input,
            Err(e) => {
                let encoded = protocol::encode_error(&state.schema, &e);
                record(&encoded, false);
                return (build_response(encoded, request_id, false), op_name);
            }
        };

    // 7. The operation, atomically under the store lock.
    let result = {
        let mut store = state.store.lock().unwrap_or_else(|e| e.into_inner());
        ops::execute(
            &state.settings,
            &state.schema,
            &mut store,
            op,
            &input,
            now_ms(),
        )
    };
    let encoded = match result {
        Ok(output) => protocol::encode_output(&state.schema, op, &output),
        Err(e) => protocol::encode_error(&state.schema, &e),
    };
    let dropped = fault == Fault::DropConnection;
    record(&encoded, dropped);
    (build_response(encoded, request_id, dropped), op_name)
}
