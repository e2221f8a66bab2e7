//! Documents: `aws_smithy_types::Document`, the type the official SDKs give open JSON
//! content, and its conversions to and from JSON and serde types.
//!
//! Numbers are read as the official SDKs read them: non-negative integers as
//! `Number::PosInt`, negative ones as `Number::NegInt`, anything else as `Number::Float`.

use aws_smithy_types::{Document, Number};
use serde::de::DeserializeOwned;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// Serializes a document as the JSON it stands for.
#[derive(Debug, Clone, Copy)]
pub struct DocumentRef<'a>(pub &'a Document);

impl Serialize for DocumentRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Document::Null => serializer.serialize_unit(),
            Document::Bool(b) => serializer.serialize_bool(*b),
            Document::String(s) => serializer.serialize_str(s),
            Document::Number(Number::PosInt(n)) => serializer.serialize_u64(*n),
            Document::Number(Number::NegInt(n)) => serializer.serialize_i64(*n),
            Document::Number(Number::Float(f)) => serializer.serialize_f64(*f),
            Document::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&DocumentRef(item))?;
                }
                seq.end()
            }
            Document::Object(members) => {
                // Sorted by key, so that the same document always serializes the same way.
                let mut keys: Vec<&String> = members.keys().collect();
                keys.sort();
                let mut map = serializer.serialize_map(Some(keys.len()))?;
                for key in keys {
                    map.serialize_entry(key, &DocumentRef(&members[key]))?;
                }
                map.end()
            }
        }
    }
}

/// The document of a JSON value.
pub fn from_json(value: Value) -> Document {
    match value {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(b),
        Value::String(s) => Document::String(s),
        Value::Number(n) => Document::Number(if let Some(u) = n.as_u64() {
            Number::PosInt(u)
        } else if let Some(i) = n.as_i64() {
            Number::NegInt(i)
        } else {
            Number::Float(n.as_f64().unwrap_or(f64::NAN))
        }),
        Value::Array(items) => Document::Array(items.into_iter().map(from_json).collect()),
        Value::Object(members) => Document::Object(
            members
                .into_iter()
                .map(|(key, value)| (key, from_json(value)))
                .collect(),
        ),
    }
}

/// The JSON value of a document. Non-finite floats, which JSON cannot hold, become `null`.
pub fn to_json(document: &Document) -> Value {
    match document {
        Document::Null => Value::Null,
        Document::Bool(b) => Value::Bool(*b),
        Document::String(s) => Value::String(s.clone()),
        Document::Number(Number::PosInt(n)) => Value::from(*n),
        Document::Number(Number::NegInt(n)) => Value::from(*n),
        Document::Number(Number::Float(f)) => {
            serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
        }
        Document::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Document::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, value)| (key.clone(), to_json(value)))
                .collect(),
        ),
    }
}

/// The document of any serializable value (a struct, a map, `serde_json::json!`, ...).
pub fn to_document<T: Serialize + ?Sized>(value: &T) -> Result<Document, serde_json::Error> {
    serde_json::to_value(value).map(from_json)
}

/// Reads a document as any deserializable type.
pub fn from_document<T: DeserializeOwned>(document: &Document) -> Result<T, serde_json::Error> {
    serde_json::from_value(to_json(document))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_round_trips_through_documents() {
        let cases = [
            json!(null),
            json!(true),
            json!("text"),
            json!(0),
            json!(18446744073709551615u64),
            json!(-9223372036854775808i64),
            json!(2.5),
            json!([1, "two", [3.5], {"four": null}]),
            json!({"b": {"c": [false]}, "a": -1}),
        ];
        for value in cases {
            let document = from_json(value.clone());
            assert_eq!(to_json(&document), value);
            let written = serde_json::to_value(DocumentRef(&document)).unwrap();
            assert_eq!(written, value);
        }
    }

    #[test]
    fn numbers_are_read_as_the_official_sdks_read_them() {
        let cases = [
            (json!(7), Number::PosInt(7)),
            (json!(-7), Number::NegInt(-7)),
            (json!(7.25), Number::Float(7.25)),
        ];
        for (value, number) in cases {
            assert_eq!(from_json(value), Document::Number(number));
        }
    }

    #[test]
    fn objects_serialize_in_key_order_and_non_finite_floats_as_null() {
        let document = from_json(json!({"z": 1, "a": 2, "m": 3}));
        let text = serde_json::to_string(&DocumentRef(&document)).unwrap();
        assert_eq!(text, r#"{"a":2,"m":3,"z":1}"#);
        let nan = Document::Number(Number::Float(f64::NAN));
        assert_eq!(to_json(&nan), Value::Null);
    }

    #[test]
    fn serde_types_convert_both_ways() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Fare {
            destination: String,
            seats: u32,
        }
        let fare = Fare {
            destination: "LIS".into(),
            seats: 2,
        };
        let document = to_document(&fare).unwrap();
        assert_eq!(from_document::<Fare>(&document).unwrap(), fare);
        assert!(from_document::<Fare>(&Document::Null).is_err());
    }
}
