//! The calls of a step, parsed once into what the client does with them.
//!
//! A call whose input is a JSON array is a built-in action with positional arguments; one
//! whose input is an object is a tool call (a user tool or a human-in-the-loop tool). Names
//! are matched exactly, after dropping a `browser.` or `tool.` prefix: the service sends bare
//! names, and the API documentation mentions the prefixed form.

use std::time::Duration;

use serde_json::Value;

use crate::boxes::{TargetBox, Viewport};

/// The call names of the protocol.
pub mod names {
    /// Click a box.
    pub const CLICK: &str = "agentClick";
    /// Move the mouse over a box.
    pub const HOVER: &str = "agentHover";
    /// Scroll what is under a box.
    pub const SCROLL: &str = "agentScroll";
    /// Type into a box.
    pub const TYPE: &str = "agentType";
    /// Open a URL.
    pub const GO_TO_URL: &str = "goToUrl";
    /// A thought of the model: shown, nothing done.
    pub const THINK: &str = "think";
    /// Wait some seconds.
    pub const WAIT: &str = "wait";
    /// Wait until the page stops changing.
    pub const SETTLE: &str = "waitForPageToSettle";
    /// Send the page as the model sees it.
    pub const OBSERVE: &str = "takeObservation";
    /// The act is done: its answer.
    pub const RETURN: &str = "return";
    /// The act failed: the model's reason.
    pub const THROW: &str = "throw";
    /// Ask a person to approve something.
    pub const HUMAN_APPROVE: &str = "human_Approve";
    /// Ask a person to take over the browser.
    pub const HUMAN_UI_TAKEOVER: &str = "human_UiTakeover";
    /// The synthetic first result of every act.
    pub const INITIATE_ACT: &str = "initiateAct";

    /// Names a user tool may not take.
    pub const RESERVED: &[&str] = &[
        CLICK,
        HOVER,
        SCROLL,
        TYPE,
        GO_TO_URL,
        THINK,
        WAIT,
        SETTLE,
        OBSERVE,
        RETURN,
        THROW,
        HUMAN_APPROVE,
        HUMAN_UI_TAKEOVER,
        INITIATE_ACT,
    ];
}

/// Mouse buttons and clicks of `agentClick`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClickType {
    /// One left click (the default).
    #[default]
    Left,
    /// A left double click.
    LeftDouble,
    /// One right click.
    Right,
}

/// Directions of `agentScroll`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScrollDirection {
    /// Towards the top.
    Up,
    /// Towards the bottom.
    Down,
    /// Towards the left.
    Left,
    /// Towards the right.
    Right,
}

/// A built-in browser action with its arguments parsed and checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// `agentClick`.
    Click {
        /// Where.
        target: TargetBox,
        /// How.
        click: ClickType,
    },
    /// `agentHover`.
    Hover {
        /// Where.
        target: TargetBox,
    },
    /// `agentScroll`.
    Scroll {
        /// Which way.
        direction: ScrollDirection,
        /// What to scroll: the scrollable element under the box centre, else the window.
        target: TargetBox,
    },
    /// `agentType`.
    Type {
        /// The text, which replaces the field's value.
        text: String,
        /// The field.
        target: TargetBox,
        /// Press Enter afterwards.
        press_enter: bool,
    },
    /// `goToUrl`, with the URL checked (http, https or about; file only when the session
    /// allows it; a host for http and https) and completed (`https://` when it had no scheme).
    GoToUrl {
        /// Where to go.
        url: String,
    },
    /// `wait` with a positive duration (`wait(0)` is [`Action::Settle`]).
    Wait {
        /// How long.
        duration: Duration,
    },
    /// `waitForPageToSettle`, or `wait(0)`.
    Settle,
    /// `takeObservation`.
    Observe,
    /// `think`: nothing to do.
    Think {
        /// The thought.
        text: String,
    },
}

impl Action {
    /// The call name of this action.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Click { .. } => names::CLICK,
            Action::Hover { .. } => names::HOVER,
            Action::Scroll { .. } => names::SCROLL,
            Action::Type { .. } => names::TYPE,
            Action::GoToUrl { .. } => names::GO_TO_URL,
            Action::Wait { .. } => names::WAIT,
            Action::Settle => names::SETTLE,
            Action::Observe => names::OBSERVE,
            Action::Think { .. } => names::THINK,
        }
    }
}

