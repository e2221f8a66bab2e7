//! Recordings of acts, for people and for tools.
//!
//! With [`SessionBuilder::record_to`](crate::SessionBuilder::record_to), every act of the
//! session writes, once it has ended (with an answer or an error), a folder
//! `<dir>/<act id>/` with:
//!
//! * `act.json`: the act's ids, prompt, start and end, outcome, and every step with its
//!   timings, the observation it was sent with, its calls (input as the service sent it, the
//!   target box parsed from it, the result text sent back) — see below;
//! * `index.html`: the same for a person, in one self-contained page (screenshots embedded,
//!   CSS inline, no script, nothing loaded from the network), with each call's target box
//!   drawn over the screenshot the model saw;
//! * `step-NNN.<ext>` (and `final.<ext>`): the screenshots, decoded from their data URLs.
//!
//! A recording holds only what the act loop saw: the prompt, observations (URL, viewport,
//! screenshot), calls and their results. No credentials, headers, user agents or DOMs.
//! Writing it never fails or changes the act: a failure is logged (`WARN`) and the act's
//! outcome is returned as it was.
//!
//! # `act.json`
//!
//! ```json
//! {
//!   "act_id": "…", "session_id": "…", "prompt": "…",
//!   "started_at": "2025-01-01T10:00:00.123Z", "ended_at": "…",
//!   "started_at_ms": 1735725600123, "ended_at_ms": 1735725601456,
//!   "duration_ms": 1333, "human_wait_ms": 0,
//!   "outcome": {"answer": "129 EUR"},
//!   "steps": [{
//!     "number": 1, "step_id": "…",
//!     "server_ms": 310, "client_ms": 12, "human_wait_ms": 0,
//!     "observation": {"url": "https://…", "width": 1600, "height": 813, "screenshot": "step-001.jpg"},
//!     "calls": [{
//!       "call_id": "…", "name": "agentClick", "input": ["<box>100,20,130,300</box>"],
//!       "target": {"top": 100, "left": 20, "bottom": 130, "right": 300},
//!       "result": "null"
//!     }]
//!   }],
//!   "final_observation": null
//! }
//! ```
//!
//! * `outcome` is `{"answer": <the answer as the model wrote it>}` or
//!   `{"error": {"type": <the Python SDK's type name>, "message": …}}`.
//! * A step's `observation` is the one sent with its request: the first observation for
//!   step 1, the last `takeObservation` result of the step before for the others.
//!   `final_observation` is the last observation taken when no step was answered with it
//!   (the act ran out of steps, timed out, or its next step request failed), else `null`.
//! * `target` is the box of an action that has one (`agentClick`, `agentHover`,
//!   `agentScroll`, `agentType`), in CSS pixels of the step's viewport; `null` otherwise.
//! * `result` is the text sent back, with `takeObservation` results written as
//!   `"<observation>"`; `null` when the call sent nothing back (`return`, `throw`, a call
//!   that failed or was still running when the act ended). A call whose failure ended the
//!   act has `"error": {"type", "message"}`.
//! * `client_ms` and `human_wait_ms` of a step are `null` when the act ended during the
//!   step (a time-out).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use nova_act_sdk::types::Call;
use serde::Serialize;
use serde_json::Value;

use crate::actuator::Observation;
use crate::boxes::TargetBox;
use crate::calls::{Action, Parsed};
use crate::error::Error;

/// The name of the JSON file of a recording.
pub const ACT_JSON: &str = "act.json";

/// The name of the HTML page of a recording.
pub const INDEX_HTML: &str = "index.html";

/// What `takeObservation` results are written as.
const OBSERVATION_MARKER: &str = "<observation>";

/// The folder of the recording of act `act_id` under `dir` (the session's
/// [`record_to`](crate::SessionBuilder::record_to)). Characters other than ASCII letters,
/// digits, `-`, `_` and `.` in the id are written as `_`.
pub fn act_dir(dir: impl AsRef<Path>, act_id: &str) -> PathBuf {
    let mut name: String = act_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.chars().all(|c| c == '.') {
        name = name.replace('.', "_");
        name.insert(0, '_');
    }
    dir.as_ref().join(name)
}

/// The `act.json` of act `act_id`'s recording under `dir`.
pub fn json_path(dir: impl AsRef<Path>, act_id: &str) -> PathBuf {
    act_dir(dir, act_id).join(ACT_JSON)
}

