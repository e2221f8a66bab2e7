//! One call customized: an interceptor and a request change for that call alone, a
//! configuration override, and a request mapping that fails the call.

use std::sync::{Arc, Mutex};

use aws_sdk_novaact::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_novaact::config::retry::RetryConfig;
use aws_sdk_novaact::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_novaact::error::{BoxError as InterceptorError, SdkError};

use super::{client, BoxError, Env, Transcript};

/// Records the custom header of each request as it is about to be sent.
#[derive(Debug, Clone, Default)]
struct SeenHeaders(Arc<Mutex<Vec<Option<String>>>>);

impl Intercept for SeenHeaders {
    fn name(&self) -> &'static str {
        "SeenHeaders"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), InterceptorError> {
        let value = context
            .request()
            .headers()
            .get("x-compat-customized")
            .map(str::to_string);
        self.0.lock().unwrap().push(value);
        Ok(())
    }
}

#[derive(Debug)]
struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("refused by map_request")
    }
}

impl std::error::Error for Refused {}

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let client = client(env);
    let mut transcript = Transcript::new();
    let seen = SeenHeaders::default();
    let models = client
        .list_models()
        .client_compatibility_version(1)
        .customize()
        .interceptor(seen.clone())
        .mutate_request(|request| {
            request.headers_mut().insert("x-compat-customized", "yes");
        })
        .config_override(aws_sdk_novaact::Config::builder().retry_config(RetryConfig::disabled()))
        .send()
        .await?;
    transcript.push(format!("models: {}", models.model_summaries().len()));
    // The same client without customization: the per-call interceptor is gone.
    client
        .list_models()
        .client_compatibility_version(1)
        .send()
        .await?;
    transcript.push(format!("seen: {:?}", seen.0.lock().unwrap()));

    let refused = client
        .list_workflow_definitions()
        .customize()
        .map_request(|_request| Err::<aws_sdk_novaact::config::http::HttpRequest, _>(Refused))
        .send()
        .await;
    let kind = match &refused {
        Ok(_) => "ok",
        Err(SdkError::ConstructionFailure(_)) => "construction",
        Err(SdkError::DispatchFailure(_)) => "dispatch",
        Err(_) => "other",
    };
    transcript.push(format!("refused: {kind}"));
    Ok(transcript)
}
