//! Seed inputs of every target, built from valid data (the response samples, requests the
//! SDK sends, a signed request, the scenario of the crate docs, the act protocol's texts), so
//! that the fuzzer starts from inputs that go deep.

use response_mutator::harness::{Op, Response};
use response_mutator::samples;

use crate::{encode_response, status_selector, STEP_ID};

fn response_seed(first: u8, response: &Response) -> Vec<u8> {
    let mut out = vec![first];
    out.extend(encode_response(status_selector(response.status), response));
    out
}

fn responses() -> Vec<(u8, Response)> {
    let mut out = Vec::new();
    for (i, &op) in Op::ALL.iter().enumerate() {
        out.push((i as u8, samples::success(op)));
        for e in 0..samples::error_count() {
            let mut error = samples::error(e);
            if e % 4 == 0 {
                error.set_header("date", "\x00");
            }
            out.push((i as u8, error));
        }
    }
    out
}

const OBSERVATION: &str = r#"{"activeURL":"https://example.com/flights","browserDimensions":{"scrollHeight":2400,"scrollLeft":0,"scrollTop":0,"scrollWidth":1600,"windowHeight":813,"windowWidth":1600},"idToBboxMap":{},"screenshotBase64":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==","simplifiedDOM":"<html></html>","timestamp_ms":1763683200125,"userAgent":"Mozilla/5.0 Agent-NovaAct/0.9"}"#;

const SCENARIO_YAML: &str = r#"rules:
  - task: "(?i)sign up"
    on_mismatch: fail
    steps:
      - expect_observation:
          url_matches: "/form$"
          width: 1600
          height: 813
        calls:
          - name: agentType
            input: ["alice", "<box>100,20,130,300</box>", { pressEnter: false }]
          - name: agentClick
            input: ["<box>200,20,230,120</box>", { clickType: left }]
      - calls:
          - name: lookup_price
            input: { route: "LIS" }
            expect: { json: "129 EUR" }
      - calls:
          - name: human_Approve
            input: { message: "Buy at {{result.0}}?" }
            expect: { equals: "yes" }
      - expect_observation: { url_matches: "/done\\?name=alice" }
        return: "Signed up; fare {{result.0}}"
  - task: "impossible"
    steps:
      - throw: "I cannot do that"
  - task: "."
    on_mismatch: reject
    steps:
      - calls: [{name: a, input: {q: "x"}, expect: {contains: "ok", matches: "^o"}}]
      - calls: [{name: b, input: {previous: "got {{result.0}}"}}]
        observe: false
      - return: {answer: "{{result.0}}"}
"#;