/// What a call asks the client to do.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Parsed {
    /// A browser action.
    Action(Action),
    /// The act is done with this answer.
    Return(String),
    /// The model gave up.
    Throw(String),
    /// A tool call: a user tool, or a human-in-the-loop tool.
    Tool { name: String, input: Value },
}

/// The input of a call could not be used: the model produced something invalid.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BadCall(pub String);

/// Options of the URL check.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct UrlPolicy {
    /// Whether `file:` URLs may be opened.
    pub allow_file_urls: bool,
}

/// Parses one call of a step. `viewport` is that of the observation the model was shown.
pub(crate) fn parse(
    name: &str,
    input: &Value,
    viewport: Viewport,
    urls: UrlPolicy,
) -> Result<Parsed, BadCall> {
    let name = name
        .strip_prefix("browser.")
        .or_else(|| name.strip_prefix("tool."))
        .unwrap_or(name);
    let args = match input {
        Value::Array(args) => args,
        Value::Object(_) => {
            // `throw` with an object keeps its message here (the Python SDK loses it).
            if name == names::THROW {
                let message = input.get("message").map(text_of).unwrap_or_default();
                return Ok(Parsed::Throw(message));
            }
            return Ok(Parsed::Tool {
                name: name.to_owned(),
                input: input.clone(),
            });
        }
        Value::Null => &Vec::new(),
        other => {
            return Err(BadCall(format!(
                "{name}: the input must be an array or an object, got {other}"
            )))
        }
    };
    let arity = |min: usize, max: usize| {
        if (min..=max).contains(&args.len()) {
            Ok(())
        } else if min == max {
            Err(BadCall(format!(
                "{name} takes {min} argument(s), got {}",
                args.len()
            )))
        } else {
            Err(BadCall(format!(
                "{name} takes {min} to {max} arguments, got {}",
                args.len()
            )))
        }
    };
    let target = |i: usize| -> Result<TargetBox, BadCall> {
        let text = string_arg(name, args, i)?;
        TargetBox::parse(&text, viewport).map_err(|e| BadCall(format!("{name}: {e}")))
    };
    let action = match name {
        names::RETURN => {
            arity(0, 1)?;
            return Ok(Parsed::Return(
                args.first().map(text_of).unwrap_or_default(),
            ));
        }
        names::THROW => {
            arity(0, 1)?;
            return Ok(Parsed::Throw(args.first().map(text_of).unwrap_or_default()));
        }
        names::CLICK => {
            arity(1, 2)?;
            let click = match args.get(1) {
                None | Some(Value::Null) => ClickType::Left,
                Some(Value::Object(o)) => match o.get("clickType") {
                    None | Some(Value::Null) => ClickType::Left,
                    Some(kind) => click_type(name, kind)?,
                },
                Some(kind) => click_type(name, kind)?,
            };
            Action::Click {
                target: target(0)?,
                click,
            }
        }
        names::HOVER => {
            arity(1, 1)?;
            Action::Hover { target: target(0)? }
        }
        names::SCROLL => {
            arity(2, 2)?;
            let direction = match string_arg(name, args, 0)?.as_str() {
                "up" => ScrollDirection::Up,
                "down" => ScrollDirection::Down,
                "left" => ScrollDirection::Left,
                "right" => ScrollDirection::Right,
                other => {
                    return Err(BadCall(format!(
                        "{name}: direction must be up, down, left or right, got {other:?}"
                    )))
                }
            };
            Action::Scroll {
                direction,
                target: target(1)?,
            }
        }
        names::TYPE => {
            arity(2, 3)?;
            let press_enter = match args.get(2) {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(Value::Object(o)) => match o.get("pressEnter") {
                    None | Some(Value::Null) => false,
                    Some(Value::Bool(b)) => *b,
                    Some(other) => {
                        return Err(BadCall(format!(
                            "{name}: pressEnter must be true or false, got {other}"
                        )))
                    }
                },
                Some(other) => {
                    return Err(BadCall(format!(
                        "{name}: the third argument must be {{\"pressEnter\": bool}} or a bool, got {other}"
                    )))
                }
            };
            Action::Type {
                text: string_arg(name, args, 0)?,
                target: target(1)?,
                press_enter,
            }
        }
        names::GO_TO_URL => {
            arity(1, 1)?;
            let url = string_arg(name, args, 0)?;
            Action::GoToUrl {
                url: check_url(&url, urls).map_err(|e| BadCall(format!("{name}: {e}")))?,
            }
        }
        names::THINK => Action::Think {
            text: args.first().map(text_of).unwrap_or_default(),
        },
        names::WAIT => {
            arity(0, 1)?;
            let seconds = match args.first() {
                None | Some(Value::Null) => 0.0,
                Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
                Some(Value::String(s)) => s.trim().parse().unwrap_or(f64::NAN),
                Some(other) => {
                    return Err(BadCall(format!(
                        "{name}: seconds must be a number, got {other}"
                    )))
                }
            };
            if !seconds.is_finite() || seconds < 0.0 {
                return Err(BadCall(format!(
                    "{name}: seconds must be a number of at least 0, got {}",
                    args[0]
                )));
            }
            if seconds == 0.0 {
                Action::Settle
            } else {
                Action::Wait {
                    duration: Duration::try_from_secs_f64(seconds)
                        .map_err(|e| BadCall(format!("{name}: {e}")))?,
                }
            }
        }
        names::SETTLE => Action::Settle,
        names::OBSERVE => Action::Observe,
        // An array input for anything else: a tool called the wrong way, or a name no one has.
        other => {
            return Ok(Parsed::Tool {
                name: other.to_owned(),
                input: input.clone(),
            })
        }
    };
    Ok(Parsed::Action(action))
}

