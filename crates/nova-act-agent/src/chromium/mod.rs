//! The Chromium actuator: acts on a real Chromium over the DevTools protocol.
//!
//! ```no_run
//! # async fn f(workflow: nova_act_agent::Workflow) -> Result<(), Box<dyn std::error::Error>> {
//! use nova_act_agent::chromium::{Chromium, ChromiumOptions};
//!
//! let chromium = Chromium::launch(ChromiumOptions::default()).await?;
//! let actuator = chromium.actuator().await?; // its own browser context
//! actuator.page().go_to("http://127.0.0.1:8080/form").await?;
//! let session = workflow.session().actuator(actuator).start().await?;
//! session.act("Sign up as alice").await?;
//! chromium.close().await;
//! # Ok(()) }
//! ```
//!
//! * **Finding a browser.** [`ChromiumOptions::executable`], else the `CHROME` or `CHROMIUM`
//!   environment variable, else the first of `chromium`, `chromium-browser`,
//!   `google-chrome`, `google-chrome-stable` and `chrome` on `PATH`. A missing browser is a
//!   [`ChromiumError::NotFound`] that says how to install one. [`Chromium::connect`] attaches
//!   to a running browser by its DevTools WebSocket URL instead.
//! * **Sessions.** [`Chromium::actuator`] opens a new browser context (its own cookies,
//!   storage and tabs) with one page; many actuators share one browser process this way, and
//!   work concurrently. [`Chromium::actuator_on_existing_page`] reuses the browser's first
//!   page (for an attached browser). Launching one [`Chromium`] per session also works.
//! * **The page the model sees** is always the newest tab of the actuator's context: a click
//!   that opens a tab moves the agent there.
//! * **Viewport and observation.** Pages are 1600x813 CSS pixels at device scale 1 (no HiDPI
//!   scaling), so screenshot pixels are CSS pixels. An observation is a JPEG at quality 90 of
//!   the viewport, the page's URL, sizes and scroll, and its user agent, which every page
//!   reports as the browser's own with `HeadlessChrome/` read as `Chrome/` and
//!   ` Agent-NovaAct/0.9` appended.
//! * **Actions** act on the box centre. Click types left, double and right. Typing clicks the
//!   field (twice if the focus does not land), selects and deletes its value, types the text
//!   (key by key up to 10 characters, inserted at once beyond) and presses Enter when asked;
//!   if the focus never lands on an editable field under the point the action is skipped, as
//!   the Python SDK does. A native `<select>`, a colour or a range input is answered with a
//!   redirect telling the model to type the value (its options listed for a select); typing
//!   into them sets the value. File inputs are answered with a redirect: uploads are off.
//!   Scrolling scrolls the scrollable element under the box (or the window) by three
//!   quarters of its visible size. Navigation waits for the `load` event within the
//!   navigation time-out (60 s by default).
//! * **Settling** waits for the page to have loaded and its DOM to be unchanged for 200 ms,
//!   then for two rendered frames; at most 3 s. This guarantees what the Python SDK's
//!   screenshot comparison guarantees (the page has loaded and stopped changing, within 3 s)
//!   without taking screenshots to find out.
//! * **Secrets**: [`ChromiumPage::fill_secret`] types a [`Secret`] into a field named by a
//!   CSS selector, outside any act: the model, the logs and recordings never see it.

mod scripts;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::browser::BrowserContextId;
use chromiumoxide::cdp::browser_protocol::input::{
    DispatchKeyEventParams, DispatchKeyEventType, DispatchMouseEventParams, DispatchMouseEventType,
    InsertTextParams, MouseButton,
};
use chromiumoxide::cdp::browser_protocol::page::{
    CaptureScreenshotFormat, CaptureScreenshotParams, NavigateParams,
};
use chromiumoxide::cdp::browser_protocol::target::{
    AttachToTargetParams, CreateBrowserContextParams, CreateTargetParams, EventTargetCreated,
    EventTargetDestroyed, TargetId,
};
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::handler::viewport::Viewport as CdpViewport;
use chromiumoxide::listeners::EventStream;
use chromiumoxide::Page;
use futures_util::{FutureExt as _, StreamExt as _};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::actuator::{now_ms, ActuationError, Actuator, BrowserDimensions, Observation};
use crate::boxes::{Point, TargetBox};
use crate::calls::{ClickType, ScrollDirection};

/// Executable names looked for on `PATH`, in order.
const EXECUTABLE_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// The suffix the Nova Act model expects in the user agent.
const AGENT_SUFFIX: &str = " Agent-NovaAct/0.9";

/// The DOM must stay unchanged this long for the page to count as settled.
const SETTLE_QUIET: Duration = Duration::from_millis(200);
/// Settling never takes longer than this.
const SETTLE_CAP: Duration = Duration::from_secs(3);

