//! Act recordings (`SessionBuilder::record_to`) against the emulator: `act.json` holds the
//! steps, observations, calls, boxes, results and outcome; `index.html` shows them in one
//! self-contained page; a failed act is recorded too; a recording that cannot be written
//! does not change the act.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use nova_act_agent::{
    async_trait, recording, ActuationError, Actuator, BlankActuator, ClickType, Error, Observation,
    ScrollDirection, TargetBox, Tool,
};
use serde::Deserialize;
use serde_json::{json, Value};

const SCENARIO: &str = r#"
rules:
  - task: "^Find the fare"
    steps:
      - calls:
          - name: agentClick
            input: ["<box>100,20,130,300</box>"]
          - name: lookup_fare
            input: { destination: LIS }
      - calls:
          - name: agentHover
            input: ["<bbox>100,200,300,400</bbox>"]
      - return: "129 EUR"
  - task: "^Give up"
    steps:
      - calls:
          - name: agentClick
            input: ["<box>0,0,813,1600</box>"]
      - throw: "No <b>flights</b> today"
"#;

const PROMPT: &str = r#"Find the fare <script>alert("x")</script> & more"#;

#[derive(Deserialize, schemars::JsonSchema)]
struct Route {
    destination: String,
}

fn fare_tool() -> Tool {
    Tool::typed("lookup_fare", "Looks up a fare.", |r: Route| async move {
        Ok::<_, nova_act_agent::ToolError>(format!("129 EUR to {}", r.destination))
    })
    .unwrap()
}

/// A page whose every observation has its own URL (`https://fares.example/page/<n>`), where
/// clicks and hovers work.
#[derive(Clone, Default)]
struct Page {
    observations: Arc<AtomicU32>,
}

#[async_trait]
impl Actuator for Page {
    async fn observe(&mut self) -> Result<Observation, ActuationError> {
        let n = self.observations.fetch_add(1, Ordering::SeqCst) + 1;
        let mut observation = BlankActuator::new().observe().await?;
        observation.active_url = format!("https://fares.example/page/{n}");
        observation.simplified_dom = "<div>secret-dom</div>".to_owned();
        Ok(observation)
    }
    async fn settle(&mut self) -> Result<(), ActuationError> {
        Ok(())
    }
    async fn click(&mut self, _: TargetBox, _: ClickType) -> Result<(), ActuationError> {
        Ok(())
    }
    async fn hover(&mut self, _: TargetBox) -> Result<(), ActuationError> {
        Ok(())
    }
    async fn scroll(&mut self, _: TargetBox, _: ScrollDirection) -> Result<(), ActuationError> {
        Ok(())
    }
    async fn type_text(&mut self, _: TargetBox, _: &str, _: bool) -> Result<(), ActuationError> {
        Ok(())
    }
    async fn go_to_url(&mut self, _: &str) -> Result<(), ActuationError> {
        Ok(())
    }
}

/// A fresh folder under the system's temporary folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        static COUNT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!(
            "nova-act-recording-{name}-{}-{nanos}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::SeqCst)
        ));
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
        let _ = std::fs::remove_file(&self.0);
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Checks that the page loads nothing from the network and runs no script.
fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    for remote in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "src='http",
        "href='http",
        "@import",
        "<script",
        "<link",
    ] {
        assert!(!lower.contains(remote), "the page has {remote:?}");
    }
}

fn assert_jpeg(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..2], &[0xFF, 0xD8], "{} is a JPEG", path.display());
}

