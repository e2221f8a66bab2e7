//! The real client, answered from memory: a connector that hands back canned responses, one
//! entry per operation that calls it through the client or through its deserializers alone,
//! and the checks every call must pass.

use std::collections::VecDeque;
use std::error::Error;
use std::fmt::Debug;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use nova_act_sdk::config::{Builder, Credentials, Region, RetryConfig};
use nova_act_sdk::error::SdkError;
use nova_act_sdk::operation as ops;
use nova_act_sdk::types::{
    ActStatus, CallResult, CallResultContent, ClientInfo, WorkflowRunStatus,
};
use nova_act_sdk::{Client, Config};
use restjson_runtime::deps::aws_smithy_async::rt::sleep::{AsyncSleep, Sleep};
use restjson_runtime::deps::aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use restjson_runtime::deps::aws_smithy_runtime_api::client::orchestrator::{
    HttpRequest, HttpResponse,
};
use restjson_runtime::deps::aws_smithy_runtime_api::client::result::ConnectorError;
use restjson_runtime::deps::aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use restjson_runtime::deps::aws_smithy_types::body::SdkBody;
use restjson_runtime::error::ErrorResponse;
use restjson_runtime::service::Operation;
use restjson_runtime::{ProvideErrorKind, ProvideErrorMetadata, RequestId};

/// An HTTP response as raw parts: what a server (or anything between it and the client) could
/// put on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    /// Status code (any number; the HTTP layer refuses those outside 100–999).
    pub status: u16,
    /// Headers in order, names as sent, values as raw bytes.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A JSON response with a content type and a request id, as the service sends them.
    pub fn json(status: u16, body: &str) -> Self {
        Response {
            status,
            headers: vec![
                ("content-type".into(), b"application/json".to_vec()),
                ("x-amzn-requestid".into(), b"req-fuzz-1".to_vec()),
            ],
            body: body.as_bytes().to_vec(),
        }
    }

    /// Replaces every header called `name` (any case) with one of this value.
    pub fn set_header(&mut self, name: &str, value: impl Into<Vec<u8>>) {
        self.remove_header(name);
        self.headers.push((name.to_string(), value.into()));
    }

    /// Removes every header called `name` (any case).
    pub fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The response as the HTTP stack hands it to the orchestrator, or why the stack would have
    /// refused it (a status outside 100–999, a header that is not a valid HTTP header, a
    /// header value that is not UTF-8).
    pub fn to_http(&self) -> Result<HttpResponse, String> {
        let mut builder = http::Response::builder().status(self.status);
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_slice());
        }
        let response = builder
            .body(SdkBody::from(self.body.clone()))
            .map_err(|e| e.to_string())?;
        HttpResponse::try_from(response).map_err(|e| e.to_string())
    }

    /// A readable dump of the response, enough to rebuild it: status, headers and body with
    /// non-printable bytes escaped.
    pub fn describe(&self) -> String {
        let mut out = format!("status: {}\n", self.status);
        for (name, value) in &self.headers {
            out.push_str(&format!("header: {name:?}: {}\n", escape(value)));
        }
        out.push_str(&format!(
            "body ({} bytes): {}\n",
            self.body.len(),
            escape(&self.body)
        ));
        out
    }
}

fn escape(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}

#[derive(Debug, Default)]
struct State {
    queue: VecDeque<Response>,
    last: Option<Response>,
    /// Status of the latest response delivered to the client (`None`: refused by the HTTP
    /// layer, so the call got a dispatch failure).
    delivered: Option<u16>,
    calls: usize,
    last_uri: String,
}

/// An HTTP client that answers every request with the next queued response, and repeats the
/// last one once the queue is empty (so retries see the same answer again).
#[derive(Clone, Debug, Default)]
pub struct Canned {
    state: Arc<Mutex<State>>,
}

impl Canned {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held must not hide later findings behind a poisoned lock.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues these responses, in order, and forgets earlier ones.
    pub fn load(&self, responses: Vec<Response>) {
        let mut state = self.state();
        state.queue = responses.into();
        state.last = None;
        state.delivered = None;
        state.calls = 0;
    }

    /// How many requests the client sent since the last [`Canned::load`].
    pub fn calls(&self) -> usize {
        self.state().calls
    }

    /// The URI of the latest request.
    pub fn last_uri(&self) -> String {
        self.state().last_uri.clone()
    }

    fn delivered(&self) -> Option<u16> {
        self.state().delivered
    }
}

