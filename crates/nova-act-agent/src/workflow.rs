//! Workflow runs: the bookkeeping around sessions and acts.
//!
//! A [`Workflow`] is one workflow run of a definition, on one model. It is started with
//! `CreateWorkflowRun` and must end with `UpdateWorkflowRun` `SUCCEEDED` or `FAILED`. Three
//! ways make sure it does:
//!
//! * [`WorkflowBuilder::run`] runs an async body and ends the run by the body's outcome:
//!   `SUCCEEDED` for `Ok`, `FAILED` for `Err` and for a panic (the panic then goes on).
//! * [`Workflow::finish`] ends it explicitly.
//! * **Drop**: when the last handle (the `Workflow` and every [`Session`](crate::Session)
//!   of it) is dropped before the run was ended, the run is reported `FAILED` from a task
//!   spawned on the current tokio runtime. What drop cannot do in async Rust: it cannot wait
//!   for that report, so a program that exits right after may exit before it is sent, and
//!   outside a tokio runtime (or while the runtime shuts down) nothing can be sent at all
//!   (a `tracing` error says so and the run stays `RUNNING` until the service times it
//!   out). Prefer `run` or `finish`; the drop guard is the safety net for early returns,
//!   `?` and panics that a caller catches.

use std::fmt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};

use futures_util::FutureExt as _;
use nova_act_sdk::config::RetryConfig;
use nova_act_sdk::types::{ClientInfo, WorkflowRunStatus};
use nova_act_sdk::Client;
use tracing::Instrument as _;

use crate::client_source::ClientSource;
use crate::error::{from_sdk, Error};
use crate::session::SessionBuilder;

/// The API compatibility level this crate speaks (`clientInfo.compatibilityVersion`).
pub const COMPATIBILITY_VERSION: i32 = 1;

/// The `clientInfo.sdkVersion` sent by default.
pub const SDK_VERSION: &str = concat!("nova-act-agent-rust/", env!("CARGO_PKG_VERSION"));

/// The model used when none is given: the alias the service documents.
pub const DEFAULT_MODEL_ID: &str = "nova-act-latest";

/// Starts a [`Workflow`].
#[derive(Debug, Clone)]
pub struct WorkflowBuilder {
    client: Client,
    definition: String,
    model_id: String,
    sdk_version: String,
    log_group_name: Option<String>,
}

impl WorkflowBuilder {
    /// The model (an id or an alias; default `nova-act-latest`).
    pub fn model_id(mut self, model_id: impl Into<String>) -> Self {
        self.model_id = model_id.into();
        self
    }

    /// The `clientInfo.sdkVersion` to send (default [`SDK_VERSION`]).
    pub fn sdk_version(mut self, version: impl Into<String>) -> Self {
        self.sdk_version = version.into();
        self
    }

    /// A CloudWatch log group for the run's logs.
    pub fn log_group_name(mut self, name: impl Into<String>) -> Self {
        self.log_group_name = Some(name.into());
        self
    }

    /// Starts the run (`CreateWorkflowRun`).
    pub async fn start(self) -> Result<Workflow, Error> {
        let client_info = ClientInfo::builder()
            .compatibility_version(COMPATIBILITY_VERSION)
            .sdk_version(&self.sdk_version)
            .build()
            .map_err(|e| Error::InvalidArgument(e.to_string()))?;
        // Every request of the agent says it comes from an SDK, as the Python SDK's do.
        let config = self
            .client
            .config()
            .to_builder()
            .interceptor(ClientSource)
            .build();
        let client = Client::from_conf(config.clone());
        // Steps are retried by the act loop itself, only where that is safe.
        let step_client = Client::from_conf(
            config
                .to_builder()
                .retry_config(RetryConfig::disabled())
                .build(),
        );
        let created = client
            .create_workflow_run()
            .workflow_definition_name(&self.definition)
            .model_id(&self.model_id)
            .client_info(client_info)
            .set_log_group_name(self.log_group_name)
            .send()
            .await
            .map_err(|e| from_sdk("CreateWorkflowRun", e))?;
        let run_id = created.workflow_run_id().to_owned();
        let span = tracing::info_span!(
            "workflow_run",
            definition = %self.definition,
            run_id = %run_id,
        );
        span.in_scope(|| tracing::info!(model = %self.model_id, "workflow run started"));
        Ok(Workflow {
            inner: Arc::new(WorkflowInner {
                client,
                step_client,
                definition: self.definition,
                model_id: self.model_id,
                run_id,
                ended: Mutex::new(None),
                span,
            }),
        })
    }

