//! The bodies of the fuzz targets. Each `fuzz_targets/<name>.rs` calls the function of the
//! same name; being plain functions, they also run on stable (`tests/seeds.rs` feeds them the
//! seed inputs). A target fails only by panicking (or hanging, or exhausting memory).

pub mod seeds;

use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderName, HeaderValue};
use nova_act_local::act_protocol::{self, ResultText, StepRecord};
use nova_act_local::auth::{self, RequestHead, Verifier};
use nova_act_local::ops::{self, Settings};
use nova_act_local::pagination::{Direction, Tokens};
use nova_act_local::protocol::{self, Route};
use nova_act_local::schema::Schema;
use nova_act_local::store::Store;
use nova_act_local::{agent, Scenario};
use nova_act_sdk::config::endpoint::{self as endpoint_rules, Params};
use nova_act_sdk::config::Region;
use response_mutator::harness::{base_config, Harness, Op, Response};
use response_mutator::mutate::{SAFE_DATES, STATUSES};
use restjson_runtime::error::{sanitize_error_code, ErrorResponse};
use serde_json::Value;

/// Reads a fuzz input piece by piece; reading past the end gives zeros and empty slices.
pub struct Cursor<'a> {
    data: &'a [u8],
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Cursor { data }
    }

    /// The next byte.
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }

    /// The bytes up to the next `\n` (which is consumed).
    pub fn line(&mut self) -> &'a [u8] {
        match self.data.iter().position(|b| *b == b'\n') {
            Some(i) => {
                let line = &self.data[..i];
                self.data = &self.data[i + 1..];
                line
            }
            None => std::mem::take(&mut self.data),
        }
    }

    /// Everything left (the cursor is then at the end).
    pub fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.data)
    }
}

/// Splits `data` into at most `max` parts at each `\n===\n`.
pub fn parts(data: &[u8], max: usize) -> Vec<&[u8]> {
    const SEP: &[u8] = b"\n===\n";
    let mut out = Vec::new();
    let mut rest = data;
    while out.len() + 1 < max {
        match rest.windows(SEP.len()).position(|w| w == SEP) {
            Some(i) => {
                out.push(&rest[..i]);
                rest = &rest[i + SEP.len()..];
            }
            None => break,
        }
    }
    out.push(rest);
    out
}

// ---------------------------------------------------------------------------------------
// The client: responses.
// ---------------------------------------------------------------------------------------

/// Headers a fuzz input may set, one flag bit each, in this order.
pub const RESPONSE_HEADERS: [&str; 8] = [
    "content-type",
    "x-amzn-errortype",
    "x-amzn-requestid",
    "retry-after",
    "x-amz-retry-after",
    "content-length",
    "date",
    "x-amzn-query-error",
];

/// Whether `Date` lines only pick one of a few safe values (`NOVA_FUZZ_SAFE_DATES` set), for
/// clients from before the clock-skew fix, which panicked on far-off dates.
fn safe_dates() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("NOVA_FUZZ_SAFE_DATES").is_some())
}

/// A response from a fuzz input: a status byte (below 0x80 picks a common status, above it
/// any status from 100 to 989), a flags byte choosing [`RESPONSE_HEADERS`], one line per
/// chosen header with its value, and the body.
pub fn response_from(cursor: &mut Cursor<'_>) -> Response {
    let selector = cursor.byte();
    let status = if selector < 0x80 {
        STATUSES[usize::from(selector) % STATUSES.len()]
    } else {
        100 + u16::from(selector - 0x80) * 7
    };
    let flags = cursor.byte();
    let mut response = Response {
        status,
        headers: Vec::new(),
        body: Vec::new(),
    };
    for (bit, name) in RESPONSE_HEADERS.iter().enumerate() {
        if flags & (1 << bit) == 0 {
            continue;
        }
        let value = cursor.line();
        let value = if *name == "date" && safe_dates() {
            let pick = value.first().copied().unwrap_or(0);
            SAFE_DATES[usize::from(pick) % SAFE_DATES.len()]
                .as_bytes()
                .to_vec()
        } else {
            value.to_vec()
        };
        response.headers.push((name.to_string(), value));
    }
    response.body = cursor.rest().to_vec();
    response
}

/// The inverse of [`response_from`] for seeds: `status_selector` and `response`'s headers
/// among [`RESPONSE_HEADERS`] (others are dropped).
pub fn encode_response(status_selector: u8, response: &Response) -> Vec<u8> {
    let mut flags = 0u8;
    let mut lines = Vec::new();
    for (bit, name) in RESPONSE_HEADERS.iter().enumerate() {
        if let Some((_, value)) = response
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            flags |= 1 << bit;
            lines.extend_from_slice(value);
            lines.push(b'\n');
        }
    }
    let mut out = vec![status_selector, flags];
    out.extend(lines);
    out.extend_from_slice(&response.body);
    out
}