impl HttpConnector for Canned {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let mut state = self.state();
        state.calls += 1;
        state.last_uri = request.uri().to_string();
        let response = match state.queue.pop_front() {
            Some(next) => {
                state.last = Some(next.clone());
                next
            }
            None => state
                .last
                .clone()
                .unwrap_or_else(|| Response::json(500, "{}")),
        };
        let result = response.to_http();
        state.delivered = result.as_ref().ok().map(|_| response.status);
        drop(state);
        // The HTTP stack refuses what it cannot parse; the orchestrator sees a connector error.
        HttpConnectorFuture::ready(result.map_err(|e| ConnectorError::other(e.into(), None)))
    }
}

impl HttpClient for Canned {
    fn http_connector(
        &self,
        _settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

/// Backoff without waiting, so that retried calls cost no wall-clock time.
#[derive(Debug, Clone)]
struct InstantSleep;

impl AsyncSleep for InstantSleep {
    fn sleep(&self, _duration: Duration) -> Sleep {
        Sleep::new(std::future::ready(()))
    }
}

/// How a call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// The operation's output.
    Ok,
    /// A service error: a modeled variant or `Unhandled`.
    ServiceError,
    /// A response whose body could not be read.
    ResponseError,
    /// The HTTP layer refused the response.
    DispatchFailure,
}

impl Outcome {
    /// Every outcome, in report order.
    pub const ALL: [Outcome; 4] = [
        Outcome::Ok,
        Outcome::ServiceError,
        Outcome::ResponseError,
        Outcome::DispatchFailure,
    ];

    /// Short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::ServiceError => "service-error",
            Outcome::ResponseError => "response-error",
            Outcome::DispatchFailure => "dispatch-failure",
        }
    }
}

/// Uses everything a caller may read off an error: `Display`, `Debug`, the source chain,
/// code, message, request id and retry classification. Panics there count as findings too.
pub fn exercise_error<E>(error: &E)
where
    E: Error + ProvideErrorMetadata + ProvideErrorKind + RequestId + Debug,
{
    let _ = error.to_string();
    let _ = format!("{error:?}");
    let _ = (
        ProvideErrorMetadata::code(error),
        ProvideErrorMetadata::message(error),
        error.request_id(),
        error.retryable_error_kind(),
        ProvideErrorKind::code(error),
    );
    let mut source = error.source();
    let mut depth = 0;
    while let Some(cause) = source {
        let _ = cause.to_string();
        depth += 1;
        if depth > 64 {
            break;
        }
        source = cause.source();
    }
}

/// Checks how a call through the client ended against the status of the response it got.
fn classify<T, E>(
    delivered: Option<u16>,
    result: Result<T, SdkError<E, HttpResponse>>,
) -> Result<Outcome, String>
where
    T: Debug,
    E: Error + ProvideErrorMetadata + ProvideErrorKind + RequestId + Debug + 'static,
{
    let success = delivered.map(|s| (200..300).contains(&s));
    let described = match &result {
        Ok(_) => String::new(),
        Err(err) => format!("{err:?}"),
    };
    // An error the model does not describe (no code): what a success whose body does not fit
    // the output becomes.
    let mut unhandled = false;
    let outcome = match &result {
        Ok(output) => {
            let _ = format!("{output:?}");
            Outcome::Ok
        }
        Err(err) => {
            let _ = err.to_string();
            let _ = format!("{err:?}");
            let mut source = err.source();
            while let Some(cause) = source {
                let _ = cause.to_string();
                source = cause.source();
            }
            match err {
                SdkError::ServiceError(ctx) => {
                    exercise_error(ctx.err());
                    unhandled = ProvideErrorMetadata::code(ctx.err()).is_none();
                    Outcome::ServiceError
                }
                SdkError::ResponseError(_) => Outcome::ResponseError,
                SdkError::DispatchFailure(_) => Outcome::DispatchFailure,
                other => return Err(format!("unexpected kind of error: {other:?}")),
            }
        }
    };
    let consistent = match outcome {
        Outcome::Ok => success == Some(true),
        // Also for error statuses: a body shorter than its Content-Length cannot be read.
        Outcome::ResponseError => success.is_some(),
        // A success the output cannot be read from is an unhandled service error, as in the
        // official SDKs.
        Outcome::ServiceError => success == Some(false) || (success == Some(true) && unhandled),
        Outcome::DispatchFailure => delivered.is_none(),
    };
    if consistent {
        Ok(outcome)
    } else {
        Err(format!(
            "outcome {} does not fit the response status {delivered:?}: {described}",
            outcome.name()
        ))
    }
}

const RUN: &str = "11111111-2222-4333-8444-555555555555";
const SESSION: &str = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const ACT: &str = "99999999-8888-4777-8666-555555555555";

fn result(call_id: &str, text: &str) -> CallResult {
    CallResult::builder()
        .call_id(call_id)
        .content(CallResultContent::Text(text.into()))
        .build()
        .expect("call result with every required member")
}

