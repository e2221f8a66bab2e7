//! In-memory state: workflow definitions → workflow runs → sessions → acts.
//!
//! Every resource gets a sequence number from one server-wide counter when it is created;
//! children live in `BTreeMap`s keyed by it, so iteration order is creation order and keyset
//! pagination is a range query. Side indexes map IDs to sequence numbers. Acts are kept small
//! (no task text or tool specs are stored: the agent plan is chosen when the act is created).

use std::collections::{BTreeMap, HashMap, VecDeque};

use serde_json::Value;
use uuid::Uuid;

use crate::agent::AgentState;
use crate::errors::{resource, ApiError};

/// Status of a workflow run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    /// In progress.
    Running,
    /// Finished successfully.
    Succeeded,
    /// Finished with a failure.
    Failed,
    /// Ran out of time.
    TimedOut,
    /// Being deleted.
    Deleting,
}

impl RunStatus {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "RUNNING",
            RunStatus::Succeeded => "SUCCEEDED",
            RunStatus::Failed => "FAILED",
            RunStatus::TimedOut => "TIMED_OUT",
            RunStatus::Deleting => "DELETING",
        }
    }

    /// Reads a wire value.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "RUNNING" => RunStatus::Running,
            "SUCCEEDED" => RunStatus::Succeeded,
            "FAILED" => RunStatus::Failed,
            "TIMED_OUT" => RunStatus::TimedOut,
            "DELETING" => RunStatus::Deleting,
            _ => return None,
        })
    }

    /// Whether the run has finished.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            RunStatus::Succeeded | RunStatus::Failed | RunStatus::TimedOut
        )
    }
}

/// Status of an act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActStatus {
    /// The service is working on it.
    Running,
    /// Waiting for the client to run tool calls.
    PendingClientAction,
    /// Waiting for a person.
    PendingHumanAction,
    /// Finished successfully.
    Succeeded,
    /// Finished with a failure.
    Failed,
    /// Ran out of time.
    TimedOut,
}

impl ActStatus {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            ActStatus::Running => "RUNNING",
            ActStatus::PendingClientAction => "PENDING_CLIENT_ACTION",
            ActStatus::PendingHumanAction => "PENDING_HUMAN_ACTION",
            ActStatus::Succeeded => "SUCCEEDED",
            ActStatus::Failed => "FAILED",
            ActStatus::TimedOut => "TIMED_OUT",
        }
    }

    /// Reads a wire value.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "RUNNING" => ActStatus::Running,
            "PENDING_CLIENT_ACTION" => ActStatus::PendingClientAction,
            "PENDING_HUMAN_ACTION" => ActStatus::PendingHumanAction,
            "SUCCEEDED" => ActStatus::Succeeded,
            "FAILED" => ActStatus::Failed,
            "TIMED_OUT" => ActStatus::TimedOut,
            _ => return None,
        })
    }

    /// Whether the act has finished.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            ActStatus::Succeeded | ActStatus::Failed | ActStatus::TimedOut
        )
    }
}

/// A workflow definition.
#[derive(Debug)]
pub struct Definition {
    /// Name (unique among live definitions).
    pub name: String,
    /// Creation time, epoch milliseconds.
    pub created_ms: i64,
    /// Description given at creation.
    pub description: Option<String>,
    /// Export configuration given at creation (member-keyed).
    pub export_config: Option<Value>,
    /// Set while a delete is in progress.
    pub deleting: bool,
    /// Runs by sequence number.
    pub runs: BTreeMap<u64, Run>,
    /// Run ID → sequence number.
    pub run_ids: HashMap<Uuid, u64>,
    /// All acts under the definition: act sequence → (run sequence, session sequence).
    pub acts: BTreeMap<u64, (u64, u64)>,
}