/// Why Chromium could not be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum ChromiumError {
    /// No browser executable was found.
    NotFound {
        /// Where it was looked for.
        searched: String,
    },
    /// The browser could not be started or attached to.
    Launch(String),
    /// A DevTools command failed.
    Protocol(String),
}

impl fmt::Display for ChromiumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChromiumError::NotFound { searched } => write!(
                f,
                "no Chromium found ({searched}); install one (Debian/Ubuntu: `apt-get install \
                 chromium`), or point at an executable with ChromiumOptions::executable or the \
                 CHROME environment variable"
            ),
            ChromiumError::Launch(e) => write!(f, "could not start Chromium: {e}"),
            ChromiumError::Protocol(e) => write!(f, "DevTools protocol error: {e}"),
        }
    }
}

impl std::error::Error for ChromiumError {}

fn protocol(e: impl fmt::Display) -> ChromiumError {
    ChromiumError::Protocol(e.to_string())
}

/// How to start Chromium.
#[derive(Debug, Clone)]
pub struct ChromiumOptions {
    executable: Option<PathBuf>,
    headless: Option<bool>,
    args: Vec<String>,
    viewport: (u32, u32),
    navigation_timeout: Duration,
    no_sandbox: bool,
    ignore_https_errors: bool,
}

impl Default for ChromiumOptions {
    fn default() -> Self {
        ChromiumOptions {
            executable: None,
            headless: None,
            args: Vec::new(),
            viewport: (1600, 813),
            navigation_timeout: Duration::from_secs(60),
            no_sandbox: false,
            ignore_https_errors: false,
        }
    }
}

impl ChromiumOptions {
    /// The browser executable (default: see [the module docs](self)).
    pub fn executable(mut self, path: impl Into<PathBuf>) -> Self {
        self.executable = Some(path.into());
        self
    }

    /// Headless or with a window (default: headless unless `DISPLAY` or `WAYLAND_DISPLAY` is
    /// set, or `NOVA_ACT_HEADLESS` asks for it).
    pub fn headless(mut self, headless: bool) -> Self {
        self.headless = Some(headless);
        self
    }

