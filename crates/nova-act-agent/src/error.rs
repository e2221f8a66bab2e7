//! The one error type of the crate, and how service errors are classified.
//!
//! [`Error`]'s variants follow the failures of the official Python SDK, so an act that fails
//! here is reported to the service (`UpdateAct FAILED {message, type}`) with the same `type`
//! the Python SDK sends: [`Error::error_type`].

use std::fmt;
use std::time::Duration;

use nova_act_sdk::error::{HttpResponse, ProvideErrorMetadata, RequestId, SdkError};
use nova_act_sdk::operation::{
    create_act::CreateActError, create_session::CreateSessionError,
    create_workflow_run::CreateWorkflowRunError, invoke_act_step::InvokeActStepError,
    update_act::UpdateActError, update_workflow_run::UpdateWorkflowRunError,
};

use crate::tools::ToolError;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Everything that can go wrong when running workflows, sessions and acts.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The model gave up (`throw`), with its reason.
    AgentFailed {
        /// The model's reason.
        message: String,
    },
    /// The act took as many steps as allowed without ending.
    ExceededMaxSteps {
        /// The limit.
        max_steps: u32,
    },
    /// The act did not end within its time-out.
    Timeout {
        /// The time-out.
        limit: Duration,
    },
    /// The model asked for something that cannot be done as asked: a malformed call or
    /// argument, a box outside the page, a disallowed URL, or a step with no observation.
    /// The service reports its own failures to generate as this too.
    InvalidModelGeneration {
        /// What was wrong.
        message: String,
    },
    /// The answer does not fit the requested schema or type.
    AnswerMismatch {
        /// The answer as the model gave it.
        answer: String,
        /// Every problem found, each with its location in the answer.
        problems: Vec<String>,
    },
    /// A user tool failed, or the model called a tool no one declared.
    Tool {
        /// The tool's name.
        tool: String,
        /// What failed.
        error: ToolError,
    },
    /// A person cancelled an approval or a take-over.
    HumanCanceled {
        /// `human_Approve` or `human_UiTakeover`.
        tool: String,
    },
    /// The actuator could not carry out an action.
    Actuation {
        /// The call, such as `agentClick`.
        call: String,
        /// What went wrong.
        source: BoxError,
    },
    /// The page reached a URL the session's guardrail blocks.
    StateGuardrail {
        /// The URL.
        url: String,
    },
    /// The service's guardrails refused the request (`ValidationException` with reason
    /// `GuardrailIntervened`).
    Guardrail(ServiceError),
    /// Any other error of a service call.
    Service(ServiceError),
    /// An argument was refused before anything was sent (an empty task, a tool defined
    /// twice, a step limit out of range, ...).
    InvalidArgument(String),
    /// The act ended, but reporting its outcome with `UpdateAct` failed; the answer is kept.
    Unreported {
        /// The act's answer.
        answer: Option<String>,
        /// The `UpdateAct` failure.
        source: ServiceError,
    },
}