#[tokio::test]
async fn a_succeeded_act_is_recorded_for_tools_and_people() {
    let dir = TempDir::new("ok");
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let session = workflow
        .session()
        .actuator(Page::default())
        .tool(fare_tool())
        .record_to(&dir.0)
        .start()
        .await
        .unwrap();
    let result = session.act(PROMPT).await.unwrap();
    assert_eq!(result.answer, "129 EUR");
    let act_id = &result.metadata.act_id;

    // act.json
    let record = read_json(&recording::json_path(&dir.0, act_id));
    assert_eq!(record["act_id"], json!(act_id));
    assert_eq!(record["session_id"], json!(session.session_id()));
    assert_eq!(record["prompt"], json!(PROMPT));
    assert_eq!(record["outcome"], json!({"answer": "129 EUR"}));
    assert!(record["started_at"].as_str().unwrap().ends_with('Z'));
    assert!(record["ended_at_ms"].as_u64() >= record["started_at_ms"].as_u64());
    assert_eq!(record["final_observation"], Value::Null);
    let steps = record["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 3);
    for (i, step) in steps.iter().enumerate() {
        assert_eq!(step["number"], json!(i + 1));
        assert_eq!(step["step_id"], json!(result.metadata.steps[i].step_id));
        assert!(step["server_ms"].is_u64());
        assert!(step["client_ms"].is_u64());
        assert_eq!(step["human_wait_ms"], json!(0));
        // Step 1 is sent with the first observation; the others with the last one of the
        // step before.
        assert_eq!(
            step["observation"],
            json!({
                "url": format!("https://fares.example/page/{}", i + 1),
                "width": 1600.0,
                "height": 813.0,
                "screenshot": format!("step-{:03}.jpg", i + 1),
            })
        );
        assert_jpeg(&recording::act_dir(&dir.0, act_id).join(format!("step-{:03}.jpg", i + 1)));
    }
    let calls: Vec<Vec<Value>> = steps
        .iter()
        .map(|s| {
            s["calls"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    assert!(c["call_id"].is_string());
                    json!([c["name"], c["input"], c["target"], c["result"]])
                })
                .collect()
        })
        .collect();
    assert_eq!(
        calls,
        [
            vec![
                json!([
                    "agentClick",
                    ["<box>100,20,130,300</box>"],
                    {"top": 100.0, "left": 20.0, "bottom": 130.0, "right": 300.0},
                    "null"
                ]),
                json!(["lookup_fare", {"destination": "LIS"}, null, "\"129 EUR to LIS\""]),
                json!(["waitForPageToSettle", [], null, "null"]),
                json!(["takeObservation", [], null, "<observation>"]),
            ],
            vec![
                // <bbox>100,200,300,400</bbox> on 1600x813.
                json!([
                    "agentHover",
                    ["<bbox>100,200,300,400</bbox>"],
                    {"top": 162.0, "left": 160.0, "bottom": 326.0, "right": 480.0},
                    "null"
                ]),
                json!(["waitForPageToSettle", [], null, "null"]),
                json!(["takeObservation", [], null, "<observation>"]),
            ],
            vec![json!(["return", ["129 EUR"], null, null])],
        ]
    );

    // Only what the act loop saw, and not all of it.
    let text = std::fs::read_to_string(recording::json_path(&dir.0, act_id)).unwrap();
    for absent in [
        "secret-dom",
        "userAgent",
        "Agent-NovaAct",
        "screenshotBase64",
        "base64,",
    ] {
        assert!(!text.contains(absent), "act.json has {absent:?}");
    }

    // index.html
    let html = std::fs::read_to_string(recording::html_path(&dir.0, act_id)).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_self_contained(&html);
    assert!(
        html.contains("Find the fare &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more")
    );
    assert!(!html.contains("<script>alert"));
    assert!(html.contains(act_id.as_str()));
    assert!(html.contains("129 EUR"));
    for (i, step) in result.metadata.steps.iter().enumerate() {
        assert!(html.contains(&format!("id=\"step-{}\"", i + 1)));
        assert!(html.contains(&step.step_id));
        assert!(html.contains(&format!("https://fares.example/page/{}", i + 1)));
    }
    // Every screenshot the model saw, embedded.
    let screenshot = BlankActuator::new()
        .observe()
        .await
        .unwrap()
        .screenshot_base64;
    assert!(screenshot.starts_with("data:image/jpeg;base64,"));
    assert_eq!(
        html.matches(&format!("<img src=\"{screenshot}\"")).count(),
        3
    );
    // The boxes, in % of the 1600x813 viewport.
    assert_eq!(html.matches("class=\"box\"").count(), 2);
    assert!(html.contains("top: 12.3001%; left: 1.2500%; width: 17.5000%; height: 3.6900%;"));
    assert!(html.contains("top: 19.9262%; left: 10.0000%; width: 20.0000%; height: 20.1722%;"));
    // Calls, inputs and results, escaped.
    assert!(html.contains("lookup_fare"));
    assert!(html.contains("&quot;destination&quot;: &quot;LIS&quot;"));
    assert!(html.contains("&quot;129 EUR to LIS&quot;"));
    assert!(html.contains("&lt;box&gt;100,20,130,300&lt;/box&gt;"));
    assert!(html.contains("&lt;observation&gt;"));
    assert!(!html.contains("secret-dom"));

    assert_eq!(
        recording::recorded_acts(&dir.0).unwrap(),
        [recording::act_dir(&dir.0, act_id)]
    );
}

