//! serde helpers for the restJson1 representation of values that serde does not map on its
//! own: timestamps in their three formats, base64 blobs, non-finite floating point numbers,
//! open string enums and unions.
//!
//! Generated types use these with `#[serde(with = "...")]`.

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use std::fmt;

macro_rules! option_module {
    ($inner:ty) => {
        /// The same representation for an optional member.
        pub mod option {
            use serde::{Deserialize, Deserializer, Serializer};

            /// Serializes a present value; absent values are skipped by the caller.
            pub fn serialize<S: Serializer>(
                value: &Option<$inner>,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                match value {
                    Some(value) => super::serialize(value, serializer),
                    None => serializer.serialize_none(),
                }
            }

            /// Deserializes the value, reading `null` as absent.
            pub fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Option<$inner>, D::Error> {
                #[derive(Deserialize)]
                struct Wrap(#[serde(deserialize_with = "super::deserialize")] $inner);
                Ok(Option::<Wrap>::deserialize(deserializer)?.map(|w| w.0))
            }
        }
    };
}

/// Documents (`aws_smithy_types::Document`) as the JSON they stand for.
pub mod document {
    use aws_smithy_types::Document;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Serializes the document.
    pub fn serialize<S: Serializer>(value: &Document, serializer: S) -> Result<S::Ok, S::Error> {
        crate::document::DocumentRef(value).serialize(serializer)
    }

    /// Deserializes any JSON value as a document.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Document, D::Error> {
        serde_json::Value::deserialize(deserializer).map(crate::document::from_json)
    }

    option_module!(aws_smithy_types::Document);
}

/// Timestamps as RFC 3339 strings (`date-time`), with fractional seconds when present.
pub mod date_time {
    use aws_smithy_types::date_time::Format;
    use aws_smithy_types::DateTime;
    use serde::{Deserializer, Serializer};

    /// Serializes a timestamp as an RFC 3339 string.
    pub fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        let text = value
            .fmt(Format::DateTime)
            .map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }

    /// Deserializes an RFC 3339 string.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        super::with_str(deserializer, |text| {
            DateTime::from_str(text, Format::DateTime)
                .map_err(|e| format!("invalid date-time `{text}`: {e}"))
        })
    }

    option_module!(aws_smithy_types::DateTime);
}

/// Timestamps as RFC 7231 strings (`http-date`).
pub mod http_date {
    use aws_smithy_types::date_time::Format;
    use aws_smithy_types::DateTime;
    use serde::{Deserializer, Serializer};

    /// Serializes a timestamp as an HTTP date.
    pub fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        let text = value
            .fmt(Format::HttpDate)
            .map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }

    /// Deserializes an HTTP date.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        super::with_str(deserializer, |text| {
            DateTime::from_str(text, Format::HttpDate)
                .map_err(|e| format!("invalid http-date `{text}`: {e}"))
        })
    }

    option_module!(aws_smithy_types::DateTime);
}

/// Timestamps as seconds since the Unix epoch, with a fraction when needed (the restJson1
/// default for timestamps in bodies).
pub mod epoch_seconds {
    use aws_smithy_types::DateTime;
    use serde::{de, Deserialize, Deserializer, Serializer};

    /// Serializes a timestamp as a number of seconds.
    pub fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        if value.subsec_nanos() == 0 {
            serializer.serialize_i64(value.secs())
        } else {
            serializer.serialize_f64(value.as_secs_f64())
        }
    }

    /// Deserializes a number of seconds (integer or fractional).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        let number = serde_json::Number::deserialize(deserializer)?;
        if let Some(secs) = number.as_i64() {
            Ok(DateTime::from_secs(secs))
        } else if let Some(secs) = number.as_f64().filter(|s| s.is_finite()) {
            Ok(DateTime::from_secs_f64(secs))
        } else {
            Err(de::Error::custom(format!(
                "invalid epoch-seconds timestamp `{number}`"
            )))
        }
    }

    option_module!(aws_smithy_types::DateTime);
}

/// Blobs as base64 strings.
pub mod blob {
    use aws_smithy_types::Blob;
    use serde::{Deserializer, Serializer};

