//! serde types for the Smithy 2.0 JSON AST. Nothing else in the generator reads raw JSON.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// A whole model file.
#[derive(Debug, Deserialize)]
pub struct Model {
    /// The IDL version, `"2.0"` (or `"2"`).
    pub smithy: String,
    /// Every shape, keyed by absolute shape id.
    #[serde(default)]
    pub shapes: BTreeMap<String, Shape>,
    /// Model metadata (unused by the generator, kept for completeness).
    #[serde(default)]
    pub metadata: BTreeMap<String, serde_json::Value>,
}

/// One shape, of any type. Fields that a type does not use stay empty.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    /// The shape type: `structure`, `string`, `operation`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// Members of structures, unions, enums and int enums, in model order.
    #[serde(default)]
    pub members: OrderedMap<Member>,
    /// The member of a list or set.
    pub member: Option<Member>,
    /// The key of a map.
    pub key: Option<Member>,
    /// The value of a map.
    pub value: Option<Member>,
    /// Traits applied to the shape.
    #[serde(default)]
    pub traits: BTreeMap<String, serde_json::Value>,
    /// Operation input.
    pub input: Option<Target>,
    /// Operation output.
    pub output: Option<Target>,
    /// Operation errors, in model order.
    #[serde(default)]
    pub errors: Vec<Target>,
    /// Service operations.
    #[serde(default)]
    pub operations: Vec<Target>,
    /// Service resources (traversed for their operations).
    #[serde(default)]
    pub resources: Vec<Target>,
    /// Service version.
    pub version: Option<String>,
    /// Mixins applied to the shape (refused: models must be flattened).
    #[serde(default)]
    pub mixins: Vec<Target>,
    /// Resource lifecycle operations and others, kept raw.
    #[serde(flatten)]
    pub rest: BTreeMap<String, serde_json::Value>,
}

/// A reference to another shape.
#[derive(Debug, Clone, Deserialize)]
pub struct Target {
    /// The absolute shape id.
    pub target: String,
}

/// A member of an aggregate shape.
#[derive(Debug, Clone, Deserialize)]
pub struct Member {
    /// The member's target shape.
    pub target: String,
    /// Traits applied to the member.
    #[serde(default)]
    pub traits: BTreeMap<String, serde_json::Value>,
}

/// A JSON object read in document order.
#[derive(Debug)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(std::marker::PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = OrderedMap<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, V>()? {
                    entries.push((key, value));
                }
                Ok(OrderedMap(entries))
            }
        }

        deserializer.deserialize_map(MapVisitor(std::marker::PhantomData))
    }
}

/// Parses a model from JSON text.
pub fn parse(json: &str) -> Result<Model, serde_json::Error> {
    serde_json::from_str(json)
}