fn click_type(name: &str, kind: &Value) -> Result<ClickType, BadCall> {
    match kind.as_str() {
        Some("left") => Ok(ClickType::Left),
        Some("left-double") => Ok(ClickType::LeftDouble),
        Some("right") => Ok(ClickType::Right),
        _ => Err(BadCall(format!(
            "{name}: clickType must be left, left-double or right, got {kind}"
        ))),
    }
}

fn string_arg(name: &str, args: &[Value], i: usize) -> Result<String, BadCall> {
    match args.get(i) {
        Some(Value::String(s)) => Ok(safe_string(s)),
        Some(other) => Err(BadCall(format!(
            "{name}: argument {} must be a string, got {other}",
            i + 1
        ))),
        None => Err(BadCall(format!("{name}: argument {} is missing", i + 1))),
    }
}

/// A value as text: strings as they are (cleaned by [`safe_string`]), anything else as JSON.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => safe_string(s),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Cleans a string argument the way the official client does before acting on it: `\uXXXX`
/// sequences written out in the text are decoded, terminal escape sequences (CSI and OSC) and
/// BEL are removed, and `\\` becomes `\`.
pub(crate) fn safe_string(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1) == Some(&'u') => {
                if let Some((decoded, used)) = unicode_escape(&chars[i..]) {
                    out.push(decoded);
                    i += used;
                    continue;
                }
                out.push(c);
                i += 1;
            }
            '\\' if chars.get(i + 1) == Some(&'\\') => {
                out.push('\\');
                i += 2;
            }
            '\u{7}' => i += 1,
            '\u{1b}' => i += escape_sequence_len(&chars[i..]),
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Decodes `\uXXXX` (with a following low surrogate if it is a high one).
fn unicode_escape(chars: &[char]) -> Option<(char, usize)> {
    let unit = |at: usize| -> Option<u32> {
        if chars.get(at) != Some(&'\\') || chars.get(at + 1) != Some(&'u') {
            return None;
        }
        let hex: String = chars.get(at + 2..at + 6)?.iter().collect();
        u32::from_str_radix(&hex, 16).ok()
    };
    let first = unit(0)?;
    if (0xD800..0xDC00).contains(&first) {
        let second = unit(6)?;
        if !(0xDC00..0xE000).contains(&second) {
            return None;
        }
        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        return char::from_u32(code).map(|c| (c, 12));
    }
    char::from_u32(first).map(|c| (c, 6))
}

/// Length of the escape sequence starting at `chars[0]` (an ESC).
fn escape_sequence_len(chars: &[char]) -> usize {
    match chars.get(1) {
        // CSI: ESC [ parameters, ends with a byte in @..~
        Some('[') => chars[2..]
            .iter()
            .position(|c| ('@'..='~').contains(c))
            .map_or(chars.len(), |end| end + 3),
        // OSC: ESC ] ... ended by BEL or ESC \
        Some(']') => {
            let mut i = 2;
            while i < chars.len() {
                if chars[i] == '\u{7}' {
                    return i + 1;
                }
                if chars[i] == '\u{1b}' && chars.get(i + 1) == Some(&'\\') {
                    return i + 2;
                }
                i += 1;
            }
            chars.len()
        }
        Some(_) => 2,
        None => 1,
    }
}