/// The `index.html` of act `act_id`'s recording under `dir`: open it in a browser.
pub fn html_path(dir: impl AsRef<Path>, act_id: &str) -> PathBuf {
    act_dir(dir, act_id).join(INDEX_HTML)
}

/// The folders of the recordings under `dir` (those with an `act.json`), sorted by name. A
/// failed act's id is not in its error; this finds its recording.
pub fn recorded_acts(dir: impl AsRef<Path>) -> std::io::Result<Vec<PathBuf>> {
    let mut acts = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.join(ACT_JSON).is_file() {
            acts.push(path);
        }
    }
    acts.sort();
    Ok(acts)
}

/// How an act ended.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Outcome {
    /// The answer as the model wrote it.
    Answer(String),
    /// The act's error.
    Error(ErrorRecord),
}

impl Outcome {
    pub(crate) fn of(outcome: Result<&str, &Error>) -> Self {
        match outcome {
            Ok(answer) => Outcome::Answer(answer.to_owned()),
            Err(error) => Outcome::Error(ErrorRecord::of(error)),
        }
    }
}

/// An error: its type (the Python SDK's name) and message.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ErrorRecord {
    #[serde(rename = "type")]
    kind: String,
    message: String,
}

impl ErrorRecord {
    fn of(error: &Error) -> Self {
        ErrorRecord {
            kind: error.error_type().to_owned(),
            message: error.to_string(),
        }
    }
}

/// What a recording keeps of an observation.
#[derive(Debug, Clone, Serialize)]
struct ObservationRecord {
    url: String,
    width: f64,
    height: f64,
    /// The screenshot's file name, set when it is written.
    screenshot: Option<String>,
    /// The screenshot's data URL, as the model got it.
    #[serde(skip)]
    data_url: String,
}

/// A target box in CSS pixels.
#[derive(Debug, Clone, Copy, Serialize)]
struct BoxRecord {
    top: f64,
    left: f64,
    bottom: f64,
    right: f64,
}

/// One call of a step.
#[derive(Debug, Clone, Serialize)]
struct CallRecord {
    call_id: String,
    name: String,
    input: Value,
    target: Option<BoxRecord>,
    result: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorRecord>,
    #[serde(skip)]
    observes: bool,
}

/// One step of an act.
#[derive(Debug, Clone, Serialize)]
struct StepRecord {
    number: u32,
    step_id: String,
    server_ms: u64,
    client_ms: Option<u64>,
    human_wait_ms: Option<u64>,
    observation: Option<ObservationRecord>,
    calls: Vec<CallRecord>,
}

/// Collects what the act loop saw, step by step; does nothing when recording is off.
#[derive(Debug, Default)]
pub(crate) struct ActLog {
    on: bool,
    steps: Vec<StepRecord>,
    /// The last observation taken, until a step is sent with it.
    pending: Option<ObservationRecord>,
}

impl ActLog {
    pub(crate) fn new(on: bool) -> Self {
        ActLog {
            on,
            ..ActLog::default()
        }
    }

    /// An observation was taken; the next step is sent with it.
    pub(crate) fn observed(&mut self, observation: Observation) {
        if !self.on {
            return;
        }
        let viewport = observation.viewport();
        self.pending = Some(ObservationRecord {
            url: observation.active_url,
            width: viewport.width,
            height: viewport.height,
            screenshot: None,
            data_url: observation.screenshot_base64,
        });
    }

    /// The service answered step `number`, sent with the pending observation.
    pub(crate) fn step_started(&mut self, number: u32, step_id: &str, server_time: Duration) {
        if !self.on {
            return;
        }
        self.steps.push(StepRecord {
            number,
            step_id: step_id.to_owned(),
            server_ms: millis(server_time),
            client_ms: None,
            human_wait_ms: None,
            observation: self.pending.take(),
            calls: Vec::new(),
        });
    }

    /// A call of the current step, about to run, with its input as JSON (`parsed` is `None`
    /// when the input was invalid).
    pub(crate) fn call(&mut self, call: &Call, input: &Value, parsed: Option<&Parsed>) {
        if !self.on {
            return;
        }
        let (target, observes) = match parsed {
            Some(Parsed::Action(action)) => (target_of(action), *action == Action::Observe),
            _ => (None, false),
        };
        if let Some(step) = self.steps.last_mut() {
            step.calls.push(CallRecord {
                call_id: call.call_id().to_owned(),
                name: call.name().to_owned(),
                input: input.clone(),
                target: target.map(|b| BoxRecord {
                    top: b.top,
                    left: b.left,
                    bottom: b.bottom,
                    right: b.right,
                }),
                result: None,
                error: None,
                observes,
            });
        }
    }