macro_rules! operations {
    ($( $variant:ident => $module:ident :: $marker:ident, |$c:ident| $call:expr; )*) => {
        /// The operations of the service.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Op {
            $(
                #[doc = stringify!($marker)]
                $variant,
            )*
        }

        impl Op {
            /// Every operation, in a fixed order.
            pub const ALL: &'static [Op] = &[$(Op::$variant),*];

            /// The operation's name in the model.
            pub fn name(self) -> &'static str {
                match self {
                    $(Op::$variant => <ops::$module::$marker as Operation>::NAME,)*
                }
            }

            /// Runs the operation's output and error deserializers on `response` directly,
            /// without the orchestrator, and uses whatever they return.
            pub fn deserialize_direct(self, response: &HttpResponse) {
                match self {
                    $(Op::$variant => {
                        type O = ops::$module::$marker;
                        if let Ok(output) = <O as Operation>::deserialize_output(response) {
                            let _ = format!("{output:?}");
                        }
                        let error = <O as Operation>::deserialize_error(ErrorResponse::new(response));
                        exercise_error(&error);
                    })*
                }
            }

            async fn invoke(self, client: &Client, canned: &Canned) -> Result<Outcome, String> {
                match self {
                    $(Op::$variant => {
                        let $c = client;
                        let result = $call.await;
                        classify(canned.delivered(), result)
                    })*
                }
            }
        }
    };
}

operations! {
    CreateAct => create_act::CreateAct, |c| c
        .create_act()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .task("Buy the cheapest socks")
        .send();
    CreateSession => create_session::CreateSession, |c| c
        .create_session()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .send();
    CreateWorkflowDefinition => create_workflow_definition::CreateWorkflowDefinition, |c| c
        .create_workflow_definition()
        .name("checkout")
        .send();
    CreateWorkflowRun => create_workflow_run::CreateWorkflowRun, |c| c
        .create_workflow_run()
        .workflow_definition_name("checkout")
        .model_id("nova-act-latest")
        .client_info(ClientInfo::builder().compatibility_version(1).build().expect("client info"))
        .send();
    DeleteWorkflowDefinition => delete_workflow_definition::DeleteWorkflowDefinition, |c| c
        .delete_workflow_definition()
        .workflow_definition_name("checkout")
        .send();
    DeleteWorkflowRun => delete_workflow_run::DeleteWorkflowRun, |c| c
        .delete_workflow_run()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .send();
    GetWorkflowDefinition => get_workflow_definition::GetWorkflowDefinition, |c| c
        .get_workflow_definition()
        .workflow_definition_name("checkout")
        .send();
    GetWorkflowRun => get_workflow_run::GetWorkflowRun, |c| c
        .get_workflow_run()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .send();
    InvokeActStep => invoke_act_step::InvokeActStep, |c| c
        .invoke_act_step()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .act_id(ACT)
        .call_results(result("initiateAct", "{}"))
        .call_results(result("takeObservation", "{}"))
        .send();
    ListActs => list_acts::ListActs, |c| c
        .list_acts()
        .workflow_definition_name("checkout")
        .send();
    ListModels => list_models::ListModels, |c| c
        .list_models()
        .client_compatibility_version(2)
        .send();
    ListSessions => list_sessions::ListSessions, |c| c
        .list_sessions()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .send();
    ListWorkflowDefinitions => list_workflow_definitions::ListWorkflowDefinitions, |c| c
        .list_workflow_definitions()
        .send();
    ListWorkflowRuns => list_workflow_runs::ListWorkflowRuns, |c| c
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .send();
    UpdateAct => update_act::UpdateAct, |c| c
        .update_act()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .session_id(SESSION)
        .act_id(ACT)
        .status(ActStatus::Succeeded)
        .send();
    UpdateWorkflowRun => update_workflow_run::UpdateWorkflowRun, |c| c
        .update_workflow_run()
        .workflow_definition_name("checkout")
        .workflow_run_id(RUN)
        .status(WorkflowRunStatus::Succeeded)
        .send();
}

impl Op {
    /// The operation picked by one byte (for fuzz inputs).
    pub fn from_byte(byte: u8) -> Op {
        Op::ALL[usize::from(byte) % Op::ALL.len()]
    }
}

/// Longest a single call may take before it counts as a hang (nothing here waits on a real
/// network or a real backoff).
const CALL_LIMIT: Duration = Duration::from_secs(20);

/// The configuration every client of the harness starts from: fixed credentials, a local
/// endpoint, the canned HTTP client and backoff that does not wait.
pub fn base_config(canned: &Canned) -> Builder {
    Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKIDFUZZ", "secret", None, None, "fuzz"))
        .http_client(canned.clone())
        .endpoint_url("http://localhost")
        .sleep_impl(InstantSleep)
}

