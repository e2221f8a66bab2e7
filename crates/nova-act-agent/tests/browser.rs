//! Acts on a real Chromium: local pages served on 127.0.0.1, the emulator scripted to act by
//! boxes (`tools/nova-act-interop/scenario.yaml`, which the official Python SDK runs on the
//! same pages), and the page's final state asserted. These tests need Chromium (`apt-get
//! install chromium`, or `CHROME=/path/to/chrome`); without it they are skipped with a
//! message, except in CI (`CI` set), where they fail.
#![cfg(feature = "chromium")]

mod common;

use std::path::Path;

use common::browser::{launch, Pages};
use nova_act_agent::chromium::{Chromium, ChromiumPage, Secret};
use nova_act_agent::{recording, Error, Session, Workflow};
use nova_act_local::Scenario;

fn interop_scenario() -> Scenario {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/nova-act-interop/scenario.yaml");
    Scenario::from_file(path).unwrap()
}

/// What most browser tests start with: Chromium, the pages, the emulator with the interop
/// scenario, and a workflow run.
struct Stage {
    chromium: Chromium,
    pages: Pages,
    emulator: common::Emulator,
    workflow: Workflow,
}

impl Stage {
    /// `None` when the test is skipped for want of a browser.
    async fn start(test: &str) -> Option<Stage> {
        let chromium = launch(test).await?;
        let pages = Pages::serve().await;
        let emulator = common::start_with(interop_scenario()).await;
        let workflow = emulator.workflow().start().await.unwrap();
        Some(Stage {
            chromium,
            pages,
            emulator,
            workflow,
        })
    }

    /// A session on a new actuator, opened on `path`.
    async fn session_on(&self, path: &str) -> (Session, ChromiumPage) {
        session_on(&self.chromium, &self.workflow, &self.pages, path).await
    }
}

/// A session on a new actuator of `chromium`, opened on `path`.
async fn session_on(
    chromium: &Chromium,
    workflow: &Workflow,
    pages: &Pages,
    path: &str,
) -> (Session, ChromiumPage) {
    let actuator = chromium.actuator().await.unwrap();
    let page = actuator.page();
    page.go_to(&pages.url(path)).await.unwrap();
    let session = workflow.session().actuator(actuator).start().await.unwrap();
    (session, page)
}

