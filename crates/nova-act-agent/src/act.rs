//! The act loop.
//!
//! 1. `CreateAct` with the task (plus the answer's schema) and the session's tool specs.
//! 2. Before the first step: the observation delay, a settle, an observation.
//! 3. `InvokeActStep` with `initiateAct` (`"{}"`) and the observation; then, step after
//!    step, run the calls the service returns, one after another in its order, and send one
//!    result per call (its JSON text, or `"<Type>: <message>"` for a redirect or a tool error
//!    meant for the model) with the previous step's id.
//! 4. `return` ends the act with its answer, `throw` with the model's reason; a step limit,
//!    the time-out and every failure end it too.
//! 5. `UpdateAct` `SUCCEEDED`, or `FAILED` with `{message, type}`, on every path, before the
//!    outcome is returned. An act whose future is dropped is reported `FAILED`
//!    (`ActCanceledError`) from a spawned task.

use std::fmt;
use std::future::IntoFuture;
use std::marker::PhantomData;
use std::time::{Duration, Instant, SystemTime};

use futures_util::future::BoxFuture;
use futures_util::FutureExt as _;
use nova_act_sdk::operation::invoke_act_step::{InvokeActStepError, InvokeActStepOutput};
use nova_act_sdk::primitives::{document_from_json, document_to_json};
use nova_act_sdk::types::{
    ActError as ReportedError, ActStatus, CallResult, CallResultContent, ToolInputSchema, ToolSpec,
};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::Instrument as _;

use crate::actuator::{ActuationError, Actuator, Observation};
use crate::boxes::Viewport;
use crate::calls::{self, names, Action, Parsed};
use crate::console;
use crate::error::{from_sdk, service_error, Error, ServiceError};
use crate::human::{self, Approval, UiTakeover};
use crate::recording::{self, ActLog, ActSummary};
use crate::result_text::{error_text, json_text};
use crate::schema::{check_answer, check_schema, schema_of, task_with_schema, AnswerProblem};
use crate::session::{ActOptions, Session, SessionInner, StepRetry, MAX_STEPS_LIMIT};
use crate::tools::ToolError;

/// What an act answers, and how its answer is read.
pub trait AnswerKind: Send {
    /// The answer's type.
    type Answer: Send;
    /// The JSON Schema the answer must match, if any; it goes into the task.
    fn schema(&self) -> Option<Value>;
    /// Reads the model's answer.
    fn read(&self, answer: &str) -> Result<Self::Answer, Error>;
}

/// A text answer, as the model gave it.
#[derive(Debug, Clone, Copy)]
pub struct Plain;

impl AnswerKind for Plain {
    type Answer = String;
    fn schema(&self) -> Option<Value> {
        None
    }
    fn read(&self, answer: &str) -> Result<String, Error> {
        Ok(answer.to_owned())
    }
}

/// An answer of type `T`, checked against `T`'s schema.
pub struct Typed<T>(PhantomData<fn() -> T>);

impl<T> Typed<T> {
    pub(crate) fn new() -> Self {
        Typed(PhantomData)
    }
}

impl<T> fmt::Debug for Typed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Typed<{}>", std::any::type_name::<T>())
    }
}

impl<T: DeserializeOwned + JsonSchema + Send> AnswerKind for Typed<T> {
    type Answer = T;
    fn schema(&self) -> Option<Value> {
        Some(schema_of::<T>())
    }
    fn read(&self, answer: &str) -> Result<T, Error> {
        let value = checked(answer, &schema_of::<T>())?;
        serde_json::from_value(value).map_err(|e| Error::AnswerMismatch {
            answer: answer.to_owned(),
            problems: vec![format!("not a {}: {e}", std::any::type_name::<T>())],
        })
    }
}

/// A JSON answer checked against a schema given as JSON.
#[derive(Debug, Clone)]
pub struct Raw(pub(crate) Value);

