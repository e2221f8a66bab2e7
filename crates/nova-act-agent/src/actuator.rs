//! The browser seam: what acts on the page, and what the model sees of it.
//!
//! An [`Actuator`] carries out the built-in actions of the protocol over arguments that are
//! already parsed and checked (boxes against the viewport, URLs against the allowed
//! schemes), and takes observations. The act loop owns the protocol; an actuator only acts.
//!
//! This crate ships [`BlankActuator`], which has no browser. The Chromium actuator comes with
//! the `chromium` feature.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::boxes::{TargetBox, Viewport};
use crate::calls::{ClickType, ScrollDirection};

/// The page as the model sees it: the `takeObservation` result.
///
/// Field names and order are the protocol's. `screenshot_base64` is a
/// `data:image/jpeg;base64,` URL of a JPEG at quality 90 whose pixels are CSS pixels of the
/// viewport.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// The active page's URL.
    #[serde(rename = "activeURL")]
    pub active_url: String,
    /// Scroll and window sizes.
    #[serde(rename = "browserDimensions")]
    pub browser_dimensions: BrowserDimensions,
    /// Element boxes by id; empty unless the actuator records the DOM.
    #[serde(rename = "idToBboxMap")]
    pub id_to_bbox_map: serde_json::Map<String, serde_json::Value>,
    /// The screenshot as a data URL.
    #[serde(rename = "screenshotBase64")]
    pub screenshot_base64: String,
    /// A simplified DOM; empty unless the actuator records the DOM.
    #[serde(rename = "simplifiedDOM")]
    pub simplified_dom: String,
    /// When it was taken, in milliseconds since the Unix epoch.
    pub timestamp_ms: u64,
    /// `navigator.userAgent`.
    #[serde(rename = "userAgent")]
    pub user_agent: String,
}

/// The `browserDimensions` of an [`Observation`], in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BrowserDimensions {
    // Whole numbers are written without a fraction, as the browser reports them.
    /// `document.body.scrollHeight`.
    #[serde(serialize_with = "whole_as_integer")]
    pub scroll_height: f64,
    /// `window.scrollX`.
    #[serde(serialize_with = "whole_as_integer")]
    pub scroll_left: f64,
    /// `window.scrollY`.
    #[serde(serialize_with = "whole_as_integer")]
    pub scroll_top: f64,
    /// `document.body.scrollWidth`.
    #[serde(serialize_with = "whole_as_integer")]
    pub scroll_width: f64,
    /// `window.innerHeight`.
    #[serde(serialize_with = "whole_as_integer")]
    pub window_height: f64,
    /// `window.innerWidth`.
    #[serde(serialize_with = "whole_as_integer")]
    pub window_width: f64,
}

impl Observation {
    /// The viewport the screenshot shows.
    pub fn viewport(&self) -> Viewport {
        Viewport {
            width: self.browser_dimensions.window_width,
            height: self.browser_dimensions.window_height,
        }
    }
}

fn whole_as_integer<S: serde::Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        s.serialize_i64(*value as i64)
    } else {
        s.serialize_f64(*value)
    }
}

/// The milliseconds since the Unix epoch now, for [`Observation::timestamp_ms`].
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or_default()
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// An action could not be carried out.
#[derive(Debug)]
pub enum ActuationError {
    /// The action cannot work this way, and the model is told how to do it instead (for
    /// example: a `<select>` is answered by typing one of its options). The text goes back
    /// to the model as `AgentRedirectError: <instruction>` and the act goes on.
    Redirect(String),
    /// The arguments cannot be used on this page (the model's mistake): the act fails as
    /// an invalid model generation.
    InvalidInput(String),
    /// The page reached a URL the session's guardrail blocks: the act fails.
    Blocked {
        /// The blocked URL.
        url: String,
    },
    /// The action failed: the act fails.
    Failed(BoxError),
}

impl ActuationError {
    /// A failure with this message.
    pub fn failed(message: impl Into<String>) -> Self {
        ActuationError::Failed(message.into().into())
    }
}

impl fmt::Display for ActuationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActuationError::Redirect(instruction) => write!(f, "redirected: {instruction}"),
            ActuationError::InvalidInput(problem) => write!(f, "invalid input: {problem}"),
            ActuationError::Blocked { url } => write!(f, "the guardrail blocked {url}"),
            ActuationError::Failed(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for ActuationError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ActuationError::Failed(error) => Some(error.as_ref()),
            _ => None,
        }
    }
}

/// Carries out the built-in actions on a page and observes it.
///
/// One actuator serves one session; the act loop calls it from one task at a time. Targets
/// are checked against the viewport of the observation the model was shown, and actions act
/// on [`TargetBox::center`].
#[async_trait]
pub trait Actuator: Send {
    /// Takes an observation of the active page.
    async fn observe(&mut self) -> Result<Observation, ActuationError>;

    /// Waits until the page stops changing, within a bound of the actuator's choosing.
    async fn settle(&mut self) -> Result<(), ActuationError>;

    /// `agentClick`.
    async fn click(&mut self, target: TargetBox, click: ClickType) -> Result<(), ActuationError>;

    /// `agentHover`.
    async fn hover(&mut self, target: TargetBox) -> Result<(), ActuationError>;

    /// `agentScroll`.
    async fn scroll(
        &mut self,
        target: TargetBox,
        direction: ScrollDirection,
    ) -> Result<(), ActuationError>;

    /// `agentType`: focus the field, replace its value with `text`, then press Enter if
    /// asked.
    async fn type_text(
        &mut self,
        target: TargetBox,
        text: &str,
        press_enter: bool,
    ) -> Result<(), ActuationError>;