#[tokio::test]
async fn a_failed_act_is_recorded_with_its_error_and_its_steps() {
    let dir = TempDir::new("failed");
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let session = workflow
        .session()
        .actuator(Page::default())
        .tool(fare_tool())
        .record_to(&dir.0)
        .start()
        .await
        .unwrap();
    let error = session.act("Give up <now>").await.unwrap_err();
    assert!(matches!(error, Error::AgentFailed { .. }), "{error:?}");

    let acts = recording::recorded_acts(&dir.0).unwrap();
    assert_eq!(acts.len(), 1);
    let record = read_json(&acts[0].join(recording::ACT_JSON));
    assert_eq!(record["prompt"], "Give up <now>");
    assert_eq!(record["outcome"]["error"]["type"], "ActAgentFailed");
    let message = record["outcome"]["error"]["message"].as_str().unwrap();
    assert!(message.contains("No <b>flights</b> today"), "{message}");
    assert_eq!(
        record["outcome"]["error"],
        json!({"type": "ActAgentFailed", "message": error.to_string()})
    );
    let steps = record["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["calls"][0]["name"], "agentClick");
    assert_eq!(
        steps[0]["calls"][0]["target"],
        json!({"top": 0.0, "left": 0.0, "bottom": 813.0, "right": 1600.0})
    );
    assert_eq!(steps[0]["calls"][0]["result"], "null");
    assert_eq!(
        steps[1]["observation"]["url"],
        "https://fares.example/page/2"
    );
    assert_eq!(steps[1]["observation"]["screenshot"], "step-002.jpg");
    assert_eq!(steps[1]["calls"][0]["name"], "throw");
    assert_eq!(steps[1]["calls"][0]["result"], Value::Null);

    let html = std::fs::read_to_string(acts[0].join(recording::INDEX_HTML)).unwrap();
    assert_self_contained(&html);
    assert!(html.contains("Give up &lt;now&gt;"));
    assert!(html.contains("No &lt;b&gt;flights&lt;/b&gt; today"));
    assert!(!html.contains("<b>flights"));
    assert!(html.contains("ActAgentFailed"));
    assert!(html.contains("id=\"step-1\"") && html.contains("id=\"step-2\""));
    assert_eq!(
        html.matches("<img src=\"data:image/jpeg;base64,").count(),
        2
    );
    // The whole-viewport box.
    assert!(html.contains("top: 0.0000%; left: 0.0000%; width: 100.0000%; height: 100.0000%;"));
}

#[tokio::test]
async fn an_act_out_of_steps_keeps_its_last_observation() {
    let dir = TempDir::new("steps");
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let session = workflow
        .session()
        .actuator(Page::default())
        .tool(fare_tool())
        .record_to(&dir.0)
        .start()
        .await
        .unwrap();
    let error = session.act(PROMPT).max_steps(1).await.unwrap_err();
    assert!(matches!(error, Error::ExceededMaxSteps { .. }), "{error:?}");

    let acts = recording::recorded_acts(&dir.0).unwrap();
    let record = read_json(&acts[0].join(recording::ACT_JSON));
    assert_eq!(
        record["outcome"]["error"]["type"],
        "ActExceededMaxStepsError"
    );
    assert_eq!(record["steps"].as_array().unwrap().len(), 1);
    assert_eq!(
        record["final_observation"],
        json!({
            "url": "https://fares.example/page/2",
            "width": 1600.0,
            "height": 813.0,
            "screenshot": "final.jpg",
        })
    );
    assert_jpeg(&acts[0].join("final.jpg"));
    let html = std::fs::read_to_string(acts[0].join(recording::INDEX_HTML)).unwrap();
    assert!(html.contains("id=\"final\""));
    assert_eq!(
        html.matches("<img src=\"data:image/jpeg;base64,").count(),
        2
    );
}

#[tokio::test]
async fn a_recording_that_cannot_be_written_does_not_change_the_act() {
    let dir = TempDir::new("unwritable");
    // A file where the folder should be.
    std::fs::write(&dir.0, b"not a folder").unwrap();
    let emulator = common::start(SCENARIO).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let session = workflow
        .session()
        .actuator(Page::default())
        .tool(fare_tool())
        .record_to(&dir.0)
        .start()
        .await
        .unwrap();
    let result = session.act(PROMPT).await.unwrap();
    assert_eq!(result.answer, "129 EUR");
    assert_eq!(emulator.update_act(), json!({"status": "SUCCEEDED"}));
    let error = session.act("Give up").await.unwrap_err();
    assert!(matches!(error, Error::AgentFailed { .. }), "{error:?}");
    assert!(dir.0.is_file());
}