impl AnswerKind for Raw {
    type Answer = Value;
    fn schema(&self) -> Option<Value> {
        Some(self.0.clone())
    }
    fn read(&self, answer: &str) -> Result<Value, Error> {
        checked(answer, &self.0)
    }
}

fn checked(answer: &str, schema: &Value) -> Result<Value, Error> {
    check_answer(answer, schema).map_err(|problem| Error::AnswerMismatch {
        answer: answer.to_owned(),
        problems: match problem {
            AnswerProblem::BadSchema(e) => vec![format!("the schema is not valid: {e}")],
            AnswerProblem::NotJson(e) => vec![format!("the answer is not JSON: {e}")],
            AnswerProblem::Mismatch(problems) => problems,
        },
    })
}

/// What a finished act gives back.
#[derive(Debug, Clone)]
pub struct ActResult<A> {
    /// The answer.
    pub answer: A,
    /// The answer as the model wrote it.
    pub response: String,
    /// Ids and timings.
    pub metadata: ActMetadata,
}

/// Ids and timings of an act.
#[derive(Debug, Clone)]
pub struct ActMetadata {
    /// The session.
    pub session_id: String,
    /// The act.
    pub act_id: String,
    /// The task as sent, with the answer's schema if one was asked for.
    pub prompt: String,
    /// Every step taken.
    pub steps: Vec<StepTiming>,
    /// When the act was created.
    pub started_at: SystemTime,
    /// When it ended (before `UpdateAct`).
    pub ended_at: SystemTime,
}

impl ActMetadata {
    /// Time spent waiting for a person, over all steps.
    pub fn human_wait(&self) -> Duration {
        self.steps.iter().map(|s| s.human_wait).sum()
    }

    /// The act's duration without the time spent waiting for a person.
    pub fn time_worked(&self) -> Duration {
        self.ended_at
            .duration_since(self.started_at)
            .unwrap_or_default()
            .saturating_sub(self.human_wait())
    }
}

/// One step of an act.
#[derive(Debug, Clone)]
pub struct StepTiming {
    /// The step's id.
    pub step_id: String,
    /// The calls of the step, by name.
    pub calls: Vec<String>,
    /// The `InvokeActStep` round trip (the service's time, retries included).
    pub server_time: Duration,
    /// Running the step's calls, human waits included.
    pub client_time: Duration,
    /// Time spent waiting for a person in this step.
    pub human_wait: Duration,
}

/// An act to run: set options, then `.await` it.
#[must_use = "an act does nothing until it is awaited"]
pub struct ActRequest<'s, K> {
    session: &'s Session,
    task: String,
    kind: K,
    options: ActOptions,
}

impl<K: fmt::Debug> fmt::Debug for ActRequest<'_, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActRequest")
            .field("kind", &self.kind)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<'s, K: AnswerKind + 's> ActRequest<'s, K> {
    pub(crate) fn new(session: &'s Session, task: String, kind: K) -> Self {
        ActRequest {
            session,
            task,
            kind,
            options: session.inner.act_options,
        }
    }

    /// Steps allowed (1 to 199; default 30).
    pub fn max_steps(mut self, steps: u32) -> Self {
        self.options.max_steps = steps;
        self
    }

    /// Fails the act with [`Error::Timeout`] when it has not ended after `limit`. The limit
    /// covers everything (service calls, tools, actions, waits for a person): whatever is
    /// running at the deadline is abandoned.
    pub fn timeout(mut self, limit: Duration) -> Self {
        self.options.timeout = Some(limit);
        self
    }

    /// Waits this long before the first observation (for pages that keep loading).
    pub fn observation_delay(mut self, delay: Duration) -> Self {
        self.options.observation_delay = Some(delay);
        self
    }
}

impl<'s, K> IntoFuture for ActRequest<'s, K>
where
    K: AnswerKind + 's,
{
    type Output = Result<ActResult<K::Answer>, Error>;
    type IntoFuture = BoxFuture<'s, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        run_act(self.session, self.task, self.kind, self.options).boxed()
    }
}

