//! A compact, query-friendly view of the service's Smithy 2.0 JSON AST.
//!
//! The model (`model/nova-act.json`) is embedded in the binary and turned, once at start-up,
//! into a [`Schema`]: a flat table of shapes with their constraints already parsed (lengths,
//! ranges, compiled patterns, enum values), and a table of operations with their HTTP
//! bindings. Everything the protocol layer knows about requests and responses comes from here.

use std::collections::HashMap;

use regex::Regex;
use serde_json::Value;

/// The Smithy model of Amazon Nova Act, embedded at build time.
pub const MODEL_JSON: &str = include_str!("../../../model/nova-act.json");

/// Index of a shape in [`Schema::shapes`].
pub type ShapeId = usize;

/// How a timestamp is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// RFC 3339 / ISO 8601 date-time string, e.g. `2025-08-22T10:11:12.345Z`.
    DateTime,
    /// Seconds since the Unix epoch as a JSON number (fractions allowed).
    EpochSeconds,
    /// RFC 7231 IMF-fixdate string.
    HttpDate,
}

/// The kind of a shape, reduced to what validation and serialization need.
#[derive(Debug, Clone)]
pub enum ShapeKind {
    /// A plain string.
    String,
    /// A string restricted to the listed values (Smithy 2 `enum` or the 1.0 `@enum` trait).
    Enum(Vec<String>),
    /// An integer restricted to the listed values.
    IntEnum(Vec<i64>),
    /// An integral number with the given inclusive bounds of its type.
    Integer {
        /// Smallest value of the type.
        min: i64,
        /// Largest value of the type.
        max: i64,
    },
    /// A floating-point number.
    Float,
    /// A boolean.
    Boolean,
    /// Bytes, base64-encoded in JSON.
    Blob,
    /// A point in time.
    Timestamp,
    /// Free-form JSON.
    Document,
    /// An ordered list.
    List {
        /// The element member.
        member: Box<Member>,
    },
    /// A map with string keys.
    Map {
        /// The key member.
        key: Box<Member>,
        /// The value member.
        value: Box<Member>,
    },
    /// A structure; `members` keep the model's order.
    Structure {
        /// Members in model order.
        members: Vec<Member>,
    },
    /// A tagged union: exactly one member is set.
    Union {
        /// The variants.
        members: Vec<Member>,
    },
    /// Shapes with no wire form of their own (services, operations, resources, `Unit`).
    Other,
}

/// Constraint traits of a shape or member.
#[derive(Debug, Clone, Default)]
pub struct Constraints {
    /// `@length(min, max)`: characters, elements, entries or bytes.
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// `@range(min, max)` for numbers.
    pub range: Option<(Option<f64>, Option<f64>)>,
    /// `@pattern`, compiled; the source text is kept for messages.
    pub pattern: Option<(String, Regex)>,
}

impl Constraints {
    /// Member-level constraints win over the target's, trait by trait.
    fn overlay(&self, over: &Constraints) -> Constraints {
        Constraints {
            length: over.length.or(self.length),
            range: over.range.or(self.range),
            pattern: over.pattern.clone().or_else(|| self.pattern.clone()),
        }
    }
}

/// Where an operation input member is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// A `{label}` in the URI path.
    Label,
    /// A query string parameter with this name.
    Query(String),
    /// An HTTP header with this (lower-case) name.
    Header(String),
    /// A field of the JSON body.
    Body,
}

/// A member of a structure, union, list or map.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member name as written in the model (validation paths use it).
    pub name: String,
    /// The JSON field name on the wire (`@jsonName`, else the member name).
    pub json_name: String,
    /// The target shape.
    pub target: ShapeId,
    /// `@required`.
    pub required: bool,
    /// HTTP binding (only meaningful for top-level input/output/error members).
    pub binding: Binding,
    /// `@idempotencyToken`.
    pub idempotency_token: bool,
    /// Constraints of the member, already merged with those of its target.
    pub constraints: Constraints,
    /// Timestamp format of the member or its target, if any.
    pub timestamp_format: Option<TimestampFormat>,
}

