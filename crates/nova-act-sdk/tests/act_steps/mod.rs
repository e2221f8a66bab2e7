//! What a browserless client sends to `InvokeActStep`, for the tests that drive acts on the
//! emulator: call results, the observation of a blank page, and the first step's results.

use base64::Engine as _;
use nova_act_sdk::types::{CallResult, CallResultContent};
use serde_json::json;

/// A call result with one text item.
pub fn text_result(call_id: &str, text: &str) -> CallResult {
    CallResult::builder()
        .call_id(call_id)
        .content(CallResultContent::Text(text.to_owned()))
        .build()
        .unwrap()
}

/// An observation of a blank 1600x813 page (a white JPEG), as a browserless client sends it.
/// Encoded once per test binary.
pub fn observation() -> String {
    static OBSERVATION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    OBSERVATION
        .get_or_init(|| {
            let (width, height) = (1600u16, 813u16);
            let pixels = vec![255u8; usize::from(width) * usize::from(height)];
            let mut jpeg = Vec::new();
            jpeg_encoder::Encoder::new(&mut jpeg, 90)
                .encode(&pixels, width, height, jpeg_encoder::ColorType::Luma)
                .unwrap();
            json!({
                "activeURL": "about:blank",
                "browserDimensions": {"scrollHeight": height, "scrollLeft": 0, "scrollTop": 0,
                                      "scrollWidth": width, "windowHeight": height, "windowWidth": width},
                "idToBboxMap": {},
                "screenshotBase64": format!("data:image/jpeg;base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(&jpeg)),
                "simplifiedDOM": "",
                "timestamp_ms": 1_764_547_200_000i64,
                "userAgent": "nova-act-sdk tests (no browser) Agent-NovaAct/0.9",
            })
            .to_string()
        })
        .clone()
}

/// The results of an act's first step: `initiateAct` and the first observation.
pub fn first_results() -> Vec<CallResult> {
    vec![
        text_result("initiateAct", "{}"),
        text_result("takeObservation", &observation()),
    ]
}
