//! The text of a call result, as the service reads it.
//!
//! The official Python SDK sends a successful call's value as Python's `json.dumps(value)`
//! and a failure meant for the model as `"<Type>: <message>"`. `json.dumps` differs from
//! compact JSON in two ways that reach the model: separators are `", "` and `": "`, and every
//! character outside ASCII is escaped as `\uXXXX` (UTF-16 surrogate pairs above U+FFFF).
//! [`json_text`] writes the same bytes, so the model sees what it sees with the Python SDK.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter, Serializer};

/// `value` as `json.dumps(value)` writes it.
pub(crate) fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut out = Vec::new();
    value.serialize(&mut Serializer::with_formatter(&mut out, PythonFormatter))?;
    // The formatter writes ASCII only.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// A failure fed back to the model: `"<Type>: <message>"`.
pub(crate) fn error_text(kind: &str, message: &str) -> String {
    format!("{kind}: {message}")
}

/// `json.dumps`' default layout: `", "` between items, `": "` after keys, ASCII only.
struct PythonFormatter;

impl Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // ASCII runs go out in one write; only other characters are escaped one by one.
        let mut rest = fragment;
        while !rest.is_empty() {
            let ascii = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            w.write_all(&rest.as_bytes()[..ascii])?;
            let mut chars = rest[ascii..].chars();
            if let Some(c) = chars.next() {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(w, "\\u{unit:04x}")?;
                }
            }
            rest = chars.as_str();
        }
        Ok(())
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        // Python writes control characters other than \b \f \n \r \t as \u00XX, like serde.
        let text: &[u8] = match escape {
            CharEscape::Quote => b"\\\"",
            CharEscape::ReverseSolidus => b"\\\\",
            CharEscape::Solidus => b"\\/",
            CharEscape::Backspace => b"\\b",
            CharEscape::FormFeed => b"\\f",
            CharEscape::LineFeed => b"\\n",
            CharEscape::CarriageReturn => b"\\r",
            CharEscape::Tab => b"\\t",
            CharEscape::AsciiControl(byte) => return write!(w, "\\u{byte:04x}"),
        };
        w.write_all(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_what_json_dumps_writes() {
        // (value, what Python's json.dumps gives for it)
        let cases = [
            (json!(null), "null"),
            (json!("129 EUR"), r#""129 EUR""#),
            (json!(true), "true"),
            (json!(42), "42"),
            (json!([1, "a", null]), r#"[1, "a", null]"#),
            (json!({"a": 1, "b": [true]}), r#"{"a": 1, "b": [true]}"#),
            (json!({}), "{}"),
            (json!([]), "[]"),
            (json!("café"), r#""caf\u00e9""#),
            (json!("🙂"), r#""\ud83d\ude42""#),
            (
                json!("tab\there \"q\" \\ \u{1}"),
                r#""tab\there \"q\" \\ \u0001""#,
            ),
        ];
        for (value, python) in cases {
            assert_eq!(json_text(&value).unwrap(), python, "{value}");
        }
    }

    #[test]
    fn errors_read_type_colon_message() {
        assert_eq!(
            error_text("AgentRedirectError", "use agentType"),
            "AgentRedirectError: use agentType"
        );
    }
}