/// Refuses options out of range.
pub(crate) fn check_options(options: &ActOptions) -> Result<(), Error> {
    if !(1..=MAX_STEPS_LIMIT).contains(&options.max_steps) {
        return Err(Error::InvalidArgument(format!(
            "max_steps must be 1 to {MAX_STEPS_LIMIT}, got {}",
            options.max_steps
        )));
    }
    if options.timeout == Some(Duration::ZERO) {
        return Err(Error::InvalidArgument(
            "the time-out must be longer than zero".to_owned(),
        ));
    }
    Ok(())
}

/// The ids of one act.
#[derive(Clone)]
struct ActIds {
    definition: String,
    run_id: String,
    session_id: String,
    act_id: String,
}

async fn run_act<K: AnswerKind>(
    session: &Session,
    task: String,
    kind: K,
    options: ActOptions,
) -> Result<ActResult<K::Answer>, Error> {
    let inner = &*session.inner;
    check_options(&options)?;
    let length = task.chars().count();
    if !(1..=10_000).contains(&length) {
        return Err(Error::InvalidArgument(format!(
            "a task is 1 to 10000 characters, this one has {length}"
        )));
    }
    let prompt = match kind.schema() {
        Some(schema) => {
            check_schema(&schema).map_err(|e| {
                Error::InvalidArgument(format!("the answer's schema is not valid: {e}"))
            })?;
            task_with_schema(&task, &schema)
        }
        None => task,
    };
    let workflow = &inner.workflow;
    let span = tracing::info_span!(
        parent: &workflow.span,
        "act",
        session_id = %inner.session_id,
        act_id = tracing::field::Empty,
    );
    let created = workflow
        .client
        .create_act()
        .workflow_definition_name(&workflow.definition)
        .workflow_run_id(&workflow.run_id)
        .session_id(&inner.session_id)
        .task(&prompt)
        .set_tool_specs(tool_specs(inner)?)
        .send()
        .instrument(span.clone())
        .await
        .map_err(|e| from_sdk("CreateAct", e))?;
    let ids = ActIds {
        definition: workflow.definition.clone(),
        run_id: workflow.run_id.clone(),
        session_id: inner.session_id.clone(),
        act_id: created.act_id().to_owned(),
    };
    span.record("act_id", ids.act_id.as_str());
    span.in_scope(|| {
        tracing::info!(tools = inner.tools.len(), "act started");
        tracing::debug!(prompt = %prompt, "act task");
    });
    if inner.console_log {
        console::act_started(&ids.session_id, &ids.act_id, &prompt);
    }

    let mut guard = CancelGuard::new(inner, &ids);
    let started_at = SystemTime::now();
    let mut steps = Vec::new();
    let mut log = ActLog::new(inner.record_to.is_some());
    let driven = drive(inner, &ids, &options, &mut steps, &mut log).instrument(span.clone());
    let outcome = match options.timeout {
        Some(limit) => tokio::time::timeout(limit, driven)
            .await
            .unwrap_or(Err(Error::Timeout { limit })),
        None => driven.await,
    };
    let ended_at = SystemTime::now();
    let outcome = outcome.and_then(|response| {
        let answer = kind.read(&response)?;
        Ok((answer, response))
    });

    let reported = report(inner, &ids, outcome.as_ref().err())
        .instrument(span.clone())
        .await;
    guard.disarm();
    if let Some(dir) = &inner.record_to {
        let summary = ActSummary {
            act_id: ids.act_id.clone(),
            session_id: ids.session_id.clone(),
            prompt: prompt.clone(),
            started_at,
            ended_at,
            outcome: recording::Outcome::of(outcome.as_ref().map(|(_, r)| r.as_str())),
        };
        recording::write(dir.clone(), summary, log)
            .instrument(span.clone())
            .await;
    }
    span.in_scope(|| match &outcome {
        Ok(_) => tracing::info!(steps = steps.len(), "act succeeded"),
        Err(e) => {
            tracing::info!(steps = steps.len(), error = %e, kind = e.error_type(), "act failed")
        }
    });
    if inner.console_log {
        console::act_ended(&ids.session_id, outcome.as_ref().map(|(_, r)| r.as_str()));
    }
    match (outcome, reported) {
        (Ok((answer, response)), Ok(())) => Ok(ActResult {
            answer,
            response,
            metadata: ActMetadata {
                session_id: ids.session_id,
                act_id: ids.act_id,
                prompt,
                steps,
                started_at,
                ended_at,
            },
        }),
        (Ok((_, response)), Err(source)) => Err(Error::Unreported {
            answer: Some(response),
            source,
        }),
        (Err(error), Ok(())) => Err(error),
        (Err(error), Err(source)) => {
            // The act's own failure is what the caller needs; the report's is logged.
            span.in_scope(|| tracing::warn!(error = %source, "could not report the act FAILED"));
            Err(error)
        }
    }
}

