//! Retry and request settings beyond the retry configuration: a retry classifier of the
//! application's own (here retrying a conflict), clock skew correction turned off, and a
//! fixed invocation id, on canned responses.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_runtime::invocation_id::{InvocationId, InvocationIdGenerator};
use aws_sdk_novaact::config::interceptors::{
    BeforeTransmitInterceptorContextRef, InterceptorContext,
};
use aws_sdk_novaact::config::retry::{ClassifyRetry, RetryAction, RetryConfig};
use aws_sdk_novaact::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_novaact::error::BoxError as InterceptorError;
use aws_smithy_http_client::test_util::StaticReplayClient;
use aws_smithy_types::retry::ErrorKind;

use super::{canned, client, BoxError, Env, Transcript};

/// Retries any 409 answer.
#[derive(Debug)]
struct RetryConflicts;

impl ClassifyRetry for RetryConflicts {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        match ctx.response().map(|r| r.status().as_u16()) {
            Some(409) => RetryAction::retryable_error(ErrorKind::TransientError),
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "RetryConflicts"
    }
}

#[derive(Debug)]
struct FixedInvocationId;

impl InvocationIdGenerator for FixedInvocationId {
    fn generate(&self) -> Result<Option<InvocationId>, InterceptorError> {
        Ok(Some(InvocationId::new(
            "00000000-0000-4000-8000-00000000cafe".to_string(),
        )))
    }
}

/// Records the invocation id header of each attempt.
#[derive(Debug, Clone, Default)]
struct SeenIds(Arc<Mutex<Vec<String>>>);

impl Intercept for SeenIds {
    fn name(&self) -> &'static str {
        "SeenIds"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), InterceptorError> {
        let id = context
            .request()
            .headers()
            .get("amz-sdk-invocation-id")
            .unwrap_or("none")
            .to_string();
        self.0.lock().unwrap().push(id);
        Ok(())
    }
}

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let mut transcript = Transcript::new();
    let conflict = r#"{"message":"busy","resourceId":"flow","resourceType":"WorkflowDefinition"}"#;
    for with_classifier in [false, true] {
        let http = StaticReplayClient::new(vec![
            canned(409, Some("ConflictException"), conflict),
            canned(200, None, r#"{"status":"DELETING"}"#),
        ]);
        let seen = SeenIds::default();
        let mut builder = client(env)
            .config()
            .to_builder()
            .http_client(http.clone())
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(2)
                    .with_initial_backoff(Duration::from_millis(1)),
            )
            .disable_clock_skew_correction(true)
            .invocation_id_generator(FixedInvocationId)
            .interceptor(seen.clone());
        if with_classifier {
            builder = builder.retry_classifier(RetryConflicts);
        }
        let config = builder.build();
        transcript.push(format!(
            "clock skew correction off: {:?}, classifiers added: {}",
            config.disable_clock_skew_correction(),
            config.retry_classifiers().count() > 0
        ));
        let client = aws_sdk_novaact::Client::from_conf(config);
        let result = client
            .delete_workflow_definition()
            .workflow_definition_name("flow")
            .send()
            .await;
        transcript.push(format!(
            "classifier {with_classifier}: {} after {} requests, invocation ids {:?}",
            match result {
                Ok(out) => format!("ok {}", out.status().as_str()),
                Err(err) => format!(
                    "{:?}",
                    aws_sdk_novaact::error::ProvideErrorMetadata::code(&err)
                ),
            },
            http.actual_requests().count(),
            seen.0.lock().unwrap()
        ));
    }
    Ok(transcript)
}
