//! Side-by-side benchmarks of `nova-act-sdk` and the official `aws-sdk-novaact` crate.
//!
//! Both clients are configured the same way (region, static credentials, an endpoint URL, the
//! standard retry strategy) and answer from the same in-memory HTTP client ([`CannedHttp`]),
//! which returns a canned response without touching the network. A call therefore costs what
//! the SDK itself costs: building the input, serializing, signing, the orchestration, and
//! deserializing the response.
//!
//! The four workloads ([`Workload`]) are the ones `BENCHMARKS.md` reports:
//! GetWorkflowRun, CreateAct with two user tool specs, InvokeActStep answered with 20 calls
//! (browser actions with positional array inputs, user tool calls with object inputs, closing
//! with `waitForPageToSettle` and `takeObservation`, as the service names and shapes them) and
//! ListWorkflowRuns answered with a 100-item page.

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;
use std::fmt::Write as _;

pub mod official;
pub mod ours;

/// The region both clients are configured with.
pub const REGION: &str = "us-east-1";
/// The endpoint both clients send to (nothing is sent: the HTTP client is in memory).
pub const ENDPOINT: &str = "https://nova-act.us-east-1.amazonaws.com";
/// The workflow definition every request names.
pub const DEFINITION: &str = "checkout-flow";
/// The workflow run every request names.
pub const RUN_ID: &str = "0f0e0d0c-0b0a-4998-8776-655443322110";
/// The session every request names.
pub const SESSION_ID: &str = "1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d";
/// The act every request names.
pub const ACT_ID: &str = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
/// The step the InvokeActStep request answers: its `previousStepId`, and the prefix of the
/// call id its result carries.
pub const PREVIOUS_STEP_ID: &str = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f";
/// The step the canned InvokeActStep response returns: the prefix of its 20 call ids.
pub const STEP_ID: &str = "3d4e5f60-7b8c-4d9e-8f01-2b3c4d5e6f70";

/// An HTTP client that answers every request with the same canned response.
#[derive(Clone, Debug)]
pub struct CannedHttp {
    connector: SharedHttpConnector,
}

#[derive(Clone, Debug)]
struct CannedConnector {
    status: u16,
    body: Bytes,
}

impl CannedHttp {
    /// Answers every request with `status` and the JSON `body`.
    pub fn new(status: u16, body: impl Into<Bytes>) -> Self {
        Self {
            connector: SharedHttpConnector::new(CannedConnector {
                status,
                body: body.into(),
            }),
        }
    }

    /// Answers with the canned 2xx response of `workload`.
    pub fn for_workload(workload: Workload) -> Self {
        Self::new(workload.status(), workload.response_body())
    }
}

impl HttpConnector for CannedConnector {
    fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
        let mut response = HttpResponse::new(
            self.status
                .try_into()
                .expect("canned status codes are valid"),
            SdkBody::from(self.body.clone()),
        );
        response
            .headers_mut()
            .insert("content-type", "application/json");
        response
            .headers_mut()
            .insert("x-amzn-requestid", "5b1d3c9e-8a7f-4e21-b6d0-1c2e3f4a5b6c");
        HttpConnectorFuture::ready(Ok(response))
    }
}

impl HttpClient for CannedHttp {
    fn http_connector(
        &self,
        _settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        self.connector.clone()
    }
}

/// One benchmarked call: an operation, its input and its canned response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    /// GetWorkflowRun with a full response.
    GetWorkflowRun,
    /// CreateAct with two user tool specs whose input schemas are JSON documents.
    CreateAct,
    /// InvokeActStep with one call result (a browser action's `"null"`), answered with 20
    /// calls: browser actions with positional array inputs and user tool calls with object
    /// inputs, ending with `waitForPageToSettle` and `takeObservation`.
    InvokeActStep,
    /// ListWorkflowRuns answered with a page of 100 run summaries.
    ListWorkflowRuns,
}