/// The tool specs of the act: the user's tools, and the human-in-the-loop tools when the
/// session has a person to ask.
fn tool_specs(inner: &SessionInner) -> Result<Option<Vec<ToolSpec>>, Error> {
    let mut specs = Vec::new();
    let user = inner
        .tools
        .iter()
        .map(|t| (t.name(), t.description(), t.input_schema().clone()));
    let human = inner.human.iter().flat_map(|_| human::tool_specs());
    for (name, description, schema) in user.chain(human) {
        let spec = ToolSpec::builder()
            .name(name)
            .description(description)
            .input_schema(ToolInputSchema::Json(document_from_json(schema)))
            .build()
            .map_err(|e| Error::InvalidArgument(format!("tool {name}: {e}")))?;
        specs.push(spec);
    }
    Ok((!specs.is_empty()).then_some(specs))
}

/// Runs the steps until the model returns or throws, or something fails.
async fn drive(
    inner: &SessionInner,
    ids: &ActIds,
    options: &ActOptions,
    steps: &mut Vec<StepTiming>,
    log: &mut ActLog,
) -> Result<String, Error> {
    let mut actuator = inner.actuator.lock().await;
    if let Some(delay) = options.observation_delay {
        tokio::time::sleep(delay).await;
    }
    actuator
        .settle()
        .await
        .map_err(|e| actuation_failure(names::SETTLE, e))?;
    let observation = observe(inner, &mut **actuator).await?;
    let mut viewport = observation.viewport();
    let mut results = vec![
        text_result(names::INITIATE_ACT, "{}".to_owned())?,
        text_result(names::OBSERVE, observation_text(&observation)?)?,
    ];
    log.observed(observation);
    let mut previous_step: Option<String> = None;
    for number in 1..=options.max_steps {
        let step_span = tracing::debug_span!("step", number, step_id = tracing::field::Empty);
        let sent = Instant::now();
        let step = invoke(
            inner,
            ids,
            std::mem::take(&mut results),
            previous_step.take(),
        )
        .instrument(step_span.clone())
        .await?;
        let server_time = sent.elapsed();
        step_span.record("step_id", step.step_id());
        log.step_started(number, step.step_id(), server_time);
        let mut timing = StepTiming {
            step_id: step.step_id().to_owned(),
            calls: step.calls().iter().map(|c| c.name().to_owned()).collect(),
            server_time,
            client_time: Duration::ZERO,
            human_wait: Duration::ZERO,
        };
        let started = Instant::now();
        let mut observed = false;
        let mut ending = None;
        for call in step.calls() {
            // The agent reads call inputs as JSON values.
            let input = document_to_json(call.input());
            if inner.console_log {
                console::call(&ids.session_id, call.name(), &input);
            }
            step_span.in_scope(|| {
                tracing::debug!(call = call.name(), input = %input, "call");
            });
            let parsed = calls::parse(call.name(), &input, viewport, inner.urls);
            log.call(call, &input, parsed.as_ref().ok());
            let text =
                match parsed {
                    Err(bad) => Err(Error::InvalidModelGeneration { message: bad.0 }),
                    Ok(Parsed::Return(answer)) => {
                        ending = Some(Ok(answer));
                        break;
                    }
                    Ok(Parsed::Throw(message)) => {
                        ending = Some(Err(Error::AgentFailed { message }));
                        break;
                    }
                    Ok(Parsed::Action(action)) => run_action(inner, &mut **actuator, action)
                        .await
                        .map(|done| match done {
                            ActionDone::Observed(seen, text) => {
                                viewport = seen.viewport();
                                observed = true;
                                log.observed(*seen);
                                text
                            }
                            ActionDone::Text(text) => text,
                        }),
                    Ok(Parsed::Tool { name, input }) => {
                        call_tool(inner, &name, input, &mut timing.human_wait)
                            .instrument(step_span.clone())
                            .await
                    }
                };
            let text = match text {
                Ok(text) => text,
                Err(error) => {
                    log.call_failed(&error);
                    ending = Some(Err(error));
                    break;
                }
            };
            log.call_result(&text);
            if inner.console_log {
                console::result(&ids.session_id, &text);
            }
            results.push(text_result(call.call_id(), text)?);
        }
        timing.client_time = started.elapsed();
        log.step_ended(timing.client_time, timing.human_wait);
        steps.push(timing);
        if let Some(ending) = ending {
            return ending;
        }
        if !observed {
            return Err(Error::InvalidModelGeneration {
                message: format!(
                    "step {number} asked for no observation (takeObservation), so there is \
                     nothing to send with the next step"
                ),
            });
        }
        previous_step = Some(step.step_id().to_owned());
    }
    Err(Error::ExceededMaxSteps {
        max_steps: options.max_steps,
    })
}