/// The status selector that [`response_from`] reads as `status`.
pub fn status_selector(status: u16) -> u8 {
    STATUSES
        .iter()
        .position(|s| *s == status)
        .map(|i| i as u8)
        .unwrap_or(0)
}

thread_local! {
    // One per thread: a harness serves one call at a time (its canned responses are shared
    // by its clients), and stable tests call targets from several threads.
    static HARNESS: Harness = Harness::new();
}

fn with_harness<R>(f: impl FnOnce(&Harness) -> R) -> R {
    HARNESS.with(f)
}

/// Target `deserialize`: the first byte picks the operation; its output and error
/// deserializers read the response directly (no orchestrator), which makes this the fastest
/// way through every output, error and union shape.
pub fn deserialize(data: &[u8]) {
    let mut cursor = Cursor::new(data);
    let op = Op::from_byte(cursor.byte());
    let response = response_from(&mut cursor);
    if let Ok(http) = response.to_http() {
        op.deserialize_direct(&http);
    }
}

/// Target `client_response`: the first byte picks the operation (and, with its top bit, the
/// client that retries); the call goes through the whole client against the response, and
/// must end in its output for a 2xx, or in a typed error consistent with the status.
pub fn client_response(data: &[u8]) {
    let mut cursor = Cursor::new(data);
    let first = cursor.byte();
    let op = Op::from_byte(first & 0x7f);
    let response = response_from(&mut cursor);
    if let Err(problem) = with_harness(|h| h.call(op, &response, first & 0x80 != 0)) {
        panic!("{}: {problem}\n{}", op.name(), response.describe());
    }
}

/// Target `error_code`: the error type header and body of an error response. The code found
/// must be the sanitized form of the header (when it has one), never holding `:` or `#`; and
/// every modeled error type parses or falls back to `Unhandled` without a panic.
pub fn error_code(data: &[u8]) {
    let mut cursor = Cursor::new(data);
    let header = cursor.line();
    let status = 400 + u16::from(cursor.byte() % 200);
    let body = cursor.rest();
    if let Ok(text) = std::str::from_utf8(header) {
        let code = sanitize_error_code(text);
        assert!(
            !code.contains(':') && !code.contains('#'),
            "{text:?} -> {code:?}"
        );
        assert_eq!(code, code.trim());
    }
    let mut response = Response {
        status,
        headers: Vec::new(),
        body: body.to_vec(),
    };
    if !header.is_empty() {
        response
            .headers
            .push(("x-amzn-errortype".into(), header.to_vec()));
    }
    let Ok(http) = response.to_http() else {
        return;
    };
    let parsed = ErrorResponse::new(&http);
    if let (Some(code), Ok(text)) = (parsed.code(), std::str::from_utf8(header)) {
        if !header.is_empty() && !sanitize_error_code(text).is_empty() {
            assert_eq!(code, sanitize_error_code(text));
        }
    }
    // Every operation's error enum on the same response: each modeled error shape's parser.
    for &op in Op::ALL {
        op.deserialize_direct(&http);
    }
    let unhandled = parsed.into_unhandled();
    let _ = unhandled.to_string();
}

/// Target `pagination`: the first byte picks one of the four paginated operations; the rest
/// is up to eight pages (separated by `\n===\n`), each a response as in [`response_from`].
/// The item stream must end on its own, at most one request after the pages run out (the
/// last page is then repeated, and a token sent before ends a pagination), without a panic.
/// The emulator's own token check runs on every `nextToken` found, and must accept the
/// tokens it issues.
pub fn pagination(data: &[u8]) {
    let mut cursor = Cursor::new(data);
    let which = cursor.byte();
    let pages: Vec<Response> = parts(cursor.rest(), 8)
        .into_iter()
        .map(|page| response_from(&mut Cursor::new(page)))
        .collect();
    let tokens = emulator_tokens();
    let scope = ["ListWorkflowRuns", "checkout"];
    for page in &pages {
        let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&page.body) else {
            continue;
        };
        if let Some(Value::String(token)) = body.get("nextToken") {
            let _ = tokens.check(token, &scope, Direction::Ascending);
            let _ = tokens.check(token, &[token.as_str()], Direction::Descending);
        }
    }
    let mut position = [0u8; 8];
    for (slot, byte) in position.iter_mut().zip(data) {
        *slot = *byte;
    }
    let position = u64::from_le_bytes(position);
    let issued = tokens.issue(position, &scope, Direction::Descending);
    assert_eq!(
        tokens
            .check(&issued, &scope, Direction::Descending)
            .map_err(|e| e.code),
        Ok(position)
    );
    assert!(tokens.check(&issued, &scope, Direction::Ascending).is_err());
    if let Err(problem) = with_harness(|h| h.paginate(which, pages)) {
        panic!("paginator: {problem}");
    }
}

