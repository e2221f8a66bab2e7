//! Wire tests of ListModels: `POST /models`, success code 200; the only input member,
//! `clientCompatibilityVersion`, is a required query parameter, so there is no body.

mod common;

use common::*;
use nova_act_sdk::error::{HttpResponse, SdkError};
use nova_act_sdk::operation::list_models::{ListModelsError, ListModelsOutput};
use nova_act_sdk::types::ModelStatus;
use nova_act_sdk::Client;

const FULL: &str = r#"{
    "modelSummaries": [
        {"modelId": "nova-act-v1.0", "modelLifecycle": {"status": "ACTIVE"}, "minimumCompatibilityVersion": 1},
        {"modelId": "nova-act-v0.9", "modelLifecycle": {"status": "DEPRECATED"}, "minimumCompatibilityVersion": 0},
        {"modelId": "nova-act-v2.0-preview", "modelLifecycle": {"status": "PREVIEW"}, "minimumCompatibilityVersion": 3},
        {"modelId": "nova-act-v0.5", "modelLifecycle": {"status": "LEGACY"}, "minimumCompatibilityVersion": 0}
    ],
    "modelAliases": [
        {"aliasName": "nova-act-latest", "latestModelId": "nova-act-v1.0", "resolvedModelId": "nova-act-v1.0"},
        {"aliasName": "nova-act-preview", "latestModelId": "nova-act-v2.0-preview"}
    ],
    "compatibilityInformation": {
        "clientCompatibilityVersion": 2,
        "supportedModelIds": ["nova-act-v1.0", "nova-act-v0.9"],
        "message": "Upgrade to use preview models"
    }
}"#;

async fn send(
    client: &Client,
) -> Result<ListModelsOutput, SdkError<ListModelsError, HttpResponse>> {
    client
        .list_models()
        .client_compatibility_version(2)
        .send()
        .await
}

#[tokio::test]
async fn request_with_every_member() {
    let (client, http) = client(vec![json_response(200, FULL)]);
    send(&client).await.unwrap();
    let req = only_request(&http);
    assert_eq!(req.method(), "POST");
    assert_eq!(
        req.uri(),
        "http://localhost/models?clientCompatibilityVersion=2"
    );
    assert_no_body(&req);
}

#[tokio::test]
async fn negative_and_zero_versions_are_sent() {
    let (client, http) = client(vec![json_response(200, FULL), json_response(200, FULL)]);
    client
        .list_models()
        .client_compatibility_version(0)
        .send()
        .await
        .unwrap();
    client
        .list_models()
        .client_compatibility_version(-1)
        .send()
        .await
        .unwrap();
    let reqs = requests(&http);
    assert_eq!(
        reqs[0].uri(),
        "http://localhost/models?clientCompatibilityVersion=0"
    );
    assert_eq!(
        reqs[1].uri(),
        "http://localhost/models?clientCompatibilityVersion=-1"
    );
}

#[tokio::test]
async fn success_response_with_every_member() {
    let (client, _http) = client(vec![json_response(200, FULL)]);
    let out = send(&client).await.unwrap();

    let models = out.model_summaries();
    assert_eq!(models.len(), 4);
    assert_eq!(models[0].model_id(), "nova-act-v1.0");
    assert_eq!(
        models[0].model_lifecycle().unwrap().status(),
        &ModelStatus::Active
    );
    assert_eq!(models[0].minimum_compatibility_version(), 1);
    assert_eq!(
        models[1].model_lifecycle().unwrap().status(),
        &ModelStatus::Deprecated
    );
    assert_eq!(models[1].minimum_compatibility_version(), 0);
    assert_eq!(
        models[2].model_lifecycle().unwrap().status(),
        &ModelStatus::Preview
    );
    assert_eq!(models[2].minimum_compatibility_version(), 3);
    assert_eq!(
        models[3].model_lifecycle().unwrap().status(),
        &ModelStatus::Legacy
    );

    let aliases = out.model_aliases();
    assert_eq!(aliases.len(), 2);
    assert_eq!(aliases[0].alias_name(), "nova-act-latest");
    assert_eq!(aliases[0].latest_model_id(), "nova-act-v1.0");
    assert_eq!(aliases[0].resolved_model_id(), Some("nova-act-v1.0"));
    assert_eq!(aliases[1].alias_name(), "nova-act-preview");
    assert_eq!(aliases[1].latest_model_id(), "nova-act-v2.0-preview");
    assert_eq!(aliases[1].resolved_model_id(), None);

    let compat = out
        .compatibility_information()
        .expect("compatibility information is there");
    assert_eq!(compat.client_compatibility_version(), 2);
    assert_eq!(
        compat.supported_model_ids(),
        &["nova-act-v1.0".to_owned(), "nova-act-v0.9".to_owned()]
    );
    assert_eq!(compat.message(), Some("Upgrade to use preview models"));
}

#[tokio::test]
async fn access_denied_exception() {
    let (client, http) = client(vec![access_denied(Form::BodyCode)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_access_denied_exception(), "{err:?}");
    check_meta(
        &err,
        "AccessDeniedException",
        "User is not authorized to perform nova-act:Action",
        "req-ade",
    );
    match err {
        ListModelsError::AccessDeniedException(e) => check_access_denied(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn throttling_exception() {
    let (client, http) = client_no_retry(vec![throttling(Form::Header)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_throttling_exception(), "{err:?}");
    check_meta(&err, "ThrottlingException", "Rate exceeded", "req-throttle");
    match err {
        ListModelsError::ThrottlingException(e) => check_throttling(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn internal_server_exception() {
    let (client, http) = client_no_retry(vec![internal_error(Form::BodyCode)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(err.is_internal_server_exception(), "{err:?}");
    check_meta(
        &err,
        "InternalServerException",
        "Something broke",
        "req-ise",
    );
    match err {
        ListModelsError::InternalServerException(e) => check_internal_error(&e),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn unmodeled_error_is_kept_as_unhandled() {
    let (client, http) = client(vec![unmodeled()]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(matches!(err, ListModelsError::Unhandled(_)), "{err:?}");
    assert!(!err.is_access_denied_exception());
    check_meta(&err, "SomethingNew", "a brand new kind of error", "req-new");
    assert_eq!(requests(&http).len(), 1);
}

#[tokio::test]
async fn error_modeled_only_for_other_operations_is_unhandled() {
    let (client, _http) = client(vec![validation(Form::Header)]);
    let err = send(&client).await.unwrap_err().into_service_error();
    assert!(matches!(err, ListModelsError::Unhandled(_)), "{err:?}");
    check_meta(
        &err,
        "ValidationException",
        "1 validation error detected",
        "req-validation",
    );
}