/// Sends one step, retrying as the session's [`StepRetry`] says.
async fn invoke(
    inner: &SessionInner,
    ids: &ActIds,
    results: Vec<CallResult>,
    previous_step: Option<String>,
) -> Result<InvokeActStepOutput, Error> {
    let workflow = &inner.workflow;
    let (client, attempts) = match inner.step_retry {
        StepRetry::WhenSafe => (&workflow.step_client, 3),
        StepRetry::Standard => (&workflow.client, 1),
        StepRetry::Never => (&workflow.step_client, 1),
    };
    let mut attempt = 1;
    loop {
        let sent = client
            .invoke_act_step()
            .workflow_definition_name(&ids.definition)
            .workflow_run_id(&ids.run_id)
            .session_id(&ids.session_id)
            .act_id(&ids.act_id)
            .set_call_results(Some(results.clone()))
            .set_previous_step_id(previous_step.clone())
            .send()
            .await;
        let error = match sent {
            Ok(step) => return Ok(step),
            Err(error) => error,
        };
        let retry_after = match error.as_service_error() {
            Some(InvokeActStepError::ThrottlingException(throttled)) => {
                Some(throttled.retry_after_seconds())
            }
            _ => None,
        };
        match retry_after {
            Some(seconds) if attempt < attempts => {
                let wait = match seconds {
                    Some(s) if s > 0 => Duration::from_secs(u64::from(s.unsigned_abs())),
                    _ => Duration::from_secs(1 << (attempt - 1)),
                }
                .min(Duration::from_secs(20));
                tracing::info!(
                    attempt,
                    wait_ms = wait.as_millis() as u64,
                    "step throttled; retrying"
                );
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
            _ => return Err(from_sdk("InvokeActStep", error)),
        }
    }
}

/// What an action produced.
enum ActionDone {
    /// An observation, and its result text.
    Observed(Box<Observation>, String),
    /// A result text.
    Text(String),
}

async fn run_action(
    inner: &SessionInner,
    actuator: &mut dyn Actuator,
    action: Action,
) -> Result<ActionDone, Error> {
    let name = action.name();
    let done = match action {
        Action::Observe => {
            let observation = observe(inner, actuator).await?;
            let text = observation_text(&observation)?;
            return Ok(ActionDone::Observed(Box::new(observation), text));
        }
        Action::Think { .. } => Ok(()),
        Action::Settle => actuator.settle().await,
        Action::Wait { duration } => actuator.wait(duration).await,
        Action::Click { target, click } => actuator.click(target, click).await,
        Action::Hover { target } => actuator.hover(target).await,
        Action::Scroll { direction, target } => actuator.scroll(target, direction).await,
        Action::Type {
            text,
            target,
            press_enter,
        } => actuator.type_text(target, &text, press_enter).await,
        Action::GoToUrl { url } => {
            guard_url(inner, &url)?;
            actuator.go_to_url(&url).await
        }
    };
    match done {
        Ok(()) => Ok(ActionDone::Text("null".to_owned())),
        // A redirect goes back to the model, which tries another way.
        Err(ActuationError::Redirect(instruction)) => Ok(ActionDone::Text(error_text(
            "AgentRedirectError",
            &instruction,
        ))),
        Err(other) => Err(actuation_failure(name, other)),
    }
}

fn actuation_failure(call: &str, error: ActuationError) -> Error {
    match error {
        ActuationError::InvalidInput(message) => Error::InvalidModelGeneration {
            message: format!("{call}: {message}"),
        },
        ActuationError::Blocked { url } => Error::StateGuardrail { url },
        ActuationError::Redirect(instruction) => Error::Actuation {
            call: call.to_owned(),
            source: format!("redirect outside an action: {instruction}").into(),
        },
        ActuationError::Failed(source) => Error::Actuation {
            call: call.to_owned(),
            source,
        },
    }
}

/// Takes an observation and checks it: the state guardrail on its URL, and a viewport near
/// the size the model is trained on.
async fn observe(inner: &SessionInner, actuator: &mut dyn Actuator) -> Result<Observation, Error> {
    let observation = actuator
        .observe()
        .await
        .map_err(|e| actuation_failure(names::OBSERVE, e))?;
    guard_url(inner, &observation.active_url)?;
    let viewport = observation.viewport();
    if !viewport.is_near_recommended() {
        return Err(Error::Actuation {
            call: names::OBSERVE.to_owned(),
            source: format!(
                "the viewport is {}x{}, more than 20% away from the {}x{} the model is trained on",
                viewport.width,
                viewport.height,
                Viewport::RECOMMENDED.width,
                Viewport::RECOMMENDED.height
            )
            .into(),
        });
    }
    Ok(observation)
}

fn guard_url(inner: &SessionInner, url: &str) -> Result<(), Error> {
    match &inner.state_guardrail {
        Some(allow) if !allow(url) => Err(Error::StateGuardrail {
            url: url.to_owned(),
        }),
        _ => Ok(()),
    }
}

fn observation_text(observation: &Observation) -> Result<String, Error> {
    json_text(observation).map_err(|e| Error::Actuation {
        call: names::OBSERVE.to_owned(),
        source: Box::new(e),
    })
}

/// Runs a tool call: a person for the human-in-the-loop tools, else the user's tool.
async fn call_tool(
    inner: &SessionInner,
    name: &str,
    input: Value,
    human_wait: &mut Duration,
) -> Result<String, Error> {
    if name == names::HUMAN_APPROVE || name == names::HUMAN_UI_TAKEOVER {
        let Some(human) = &inner.human else {
            // As the Python SDK's default callbacks: the act fails as the agent's.
            return Err(Error::AgentFailed {
                message: format!(
                    "HumanValidationError: the model asked for {name}, and this session has \
                     no HumanInput to ask"
                ),
            });
        };
        let message = match input.get("message") {
            Some(Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let asked = Instant::now();
        let answer = if name == names::HUMAN_APPROVE {
            (human.approve(&message).await == Approval::Yes).then_some("yes")
        } else {
            (human.ui_takeover(&message).await == UiTakeover::Complete).then_some("complete")
        };
        *human_wait += asked.elapsed();
        return match answer {
            Some(text) => json_value_text(&Value::from(text)),
            None => Err(Error::HumanCanceled {
                tool: name.to_owned(),
            }),
        };
    }
    let Some(tool) = inner.tools.iter().find(|t| t.name() == name) else {
        return Err(Error::Tool {
            tool: name.to_owned(),
            error: ToolError::new("ToolNotFound", format!("Tool '{name}' was not found.")),
        });
    };
    if !input.is_object() {
        return Err(Error::InvalidModelGeneration {
            message: format!("tool {name} takes an object input, got {input}"),
        });
    }
    tracing::debug!(tool = name, input = %input, "tool called");
    match tool.call(input).await {
        Ok(value) => json_value_text(&value),
        Err(error) if tool.reports_errors_to_model() => {
            tracing::info!(
                tool = name,
                kind = error.kind(),
                "tool error sent to the model"
            );
            Ok(error_text(error.kind(), error.message()))
        }
        Err(error) => Err(Error::Tool {
            tool: name.to_owned(),
            error,
        }),
    }
}

fn json_value_text(value: &Value) -> Result<String, Error> {
    json_text(value).map_err(|e| Error::InvalidArgument(format!("a result is not JSON: {e}")))
}

fn text_result(call_id: &str, text: String) -> Result<CallResult, Error> {
    CallResult::builder()
        .call_id(call_id)
        .content(CallResultContent::Text(text))
        .build()
        .map_err(|e| Error::InvalidArgument(e.to_string()))
}

/// `UpdateAct` with the outcome.
async fn report(
    inner: &SessionInner,
    ids: &ActIds,
    failure: Option<&Error>,
) -> Result<(), ServiceError> {
    let request = inner
        .workflow
        .client
        .update_act()
        .workflow_definition_name(&ids.definition)
        .workflow_run_id(&ids.run_id)
        .session_id(&ids.session_id)
        .act_id(&ids.act_id);
    let request = match failure {
        None => request.status(ActStatus::Succeeded),
        Some(error) => request
            .status(ActStatus::Failed)
            .set_error(reported_error(&error.to_string(), error.error_type())),
    };
    request
        .send()
        .await
        .map(|_| ())
        .map_err(|e| service_error("UpdateAct", e))
}

/// The `error` of `UpdateAct`: a message of 1 to 10000 characters and a type. (Building it
/// fails only without one of the two, which are always given.)
fn reported_error(message: &str, kind: &str) -> Option<ReportedError> {
    let mut message: String = message.chars().take(10_000).collect();
    if message.is_empty() {
        message = kind.to_owned();
    }
    ReportedError::builder()
        .message(message)
        .r#type(kind)
        .build()
        .ok()
}

/// Reports an act `FAILED` if its future is dropped before it ended.
struct CancelGuard {
    pending: Option<(nova_act_sdk::Client, ActIds)>,
}

impl CancelGuard {
    fn new(inner: &SessionInner, ids: &ActIds) -> Self {
        CancelGuard {
            pending: Some((inner.workflow.client.clone(), ids.clone())),
        }
    }

    fn disarm(&mut self) {
        self.pending = None;
    }
}

impl Drop for CancelGuard {
    fn drop(&mut self) {
        let Some((client, ids)) = self.pending.take() else {
            return;
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::error!(act_id = %ids.act_id, "act dropped outside a tokio runtime: it stays unreported");
            return;
        };
        tracing::warn!(act_id = %ids.act_id, "act dropped before it ended: reporting it FAILED");
        let request = client
            .update_act()
            .workflow_definition_name(ids.definition)
            .workflow_run_id(ids.run_id)
            .session_id(ids.session_id)
            .act_id(&ids.act_id)
            .status(ActStatus::Failed)
            .set_error(reported_error(
                "the act was cancelled: its future was dropped before the act ended",
                "ActCanceledError",
            ));
        runtime.spawn(async move {
            if let Err(e) = request.send().await {
                tracing::error!(
                    act_id = %ids.act_id,
                    error = %nova_act_sdk::error::DisplayErrorContext(&e),
                    "could not report the dropped act FAILED"
                );
            }
        });
    }
}