fn emulator_tokens() -> &'static Tokens {
    static TOKENS: OnceLock<Tokens> = OnceLock::new();
    TOKENS.get_or_init(Tokens::new)
}

/// Target `endpoint`: a flags byte (bit 0 `use_fips`, bit 1 `use_dual_stack`, bit 2 a
/// region, bit 3 an endpoint URL, bit 4 also call an operation), then a region line and an
/// endpoint URL line. The endpoint rules resolve them, the rule helpers read them, and with
/// bit 4 a client configured with them calls an operation.
pub fn endpoint(data: &[u8]) {
    let mut cursor = Cursor::new(data);
    let flags = cursor.byte();
    let region = String::from_utf8_lossy(cursor.line()).into_owned();
    let url = String::from_utf8_lossy(cursor.line()).into_owned();
    let mut params = Params::default();
    params.use_fips = flags & 1 != 0;
    params.use_dual_stack = flags & 2 != 0;
    params.region = (flags & 4 != 0).then(|| region.clone());
    params.endpoint = (flags & 8 != 0).then(|| url.clone());
    if let Ok(resolved) = endpoint_rules::resolve(&params) {
        let _ = (resolved.url(), format!("{resolved:?}"));
    }
    let _ = restjson_runtime::endpoint::parse_url(&url);
    let _ = restjson_runtime::endpoint::is_valid_host_label(&region, flags & 32 != 0);
    let _ = restjson_runtime::endpoint::uri_encode(&region);
    let start = usize::from(cursor.byte());
    let stop = usize::from(cursor.byte());
    let _ = restjson_runtime::endpoint::substring(&region, start, stop, flags & 64 != 0);
    if flags & 16 != 0 {
        with_harness(|harness| {
            let mut config = base_config(&harness.canned)
                .use_fips(params.use_fips)
                .use_dual_stack(params.use_dual_stack);
            config.set_region(params.region.clone().map(Region::new));
            config.set_endpoint_url(params.endpoint.clone());
            let client = nova_act_sdk::Client::from_conf(config.build());
            let op = Op::from_byte(cursor.byte());
            // Only panics matter here: a bad region or URL fails the call, and that is right.
            let _ = harness.call_with(&client, op, &response_mutator::samples::success(op));
        });
    }
}

// ---------------------------------------------------------------------------------------
// The emulator: requests.
// ---------------------------------------------------------------------------------------

struct Emulator {
    schema: Schema,
    settings: Settings,
}

fn emulator() -> &'static Emulator {
    static EMULATOR: OnceLock<Emulator> = OnceLock::new();
    EMULATOR.get_or_init(|| Emulator {
        schema: Schema::nova_act().expect("the embedded model loads"),
        settings: Settings {
            region: "us-east-1".into(),
            account_id: "123456789012".into(),
            models: nova_act_local::default_models(),
            aliases: nova_act_local::default_aliases(),
            deletion_delay_ms: 0,
            scenario: Scenario::default(),
            tokens: Tokens::new(),
        },
    })
}

/// Fixed clock of the emulator targets, so that inputs replay the same way.
const NOW_MS: i64 = 1_755_857_472_000;

/// One request: `METHOD PATH[?QUERY]` on the first line, then `name: value` header lines up
/// to an empty line, then the body.
pub struct RawRequest<'a> {
    /// The method as sent.
    pub method: String,
    /// The path, still percent-encoded.
    pub path: String,
    /// The query string without `?`.
    pub query: String,
    /// Headers that are valid HTTP headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: &'a [u8],
}

/// Parses a [`RawRequest`].
pub fn raw_request(data: &[u8]) -> RawRequest<'_> {
    let mut cursor = Cursor::new(data);
    let first = String::from_utf8_lossy(cursor.line()).into_owned();
    let (method, target) = first.split_once(' ').unwrap_or(("GET", first.as_str()));
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut headers = HeaderMap::new();
    loop {
        let line = cursor.line();
        if line.is_empty() {
            break;
        }
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let value = line[colon + 1..].trim_ascii();
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(&line[..colon]),
            HeaderValue::from_bytes(value),
        ) {
            headers.append(name, value);
        }
    }
    RawRequest {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        headers,
        body: cursor.rest(),
    }
}