    /// Serializes a blob as base64.
    pub fn serialize<S: Serializer>(value: &Blob, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&aws_smithy_types::base64::encode(value.as_ref()))
    }

    /// Deserializes a base64 string.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Blob, D::Error> {
        super::with_str(deserializer, |text| {
            aws_smithy_types::base64::decode(text)
                .map(Blob::new)
                .map_err(|e| format!("invalid base64 blob: {e}"))
        })
    }

    option_module!(aws_smithy_types::Blob);
}

macro_rules! float_module {
    ($name:ident, $ty:ty, $serialize:ident, $doc:literal) => {
        #[doc = $doc]
        pub mod $name {
            use serde::{de, Deserialize, Deserializer, Serializer};

            /// Serializes a number, writing non-finite values as `"NaN"`, `"Infinity"` or
            /// `"-Infinity"`.
            pub fn serialize<S: Serializer>(value: &$ty, serializer: S) -> Result<S::Ok, S::Error> {
                if value.is_nan() {
                    serializer.serialize_str("NaN")
                } else if value.is_infinite() && *value > 0.0 {
                    serializer.serialize_str("Infinity")
                } else if value.is_infinite() {
                    serializer.serialize_str("-Infinity")
                } else {
                    // The shortest text that reads back as the same value of this width
                    // (`0.1f32` is written `0.1`, not `0.10000000149011612`).
                    serializer.$serialize(*value)
                }
            }

            /// Deserializes a number or one of the non-finite strings.
            pub fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<$ty, D::Error> {
                #[derive(Deserialize)]
                #[serde(untagged)]
                enum Repr<'a> {
                    Number($ty),
                    #[serde(borrow)]
                    Text(std::borrow::Cow<'a, str>),
                }
                match Repr::deserialize(deserializer)? {
                    Repr::Number(n) => Ok(n),
                    Repr::Text(t) => match t.as_ref() {
                        "NaN" => Ok(<$ty>::NAN),
                        "Infinity" => Ok(<$ty>::INFINITY),
                        "-Infinity" => Ok(<$ty>::NEG_INFINITY),
                        other => Err(de::Error::custom(format!("invalid number `{other}`"))),
                    },
                }
            }

            option_module!($ty);
        }
    };
}

float_module!(
    double,
    f64,
    serialize_f64,
    "Doubles, with the restJson1 strings for non-finite values."
);
float_module!(
    float,
    f32,
    serialize_f32,
    "Floats, with the restJson1 strings for non-finite values."
);

/// Reads a string and converts it with `convert`, without allocating for input that has no
/// escapes. (`Cow<str>` would not do: serde always deserializes it owned.)
fn with_str<'de, D, T>(
    deserializer: D,
    convert: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct StrVisitor<F>(F);

    impl<'de, T, F: FnOnce(&str) -> Result<T, String>> Visitor<'de> for StrVisitor<F> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.0)(v).map_err(E::custom)
        }
    }

    deserializer.deserialize_str(StrVisitor(convert))
}

/// Deserializes an open string enum through its `From<&str>` conversion, without allocating
/// for borrowed input. Unknown values become the enum's `Unknown` variant.
pub fn deserialize_str_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    with_str(deserializer, |v| Ok(T::from(v)))
}

/// The value of a required string-enum member an error answer lacks: `Unknown("")`, as the
/// official SDKs' error correction fills it (for `#[serde(default = "...")]`).
pub fn unknown_enum_value<T: for<'a> From<&'a str>>() -> T {
    T::from("")
}

/// Deserializes an open int enum through its `From<i32>` conversion.
pub fn deserialize_int_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: From<i32>,
{
    let value = <i32 as serde::Deserialize>::deserialize(deserializer)?;
    Ok(T::from(value))
}

/// Deserializes a union: a JSON object with exactly one member set. `__type` and members
/// whose value is `null` are ignored. `convert` receives the member name and value.
pub fn deserialize_union<'de, D, T>(
    deserializer: D,
    union_name: &'static str,
    convert: impl FnOnce(String, serde_json::Value) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let map = <serde_json::Map<String, serde_json::Value> as serde::Deserialize>::deserialize(
        deserializer,
    )?;
    let mut set = map
        .into_iter()
        .filter(|(name, value)| name != "__type" && !value.is_null());
    let (name, value) = set
        .next()
        .ok_or_else(|| de::Error::custom(format!("union {union_name} has no member set")))?;
    if let Some((other, _)) = set.next() {
        return Err(de::Error::custom(format!(
            "union {union_name} has more than one member set (`{name}` and `{other}`)"
        )));
    }
    convert(name, value).map_err(de::Error::custom)
}

