//! The 16 operations, on validated input.
//!
//! Handlers receive the operation input already checked against the model and normalized
//! (an object keyed by member names), and return the output the same way; the protocol layer
//! does the wire work. All handlers are synchronous and run under the store lock, so each
//! request is atomic.

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::act_protocol;
use crate::agent::{self, AgentState};
use crate::config::{ModelAlias, ModelInfo, ModelStatus, DEFAULT_PAGE_SIZE};
use crate::errors::{resource, ApiError};
use crate::pagination::{take_page, Direction, Tokens};
use crate::scenario::{Scenario, ScriptedError};
use crate::schema::{Operation, Schema};
use crate::store::{
    keyset, Act, ActStatus, Definition, IdempotencyRecord, Run, RunStatus, Session, Store,
};

/// Server settings the operations need.
#[derive(Debug)]
pub struct Settings {
    /// Region in ARNs.
    pub region: String,
    /// Account in ARNs.
    pub account_id: String,
    /// Models offered.
    pub models: Vec<ModelInfo>,
    /// Model aliases offered.
    pub aliases: Vec<ModelAlias>,
    /// How long deleted definitions and runs stay visible as `DELETING` (milliseconds).
    pub deletion_delay_ms: i64,
    /// Scripted agent behaviour.
    pub scenario: Scenario,
    /// Pagination tokens.
    pub tokens: Tokens,
}

impl Settings {
    fn partition(&self) -> &'static str {
        if self.region.starts_with("cn-") {
            "aws-cn"
        } else if self.region.starts_with("us-gov-") {
            "aws-us-gov"
        } else {
            "aws"
        }
    }

    /// ARN of a workflow definition.
    pub fn definition_arn(&self, name: &str) -> String {
        format!(
            "arn:{}:nova-act:{}:{}:workflow-definition/{name}",
            self.partition(),
            self.region,
            self.account_id
        )
    }

    /// ARN of a workflow run.
    pub fn run_arn(&self, name: &str, run: Uuid) -> String {
        format!("{}/workflow-run/{run}", self.definition_arn(name))
    }
}

/// JSON text with object keys sorted, so equal values give equal text whatever the order
/// their fields arrived in.
pub fn canonical_json(value: &Value) -> String {
    fn write(value: &Value, out: &mut String) {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push('{');
                for (i, k) in keys.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String((*k).clone()).to_string());
                    out.push(':');
                    write(&map[*k], out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(v, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn text<'a>(input: &'a Value, member: &str) -> &'a str {
    input
        .get(member)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn opt_text<'a>(input: &'a Value, member: &str) -> Option<&'a str> {
    input.get(member).and_then(Value::as_str)
}

/// Runs `op` on `input`, honouring its idempotency token if it has one.
pub fn execute(
    settings: &Settings,
    schema: &Schema,
    store: &mut Store,
    op: &Operation,
    input: &Value,
    now_ms: i64,
) -> Result<Value, ApiError> {
    store.purge(now_ms);
    let token_member = op
        .input
        .and_then(|shape| schema.members(shape).iter().find(|m| m.idempotency_token));
    let token = token_member.and_then(|m| opt_text(input, &m.name).map(|t| (m, t)));
    let Some((member, token)) = token else {
        return dispatch(settings, store, &op.name, input, now_ms);
    };
    let mut params = input.clone();
    if let Some(obj) = params.as_object_mut() {
        obj.remove(&member.name);
    }
    let fingerprint: [u8; 32] = Sha256::digest(canonical_json(&params).as_bytes()).into();
    let key = (op.name.clone(), token.to_string());
    if let Some(record) = store.idempotency.get(&key) {
        if record.fingerprint == fingerprint {
            return Ok(record.output.clone());
        }
        return Err(ApiError::field(
            member.name.clone(),
            format!(
                "The idempotency token '{token}' was already used for a {} request with different parameters",
                op.name
            ),
        ));
    }
    let output = dispatch(settings, store, &op.name, input, now_ms)?;
    store.idempotency.insert(
        key,
        IdempotencyRecord {
            fingerprint,
            output: output.clone(),
        },
    );
    Ok(output)
}