    /// The result text of the current call.
    pub(crate) fn call_result(&mut self, text: &str) {
        if let Some(call) = self.current_call() {
            call.result = Some(if call.observes {
                OBSERVATION_MARKER.to_owned()
            } else {
                text.to_owned()
            });
        }
    }

    /// The current call failed, and its failure ends the act.
    pub(crate) fn call_failed(&mut self, error: &Error) {
        if let Some(call) = self.current_call() {
            call.error = Some(ErrorRecord::of(error));
        }
    }

    /// The current step's calls are done.
    pub(crate) fn step_ended(&mut self, client_time: Duration, human_wait: Duration) {
        if let Some(step) = self.steps.last_mut().filter(|_| self.on) {
            step.client_ms = Some(millis(client_time));
            step.human_wait_ms = Some(millis(human_wait));
        }
    }

    fn current_call(&mut self) -> Option<&mut CallRecord> {
        if !self.on {
            return None;
        }
        self.steps.last_mut()?.calls.last_mut()
    }

    /// Whether anything is to be written.
    pub(crate) fn is_on(&self) -> bool {
        self.on
    }
}

fn target_of(action: &Action) -> Option<TargetBox> {
    match action {
        Action::Click { target, .. }
        | Action::Hover { target }
        | Action::Scroll { target, .. }
        | Action::Type { target, .. } => Some(*target),
        _ => None,
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn epoch_ms(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(millis)
        .unwrap_or_default()
}

fn rfc3339(time: SystemTime) -> String {
    aws_smithy_types::DateTime::from(time)
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_default()
}

/// The ids and ends of an act, known when it ended.
#[derive(Debug)]
pub(crate) struct ActSummary {
    pub(crate) act_id: String,
    pub(crate) session_id: String,
    pub(crate) prompt: String,
    pub(crate) started_at: SystemTime,
    pub(crate) ended_at: SystemTime,
    pub(crate) outcome: Outcome,
}

/// The whole recording: `act.json`'s content.
#[derive(Debug, Serialize)]
struct ActRecord {
    act_id: String,
    session_id: String,
    prompt: String,
    started_at: String,
    ended_at: String,
    started_at_ms: u64,
    ended_at_ms: u64,
    duration_ms: u64,
    human_wait_ms: u64,
    outcome: Outcome,
    steps: Vec<StepRecord>,
    final_observation: Option<ObservationRecord>,
}

impl ActRecord {
    fn new(summary: ActSummary, log: ActLog) -> Self {
        let duration = summary
            .ended_at
            .duration_since(summary.started_at)
            .unwrap_or_default();
        ActRecord {
            act_id: summary.act_id,
            session_id: summary.session_id,
            prompt: summary.prompt,
            started_at: rfc3339(summary.started_at),
            ended_at: rfc3339(summary.ended_at),
            started_at_ms: epoch_ms(summary.started_at),
            ended_at_ms: epoch_ms(summary.ended_at),
            duration_ms: millis(duration),
            human_wait_ms: log.steps.iter().filter_map(|s| s.human_wait_ms).sum(),
            outcome: summary.outcome,
            steps: log.steps,
            final_observation: log.pending,
        }
    }
}

/// Writes the recording of an act under `dir`, off the async threads. Never fails: a
/// failure is logged.
pub(crate) async fn write(dir: PathBuf, summary: ActSummary, log: ActLog) {
    if !log.is_on() {
        return;
    }
    let act_id = summary.act_id.clone();
    let record = ActRecord::new(summary, log);
    let written = tokio::task::spawn_blocking(move || write_files(&dir, record)).await;
    let error = match written {
        Ok(Ok(path)) => {
            tracing::debug!(path = %path.display(), "act recording written");
            return;
        }
        Ok(Err(error)) => error.to_string(),
        Err(join) => join.to_string(),
    };
    tracing::warn!(act_id = %act_id, error = %error, "could not write the act's recording");
}

/// A screenshot decoded from its data URL.
struct Screenshot {
    extension: &'static str,
    bytes: Vec<u8>,
}

/// Decodes a `data:image/<kind>;base64,<data>` URL of a JPEG, PNG, WebP or GIF.
fn decode_screenshot(data_url: &str) -> Option<Screenshot> {
    let rest = data_url.strip_prefix("data:image/")?;
    let (kind, data) = rest.split_once(";base64,")?;
    let extension = match kind {
        "jpeg" | "jpg" => "jpg",
        "png" => "png",
        "webp" => "webp",
        "gif" => "gif",
        _ => return None,
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .ok()?;
    Some(Screenshot { extension, bytes })
}

struct WriteError {
    path: PathBuf,
    source: std::io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.source)
    }
}

fn write_file(path: PathBuf, bytes: &[u8]) -> Result<(), WriteError> {
    std::fs::write(&path, bytes).map_err(|source| WriteError { path, source })
}

/// Writes the screenshots, `act.json` and `index.html`; returns the folder.
fn write_files(dir: &Path, mut record: ActRecord) -> Result<PathBuf, WriteError> {
    let folder = act_dir(dir, &record.act_id);
    std::fs::create_dir_all(&folder).map_err(|source| WriteError {
        path: folder.clone(),
        source,
    })?;
    let observations = record
        .steps
        .iter_mut()
        .map(|s| (format!("step-{:03}", s.number), s.observation.as_mut()))
        .chain(std::iter::once((
            "final".to_owned(),
            record.final_observation.as_mut(),
        )));
    for (stem, observation) in observations {
        let Some(observation) = observation else {
            continue;
        };
        let Some(screenshot) = decode_screenshot(&observation.data_url) else {
            continue;
        };
        let name = format!("{stem}.{}", screenshot.extension);
        write_file(folder.join(&name), &screenshot.bytes)?;
        observation.screenshot = Some(name);
    }
    let json = serde_json::to_vec_pretty(&record).map_err(|e| WriteError {
        path: folder.join(ACT_JSON),
        source: e.into(),
    })?;
    write_file(folder.join(ACT_JSON), &json)?;
    write_file(folder.join(INDEX_HTML), html(&record).as_bytes())?;
    Ok(folder)
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, for HTML text and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
:root { --fg: #1d2330; --muted: #5d6677; --line: #dde1e8; --bg: #f5f6f8; --ok: #137333; --err: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1240px; margin: 0 auto; padding: 24px; }
header, section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px; margin-bottom: 20px; }
h1 { font-size: 22px; margin: 0 0 12px; }
h2 { font-size: 18px; margin: 0 0 4px; }
h3 { font-size: 15px; margin: 16px 0 8px; }
.prompt { white-space: pre-wrap; font-size: 16px; background: var(--bg); border-radius: 6px; padding: 10px 14px; margin: 0 0 14px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
.outcome { margin: 14px 0 0; padding: 10px 14px; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
.outcome.answer { background: #e6f4ea; color: var(--ok); }
.outcome.error { background: #fce8e6; color: var(--err); }
.meta { color: var(--muted); font-size: 13px; margin: 0 0 12px; overflow-wrap: anywhere; }
.page { margin: 0 0 12px; }
.url { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; color: var(--muted); margin: 0 0 6px; overflow-wrap: anywhere; }
.shot { position: relative; width: 100%; border: 1px solid var(--line); line-height: 0; }
.shot img { display: block; width: 100%; height: auto; }
.shot .none { line-height: 1.5; padding: 40px; text-align: center; color: var(--muted); }
.box { position: absolute; border: 3px solid var(--c); background: color-mix(in srgb, var(--c) 12%, transparent); border-radius: 3px; }
.box span { position: absolute; top: -3px; left: -3px; transform: translateY(-100%); background: var(--c); color: #fff; font: bold 12px/1.6 system-ui, sans-serif; padding: 0 6px; border-radius: 3px 3px 0 0; }
ol.calls { margin: 0; padding: 0; list-style: none; }
ol.calls > li { border-top: 1px solid var(--line); padding: 10px 0; }
.call-head { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.num { display: inline-block; min-width: 22px; text-align: center; border-radius: 4px; color: #fff; background: var(--c); font-weight: bold; font-size: 12px; }
.name { font-weight: 600; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.target { color: var(--muted); font-size: 13px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; margin: 6px 0 2px; }
pre { margin: 0; padding: 8px 12px; background: var(--bg); border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.error { background: #fce8e6; color: var(--err); }
.none-result { color: var(--muted); font-style: italic; font-size: 13px; }
";

/// Box colours, one per call of a step (cycling).
const COLOURS: [&str; 6] = [
    "#e8710a", "#1a73e8", "#d01884", "#188038", "#9334e6", "#b06000",
];

fn colour(index: usize) -> &'static str {
    COLOURS[index % COLOURS.len()]
}

fn percent(part: f64, whole: f64) -> String {
    if whole > 0.0 {
        format!("{:.4}%", part / whole * 100.0)
    } else {
        "0%".to_owned()
    }
}

/// The page of a recording: self-contained, no script.
fn html(record: &ActRecord) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let e = escape;
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Act {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        e(&record.act_id)
    );
    header(&mut out, record);
    for step in &record.steps {
        step_section(&mut out, step);
    }
    if let Some(observation) = &record.final_observation {
        out.push_str("<section class=\"step\" id=\"final\">\n<h2>The page at the end</h2>\n");
        out.push_str(
            "<p class=\"meta\">The last observation taken: the act ended before a step was answered with it.</p>\n",
        );
        page(&mut out, Some(observation), &[]);
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn header(out: &mut String, record: &ActRecord) {
    let e = escape;
    let server: u64 = record.steps.iter().map(|s| s.server_ms).sum();
    let client: u64 = record.steps.iter().filter_map(|s| s.client_ms).sum();
    let worked = record.duration_ms.saturating_sub(record.human_wait_ms);
    out.push_str("<header>\n<h1>Act</h1>\n");
    let _ = writeln!(out, "<p class=\"prompt\">{}</p>", e(&record.prompt));
    out.push_str("<dl>\n");
    let rows = [
        ("Act", record.act_id.clone()),
        ("Session", record.session_id.clone()),
        ("Started", record.started_at.clone()),
        ("Ended", record.ended_at.clone()),
        ("Steps", record.steps.len().to_string()),
        (
            "Duration",
            format!(
                "{} ms (worked {worked} ms, waited for a person {} ms)",
                record.duration_ms, record.human_wait_ms
            ),
        ),
        (
            "Steps' time",
            format!("service {server} ms, client {client} ms"),
        ),
    ];
    for (name, value) in rows {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", e(name), e(&value));
    }
    out.push_str("</dl>\n");
    match &record.outcome {
        Outcome::Answer(answer) => {
            let _ = writeln!(
                out,
                "<p class=\"outcome answer\"><strong>Answer:</strong> {}</p>",
                e(answer)
            );
        }
        Outcome::Error(error) => {
            let _ = writeln!(
                out,
                "<p class=\"outcome error\"><strong>Failed ({}):</strong> {}</p>",
                e(&error.kind),
                e(&error.message)
            );
        }
    }
    out.push_str("</header>\n");
}

fn step_section(out: &mut String, step: &StepRecord) {
    let e = escape;
    let ms = |v: Option<u64>| v.map_or_else(|| "unfinished".to_owned(), |v| format!("{v} ms"));
    let _ = write!(
        out,
        "<section class=\"step\" id=\"step-{n}\">\n<h2>Step {n}</h2>\n\
         <p class=\"meta\">Step {id} · service {server} ms · client {client} · waited for a person {human}</p>\n",
        n = step.number,
        id = e(&step.step_id),
        server = step.server_ms,
        client = e(&ms(step.client_ms)),
        human = e(&ms(step.human_wait_ms)),
    );
    page(out, step.observation.as_ref(), &step.calls);
    out.push_str("<h3>Calls</h3>\n<ol class=\"calls\">\n");
    for (i, call) in step.calls.iter().enumerate() {
        call_item(out, i, call);
    }
    out.push_str("</ol>\n</section>\n");
}

/// The screenshot, with the calls' boxes over it.
fn page(out: &mut String, observation: Option<&ObservationRecord>, calls: &[CallRecord]) {
    let e = escape;
    out.push_str("<div class=\"page\">\n");
    let Some(observation) = observation else {
        out.push_str("<p class=\"meta\">No observation was sent with this step.</p>\n</div>\n");
        return;
    };
    let _ = writeln!(
        out,
        "<p class=\"url\">{} · {}×{}</p>",
        e(&observation.url),
        observation.width,
        observation.height
    );
    out.push_str("<div class=\"shot\">");
    match decode_screenshot(&observation.data_url) {
        // A decoded data URL holds only base64 characters after its checked prefix.
        Some(_) => {
            let _ = write!(
                out,
                "<img src=\"{}\" alt=\"The page the model saw at {}\">",
                e(&observation.data_url),
                e(&observation.url)
            );
        }
        None => out.push_str("<p class=\"none\">No screenshot.</p>"),
    }
    for (i, call) in calls.iter().enumerate() {
        let Some(b) = call.target else { continue };
        let _ = write!(
            out,
            "<div class=\"box\" style=\"--c: {c}; top: {t}; left: {l}; width: {w}; height: {h};\" \
             title=\"{title}\"><span>{n}</span></div>",
            c = colour(i),
            t = percent(b.top, observation.height),
            l = percent(b.left, observation.width),
            w = percent(b.right - b.left, observation.width),
            h = percent(b.bottom - b.top, observation.height),
            title = e(&format!("{} {}", i + 1, call.name)),
            n = i + 1,
        );
    }
    out.push_str("</div>\n</div>\n");
}

fn call_item(out: &mut String, i: usize, call: &CallRecord) {
    let e = escape;
    let input = serde_json::to_string_pretty(&call.input).unwrap_or_default();
    let _ = write!(
        out,
        "<li style=\"--c: {}\">\n<div class=\"call-head\"><span class=\"num\">{}</span>\
         <span class=\"name\">{}</span>",
        colour(i),
        i + 1,
        e(&call.name)
    );
    if let Some(b) = call.target {
        let _ = write!(
            out,
            "<span class=\"target\">box top {} left {} bottom {} right {} (CSS px)</span>",
            b.top, b.left, b.bottom, b.right
        );
    }
    out.push_str("</div>\n");
    let _ = writeln!(
        out,
        "<div class=\"label\">Input</div><pre>{}</pre>",
        e(&input)
    );
    match (&call.result, &call.error) {
        (_, Some(error)) => {
            let _ = writeln!(
                out,
                "<div class=\"label\">Failed</div><pre class=\"error\">{}: {}</pre>",
                e(&error.kind),
                e(&error.message)
            );
        }
        (Some(result), None) => {
            let _ = writeln!(
                out,
                "<div class=\"label\">Result</div><pre>{}</pre>",
                e(result)
            );
        }
        (None, None) => {
            out.push_str("<div class=\"none-result\">No result sent back.</div>\n");
        }
    }
    out.push_str("</li>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html_text_and_attributes() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("plain é 🛫"), "plain é 🛫");
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn act_folders_stay_under_the_recording_folder() {
        let dir = Path::new("/rec");
        assert_eq!(
            act_dir(dir, "0b7d-41a2_x.y"),
            Path::new("/rec/0b7d-41a2_x.y")
        );
        assert_eq!(act_dir(dir, "../etc"), Path::new("/rec/.._etc"));
        assert_eq!(act_dir(dir, ".."), Path::new("/rec/___"));
        assert_eq!(act_dir(dir, ""), Path::new("/rec/_"));
        assert_eq!(html_path(dir, "a"), Path::new("/rec/a/index.html"));
        assert_eq!(json_path(dir, "a"), Path::new("/rec/a/act.json"));
    }

    #[test]
    fn only_image_data_urls_are_screenshots() {
        assert!(decode_screenshot("data:image/jpeg;base64,/9j/").is_some());
        assert!(decode_screenshot("data:image/png;base64,iVBO").is_some());
        assert!(decode_screenshot("data:text/html;base64,PGI+").is_none());
        assert!(decode_screenshot("https://example.com/a.jpg").is_none());
        assert!(decode_screenshot("data:image/jpeg;base64,\"><script>").is_none());
    }

    #[test]
    fn boxes_are_placed_in_percent_of_the_viewport() {
        let observation = ObservationRecord {
            url: "about:blank".into(),
            width: 1600.0,
            height: 800.0,
            screenshot: None,
            data_url: "data:image/jpeg;base64,/9j/".into(),
        };
        let call = CallRecord {
            call_id: "c".into(),
            name: "agentClick".into(),
            input: Value::Null,
            target: Some(BoxRecord {
                top: 100.0,
                left: 20.0,
                bottom: 130.0,
                right: 300.0,
            }),
            result: None,
            error: None,
            observes: false,
        };
        let mut out = String::new();
        page(&mut out, Some(&observation), &[call]);
        assert!(
            out.contains("top: 12.5000%; left: 1.2500%; width: 17.5000%; height: 3.7500%;"),
            "{out}"
        );
    }
}