    /// An extra command-line switch, such as `--proxy-server=http://127.0.0.1:3128`.
    pub fn arg(mut self, arg: impl Into<String>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// The viewport in CSS pixels (default 1600x813, the size the model is trained on).
    pub fn viewport(mut self, width: u32, height: u32) -> Self {
        self.viewport = (width, height);
        self
    }

    /// How long `goToUrl` waits for the page's `load` event (default 60 s).
    pub fn navigation_timeout(mut self, timeout: Duration) -> Self {
        self.navigation_timeout = timeout;
        self
    }

    /// Runs Chromium without its sandbox (needed as root, for example in containers).
    pub fn no_sandbox(mut self, yes: bool) -> Self {
        self.no_sandbox = yes;
        self
    }

    /// Accepts pages whose TLS certificate does not verify (off by default).
    pub fn ignore_https_errors(mut self, yes: bool) -> Self {
        self.ignore_https_errors = yes;
        self
    }

    fn is_headless(&self) -> bool {
        if let Some(headless) = self.headless {
            return headless;
        }
        if std::env::var_os("NOVA_ACT_HEADLESS").is_some() {
            return true;
        }
        std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none()
    }
}

/// Finds a Chromium executable: `explicit`, else `CHROME`/`CHROMIUM`, else the usual names on
/// `PATH`.
pub fn find_chromium(explicit: Option<&Path>) -> Result<PathBuf, ChromiumError> {
    if let Some(path) = explicit {
        return if path.is_file() {
            Ok(path.to_owned())
        } else {
            Err(ChromiumError::NotFound {
                searched: format!("the given executable {} does not exist", path.display()),
            })
        };
    }
    for variable in ["CHROME", "CHROMIUM"] {
        if let Some(value) = std::env::var_os(variable) {
            let path = PathBuf::from(&value);
            if path.is_file() {
                return Ok(path);
            }
            return Err(ChromiumError::NotFound {
                searched: format!("{variable}={} is not a file", path.display()),
            });
        }
    }
    let dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    for name in EXECUTABLE_NAMES {
        for dir in &dirs {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err(ChromiumError::NotFound {
        searched: format!(
            "CHROME and CHROMIUM are unset, and none of {} is on PATH",
            EXECUTABLE_NAMES.join(", ")
        ),
    })
}

/// A Chromium browser, launched or attached. Cheap to clone; the browser is closed by
/// [`Chromium::close`], or killed when the last clone and actuator are dropped.
#[derive(Clone)]
pub struct Chromium {
    shared: Arc<BrowserShared>,
}

struct BrowserShared {
    browser: tokio::sync::Mutex<Browser>,
    /// The handler's task: it drives the DevTools connection.
    handler: tokio::task::JoinHandle<()>,
    user_agent: String,
    navigation_timeout: Duration,
    /// The user-data directory this process made, removed on close.
    profile: Option<PathBuf>,
    /// Whether the pages that existed before the connection were taken over.
    discovered: AtomicBool,
}

impl fmt::Debug for Chromium {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Chromium")
            .field("user_agent", &self.shared.user_agent)
            .finish_non_exhaustive()
    }
}

impl Drop for BrowserShared {
    fn drop(&mut self) {
        self.handler.abort();
        if let Some(profile) = &self.profile {
            let _ = std::fs::remove_dir_all(profile);
        }
    }
}

impl Chromium {
    /// Launches a local Chromium.
    pub async fn launch(options: ChromiumOptions) -> Result<Chromium, ChromiumError> {
        let executable = find_chromium(options.executable.as_deref())?;
        let profile = std::env::temp_dir().join(format!(
            "nova-act-chromium-{}-{}",
            std::process::id(),
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default()
        ));
        let (width, height) = options.viewport;
        let mut config = BrowserConfig::builder()
            .chrome_executable(&executable)
            .user_data_dir(&profile)
            .viewport(CdpViewport {
                width,
                height,
                device_scale_factor: Some(1.0),
                emulating_mobile: false,
                is_landscape: false,
                has_touch: false,
            })
            .window_size(width, height + 87)
            .request_timeout(options.navigation_timeout.max(Duration::from_secs(30)))
            .args(
                options
                    .args
                    .iter()
                    .map(|a| a.trim_start_matches('-').to_owned()),
            );
        config = if options.is_headless() {
            config.new_headless_mode()
        } else {
            config.with_head()
        };
        if options.no_sandbox {
            config = config.no_sandbox();
        }
        if !options.ignore_https_errors {
            config = config.respect_https_errors();
        }
        let config = config.build().map_err(ChromiumError::Launch)?;
        let (browser, handler) = Browser::launch(config)
            .await
            .map_err(|e| ChromiumError::Launch(format!("{} ({})", e, executable.display())))?;
        Self::started(browser, handler, options.navigation_timeout, Some(profile)).await
    }

    /// Attaches to a running browser by its DevTools WebSocket URL
    /// (`ws://127.0.0.1:9222/devtools/browser/...`).
    pub async fn connect(devtools_url: &str) -> Result<Chromium, ChromiumError> {
        let (browser, handler) = Browser::connect(devtools_url)
            .await
            .map_err(|e| ChromiumError::Launch(format!("{e} ({devtools_url})")))?;
        Self::started(browser, handler, Duration::from_secs(60), None).await
    }

    async fn started(
        browser: Browser,
        mut handler: chromiumoxide::Handler,
        navigation_timeout: Duration,
        profile: Option<PathBuf>,
    ) -> Result<Chromium, ChromiumError> {
        let handler = tokio::spawn(async move {
            while let Some(event) = handler.next().await {
                if let Err(e) = event {
                    tracing::debug!(error = %e, "DevTools connection event");
                }
            }
        });
        let version = browser.user_agent().await.map_err(protocol)?;
        let user_agent = format!(
            "{}{AGENT_SUFFIX}",
            version.replace("HeadlessChrome/", "Chrome/")
        );
        Ok(Chromium {
            shared: Arc::new(BrowserShared {
                browser: tokio::sync::Mutex::new(browser),
                handler,
                user_agent,
                navigation_timeout,
                profile,
                discovered: AtomicBool::new(false),
            }),
        })
    }

    /// The browser's DevTools WebSocket URL, for [`Chromium::connect`] from elsewhere.
    pub async fn devtools_url(&self) -> String {
        self.shared.browser.lock().await.websocket_address().clone()
    }

    /// The user agent pages report (`Agent-NovaAct/0.9` appended).
    pub fn user_agent(&self) -> &str {
        &self.shared.user_agent
    }

    /// An actuator in a new browser context of its own (cookies, storage, tabs), on a blank
    /// page.
    pub async fn actuator(&self) -> Result<ChromiumActuator, ChromiumError> {
        self.actuator_at("about:blank").await
    }

    /// An actuator in a new browser context of its own, whose page opens at `url` (no blank
    /// page first, no second navigation).
    pub async fn actuator_at(&self, url: &str) -> Result<ChromiumActuator, ChromiumError> {
        let browser = self.shared.browser.lock().await;
        let context = browser
            .create_browser_context(CreateBrowserContextParams::default())
            .await
            .map_err(protocol)?;
        let params = CreateTargetParams::builder()
            .url(url)
            .browser_context_id(context.clone())
            .build()
            .map_err(ChromiumError::Protocol)?;
        let created = browser
            .event_listener::<EventTargetCreated>()
            .await
            .map_err(protocol)?;
        let destroyed = browser
            .event_listener::<EventTargetDestroyed>()
            .await
            .map_err(protocol)?;
        let page = browser.new_page(params).await.map_err(protocol)?;
        drop(browser);
        self.actuator_with(Some(context), page, created, destroyed)
            .await
    }

    /// An actuator on the browser's first existing page, in its default context (for a browser
    /// attached with [`Chromium::connect`]); a new page if it has none or it does not answer.
    ///
    /// Call it first on a handle, before [`Chromium::actuator`]: taking over the pages that
    /// existed before the connection is done once per handle.
    pub async fn actuator_on_existing_page(&self) -> Result<ChromiumActuator, ChromiumError> {
        let browser = self.shared.browser.lock().await;
        let created = browser
            .event_listener::<EventTargetCreated>()
            .await
            .map_err(protocol)?;
        let destroyed = browser
            .event_listener::<EventTargetDestroyed>()
            .await
            .map_err(protocol)?;
        drop(browser);
        // Pages that existed before this connection are unknown to the DevTools client until
        // it is told about them, and usable once attached with a flat session.
        let mut page = None;
        let existing = {
            let mut browser = self.shared.browser.lock().await;
            // Listing the targets registers them anew with the DevTools client, which would
            // reset pages it already drives: once per handle.
            let targets = if self.shared.discovered.swap(true, Ordering::SeqCst) {
                Vec::new()
            } else {
                browser.fetch_targets().await.map_err(protocol)?
            };
            // A page showing a document of its own rather than the browser's new-tab page.
            let pages: Vec<_> = targets.into_iter().filter(|t| t.r#type == "page").collect();
            pages
                .iter()
                .find(|t| !t.url.starts_with("chrome://"))
                .or(pages.first())
                .map(|t| t.target_id.clone())
        };
        if let Some(target) = existing {
            // Attached with a flat session (the DevTools client's own attach is not flat, and
            // its session never answers); the session last attached is the one used, so
            // attach again if the page does not answer.
            'attach: for _ in 0..5 {
                let attach = AttachToTargetParams::builder()
                    .target_id(target.clone())
                    .flatten(true)
                    .build()
                    .map_err(ChromiumError::Protocol)?;
                {
                    let browser = self.shared.browser.lock().await;
                    browser.execute(attach).await.map_err(protocol)?;
                }
                for _ in 0..10 {
                    let found = {
                        let browser = self.shared.browser.lock().await;
                        browser.get_page(target.clone()).await
                    };
                    if let Ok(candidate) = found {
                        let answered = tokio::time::timeout(
                            Duration::from_millis(300),
                            evaluate(&candidate, "1"),
                        )
                        .await;
                        if matches!(answered, Ok(Ok(_))) {
                            page = Some(candidate);
                            break 'attach;
                        }
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
        let page = match page {
            Some(page) => page,
            None => {
                let browser = self.shared.browser.lock().await;
                browser.new_page("about:blank").await.map_err(protocol)?
            }
        };
        self.actuator_with(None, page, created, destroyed).await
    }

    async fn actuator_with(
        &self,
        context: Option<BrowserContextId>,
        page: Page,
        created: EventStream<EventTargetCreated>,
        destroyed: EventStream<EventTargetDestroyed>,
    ) -> Result<ChromiumActuator, ChromiumError> {
        page.set_user_agent(self.shared.user_agent.as_str())
            .await
            .map_err(protocol)?;
        let page = ChromiumPage {
            shared: Arc::new(PageShared {
                chromium: Arc::clone(&self.shared),
                context,
                tabs: tokio::sync::Mutex::new(Tabs {
                    pages: vec![page],
                    created,
                    destroyed,
                }),
            }),
        };
        Ok(ChromiumActuator { page })
    }

    /// Closes the browser (and removes the profile directory it was launched with).
    pub async fn close(self) {
        let mut browser = self.shared.browser.lock().await;
        if browser.close().await.is_ok() {
            let _ = browser.wait().await;
        }
    }
}

/// The tabs of one actuator: the newest is the active page.
struct Tabs {
    pages: Vec<Page>,
    created: EventStream<EventTargetCreated>,
    destroyed: EventStream<EventTargetDestroyed>,
}

struct PageShared {
    chromium: Arc<BrowserShared>,
    /// The browser context this actuator made, disposed of when it is dropped.
    context: Option<BrowserContextId>,
    tabs: tokio::sync::Mutex<Tabs>,
}

impl Drop for PageShared {
    fn drop(&mut self) {
        let Some(context) = self.context.take() else {
            return;
        };
        let chromium = Arc::clone(&self.chromium);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let browser = chromium.browser.lock().await;
                let _ = browser.dispose_browser_context(context).await;
            });
        }
    }
}

/// A handle on an actuator's page, for the application: navigate, read the page, fill in
/// secrets. Cheap to clone; it follows the actuator's newest tab.
#[derive(Clone)]
pub struct ChromiumPage {
    shared: Arc<PageShared>,
}

impl fmt::Debug for ChromiumPage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChromiumPage").finish_non_exhaustive()
    }
}

/// A value typed into the page that must never reach the model, the logs or a recording.
/// Its `Debug` form is redacted.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageState {
    url: String,
    user_agent: String,
    inner_width: f64,
    inner_height: f64,
    scroll_x: f64,
    scroll_y: f64,
    scroll_width: f64,
    scroll_height: f64,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Probe {
    None,
    Other,
    Select { options: Vec<SelectOption> },
    Color,
    Range { min: String, max: String },
    File,
}

#[derive(Debug, Deserialize, serde::Serialize)]
struct SelectOption {
    label: String,
    value: String,
}

impl ChromiumPage {
    /// The active page (the newest open tab), after taking note of tabs opened or closed.
    async fn active(&self) -> Result<Page, ChromiumError> {
        let mut tabs = self.shared.tabs.lock().await;
        while let Some(Some(event)) = tabs.destroyed.next().now_or_never() {
            tabs.pages.retain(|p| *p.target_id() != event.target_id);
        }
        let mut opened: Vec<TargetId> = Vec::new();
        while let Some(Some(event)) = tabs.created.next().now_or_never() {
            let info = &event.target_info;
            let ours = info.browser_context_id.as_ref() == self.shared.context.as_ref()
                || self.shared.context.is_none();
            if info.r#type == "page" && ours {
                opened.push(info.target_id.clone());
            }
        }
        for target in opened {
            if tabs.pages.iter().any(|p| *p.target_id() == target) {
                continue;
            }
            if let Some(page) = self.attach(target).await {
                tabs.pages.push(page);
            }
        }
        tabs.pages
            .last()
            .cloned()
            .ok_or_else(|| ChromiumError::Protocol("every tab of the session was closed".into()))
    }

