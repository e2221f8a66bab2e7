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

mod actuator;
mod browser;
mod page;
mod scripts;

pub use actuator::ChromiumActuator;
pub use browser::{find_chromium, Chromium, ChromiumError, ChromiumOptions};
pub use page::{ChromiumPage, Secret};