/// A shape.
#[derive(Debug, Clone)]
pub struct Shape {
    /// The shape name without namespace.
    pub name: String,
    /// Its kind.
    pub kind: ShapeKind,
    /// Its own constraints.
    pub constraints: Constraints,
    /// `@timestampFormat` on the shape.
    pub timestamp_format: Option<TimestampFormat>,
    /// `@httpError` status, for error structures.
    pub http_error: Option<u16>,
}

/// An operation with its HTTP binding.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The operation name, e.g. `CreateWorkflowRun`.
    pub name: String,
    /// HTTP method in upper case.
    pub method: String,
    /// The URI pattern split into segments.
    pub uri: Vec<UriSegment>,
    /// The URI pattern as written in the model.
    pub uri_text: String,
    /// Status code of a successful response.
    pub code: u16,
    /// Input structure, if any.
    pub input: Option<ShapeId>,
    /// Output structure, if any.
    pub output: Option<ShapeId>,
    /// Modeled errors.
    pub errors: Vec<ShapeId>,
}

/// A segment of an operation's URI pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriSegment {
    /// Must match literally.
    Literal(String),
    /// `{name}`: one non-empty segment.
    Label(String),
    /// `{name+}`: one or more segments.
    GreedyLabel(String),
}

/// The whole compact schema.
#[derive(Debug)]
pub struct Schema {
    /// All shapes, referenced by index.
    pub shapes: Vec<Shape>,
    /// Operations in model order.
    pub operations: Vec<Operation>,
    /// SigV4 signing name of the service (`aws.auth#sigv4` trait).
    pub signing_name: String,
    /// The service's API version.
    pub version: String,
    by_name: HashMap<String, ShapeId>,
}

/// A problem in the model text.
#[derive(Debug)]
pub struct SchemaError(pub String);

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid Smithy model: {}", self.0)
    }
}

impl std::error::Error for SchemaError {}

type KindFn = fn() -> ShapeKind;

const PRELUDE: &[(&str, KindFn)] = &[
    ("String", || ShapeKind::String),
    ("Blob", || ShapeKind::Blob),
    ("Boolean", || ShapeKind::Boolean),
    ("PrimitiveBoolean", || ShapeKind::Boolean),
    ("Byte", || int_kind(8)),
    ("PrimitiveByte", || int_kind(8)),
    ("Short", || int_kind(16)),
    ("PrimitiveShort", || int_kind(16)),
    ("Integer", || int_kind(32)),
    ("PrimitiveInteger", || int_kind(32)),
    ("Long", || int_kind(64)),
    ("PrimitiveLong", || int_kind(64)),
    ("BigInteger", || int_kind(64)),
    ("Float", || ShapeKind::Float),
    ("PrimitiveFloat", || ShapeKind::Float),
    ("Double", || ShapeKind::Float),
    ("PrimitiveDouble", || ShapeKind::Float),
    ("BigDecimal", || ShapeKind::Float),
    ("Timestamp", || ShapeKind::Timestamp),
    ("Document", || ShapeKind::Document),
    ("Unit", || ShapeKind::Other),
];

fn int_kind(bits: u32) -> ShapeKind {
    let max = if bits >= 64 {
        i64::MAX
    } else {
        (1i64 << (bits - 1)) - 1
    };
    ShapeKind::Integer { min: -max - 1, max }
}

fn short_name(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, name)| name)
}

fn trait_of<'a>(traits: Option<&'a Value>, name: &str) -> Option<&'a Value> {
    traits.and_then(|t| t.get(name))
}

fn parse_timestamp_format(traits: Option<&Value>) -> Option<TimestampFormat> {
    match trait_of(traits, "smithy.api#timestampFormat")?.as_str()? {
        "date-time" => Some(TimestampFormat::DateTime),
        "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
        "http-date" => Some(TimestampFormat::HttpDate),
        _ => None,
    }
}