/// Target `emulator_request`: up to 12 requests (separated by `\n===\n`, each as in
/// [`raw_request`]) run in order against one fresh store, as the server runs them after
/// authentication: routing, query parsing, input building and validation, the operation,
/// and the encoding of its output or error.
pub fn emulator_request(data: &[u8]) {
    let emulator = emulator();
    let schema = &emulator.schema;
    let mut store = Store::default();
    for (i, part) in parts(data, 12).into_iter().enumerate() {
        let request = raw_request(part);
        let result = match protocol::route(schema, &request.method, &request.path) {
            Route::Operation { op, labels } => {
                let query = protocol::parse_query(&request.query);
                protocol::build_input(schema, op, &labels, &query, &request.headers, request.body)
                    .and_then(|input| {
                        ops::execute(
                            &emulator.settings,
                            schema,
                            &mut store,
                            op,
                            &input,
                            NOW_MS + i as i64 * 1000,
                        )
                    })
                    .map(|output| protocol::encode_output(schema, op, &output))
            }
            Route::MethodNotAllowed(_) | Route::NotFound => continue,
        };
        let encoded = match result {
            Ok(encoded) => encoded,
            Err(err) => protocol::encode_error(schema, &err),
        };
        let _ = format!("{encoded:?}");
    }
}

/// Target `sigv4`: a flags byte, then a request as in [`raw_request`]. With flag bit 0 the
/// request is first signed with the `aws-sigv4` crate (the SDKs' signer) for the emulator's
/// key, region and service, so that verification reaches the signature comparison and the
/// body check; otherwise the `Authorization` header is whatever the input says. The date,
/// URI and query canonicalization helpers read the same parts.
pub fn sigv4(data: &[u8]) {
    let _ = sigv4_verdict(data);
}

/// What [`sigv4`] makes of `data`: the verifier's verdict (error code and message when it
/// refuses).
pub fn sigv4_verdict(data: &[u8]) -> Result<(), String> {
    let mut cursor = Cursor::new(data);
    let flags = cursor.byte();
    let mut request = raw_request(cursor.rest());
    let now = UNIX_EPOCH + Duration::from_millis(NOW_MS as u64);
    if flags & 1 != 0 {
        sign(&mut request, now, flags & 2 != 0);
    }
    let _ = auth::canonical_uri(&request.path);
    let _ = auth::canonical_query(&request.query);
    if let Some(date) = request.headers.get("x-amz-date") {
        if let Some(secs) = date.to_str().ok().and_then(auth::parse_amz_date) {
            let _ = auth::format_amz_date(secs);
        }
    }
    let verifier = verifier();
    let head = RequestHead {
        method: &request.method,
        raw_path: &request.path,
        raw_query: &request.query,
        headers: &request.headers,
        authority: (flags & 4 != 0).then_some("localhost:8080"),
    };
    verifier.verify(&head, request.body, now).map_err(|e| {
        let message = e.members.get("message").and_then(Value::as_str);
        format!("{}: {}", e.code, message.unwrap_or_default())
    })
}

fn verifier() -> &'static Verifier {
    static VERIFIER: OnceLock<Verifier> = OnceLock::new();
    VERIFIER.get_or_init(|| {
        Verifier::new(
            &[(
                nova_act_local::DEFAULT_ACCESS_KEY_ID.to_string(),
                nova_act_local::DEFAULT_SECRET_ACCESS_KEY.to_string(),
            )],
            "us-east-1",
            "nova-act",
        )
    })
}