fn dispatch(
    s: &Settings,
    store: &mut Store,
    op: &str,
    input: &Value,
    now: i64,
) -> Result<Value, ApiError> {
    match op {
        "CreateWorkflowDefinition" => create_definition(store, input, now),
        "GetWorkflowDefinition" => get_definition(s, store, input),
        "ListWorkflowDefinitions" => list_definitions(s, store, input),
        "DeleteWorkflowDefinition" => delete_definition(s, store, input, now),
        "CreateWorkflowRun" => create_run(s, store, input, now),
        "GetWorkflowRun" => get_run(s, store, input),
        "UpdateWorkflowRun" => update_run(store, input, now),
        "DeleteWorkflowRun" => delete_run(s, store, input, now),
        "ListWorkflowRuns" => list_runs(s, store, input),
        "CreateSession" => create_session(store, input),
        "ListSessions" => list_sessions(s, store, input),
        "CreateAct" => create_act(s, store, input, now),
        "UpdateAct" => update_act(store, input, now),
        "InvokeActStep" => invoke_act_step(s, store, input),
        "ListActs" => list_acts(s, store, input),
        "ListModels" => list_models(s, input),
        other => Err(ApiError::new(
            404,
            "UnknownOperationException",
            format!("Operation {other} is not implemented by this emulator"),
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Shared checks

fn ensure_definition_active(def: &Definition) -> Result<(), ApiError> {
    if def.deleting {
        return Err(ApiError::conflict(
            resource::WORKFLOW_DEFINITION,
            &def.name,
            format!("Workflow definition {} is being deleted", def.name),
        ));
    }
    Ok(())
}

fn ensure_run_running(run: &Run) -> Result<(), ApiError> {
    if run.status != RunStatus::Running {
        return Err(ApiError::conflict(
            resource::WORKFLOW_RUN,
            &run.id.to_string(),
            format!(
                "Workflow run {} is {}, so it takes no new work",
                run.id,
                run.status.as_str()
            ),
        ));
    }
    Ok(())
}

struct PageRequest {
    limit: usize,
    direction: Direction,
    after: Option<u64>,
}

fn page_request(s: &Settings, input: &Value, scope: &[&str]) -> Result<PageRequest, ApiError> {
    let direction = Direction::from_sort_order(opt_text(input, "sortOrder"));
    let limit = input
        .get("maxResults")
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(DEFAULT_PAGE_SIZE);
    let after = opt_text(input, "nextToken")
        .map(|t| s.tokens.check(t, scope, direction))
        .transpose()?;
    Ok(PageRequest {
        limit,
        direction,
        after,
    })
}

fn with_token(mut out: Map<String, Value>, token: Option<String>) -> Value {
    if let Some(t) = token {
        out.insert("nextToken".into(), Value::String(t));
    }
    Value::Object(out)
}

fn trace_location(def: &Definition, suffix: &str) -> Option<Value> {
    let export = def.export_config.as_ref()?;
    let bucket = export.get("s3BucketName")?.as_str()?;
    let prefix = export
        .get("s3KeyPrefix")
        .and_then(Value::as_str)
        .map(|p| format!("{p}/"))
        .unwrap_or_default();
    Some(json!({
        "locationType": "S3",
        "location": format!("s3://{bucket}/{prefix}{suffix}"),
    }))
}

// ---------------------------------------------------------------------------------------------
// Workflow definitions

fn create_definition(store: &mut Store, input: &Value, now: i64) -> Result<Value, ApiError> {
    let name = text(input, "name");
    if let Ok(existing) = store.def(name) {
        let why = if existing.deleting {
            "is being deleted; try again once it is gone"
        } else {
            "already exists"
        };
        return Err(ApiError::conflict(
            resource::WORKFLOW_DEFINITION,
            name,
            format!("Workflow definition {name} {why}"),
        ));
    }
    let seq = store.next_seq();
    store.defs.insert(
        seq,
        Definition {
            name: name.to_string(),
            created_ms: now,
            description: opt_text(input, "description").map(str::to_string),
            export_config: input.get("exportConfig").cloned(),
            deleting: false,
            runs: Default::default(),
            run_ids: Default::default(),
            acts: Default::default(),
        },
    );
    store.def_names.insert(name.to_string(), seq);
    Ok(json!({"status": "ACTIVE"}))
}

fn definition_status(def: &Definition) -> &'static str {
    if def.deleting {
        "DELETING"
    } else {
        "ACTIVE"
    }
}

fn get_definition(s: &Settings, store: &Store, input: &Value) -> Result<Value, ApiError> {
    let def = store.def(text(input, "workflowDefinitionName"))?;
    Ok(json!({
        "name": def.name,
        "arn": s.definition_arn(&def.name),
        "createdAt": def.created_ms,
        "description": def.description,
        "exportConfig": def.export_config,
        "status": definition_status(def),
    }))
}

fn list_definitions(s: &Settings, store: &Store, input: &Value) -> Result<Value, ApiError> {
    let scope = ["ListWorkflowDefinitions"];
    let req = page_request(s, input, &scope)?;
    let page = take_page(
        &s.tokens,
        keyset(&store.defs, req.after, req.direction),
        req.limit,
        |(seq, _)| **seq,
        &scope,
        req.direction,
    );
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|(_, def)| {
            json!({
                "workflowDefinitionArn": s.definition_arn(&def.name),
                "workflowDefinitionName": def.name,
                "createdAt": def.created_ms,
                "status": definition_status(def),
            })
        })
        .collect();
    let mut out = Map::new();
    out.insert("workflowDefinitionSummaries".into(), Value::Array(items));
    Ok(with_token(out, page.next_token))
}

fn delete_definition(
    s: &Settings,
    store: &mut Store,
    input: &Value,
    now: i64,
) -> Result<Value, ApiError> {
    let name = text(input, "workflowDefinitionName");
    let seq = store.def_seq(name)?;
    let def = store.def_mut(name)?;
    ensure_definition_active(def)?;
    def.deleting = true;
    for run in def.runs.values_mut() {
        if run.ended_ms.is_none() {
            run.ended_ms = Some(now);
        }
        run.status = RunStatus::Deleting;
    }
    store.schedule_definition_removal(seq, now, s.deletion_delay_ms);
    Ok(json!({"status": "DELETING"}))
}

// ---------------------------------------------------------------------------------------------
// Workflow runs

fn resolve_model<'a>(s: &'a Settings, id: &str) -> Option<&'a ModelInfo> {
    let target = s
        .aliases
        .iter()
        .find(|a| a.alias == id)
        .map_or(id, |a| a.model_id.as_str());
    s.models.iter().find(|m| m.model_id == target)
}

