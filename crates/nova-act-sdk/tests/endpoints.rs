//! The endpoint test cases of the model (`smithy.rules#endpointTests` on the service shape)
//! run against the resolver compiled from its rule set, and through a client's configuration.

use nova_act_sdk::config::endpoint::{resolve, Params};

fn test_cases() -> Vec<serde_json::Value> {
    let model: serde_json::Value =
        serde_json::from_str(include_str!("../../../model/nova-act.json"))
            .expect("the model is JSON");
    let shapes = model["shapes"].as_object().expect("shapes");
    let service = shapes
        .values()
        .find(|s| s["type"] == "service")
        .expect("a service shape");
    service["traits"]["smithy.rules#endpointTests"]["testCases"]
        .as_array()
        .expect("endpoint test cases")
        .clone()
}

fn params(case: &serde_json::Value) -> Params {
    let p = &case["params"];
    let mut params = Params::default();
    params.region = p["Region"].as_str().map(str::to_owned);
    params.endpoint = p["Endpoint"].as_str().map(str::to_owned);
    if let Some(fips) = p["UseFIPS"].as_bool() {
        params.use_fips = fips;
    }
    if let Some(dual) = p["UseDualStack"].as_bool() {
        params.use_dual_stack = dual;
    }
    params
}

#[test]
fn all_model_endpoint_cases_pass() {
    let cases = test_cases();
    assert_eq!(
        cases.len(),
        26,
        "the model carries the service's 26 endpoint cases"
    );
    let mut failures = Vec::new();
    for case in &cases {
        let doc = case["documentation"].as_str().unwrap_or("?");
        let result = resolve(&params(case));
        match (
            &case["expect"]["endpoint"]["url"],
            &case["expect"]["error"],
            result,
        ) {
            (serde_json::Value::String(url), _, Ok(endpoint)) if endpoint.url() == url => {}
            (_, serde_json::Value::String(error), Err(err)) if err.to_string() == *error => {}
            (_, _, got) => {
                failures.push(format!("{doc}: expected {}, got {got:?}", case["expect"]))
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn client_configuration_drives_endpoint_resolution() {
    use aws_smithy_http_client::test_util::capture_request;
    use nova_act_sdk::config::{Credentials, Region};

    let cases = [
        (Some("eu-central-1"), false, false, None, Ok("https://nova-act.eu-central-1.amazonaws.com/models?clientCompatibilityVersion=1")),
        (Some("us-gov-west-1"), true, false, None, Ok("https://nova-act-fips.us-gov-west-1.amazonaws.com/models?clientCompatibilityVersion=1")),
        (Some("us-east-1"), false, true, None, Ok("https://nova-act.us-east-1.api.aws/models?clientCompatibilityVersion=1")),
        (Some("us-east-1"), false, false, Some("http://127.0.0.1:9/base"), Ok("http://127.0.0.1:9/base/models?clientCompatibilityVersion=1")),
        (None, false, false, None, Err("Missing Region")),
        (Some("us-east-1"), true, false, Some("http://127.0.0.1:9"), Err("FIPS and custom endpoint are not supported")),
    ];
    for (region, fips, dual, endpoint, expected) in cases {
        let (http, request) = capture_request(Some(
            http::Response::builder()
                .status(200)
                .body(
                    r#"{"modelSummaries":[],"modelAliases":[],"compatibilityInformation":{"clientCompatibilityVersion":1,"supportedModelIds":[]}}"#.into(),
                )
                .unwrap(),
        ));
        let mut builder = nova_act_sdk::Config::builder()
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
            .http_client(http)
            .use_fips(fips)
            .use_dual_stack(dual);
        builder.set_region(region.map(Region::new));
        builder.set_endpoint_url(endpoint.map(str::to_owned));
        let client = nova_act_sdk::Client::from_conf(builder.build());
        let result = client
            .list_models()
            .client_compatibility_version(1)
            .send()
            .await;
        match expected {
            Ok(url) => {
                let output = result.expect("the call succeeds");
                assert_eq!(
                    output
                        .compatibility_information()
                        .map(|c| c.client_compatibility_version()),
                    Some(1)
                );
                assert_eq!(request.expect_request().uri(), url);
            }
            Err(message) => {
                let err = result.expect_err("endpoint resolution fails");
                let text = format!("{}", nova_act_sdk::error::DisplayErrorContext(&err));
                assert!(text.contains(message), "{text}");
                request.expect_no_request();
            }
        }
    }
}
