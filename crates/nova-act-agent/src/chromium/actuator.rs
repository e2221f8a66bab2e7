//! The [`Actuator`] over a Chromium page: actions, redirects, settling, observations.

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use chromiumoxide::cdp::browser_protocol::input::{
    DispatchMouseEventParams, DispatchMouseEventType, MouseButton,
};
use chromiumoxide::cdp::browser_protocol::page::{
    CaptureScreenshotFormat, CaptureScreenshotParams,
};
use chromiumoxide::Page;
use serde::Deserialize;
use serde_json::{json, Value};

use super::browser::{protocol, ChromiumError};
use super::page::{click_at, enter_text, evaluate, mouse, press, ChromiumPage, Key};
use super::scripts;
use crate::actuator::{now_ms, ActuationError, Actuator, BrowserDimensions, Observation};
use crate::boxes::{Point, TargetBox};
use crate::calls::{ClickType, ScrollDirection};

/// The DOM must stay unchanged this long for the page to count as settled.
pub(super) const SETTLE_QUIET: Duration = Duration::from_millis(200);
/// Settling never takes longer than this.
pub(super) const SETTLE_CAP: Duration = Duration::from_secs(3);

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PageState {
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
pub(super) enum Probe {
    None,
    Other,
    Select { options: Vec<SelectOption> },
    Color,
    Range { min: String, max: String },
    File,
}

#[derive(Debug, Deserialize, serde::Serialize)]
pub(super) struct SelectOption {
    label: String,
    value: String,
}

/// The actuator: one page (and the tabs it opens) in Chromium.
pub struct ChromiumActuator {
    pub(super) page: ChromiumPage,
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

pub(super) fn failed(e: ChromiumError) -> ActuationError {
    ActuationError::Failed(Box::new(e))
}

pub(super) async fn probe(page: &Page, at: Point) -> Result<Probe, ChromiumError> {
    let value = evaluate(page, &scripts::call(scripts::PROBE, &json!([at.x, at.y]))).await?;
    serde_json::from_value(value).map_err(protocol)
}

/// The redirect for a special control under the point, if there is one.
pub(super) fn redirect_for(probe: &Probe, target: &TargetBox) -> Option<String> {
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
