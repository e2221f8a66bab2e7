//! A session's page: its tabs, the page handle the application holds, and the DevTools
//! commands the actuator sends.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chromiumoxide::cdp::browser_protocol::browser::BrowserContextId;
use chromiumoxide::cdp::browser_protocol::input::{
    DispatchKeyEventParams, DispatchKeyEventType, DispatchMouseEventParams, DispatchMouseEventType,
    InsertTextParams, MouseButton,
};
use chromiumoxide::cdp::browser_protocol::page::NavigateParams;
use chromiumoxide::cdp::browser_protocol::target::{
    EventTargetCreated, EventTargetDestroyed, TargetId,
};
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::listeners::EventStream;
use chromiumoxide::Page;
use futures_util::{FutureExt as _, StreamExt as _};
use serde_json::{json, Value};

use super::browser::{protocol, BrowserShared, ChromiumError};
use super::scripts;
use crate::boxes::Point;
use crate::calls::ClickType;

/// The tabs of one actuator: the newest is the active page.
pub(super) struct Tabs {
    pub(super) pages: Vec<Page>,
    pub(super) created: EventStream<EventTargetCreated>,
    pub(super) destroyed: EventStream<EventTargetDestroyed>,
    /// Pages that were open before the actuator took over a running browser: the browser
    /// announces them as created when the client discovers them, but they are not new tabs.
    pub(super) preexisting: Vec<TargetId>,
}

pub(super) struct PageShared {
    pub(super) chromium: Arc<BrowserShared>,
    /// The browser context this actuator made, disposed of when it is dropped.
    pub(super) context: Option<BrowserContextId>,
    pub(super) tabs: tokio::sync::Mutex<Tabs>,
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
    pub(super) shared: Arc<PageShared>,
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

impl ChromiumPage {
    /// The active page (the newest open tab), after taking note of tabs opened or closed.
    pub(super) async fn active(&self) -> Result<Page, ChromiumError> {
        let mut tabs = self.shared.tabs.lock().await;
        while let Some(Some(event)) = tabs.destroyed.next().now_or_never() {
            tabs.pages.retain(|p| *p.target_id() != event.target_id);
        }
        let mut opened: Vec<TargetId> = Vec::new();
        while let Some(Some(event)) = tabs.created.next().now_or_never() {
            let info = &event.target_info;
            let ours = info.browser_context_id.as_ref() == self.shared.context.as_ref()
                || self.shared.context.is_none();
            if info.r#type == "page" && ours && !tabs.preexisting.contains(&info.target_id) {
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

pub(super) async fn evaluate(page: &Page, expression: &str) -> Result<Value, ChromiumError> {
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
pub(super) async fn navigate(page: &Page, url: &str) -> Result<(), ChromiumError> {
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

pub(super) async fn mouse(
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

pub(super) async fn click_at(
    page: &Page,
    at: Point,
    click: ClickType,
) -> Result<(), ChromiumError> {
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
pub(super) enum Key {
    Enter,
    Delete,
}

pub(super) async fn press(page: &Page, key: Key) -> Result<(), ChromiumError> {
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
pub(super) async fn enter_text(page: &Page, text: &str) -> Result<(), ChromiumError> {
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