/// The error of serializing a union's `Unknown` variant: a member this crate does not know
/// cannot be sent.
pub fn unknown_union_member<E: serde::ser::Error>(union_name: &str) -> E {
    E::custom(format!(
        "union {union_name} holds a member this version of the crate does not know (`Unknown`), which cannot be sent"
    ))
}

/// Serializes one union member as a single-entry JSON object.
pub fn serialize_union_member<S, T>(serializer: S, name: &str, value: &T) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    T: serde::Serialize + ?Sized,
{
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(name, value)?;
    map.end()
}

/// Skip predicate for optional members in borrowed serialization structs.
pub fn is_none<T>(value: &Option<T>) -> bool {
    value.is_none()
}

#[cfg(test)]
mod tests {
    use aws_smithy_types::{Blob, DateTime};
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Times {
        #[serde(with = "super::date_time")]
        a: DateTime,
        #[serde(with = "super::epoch_seconds::option", default)]
        b: Option<DateTime>,
        #[serde(with = "super::http_date::option", default)]
        c: Option<DateTime>,
        #[serde(with = "super::blob::option", default)]
        d: Option<Blob>,
        #[serde(with = "super::double::option", default)]
        e: Option<f64>,
    }

    #[test]
    fn timestamps_blobs_and_doubles() {
        let json = r#"{"a":"2025-01-02T03:04:05.123Z","b":1700000000.5,"c":"Tue, 29 Apr 2014 18:30:38 GMT","d":"aGk=","e":"-Infinity"}"#;
        let t: Times = serde_json::from_str(json).unwrap();
        assert_eq!(t.a.secs(), 1735787045);
        assert_eq!(t.a.subsec_nanos(), 123_000_000);
        assert_eq!(t.b, Some(DateTime::from_secs_f64(1700000000.5)));
        assert_eq!(t.c.unwrap().secs(), 1398796238);
        assert_eq!(t.d.as_ref().unwrap().as_ref(), b"hi");
        assert_eq!(t.e, Some(f64::NEG_INFINITY));
        let back = serde_json::to_string(&t).unwrap();
        assert_eq!(back, json);
    }

    #[test]
    fn floats_keep_their_shortest_form() {
        #[derive(Serialize, Deserialize, Debug, PartialEq)]
        struct Floats {
            #[serde(with = "super::float")]
            a: f32,
            #[serde(with = "super::double")]
            b: f64,
            #[serde(with = "super::float")]
            c: f32,
        }
        let value = Floats {
            a: 0.1,
            b: 0.1,
            c: f32::NAN,
        };
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, r#"{"a":0.1,"b":0.1,"c":"NaN"}"#);
        let back: Floats = serde_json::from_str(r#"{"a":0.1,"b":1e300,"c":"Infinity"}"#).unwrap();
        assert_eq!((back.a, back.b, back.c), (0.1, 1e300, f32::INFINITY));
    }

    #[test]
    fn nulls_are_absent_and_bad_values_are_named() {
        let t: Times = serde_json::from_str(r#"{"a":"2025-01-02T03:04:05Z","b":null}"#).unwrap();
        assert_eq!(t.b, None);
        let err = serde_json::from_str::<Times>(r#"{"a":"yesterday"}"#).unwrap_err();
        assert!(err.to_string().contains("yesterday"), "{err}");
    }

    #[test]
    fn unions_need_exactly_one_member() {
        let parse = |json: &str| {
            let mut de = serde_json::Deserializer::from_str(json);
            super::deserialize_union(&mut de, "U", |name, value| Ok((name, value)))
        };
        assert_eq!(
            parse(r#"{"__type":"x","a":1,"b":null}"#).unwrap(),
            ("a".to_owned(), serde_json::json!(1))
        );
        assert!(parse(r#"{}"#)
            .unwrap_err()
            .to_string()
            .contains("no member"));
        assert!(parse(r#"{"a":1,"b":2}"#)
            .unwrap_err()
            .to_string()
            .contains("more than one"));
    }
}
