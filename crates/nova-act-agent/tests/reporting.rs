//! Failures are never masked by a failing `UpdateAct`, and every request says it comes from
//! an SDK.

mod common;

use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use nova_act_agent::{Error, Workflow};
use nova_act_sdk::Client;

const SCENARIO: &str = r#"
rules:
  - task: "^Quick"
    steps:
      - return: "done"
  - task: "^Give up"
    steps:
      - throw: "Nothing to do"
"#;

/// Refuses every `UpdateAct` before it is sent, and notes the `X-Client-Source` header of
/// every request.
#[derive(Debug, Default, Clone)]
struct Wire {
    client_sources: Arc<Mutex<Vec<Option<String>>>>,
    refuse_update_act: bool,
}

impl Intercept for Wire {
    fn name(&self) -> &'static str {
        "Wire"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request();
        let source = request.headers().get("x-client-source").map(str::to_owned);
        self.client_sources.lock().unwrap().push(source);
        // UpdateAct is the only PUT on `.../acts/{actId}` without a further segment.
        let uri = request.uri();
        let path = uri.split('?').next().unwrap_or_default();
        let is_update_act = path
            .rsplit_once("/acts/")
            .is_some_and(|(_, rest)| !rest.trim_end_matches('/').contains('/'));
        if self.refuse_update_act && is_update_act {
            return Err("UpdateAct refused by the test".into());
        }
        Ok(())
    }
}

fn with_interceptor(emulator: &common::Emulator, wire: Wire) -> Client {
    Client::from_conf(
        emulator
            .client
            .config()
            .to_builder()
            .interceptor(wire)
            .build(),
    )
}

#[tokio::test]
async fn a_failing_update_act_never_masks_the_outcome() {
    let emulator = common::start(SCENARIO).await;
    let wire = Wire {
        refuse_update_act: true,
        ..Wire::default()
    };
    let client = with_interceptor(&emulator, wire);
    let workflow = Workflow::builder(&client, common::DEFINITION)
        .start()
        .await
        .unwrap();
    let session = workflow.session().start().await.unwrap();

    // The act failed: that is what the caller gets, not the report's failure.
    let failed = session.act("Give up").await.unwrap_err();
    assert!(
        matches!(&failed, Error::AgentFailed { message } if message == "Nothing to do"),
        "{failed:?}"
    );

    // The act succeeded but could not be reported: the answer is kept.
    let unreported = session.act("Quick").await.unwrap_err();
    match &unreported {
        Error::Unreported { answer, source } => {
            assert_eq!(answer.as_deref(), Some("done"));
            assert_eq!(source.operation(), "UpdateAct");
        }
        other => panic!("expected Unreported, got {other:?}"),
    }
    assert!(emulator.requests("UpdateAct").is_empty());
}

#[tokio::test]
async fn every_request_of_the_agent_says_it_comes_from_an_sdk() {
    let emulator = common::start(SCENARIO).await;
    let wire = Wire::default();
    let client = with_interceptor(&emulator, wire.clone());
    Workflow::builder(&client, common::DEFINITION)
        .run(|workflow| async move {
            let session = workflow.session().start().await?;
            session.act("Quick").await
        })
        .await
        .unwrap();
    let sources = wire.client_sources.lock().unwrap().clone();
    // CreateWorkflowRun, CreateSession, CreateAct, InvokeActStep, UpdateAct, UpdateWorkflowRun.
    assert_eq!(sources, vec![Some("sdk".to_owned()); 6]);
}