const REQUESTS: &[&str] = &[
    "PUT /workflow-definitions\ncontent-type: application/json\n\n{\"name\":\"checkout\",\"description\":\"d\",\"exportConfig\":{\"s3BucketName\":\"bucket\",\"s3KeyPrefix\":\"p\"},\"clientToken\":\"tok-1\"}",
    "GET /workflow-definitions/checkout\n\n",
    "POST /workflow-definitions?maxResults=1&sortOrder=Descending\n\n{}",
    "PUT /workflow-definitions/checkout/workflow-runs\ncontent-type: application/json\n\n{\"modelId\":\"nova-act-latest\",\"clientInfo\":{\"compatibilityVersion\":1},\"clientToken\":\"tok-2\",\"logGroupName\":\"/aws/x\"}",
    "POST /workflow-definitions/checkout/workflow-runs?maxResults=2\n\n{}",
    "POST /models?clientCompatibilityVersion=1\n\n",
    "POST /workflow-definitions/checkout/acts?sortOrder=Ascending\n\n{}",
    "DELETE /workflow-definitions/checkout\n\n",
    "PUT /workflow-definitions/checkout/workflow-runs/11111111-2222-4333-8444-555555555555/sessions\n\n{}",
    "PUT /workflow-definitions/checkout/workflow-runs/11111111-2222-4333-8444-555555555555/sessions/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee/acts\n\n{\"task\":\"Buy\",\"toolSpecs\":[{\"name\":\"lookup\",\"description\":\"d\",\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":{\"route\":{\"type\":\"string\",\"minLength\":3},\"n\":{\"type\":\"integer\",\"minimum\":2},\"tags\":{\"type\":\"array\",\"minItems\":2,\"items\":{\"enum\":[\"a\"]}}}}}}]}",
];

/// The seeds of `target`.
pub fn seeds(target: &str) -> Vec<Vec<u8>> {
    match target {
        "deserialize" | "client_response" => responses()
            .iter()
            .map(|(first, response)| response_seed(*first, response))
            .collect(),
        "error_code" => (0..samples::error_count())
            .map(|e| {
                let response = samples::error(e);
                let header = response
                    .headers
                    .iter()
                    .find(|(n, _)| n == "x-amzn-errortype")
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                let mut out = header;
                out.push(b'\n');
                out.push((response.status - 400) as u8);
                out.extend_from_slice(&response.body);
                out
            })
            .collect(),
        "pagination" => {
            let lists = [
                Op::ListActs,
                Op::ListSessions,
                Op::ListWorkflowDefinitions,
                Op::ListWorkflowRuns,
            ];
            lists
                .iter()
                .enumerate()
                .map(|(which, &op)| {
                    let page = samples::success(op);
                    let body =
                        String::from_utf8(page.body.clone()).expect("sample bodies are UTF-8");
                    let mut out = vec![which as u8];
                    let variants = [
                        body.clone(),
                        body.replace("-2", "-3"),
                        // The token just sent, handed back again: the stream must stop.
                        body.replace("-2", "-3"),
                        body.replace(",\"nextToken\"", ",\"other\""),
                    ];
                    for (i, variant) in variants.iter().enumerate() {
                        if i > 0 {
                            out.extend_from_slice(b"\n===\n");
                        }
                        let mut response = page.clone();
                        response.body = variant.clone().into_bytes();
                        out.extend(encode_response(status_selector(200), &response));
                    }
                    out
                })
                .collect()
        }
        "endpoint" => {
            let regions = [
                "us-east-1",
                "us-gov-west-1",
                "cn-north-1",
                "eu-central-1",
                "us-iso-east-1",
                "aws-global",
                "fips-us-east-1",
                "",
                "a..b",
            ];
            let urls = [
                "https://example.com",
                "http://localhost:8080/path?x=1",
                "",
                "not a url",
                "https://[::1]:443",
            ];
            let mut out = Vec::new();
            for (i, region) in regions.iter().enumerate() {
                for (j, url) in urls.iter().enumerate() {
                    let flags = ((i + j) % 4) as u8
                        | 4
                        | if j == 0 { 8 } else { 0 }
                        | if i == 0 { 16 } else { 0 };
                    out.push(
                        format!("{}{region}\n{url}\n\x00\x05\x03", flags as char).into_bytes(),
                    );
                }
            }
            out
        }
        "emulator_request" => {
            let mut all = REQUESTS.join("\n===\n").into_bytes();
            let mut out: Vec<Vec<u8>> = REQUESTS.iter().map(|r| r.as_bytes().to_vec()).collect();
            out.push(std::mem::take(&mut all));
            out
        }
        "sigv4" => {
            let mut out = Vec::new();
            for flags in [1u8, 3, 5] {
                for request in REQUESTS {
                    let mut seed = vec![flags];
                    seed.extend_from_slice(request.as_bytes());
                    out.push(seed);
                }
            }
            let mut forged = vec![0u8];
            forged.extend_from_slice(b"GET /workflow-definitions/checkout\nhost: localhost:8080\nx-amz-date: 20250822T101112Z\nauthorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250822/us-east-1/nova-act/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000\n\n");
            out.push(forged);
            out
        }
        "scenario" => {
            let yaml = SCENARIO_YAML.to_string();
            let json = r#"{"rules":[{"task":"(?i)buy","steps":[{"calls":[{"name":"lookup","input":{"q":"{{result.0}}"},"expect":{"equals":"x","json":{"a":1}}}]},{"return":"done {{result.1}}"}]}]}"#;
            vec![
                [&[0u8][..], yaml.as_bytes()].concat(),
                [&[1u8][..], json.as_bytes()].concat(),
            ]
        }
        "act_protocol" => {
            let step = STEP_ID;
            let first = format!(
                r#"[{{"callId":"initiateAct","content":[{{"text":"{{}}"}}]}},{{"callId":"takeObservation","content":[{{"text":{}}}]}}]"#,
                serde_json::Value::String(OBSERVATION.into())
            );
            let later = format!(
                r#"[{{"callId":"{step}.1","content":[{{"text":"null"}}]}},{{"callId":"{step}.0","content":[{{"text":"AgentRedirectError: go"}}]}},{{"callId":"{step}.2","content":[{{"text":{}}}]}}]"#,
                serde_json::Value::String(OBSERVATION.into())
            );
            vec![
                [&[0u8, 0, 0][..], b"\"yes\""].concat(),
                [&[0u8, 0, 0][..], b"AgentRedirectError: elsewhere"].concat(),
                [&[1u8, 0, 0][..], OBSERVATION.as_bytes()].concat(),
                [&[2u8, 0, 0][..], first.as_bytes()].concat(),
                [&[3u8, 3, 1][..], later.as_bytes()].concat(),
                [&[4u8, 0, 0][..], br#"{"type":"object","properties":{"a":{"type":"string","minLength":5,"maxLength":6},"b":{"anyOf":[{"type":"integer","minimum":3}]},"c":{"type":"array","minItems":3,"items":{"const":1}}}}"#].concat(),
            ]
        }
        _ => Vec::new(),
    }
}