fn create_run(s: &Settings, store: &mut Store, input: &Value, now: i64) -> Result<Value, ApiError> {
    let model_id = text(input, "modelId");
    let Some(model) = resolve_model(s, model_id) else {
        let known: Vec<&str> = s
            .models
            .iter()
            .map(|m| m.model_id.as_str())
            .chain(s.aliases.iter().map(|a| a.alias.as_str()))
            .collect();
        return Err(ApiError::field(
            "modelId",
            format!(
                "Model '{model_id}' is not available; use one of [{}] (see ListModels)",
                known.join(", ")
            ),
        ));
    };
    if model.status == ModelStatus::Deprecated {
        return Err(ApiError::field(
            "modelId",
            format!(
                "Model '{}' is deprecated and takes no new workflow runs",
                model.model_id
            ),
        ));
    }
    let version = input
        .get("clientInfo")
        .and_then(|c| c.get("compatibilityVersion"))
        .and_then(Value::as_i64)
        .unwrap_or_default();
    if version < i64::from(model.minimum_compatibility_version) {
        return Err(ApiError::field(
            "clientInfo.compatibilityVersion",
            format!(
                "Model '{}' needs client compatibility version {} or later, got {version}",
                model.model_id, model.minimum_compatibility_version
            ),
        ));
    }
    let seq = store.next_seq();
    let def = store.def_mut(text(input, "workflowDefinitionName"))?;
    ensure_definition_active(def)?;
    let id = Uuid::new_v4();
    def.runs.insert(
        seq,
        Run {
            id,
            model_id: model_id.to_string(),
            log_group: opt_text(input, "logGroupName").map(str::to_string),
            status: RunStatus::Running,
            started_ms: now,
            ended_ms: None,
            sessions: Default::default(),
            session_ids: Default::default(),
            acts: Default::default(),
        },
    );
    def.run_ids.insert(id, seq);
    Ok(json!({"workflowRunId": id.to_string(), "status": "RUNNING"}))
}

fn get_run(s: &Settings, store: &Store, input: &Value) -> Result<Value, ApiError> {
    let def = store.def(text(input, "workflowDefinitionName"))?;
    let run = def.run(text(input, "workflowRunId"))?;
    Ok(json!({
        "workflowRunArn": s.run_arn(&def.name, run.id),
        "workflowRunId": run.id.to_string(),
        "status": run.status.as_str(),
        "startedAt": run.started_ms,
        "endedAt": run.ended_ms,
        "modelId": run.model_id,
        "logGroupName": run.log_group,
    }))
}

fn update_run(store: &mut Store, input: &Value, now: i64) -> Result<Value, ApiError> {
    let def = store.def_mut(text(input, "workflowDefinitionName"))?;
    let run = def.run_mut(text(input, "workflowRunId"))?;
    let wanted = RunStatus::parse(text(input, "status")).unwrap_or(RunStatus::Running);
    if run.status == RunStatus::Deleting {
        return Err(ApiError::conflict(
            resource::WORKFLOW_RUN,
            &run.id.to_string(),
            format!("Workflow run {} is being deleted", run.id),
        ));
    }
    if wanted == RunStatus::Deleting {
        return Err(ApiError::invalid_status(
            "A workflow run cannot be set to DELETING; call DeleteWorkflowRun instead",
        ));
    }
    if wanted == run.status {
        return Ok(json!({}));
    }
    if run.status.is_terminal() {
        return Err(ApiError::invalid_status(format!(
            "Workflow run {} is already {}; its status cannot change to {}",
            run.id,
            run.status.as_str(),
            wanted.as_str()
        )));
    }
    if wanted.is_terminal() {
        run.ended_ms = Some(now);
    }
    run.status = wanted;
    Ok(json!({}))
}

