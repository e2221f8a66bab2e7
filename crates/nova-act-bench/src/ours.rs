//! The workloads on `nova-act-sdk`.

use crate::{
    CannedHttp, Workload, ACT_ID, DEFINITION, ENDPOINT, PREVIOUS_STEP_ID, REGION, RUN_ID,
    SESSION_ID,
};
use nova_act_sdk::config::{Credentials, Region};
use nova_act_sdk::types::{CallResult, CallResultContent, ToolInputSchema, ToolSpec};
use nova_act_sdk::{Client, Config};

/// A client configured like the official one in [`crate::official::client`].
pub fn client(http: CannedHttp) -> Client {
    let config = Config::builder()
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new(
            "AKIDBENCHMARK",
            "benchmark-secret",
            None,
            None,
            "bench",
        ))
        .endpoint_url(ENDPOINT)
        .http_client(http)
        .build();
    Client::from_conf(config)
}

/// Inputs prepared once and cloned into each call, as an application would reuse them.
#[derive(Clone, Debug)]
pub struct Inputs {
    tool_specs: Vec<ToolSpec>,
    call_result: CallResult,
}

impl Default for Inputs {
    fn default() -> Self {
        let spec = |name: &str, description: &str, schema| {
            ToolSpec::builder()
                .name(name)
                .description(description)
                .input_schema(ToolInputSchema::Json(
                    nova_act_sdk::primitives::document_from_json(schema),
                ))
                .build()
                .expect("all required members are set")
        };
        Self {
            tool_specs: vec![
                spec(
                    "lookup_order",
                    "Looks up an order",
                    crate::lookup_order_schema(),
                ),
                spec(
                    "refund_order",
                    "Refunds part or all of an order",
                    crate::refund_order_schema(),
                ),
            ],
            // The result of a browser action of the previous step: `json.dumps(None)`.
            call_result: CallResult::builder()
                .call_id(format!("{PREVIOUS_STEP_ID}.0"))
                .content(CallResultContent::Text("null".to_owned()))
                .build()
                .expect("all required members are set"),
        }
    }
}

/// Makes one call of `workload` and returns the number of items in its response, so a caller
/// can check the response was read.
pub async fn call(client: &Client, inputs: &Inputs, workload: Workload) -> usize {
    match workload {
        Workload::GetWorkflowRun => {
            let out = client
                .get_workflow_run()
                .workflow_definition_name(DEFINITION)
                .workflow_run_id(RUN_ID)
                .send()
                .await
                .expect("GetWorkflowRun succeeds");
            out.workflow_run_id().len()
        }
        Workload::CreateAct => {
            let out = client
                .create_act()
                .workflow_definition_name(DEFINITION)
                .workflow_run_id(RUN_ID)
                .session_id(SESSION_ID)
                .task("Buy the cheapest blue umbrella")
                .set_tool_specs(Some(inputs.tool_specs.clone()))
                .client_token("0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9")
                .send()
                .await
                .expect("CreateAct succeeds");
            out.act_id().len()
        }
        Workload::InvokeActStep => {
            let out = client
                .invoke_act_step()
                .workflow_definition_name(DEFINITION)
                .workflow_run_id(RUN_ID)
                .session_id(SESSION_ID)
                .act_id(ACT_ID)
                .call_results(inputs.call_result.clone())
                .previous_step_id(PREVIOUS_STEP_ID)
                .send()
                .await
                .expect("InvokeActStep succeeds");
            out.calls().len()
        }
        Workload::ListWorkflowRuns => {
            let out = client
                .list_workflow_runs()
                .workflow_definition_name(DEFINITION)
                .max_results(100)
                .send()
                .await
                .expect("ListWorkflowRuns succeeds");
            out.workflow_run_summaries().len()
        }
    }
}