/// Checks a `goToUrl` URL and completes it: no scheme means `https://`; the scheme must be
/// `http`, `https`, `about`, or `file` when allowed; http(s) URLs need a host; the characters
/// `<>"{}|^`\` and spaces are refused.
pub(crate) fn check_url(url: &str, policy: UrlPolicy) -> Result<String, String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("the URL is empty".to_owned());
    }
    if let Some(bad) = url
        .chars()
        .find(|c| "<>\"{}|^`\\".contains(*c) || c.is_whitespace())
    {
        return Err(format!(
            "the URL {url:?} contains {bad:?}, which URLs may not"
        ));
    }
    let Some(scheme) = scheme_of(url) else {
        return check_url(&format!("https://{url}"), policy);
    };
    match scheme.as_str() {
        "http" | "https" => {
            let rest = url[scheme.len() + 1..]
                .strip_prefix("//")
                .unwrap_or_default();
            let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
            let host = authority.rsplit('@').next().unwrap_or_default();
            if host.is_empty() || host.starts_with(':') {
                return Err(format!("the URL {url:?} has no host"));
            }
            Ok(url.to_owned())
        }
        "about" => Ok(url.to_owned()),
        "file" if policy.allow_file_urls => Ok(url.to_owned()),
        "file" => Err(format!(
            "file URLs are not allowed ({url:?}); allow them on the session if you mean it"
        )),
        other => Err(format!(
            "the scheme {other:?} is not allowed (http, https and about are)"
        )),
    }
}