async fn text_of(page: &ChromiumPage) -> String {
    let text = page.evaluate("document.body.innerText").await.unwrap();
    text.as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_form_is_filled_and_submitted() {
    let Some(stage) = Stage::start("a_form_is_filled_and_submitted").await else {
        return;
    };
    let (session, page) = stage.session_on("/form").await;

    let result = session.act("Sign up as alice on the form").await.unwrap();
    assert_eq!(result.answer, "Signed up as alice");
    let url = page.url().await.unwrap();
    assert!(url.ends_with("/done?name=alice"), "{url}");
    assert!(text_of(&page).await.contains("Welcome, alice"));
    // The observations were the real page, at the recommended size, with the agent's user
    // agent; the scenario checked URL and size, the journal keeps what was sent.
    let first =
        &stage.emulator.requests("InvokeActStep")[0].body["callResults"][1]["content"][0]["text"];
    let observation: serde_json::Value = serde_json::from_str(first.as_str().unwrap()).unwrap();
    assert_eq!(observation["browserDimensions"]["windowWidth"], 1600);
    assert_eq!(observation["browserDimensions"]["windowHeight"], 813);
    let agent = observation["userAgent"].as_str().unwrap();
    assert!(
        agent.ends_with(" Agent-NovaAct/0.9") && !agent.contains("HeadlessChrome"),
        "{agent}"
    );
    let screenshot = observation["screenshotBase64"].as_str().unwrap();
    assert!(
        screenshot.starts_with("data:image/jpeg;base64,/9j/"),
        "a JPEG data URL"
    );
    stage.chromium.close().await;
}

#[tokio::test]
async fn a_select_is_answered_through_the_redirect() {
    let Some(stage) = Stage::start("a_select_is_answered_through_the_redirect").await else {
        return;
    };
    let (session, page) = stage.session_on("/select").await;

    let result = session.act("Choose Porto on the city form").await.unwrap();
    assert_eq!(result.answer, "Chose Porto");
    let url = page.url().await.unwrap();
    assert!(url.ends_with("/done?city=Porto"), "{url}");
    // The click came back to the model as a redirect listing the options.
    let redirect = stage.emulator.tool_results()[0][0].clone();
    assert!(redirect.starts_with("AgentRedirectError: "), "{redirect}");
    assert!(
        redirect.contains(r#"{"label":"Porto","value":"Porto"}"#),
        "{redirect}"
    );
    stage.chromium.close().await;
}

#[tokio::test]
async fn a_scroll_reveals_a_button() {
    let Some(stage) = Stage::start("a_scroll_reveals_a_button").await else {
        return;
    };
    let (session, page) = stage.session_on("/scroll").await;

    let result = session
        .act("Book from the bottom of the long page")
        .await
        .unwrap();
    assert_eq!(result.answer, "Booked");
    let url = page.url().await.unwrap();
    assert!(url.ends_with("/done?name=booked"), "{url}");
    // The second observation shows the page scrolled by three quarters of the viewport.
    let second =
        &stage.emulator.requests("InvokeActStep")[1].body["callResults"][2]["content"][0]["text"];
    let observation: serde_json::Value = serde_json::from_str(second.as_str().unwrap()).unwrap();
    let top = observation["browserDimensions"]["scrollTop"]
        .as_f64()
        .unwrap();
    assert!((605.0..=615.0).contains(&top), "scrollTop {top}");
    stage.chromium.close().await;
}

#[tokio::test]
async fn a_link_that_opens_a_tab_moves_the_agent_there() {
    let Some(stage) = Stage::start("a_link_that_opens_a_tab_moves_the_agent_there").await else {
        return;
    };
    let Stage {
        chromium,
        pages,
        emulator: _serving, // the service the session talks to
        workflow,
    } = stage;
    let (session, page) = session_on(&chromium, &workflow, &pages, "/tabs").await;

    let result = session.act("Open today's offer").await.unwrap();
    assert_eq!(result.answer, "Opened the offer");
    // The page handle follows the newest tab too.
    let url = page.url().await.unwrap();
    assert!(url.ends_with("/done?name=offer"), "{url}");
    assert!(text_of(&page).await.contains("Welcome, offer"));
    chromium.close().await;
}

#[tokio::test]
async fn navigation_the_guardrail_refuses_fails_the_act() {
    let Some(stage) = Stage::start("navigation_the_guardrail_refuses_fails_the_act").await else {
        return;
    };
    let actuator = stage.chromium.actuator().await.unwrap();
    let page = actuator.page();
    page.go_to(&stage.pages.url("/form")).await.unwrap();
    let session = stage
        .workflow
        .session()
        .actuator(actuator)
        .state_guardrail(|url| url.starts_with("http://127.0.0.1:") || url == "about:blank")
        .start()
        .await
        .unwrap();

    let error = session.act("Go to the blocked site").await.unwrap_err();
    assert!(
        matches!(&error, Error::StateGuardrail { url } if url == "http://blocked.invalid/"),
        "{error:?}"
    );
    assert_eq!(
        stage.emulator.update_act()["error"]["type"],
        "ActStateGuardrailError"
    );
    // The page never left.
    assert!(page.url().await.unwrap().ends_with("/form"));
    assert!(!stage
        .pages
        .requests
        .lock()
        .unwrap()
        .iter()
        .any(|p| p.contains("blocked")));
    stage.chromium.close().await;
}

#[tokio::test]
async fn four_sessions_in_one_browser_each_finish_their_own_form() {
    let Some(stage) = Stage::start("four_sessions_in_one_browser_each_finish_their_own_form").await
    else {
        return;
    };
    let Stage {
        chromium,
        pages,
        emulator: _serving, // the service the session talks to
        workflow,
    } = stage;
    let pages = std::sync::Arc::new(pages);
    let mut tasks = Vec::new();
    for name in ["bob", "carol", "dave", "erin"] {
        let (chromium, workflow, pages) = (chromium.clone(), workflow.clone(), pages.clone());
        tasks.push(tokio::spawn(async move {
            let (session, page) = session_on(&chromium, &workflow, &pages, "/form").await;
            let result = session.act(format!("Sign up as {name} on the form")).await;
            (
                name,
                result.map(|r| r.answer),
                page.url().await.unwrap(),
                text_of(&page).await,
            )
        }));
    }
    for task in tasks {
        let (name, answer, url, text) = task.await.unwrap();
        assert_eq!(answer.unwrap(), format!("Signed up as {name}"));
        assert!(
            url.ends_with(&format!("/done?name={name}")),
            "{name}: {url}"
        );
        assert!(text.contains(&format!("Welcome, {name}")), "{name}: {text}");
    }
    chromium.close().await;
}

#[tokio::test]
async fn a_secret_filled_in_by_the_application_reaches_only_the_page() {
    let Some(chromium) =
        launch("a_secret_filled_in_by_the_application_reaches_only_the_page").await
    else {
        return;
    };
    const SECRET: &str = "s3cret-Pa55word-91c7";
    let pages = Pages::serve().await;
    let emulator = common::start_with(interop_scenario()).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let recordings = scratch_dir("secret");
    let actuator = chromium.actuator().await.unwrap();
    let page = actuator.page();
    page.go_to(&pages.url("/login")).await.unwrap();
    let session = workflow
        .session()
        .actuator(actuator)
        .record_to(&recordings)
        .start()
        .await
        .unwrap();

    page.fill_secret("#password", &Secret::new(SECRET))
        .await
        .unwrap();
    assert_eq!(format!("{:?}", Secret::new(SECRET)), "Secret(***)");
    let typed = page
        .evaluate("document.getElementById('password').value")
        .await
        .unwrap();
    assert_eq!(typed, SECRET);
    let result = session
        .act("Log in with the filled-in password")
        .await
        .unwrap();
    assert_eq!(result.answer, "Logged in");
    assert!(page.url().await.unwrap().ends_with("/done?name=member"));

    // Nothing the service received carries it, and no recorded byte does.
    for entry in emulator.server.journal() {
        assert!(
            !entry.body.to_string().contains(SECRET),
            "{}",
            entry.operation
        );
    }
    let files = files_under(&recordings);
    assert!(
        files.len() >= 3,
        "act.json, index.html and screenshots: {files:?}"
    );
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        assert!(
            !bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
            "{} holds the secret",
            file.display()
        );
    }
    std::fs::remove_dir_all(&recordings).unwrap();
    chromium.close().await;
}

#[tokio::test]
async fn a_recording_renders_every_step_in_the_browser() {
    let Some(stage) = Stage::start("a_recording_renders_every_step_in_the_browser").await else {
        return;
    };
    let Stage {
        chromium,
        pages,
        emulator: _serving, // the service the session talks to
        workflow,
    } = stage;
    let recordings = scratch_dir("render");
    let actuator = chromium.actuator().await.unwrap();
    actuator.page().go_to(&pages.url("/form")).await.unwrap();
    let session = workflow
        .session()
        .actuator(actuator)
        .record_to(&recordings)
        .start()
        .await
        .unwrap();
    let result = session.act("Sign up as alice on the form").await.unwrap();

    // Open the page in another context of the same browser, from the file alone.
    let html = recording::html_path(&recordings, &result.metadata.act_id);
    let viewer = chromium.actuator().await.unwrap().page();
    viewer
        .go_to(&format!("file://{}", html.display()))
        .await
        .unwrap();
    let shown = viewer
        .evaluate(
            "({ steps: document.querySelectorAll('section.step').length,                 images: Array.from(document.images).map(i => i.complete && i.naturalWidth),                 boxes: document.querySelectorAll('.box').length,                 text: document.body.innerText })",
        )
        .await
        .unwrap();
    assert_eq!(shown["steps"], result.metadata.steps.len(), "{shown}");
    let images = shown["images"].as_array().unwrap();
    assert!(!images.is_empty());
    // Every screenshot decoded, at the viewport's width.
    assert!(images.iter().all(|w| w == 1600), "{images:?}");
    // agentType and agentClick each drew their box.
    assert_eq!(shown["boxes"], 2, "{shown}");
    let text = shown["text"].as_str().unwrap();
    assert!(
        text.contains("Sign up as alice on the form") && text.contains("agentClick"),
        "{text}"
    );
    std::fs::remove_dir_all(&recordings).unwrap();
    chromium.close().await;
}

/// A fresh directory under the system's temporary directory.
fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "nova-act-agent-browser-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test]
async fn sessions_in_one_browser_share_no_cookies_or_storage() {
    let Some(chromium) = launch("sessions_in_one_browser_share_no_cookies_or_storage").await else {
        return;
    };
    let pages = Pages::serve().await;
    let first = chromium.actuator().await.unwrap().page();
    let second = chromium.actuator().await.unwrap().page();
    for page in [&first, &second] {
        page.go_to(&pages.url("/form")).await.unwrap();
    }
    first
        .evaluate("document.cookie = 'seat=12A'; localStorage.setItem('fare', '129')")
        .await
        .unwrap();
    let mine = first
        .evaluate("[document.cookie, localStorage.getItem('fare')]")
        .await
        .unwrap();
    assert_eq!(mine, serde_json::json!(["seat=12A", "129"]));
    let theirs = second
        .evaluate("[document.cookie, localStorage.getItem('fare')]")
        .await
        .unwrap();
    assert_eq!(theirs, serde_json::json!(["", null]));
    chromium.close().await;
}

#[tokio::test]
async fn an_attached_browser_acts_on_its_existing_page() {
    let Some(chromium) = launch("an_attached_browser_acts_on_its_existing_page").await else {
        return;
    };
    let pages = Pages::serve().await;
    // A page someone already opened in the running browser.
    let opened = chromium.actuator().await.unwrap().page();
    opened.go_to(&pages.url("/form")).await.unwrap();

    // Another client attaches by the DevTools URL and takes that page over.
    let attached = Chromium::connect(&chromium.devtools_url().await)
        .await
        .unwrap();
    let actuator = attached.actuator_on_existing_page().await.unwrap();
    let url = actuator.page().url().await.unwrap();
    assert!(url.ends_with("/form"), "{url}");
    let emulator = common::start_with(interop_scenario()).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let session = workflow.session().actuator(actuator).start().await.unwrap();
    session.act("Sign up as alice on the form").await.unwrap();
    // The act happened on the browser's own page.
    assert!(opened.url().await.unwrap().ends_with("/done?name=alice"));
    chromium.close().await;
}