impl Error {
    /// The `type` this failure is reported with in `UpdateAct`: the official Python SDK's
    /// exception class name for the same failure.
    pub fn error_type(&self) -> &'static str {
        match self {
            Error::AgentFailed { .. } => "ActAgentFailed",
            Error::ExceededMaxSteps { .. } => "ActExceededMaxStepsError",
            Error::Timeout { .. } => "ActTimeoutError",
            Error::InvalidModelGeneration { .. } | Error::AnswerMismatch { .. } => {
                "ActInvalidModelGenerationError"
            }
            // The Python SDK wraps a cancelled approval or take-over in its tool error.
            Error::Tool { .. } | Error::HumanCanceled { .. } => "ActToolError",
            Error::Actuation { .. } => "ActActuationError",
            Error::StateGuardrail { .. } => "ActStateGuardrailError",
            Error::Guardrail(_) => "ActGuardrailsError",
            Error::Service(e) | Error::Unreported { source: e, .. } => e.error_type(),
            Error::InvalidArgument(_) => "ActClientError",
        }
    }

    /// The service error behind this failure, if any.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            Error::Guardrail(e) | Error::Service(e) | Error::Unreported { source: e, .. } => {
                Some(e)
            }
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::AgentFailed { message } => write!(f, "the agent failed: {message}"),
            Error::ExceededMaxSteps { max_steps } => {
                write!(f, "the act did not end within {max_steps} steps")
            }
            Error::Timeout { limit } => write!(f, "the act did not end within {limit:?}"),
            Error::InvalidModelGeneration { message } => {
                write!(f, "invalid model generation: {message}")
            }
            Error::AnswerMismatch { answer, problems } => write!(
                f,
                "the answer {answer:?} does not match the requested schema: {}",
                problems.join("; ")
            ),
            Error::Tool { tool, error } => write!(f, "tool {tool} failed: {error}"),
            Error::HumanCanceled { tool } => write!(f, "a person cancelled {tool}"),
            Error::Actuation { call, source } => write!(f, "{call} failed: {source}"),
            Error::StateGuardrail { url } => write!(f, "the state guardrail blocked {url}"),
            Error::Guardrail(e) => write!(f, "the service's guardrails intervened: {e}"),
            Error::Service(e) => write!(f, "{e}"),
            Error::InvalidArgument(problem) => write!(f, "invalid argument: {problem}"),
            Error::Unreported { source, .. } => {
                write!(
                    f,
                    "the act ended but its outcome was not reported: {source}"
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Actuation { source, .. } => Some(source.as_ref()),
            Error::Guardrail(e) | Error::Service(e) | Error::Unreported { source: e, .. } => {
                Some(e)
            }
            Error::Tool { error, .. } => error
                .source()
                .map(|e| e as &(dyn std::error::Error + 'static)),
            _ => None,
        }
    }
}

impl From<crate::tools::InvalidTool> for Error {
    fn from(error: crate::tools::InvalidTool) -> Self {
        Error::InvalidArgument(error.to_string())
    }
}

/// What kind of service error, for deciding what to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServiceErrorKind {
    /// `AccessDeniedException`.
    AccessDenied,
    /// `ValidationException` (other than guardrails).
    Validation,
    /// `ResourceNotFoundException`.
    NotFound,
    /// `ConflictException`.
    Conflict,
    /// `ThrottlingException`: slow down and try again.
    Throttled,
    /// `ServiceQuotaExceededException`.
    QuotaExceeded,
    /// `InternalServerException`.
    InternalServer,
    /// An error code this crate does not know, with an HTTP status.
    Other,
    /// No answer: the request could not be sent, timed out, or the answer could not be read.
    NoResponse,
}

/// A failed service call: which operation, what the service said, and the request id to
/// quote to AWS support. The [`SdkError`] itself is the [`source`](std::error::Error::source)
/// (downcast it to `SdkError<InvokeActStepError>` and so on for every detail).
#[derive(Debug)]
pub struct ServiceError(Box<ServiceErrorParts>);

/// Boxed, so that [`Error`] stays small.
#[derive(Debug)]
struct ServiceErrorParts {
    operation: &'static str,
    kind: ServiceErrorKind,
    code: Option<String>,
    message: Option<String>,
    reason: Option<String>,
    status: Option<u16>,
    request_id: Option<String>,
    source: BoxError,
}

impl ServiceError {
    /// The operation, such as `InvokeActStep`.
    pub fn operation(&self) -> &'static str {
        self.0.operation
    }

    /// The kind of error.
    pub fn kind(&self) -> ServiceErrorKind {
        self.0.kind
    }

    /// The error code, such as `ThrottlingException`.
    pub fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }

    /// The service's message.
    pub fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    /// The `reason` member of validation and internal-server errors.
    pub fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }

    /// The request id.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// The `SdkError` of the call.
    pub fn sdk_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self.0.source.as_ref()
    }

    /// The Python SDK's class name for this error, used as `UpdateAct`'s error type.
    pub(crate) fn error_type(&self) -> &'static str {
        match self.0.kind {
            ServiceErrorKind::AccessDenied => "AuthError",
            ServiceErrorKind::Validation | ServiceErrorKind::NotFound => "ActBadRequestError",
            ServiceErrorKind::Throttled => "ActRequestThrottledError",
            ServiceErrorKind::QuotaExceeded => "ActDailyQuotaExceededError",
            ServiceErrorKind::InternalServer => "ActInternalServerError",
            ServiceErrorKind::Conflict | ServiceErrorKind::Other => match self.0.status {
                Some(500..=599) => "ActServerError",
                Some(400..=499) => "ActClientError",
                _ => "ActAPIError",
            },
            ServiceErrorKind::NoResponse => "ActAPIError",
        }
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: ", self.0.operation)?;
        match (&self.0.code, &self.0.message) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}")?,
            (Some(code), None) => write!(f, "{code}")?,
            _ => write!(
                f,
                "{}",
                nova_act_sdk::error::DisplayErrorContext(self.0.source.as_ref())
            )?,
        }
        if let Some(id) = &self.0.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.0.source.as_ref())
    }
}

