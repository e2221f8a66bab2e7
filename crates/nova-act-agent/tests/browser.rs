//! Acts on a real Chromium: local pages served on 127.0.0.1, the emulator scripted to act by
//! boxes, and the page's final state asserted. These tests need Chromium (`apt-get install
//! chromium`, or `CHROME=/path/to/chrome`); without it they are skipped, except in CI (`CI`
//! set), where they fail.
#![cfg(feature = "chromium")]

mod common;

use std::path::Path;

use common::browser::{launch, Pages};
use nova_act_local::Scenario;

fn interop_scenario() -> Scenario {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/nova-act-interop/scenario.yaml");
    Scenario::from_file(path).unwrap()
}

#[tokio::test]
async fn a_form_is_filled_and_submitted() {
    let Some(chromium) = launch("a_form_is_filled_and_submitted").await else {
        return;
    };
    let pages = Pages::serve().await;
    let emulator = common::start_with(interop_scenario()).await;
    let workflow = emulator.workflow().start().await.unwrap();
    let actuator = chromium.actuator().await.unwrap();
    let page = actuator.page();
    page.go_to(&pages.url("/form")).await.unwrap();
    let session = workflow.session().actuator(actuator).start().await.unwrap();
    let result = session.act("Sign up as alice on the form").await.unwrap();
    assert_eq!(result.answer, "Signed up as alice");
    let url = page.url().await.unwrap();
    assert!(url.ends_with("/done?name=alice"), "{url}");
    let text = page.evaluate("document.body.innerText").await.unwrap();
    assert!(text.as_str().unwrap().contains("Welcome, alice"), "{text}");
    chromium.close().await;
}