/// Clients on canned responses, and the runtime that drives them.
pub struct Harness {
    /// The responses the clients get.
    pub canned: Canned,
    single: Client,
    retrying: Client,
    runtime: tokio::runtime::Runtime,
}

impl Default for Harness {
    fn default() -> Self {
        Self::new()
    }
}

impl Harness {
    /// Two clients sharing one canned HTTP client: one without retries, one with the standard
    /// retry strategy (three attempts) so that retry classification and backoff run too.
    pub fn new() -> Self {
        let canned = Canned::default();
        let single = Client::from_conf(
            base_config(&canned)
                .retry_config(RetryConfig::disabled())
                .build(),
        );
        let retrying = Client::from_conf(
            base_config(&canned)
                .retry_config(RetryConfig::standard().with_max_attempts(3))
                .build(),
        );
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a current-thread tokio runtime");
        Harness {
            canned,
            single,
            retrying,
            runtime,
        }
    }

    /// Runs `future` to completion, failing when it takes longer than a call ever should.
    pub fn block_on<T>(&self, future: impl Future<Output = T>) -> Result<T, String> {
        self.runtime
            // The timer must be created inside the runtime.
            .block_on(async { tokio::time::timeout(CALL_LIMIT, future).await })
            .map_err(|_| format!("the call did not finish within {CALL_LIMIT:?}"))
    }

    /// Calls `op` through the client against `response` (every attempt gets it) and checks how
    /// the call ended.
    pub fn call(&self, op: Op, response: &Response, retries: bool) -> Result<Outcome, String> {
        self.canned.load(vec![response.clone()]);
        let client = if retries {
            &self.retrying
        } else {
            &self.single
        };
        self.block_on(op.invoke(client, &self.canned))?
    }

    /// Calls `op` through `client` (built on [`base_config`] with [`Harness::canned`]).
    pub fn call_with(
        &self,
        client: &Client,
        op: Op,
        response: &Response,
    ) -> Result<Outcome, String> {
        self.canned.load(vec![response.clone()]);
        self.block_on(op.invoke(client, &self.canned))?
    }

    /// Pages through one of the four paginated operations (`which`, modulo 4; its bit 2 streams
    /// items rather than pages) with these pages
    /// as answers (the last one repeated once they run out). The stream must end on its own:
    /// every page ends it, hands over a token not sent before, or repeats the last page, whose
    /// token then repeats. So it fails when the stream asks for more than one request beyond
    /// the pages. Returns how many items and errors the stream yielded.
    pub fn paginate(&self, which: u8, pages: Vec<Response>) -> Result<usize, String> {
        let max_requests = pages.len() + 1;
        self.canned.load(pages);
        let client = &self.single;
        let canned = &self.canned;
        macro_rules! drain {
            ($stream:expr) => {{
                let mut stream = $stream;
                let mut yielded = 0usize;
                while let Some(item) = stream.next().await {
                    match &item {
                        Ok(value) => {
                            let _ = format!("{value:?}");
                        }
                        Err(SdkError::ServiceError(ctx)) => exercise_error(ctx.err()),
                        Err(other) => {
                            let _ = other.to_string();
                        }
                    }
                    yielded += 1;
                    if canned.calls() > max_requests {
                        return Err(format!(
                            "the paginator kept going after {max_requests} requests for {} pages",
                            max_requests - 1
                        ));
                    }
                }
                Ok(yielded)
            }};
        }
        // Pages (the check runs after every page, empty ones too) or items, by bit 2.
        self.block_on(async {
            match (which % 4, which & 4 != 0) {
                (0, false) => drain!(client
                    .list_acts()
                    .workflow_definition_name("checkout")
                    .into_paginator()
                    .send()),
                (0, true) => drain!(client
                    .list_acts()
                    .workflow_definition_name("checkout")
                    .into_paginator()
                    .items()
                    .send()),
                (1, false) => drain!(client
                    .list_sessions()
                    .workflow_definition_name("checkout")
                    .workflow_run_id(RUN)
                    .into_paginator()
                    .send()),
                (1, true) => drain!(client
                    .list_sessions()
                    .workflow_definition_name("checkout")
                    .workflow_run_id(RUN)
                    .into_paginator()
                    .items()
                    .send()),
                (2, false) => drain!(client.list_workflow_definitions().into_paginator().send()),
                (2, true) => drain!(client
                    .list_workflow_definitions()
                    .into_paginator()
                    .items()
                    .send()),
                (_, false) => drain!(client
                    .list_workflow_runs()
                    .workflow_definition_name("checkout")
                    .into_paginator()
                    .send()),
                (_, true) => drain!(client
                    .list_workflow_runs()
                    .workflow_definition_name("checkout")
                    .into_paginator()
                    .items()
                    .send()),
            }
        })?
    }
}
