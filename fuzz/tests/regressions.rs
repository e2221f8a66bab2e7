//! Panics the fuzzers found, kept as regression tests: each input panicked before its fix.

/// A region that is not a valid header value (here with a control character) panics while
/// the request is signed: `aws-runtime-1.10.2/src/auth.rs:296` unwraps
/// `HeaderValue::from_str` of the `Authorization` header built from the credential scope.
/// Found by the `endpoint` target (`artifacts/endpoint/crash-0347ec73e28ae0b75b3153468070b19f1c035baf`).
#[test]
fn region_with_a_control_character() {
    // Flags: region set (4), endpoint URL set (8), call (16); then region, URL, and the
    // substring bounds and operation bytes.
    nova_act_fuzz::endpoint(b"\x1cus-east-1\x01\nhttp://localhost\n\x00\x00\x00");
}

/// The artifact itself: region "U#)t\0&)" with dual-stack, no endpoint URL.
#[test]
fn endpoint_artifact() {
    nova_act_fuzz::endpoint(&[22, 85, 35, 41, 116, 0, 38, 41]);
}

/// `act_protocol::match_results` with a step record of no calls that observes: `count - 1`
/// underflows at `crates/nova-act-local/src/act_protocol.rs:402` ("attempt to subtract with
/// overflow"; without overflow checks, `texts[usize::MAX]` panics instead). The emulator
/// itself never makes such a record (`agent::render` appends two calls to a step that
/// observes), so requests cannot reach it; it is a precondition of a public function that
/// nothing states or checks. Found by the `act_protocol` target
/// (`artifacts/act_protocol/crash-047c6949996ddf3dc24bf1e91bd5f971517e148a`, input
/// `[123, 0, 247, 91, 93, 32]` under the target's first version).
#[test]
fn step_record_without_calls_that_observes() {
    let step = nova_act_local::act_protocol::StepRecord {
        id: nova_act_fuzz::STEP_ID,
        calls: 0,
        observes: true,
        last: false,
    };
    let _ = nova_act_local::act_protocol::match_results(&step, &[]);
}