/// The URL's scheme, lower-cased: letters, digits, `+`, `-` and `.` before a `:` that does
/// not start a port (`localhost:8080/` has no scheme).
fn scheme_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    let port = rest
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (valid && !port).then(|| scheme.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const VIEW: Viewport = Viewport::RECOMMENDED;

    fn parse_ok(name: &str, input: Value) -> Parsed {
        parse(name, &input, VIEW, UrlPolicy::default())
            .unwrap_or_else(|e| panic!("{name} {input}: {}", e.0))
    }

    fn boxed(top: f64, left: f64, bottom: f64, right: f64) -> TargetBox {
        TargetBox {
            top,
            left,
            bottom,
            right,
        }
    }

    #[test]
    fn parses_built_in_actions() {
        let b = boxed(100.0, 20.0, 130.0, 300.0);
        let cases = [
            (
                "agentClick",
                json!(["<box>100,20,130,300</box>", {"clickType": "left"}]),
                Action::Click {
                    target: b,
                    click: ClickType::Left,
                },
            ),
            (
                "browser.agentClick",
                json!(["<box>100,20,130,300</box>", "left-double"]),
                Action::Click {
                    target: b,
                    click: ClickType::LeftDouble,
                },
            ),
            (
                "agentClick",
                json!(["<box>100,20,130,300</box>", {"clickType": "right"}]),
                Action::Click {
                    target: b,
                    click: ClickType::Right,
                },
            ),
            (
                "agentClick",
                json!(["<box>100,20,130,300</box>"]),
                Action::Click {
                    target: b,
                    click: ClickType::Left,
                },
            ),
            (
                "agentHover",
                json!(["<box>100,20,130,300</box>"]),
                Action::Hover { target: b },
            ),
            (
                "agentScroll",
                json!(["down", "<box>100,20,130,300</box>"]),
                Action::Scroll {
                    direction: ScrollDirection::Down,
                    target: b,
                },
            ),
            (
                "agentType",
                json!(["alice", "<box>100,20,130,300</box>", {"pressEnter": true}]),
                Action::Type {
                    text: "alice".into(),
                    target: b,
                    press_enter: true,
                },
            ),
            (
                "agentType",
                json!([
                    "a\\\\b \\u00e9\u{1b}[31m!",
                    "<box>100,20,130,300</box>",
                    false
                ]),
                Action::Type {
                    text: "a\\b é!".into(),
                    target: b,
                    press_enter: false,
                },
            ),
            (
                "goToUrl",
                json!(["example.com/x"]),
                Action::GoToUrl {
                    url: "https://example.com/x".into(),
                },
            ),
            (
                "goToUrl",
                json!(["http://127.0.0.1:8080/a"]),
                Action::GoToUrl {
                    url: "http://127.0.0.1:8080/a".into(),
                },
            ),
            (
                "goToUrl",
                json!(["localhost:8080/a"]),
                Action::GoToUrl {
                    url: "https://localhost:8080/a".into(),
                },
            ),
            (
                "wait",
                json!([2]),
                Action::Wait {
                    duration: Duration::from_secs(2),
                },
            ),
            (
                "wait",
                json!(["0.5"]),
                Action::Wait {
                    duration: Duration::from_millis(500),
                },
            ),
            ("wait", json!([0]), Action::Settle),
            ("waitForPageToSettle", json!([]), Action::Settle),
            ("takeObservation", json!([]), Action::Observe),
            (
                "think",
                json!(["hmm"]),
                Action::Think { text: "hmm".into() },
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(
                parse_ok(name, input.clone()),
                Parsed::Action(want),
                "{name} {input}"
            );
        }
    }

    #[test]
    fn parses_endings_and_tools() {
        let cases = [
            ("return", json!(["done"]), Parsed::Return("done".into())),
            ("return", json!([]), Parsed::Return(String::new())),
            (
                "return",
                json!([{"a": 1}]),
                Parsed::Return(r#"{"a":1}"#.into()),
            ),
            ("throw", json!(["no way"]), Parsed::Throw("no way".into())),
            (
                "throw",
                json!({"message": "no way"}),
                Parsed::Throw("no way".into()),
            ),
            (
                "lookup_fare",
                json!({"destination": "LIS"}),
                Parsed::Tool {
                    name: "lookup_fare".into(),
                    input: json!({"destination": "LIS"}),
                },
            ),
            (
                "tool.lookup_fare",
                json!({}),
                Parsed::Tool {
                    name: "lookup_fare".into(),
                    input: json!({}),
                },
            ),
            (
                "human_Approve",
                json!({"message": "ok?"}),
                Parsed::Tool {
                    name: "human_Approve".into(),
                    input: json!({"message": "ok?"}),
                },
            ),
            (
                "throwAgentError",
                json!(["x"]),
                Parsed::Tool {
                    name: "throwAgentError".into(),
                    input: json!(["x"]),
                },
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(parse_ok(name, input.clone()), want, "{name} {input}");
        }
    }

    #[test]
    fn refuses_bad_input_and_says_why() {
        let cases = [
            ("agentClick", json!([]), "takes 1 to 2 arguments"),
            ("agentClick", json!([5]), "argument 1 must be a string"),
            (
                "agentClick",
                json!(["<box>1,2,3</box>"]),
                "4 comma-separated",
            ),
            (
                "agentClick",
                json!(["<box>1,2,3,4</box>", "middle"]),
                "clickType must be",
            ),
            (
                "agentHover",
                json!(["<box>1,2,3,4</box>", "x"]),
                "takes 1 argument",
            ),
            (
                "agentScroll",
                json!(["sideways", "<box>1,2,3,4</box>"]),
                "direction must be",
            ),
            (
                "agentType",
                json!(["x", "<box>1,2,3,4</box>", "yes"]),
                "third argument",
            ),
            ("goToUrl", json!(["javascript:alert(1)"]), "not allowed"),
            (
                "goToUrl",
                json!(["file:///etc/passwd"]),
                "file URLs are not allowed",
            ),
            ("goToUrl", json!(["https://a b"]), "contains"),
            ("goToUrl", json!(["https:///path"]), "no host"),
            ("wait", json!([-1]), "at least 0"),
            ("wait", json!(["soon"]), "at least 0"),
            ("agentClick", json!("text"), "array or an object"),
        ];
        for (name, input, problem) in cases {
            let err = parse(name, &input, VIEW, UrlPolicy::default()).unwrap_err();
            assert!(err.0.contains(problem), "{name} {input}: {}", err.0);
        }
    }

    #[test]
    fn file_urls_only_when_allowed() {
        let allowed = UrlPolicy {
            allow_file_urls: true,
        };
        assert_eq!(
            check_url("file:///tmp/a.html", allowed).unwrap(),
            "file:///tmp/a.html"
        );
        assert_eq!(
            check_url("about:blank", UrlPolicy::default()).unwrap(),
            "about:blank"
        );
    }

    #[test]
    fn safe_string_decodes_and_strips() {
        let cases = [
            ("plain", "plain"),
            ("\\u0041\\u00e9", "Aé"),
            ("\\ud83d\\ude42", "🙂"),
            ("\\uZZZZ", "\\uZZZZ"),
            ("a\\\\b", "a\\b"),
            ("bell\u{7}!", "bell!"),
            ("\u{1b}[1;31mred\u{1b}[0m", "red"),
            ("\u{1b}]0;title\u{7}text", "text"),
            ("\u{1b}]8;;http://x\u{1b}\\link", "link"),
        ];
        for (input, want) in cases {
            assert_eq!(safe_string(input), want, "{input:?}");
        }
    }
}
