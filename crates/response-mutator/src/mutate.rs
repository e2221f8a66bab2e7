//! Structure-aware mutation of valid responses, and the bounded run behind
//! `cargo xtask mutate-responses`.
//!
//! Case `i` of seed `s` is a pure function of `(s, i)`: the operation is `i` modulo the number
//! of operations and every random choice comes from a generator seeded with `(s, i)`. A
//! time-bounded run therefore tries the same cases in the same order on every machine; time
//! only decides how many, and any case can be rebuilt alone (`--case I`).

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{Map, Number, Value};

use crate::harness::{Harness, Op, Outcome, Response};
use crate::samples;

/// SplitMix64: tiny, fast and good enough to pick mutations; no dependency needed.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for case `index` of `seed`.
    pub fn for_case(seed: u64, index: u64) -> Self {
        let mut rng = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
        rng.0 ^= rng
            .next_u64()
            .wrapping_add(index.wrapping_mul(0xD1B5_4A32_D192_ED03));
        rng
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True with probability 1/`n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// What a run leaves out.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Send only `Date` headers near now or unparseable ones, none far off (years 0001 and
    /// 9999, and the like). Clients before the clock-skew fix (skew beyond 24 h ignored)
    /// panicked on those; this keeps a run on such a client about everything else.
    pub safe_dates: bool,
}

const ODD_STRINGS: &[&str] = &[
    "",
    " ",
    "\u{0}",
    "\u{feff}",
    "\u{202e}gnp.exe",
    "é",
    "\u{10ffff}",
    "👩‍👩‍👧‍👦",
    "\\",
    "\"",
    "%00%ff",
    "null",
    "true",
    "0",
    "-0",
    "NaN",
    "Infinity",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "\r\n\r\nHTTP/1.1 200 OK",
    "a\u{0}b",
];

const TIMESTAMPS: &[&str] = &[
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59.999999999Z",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "+275760-09-13T00:00:00Z",
    "-000001-01-01T00:00:00Z",
    "2025-13-45T25:61:61Z",
    "2016-12-31T23:59:60Z",
    "2025-02-29T00:00:00Z",
    "2025-08-22T10:11:12.34567890123456789012345Z",
    "2025-08-22T10:11:12+25:00",
    "2025-08-22T10:11:12-00:00",
    "2025-08-22t10:11:12z",
    "2025-08-22 10:11:12Z",
    "2025-08-22T10:11:12",
    "2025-08-22",
    "1e300",
    "Fri, 22 Aug 2025 10:11:12 GMT",
    "",
];

const HUGE_NUMBERS: &[&str] = &[
    "1e300",
    "-1e300",
    "1e309",
    "-1e309",
    "1e-400",
    "18446744073709551616",
    "18446744073709551615",
    "-9223372036854775809",
    "9223372036854775807",
    "2147483648",
    "-2147483649",
    "4294967296",
    "0.5",
    "-0",
    "1E+2",
    "123456789012345678901234567890123456789012345678901234567890",
];

const MAX_BODY: usize = 4 << 20;

const DEPTHS: &[usize] = &[32, 126, 127, 128, 129, 200, 1000, 100_000];

const ERROR_TYPES: &[&str] = &[
    "",
    ":",
    "#",
    "ns#",
    "#:",
    "ThrottlingException#",
    "aws.protocoltests.restjson#ThrottlingException",
    "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
    " ValidationException ",
    "validationexception",
    "ValidationException,ThrottlingException",
    "AccessDeniedException:",
    "ResourceNotFoundException:a:b:c#d",
    "InternalServerException\t",
    "RequestTimeout",
    "ExpiredTokenException",
    "SomethingNew",
    "é#Ünïcödé",
];

const RETRY_AFTER: &[&str] = &[
    "",
    "0",
    "-1",
    "1.5",
    "18446744073709551616",
    "9223372036854775807",
    "4294967295",
    "1e300",
    "NaN",
    " 7 ",
    "7, 8",
    "Fri, 22 Aug 2025 10:11:12 GMT",
    "abc",
];

const CONTENT_TYPES: &[&str] = &[
    "",
    "text/html",
    "application/json; charset=utf-16",
    "application/xml",
    "application/x-amz-json-1.1",
    "application/json;;;",
    "*/*",
];

/// `Date` values that are well formed and near now, or unparseable.
pub const SAFE_DATES: &[&str] = &[
    "Fri, 22 Aug 2025 10:11:12 GMT",
    "Mon, 01 Dec 2025 00:00:00 GMT",
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "Fri, 31 Dec 2099 23:59:59 GMT",
    "not a date",
    "",
    "Fri, 22 Aug 2025 10:11:12",
    "Fri, 32 Aug 2025 25:61:61 GMT",
];

/// Far-off `Date` values, left out with [`Options::safe_dates`].
const EXTREME_DATES: &[&str] = &[
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Mon, 01 Jan 0001 00:00:00 GMT",
    "Sat, 01 Jan 2500 00:00:00 GMT",
];

pub const STATUSES: &[u16] = &[
    100, 101, 200, 201, 202, 203, 204, 206, 299, 300, 301, 304, 400, 401, 402, 403, 404, 405, 408,
    409, 413, 429, 499, 500, 501, 502, 503, 504, 599, 600, 999, 0, 1000, 65535,
];

/// A random JSON value of any type, small.
fn random_value(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => Value::Bool(rng.one_in(2)),
        2 => Value::from(rng.next_u64() as i64),
        3 => Number::from_f64(f64::from_bits(rng.next_u64()))
            .map(Value::Number)
            .unwrap_or(Value::Null),
        4 => Value::String(rng.pick(ODD_STRINGS).to_string()),
        5 => Value::Array(vec![Value::String("x".into()); rng.below(4)]),
        6 => Value::Object(Map::new()),
        7 => Value::String(rng.pick(TIMESTAMPS).to_string()),
        _ => Value::String("x".repeat(rng.below(70_000))),
    }
}

/// The paths (keys and indexes) of every node of `value`, root included.
fn paths(value: &Value) -> Vec<Vec<PathStep>> {
    let mut out = Vec::new();
    let mut stack = vec![(Vec::new(), value)];
    while let Some((path, node)) = stack.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    let mut p = path.clone();
                    p.push(PathStep::Key(key.clone()));
                    stack.push((p, child));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(PathStep::Index(i));
                    stack.push((p, child));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out.sort();
    out
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn node_mut<'a>(root: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    let mut node = root;
    for step in path {
        node = match (step, node) {
            (PathStep::Key(k), Value::Object(map)) => map.get_mut(k)?,
            (PathStep::Index(i), Value::Array(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

fn nested(depth: usize, arrays: bool) -> String {
    let (open, close) = if arrays { ("[", "]") } else { ("{\"a\":", "}") };
    let mut text = open.repeat(depth);
    text.push('1');
    text.push_str(&close.repeat(depth));
    text
}

/// Changes one node of the JSON body; returns false when the body is not JSON.
fn mutate_json(rng: &mut Rng, response: &mut Response) -> bool {
    let Ok(mut root) = serde_json::from_slice::<Value>(&response.body) else {
        return false;
    };
    let all = paths(&root);
    let path = rng.pick(&all).clone();
    // Raw JSON text spliced in after serialization, for what `Value` cannot hold.
    let mut raw: Option<String> = None;
    let kind = rng.below(11);
    match kind {
        // Drop a member (an object key or an array element) of the node's parent.
        0 => {
            if let Some((last, parent)) = path.split_last() {
                match (last, node_mut(&mut root, parent)) {
                    (PathStep::Key(k), Some(Value::Object(map))) => {
                        map.remove(k);
                    }
                    (PathStep::Index(i), Some(Value::Array(items))) if *i < items.len() => {
                        items.remove(*i);
                    }
                    _ => {}
                }
            }
        }
        // Another type.
        1 => {
            if let Some(node) = node_mut(&mut root, &path) {
                *node = random_value(rng);
            }
        }
        // A number JSON can spell but Rust types may not hold.
        2 => raw = Some(rng.pick(HUGE_NUMBERS).to_string()),
        // Deep nesting.
        3 => raw = Some(nested(*rng.pick(DEPTHS), rng.one_in(2))),
        // An odd or huge string.
        4 => {
            if let Some(node) = node_mut(&mut root, &path) {
                *node = Value::String(if rng.one_in(4) {
                    "\u{1F600}".repeat(rng.below(100_000))
                } else {
                    rng.pick(ODD_STRINGS).to_string()
                });
            }
        }
        // A bad timestamp, as a string or as a number.
        5 => {
            if rng.one_in(3) {
                raw = Some(
                    rng.pick(&[
                        "1e300",
                        "-1e300",
                        "253402300800",
                        "-62135596801",
                        "1.7976931348623157e308",
                        "0.0000000001",
                    ])
                    .to_string(),
                );
            } else if let Some(node) = node_mut(&mut root, &path) {
                *node = Value::String(rng.pick(TIMESTAMPS).to_string());
            }
        }
        // An unknown member, at the node if it is an object.
        6 => {
            if let Some(Value::Object(map)) = node_mut(&mut root, &path) {
                map.insert(
                    rng.pick(&[
                        "__type",
                        "code",
                        "message",
                        "Message",
                        "nextToken",
                        "input",
                        "zzz",
                        "",
                    ])
                    .to_string(),
                    random_value(rng),
                );
            }
        }
        // A long array.
        7 => {
            if let Some(node) = node_mut(&mut root, &path) {
                let element = match &*node {
                    Value::Array(items) if !items.is_empty() => items[0].clone(),
                    other => other.clone(),
                };
                // At most about 1 MiB: the point is many elements, not memory exhaustion.
                let size = element.to_string().len().max(1);
                let count = 1 + rng.below(20_000).min((1 << 20) / size);
                *node = Value::Array(vec![element; count]);
            }
        }
        // Lone surrogates and bad escapes, which only raw text can carry.
        8 => {
            raw = Some(
                rng.pick(&[
                    r#""\ud800""#,
                    r#""\udc00\ud800""#,
                    r#""\u0000""#,
                    r#""\x41""#,
                    r#""\u12""#,
                ])
                .to_string(),
            )
        }
        // An unknown enum value.
        9 => {
            if let Some(node) = node_mut(&mut root, &path) {
                *node = Value::String(
                    rng.pick(&["UNKNOWN_FUTURE_STATUS", "running", "", "S3 ", "Ascending"])
                        .to_string(),
                );
            }
        }
        // A union with zero or several members.
        _ => {
            if let Some(node) = node_mut(&mut root, &path) {
                let mut union = Map::new();
                if !rng.one_in(3) {
                    union.insert("text".into(), Value::String("a".into()));
                    union.insert("document".into(), Value::Null);
                }
                *node = Value::Object(union);
            }
        }
    }
    let mut text = match raw {
        Some(raw) => {
            // Put the raw text where the node was: swap in a marker, then replace it.
            const MARK: &str = "\u{1}MUTATION\u{1}";
            match node_mut(&mut root, &path) {
                Some(node) => *node = Value::String(MARK.into()),
                None => return true,
            }
            let text = root.to_string();
            text.replacen(&Value::String(MARK.into()).to_string(), &raw, 1)
        }
        None => root.to_string(),
    };
    // Sometimes a member twice: JSON objects may repeat keys, serde's structs refuse that.
    if rng.one_in(6) {
        if let Some(PathStep::Key(key)) = path.last() {
            let needle = format!("{}:", Value::String(key.clone()));
            let dup = format!("{needle}{},{needle}", random_value(rng));
            text = text.replacen(&needle, &dup, 1);
        }
    }
    response.body = text.into_bytes();
    true
}

/// Changes the body as bytes: truncation, garbage, flipped bytes, BOMs, wrong top level.
fn mutate_bytes(rng: &mut Rng, response: &mut Response) {
    let body = &mut response.body;
    match rng.below(7) {
        0 => {
            let cut = rng.below(body.len() + 1);
            body.truncate(cut);
        }
        1 => {
            *body = rng
                .pick::<&[u8]>(&[
                    b"",
                    b"null",
                    b"[]",
                    b"\"text\"",
                    b"42",
                    b"<html><body>502 Bad Gateway</body></html>",
                    b"{",
                    b"}",
                    b"\xff\xfe{\x00}\x00",
                    b"   \n\t ",
                ])
                .to_vec()
        }
        2 => {
            for _ in 0..=rng.below(8) {
                if body.is_empty() {
                    break;
                }
                let at = rng.below(body.len());
                body[at] = rng.next_u64() as u8;
            }
        }
        3 => {
            let mut with_bom = b"\xef\xbb\xbf".to_vec();
            with_bom.extend_from_slice(body);
            *body = with_bom;
        }
        4 => {
            let tail: &[u8] = rng.pick::<&[u8]>(&[b"garbage", b"{}", b"\x00", b"\n\n"]);
            body.extend_from_slice(tail)
        }
        5 => {
            let at = rng.below(body.len() + 1);
            body.splice(at..at, [0xC3u8, 0x28, 0xED, 0xA0, 0x80]);
        }
        _ => body.extend(std::iter::repeat_n(b' ', rng.below(1 << 20))),
    }
}

/// Changes a header or the status code.
fn mutate_headers(rng: &mut Rng, response: &mut Response, options: Options) {
    match rng.below(9) {
        0 => match rng.below(3) {
            0 => response.remove_header("content-type"),
            _ => response.set_header("content-type", *rng.pick(CONTENT_TYPES)),
        },
        1 => {
            let mut value = rng.pick(ERROR_TYPES).to_string();
            if rng.one_in(3) {
                let name = *rng.pick(&samples::error_names().collect::<Vec<_>>());
                value = format!("{name}{value}");
            }
            if rng.one_in(2) {
                response.set_header("x-amzn-errortype", value);
            } else {
                // The header twice.
                response
                    .headers
                    .push(("X-Amzn-ErrorType".into(), value.into_bytes()));
            }
        }
        2 => match rng.below(4) {
            0 => response.remove_header("x-amzn-requestid"),
            1 => response.set_header("x-amzn-requestid", "r".repeat(rng.below(100_000))),
            2 => response.set_header("x-amz-request-id", "other-id"),
            _ => response.set_header("x-amzn-requestid", *rng.pick(ODD_STRINGS)),
        },
        3 => {
            let name = *rng.pick(&["Retry-After", "x-amz-retry-after"]);
            response.set_header(name, *rng.pick(RETRY_AFTER));
        }
        4 => {
            let value = if !options.safe_dates && rng.one_in(2) {
                *rng.pick(EXTREME_DATES)
            } else {
                *rng.pick(SAFE_DATES)
            };
            response.set_header("Date", value);
        }
        5 => response.status = *rng.pick(STATUSES),
        6 => response.status = rng.below(1100) as u16,
        7 => {
            let length = response.body.len();
            let wrong = *rng.pick(&[0, length.saturating_sub(1), length + 1, usize::MAX]);
            response.set_header("content-length", wrong.to_string());
        }
        _ => {
            // Raw bytes a server may send in a header: obs-text, controls, nothing.
            let value: &[u8] = rng.pick::<&[u8]>(&[b"\x80\xff", b"\xc3\xa9", b"", b"a\tb"]);
            let name = *rng.pick(&[
                "x-amzn-errortype",
                "x-amzn-requestid",
                "content-type",
                "Retry-After",
                "x-amz-retry-after",
            ]);
            response.set_header(name, value.to_vec());
        }
    }
}

/// Case `index` of `seed`: the operation it calls and the response it gets.
pub fn case(seed: u64, index: u64, options: Options) -> (Op, Response, bool) {
    let op = Op::ALL[(index % Op::ALL.len() as u64) as usize];
    let mut rng = Rng::for_case(seed, index);
    let mut response = if rng.one_in(3) {
        samples::error(rng.below(samples::error_count()))
    } else {
        samples::success(op)
    };
    let rounds = 1 + rng.below(3);
    for _ in 0..rounds {
        match rng.below(10) {
            0..=4 => {
                if !mutate_json(&mut rng, &mut response) {
                    mutate_bytes(&mut rng, &mut response);
                }
            }
            5 | 6 => mutate_bytes(&mut rng, &mut response),
            _ => mutate_headers(&mut rng, &mut response, options),
        }
    }
    // Responses stay below a few MiB, so that a run measures robustness, not memory.
    response.body.truncate(MAX_BODY);
    let retries = rng.one_in(8);
    (op, response, retries)
}

/// A finding: a panic or a violated check, with everything to reproduce it.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The seed of the run.
    pub seed: u64,
    /// The case number.
    pub index: u64,
    /// The operation.
    pub op: Op,
    /// Whether the retrying client was used.
    pub retries: bool,
    /// What went wrong: the panic message, location and backtrace, or the failed check.
    pub what: String,
    /// The response.
    pub response: Response,
}

impl Finding {
    /// The report of this finding, with the command that replays it.
    pub fn report(&self) -> String {
        format!(
            "case {} of seed {} ({}, retries {}): replay with `cargo xtask mutate-responses --seed {} --case {}`\n{}\n{}",
            self.index,
            self.seed,
            self.op.name(),
            self.retries,
            self.seed,
            self.index,
            self.what,
            self.response.describe()
        )
    }
}

/// Counts per operation and outcome.
#[derive(Debug, Default)]
pub struct Summary {
    /// `(operation, outcome) -> calls`.
    pub counts: BTreeMap<(Op, Outcome), u64>,
    /// Cases run.
    pub total: u64,
    /// Panics and failed checks.
    pub findings: Vec<Finding>,
    /// Wall-clock time.
    pub elapsed: Duration,
}

impl Summary {
    /// The table the xtask prints.
    pub fn render(&self) -> String {
        let mut out = format!("{:<26}{:>10}", "operation", "responses");
        for outcome in Outcome::ALL {
            out.push_str(&format!("{:>18}", outcome.name()));
        }
        out.push('\n');
        for &op in Op::ALL {
            let per: Vec<u64> = Outcome::ALL
                .iter()
                .map(|o| self.counts.get(&(op, *o)).copied().unwrap_or(0))
                .collect();
            let failed = self.findings.iter().filter(|f| f.op == op).count() as u64;
            out.push_str(&format!(
                "{:<26}{:>10}",
                op.name(),
                per.iter().sum::<u64>() + failed
            ));
            for n in per {
                out.push_str(&format!("{n:>18}"));
            }
            out.push('\n');
        }
        let secs = self.elapsed.as_secs_f64();
        out.push_str(&format!(
            "{} responses in {:.1} s ({:.0}/s), {} panics or failed checks\n",
            self.total,
            secs,
            self.total as f64 / secs.max(1e-9),
            self.findings.len()
        ));
        out
    }
}

static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Records panics (message, location, backtrace) instead of printing them, so that a run can
/// go on and report them together.
pub fn install_panic_hook() {
    panic::set_hook(Box::new(|info| {
        let message = match info.payload().downcast_ref::<&str>() {
            Some(s) => s.to_string(),
            None => info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "(non-string payload)".into()),
        };
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        let backtrace = std::backtrace::Backtrace::force_capture();
        *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) =
            Some(format!("panicked at {location}: {message}\n{backtrace}"));
    }));
}

/// Runs one case; `Err` holds the panic or failed check.
pub fn run_case(
    harness: &Harness,
    op: Op,
    response: &Response,
    retries: bool,
) -> Result<Outcome, String> {
    let direct = response.to_http().ok();
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        if let Some(http) = &direct {
            op.deserialize_direct(http);
        }
        harness.call(op, response, retries)
    }));
    match result {
        Ok(checked) => checked,
        Err(_) => Err(LAST_PANIC
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .unwrap_or_else(|| "panicked".into())),
    }
}

/// Where a run stops.
#[derive(Clone, Copy, Debug)]
pub enum Budget {
    /// After this long (cases keep their order; time only limits how many run).
    Time(Duration),
    /// After this many cases.
    Count(u64),
    /// Only this case.
    Case(u64),
}

/// Runs cases `0, 1, 2, ...` of `seed` until the budget is spent.
pub fn run(seed: u64, budget: Budget, options: Options) -> Summary {
    let previous_hook = panic::take_hook();
    install_panic_hook();
    let mut harness = Harness::new();
    let mut summary = Summary::default();
    let started = Instant::now();
    let (first, end) = match budget {
        Budget::Case(i) => (i, i + 1),
        Budget::Count(n) => (0, n),
        Budget::Time(_) => (0, u64::MAX),
    };
    for index in first..end {
        if let Budget::Time(limit) = budget {
            if started.elapsed() >= limit {
                break;
            }
        }
        let (op, response, retries) = case(seed, index, options);
        if std::env::var_os("MUTATE_TRACE").is_some() {
            eprintln!("case {index}");
        }
        summary.total += 1;
        match run_case(&harness, op, &response, retries) {
            Ok(outcome) => *summary.counts.entry((op, outcome)).or_default() += 1,
            Err(what) => {
                summary.findings.push(Finding {
                    seed,
                    index,
                    op,
                    retries,
                    what,
                    response,
                });
                // A panic may leave the runtime or the clients half-way: start afresh.
                harness = Harness::new();
            }
        }
    }
    summary.elapsed = started.elapsed();
    panic::set_hook(previous_hook);
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_depend_only_on_seed_and_index() {
        let options = Options::default();
        for i in 0..200 {
            assert_eq!(case(7, i, options), case(7, i, options));
        }
        assert_ne!(
            (0..50).map(|i| case(1, i, options).1).collect::<Vec<_>>(),
            (0..50).map(|i| case(2, i, options).1).collect::<Vec<_>>()
        );
    }

    #[test]
    fn valid_samples_succeed_and_errors_are_service_errors() {
        let harness = Harness::new();
        for &op in Op::ALL {
            assert_eq!(
                harness.call(op, &samples::success(op), false),
                Ok(Outcome::Ok),
                "{}",
                op.name()
            );
            for i in 0..samples::error_count() {
                assert_eq!(
                    harness.call(op, &samples::error(i), true),
                    Ok(Outcome::ServiceError)
                );
            }
        }
    }

    #[test]
    fn a_short_run_finds_nothing() {
        let summary = run(1, Budget::Count(300), Options::default());
        assert!(summary.findings.is_empty(), "{:#?}", summary.findings);
        assert_eq!(summary.total, 300);
    }
}
