//! Runs **Amazon Nova Act** acts from Rust: the act loop, tools, typed answers, a human in
//! the loop, and the seam a browser plugs into. Built on [`nova_act_sdk`].
//!
//! ```no_run
//! use nova_act_agent::{Tool, ToolError, Workflow};
//! use schemars::JsonSchema;
//! use serde::Deserialize;
//!
//! #[derive(Deserialize, JsonSchema)]
//! struct Route { destination: String }
//!
//! #[derive(Deserialize, JsonSchema)]
//! struct Fare { destination: String, euros: u32 }
//!
//! # async fn f(client: nova_act_sdk::Client) -> Result<(), nova_act_agent::Error> {
//! let fares = Tool::typed("lookup_fare", "Looks up the fare to an airport", |r: Route| async move {
//!     match r.destination.as_str() {
//!         "LIS" => Ok(129),
//!         other => Err(ToolError::new("LookupError", format!("no fare to {other}"))),
//!     }
//! })
//! .map_err(|e| nova_act_agent::Error::InvalidArgument(e.to_string()))?;
//!
//! let fare = Workflow::builder(&client, "my-workflow")
//!     .run(|workflow| async move {
//!         let session = workflow.session().tool(fares).start().await?;
//!         let result = session.act_get::<Fare>("What does a flight to Lisbon cost?").await?;
//!         Ok::<_, nova_act_agent::Error>(result.answer)
//!     })
//!     .await?;
//! println!("{} EUR to {}", fare.euros, fare.destination);
//! # Ok(()) }
//! ```
//!
//! # The pieces
//!
//! * [`Workflow`]: a workflow run (`CreateWorkflowRun` with `clientInfo.compatibilityVersion
//!   = 1`), ended with `UpdateWorkflowRun` on every path: [`WorkflowBuilder::run`] ends it by
//!   the body's outcome, panics included; [`Workflow::finish`] ends it explicitly; a drop
//!   guard reports an unended run `FAILED` (see [`workflow`](crate::Workflow) for what drop
//!   can and cannot do).
//! * [`Session`]: `CreateSession`, the session's [`Actuator`], its [`Tool`]s and its
//!   [`HumanInput`]. Sessions of one run work concurrently; the acts of one session run one
//!   after another.
//! * Acts: [`Session::act`] (a text answer), [`Session::act_get`] (a typed answer, `T:
//!   DeserializeOwned + JsonSchema`), [`Session::act_get_json`] (a schema given as JSON).
//!   Options: [`max_steps`](ActRequest::max_steps) (default 30, at most 199),
//!   [`timeout`](ActRequest::timeout), [`observation_delay`](ActRequest::observation_delay).
//!   The result carries the answer and [`ActMetadata`]: the act id, every step with its
//!   server time, client time and time spent waiting for a person.
//! * [`Tool`]: a name, a description, an input schema and an async function, untyped
//!   ([`Tool::new`]) or typed ([`Tool::typed`], schema derived with schemars).
//! * [`HumanInput`]: `human_Approve` and `human_UiTakeover`; [`ConsoleHuman`] asks on the
//!   terminal.
//! * [`Actuator`]: one method per built-in action, over parsed and checked arguments
//!   ([`TargetBox`] in all three box forms). [`chromium`] (default feature `chromium`) drives
//!   a real Chromium over the DevTools protocol, one browser context per session;
//!   [`BlankActuator`] has no browser.
//! * [`Error`]: one enum for every failure, each reported to the service as `UpdateAct
//!   FAILED {message, type}` with the Python SDK's type name ([`Error::error_type`]) before
//!   it is returned.
//!
//! # The protocol, as this crate speaks it
//!
//! The service's API model does not describe what a client sends between `CreateAct` and
//! `UpdateAct`; this crate speaks it as the official Python SDK (`nova-act` 3.4.187.0) does,
//! and a test checks that for the same scenario both send the same operations, bodies and
//! call results (observations aside).
//!
//! * **Task.** An answer's schema goes into the task text as
//!   `, format output with jsonschema: <schema>`, written as Python's `json.dumps` writes it.
//! * **Tool specs.** `CreateAct` declares the session's tools, plus `human_Approve` and
//!   `human_UiTakeover` when the session has a [`HumanInput`]. Built-in actions are never
//!   declared.
//! * **First step.** `initiateAct` with `"{}"` and `takeObservation` with the observation,
//!   after a settle (and the observation delay, if any). No `previousStepId`.
//! * **Calls.** An array input is a built-in action with positional arguments; an object
//!   input is a tool. Names are matched exactly, after dropping a `browser.` or `tool.`
//!   prefix. A step's calls run one after another, in the service's order.
//! * **Results.** One per call, with the call's id: the JSON of its value as Python's
//!   `json.dumps` writes it (`null` for actions, `"yes"` for an approval, the observation
//!   object for `takeObservation`). A redirect from the actuator (a `<select>`, a colour
//!   input, a file chooser) and the errors of a tool made with [`Tool::errors_to_model`] go
//!   back as `"<Type>: <message>"` and the act goes on; every other failure ends the act.
//! * **Observations.** Every step except the last must ask for one (`takeObservation`);
//!   one that does not fails the act, as it does in the Python SDK. Every observation's
//!   viewport must be within 20% of 1600x813, and its URL passes the session's
//!   [state guardrail](SessionBuilder::state_guardrail).
//! * **Endings.** `return` gives the answer (a value that is not a string is kept as its
//!   JSON text); `throw` fails the act with [`Error::AgentFailed`]. Then `UpdateAct`:
//!   `SUCCEEDED`, or `FAILED` with the error's message (at most 10000 characters) and type.
//! * **Headers.** Every request carries `X-Client-Source: sdk`, signed.
//!
//! # Time-outs, retries and cancellation
//!
//! The time-out covers the whole act: a step stuck in the service, a tool that never
//! returns or a person who never answers is abandoned at the deadline, and the act is
//! reported `FAILED` (`ActTimeoutError`). `InvokeActStep` is retried only when the answer
//! says the step did not run (throttling), because a step the service received may be billed
//! even if its answer is lost; [`StepRetry`] chooses otherwise. Dropping an act's future
//! abandons it; its drop guard reports it `FAILED` (`ActCanceledError`) from a spawned
//! task.
//!
//! # Recordings
//!
//! [`SessionBuilder::record_to`] writes every act of the session, once it has ended (with an
//! answer or an error), to `<dir>/<act id>/`: `act.json` for tools (ids, prompt, times,
//! outcome, and each step's timings, observation, calls, target boxes and result texts),
//! and `index.html` for people: one self-contained page (screenshots embedded, inline CSS,
//! no script, nothing fetched) showing each screenshot the model saw with the calls' boxes
//! drawn over it. A recording holds only what the act loop saw; writing it never fails the
//! act (a failure is logged). See [`recording`] for the layout and path helpers.
//!
//! # Logs
//!
//! `tracing` spans `workflow_run` (definition, run id), `act` (session id, act id) and
//! `step` (number, step id). Task texts, tool inputs and call inputs are logged at DEBUG
//! only; screenshots never. [`SessionBuilder::console_log`] prints one line per call.

