//! Launching or attaching to Chromium, and opening a session's browser context.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::browser::BrowserContextId;
use chromiumoxide::cdp::browser_protocol::target::{
    AttachToTargetParams, CreateBrowserContextParams, CreateTargetParams, EventTargetCreated,
    EventTargetDestroyed, TargetId,
};
use chromiumoxide::handler::viewport::Viewport as CdpViewport;
use chromiumoxide::listeners::EventStream;
use chromiumoxide::Page;
use futures_util::StreamExt as _;

use super::actuator::ChromiumActuator;
use super::page::{evaluate, ChromiumPage, PageShared, Tabs};

/// Executable names looked for on `PATH`, in order.
pub(super) const EXECUTABLE_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// The suffix the Nova Act model expects in the user agent.
pub(super) const AGENT_SUFFIX: &str = " Agent-NovaAct/0.9";

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

pub(super) fn protocol(e: impl fmt::Display) -> ChromiumError {
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
    /// The browser executable (default: see [`find_chromium`]).
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

pub(super) struct BrowserShared {
    pub(super) browser: tokio::sync::Mutex<Browser>,
    /// The handler's task: it drives the DevTools connection.
    pub(super) handler: tokio::task::JoinHandle<()>,
    pub(super) user_agent: String,
    pub(super) navigation_timeout: Duration,
    /// The user-data directory this process made, removed on close.
    pub(super) profile: Option<PathBuf>,
    /// Whether the pages that existed before the connection were taken over.
    pub(super) discovered: AtomicBool,
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
        self.actuator_with(Some(context), page, created, destroyed, Vec::new())
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
        let mut preexisting: Vec<TargetId>;
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
            preexisting = pages.iter().map(|t| t.target_id.clone()).collect();
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
        // The other pages already open are not tabs this session opened.
        preexisting.retain(|target| target != page.target_id());
        self.actuator_with(None, page, created, destroyed, preexisting)
            .await
    }

    async fn actuator_with(
        &self,
        context: Option<BrowserContextId>,
        page: Page,
        created: EventStream<EventTargetCreated>,
        destroyed: EventStream<EventTargetDestroyed>,
        preexisting: Vec<TargetId>,
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
                    preexisting,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_browser_says_how_to_get_one() {
        let err = find_chromium(Some(Path::new("/nonexistent/chromium"))).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("/nonexistent/chromium"), "{text}");
        assert!(text.contains("apt-get install chromium"), "{text}");
    }
}
