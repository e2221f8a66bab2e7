//! Sessions: one actuator (one browser, or none) and the tools acts may use.
//!
//! A session belongs to a [`Workflow`](crate::Workflow) run. Its acts run one at a time (an
//! actuator is one page); sessions of one run work concurrently, each in its own task.

use std::collections::HashSet;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::Instrument as _;

use crate::act::{ActRequest, Plain, Raw, Typed};
use crate::actuator::{Actuator, BlankActuator};
use crate::calls::UrlPolicy;
use crate::error::{from_sdk, Error};
use crate::human::HumanInput;
use crate::tools::Tool;
use crate::workflow::WorkflowInner;

/// Decides whether the page may be at a URL: `true` allows, `false` fails the act with
/// [`Error::StateGuardrail`].
pub type StateGuardrail = dyn Fn(&str) -> bool + Send + Sync;

/// How `InvokeActStep` is retried.
///
/// A step the service received may have run, and may be billed, even when its answer was
/// lost; sending it again can bill it twice (the Python SDK warns of the same). The service
/// answers a repeated step request with the step it already made, but whether a lost
/// answer's step is billed again is the service's business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum StepRetry {
    /// Retry only answers that say the step did not run: `ThrottlingException`, up to 3
    /// attempts, waiting as the service's `Retry-After` says (1 s, then 2 s, when it says
    /// nothing; at most 20 s). The default.
    #[default]
    WhenSafe,
    /// The client's own retry strategy (standard: transient errors, time-outs and
    /// throttling, 3 attempts), accepting that a retried step may be billed twice.
    Standard,
    /// Never retry.
    Never,
}

/// Options of one act; a session's defaults can be set with [`SessionBuilder::act_options`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActOptions {
    /// Steps allowed (default 30, at most [`MAX_STEPS_LIMIT`]).
    pub max_steps: u32,
    /// The act fails with [`Error::Timeout`] after this long (default: no limit).
    pub timeout: Option<Duration>,
    /// Waited before the first observation (default: none).
    pub observation_delay: Option<Duration>,
}

/// The default step limit, the Python SDK's.
pub const DEFAULT_MAX_STEPS: u32 = 30;

/// The largest step limit an act may have (the Python SDK's limit is "below 200").
pub const MAX_STEPS_LIMIT: u32 = 199;

impl Default for ActOptions {
    fn default() -> Self {
        ActOptions {
            max_steps: DEFAULT_MAX_STEPS,
            timeout: None,
            observation_delay: None,
        }
    }
}

/// Opens a [`Session`].
pub struct SessionBuilder {
    workflow: Arc<WorkflowInner>,
    actuator: Option<Box<dyn Actuator>>,
    tools: Vec<Tool>,
    human: Option<Arc<dyn HumanInput>>,
    console_log: bool,
    state_guardrail: Option<Arc<StateGuardrail>>,
    allow_file_urls: bool,
    step_retry: StepRetry,
    act_options: ActOptions,
    record_to: Option<PathBuf>,
}

impl fmt::Debug for SessionBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionBuilder")
            .field("run_id", &self.workflow.run_id)
            .field("tools", &self.tools)
            .field("human", &self.human.is_some())
            .field("record_to", &self.record_to)
            .finish_non_exhaustive()
    }
}

impl SessionBuilder {
    pub(crate) fn new(workflow: Arc<WorkflowInner>) -> Self {
        SessionBuilder {
            workflow,
            actuator: None,
            tools: Vec::new(),
            human: None,
            console_log: false,
            state_guardrail: None,
            allow_file_urls: false,
            step_retry: StepRetry::default(),
            act_options: ActOptions::default(),
            record_to: None,
        }
    }

    /// What acts on the page (default: [`BlankActuator`], no browser).
    pub fn actuator(mut self, actuator: impl Actuator + 'static) -> Self {
        self.actuator = Some(Box::new(actuator));
        self
    }

    /// A tool the model may call.
    pub fn tool(mut self, tool: Tool) -> Self {
        self.tools.push(tool);
        self
    }

    /// Tools the model may call.
    pub fn tools(mut self, tools: impl IntoIterator<Item = Tool>) -> Self {
        self.tools.extend(tools);
        self
    }

    /// Who answers `human_Approve` and `human_UiTakeover`. Without one, these tools are not
    /// declared to the service, and a call of them fails the act.
    pub fn human_input(mut self, human: impl HumanInput + 'static) -> Self {
        self.human = Some(Arc::new(human));
        self
    }

    /// Prints one line per call to standard output (off by default). The lines show what
    /// the model asked for and what it got, tool inputs included; screenshots are never
    /// shown.
    pub fn console_log(mut self, on: bool) -> Self {
        self.console_log = on;
        self
    }

    /// Checks every URL the page is at (after each observation) or is sent to (`goToUrl`).
    pub fn state_guardrail(mut self, allow: impl Fn(&str) -> bool + Send + Sync + 'static) -> Self {
        self.state_guardrail = Some(Arc::new(allow));
        self
    }

    /// Lets `goToUrl` open `file:` URLs (off by default).
    pub fn allow_file_urls(mut self, allow: bool) -> Self {
        self.allow_file_urls = allow;
        self
    }