fn delete_run(s: &Settings, store: &mut Store, input: &Value, now: i64) -> Result<Value, ApiError> {
    let name = text(input, "workflowDefinitionName");
    let def_seq = store.def_seq(name)?;
    let def = store.def_mut(name)?;
    let run_seq = def.run_seq(text(input, "workflowRunId"))?;
    let run = def.run_mut(text(input, "workflowRunId"))?;
    if run.status == RunStatus::Deleting {
        return Err(ApiError::conflict(
            resource::WORKFLOW_RUN,
            &run.id.to_string(),
            format!("Workflow run {} is already being deleted", run.id),
        ));
    }
    run.status = RunStatus::Deleting;
    if run.ended_ms.is_none() {
        run.ended_ms = Some(now);
    }
    store.schedule_run_removal(def_seq, run_seq, now, s.deletion_delay_ms);
    Ok(json!({"status": "DELETING"}))
}

fn list_runs(s: &Settings, store: &Store, input: &Value) -> Result<Value, ApiError> {
    let def = store.def(text(input, "workflowDefinitionName"))?;
    let scope = ["ListWorkflowRuns", def.name.as_str()];
    let req = page_request(s, input, &scope)?;
    let page = take_page(
        &s.tokens,
        keyset(&def.runs, req.after, req.direction),
        req.limit,
        |(seq, _)| **seq,
        &scope,
        req.direction,
    );
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|(_, run)| {
            json!({
                "workflowRunArn": s.run_arn(&def.name, run.id),
                "workflowRunId": run.id.to_string(),
                "status": run.status.as_str(),
                "startedAt": run.started_ms,
                "endedAt": run.ended_ms,
                "traceLocation": trace_location(def, &run.id.to_string()),
            })
        })
        .collect();
    let mut out = Map::new();
    out.insert("workflowRunSummaries".into(), Value::Array(items));
    Ok(with_token(out, page.next_token))
}

// ---------------------------------------------------------------------------------------------
// Sessions

fn create_session(store: &mut Store, input: &Value) -> Result<Value, ApiError> {
    let seq = store.next_seq();
    let def = store.def_mut(text(input, "workflowDefinitionName"))?;
    ensure_definition_active(def)?;
    let run = def.run_mut(text(input, "workflowRunId"))?;
    ensure_run_running(run)?;
    let id = Uuid::new_v4();
    run.sessions.insert(
        seq,
        Session {
            id,
            acts: Default::default(),
            act_ids: Default::default(),
        },
    );
    run.session_ids.insert(id, seq);
    Ok(json!({"sessionId": id.to_string()}))
}

fn list_sessions(s: &Settings, store: &Store, input: &Value) -> Result<Value, ApiError> {
    let def = store.def(text(input, "workflowDefinitionName"))?;
    let run = def.run(text(input, "workflowRunId"))?;
    let run_id = run.id.to_string();
    let scope = ["ListSessions", def.name.as_str(), run_id.as_str()];
    let req = page_request(s, input, &scope)?;
    let page = take_page(
        &s.tokens,
        keyset(&run.sessions, req.after, req.direction),
        req.limit,
        |(seq, _)| **seq,
        &scope,
        req.direction,
    );
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|(_, session)| json!({"sessionId": session.id.to_string()}))
        .collect();
    let mut out = Map::new();
    out.insert("sessionSummaries".into(), Value::Array(items));
    Ok(with_token(out, page.next_token))
}

// ---------------------------------------------------------------------------------------------
// Acts

