//! Valid responses of every operation, the starting points of the mutations: each operation's
//! success body (every member the model gives it, as in the wire tests) and the modeled and
//! unmodeled errors in the three forms restJson1 services name them.

use crate::harness::{Op, Response};

const RUN_ARN: &str =
    "arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout/workflow-run/11111111-2222-4333-8444-555555555555";

/// The success status and body of `op`, with every member the model gives its output.
pub fn success(op: Op) -> Response {
    let (status, body): (u16, String) = match op {
        Op::CreateAct => (
            201,
            r#"{"actId":"99999999-8888-4777-8666-555555555555","status":"RUNNING"}"#.into(),
        ),
        Op::CreateSession => (
            201,
            r#"{"sessionId":"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"}"#.into(),
        ),
        Op::CreateWorkflowDefinition => (201, r#"{"status":"ACTIVE"}"#.into()),
        Op::CreateWorkflowRun => (
            201,
            r#"{"workflowRunId":"11111111-2222-4333-8444-555555555555","status":"RUNNING"}"#.into(),
        ),
        Op::DeleteWorkflowDefinition | Op::DeleteWorkflowRun => {
            (202, r#"{"status":"DELETING"}"#.into())
        }
        Op::GetWorkflowDefinition => (
            200,
            r#"{"name":"checkout","arn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout","createdAt":"2025-08-22T10:11:12.345Z","description":"Buys things, carefully","exportConfig":{"s3BucketName":"my-export-bucket","s3KeyPrefix":"runs/2025"},"status":"ACTIVE"}"#.into(),
        ),
        Op::GetWorkflowRun => (
            200,
            format!(
                r#"{{"workflowRunArn":"{RUN_ARN}","workflowRunId":"11111111-2222-4333-8444-555555555555","status":"SUCCEEDED","startedAt":"2025-08-22T10:11:12.345Z","endedAt":"2025-08-22T10:15:30.123456Z","modelId":"nova-act-v1.0","logGroupName":"/aws/nova-act/checkout"}}"#
            ),
        ),
        Op::InvokeActStep => (
            200,
            r#"{"calls":[{"callId":"12345678-90ab-4cde-8f01-234567890abc.0","input":["<box>10,20,40,200</box>",{"clickType":"left"}],"name":"agentClick"},{"callId":"12345678-90ab-4cde-8f01-234567890abc.1","input":{"route":"SEA-LIS","maxPrice":420.5,"passengers":2,"carrier":null,"flexible":true,"stops":[0,1]},"name":"lookup_price"},{"callId":"12345678-90ab-4cde-8f01-234567890abc.2","input":"just text","name":"think"},{"callId":"12345678-90ab-4cde-8f01-234567890abc.3","input":[],"name":"waitForPageToSettle"},{"callId":"12345678-90ab-4cde-8f01-234567890abc.4","input":[],"name":"takeObservation"}],"stepId":"12345678-90ab-4cde-8f01-234567890abc"}"#.into(),
        ),
        Op::ListActs => (
            200,
            r#"{"actSummaries":[{"workflowRunId":"11111111-2222-4333-8444-555555555555","sessionId":"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee","actId":"99999999-8888-4777-8666-555555555555","status":"SUCCEEDED","startedAt":"2025-08-22T10:11:12.345Z","endedAt":"2025-08-22T11:00:00Z","traceLocation":{"locationType":"S3","location":"s3://traces/act-1/"}},{"workflowRunId":"11111111-2222-4333-8444-555555555555","sessionId":"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee","actId":"77777777-8888-4777-8666-555555555555","status":"PENDING_CLIENT_ACTION","startedAt":"2025-08-21T09:08:07.5Z"}],"nextToken":"page-2-token"}"#.into(),
        ),
        Op::ListModels => (
            200,
            r#"{"modelSummaries":[{"modelId":"nova-act-v1.0","modelLifecycle":{"status":"ACTIVE"},"minimumCompatibilityVersion":1},{"modelId":"nova-act-v0.9","modelLifecycle":{"status":"DEPRECATED"},"minimumCompatibilityVersion":0}],"modelAliases":[{"aliasName":"nova-act-latest","latestModelId":"nova-act-v1.0","resolvedModelId":"nova-act-v1.0"},{"aliasName":"nova-act-preview","latestModelId":"nova-act-v2.0-preview"}],"compatibilityInformation":{"clientCompatibilityVersion":2,"supportedModelIds":["nova-act-v1.0","nova-act-v0.9"],"message":"Upgrade to use preview models"}}"#.into(),
        ),
        Op::ListSessions => (
            200,
            r#"{"sessionSummaries":[{"sessionId":"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"},{"sessionId":"bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee"}],"nextToken":"sessions-page-2"}"#.into(),
        ),
        Op::ListWorkflowDefinitions => (
            200,
            r#"{"workflowDefinitionSummaries":[{"workflowDefinitionArn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout","workflowDefinitionName":"checkout","createdAt":"2025-08-22T10:11:12.345Z","status":"ACTIVE"},{"workflowDefinitionArn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/old_flow","workflowDefinitionName":"old_flow","createdAt":"2025-08-21T09:08:07.5Z","status":"DELETING"}],"nextToken":"defs-page-2"}"#.into(),
        ),
        Op::ListWorkflowRuns => (
            200,
            format!(
                r#"{{"workflowRunSummaries":[{{"workflowRunArn":"{RUN_ARN}","workflowRunId":"11111111-2222-4333-8444-555555555555","status":"FAILED","startedAt":"2025-08-22T10:11:12.345Z","endedAt":"2025-08-22T10:15:30.123456Z","traceLocation":{{"locationType":"S3","location":"s3://traces/run-1/"}}}},{{"workflowRunArn":"{RUN_ARN}","workflowRunId":"22222222-2222-4333-8444-555555555555","status":"RUNNING","startedAt":"2025-08-22T11:00:00Z"}}],"nextToken":"runs-page-2"}}"#
            ),
        ),
        Op::UpdateAct | Op::UpdateWorkflowRun => (200, "{}".into()),
    };
    Response::json(status, &body)
}

/// How an error response names its type.
#[derive(Clone, Copy, Debug)]
pub enum Form {
    /// `x-amzn-errortype: Name:http://internal.amazon.com/...`.
    Header,
    /// Body `"__type": "com.amazonaws.novaact#Name"`.
    BodyType,
    /// Body `"code": "Name"` with `Message` capitalised.
    BodyCode,
}

/// A modeled error: status, shape name, members besides the message, bound headers.
type ErrorSample = (
    u16,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// The modeled errors.
const ERRORS: &[ErrorSample] = &[
    (403, "AccessDeniedException", "{}", &[]),
    (
        409,
        "ConflictException",
        r#"{"resourceId":"res-123","resourceType":"WorkflowRun"}"#,
        &[],
    ),
    (
        404,
        "ResourceNotFoundException",
        r#"{"resourceId":"my-wf","resourceType":"WorkflowDefinition"}"#,
        &[],
    ),
    (
        402,
        "ServiceQuotaExceededException",
        r#"{"resourceId":"sess-9","resourceType":"Session","serviceCode":"nova-act","quotaCode":"L-12345678"}"#,
        &[],
    ),
    (
        429,
        "ThrottlingException",
        r#"{"serviceCode":"nova-act","quotaCode":"L-THROTTLE"}"#,
        &[("Retry-After", "7")],
    ),
    (
        500,
        "InternalServerException",
        r#"{"reason":"InvalidModelGeneration"}"#,
        &[("Retry-After", "3")],
    ),
    (
        400,
        "ValidationException",
        r#"{"reason":"FieldValidationFailed","fieldList":[{"name":"workflowDefinitionName","message":"must match [a-zA-Z0-9_-]{1,40}"},{"name":"maxResults","message":"must be at most 100"}]}"#,
        &[],
    ),
];

/// The names of the modeled errors.
pub fn error_names() -> impl Iterator<Item = &'static str> {
    ERRORS.iter().map(|(_, name, _, _)| *name)
}

/// How many error samples [`error`] has (modeled errors in three forms, and one unmodeled).
pub fn error_count() -> usize {
    ERRORS.len() * 3 + 1
}

/// Error sample `index` (modulo [`error_count`]).
pub fn error(index: usize) -> Response {
    let index = index % error_count();
    if index == ERRORS.len() * 3 {
        let mut response = Response::json(400, r#"{"message":"a brand new kind of error"}"#);
        response.set_header("x-amzn-errortype", "SomethingNew");
        return response;
    }
    let (status, name, fields, headers) = ERRORS[index / 3];
    let form = [Form::Header, Form::BodyType, Form::BodyCode][index % 3];
    let serde_json::Value::Object(mut body) =
        serde_json::from_str(fields).expect("sample error members are a JSON object")
    else {
        unreachable!("sample error members are a JSON object")
    };
    let mut response = Response::json(status, "");
    match form {
        Form::Header => {
            response.set_header(
                "x-amzn-errortype",
                format!("{name}:http://internal.amazon.com/coral/com.amazonaws.novaact/"),
            );
            body.insert("message".into(), "sample message".into());
        }
        Form::BodyType => {
            body.insert(
                "__type".into(),
                format!("com.amazonaws.novaact#{name}").into(),
            );
            body.insert("message".into(), "sample message".into());
        }
        Form::BodyCode => {
            body.insert("code".into(), name.into());
            body.insert("Message".into(), "sample message".into());
        }
    }
    for (header, value) in headers {
        response.set_header(header, *value);
    }
    response.body = serde_json::Value::Object(body).to_string().into_bytes();
    response
}