    /// The page of a new tab, once the browser has attached to it.
    async fn attach(&self, target: TargetId) -> Option<Page> {
        for _ in 0..40 {
            let found = {
                let browser = self.shared.chromium.browser.lock().await;
                browser.get_page(target.clone()).await
            };
            if let Ok(page) = found {
                let _ = page
                    .set_user_agent(self.shared.chromium.user_agent.as_str())
                    .await;
                return Some(page);
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        tracing::warn!(target = ?target, "a new tab never became available");
        None
    }

    /// Evaluates a JavaScript expression in the active page and returns its JSON value
    /// (promises are awaited).
    pub async fn evaluate(&self, expression: &str) -> Result<Value, ChromiumError> {
        let page = self.active().await?;
        evaluate(&page, expression).await
    }

    /// The active page's URL.
    pub async fn url(&self) -> Result<String, ChromiumError> {
        let value = self.evaluate("location.href").await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Navigates the active page and waits for its `load` event.
    pub async fn go_to(&self, url: &str) -> Result<(), ChromiumError> {
        let page = self.active().await?;
        let timeout = self.shared.chromium.navigation_timeout;
        match tokio::time::timeout(timeout, navigate(&page, url)).await {
            Ok(outcome) => outcome,
            Err(_) => Err(ChromiumError::Protocol(format!(
                "navigation to {url} did not load within {timeout:?}"
            ))),
        }
    }

    /// Types `secret` into the field `selector` (a CSS selector) names, replacing its value,
    /// outside any act: the value is never logged, sent to the service or recorded.
    pub async fn fill_secret(&self, selector: &str, secret: &Secret) -> Result<(), ChromiumError> {
        let page = self.active().await?;
        let problem = evaluate(
            &page,
            &scripts::call(scripts::FOCUS_SELECTOR, &json!([selector])),
        )
        .await?;
        if let Some(problem) = problem.as_str() {
            return Err(ChromiumError::Protocol(format!("{selector}: {problem}")));
        }
        press(&page, Key::Delete).await?;
        page.execute(InsertTextParams::new(secret.0.clone()))
            .await
            .map_err(protocol)?;
        Ok(())
    }
}

/// The actuator: one page (and the tabs it opens) in Chromium.
pub struct ChromiumActuator {
    page: ChromiumPage,
}

impl fmt::Debug for ChromiumActuator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChromiumActuator").finish_non_exhaustive()
    }
}

impl ChromiumActuator {
    /// A handle on the page, which stays valid after the actuator is given to a session.
    pub fn page(&self) -> ChromiumPage {
        self.page.clone()
    }