/// The `reason` member of an operation's modeled errors.
pub(crate) trait ErrorReason {
    fn reason(&self) -> Option<&str>;
}

macro_rules! error_reason {
    ($($error:ty),* $(,)?) => {$(
        impl ErrorReason for $error {
            fn reason(&self) -> Option<&str> {
                match self {
                    Self::ValidationException(e) => Some(e.reason().as_str()).filter(|r| !r.is_empty()),
                    Self::InternalServerException(e) => e.reason().map(|r| r.as_str()),
                    _ => None,
                }
            }
        }
    )*};
}

error_reason!(
    CreateActError,
    CreateSessionError,
    CreateWorkflowRunError,
    InvokeActStepError,
    UpdateActError,
    UpdateWorkflowRunError,
);

/// Classifies a failed call into [`Error`]: guardrails and the service's own invalid model
/// generations get their variants, everything else is [`Error::Service`].
pub(crate) fn from_sdk<E>(operation: &'static str, error: SdkError<E, HttpResponse>) -> Error
where
    E: std::error::Error + ProvideErrorMetadata + ErrorReason + Send + Sync + 'static,
    SdkError<E, HttpResponse>: RequestId,
{
    let service = service_error(operation, error);
    match (service.code(), service.reason()) {
        (Some("ValidationException"), Some("GuardrailIntervened")) => Error::Guardrail(service),
        (Some("InternalServerException"), Some(reason))
            if reason == "InvalidModelGeneration" || reason.contains("TokenLimitExceeded") =>
        {
            Error::InvalidModelGeneration {
                message: service.to_string(),
            }
        }
        _ => Error::Service(service),
    }
}

/// Wraps a failed call, keeping the `SdkError`.
pub(crate) fn service_error<E>(
    operation: &'static str,
    error: SdkError<E, HttpResponse>,
) -> ServiceError
where
    E: std::error::Error + ProvideErrorMetadata + ErrorReason + Send + Sync + 'static,
    SdkError<E, HttpResponse>: RequestId,
{
    let request_id = error.request_id().map(str::to_owned);
    let status = error.raw_response().map(|r| r.status().as_u16());
    let (kind, code, message, reason) = match error.as_service_error() {
        Some(e) => {
            let code = e.code().map(str::to_owned);
            let kind = match code.as_deref() {
                Some("AccessDeniedException") => ServiceErrorKind::AccessDenied,
                Some("ValidationException") => ServiceErrorKind::Validation,
                Some("ResourceNotFoundException") => ServiceErrorKind::NotFound,
                Some("ConflictException") => ServiceErrorKind::Conflict,
                Some("ThrottlingException") => ServiceErrorKind::Throttled,
                Some("ServiceQuotaExceededException") => ServiceErrorKind::QuotaExceeded,
                Some("InternalServerException") => ServiceErrorKind::InternalServer,
                _ => ServiceErrorKind::Other,
            };
            (
                kind,
                code,
                e.message().map(str::to_owned),
                e.reason().map(str::to_owned),
            )
        }
        None => (ServiceErrorKind::NoResponse, None, None, None),
    };
    ServiceError(Box::new(ServiceErrorParts {
        operation,
        kind,
        code,
        message,
        reason,
        status,
        request_id,
        source: Box::new(error),
    }))
}