fn create_act(s: &Settings, store: &mut Store, input: &Value, now: i64) -> Result<Value, ApiError> {
    // Tool names must be unique within an act.
    if let Some(specs) = input.get("toolSpecs").and_then(Value::as_array) {
        let mut problems = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let name = text(spec, "name");
            if let Some(first) = specs[..i].iter().position(|p| text(p, "name") == name) {
                problems.push(crate::errors::FieldError::new(
                    format!("toolSpecs[{i}].name"),
                    format!("Tool name '{name}' is already used by toolSpecs[{first}]"),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(ApiError::fields(problems));
        }
    }
    let seq = store.next_seq();
    let def = store.def_mut(text(input, "workflowDefinitionName"))?;
    ensure_definition_active(def)?;
    let run_seq = def.run_seq(text(input, "workflowRunId"))?;
    let run = def.run_mut(text(input, "workflowRunId"))?;
    ensure_run_running(run)?;
    let session_seq = run.session_seq(text(input, "sessionId"))?;
    let session = run.session_mut(text(input, "sessionId"))?;
    let plan = agent::plan_for(&s.scenario, text(input, "task"), input.get("toolSpecs"));
    let id = Uuid::new_v4();
    session.acts.insert(
        seq,
        Act {
            id,
            status: ActStatus::Running,
            started_ms: now,
            ended_ms: None,
            error: None,
            agent: AgentState::new(plan),
        },
    );
    session.act_ids.insert(id, seq);
    run.acts.insert(seq, session_seq);
    def.acts.insert(seq, (run_seq, session_seq));
    Ok(json!({"actId": id.to_string(), "status": "RUNNING"}))
}

fn update_act(store: &mut Store, input: &Value, now: i64) -> Result<Value, ApiError> {
    let def = store.def_mut(text(input, "workflowDefinitionName"))?;
    let run = def.run_mut(text(input, "workflowRunId"))?;
    if run.status == RunStatus::Deleting {
        return Err(ApiError::conflict(
            resource::WORKFLOW_RUN,
            &run.id.to_string(),
            format!("Workflow run {} is being deleted", run.id),
        ));
    }
    let session = run.session_mut(text(input, "sessionId"))?;
    let act = session.act_mut(text(input, "actId"))?;
    let wanted = ActStatus::parse(text(input, "status")).unwrap_or(ActStatus::Running);
    let error = input.get("error");
    if error.is_some() && !matches!(wanted, ActStatus::Failed | ActStatus::TimedOut) {
        return Err(ApiError::field(
            "error",
            "An error can only be recorded with status FAILED or TIMED_OUT",
        ));
    }
    if act.status.is_terminal() {
        if act.status == wanted {
            return Ok(json!({}));
        }
        return Err(ApiError::invalid_status(format!(
            "Act {} is already {}; its status cannot change to {}",
            act.id,
            act.status.as_str(),
            wanted.as_str()
        )));
    }
    act.status = wanted;
    if wanted.is_terminal() {
        act.ended_ms = Some(now);
    }
    if let Some(error) = error {
        act.error = Some(Box::new((
            text(error, "message").to_string(),
            opt_text(error, "type").map(str::to_string),
        )));
    }
    Ok(json!({}))
}

fn invoke_act_step(s: &Settings, store: &mut Store, input: &Value) -> Result<Value, ApiError> {
    let def = store.def_mut(text(input, "workflowDefinitionName"))?;
    let run = def.run_mut(text(input, "workflowRunId"))?;
    let run_status = run.status;
    let run_id = run.id;
    let session = run.session_mut(text(input, "sessionId"))?;
    let act = session.act_mut(text(input, "actId"))?;
    let results = input
        .get("callResults")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let previous_step = opt_text(input, "previousStepId");
    let hash = agent::request_hash(previous_step, results);

    // A retry of the request that produced the latest step gets the same answer again.
    if let (Some(last), Some(calls)) = (act.agent.last_step, &act.agent.last_calls) {
        let same_previous = match previous_step {
            None => act.agent.prev_step.is_none(),
            Some(p) => Some(p) == act.agent.prev_step.map(|id| id.to_string()).as_deref(),
        };
        if same_previous && hash == act.agent.last_request_hash {
            return Ok(json!({"calls": (**calls).clone(), "stepId": last.id.to_string()}));
        }
    }

    if run_status != RunStatus::Running {
        return Err(ApiError::conflict(
            resource::WORKFLOW_RUN,
            &run_id.to_string(),
            format!(
                "Workflow run {run_id} is {}, so its acts cannot take steps",
                run_status.as_str()
            ),
        ));
    }
    let act_id = act.id.to_string();
    if act.status.is_terminal() {
        return Err(ApiError::conflict(
            resource::ACT,
            &act_id,
            format!("Act {act_id} has ended ({})", act.status.as_str()),
        ));
    }
    if act.agent.finished() {
        return Err(ApiError::conflict(
            resource::ACT,
            &act_id,
            format!("Act {act_id} has taken its last step (return or throw); report how it ended with UpdateAct (SUCCEEDED or FAILED)"),
        ));
    }
    if act.status == ActStatus::PendingHumanAction {
        return Err(ApiError::conflict(
            resource::ACT,
            &act_id,
            format!("Act {act_id} is waiting for human action; set it back to RUNNING with UpdateAct first"),
        ));
    }
    let (texts, observation) = match (act.agent.last_step, previous_step) {
        (None, None) => (Vec::new(), Some(act_protocol::check_first_step(results)?)),
        (None, Some(given)) => {
            return Err(ApiError::conflict(
                resource::ACT,
                &act_id,
                format!("previousStepId {given} is not a step of act {act_id}: the act has taken no step yet, so the first InvokeActStep has no previousStepId"),
            ))
        }
        (Some(last), None) => {
            return Err(ApiError::field(
                "previousStepId",
                format!("Every InvokeActStep after the first names the latest step; send previousStepId {}", last.id),
            ))
        }
        (Some(last), Some(given)) if given != last.id.to_string() => {
            return Err(ApiError::conflict(
                resource::ACT,
                &act_id,
                format!(
                    "previousStepId {given} is not the latest step of act {act_id} ({})",
                    last.id
                ),
            ))
        }
        (Some(last), Some(_)) => act_protocol::match_results(&last, results)?,
    };
    let outcome = agent::generate(
        &s.scenario,
        &act.agent.plan,
        act.agent.next_step,
        &texts,
        observation.as_ref(),
    )?;
    if let agent::Outcome::Error(error) = &outcome {
        // Answered once: the act skips the step and stays where it was, so the same request
        // sent again gets the step after it.
        act.agent.next_step = act.agent.next_step.saturating_add(1);
        return Err(scripted_error(error, &act_id));
    }

    let step = Uuid::new_v4();
    let (calls, record) = agent::render(&outcome, step);
    let calls = Value::Array(calls);
    act.agent.prev_step = act.agent.last_step.map(|s| s.id);
    act.agent.last_step = Some(record);
    act.agent.next_step = act.agent.next_step.saturating_add(1);
    act.agent.last_request_hash = hash;
    act.agent.last_calls = Some(Box::new(calls.clone()));
    // Calls to run, or an ending to report: either way the client acts next. The client owns
    // the final status, which it sets with UpdateAct.
    act.status = ActStatus::PendingClientAction;
    Ok(json!({"calls": calls, "stepId": step.to_string()}))
}

/// The answer to a scenario's `error` step on act `act_id`: the shape's required members
/// are filled in (the act as the resource, the emulator's service and quota codes), and
/// retryable errors say when to retry (`Retry-After: 1`).
fn scripted_error(error: &ScriptedError, act_id: &str) -> ApiError {
    let ty = error.error_type.as_str();
    let mut out = ApiError::new(400, ty, error.message.clone());
    if let Some(reason) = &error.reason {
        out = out.with("reason", reason.as_str());
    }
    match ty {
        "ConflictException" | "ResourceNotFoundException" => out
            .with("resourceId", act_id)
            .with("resourceType", resource::ACT),
        "ServiceQuotaExceededException" => out
            .with("resourceId", act_id)
            .with("resourceType", resource::ACT)
            .with("serviceCode", "nova-act")
            .with("quotaCode", "emulated-scenario-quota"),
        "ThrottlingException" => out
            .with("serviceCode", "nova-act")
            .with("quotaCode", "emulated-request-rate")
            .with("retryAfterSeconds", 1),
        "InternalServerException" => out.with("retryAfterSeconds", 1),
        _ => out,
    }
}

fn list_acts(s: &Settings, store: &Store, input: &Value) -> Result<Value, ApiError> {
    let def = store.def(text(input, "workflowDefinitionName"))?;
    let run_filter = opt_text(input, "workflowRunId");
    let session_filter = opt_text(input, "sessionId");
    let scope = [
        "ListActs",
        def.name.as_str(),
        run_filter.unwrap_or(""),
        session_filter.unwrap_or(""),
    ];
    let req = page_request(s, input, &scope)?;

    // Resolve filters to (run sequence, session sequence) constraints.
    let run_seq = run_filter.map(|id| def.run_seq(id)).transpose()?;
    let session_loc = match session_filter {
        None => None,
        Some(id) => {
            let found = def
                .runs
                .iter()
                .filter(|(seq, _)| run_seq.is_none_or(|r| r == **seq))
                .find_map(|(seq, run)| run.session_seq(id).ok().map(|s| (*seq, s)));
            Some(found.ok_or_else(|| ApiError::not_found(resource::SESSION, id))?)
        }
    };
    let matching = keyset(&def.acts, req.after, req.direction).filter(|(_, (r, sess))| {
        run_seq.is_none_or(|want| want == *r) && session_loc.is_none_or(|want| want == (*r, *sess))
    });
    let page = take_page(
        &s.tokens,
        matching,
        req.limit,
        |(seq, _)| **seq,
        &scope,
        req.direction,
    );
    let mut items = Vec::with_capacity(page.items.len());
    for (act_seq, (r, sess)) in &page.items {
        let Some(run) = def.runs.get(r) else { continue };
        let Some(session) = run.sessions.get(sess) else {
            continue;
        };
        let Some(act) = session.acts.get(act_seq) else {
            continue;
        };
        items.push(json!({
            "workflowRunId": run.id.to_string(),
            "sessionId": session.id.to_string(),
            "actId": act.id.to_string(),
            "status": act.status.as_str(),
            "startedAt": act.started_ms,
            "endedAt": act.ended_ms,
            "traceLocation": trace_location(def, &format!("{}/{}", run.id, act.id)),
        }));
    }
    let mut out = Map::new();
    out.insert("actSummaries".into(), Value::Array(items));
    Ok(with_token(out, page.next_token))
}

// ---------------------------------------------------------------------------------------------
// Models

fn list_models(s: &Settings, input: &Value) -> Result<Value, ApiError> {
    let version = input
        .get("clientCompatibilityVersion")
        .and_then(Value::as_i64)
        .unwrap_or_default();
    let summaries: Vec<Value> = s
        .models
        .iter()
        .map(|m| {
            json!({
                "modelId": m.model_id,
                "modelLifecycle": {"status": m.status.as_str()},
                "minimumCompatibilityVersion": m.minimum_compatibility_version,
            })
        })
        .collect();
    let aliases: Vec<Value> = s
        .aliases
        .iter()
        .map(|a| {
            json!({
                "aliasName": a.alias,
                "latestModelId": a.model_id,
                "resolvedModelId": a.model_id,
            })
        })
        .collect();
    let supported: Vec<&str> = s
        .models
        .iter()
        .filter(|m| {
            m.status != ModelStatus::Deprecated
                && i64::from(m.minimum_compatibility_version) <= version
        })
        .map(|m| m.model_id.as_str())
        .collect();
    let message = if supported.is_empty() {
        Some(format!(
            "No model supports client compatibility version {version}; upgrade the client"
        ))
    } else {
        None
    };
    Ok(json!({
        "modelSummaries": summaries,
        "modelAliases": aliases,
        "compatibilityInformation": {
            "clientCompatibilityVersion": version,
            "supportedModelIds": supported,
            "message": message,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{default_aliases, default_models};

    fn settings() -> Settings {
        Settings {
            region: "us-east-1".into(),
            account_id: "123456789012".into(),
            models: default_models(),
            aliases: default_aliases(),
            deletion_delay_ms: 0,
            scenario: Scenario::default(),
            tokens: Tokens::new(),
        }
    }

    fn run(s: &Settings, store: &mut Store, op: &str, input: Value) -> Result<Value, ApiError> {
        let schema = Schema::nova_act().unwrap();
        let op = schema.operation(op).unwrap();
        execute(s, &schema, store, op, &input, 1_000)
    }

    #[test]
    fn error_steps_are_answered_once_then_the_act_goes_on() {
        let s = Settings {
            scenario: Scenario::from_yaml_str(
                r#"
rules:
  - task: "."
    steps:
      - error: { type: ThrottlingException, message: "Slow down" }
      - calls: [{ name: lookup, expect: { equals: "ok" } }]
      - error: { type: ServiceQuotaExceededException }
      - error: { type: ValidationException, reason: GuardrailIntervened }
      - return: "{{result.0}}"
"#,
            )
            .unwrap(),
            ..settings()
        };
        let mut store = Store::default();
        run(
            &s,
            &mut store,
            "CreateWorkflowDefinition",
            json!({"name": "d"}),
        )
        .unwrap();
        let run_id = run(
            &s,
            &mut store,
            "CreateWorkflowRun",
            json!({"workflowDefinitionName": "d", "modelId": "nova-act-latest", "clientInfo": {"compatibilityVersion": 1}}),
        )
        .unwrap()["workflowRunId"]
            .clone();
        let session = run(
            &s,
            &mut store,
            "CreateSession",
            json!({"workflowDefinitionName": "d", "workflowRunId": run_id}),
        )
        .unwrap()["sessionId"]
            .clone();
        let path =
            json!({"workflowDefinitionName": "d", "workflowRunId": run_id, "sessionId": session});
        let mut act_input = path.clone();
        act_input["task"] = json!("t");
        let act = run(&s, &mut store, "CreateAct", act_input).unwrap()["actId"].clone();
        let invoke = |store: &mut Store, body: Value| {
            let mut input = path.clone();
            input["actId"] = act.clone();
            for (k, v) in body.as_object().unwrap() {
                input[k] = v.clone();
            }
            run(&s, store, "InvokeActStep", input)
        };
        let observation = json!({
            "activeURL": "http://127.0.0.1/",
            "browserDimensions": {"scrollHeight": 813, "scrollLeft": 0, "scrollTop": 0,
                                  "scrollWidth": 1600, "windowHeight": 813, "windowWidth": 1600},
            "idToBboxMap": {},
            "screenshotBase64": "data:image/jpeg;base64,/9j/4AAQSkZJRgA=",
            "simplifiedDOM": "",
            "timestamp_ms": 1,
            "userAgent": "test"
        })
        .to_string();
        let first = json!({"callResults": [
            {"callId": "initiateAct", "content": [{"text": "{}"}]},
            {"callId": "takeObservation", "content": [{"text": observation}]}
        ]});

        // The first step is an error: answered once, then the same request gets step 1.
        let err = invoke(&mut store, first.clone()).unwrap_err();
        assert_eq!(err.code, "ThrottlingException");
        assert_eq!(err.message(), "Slow down");
        assert_eq!(err.members["retryAfterSeconds"], 1);
        let step = invoke(&mut store, first.clone()).unwrap();
        assert_eq!(step["calls"][0]["name"], "lookup");
        // A retry of that request still gets the same step.
        assert_eq!(invoke(&mut store, first).unwrap(), step);

        // Two error steps in a row: each answers one request.
        let id = step["stepId"].as_str().unwrap().to_string();
        let results: Vec<Value> = step["calls"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, call)| {
                let text = match i {
                    0 => json!("ok").to_string(),
                    2 => observation.clone(),
                    _ => "null".into(),
                };
                json!({"callId": call["callId"], "content": [{"text": text}]})
            })
            .collect();
        let next = json!({"previousStepId": id, "callResults": results});
        let err = invoke(&mut store, next.clone()).unwrap_err();
        assert_eq!(err.code, "ServiceQuotaExceededException");
        assert_eq!(err.members["resourceType"], "Act");
        assert_eq!(err.members["resourceId"], act);
        assert!(err.members["quotaCode"].is_string());
        let err = invoke(&mut store, next.clone()).unwrap_err();
        assert_eq!(err.code, "ValidationException");
        assert_eq!(err.members["reason"], "GuardrailIntervened");
        // Then the step after them, made from the results of the step before them.
        let last = invoke(&mut store, next).unwrap();
        assert_eq!(last["calls"][0]["name"], "return");
        assert_eq!(last["calls"][0]["input"], json!(["ok"]));
    }

    #[test]
    fn canonical_json_sorts_keys() {
        let a: Value =
            serde_json::from_str(r#"{"b":1,"a":{"d":[1,{"y":2,"x":1}],"c":"q"}}"#).unwrap();
        assert_eq!(
            canonical_json(&a),
            r#"{"a":{"c":"q","d":[1,{"x":1,"y":2}]},"b":1}"#
        );
    }

    #[test]
    fn arns_follow_the_model_patterns() {
        let s = settings();
        let schema = Schema::nova_act().unwrap();
        let pattern = |name: &str| {
            let id = schema.shape_named(name).unwrap();
            schema.shape(id).constraints.pattern.clone().unwrap().1
        };
        assert!(pattern("WorkflowDefinitionArn").is_match(&s.definition_arn("wf_1")));
        assert!(pattern("WorkflowRunArn").is_match(&s.run_arn("wf_1", Uuid::new_v4())));
        let cn = Settings {
            region: "cn-north-1".into(),
            ..settings()
        };
        assert!(cn.definition_arn("x").starts_with("arn:aws-cn:"));
    }

    #[test]
    fn a_hundred_thousand_acts_fit_and_page() {
        let s = settings();
        let mut store = Store::default();
        run(
            &s,
            &mut store,
            "CreateWorkflowDefinition",
            json!({"name": "big"}),
        )
        .unwrap();
        let run_id = run(
            &s,
            &mut store,
            "CreateWorkflowRun",
            json!({"workflowDefinitionName": "big", "modelId": "nova-act-latest", "clientInfo": {"compatibilityVersion": 1}}),
        )
        .unwrap()["workflowRunId"]
            .as_str()
            .unwrap()
            .to_string();
        let session = run(
            &s,
            &mut store,
            "CreateSession",
            json!({"workflowDefinitionName": "big", "workflowRunId": run_id}),
        )
        .unwrap()["sessionId"]
            .as_str()
            .unwrap()
            .to_string();
        let base = json!({"workflowDefinitionName": "big", "workflowRunId": run_id, "sessionId": session, "task": "t"});
        let schema = Schema::nova_act().unwrap();
        let op = schema.operation("CreateAct").unwrap();
        for _ in 0..100_000 {
            execute(&s, &schema, &mut store, op, &base, 2_000).unwrap();
        }
        let def = store.def("big").unwrap();
        assert_eq!(def.acts.len(), 100_000);
        let page = run(
            &s,
            &mut store,
            "ListActs",
            json!({"workflowDefinitionName": "big", "sessionId": session, "maxResults": 100, "sortOrder": "Descending"}),
        )
        .unwrap();
        assert_eq!(page["actSummaries"].as_array().unwrap().len(), 100);
        assert!(page["nextToken"].is_string());
    }
}