fn parse_constraints(traits: Option<&Value>, owner: &str) -> Result<Constraints, SchemaError> {
    let mut c = Constraints::default();
    if let Some(len) = trait_of(traits, "smithy.api#length") {
        c.length = Some((
            len.get("min").and_then(Value::as_u64),
            len.get("max").and_then(Value::as_u64),
        ));
    }
    if let Some(range) = trait_of(traits, "smithy.api#range") {
        c.range = Some((
            range.get("min").and_then(Value::as_f64),
            range.get("max").and_then(Value::as_f64),
        ));
    }
    if let Some(pattern) = trait_of(traits, "smithy.api#pattern").and_then(Value::as_str) {
        let re = Regex::new(pattern)
            .map_err(|e| SchemaError(format!("pattern of {owner} does not compile: {e}")))?;
        c.pattern = Some((pattern.to_string(), re));
    }
    Ok(c)
}

fn parse_uri(uri: &str) -> Vec<UriSegment> {
    let path = uri.split_once('?').map_or(uri, |(p, _)| p);
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if let Some(inner) = s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                match inner.strip_suffix('+') {
                    Some(name) => UriSegment::GreedyLabel(name.to_string()),
                    None => UriSegment::Label(inner.to_string()),
                }
            } else {
                UriSegment::Literal(s.to_string())
            }
        })
        .collect()
}

/// Member names of each aggregate shape in the order the model lists them (`serde_json`'s
/// `Value` sorts object keys, so the order is read in a separate pass).
#[derive(Default)]
struct MemberOrder(Vec<String>);

impl<'de> serde::Deserialize<'de> for MemberOrder {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = MemberOrder;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of members")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<MemberOrder, A::Error> {
                let mut names = Vec::new();
                while let Some((name, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                    names.push(name);
                }
                Ok(MemberOrder(names))
            }
        }
        d.deserialize_map(Visit)
    }
}

#[derive(serde::Deserialize)]
struct OrderShape {
    #[serde(default)]
    members: MemberOrder,
}

#[derive(serde::Deserialize)]
struct OrderAst {
    shapes: HashMap<String, OrderShape>,
}

impl Schema {
    /// Builds the schema of the embedded Nova Act model.
    pub fn nova_act() -> Result<Schema, SchemaError> {
        Schema::from_json(MODEL_JSON)
    }