/// Signs `request` in place as an AWS SDK would (when the signer accepts it).
fn sign(request: &mut RawRequest<'_>, now: SystemTime, content_sha_header: bool) {
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    let identity: aws_smithy_runtime_api::client::identity::Identity =
        aws_credential_types::Credentials::new(
            nova_act_local::DEFAULT_ACCESS_KEY_ID,
            nova_act_local::DEFAULT_SECRET_ACCESS_KEY,
            None,
            None,
            "fuzz",
        )
        .into();
    let mut settings = SigningSettings::default();
    if content_sha_header {
        settings.payload_checksum_kind = aws_sigv4::http_request::PayloadChecksumKind::XAmzSha256;
    }
    let Ok(params) = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("nova-act")
        .time(now)
        .settings(settings)
        .build()
    else {
        return;
    };
    let params = params.into();
    if !request.headers.contains_key(http::header::HOST) {
        request.headers.insert(
            http::header::HOST,
            HeaderValue::from_static("localhost:8080"),
        );
    }
    let headers: Vec<(String, String)> = request
        .headers
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    let uri = if request.query.is_empty() {
        format!("http://localhost:8080{}", request.path)
    } else {
        format!("http://localhost:8080{}?{}", request.path, request.query)
    };
    let Ok(signable) = SignableRequest::new(
        &request.method,
        uri,
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(request.body),
    ) else {
        return;
    };
    let Ok(output) = sign(signable, &params) else {
        return;
    };
    let (instructions, _) = output.into_parts();
    for (name, value) in instructions.headers() {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            request.headers.insert(name, value);
        }
    }
}

/// Target `scenario`: the first byte picks YAML or JSON; the rest is a scenario file. A file
/// that loads is asked for the rules of a few tasks, and the agent plays its first steps
/// (templates such as `{{result.0}}`, expectations) on a few canned results.
pub fn scenario(data: &[u8]) {
    let Some((kind, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let loaded = if kind & 1 == 0 {
        Scenario::from_yaml_str(text)
    } else {
        Scenario::from_json_str(text)
    };
    let Ok(scenario) = loaded else {
        return;
    };
    let results = [
        ResultText::Json(Value::String("ok".into())),
        ResultText::Json(Value::Null),
        ResultText::Json(serde_json::json!({"a": [1, "{{result.0}}"]})),
        ResultText::Error("AgentRedirectError: elsewhere".into()),
    ];
    let observation = act_protocol::Observation {
        url: "https://example.com/form".into(),
        width: 1600.0,
        height: 813.0,
    };
    for task in ["", "Buy the cheapest socks", "sign up", text] {
        let plan = agent::plan_for(&scenario, task, None);
        for index in 0..4u16 {
            for take in [0, 1, results.len()] {
                let _ = agent::generate(
                    &scenario,
                    &plan,
                    index,
                    &results[..take],
                    Some(&observation),
                );
            }
            let _ = agent::generate(&scenario, &plan, index, &results, None);
        }
    }
}

/// The step that `act_protocol`'s `match_results` inputs answer; seeds use its call ids.
pub const STEP_ID: uuid::Uuid = uuid::Uuid::from_u128(0x12345678_90ab_4cde_8f01_234567890abc);

/// Target `act_protocol`: the first byte picks a check of what a client sends back in
/// `InvokeActStep`: result text decoding, the observation, the first step's two results,
/// the results of a later step (whose call count and flags come from the next bytes), or
/// the built-in agent's example input for a tool's JSON Schema.
pub fn act_protocol(data: &[u8]) {
    let mut cursor = Cursor::new(data);
    let selector = cursor.byte();
    let calls = u16::from(cursor.byte() % 16);
    let flags = cursor.byte();
    let rest = cursor.rest();
    let text = String::from_utf8_lossy(rest);
    let value = serde_json::from_slice::<Value>(rest).unwrap_or(Value::String(text.to_string()));
    let results: Vec<Value> = match &value {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    };
    match selector % 5 {
        0 => {
            if let Some(decoded) = ResultText::decode(&text) {
                let _ = (decoded.display(), decoded.json());
            }
        }
        1 => {
            let _ = act_protocol::check_observation(&value);
        }
        2 => {
            let _ = act_protocol::check_first_step(&results);
        }
        3 => {
            // Any record, including ones the emulator never makes (`calls: 0, observes: true`
            // once panicked: tests/regressions.rs).
            let last = flags & 2 != 0;
            let observes = flags & 1 != 0;
            let step = StepRecord {
                id: STEP_ID,
                calls,
                observes,
                last,
            };
            if let Ok((decoded, observation)) = act_protocol::match_results(&step, &results) {
                assert!(
                    decoded.len() == usize::from(step.calls),
                    "one result per call"
                );
                let _ = observation;
            }
        }
        _ => {
            let _ = agent::example_for_schema(&value, 0);
        }
    }
}

/// A target's body.
pub type Target = fn(&[u8]);

/// For stable callers: every target by name.
pub const TARGETS: &[(&str, Target)] = &[
    ("deserialize", deserialize),
    ("client_response", client_response),
    ("error_code", error_code),
    ("pagination", pagination),
    ("endpoint", endpoint),
    ("emulator_request", emulator_request),
    ("sigv4", sigv4),
    ("scenario", scenario),
    ("act_protocol", act_protocol),
];