/// A workflow run.
#[derive(Debug)]
pub struct Run {
    /// Run ID.
    pub id: Uuid,
    /// Model ID given at creation.
    pub model_id: String,
    /// Log group given at creation.
    pub log_group: Option<String>,
    /// Status.
    pub status: RunStatus,
    /// Start time, epoch milliseconds.
    pub started_ms: i64,
    /// End time, epoch milliseconds.
    pub ended_ms: Option<i64>,
    /// Sessions by sequence number.
    pub sessions: BTreeMap<u64, Session>,
    /// Session ID → sequence number.
    pub session_ids: HashMap<Uuid, u64>,
    /// Acts of the run: act sequence → session sequence.
    pub acts: BTreeMap<u64, u64>,
}

/// A session.
#[derive(Debug)]
pub struct Session {
    /// Session ID.
    pub id: Uuid,
    /// Acts by sequence number.
    pub acts: BTreeMap<u64, Act>,
    /// Act ID → sequence number.
    pub act_ids: HashMap<Uuid, u64>,
}

/// An act.
#[derive(Debug)]
pub struct Act {
    /// Act ID.
    pub id: Uuid,
    /// Status.
    pub status: ActStatus,
    /// Start time, epoch milliseconds.
    pub started_ms: i64,
    /// End time, epoch milliseconds.
    pub ended_ms: Option<i64>,
    /// Failure details recorded by `UpdateAct` or a `throw` step: (message, type).
    pub error: Option<Box<(String, Option<String>)>>,
    /// Agent progress.
    pub agent: AgentState,
}

/// A remembered idempotent request.
#[derive(Debug)]
pub struct IdempotencyRecord {
    /// Hash of the request's parameters (without the token).
    pub fingerprint: [u8; 32],
    /// The output first returned.
    pub output: Value,
}

#[derive(Debug, Clone, Copy)]
enum Pending {
    Definition(u64),
    Run(u64, u64),
}

/// All state.
#[derive(Debug, Default)]
pub struct Store {
    seq: u64,
    /// Definitions by sequence number.
    pub defs: BTreeMap<u64, Definition>,
    /// Definition name → sequence number.
    pub def_names: HashMap<String, u64>,
    /// Idempotency records by (operation, client token).
    pub idempotency: HashMap<(String, String), IdempotencyRecord>,
    pending: VecDeque<(i64, Pending)>,
}

/// Parses an ID from the request; a malformed one names no resource.
pub fn parse_id(text: &str, kind: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text).map_err(|_| ApiError::not_found(kind, text))
}

impl Store {
    /// Hands out the next sequence number.
    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// Removes resources whose delete has completed by `now_ms`.
    pub fn purge(&mut self, now_ms: i64) {
        while let Some(&(due, what)) = self.pending.front() {
            if due > now_ms {
                break;
            }
            self.pending.pop_front();
            match what {
                Pending::Definition(seq) => self.remove_definition(seq),
                Pending::Run(def, run) => self.remove_run(def, run),
            }
        }
    }

    /// Schedules the removal of a definition (deleting now when `delay_ms` is 0).
    pub fn schedule_definition_removal(&mut self, seq: u64, now_ms: i64, delay_ms: i64) {
        if delay_ms <= 0 {
            self.remove_definition(seq);
        } else {
            self.pending
                .push_back((now_ms.saturating_add(delay_ms), Pending::Definition(seq)));
        }
    }

    /// Schedules the removal of a run (deleting now when `delay_ms` is 0).
    pub fn schedule_run_removal(&mut self, def: u64, run: u64, now_ms: i64, delay_ms: i64) {
        if delay_ms <= 0 {
            self.remove_run(def, run);
        } else {
            self.pending
                .push_back((now_ms.saturating_add(delay_ms), Pending::Run(def, run)));
        }
    }

    fn remove_definition(&mut self, seq: u64) {
        if let Some(def) = self.defs.remove(&seq) {
            if self.def_names.get(&def.name) == Some(&seq) {
                self.def_names.remove(&def.name);
            }
        }
    }

    fn remove_run(&mut self, def_seq: u64, run_seq: u64) {
        let Some(def) = self.defs.get_mut(&def_seq) else {
            return;
        };
        if let Some(run) = def.runs.remove(&run_seq) {
            def.run_ids.remove(&run.id);
            for act_seq in run.acts.keys() {
                def.acts.remove(act_seq);
            }
        }
    }