    /// Builds a schema from the text of a Smithy JSON AST with exactly one service.
    pub fn from_json(text: &str) -> Result<Schema, SchemaError> {
        let ast: Value =
            serde_json::from_str(text).map_err(|e| SchemaError(format!("not JSON: {e}")))?;
        let shapes_json = ast
            .get("shapes")
            .and_then(Value::as_object)
            .ok_or_else(|| SchemaError("no `shapes` object".into()))?;

        // First pass: give every shape (prelude included) an index.
        let mut by_id: HashMap<String, ShapeId> = HashMap::new();
        let mut ids: Vec<String> = Vec::new();
        for (name, _) in PRELUDE {
            by_id.insert(format!("smithy.api#{name}"), ids.len());
            ids.push(format!("smithy.api#{name}"));
        }
        for id in shapes_json.keys() {
            by_id.insert(id.clone(), ids.len());
            ids.push(id.clone());
        }

        // Second pass: each shape's own traits, without members (they need targets' traits).
        let mut shapes: Vec<Shape> = Vec::with_capacity(ids.len());
        for (name, kind) in PRELUDE {
            shapes.push(Shape {
                name: (*name).to_string(),
                kind: kind(),
                constraints: Constraints::default(),
                timestamp_format: None,
                http_error: None,
            });
        }
        for (id, def) in shapes_json {
            let traits = def.get("traits");
            let http_error = trait_of(traits, "smithy.api#httpError")
                .and_then(Value::as_u64)
                .and_then(|c| u16::try_from(c).ok());
            let kind = match def.get("type").and_then(Value::as_str).unwrap_or("") {
                "string" => match trait_of(traits, "smithy.api#enum").and_then(Value::as_array) {
                    Some(values) => ShapeKind::Enum(
                        values
                            .iter()
                            .filter_map(|v| v.get("value").and_then(Value::as_str))
                            .map(str::to_string)
                            .collect(),
                    ),
                    None => ShapeKind::String,
                },
                "enum" => ShapeKind::Enum(
                    def.get("members")
                        .and_then(Value::as_object)
                        .map(|members| {
                            members
                                .iter()
                                .map(|(name, m)| {
                                    trait_of(m.get("traits"), "smithy.api#enumValue")
                                        .and_then(Value::as_str)
                                        .unwrap_or(name)
                                        .to_string()
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                ),
                "intEnum" => ShapeKind::IntEnum(
                    def.get("members")
                        .and_then(Value::as_object)
                        .map(|members| {
                            members
                                .values()
                                .filter_map(|m| {
                                    trait_of(m.get("traits"), "smithy.api#enumValue")
                                        .and_then(Value::as_i64)
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                ),
                "byte" => int_kind(8),
                "short" => int_kind(16),
                "integer" => int_kind(32),
                "long" | "bigInteger" => int_kind(64),
                "float" | "double" | "bigDecimal" => ShapeKind::Float,
                "boolean" => ShapeKind::Boolean,
                "blob" => ShapeKind::Blob,
                "timestamp" => ShapeKind::Timestamp,
                "document" => ShapeKind::Document,
                _ => ShapeKind::Other,
            };
            shapes.push(Shape {
                name: short_name(id).to_string(),
                kind,
                constraints: parse_constraints(traits, id)?,
                timestamp_format: parse_timestamp_format(traits),
                http_error,
            });
        }

        // Third pass: members of aggregates, now that every target's traits are known.
        let member = |owner: &str, name: &str, def: &Value| -> Result<Member, SchemaError> {
            let target_id = def
                .get("target")
                .and_then(Value::as_str)
                .ok_or_else(|| SchemaError(format!("member {owner}${name} has no target")))?;
            let target = *by_id.get(target_id).ok_or_else(|| {
                SchemaError(format!("member {owner}${name} targets unknown {target_id}"))
            })?;
            let traits = def.get("traits");
            let own = parse_constraints(traits, &format!("{owner}${name}"))?;
            let binding = if trait_of(traits, "smithy.api#httpLabel").is_some() {
                Binding::Label
            } else if let Some(q) = trait_of(traits, "smithy.api#httpQuery").and_then(Value::as_str)
            {
                Binding::Query(q.to_string())
            } else if let Some(h) =
                trait_of(traits, "smithy.api#httpHeader").and_then(Value::as_str)
            {
                Binding::Header(h.to_ascii_lowercase())
            } else {
                Binding::Body
            };
            Ok(Member {
                name: name.to_string(),
                json_name: trait_of(traits, "smithy.api#jsonName")
                    .and_then(Value::as_str)
                    .unwrap_or(name)
                    .to_string(),
                target,
                required: trait_of(traits, "smithy.api#required").is_some(),
                binding,
                idempotency_token: trait_of(traits, "smithy.api#idempotencyToken").is_some(),
                constraints: shapes[target].constraints.overlay(&own),
                timestamp_format: parse_timestamp_format(traits)
                    .or(shapes[target].timestamp_format),
            })
        };
        let order: OrderAst =
            serde_json::from_str(text).map_err(|e| SchemaError(format!("not JSON: {e}")))?;
        let mut resolved: Vec<(ShapeId, ShapeKind)> = Vec::new();
        for (id, def) in shapes_json {
            let index = by_id[id];
            let members_of = |def: &Value| -> Result<Vec<Member>, SchemaError> {
                let Some(members) = def.get("members").and_then(Value::as_object) else {
                    return Ok(Vec::new());
                };
                let names = order
                    .shapes
                    .get(id)
                    .map(|o| o.members.0.as_slice())
                    .unwrap_or_default();
                names
                    .iter()
                    .filter_map(|name| members.get(name).map(|m| (name, m)))
                    .map(|(name, m)| member(id, name, m))
                    .collect()
            };
            let kind = match def.get("type").and_then(Value::as_str).unwrap_or("") {
                "structure" => ShapeKind::Structure {
                    members: members_of(def)?,
                },
                "union" => ShapeKind::Union {
                    members: members_of(def)?,
                },
                "list" | "set" => ShapeKind::List {
                    member: Box::new(member(
                        id,
                        "member",
                        def.get("member")
                            .ok_or_else(|| SchemaError(format!("{id} has no member")))?,
                    )?),
                },
                "map" => ShapeKind::Map {
                    key: Box::new(member(
                        id,
                        "key",
                        def.get("key")
                            .ok_or_else(|| SchemaError(format!("{id} has no key")))?,
                    )?),
                    value: Box::new(member(
                        id,
                        "value",
                        def.get("value")
                            .ok_or_else(|| SchemaError(format!("{id} has no value")))?,
                    )?),
                },
                _ => continue,
            };
            resolved.push((index, kind));
        }
        for (index, kind) in resolved {
            shapes[index].kind = kind;
        }

        // The service and its operations.
        let (service_id, service) = shapes_json
            .iter()
            .find(|(_, def)| def.get("type").and_then(Value::as_str) == Some("service"))
            .ok_or_else(|| SchemaError("no service shape".into()))?;
        let signing_name = trait_of(service.get("traits"), "aws.auth#sigv4")
            .and_then(|t| t.get("name"))
            .and_then(Value::as_str)
            .ok_or_else(|| SchemaError(format!("{service_id} has no aws.auth#sigv4 name")))?
            .to_string();
        let version = service
            .get("version")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let target = |v: Option<&Value>| -> Option<ShapeId> {
            v.and_then(|t| t.get("target"))
                .and_then(Value::as_str)
                .and_then(|t| by_id.get(t).copied())
                .filter(|&i| !matches!(shapes[i].kind, ShapeKind::Other))
        };
        let mut operations = Vec::new();
        for op_ref in service
            .get("operations")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let Some(op_id) = op_ref.get("target").and_then(Value::as_str) else {
                continue;
            };
            let op = shapes_json
                .get(op_id)
                .ok_or_else(|| SchemaError(format!("unknown operation {op_id}")))?;
            let http = trait_of(op.get("traits"), "smithy.api#http")
                .ok_or_else(|| SchemaError(format!("{op_id} has no @http trait")))?;
            let uri_text = http
                .get("uri")
                .and_then(Value::as_str)
                .ok_or_else(|| SchemaError(format!("{op_id} has no URI")))?
                .to_string();
            let mut errors: Vec<ShapeId> = op
                .get("errors")
                .and_then(Value::as_array)
                .map(|errs| errs.iter().filter_map(|e| target(Some(e))).collect())
                .unwrap_or_default();
            if let Some(common) = service.get("errors").and_then(Value::as_array) {
                errors.extend(common.iter().filter_map(|e| target(Some(e))));
            }
            operations.push(Operation {
                name: short_name(op_id).to_string(),
                method: http
                    .get("method")
                    .and_then(Value::as_str)
                    .unwrap_or("POST")
                    .to_ascii_uppercase(),
                uri: parse_uri(&uri_text),
                uri_text,
                code: http
                    .get("code")
                    .and_then(Value::as_u64)
                    .and_then(|c| u16::try_from(c).ok())
                    .unwrap_or(200),
                input: target(op.get("input")),
                output: target(op.get("output")),
                errors,
            });
        }

        let by_name = ids
            .iter()
            .enumerate()
            .filter(|(_, id)| !id.starts_with("smithy.api#"))
            .map(|(i, id)| (short_name(id).to_string(), i))
            .collect();
        Ok(Schema {
            shapes,
            operations,
            signing_name,
            version,
            by_name,
        })
    }

    /// The shape with this (namespace-less) name.
    pub fn shape_named(&self, name: &str) -> Option<ShapeId> {
        self.by_name.get(name).copied()
    }

    /// The shape at this index.
    pub fn shape(&self, id: ShapeId) -> &Shape {
        &self.shapes[id]
    }

    /// The operation with this name.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.name == name)
    }

    /// Members of a structure or union (empty for other shapes).
    pub fn members(&self, id: ShapeId) -> &[Member] {
        match &self.shapes[id].kind {
            ShapeKind::Structure { members } | ShapeKind::Union { members } => members,
            _ => &[],
        }
    }

    /// Values of an enum shape (empty for other shapes).
    pub fn enum_values(&self, id: ShapeId) -> &[String] {
        match &self.shapes[id].kind {
            ShapeKind::Enum(values) => values,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_has_all_operations_with_bindings() {
        let schema = Schema::nova_act().expect("model parses");
        assert_eq!(schema.operations.len(), 16);
        assert_eq!(schema.signing_name, "nova-act");
        assert_eq!(schema.version, "2025-08-22");

        let invoke = schema.operation("InvokeActStep").unwrap();
        assert_eq!(invoke.method, "PUT");
        assert_eq!(invoke.code, 200);
        assert!(invoke.uri_text.ends_with("/invoke-step/"));
        assert_eq!(
            invoke.uri.last(),
            Some(&UriSegment::Literal("invoke-step".into()))
        );

        let list_acts = schema.operation("ListActs").unwrap();
        let input = schema.members(list_acts.input.unwrap());
        let max = input.iter().find(|m| m.name == "maxResults").unwrap();
        assert_eq!(max.binding, Binding::Query("maxResults".into()));
        assert_eq!(max.constraints.range, Some((Some(1.0), Some(100.0))));
        let label = input
            .iter()
            .find(|m| m.name == "workflowDefinitionName")
            .unwrap();
        assert_eq!(label.binding, Binding::Label);
        assert!(label.required);

        let create = schema.operation("CreateWorkflowDefinition").unwrap();
        let token = schema
            .members(create.input.unwrap())
            .iter()
            .find(|m| m.name == "clientToken")
            .unwrap();
        assert!(token.idempotency_token);
        assert_eq!(token.constraints.length, Some((Some(33), Some(256))));
        assert!(token.constraints.pattern.is_some());
    }

    #[test]
    fn enums_errors_and_timestamps() {
        let schema = Schema::nova_act().unwrap();
        let sort = schema.shape_named("SortOrder").unwrap();
        assert_eq!(schema.enum_values(sort), ["Ascending", "Descending"]);
        let throttling = schema.shape_named("ThrottlingException").unwrap();
        assert_eq!(schema.shape(throttling).http_error, Some(429));
        let retry = schema
            .members(throttling)
            .iter()
            .find(|m| m.name == "retryAfterSeconds")
            .unwrap();
        assert_eq!(retry.binding, Binding::Header("retry-after".into()));
        let summary = schema.shape_named("WorkflowDefinitionSummary").unwrap();
        let created = schema
            .members(summary)
            .iter()
            .find(|m| m.name == "createdAt")
            .unwrap();
        assert_eq!(created.timestamp_format, Some(TimestampFormat::DateTime));
    }

    #[test]
    fn bad_models_are_reported_not_panicked() {
        assert!(Schema::from_json("nope").is_err());
        assert!(Schema::from_json("{}").is_err());
        assert!(Schema::from_json(
            r#"{"shapes":{"a#B":{"type":"structure","members":{"x":{"target":"a#Missing"}}}}}"#
        )
        .is_err());
    }
}