    /// Starts the run, runs `body` with it, and ends the run by the outcome: `SUCCEEDED` if
    /// `body` returns `Ok`, `FAILED` if it returns `Err` or panics (the panic is resumed
    /// after the report). A failure to end a successful run is returned as the error; a
    /// failure to end a failed one is logged and the body's error returned.
    pub async fn run<F, Fut, T, E>(self, body: F) -> Result<T, E>
    where
        F: FnOnce(Workflow) -> Fut,
        Fut: Future<Output = Result<T, E>>,
        E: From<Error>,
    {
        let workflow = self.start().await?;
        let outcome = AssertUnwindSafe(body(workflow.clone()))
            .catch_unwind()
            .await;
        match outcome {
            Ok(Ok(value)) => {
                workflow.finish(WorkflowRunStatus::Succeeded).await?;
                Ok(value)
            }
            Ok(Err(error)) => {
                workflow.finish_after_failure().await;
                Err(error)
            }
            Err(panic) => {
                workflow.finish_after_failure().await;
                std::panic::resume_unwind(panic)
            }
        }
    }
}

/// A running workflow run. Cheap to clone; all clones are the same run.
#[derive(Clone)]
pub struct Workflow {
    pub(crate) inner: Arc<WorkflowInner>,
}

pub(crate) struct WorkflowInner {
    /// The user's client with the agent's interceptor.
    pub(crate) client: Client,
    /// The same without automatic retries, for `InvokeActStep`.
    pub(crate) step_client: Client,
    pub(crate) definition: String,
    pub(crate) model_id: String,
    pub(crate) run_id: String,
    ended: Mutex<Option<WorkflowRunStatus>>,
    pub(crate) span: tracing::Span,
}

impl fmt::Debug for Workflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Workflow")
            .field("definition", &self.inner.definition)
            .field("run_id", &self.inner.run_id)
            .field("model_id", &self.inner.model_id)
            .finish_non_exhaustive()
    }
}

impl Workflow {
    /// A run of the workflow definition `definition` (which must exist), with `client`.
    pub fn builder(client: &Client, definition: impl Into<String>) -> WorkflowBuilder {
        WorkflowBuilder {
            client: client.clone(),
            definition: definition.into(),
            model_id: DEFAULT_MODEL_ID.to_owned(),
            sdk_version: SDK_VERSION.to_owned(),
            log_group_name: None,
        }
    }

    /// The workflow definition's name.
    pub fn definition_name(&self) -> &str {
        &self.inner.definition
    }

    /// The run's id.
    pub fn run_id(&self) -> &str {
        &self.inner.run_id
    }

    /// The model.
    pub fn model_id(&self) -> &str {
        &self.inner.model_id
    }

    /// Opens a session on this run; see [`SessionBuilder`].
    pub fn session(&self) -> SessionBuilder {
        SessionBuilder::new(Arc::clone(&self.inner))
    }

    /// Ends the run with `status` (`UpdateWorkflowRun`). Ending it again with the same
    /// status does nothing; with another status it is an [`Error::InvalidArgument`].
    pub async fn finish(&self, status: WorkflowRunStatus) -> Result<(), Error> {
        {
            let mut ended = self.inner.ended.lock().unwrap_or_else(|e| e.into_inner());
            match &*ended {
                Some(previous) if *previous == status => return Ok(()),
                Some(previous) => {
                    return Err(Error::InvalidArgument(format!(
                        "workflow run {} already ended as {previous}",
                        self.inner.run_id
                    )))
                }
                // Marked before the call, so that the drop guard never reports another status.
                None => *ended = Some(status.clone()),
            }
        }
        self.inner
            .client
            .update_workflow_run()
            .workflow_definition_name(&self.inner.definition)
            .workflow_run_id(&self.inner.run_id)
            .status(status.clone())
            .send()
            .instrument(self.inner.span.clone())
            .await
            .map_err(|e| from_sdk("UpdateWorkflowRun", e))?;
        self.inner
            .span
            .in_scope(|| tracing::info!(%status, "workflow run ended"));
        Ok(())
    }

    async fn finish_after_failure(&self) {
        if let Err(e) = self.finish(WorkflowRunStatus::Failed).await {
            self.inner.span.in_scope(
                || tracing::warn!(error = %e, "could not report the workflow run FAILED"),
            );
        }
    }
}

impl Drop for WorkflowInner {
    fn drop(&mut self) {
        let ended = self.ended.get_mut().unwrap_or_else(|e| e.into_inner());
        if ended.is_some() {
            return;
        }
        let _entered = self.span.enter();
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::error!(
                "workflow run dropped outside a tokio runtime before it ended: it stays RUNNING"
            );
            return;
        };
        tracing::warn!("workflow run dropped before it ended: reporting it FAILED");
        let request = self
            .client
            .update_workflow_run()
            .workflow_definition_name(&self.definition)
            .workflow_run_id(&self.run_id)
            .status(WorkflowRunStatus::Failed);
        let span = self.span.clone();
        runtime.spawn(
            async move {
                if let Err(e) = request.send().await {
                    tracing::error!(
                        error = %nova_act_sdk::error::DisplayErrorContext(&e),
                        "could not report the dropped workflow run FAILED"
                    );
                }
            }
            .instrument(span),
        );
    }
}