    /// Sequence number of a definition.
    pub fn def_seq(&self, name: &str) -> Result<u64, ApiError> {
        self.def_names
            .get(name)
            .copied()
            .ok_or_else(|| ApiError::not_found(resource::WORKFLOW_DEFINITION, name))
    }

    /// A definition by name.
    pub fn def(&self, name: &str) -> Result<&Definition, ApiError> {
        let seq = self.def_seq(name)?;
        self.defs
            .get(&seq)
            .ok_or_else(|| ApiError::not_found(resource::WORKFLOW_DEFINITION, name))
    }

    /// A definition by name, for changes.
    pub fn def_mut(&mut self, name: &str) -> Result<&mut Definition, ApiError> {
        let seq = self.def_seq(name)?;
        self.defs
            .get_mut(&seq)
            .ok_or_else(|| ApiError::not_found(resource::WORKFLOW_DEFINITION, name))
    }
}

impl Definition {
    /// Sequence number of a run of this definition.
    pub fn run_seq(&self, id: &str) -> Result<u64, ApiError> {
        let uuid = parse_id(id, resource::WORKFLOW_RUN)?;
        self.run_ids
            .get(&uuid)
            .copied()
            .ok_or_else(|| ApiError::not_found(resource::WORKFLOW_RUN, id))
    }

    /// A run of this definition.
    pub fn run(&self, id: &str) -> Result<&Run, ApiError> {
        let seq = self.run_seq(id)?;
        self.runs
            .get(&seq)
            .ok_or_else(|| ApiError::not_found(resource::WORKFLOW_RUN, id))
    }

    /// A run of this definition, for changes.
    pub fn run_mut(&mut self, id: &str) -> Result<&mut Run, ApiError> {
        let seq = self.run_seq(id)?;
        self.runs
            .get_mut(&seq)
            .ok_or_else(|| ApiError::not_found(resource::WORKFLOW_RUN, id))
    }
}

impl Run {
    /// Sequence number of a session of this run.
    pub fn session_seq(&self, id: &str) -> Result<u64, ApiError> {
        let uuid = parse_id(id, resource::SESSION)?;
        self.session_ids
            .get(&uuid)
            .copied()
            .ok_or_else(|| ApiError::not_found(resource::SESSION, id))
    }

    /// A session of this run.
    pub fn session(&self, id: &str) -> Result<&Session, ApiError> {
        let seq = self.session_seq(id)?;
        self.sessions
            .get(&seq)
            .ok_or_else(|| ApiError::not_found(resource::SESSION, id))
    }

    /// A session of this run, for changes.
    pub fn session_mut(&mut self, id: &str) -> Result<&mut Session, ApiError> {
        let seq = self.session_seq(id)?;
        self.sessions
            .get_mut(&seq)
            .ok_or_else(|| ApiError::not_found(resource::SESSION, id))
    }
}

impl Session {
    /// An act of this session, for changes.
    pub fn act_mut(&mut self, id: &str) -> Result<&mut Act, ApiError> {
        let uuid = parse_id(id, resource::ACT)?;
        let seq = self
            .act_ids
            .get(&uuid)
            .copied()
            .ok_or_else(|| ApiError::not_found(resource::ACT, id))?;
        self.acts
            .get_mut(&seq)
            .ok_or_else(|| ApiError::not_found(resource::ACT, id))
    }
}

/// Iterates a sequence-keyed map after `after`, in `direction`.
pub fn keyset<'a, T>(
    map: &'a BTreeMap<u64, T>,
    after: Option<u64>,
    direction: crate::pagination::Direction,
) -> Box<dyn Iterator<Item = (&'a u64, &'a T)> + 'a> {
    use crate::pagination::Direction;
    use std::ops::Bound::{Excluded, Unbounded};
    match (direction, after) {
        (Direction::Ascending, None) => Box::new(map.iter()),
        (Direction::Ascending, Some(a)) => Box::new(map.range((Excluded(a), Unbounded))),
        (Direction::Descending, None) => Box::new(map.iter().rev()),
        (Direction::Descending, Some(a)) => Box::new(map.range(..a).rev()),
    }
}