#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod act;
mod actuator;
mod boxes;
mod calls;
#[cfg(feature = "chromium")]
pub mod chromium;
mod client_source;
mod console;
mod error;
mod human;
pub mod recording;
mod result_text;
mod schema;
mod session;
mod tools;
mod workflow;

pub use act::{ActMetadata, ActRequest, ActResult, AnswerKind, Plain, Raw, StepTiming, Typed};
pub use actuator::{
    now_ms, ActuationError, Actuator, BlankActuator, BrowserDimensions, Observation,
};
pub use boxes::{BoxError, Point, TargetBox, Viewport};
pub use calls::{names, Action, ClickType, ScrollDirection};
pub use error::{Error, ServiceError, ServiceErrorKind};
pub use human::{Approval, ConsoleHuman, HumanInput, UiTakeover};
pub use schema::{bool_schema, schema_of, string_schema};
pub use session::{
    ActOptions, Session, SessionBuilder, StateGuardrail, StepRetry, DEFAULT_MAX_STEPS,
    MAX_STEPS_LIMIT,
};
pub use tools::{InvalidTool, Tool, ToolError};
pub use workflow::{
    Workflow, WorkflowBuilder, COMPATIBILITY_VERSION, DEFAULT_MODEL_ID, SDK_VERSION,
};

/// Implement [`Actuator`] and [`HumanInput`] with this attribute.
pub use async_trait::async_trait;

/// The README's code examples, compiled as doctests so they stay correct. They live here,
/// in the crate that depends on every other one the README shows.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