impl Workload {
    /// Every workload, in report order.
    pub const ALL: [Workload; 4] = [
        Workload::GetWorkflowRun,
        Workload::CreateAct,
        Workload::InvokeActStep,
        Workload::ListWorkflowRuns,
    ];

    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Workload::GetWorkflowRun => "GetWorkflowRun",
            Workload::CreateAct => "CreateAct (2 tool specs)",
            Workload::InvokeActStep => "InvokeActStep (20 calls)",
            Workload::ListWorkflowRuns => "ListWorkflowRuns (100 runs)",
        }
    }

    /// A short identifier for benchmark ids.
    pub fn id(self) -> &'static str {
        match self {
            Workload::GetWorkflowRun => "get_workflow_run",
            Workload::CreateAct => "create_act",
            Workload::InvokeActStep => "invoke_act_step",
            Workload::ListWorkflowRuns => "list_workflow_runs",
        }
    }

    /// The HTTP status of the canned response (the operation's modeled success code).
    pub fn status(self) -> u16 {
        match self {
            Workload::CreateAct => 201,
            _ => 200,
        }
    }

    /// The canned response body.
    pub fn response_body(self) -> String {
        match self {
            Workload::GetWorkflowRun => format!(
                r#"{{"workflowRunArn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/{DEFINITION}/workflow-run/{RUN_ID}","workflowRunId":"{RUN_ID}","status":"RUNNING","startedAt":"2025-11-21T00:00:00.125Z","modelId":"nova-act-v1","logGroupName":"/nova-act/checkout-flow"}}"#
            ),
            Workload::CreateAct => format!(r#"{{"actId":"{ACT_ID}","status":"RUNNING"}}"#),
            Workload::InvokeActStep => {
                let mut calls = String::new();
                for i in 0..20 {
                    if i > 0 {
                        calls.push(',');
                    }
                    // Targets are `<box>top,left,bottom,right</box>` in CSS pixels of the
                    // 1600x813 viewport.
                    let top = 100 + 30 * i;
                    let bottom = top + 24;
                    let (name, input) = match i {
                        18 => ("waitForPageToSettle", "[]".to_owned()),
                        19 => ("takeObservation", "[]".to_owned()),
                        _ => match i % 6 {
                            0 | 3 => (
                                "agentClick",
                                format!(
                                    r#"["<box>{top},{left},{bottom},{right}</box>",{{"clickType":"left"}}]"#,
                                    left = 40 + 10 * i,
                                    right = 320 + 10 * i,
                                ),
                            ),
                            1 => (
                                "agentType",
                                format!(
                                    r#"["order {i:04} for Jane Doe","<box>{top},400,{bottom},900</box>",{{"pressEnter":false}}]"#
                                ),
                            ),
                            2 => (
                                "agentScroll",
                                r#"["down","<box>0,0,813,1600</box>"]"#.to_owned(),
                            ),
                            4 => (
                                "lookup_order",
                                format!(
                                    r#"{{"orderId":"ORD-{i:06}","fields":["status","total","items"],"includeHistory":true}}"#
                                ),
                            ),
                            _ => (
                                "refund_order",
                                format!(
                                    r#"{{"orderId":"ORD-{i:06}","amountCents":{amount},"reason":"damaged in transit"}}"#,
                                    amount = 1299 + i,
                                ),
                            ),
                        },
                    };
                    write!(
                        calls,
                        r#"{{"callId":"{STEP_ID}.{i}","name":"{name}","input":{input}}}"#
                    )
                    .expect("writing to a String cannot fail");
                }
                format!(r#"{{"calls":[{calls}],"stepId":"{STEP_ID}"}}"#)
            }
            Workload::ListWorkflowRuns => {
                let mut runs = String::new();
                for i in 0..100 {
                    if i > 0 {
                        runs.push(',');
                    }
                    let id = format!("0f0e0d0c-0b0a-4998-8776-{i:012}");
                    let ended = if i % 2 == 0 {
                        r#","endedAt":"2025-11-21T01:00:00.5Z""#
                    } else {
                        ""
                    };
                    let status = if i % 2 == 0 { "SUCCEEDED" } else { "RUNNING" };
                    write!(
                        runs,
                        r#"{{"workflowRunArn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/{DEFINITION}/workflow-run/{id}","workflowRunId":"{id}","status":"{status}","startedAt":"2025-11-21T00:00:00Z"{ended},"traceLocation":{{"locationType":"S3","location":"s3://traces/{id}"}}}}"#
                    )
                    .expect("writing to a String cannot fail");
                }
                format!(r#"{{"workflowRunSummaries":[{runs}],"nextToken":"page-2"}}"#)
            }
        }
    }
}

/// The JSON schema document of the first benchmark tool spec, the user tool `lookup_order`.
pub fn lookup_order_schema() -> serde_json::Value {
    serde_json::json!({
        "type": "object",
        "properties": {
            "orderId": {"type": "string"},
            "fields": {"type": "array", "items": {"type": "string"}},
            "includeHistory": {"type": "boolean"}
        },
        "required": ["orderId"]
    })
}

/// The JSON schema document of the second benchmark tool spec, the user tool `refund_order`.
pub fn refund_order_schema() -> serde_json::Value {
    serde_json::json!({
        "type": "object",
        "properties": {
            "orderId": {"type": "string", "description": "The order to refund"},
            "amountCents": {"type": "integer", "minimum": 0},
            "reason": {"type": "string"}
        },
        "required": ["orderId", "amountCents"]
    })
}

/// A single-threaded Tokio runtime, as used by every per-call measurement.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime starts")
}