    /// `goToUrl`, with a URL already checked against the allowed schemes.
    async fn go_to_url(&mut self, url: &str) -> Result<(), ActuationError>;

    /// `wait` with a positive duration. Sleeps by default.
    async fn wait(&mut self, duration: Duration) -> Result<(), ActuationError> {
        tokio::time::sleep(duration).await;
        Ok(())
    }
}

/// An actuator without a browser, for acts that only use tools.
///
/// Its observation is a blank white page of the recommended size (1600x813, a JPEG at
/// quality 90) at `about:blank`: the truth about a client that shows the model nothing.
/// Waiting and settling work; every action on the page (click, hover, scroll, type, go to a
/// URL) fails the act with an actuation error that says this actuator has no browser.
#[derive(Debug, Clone)]
pub struct BlankActuator {
    screenshot: String,
    user_agent: String,
}

impl Default for BlankActuator {
    fn default() -> Self {
        Self::new()
    }
}

impl BlankActuator {
    /// A blank page of the recommended size.
    pub fn new() -> Self {
        BlankActuator {
            screenshot: blank_jpeg_data_url(1600, 813),
            user_agent: concat!(
                "nova-act-agent/",
                env!("CARGO_PKG_VERSION"),
                " (no browser) Agent-NovaAct/0.9"
            )
            .to_owned(),
        }
    }

    fn no_browser(action: &str) -> ActuationError {
        ActuationError::failed(format!(
            "{action} needs a browser, and this session's actuator (BlankActuator) has none"
        ))
    }
}

#[async_trait]
impl Actuator for BlankActuator {
    async fn observe(&mut self) -> Result<Observation, ActuationError> {
        let Viewport { width, height } = Viewport::RECOMMENDED;
        Ok(Observation {
            active_url: "about:blank".to_owned(),
            browser_dimensions: BrowserDimensions {
                scroll_height: height,
                scroll_left: 0.0,
                scroll_top: 0.0,
                scroll_width: width,
                window_height: height,
                window_width: width,
            },
            id_to_bbox_map: serde_json::Map::new(),
            screenshot_base64: self.screenshot.clone(),
            simplified_dom: String::new(),
            timestamp_ms: now_ms(),
            user_agent: self.user_agent.clone(),
        })
    }

    async fn settle(&mut self) -> Result<(), ActuationError> {
        Ok(())
    }

    async fn click(&mut self, _: TargetBox, _: ClickType) -> Result<(), ActuationError> {
        Err(Self::no_browser("agentClick"))
    }

    async fn hover(&mut self, _: TargetBox) -> Result<(), ActuationError> {
        Err(Self::no_browser("agentHover"))
    }

    async fn scroll(&mut self, _: TargetBox, _: ScrollDirection) -> Result<(), ActuationError> {
        Err(Self::no_browser("agentScroll"))
    }

    async fn type_text(&mut self, _: TargetBox, _: &str, _: bool) -> Result<(), ActuationError> {
        Err(Self::no_browser("agentType"))
    }

    async fn go_to_url(&mut self, _: &str) -> Result<(), ActuationError> {
        Err(Self::no_browser("goToUrl"))
    }
}

/// A white JPEG (quality 90) of `width` x `height` as a data URL.
fn blank_jpeg_data_url(width: u16, height: u16) -> String {
    let pixels = vec![255u8; usize::from(width) * usize::from(height)];
    let mut jpeg = Vec::new();
    let encoded = jpeg_encoder::Encoder::new(&mut jpeg, 90).encode(
        &pixels,
        width,
        height,
        jpeg_encoder::ColorType::Luma,
    );
    if let Err(e) = encoded {
        // Encoding a buffer of the right size into memory does not fail; if it ever did, the
        // service would refuse the empty screenshot and say so.
        tracing::warn!(error = %e, "could not encode the blank screenshot");
    }
    format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&jpeg)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn blank_page_is_a_real_jpeg_of_the_recommended_size() {
        let observation = BlankActuator::new().observe().await.unwrap();
        assert_eq!(observation.viewport(), Viewport::RECOMMENDED);
        let data = observation
            .screenshot_base64
            .strip_prefix("data:image/jpeg;base64,")
            .unwrap();
        let jpeg = base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap();
        assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "JPEG start of image");
        // The frame header (SOF0) carries height then width.
        let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        let height = u16::from_be_bytes([jpeg[sof + 5], jpeg[sof + 6]]);
        let width = u16::from_be_bytes([jpeg[sof + 7], jpeg[sof + 8]]);
        assert_eq!((width, height), (1600, 813));
    }

    #[test]
    fn observation_keys_are_the_protocols_in_order() {
        let observation = Observation {
            active_url: "about:blank".into(),
            browser_dimensions: BrowserDimensions {
                scroll_height: 1.0,
                scroll_left: 2.5,
                scroll_top: 3.0,
                scroll_width: 4.0,
                window_height: 5.0,
                window_width: 6.0,
            },
            id_to_bbox_map: Default::default(),
            screenshot_base64: "data:image/jpeg;base64,".into(),
            simplified_dom: String::new(),
            timestamp_ms: 7,
            user_agent: "ua".into(),
        };
        assert_eq!(
            serde_json::to_string(&observation).unwrap(),
            r#"{"activeURL":"about:blank","browserDimensions":{"scrollHeight":1,"scrollLeft":2.5,"scrollTop":3,"scrollWidth":4,"windowHeight":5,"windowWidth":6},"idToBboxMap":{},"screenshotBase64":"data:image/jpeg;base64,","simplifiedDOM":"","timestamp_ms":7,"userAgent":"ua"}"#
        );
    }
}
