//! Idempotency tokens: filled when left unset, from the configured provider (a fixed token
//! here, as tests configure it), and kept when set by the caller.

use std::sync::{Arc, Mutex};

use aws_sdk_novaact::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_novaact::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_novaact::error::BoxError as InterceptorError;

use super::{client, BoxError, Env, Transcript};

/// Records the `clientToken` of each request body as it is about to be sent.
#[derive(Debug, Clone, Default)]
struct SentTokens(Arc<Mutex<Vec<String>>>);

impl Intercept for SentTokens {
    fn name(&self) -> &'static str {
        "SentTokens"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), InterceptorError> {
        let body = context.request().body().bytes().unwrap_or_default();
        let text = String::from_utf8_lossy(body);
        let token = text
            .split("\"clientToken\":\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or("none")
            .to_string();
        self.0.lock().unwrap().push(token);
        Ok(())
    }
}

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let sent = SentTokens::default();
    let config = client(env)
        .config()
        .to_builder()
        .idempotency_token_provider("00000000-0000-4000-8000-000000000042")
        .interceptor(sent.clone())
        .build();
    let client = aws_sdk_novaact::Client::from_conf(config);
    client
        .create_workflow_definition()
        .name("compat-token-a")
        .send()
        .await?;
    client
        .create_workflow_definition()
        .name("compat-token-b")
        .client_token("11111111-1111-4111-8111-111111111111")
        .send()
        .await?;
    let mut transcript = vec![format!("sent tokens: {:?}", sent.0.lock().unwrap())];
    // The same fixed token for another request with other members.
    let again = client
        .create_workflow_definition()
        .name("compat-token-c")
        .send()
        .await;
    transcript.push(format!(
        "same token, other request: {}",
        match again {
            Ok(out) => format!("ok {}", out.status().as_str()),
            Err(err) => format!(
                "{:?}",
                aws_sdk_novaact::error::ProvideErrorMetadata::code(&err)
            ),
        }
    ));
    Ok(transcript)
}
