//! An interceptor added through the configuration: it reads each operation's input (every
//! input member is an `Option`) and adds a header before signing; a second one is pushed
//! onto a builder.

use std::sync::{Arc, Mutex};

use aws_sdk_novaact::config::interceptors::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextMut,
};
use aws_sdk_novaact::config::{ConfigBag, Intercept, RuntimeComponents, SharedInterceptor};
use aws_sdk_novaact::error::BoxError as InterceptorError;
use aws_sdk_novaact::operation::create_workflow_definition::CreateWorkflowDefinitionInput;
use aws_sdk_novaact::operation::get_workflow_definition::GetWorkflowDefinitionInput;

use super::{client, BoxError, Env, Transcript};

#[derive(Debug, Clone, Default)]
struct RecordInputs(Arc<Mutex<Vec<String>>>);

impl Intercept for RecordInputs {
    fn name(&self) -> &'static str {
        "RecordInputs"
    }

    fn read_before_execution(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        _cfg: &mut ConfigBag,
    ) -> Result<(), InterceptorError> {
        let input = context.input();
        let line = if let Some(create) = input.downcast_ref::<CreateWorkflowDefinitionInput>() {
            format!(
                "create name={:?} description={:?}",
                create.name(),
                create.description()
            )
        } else if let Some(get) = input.downcast_ref::<GetWorkflowDefinitionInput>() {
            format!("get name={:?}", get.workflow_definition_name())
        } else {
            "other input".to_string()
        };
        self.0.lock().unwrap().push(line);
        Ok(())
    }
}

#[derive(Debug)]
struct TagRequests;

impl Intercept for TagRequests {
    fn name(&self) -> &'static str {
        "TagRequests"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), InterceptorError> {
        context
            .request_mut()
            .headers_mut()
            .insert("x-compat-program", "interceptors");
        Ok(())
    }
}

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let record = RecordInputs::default();
    let mut builder = client(env)
        .config()
        .to_builder()
        .interceptor(record.clone());
    builder.push_interceptor(SharedInterceptor::new(TagRequests));
    let config = builder.build();
    let mut transcript = vec![format!("interceptors: {}", config.interceptors().count())];
    let client = aws_sdk_novaact::Client::from_conf(config);
    client
        .create_workflow_definition()
        .name("compat-intercepted")
        .send()
        .await?;
    client
        .get_workflow_definition()
        .workflow_definition_name("compat-intercepted")
        .send()
        .await?;
    transcript.extend(record.0.lock().unwrap().iter().cloned());
    Ok(transcript)
}