    /// How `InvokeActStep` is retried (default [`StepRetry::WhenSafe`]).
    pub fn step_retry(mut self, retry: StepRetry) -> Self {
        self.step_retry = retry;
        self
    }

    /// Default options of this session's acts.
    pub fn act_options(mut self, options: ActOptions) -> Self {
        self.act_options = options;
        self
    }

    /// Records every act of the session under `dir` (off by default): once an act has
    /// ended, with an answer or an error, its folder `<dir>/<act id>/` holds `act.json` (the
    /// steps, the observations sent, the calls with their target boxes and results, the
    /// outcome), a self-contained `index.html` that shows each screenshot with the calls'
    /// boxes over it, and the screenshots. See [`recording`](crate::recording) for the
    /// layout. Folders are created as needed; a recording that cannot be written is logged
    /// (`WARN`) and never fails the act.
    ///
    /// A recording holds what the model saw and did, screenshots included: keep it where
    /// you would keep the pages themselves.
    pub fn record_to(mut self, dir: impl Into<PathBuf>) -> Self {
        self.record_to = Some(dir.into());
        self
    }

    /// Opens the session (`CreateSession`).
    pub async fn start(self) -> Result<Session, Error> {
        let mut seen = HashSet::new();
        for tool in &self.tools {
            if !seen.insert(tool.name()) {
                return Err(Error::InvalidArgument(format!(
                    "two tools are named {:?}; tool names must be unique in a session",
                    tool.name()
                )));
            }
        }
        crate::act::check_options(&self.act_options)?;
        let workflow = self.workflow;
        let created = workflow
            .client
            .create_session()
            .workflow_definition_name(&workflow.definition)
            .workflow_run_id(&workflow.run_id)
            .send()
            .instrument(workflow.span.clone())
            .await
            .map_err(|e| from_sdk("CreateSession", e))?;
        let session_id = created.session_id().to_owned();
        workflow
            .span
            .in_scope(|| tracing::info!(session_id = %session_id, "session opened"));
        Ok(Session {
            inner: Arc::new(SessionInner {
                workflow,
                session_id,
                actuator: tokio::sync::Mutex::new(
                    self.actuator
                        .unwrap_or_else(|| Box::new(BlankActuator::new())),
                ),
                tools: self.tools,
                human: self.human,
                console_log: self.console_log,
                state_guardrail: self.state_guardrail,
                urls: UrlPolicy {
                    allow_file_urls: self.allow_file_urls,
                },
                step_retry: self.step_retry,
                act_options: self.act_options,
                record_to: self.record_to,
            }),
        })
    }
}

/// A session of a workflow run. Cheap to clone; clones share the session and its actuator,
/// and their acts run one after another.
#[derive(Clone)]
pub struct Session {
    pub(crate) inner: Arc<SessionInner>,
}

pub(crate) struct SessionInner {
    pub(crate) workflow: Arc<WorkflowInner>,
    pub(crate) session_id: String,
    pub(crate) actuator: tokio::sync::Mutex<Box<dyn Actuator>>,
    pub(crate) tools: Vec<Tool>,
    pub(crate) human: Option<Arc<dyn HumanInput>>,
    pub(crate) console_log: bool,
    pub(crate) state_guardrail: Option<Arc<StateGuardrail>>,
    pub(crate) urls: UrlPolicy,
    pub(crate) step_retry: StepRetry,
    pub(crate) act_options: ActOptions,
    pub(crate) record_to: Option<PathBuf>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("session_id", &self.inner.session_id)
            .field("run_id", &self.inner.workflow.run_id)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// The session's id.
    pub fn session_id(&self) -> &str {
        &self.inner.session_id
    }

    /// An act with a text answer (the model's `return` value, `""` when it gives none).
    /// Await it, after setting options if needed:
    ///
    /// ```no_run
    /// # async fn f(session: nova_act_agent::Session) -> Result<(), nova_act_agent::Error> {
    /// use std::time::Duration;
    /// let result = session
    ///     .act("Add the cheapest fare to the cart")
    ///     .max_steps(10)
    ///     .timeout(Duration::from_secs(120))
    ///     .await?;
    /// println!("{} in {} steps", result.answer, result.metadata.steps.len());
    /// # Ok(()) }
    /// ```
    pub fn act(&self, task: impl Into<String>) -> ActRequest<'_, Plain> {
        ActRequest::new(self, task.into(), Plain)
    }

    /// An act whose answer is a `T`: the JSON Schema of `T` goes into the task, and the
    /// answer is checked against it and deserialized. `bool` and `String` work as they are.
    pub fn act_get<T>(&self, task: impl Into<String>) -> ActRequest<'_, Typed<T>>
    where
        T: DeserializeOwned + JsonSchema + Send + 'static,
    {
        ActRequest::new(self, task.into(), Typed::new())
    }

    /// An act whose answer must match `schema` (a JSON Schema, Draft 7), returned as JSON.
    pub fn act_get_json(&self, task: impl Into<String>, schema: Value) -> ActRequest<'_, Raw> {
        ActRequest::new(self, task.into(), Raw(schema))
    }
}