    async fn active(&self) -> Result<Page, ActuationError> {
        self.page.active().await.map_err(failed)
    }
}

fn failed(e: ChromiumError) -> ActuationError {
    ActuationError::Failed(Box::new(e))
}

async fn evaluate(page: &Page, expression: &str) -> Result<Value, ChromiumError> {
    let params = EvaluateParams::builder()
        .expression(expression)
        .await_promise(true)
        .return_by_value(true)
        .build()
        .map_err(ChromiumError::Protocol)?;
    // Sent as a plain command, without a context id: the page's current main-frame context
    // runs it, even right after a navigation replaced the previous one.
    let response = page.execute(params).await.map_err(protocol)?.result;
    if let Some(exception) = response.exception_details {
        return Err(ChromiumError::Protocol(format!(
            "script failed: {}",
            exception.text
        )));
    }
    Ok(response.result.value.unwrap_or(Value::Null))
}

/// `Page.navigate`, then waits until the new document has loaded (`readyState` complete).
async fn navigate(page: &Page, url: &str) -> Result<(), ChromiumError> {
    let navigated = page
        .execute(NavigateParams::new(url))
        .await
        .map_err(|e| ChromiumError::Protocol(format!("navigation to {url} failed: {e}")))?;
    if let Some(error) = &navigated.result.error_text {
        return Err(ChromiumError::Protocol(format!(
            "navigation to {url} failed: {error}"
        )));
    }
    // The navigation has committed: the document now is the new one.
    loop {
        let state = evaluate(page, "document.readyState").await;
        if matches!(&state, Ok(Value::String(s)) if s == "complete") {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn mouse(
    page: &Page,
    kind: DispatchMouseEventType,
    at: Point,
    button: MouseButton,
    clicks: i64,
) -> Result<(), ChromiumError> {
    let params = DispatchMouseEventParams::builder()
        .r#type(kind)
        .x(at.x)
        .y(at.y)
        .button(button)
        .click_count(clicks)
        .build()
        .map_err(ChromiumError::Protocol)?;
    page.execute(params).await.map_err(protocol)?;
    Ok(())
}

async fn click_at(page: &Page, at: Point, click: ClickType) -> Result<(), ChromiumError> {
    let (button, clicks) = match click {
        ClickType::Left => (MouseButton::Left, 1),
        ClickType::LeftDouble => (MouseButton::Left, 2),
        ClickType::Right => (MouseButton::Right, 1),
    };
    mouse(
        page,
        DispatchMouseEventType::MouseMoved,
        at,
        MouseButton::None,
        0,
    )
    .await?;
    for count in 1..=clicks {
        mouse(
            page,
            DispatchMouseEventType::MousePressed,
            at,
            button.clone(),
            count,
        )
        .await?;
        mouse(
            page,
            DispatchMouseEventType::MouseReleased,
            at,
            button.clone(),
            count,
        )
        .await?;
    }
    Ok(())
}

/// Keys the actuator presses.
#[derive(Clone, Copy)]
enum Key {
    Enter,
    Delete,
}

async fn press(page: &Page, key: Key) -> Result<(), ChromiumError> {
    let (name, code, text) = match key {
        Key::Enter => ("Enter", 13, Some("\r")),
        Key::Delete => ("Delete", 46, None),
    };
    for kind in [DispatchKeyEventType::KeyDown, DispatchKeyEventType::KeyUp] {
        let mut params = DispatchKeyEventParams::builder()
            .r#type(kind.clone())
            .key(name)
            .code(name)
            .windows_virtual_key_code(code)
            .native_virtual_key_code(code);
        if let (Some(text), DispatchKeyEventType::KeyDown) = (text, &kind) {
            params = params.text(text);
        }
        let params = params.build().map_err(ChromiumError::Protocol)?;
        page.execute(params).await.map_err(protocol)?;
    }
    Ok(())
}

/// Types `text` key by key (short values) or inserts it at once (long ones).
async fn enter_text(page: &Page, text: &str) -> Result<(), ChromiumError> {
    if text.chars().count() > 10 {
        page.execute(InsertTextParams::new(text))
            .await
            .map_err(protocol)?;
        return Ok(());
    }
    for c in text.chars() {
        let key = c.to_string();
        let down = DispatchKeyEventParams::builder()
            .r#type(DispatchKeyEventType::KeyDown)
            .key(key.clone())
            .text(key.clone())
            .build()
            .map_err(ChromiumError::Protocol)?;
        page.execute(down).await.map_err(protocol)?;
        let up = DispatchKeyEventParams::builder()
            .r#type(DispatchKeyEventType::KeyUp)
            .key(key)
            .build()
            .map_err(ChromiumError::Protocol)?;
        page.execute(up).await.map_err(protocol)?;
    }
    Ok(())
}

async fn probe(page: &Page, at: Point) -> Result<Probe, ChromiumError> {
    let value = evaluate(page, &scripts::call(scripts::PROBE, &json!([at.x, at.y]))).await?;
    serde_json::from_value(value).map_err(protocol)
}

/// The redirect for a special control under the point, if there is one.
fn redirect_for(probe: &Probe, target: &TargetBox) -> Option<String> {
    match probe {
        Probe::Select { options } => {
            let listed = serde_json::to_string(options).unwrap_or_default();
            Some(format!(
                "This is a dropdown (<select>); it is answered by typing. Call agentType with \
                 the value of the option to choose and the same box {target}. The options: \
                 {listed}"
            ))
        }
        Probe::Color => Some(format!(
            "This is a colour input; call agentType with a #RRGGBB colour and the same box \
             {target}."
        )),
        Probe::Range { min, max } => Some(format!(
            "This is a slider (range input); call agentType with a number from {min} to {max} \
             and the same box {target}."
        )),
        Probe::File => Some(
            "This opens a file chooser, and file uploads are not allowed in this session."
                .to_owned(),
        ),
        Probe::None | Probe::Other => None,
    }
}

#[async_trait]
impl Actuator for ChromiumActuator {
    async fn observe(&mut self) -> Result<Observation, ActuationError> {
        let page = self.active().await?;
        let state = evaluate(&page, &scripts::call(scripts::PAGE_STATE, &json!([])))
            .await
            .map_err(failed)?;
        let state: PageState = serde_json::from_value(state).map_err(|e| failed(protocol(e)))?;
        let screenshot = page
            .execute(
                CaptureScreenshotParams::builder()
                    .format(CaptureScreenshotFormat::Jpeg)
                    .quality(90)
                    .from_surface(true)
                    .build(),
            )
            .await
            .map_err(|e| failed(protocol(e)))?;
        let jpeg: &str = screenshot.result.data.as_ref();
        Ok(Observation {
            active_url: state.url,
            browser_dimensions: BrowserDimensions {
                scroll_height: state.scroll_height,
                scroll_left: state.scroll_x,
                scroll_top: state.scroll_y,
                scroll_width: state.scroll_width,
                window_height: state.inner_height,
                window_width: state.inner_width,
            },
            id_to_bbox_map: serde_json::Map::new(),
            screenshot_base64: format!("data:image/jpeg;base64,{jpeg}"),
            simplified_dom: String::new(),
            timestamp_ms: now_ms(),
            user_agent: state.user_agent,
        })
    }

    async fn settle(&mut self) -> Result<(), ActuationError> {
        let page = self.active().await?;
        let script = scripts::call(
            scripts::SETTLE,
            &json!([
                SETTLE_QUIET.as_millis() as u64,
                SETTLE_CAP.as_millis() as u64
            ]),
        );
        // A page that navigates away mid-wait ends the script; that is settled enough, the
        // next observation sees the new page.
        let settled = tokio::time::timeout(
            SETTLE_CAP + Duration::from_millis(500),
            evaluate(&page, &script),
        )
        .await;
        if let Ok(Err(e)) = settled {
            tracing::debug!(error = %e, "settle script interrupted");
        }
        Ok(())
    }

    async fn click(&mut self, target: TargetBox, click: ClickType) -> Result<(), ActuationError> {
        let page = self.active().await?;
        let at = target.center();
        if click == ClickType::Left {
            let under = probe(&page, at).await.map_err(failed)?;
            if let Some(redirect) = redirect_for(&under, &target) {
                return Err(ActuationError::Redirect(redirect));
            }
        }
        click_at(&page, at, click).await.map_err(failed)
    }

    async fn hover(&mut self, target: TargetBox) -> Result<(), ActuationError> {
        let page = self.active().await?;
        mouse(
            &page,
            DispatchMouseEventType::MouseMoved,
            target.center(),
            MouseButton::None,
            0,
        )
        .await
        .map_err(failed)
    }

    async fn scroll(
        &mut self,
        target: TargetBox,
        direction: ScrollDirection,
    ) -> Result<(), ActuationError> {
        let page = self.active().await?;
        let at = target.center();
        let vertical = matches!(direction, ScrollDirection::Up | ScrollDirection::Down);
        let amount = evaluate(
            &page,
            &scripts::call(scripts::SCROLL_AMOUNT, &json!([at.x, at.y, vertical])),
        )
        .await
        .map_err(failed)?
        .as_f64()
        .unwrap_or(0.0);
        if amount <= 0.0 {
            return Ok(());
        }
        let (dx, dy) = match direction {
            ScrollDirection::Down => (0.0, amount),
            ScrollDirection::Up => (0.0, -amount),
            ScrollDirection::Right => (amount, 0.0),
            ScrollDirection::Left => (-amount, 0.0),
        };
        mouse(
            &page,
            DispatchMouseEventType::MouseMoved,
            at,
            MouseButton::None,
            0,
        )
        .await
        .map_err(failed)?;
        let wheel = DispatchMouseEventParams::builder()
            .r#type(DispatchMouseEventType::MouseWheel)
            .x(at.x)
            .y(at.y)
            .delta_x(dx)
            .delta_y(dy)
            .build()
            .map_err(|e| failed(ChromiumError::Protocol(e)))?;
        page.execute(wheel).await.map_err(|e| failed(protocol(e)))?;
        // Wheel scrolls may be animated: wait until the page stops moving (at most 1 s).
        let stopped = scripts::call(scripts::SCROLL_STOPPED, &json!([at.x, at.y, 1000]));
        evaluate(&page, &stopped).await.map_err(failed)?;
        Ok(())
    }

    async fn type_text(
        &mut self,
        target: TargetBox,
        text: &str,
        press_enter: bool,
    ) -> Result<(), ActuationError> {
        let page = self.active().await?;
        let at = target.center();
        match probe(&page, at).await.map_err(failed)? {
            Probe::Select { .. } | Probe::Color | Probe::Range { .. } => {
                let script = scripts::call(scripts::SET_SPECIAL_VALUE, &json!([at.x, at.y, text]));
                let problem = evaluate(&page, &script).await.map_err(failed)?;
                if let Some(problem) = problem.as_str() {
                    return Err(ActuationError::Redirect(format!(
                        "could not set {text:?} at {target}: {problem}"
                    )));
                }
                return Ok(());
            }
            Probe::File => {
                return Err(ActuationError::Redirect(
                    "File uploads are not allowed in this session.".to_owned(),
                ))
            }
            Probe::None | Probe::Other => {}
        }
        // Click until the focus lands on an editable field under the point (2 tries).
        let focus_check = scripts::call(scripts::FOCUS_IS_EDITABLE_AT, &json!([at.x, at.y]));
        let mut focused = false;
        for attempt in 0..2 {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            click_at(&page, at, ClickType::Left).await.map_err(failed)?;
            if evaluate(&page, &focus_check).await.map_err(failed)? == Value::Bool(true) {
                focused = true;
                break;
            }
        }
        if !focused {
            // As the Python SDK: an unfocusable field is skipped, not an error.
            tracing::warn!(%target, "agentType: no editable field took the focus; skipped");
            return Ok(());
        }
        evaluate(
            &page,
            &scripts::call(scripts::SELECT_FOCUSED_VALUE, &json!([])),
        )
        .await
        .map_err(failed)?;
        press(&page, Key::Delete).await.map_err(failed)?;
        enter_text(&page, text).await.map_err(failed)?;
        if press_enter {
            press(&page, Key::Enter).await.map_err(failed)?;
        }
        Ok(())
    }

    async fn go_to_url(&mut self, url: &str) -> Result<(), ActuationError> {
        self.page.go_to(url).await.map_err(failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boxes::Viewport;

    #[test]
    fn a_missing_browser_says_how_to_get_one() {
        let err = find_chromium(Some(Path::new("/nonexistent/chromium"))).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("/nonexistent/chromium"), "{text}");
        assert!(text.contains("apt-get install chromium"), "{text}");
    }

    #[test]
    fn redirects_name_the_options_and_the_box() {
        let target = TargetBox::parse("<box>10,20,30,40</box>", Viewport::RECOMMENDED).unwrap();
        let select = Probe::Select {
            options: vec![
                SelectOption {
                    label: "Lisbon".into(),
                    value: "LIS".into(),
                },
                SelectOption {
                    label: "Porto".into(),
                    value: "OPO".into(),
                },
            ],
        };
        let text = redirect_for(&select, &target).unwrap();
        assert!(text.contains("agentType"), "{text}");
        assert!(text.contains("<box>10,20,30,40</box>"), "{text}");
        assert!(
            text.contains(r#"[{"label":"Lisbon","value":"LIS"},{"label":"Porto","value":"OPO"}]"#),
            "{text}"
        );
        let range = Probe::Range {
            min: "1".into(),
            max: "9".into(),
        };
        assert!(redirect_for(&range, &target)
            .unwrap()
            .contains("from 1 to 9"));
        assert!(redirect_for(&Probe::Other, &target).is_none());
    }
}
