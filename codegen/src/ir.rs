//! The intermediate representation: every decision about the Rust output, made once.
//!
//! Emitters read only this; they never look at the model or at each other's output.

use crate::index::{docs, shape_name, Index};
use crate::model::Member;
use crate::names;
use crate::Error;
use std::collections::{BTreeMap, BTreeSet};

/// The service and everything generated for it.
#[derive(Debug)]
pub struct Service {
    /// `aws.api#service` sdkId, e.g. "Nova Act".
    pub sdk_id: String,
    /// The service title, for crate docs.
    pub title: String,
    /// The API version.
    pub version: String,
    /// The SigV4 signing name.
    pub signing_name: String,
    /// Service documentation.
    pub docs: Option<String>,
    /// Operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Named types (structures, unions, enums) other than inputs, outputs and errors, sorted.
    pub types: Vec<TypeDef>,
    /// Error structures, sorted.
    pub errors: Vec<Structure>,
    /// The endpoint rule set, if the service has one.
    pub endpoint_rule_set: Option<serde_json::Value>,
}

/// A named type in `types`.
#[derive(Debug)]
pub enum TypeDef {
    /// A structure.
    Structure(Structure),
    /// A union.
    Union(Union),
    /// A string enum.
    Enum(Enum),
    /// An int enum.
    IntEnum(IntEnum),
}

impl TypeDef {
    /// The Rust type name.
    pub fn ident(&self) -> &str {
        match self {
            TypeDef::Structure(s) => &s.ident,
            TypeDef::Union(u) => &u.ident,
            TypeDef::Enum(e) => &e.ident,
            TypeDef::IntEnum(e) => &e.ident,
        }
    }
}

/// What a structure is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructureRole {
    /// An operation input.
    Input,
    /// An operation output.
    Output,
    /// An error.
    Error,
    /// Any other structure.
    Plain,
}

/// A structure.
#[derive(Debug)]
pub struct Structure {
    /// Smithy shape name.
    pub name: String,
    /// Rust type name.
    pub ident: String,
    /// Documentation.
    pub docs: Option<String>,
    /// Members in model order.
    pub members: Vec<MemberIr>,
    /// Whether the whole structure is sensitive.
    pub sensitive: bool,
    /// Its role.
    pub role: StructureRole,
    /// For errors: the error facts.
    pub error: Option<ErrorInfo>,
}

/// Facts about an error structure.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    /// "client" or "server".
    pub fault: String,
    /// The HTTP status code, if modeled.
    pub http_status: Option<u16>,
    /// Whether the error is retryable.
    pub retryable: bool,
    /// Whether the retryable error is throttling.
    pub throttling: bool,
}

/// How a member travels on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// In the JSON body, under this name.
    Body(String),
    /// A URI label.
    Label {
        /// The label name in the URI pattern.
        name: String,
        /// Whether it is greedy (`{name+}`).
        greedy: bool,
    },
    /// A query parameter.
    Query(String),
    /// All remaining query parameters (a map).
    QueryParams,
    /// A header.
    Header(String),
    /// Headers with a prefix (a map).
    PrefixHeaders(String),
    /// The whole body.
    Payload,
    /// The HTTP status code.
    ResponseCode,
}

/// The Rust type of a value.
#[derive(Debug, Clone, PartialEq)]
pub enum RustType {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// Integers and floats, by Rust name (`i8`, `i16`, `i32`, `i64`, `f32`, `f64`).
    Number(&'static str),
    /// `Blob`.
    Blob,
    /// `DateTime`, with its wire format.
    Timestamp(TimestampFormat),
    /// `Document` (a JSON value).
    Document,
    /// A generated type.
    Named {
        /// The Rust type name.
        ident: String,
        /// What kind of type it is.
        kind: NamedKind,
    },
    /// `Vec<T>`.
    List(Box<RustType>),
    /// `HashMap<String, T>`.
    Map(Box<RustType>),
}

/// The kind of a generated type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKind {
    /// A structure.
    Structure,
    /// A union.
    Union,
    /// A string enum.
    Enum,
    /// An int enum.
    IntEnum,
}

/// A timestamp format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// RFC 3339.
    DateTime,
    /// RFC 7231.
    HttpDate,
    /// Seconds since the epoch.
    EpochSeconds,
}

impl RustType {
    /// Whether the type is `Copy` (accessors return it by value).
    pub fn is_copy(&self) -> bool {
        matches!(self, RustType::Bool | RustType::Number(_))
    }
}

/// A member of a structure.
#[derive(Debug, Clone)]
pub struct MemberIr {
    /// Smithy member name.
    pub name: String,
    /// Rust field name.
    pub field: String,
    /// Documentation.
    pub docs: Option<String>,
    /// The Rust type (without `Option`).
    pub ty: RustType,
    /// Whether the field is `Option<T>`.
    pub optional: bool,
    /// Whether the builder must be given a value.
    pub required: bool,
    /// The default value, as a Rust expression source, for members with `@default`.
    pub default: Option<DefaultValue>,
    /// Where the member travels.
    pub binding: Binding,
    /// Whether `Debug` redacts the value.
    pub sensitive: bool,
    /// Whether it is an idempotency token.
    pub idempotency_token: bool,
    /// The `@mediaType` of the target shape (the content type of a blob or string payload).
    pub media_type: Option<String>,
    /// Whether the value is boxed because the member closes a cycle of structures and unions
    /// (a recursive shape would otherwise have an infinite size).
    pub boxed: bool,
}

/// A `@default` value.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (also enum values).
    Str(String),
    /// An empty list or map.
    Empty,
}

/// A union.
#[derive(Debug)]
pub struct Union {
    /// Smithy shape name.
    pub name: String,
    /// Rust type name.
    pub ident: String,
    /// Documentation.
    pub docs: Option<String>,
    /// Variants in model order.
    pub variants: Vec<Variant>,
    /// Whether the whole union is sensitive.
    pub sensitive: bool,
}

/// A union variant.
#[derive(Debug)]
pub struct Variant {
    /// The member name on the wire.
    pub wire_name: String,
    /// The Rust variant name.
    pub ident: String,
    /// The snake-case name for `as_x`/`is_x` helpers.
    pub snake: String,
    /// Documentation.
    pub docs: Option<String>,
    /// The variant's type.
    pub ty: RustType,
    /// Whether the value is boxed because the member closes a cycle of structures and unions.
    pub boxed: bool,
}

/// A string enum.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Smithy shape name.
    pub name: String,
    /// Rust type name.
    pub ident: String,
    /// Documentation.
    pub docs: Option<String>,
    /// Variants: (Rust ident, wire value, docs).
    pub variants: Vec<(String, String, Option<String>)>,
}

/// An int enum.
#[derive(Debug)]
pub struct IntEnum {
    /// Smithy shape name.
    pub name: String,
    /// Rust type name.
    pub ident: String,
    /// Documentation.
    pub docs: Option<String>,
    /// Variants: (Rust ident, value, docs).
    pub variants: Vec<(String, i32, Option<String>)>,
}

/// A segment of a URI pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriSegment {
    /// Literal text, already percent-encoded as the model writes it.
    Literal(String),
    /// A label, by member field name.
    Label {
        /// The Rust field of the bound member.
        field: String,
        /// The Smithy member name (for errors).
        member: String,
        /// Greedy label.
        greedy: bool,
    },
}

/// An operation.
#[derive(Debug)]
pub struct Operation {
    /// Smithy name, e.g. `GetWorkflowRun`.
    pub name: String,
    /// Rust type name of the operation marker.
    pub ident: String,
    /// snake_case name, for the module and the client method (a raw identifier for keywords).
    pub snake: String,
    /// Documentation.
    pub docs: Option<String>,
    /// HTTP method.
    pub method: String,
    /// The path part of the URI pattern.
    pub path: Vec<UriSegment>,
    /// Literal query parameters in the URI pattern (`?a=b`), raw.
    pub query_literals: Vec<String>,
    /// The modeled success status code.
    pub code: u16,
    /// The input structure.
    pub input: Structure,
    /// The output structure.
    pub output: Structure,
    /// Errors, by Rust type name, in model order.
    pub errors: Vec<ErrorRef>,
    /// Pagination, if the operation is paginated.
    pub paginated: Option<Pagination>,
    /// Whether the input has members bound to the body (so `{}` is sent even when empty).
    pub has_body_members: bool,
    /// Whether the input holds a sensitive value anywhere (see `Builder::holds_sensitive`).
    pub sensitive_input: bool,
    /// Whether the output holds a sensitive value anywhere.
    pub sensitive_output: bool,
}

/// An error an operation can return.
#[derive(Debug, Clone)]
pub struct ErrorRef {
    /// The Smithy name (the error code on the wire).
    pub name: String,
    /// The Rust type name.
    pub ident: String,
    /// snake_case name for `is_x` helpers.
    pub snake: String,
    /// The error facts.
    pub info: ErrorInfo,
}

/// Pagination facts.
#[derive(Debug)]
pub struct Pagination {
    /// The input token member field.
    pub input_token: String,
    /// The output token member field.
    pub output_token: String,
    /// Whether the output token field is `Option`.
    pub output_token_optional: bool,
    /// The page size member field, if any.
    pub page_size: Option<(String, RustType)>,
    /// The items member field and the item type, if any.
    pub items: Option<(String, RustType, bool)>,
}

/// Builds the IR from the index.
pub fn build(index: &Index<'_>) -> Result<Service, Error> {
    let (service_id, service) = index.service()?;
    if !service.traits.contains_key("aws.protocols#restJson1") {
        return Err(Error::shape(
            service_id,
            "only the aws.protocols#restJson1 protocol is supported",
        ));
    }
    let sdk_id = service
        .traits
        .get("aws.api#service")
        .and_then(|t| t.get("sdkId"))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| shape_name(service_id).to_owned());
    let signing_name = service
        .traits
        .get("aws.auth#sigv4")
        .and_then(|t| t.get("name"))
        .and_then(|v| v.as_str())
        .ok_or_else(|| {
            Error::shape(
                service_id,
                "the service must use aws.auth#sigv4 (no other auth scheme is supported)",
            )
        })?
        .to_owned();
    check_auth(service_id, &service.traits)?;
    let title = service
        .traits
        .get("smithy.api#title")
        .and_then(|v| v.as_str())
        .unwrap_or(&sdk_id)
        .to_owned();

    let mut builder = Builder {
        index,
        service_paginated: service.traits.get("smithy.api#paginated"),
        types: BTreeMap::new(),
        errors: BTreeMap::new(),
        io_shapes: BTreeSet::new(),
        visiting: BTreeSet::new(),
    };
    let operations_raw = index.operations(service)?;
    for (_, op) in &operations_raw {
        for target in op.input.iter().chain(op.output.iter()) {
            builder.io_shapes.insert(target.target.clone());
        }
    }
    let mut operations = Vec::new();
    for (id, op) in operations_raw {
        operations.push(builder.operation(id, op)?);
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));

    Ok(Service {
        sdk_id,
        title,
        version: service.version.clone().unwrap_or_default(),
        signing_name,
        docs: docs(&service.traits),
        operations,
        types: builder.types.into_values().collect(),
        errors: builder.errors.into_values().collect(),
        endpoint_rule_set: service.traits.get("smithy.rules#endpointRuleSet").cloned(),
    })
}

struct Builder<'a, 'm> {
    index: &'a Index<'m>,
    service_paginated: Option<&'m serde_json::Value>,
    types: BTreeMap<String, TypeDef>,
    errors: BTreeMap<String, Structure>,
    io_shapes: BTreeSet<String>,
    visiting: BTreeSet<String>,
}

impl Builder<'_, '_> {
    fn operation(&mut self, id: &str, op: &crate::model::Shape) -> Result<Operation, Error> {
        let name = shape_name(id).to_owned();
        check_auth(id, &op.traits)?;
        let http = op.traits.get("smithy.api#http").ok_or_else(|| {
            Error::shape(
                id,
                "the operation has no smithy.api#http trait (required by restJson1)",
            )
        })?;
        let method = http
            .get("method")
            .and_then(|v| v.as_str())
            .ok_or_else(|| Error::shape(id, "smithy.api#http has no method"))?
            .to_owned();
        let uri = http
            .get("uri")
            .and_then(|v| v.as_str())
            .ok_or_else(|| Error::shape(id, "smithy.api#http has no uri"))?;
        let code = http.get("code").and_then(|v| v.as_u64()).unwrap_or(200) as u16;

        let input = match &op.input {
            Some(t) if t.target != "smithy.api#Unit" => {
                self.structure(&t.target, StructureRole::Input)?
            }
            _ => empty_structure(&format!("{name}Input"), StructureRole::Input),
        };
        let output = match &op.output {
            Some(t) if t.target != "smithy.api#Unit" => {
                self.structure(&t.target, StructureRole::Output)?
            }
            _ => empty_structure(&format!("{name}Output"), StructureRole::Output),
        };
        let mut errors = Vec::new();
        for target in &op.errors {
            let error = self.error(&target.target)?;
            errors.push(error);
        }

        let (path, query_literals) = parse_uri(id, uri, &input)?;
        for member in &input.members {
            if let Binding::Label { name, .. } = &member.binding {
                let bound = path
                    .iter()
                    .any(|s| matches!(s, UriSegment::Label { member: m, .. } if m == name));
                if !bound {
                    return Err(Error::shape(
                        id,
                        format!("member `{}` is an httpLabel but the URI pattern `{uri}` has no such label", member.name),
                    ));
                }
            }
        }
        let has_body_members = input
            .members
            .iter()
            .any(|m| matches!(m.binding, Binding::Body(_)));
        let paginated = self.pagination(id, op, &input, &output)?;
        let sensitive = |target: &Option<crate::model::Target>| match target {
            Some(t) => self.holds_sensitive(&t.target, &mut BTreeSet::new()),
            None => Ok(false),
        };
        let sensitive_input = sensitive(&op.input)?;
        let sensitive_output = sensitive(&op.output)?;
        Ok(Operation {
            ident: names::type_ident(&name),
            snake: names::field_ident(&name),
            docs: docs(&op.traits),
            name,
            method,
            path,
            query_literals,
            code,
            input,
            output,
            errors,
            paginated,
            has_body_members,
            sensitive_input,
            sensitive_output,
        })
    }

    /// Whether a value of shape `id` can hold a sensitive value: the shape is sensitive, or one
    /// of its members (of a structure or union, of a list or set, a map's key or value) has the
    /// trait or targets such a shape, at any depth. `seen` stops recursive shapes.
    fn holds_sensitive(&self, id: &str, seen: &mut BTreeSet<String>) -> Result<bool, Error> {
        let target = self.index.get(id)?;
        if target.has_trait("smithy.api#sensitive") {
            return Ok(true);
        }
        let Some(shape) = target.shape() else {
            return Ok(false);
        };
        // Enum members name values, not nested shapes.
        if matches!(shape.kind.as_str(), "enum" | "intEnum") || !seen.insert(id.to_owned()) {
            return Ok(false);
        }
        let members = shape
            .members
            .0
            .iter()
            .map(|(_, m)| m)
            .chain(&shape.member)
            .chain(&shape.key)
            .chain(&shape.value);
        for member in members {
            if member.traits.contains_key("smithy.api#sensitive")
                || self.holds_sensitive(&member.target, seen)?
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn pagination(
        &self,
        id: &str,
        op: &crate::model::Shape,
        input: &Structure,
        output: &Structure,
    ) -> Result<Option<Pagination>, Error> {
        let Some(own) = op.traits.get("smithy.api#paginated") else {
            return Ok(None);
        };
        let get = |key: &str| -> Option<String> {
            own.get(key)
                .or_else(|| self.service_paginated.and_then(|s| s.get(key)))
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let (Some(input_token), Some(output_token)) = (get("inputToken"), get("outputToken"))
        else {
            return Err(Error::shape(
                id,
                "smithy.api#paginated needs inputToken and outputToken",
            ));
        };
        let find = |structure: &Structure, path: &str, what: &str| -> Result<MemberIr, Error> {
            if path.contains('.') {
                return Err(Error::shape(
                    id,
                    format!("paginated {what} `{path}`: nested paths are not supported"),
                ));
            }
            structure
                .members
                .iter()
                .find(|m| m.name == path)
                .cloned()
                .ok_or_else(|| {
                    Error::shape(id, format!("paginated {what} `{path}` is not a member"))
                })
        };
        let input_token = find(input, &input_token, "inputToken")?;
        let output_token = find(output, &output_token, "outputToken")?;
        let page_size = match get("pageSize") {
            Some(p) => {
                let m = find(input, &p, "pageSize")?;
                Some((m.field, m.ty))
            }
            None => None,
        };
        let items = match get("items") {
            Some(p) => {
                let m = find(output, &p, "items")?;
                let RustType::List(item) = m.ty else {
                    return Err(Error::shape(
                        id,
                        format!("paginated items `{p}` must be a list"),
                    ));
                };
                Some((m.field, *item, m.optional))
            }
            None => None,
        };
        Ok(Some(Pagination {
            input_token: input_token.field,
            output_token: output_token.field,
            output_token_optional: output_token.optional,
            page_size,
            items,
        }))
    }

    fn error(&mut self, id: &str) -> Result<ErrorRef, Error> {
        let shape = self.index.shape(id)?;
        let fault = shape
            .traits
            .get("smithy.api#error")
            .and_then(|v| v.as_str())
            .ok_or_else(|| {
                Error::shape(
                    id,
                    "is listed as an error but has no smithy.api#error trait",
                )
            })?
            .to_owned();
        let retryable_trait = shape.traits.get("smithy.api#retryable");
        let info = ErrorInfo {
            fault,
            http_status: shape
                .traits
                .get("smithy.api#httpError")
                .and_then(|v| v.as_u64())
                .map(|v| v as u16),
            retryable: retryable_trait.is_some(),
            throttling: retryable_trait
                .and_then(|t| t.get("throttling"))
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
        };
        if !self.errors.contains_key(id) {
            let mut structure = self.structure(id, StructureRole::Error)?;
            structure.error = Some(info.clone());
            self.errors.insert(id.to_owned(), structure);
        }
        let name = shape_name(id).to_owned();
        Ok(ErrorRef {
            ident: names::type_ident(&name),
            snake: names::snake(&name),
            name,
            info,
        })
    }

    fn structure(&mut self, id: &str, role: StructureRole) -> Result<Structure, Error> {
        let shape = self.index.shape(id)?;
        if shape.kind != "structure" {
            return Err(Error::shape(
                id,
                format!("expected a structure, found a {}", shape.kind),
            ));
        }
        let name = shape_name(id).to_owned();
        let mut members = Vec::new();
        let mut fields = BTreeSet::new();
        for (member_name, member) in &shape.members.0 {
            let ir = self.member(id, member_name, member, role)?;
            if !fields.insert(ir.field.clone()) {
                return Err(Error::shape(
                    &format!("{id}${member_name}"),
                    format!("two members map to the same Rust field `{}`", ir.field),
                ));
            }
            members.push(ir);
        }
        check_generated_names(id, &members, role)?;
        if role == StructureRole::Output
            || role == StructureRole::Error
            || role == StructureRole::Plain
        {
            for m in &members {
                if matches!(
                    m.binding,
                    Binding::Label { .. } | Binding::Query(_) | Binding::QueryParams
                ) && role != StructureRole::Input
                    && self.io_shapes.contains(id)
                {
                    {
                        return Err(Error::shape(
                            &format!("{id}${}", m.name),
                            "label and query bindings are only allowed on operation inputs",
                        ));
                    }
                }
            }
        }
        let payloads = members
            .iter()
            .filter(|m| m.binding == Binding::Payload)
            .count();
        if payloads > 0
            && (payloads > 1
                || members
                    .iter()
                    .any(|m| matches!(m.binding, Binding::Body(_))))
        {
            {
                return Err(Error::shape(
                    id,
                    "an httpPayload member must be the only member left for the body",
                ));
            }
        }
        Ok(Structure {
            ident: match role {
                StructureRole::Input if !name.ends_with("Input") => {
                    names::type_ident(&format!("{}Input", name.trim_end_matches("Request")))
                }
                StructureRole::Output if !name.ends_with("Output") => {
                    names::type_ident(&format!("{}Output", name.trim_end_matches("Response")))
                }
                _ => names::type_ident(&name),
            },
            name,
            docs: docs(&shape.traits),
            members,
            sensitive: shape.traits.contains_key("smithy.api#sensitive"),
            role,
            error: None,
        })
    }

    fn member(
        &mut self,
        owner: &str,
        member_name: &str,
        member: &Member,
        role: StructureRole,
    ) -> Result<MemberIr, Error> {
        let at = format!("{owner}${member_name}");
        let traits = &member.traits;
        let target = self.index.get(&member.target)?;
        let format = traits
            .get("smithy.api#timestampFormat")
            .or_else(|| target.trait_value("smithy.api#timestampFormat"))
            .and_then(|v| v.as_str());
        let binding = if traits.contains_key("smithy.api#httpLabel") {
            Binding::Label {
                name: member_name.to_owned(),
                greedy: false,
            }
        } else if let Some(q) = traits.get("smithy.api#httpQuery") {
            Binding::Query(q.as_str().unwrap_or(member_name).to_owned())
        } else if traits.contains_key("smithy.api#httpQueryParams") {
            Binding::QueryParams
        } else if let Some(h) = traits.get("smithy.api#httpHeader") {
            Binding::Header(h.as_str().unwrap_or(member_name).to_owned())
        } else if let Some(p) = traits.get("smithy.api#httpPrefixHeaders") {
            Binding::PrefixHeaders(p.as_str().unwrap_or_default().to_owned())
        } else if traits.contains_key("smithy.api#httpPayload") {
            Binding::Payload
        } else if traits.contains_key("smithy.api#httpResponseCode") {
            Binding::ResponseCode
        } else {
            let json_name = traits
                .get("smithy.api#jsonName")
                .and_then(|v| v.as_str())
                .unwrap_or(member_name);
            Binding::Body(json_name.to_owned())
        };
        // Bindings only mean something on inputs, outputs and errors; on nested structures
        // every member is in the body.
        let binding = if role == StructureRole::Plain {
            if !matches!(binding, Binding::Body(_)) {
                return Err(Error::shape(
                    &at,
                    "HTTP binding traits are only allowed on operation inputs, outputs and errors",
                ));
            }
            binding
        } else {
            binding
        };
        let default_format = match binding {
            Binding::Header(_) => TimestampFormat::HttpDate,
            Binding::Body(_) | Binding::Payload => TimestampFormat::EpochSeconds,
            _ => TimestampFormat::DateTime,
        };
        let format = match format {
            None => default_format,
            Some("date-time") => TimestampFormat::DateTime,
            Some("http-date") => TimestampFormat::HttpDate,
            Some("epoch-seconds") => TimestampFormat::EpochSeconds,
            Some(other) => {
                return Err(Error::shape(
                    &at,
                    format!("unknown timestampFormat `{other}`"),
                ))
            }
        };
        let boxed = self.closes_cycle(&member.target);
        let ty = self.rust_type(&at, &member.target, format)?;
        if let Binding::Label { .. } | Binding::Query(_) | Binding::Header(_) = &binding {
            let scalar = matches!(
                &ty,
                RustType::String
                    | RustType::Bool
                    | RustType::Number(_)
                    | RustType::Timestamp(_)
                    | RustType::Named {
                        kind: NamedKind::Enum | NamedKind::IntEnum,
                        ..
                    }
            );
            let list = matches!(&ty, RustType::List(inner) if !matches!(**inner, RustType::List(_) | RustType::Map(_) | RustType::Document | RustType::Blob | RustType::Named { kind: NamedKind::Structure | NamedKind::Union, .. }));
            if !(scalar || (list && !matches!(binding, Binding::Label { .. }))) {
                return Err(Error::shape(
                    &at,
                    "this HTTP binding needs a simple value or a list of them",
                ));
            }
            if target.has_trait("smithy.api#mediaType") && matches!(binding, Binding::Header(_)) {
                return Err(Error::shape(
                    &at,
                    "headers with a media type (base64 JSON) are not supported",
                ));
            }
        }
        if let Binding::QueryParams | Binding::PrefixHeaders(_) = &binding {
            let ok = matches!(&ty, RustType::Map(inner) if **inner == RustType::String)
                || matches!(&binding, Binding::QueryParams)
                    && matches!(&ty, RustType::Map(inner) if **inner == RustType::List(Box::new(RustType::String)));
            if !ok {
                return Err(Error::shape(
                    &at,
                    "httpQueryParams and httpPrefixHeaders need a map of strings",
                ));
            }
        }
        if binding == Binding::Payload
            && !matches!(
                &ty,
                RustType::Blob
                    | RustType::String
                    | RustType::Document
                    | RustType::Named {
                        kind: NamedKind::Structure | NamedKind::Union,
                        ..
                    }
            )
        {
            return Err(Error::shape(
                &at,
                "httpPayload must target a blob, string, document, structure or union",
            ));
        }
        if binding == Binding::ResponseCode && ty != RustType::Number("i32") {
            return Err(Error::shape(&at, "httpResponseCode must target an integer"));
        }
        let idempotency_token = traits.contains_key("smithy.api#idempotencyToken");
        let has_required = traits.contains_key("smithy.api#required");
        let default = match traits
            .get("smithy.api#default")
            .or_else(|| target.trait_value("smithy.api#default"))
        {
            None => None,
            Some(value) => Some(default_value(&at, value, &ty)?),
        };
        let client_optional = traits.contains_key("smithy.api#clientOptional");
        let header_like_output = role != StructureRole::Input
            && matches!(
                binding,
                Binding::Header(_) | Binding::PrefixHeaders(_) | Binding::Payload
            );
        // Required members of errors are plain, as in the official SDKs, where a missing one
        // can be filled in when the error is read (see `error_corrected`); the rest stay
        // optional so that an incomplete error answer is still the modeled error.
        let optional = match role {
            // Every input member is an `Option`, as in the official SDKs: inputs can be read
            // (by interceptors, mocks, tests) whatever was set; required ones are still
            // checked when the input is built, before anything is sent.
            StructureRole::Input => true,
            StructureRole::Error if !error_corrected(&ty) => true,
            // A structure or union has no zero value to stand in for a missing one, so the
            // official SDKs keep such members optional even when required.
            _ if matches!(
                ty,
                RustType::Named {
                    kind: NamedKind::Structure | NamedKind::Union,
                    ..
                }
            ) =>
            {
                true
            }
            _ if binding == Binding::ResponseCode => false,
            _ if idempotency_token || client_optional || header_like_output => true,
            _ => !(has_required || default.is_some()),
        };
        let required = if role == StructureRole::Input {
            has_required && default.is_none() && !idempotency_token && !client_optional
        } else {
            !optional && default.is_none() && binding != Binding::ResponseCode
        };
        Ok(MemberIr {
            name: member_name.to_owned(),
            field: names::field_ident(member_name),
            docs: docs(traits).or_else(|| target.shape().and_then(|s| docs(&s.traits))),
            // The trait may sit on the member as well as on its target.
            sensitive: traits.contains_key("smithy.api#sensitive")
                || self.is_sensitive(&member.target)?,
            ty,
            optional,
            required,
            default,
            binding,
            idempotency_token,
            media_type: target
                .trait_value("smithy.api#mediaType")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            boxed,
        })
    }

    /// Whether values of this shape are redacted in `Debug`: the shape is sensitive, or it is
    /// a collection of sensitive values.
    fn is_sensitive(&self, id: &str) -> Result<bool, Error> {
        let target = self.index.get(id)?;
        if target.has_trait("smithy.api#sensitive") {
            return Ok(true);
        }
        let Some(shape) = target.shape() else {
            return Ok(false);
        };
        match shape.kind.as_str() {
            "list" | "set" => match &shape.member {
                Some(m) => self.is_sensitive(&m.target),
                None => Ok(false),
            },
            "map" => {
                let key = match &shape.key {
                    Some(k) => self.is_sensitive(&k.target)?,
                    None => false,
                };
                let value = match &shape.value {
                    Some(v) => self.is_sensitive(&v.target)?,
                    None => false,
                };
                Ok(key || value)
            }
            _ => Ok(false),
        }
    }

    fn rust_type(
        &mut self,
        at: &str,
        id: &str,
        format: TimestampFormat,
    ) -> Result<RustType, Error> {
        let target = self.index.get(id)?;
        Ok(match target.kind() {
            "string" => {
                if target.has_trait("smithy.api#enum") {
                    return Err(Error::shape(
                        id,
                        "the Smithy 1.0 @enum trait is not supported; use an enum shape",
                    ));
                }
                RustType::String
            }
            "boolean" => RustType::Bool,
            "byte" => RustType::Number("i8"),
            "short" => RustType::Number("i16"),
            "integer" => RustType::Number("i32"),
            "long" => RustType::Number("i64"),
            "float" => RustType::Number("f32"),
            "double" => RustType::Number("f64"),
            "blob" => RustType::Blob,
            "timestamp" => RustType::Timestamp(format),
            "document" => RustType::Document,
            "bigInteger" | "bigDecimal" => {
                return Err(Error::shape(
                    at,
                    format!("{} values are not supported", target.kind()),
                ))
            }
            "list" | "set" => {
                let shape = target
                    .shape()
                    .ok_or_else(|| Error::shape(id, "list without member"))?;
                let member = shape
                    .member
                    .as_ref()
                    .ok_or_else(|| Error::shape(id, "a list needs a member"))?;
                RustType::List(Box::new(self.element(at, id, &member.target, "lists")?))
            }
            "map" => {
                let shape = target
                    .shape()
                    .ok_or_else(|| Error::shape(id, "map without value"))?;
                let key = shape
                    .key
                    .as_ref()
                    .ok_or_else(|| Error::shape(id, "a map needs a key"))?;
                let key_ty = self.rust_type(at, &key.target, TimestampFormat::EpochSeconds)?;
                if key_ty != RustType::String {
                    return Err(Error::shape(
                        id,
                        "map keys must be plain strings (maps keyed by enums are not supported)",
                    ));
                }
                let value = shape
                    .value
                    .as_ref()
                    .ok_or_else(|| Error::shape(id, "a map needs a value"))?;
                RustType::Map(Box::new(self.element(at, id, &value.target, "maps")?))
            }
            "structure" => {
                if self.io_shapes.contains(id) {
                    return Err(Error::shape(
                        at,
                        "an operation input or output cannot also be a member type",
                    ));
                }
                if target.has_trait("smithy.api#error") {
                    return Err(Error::shape(
                        at,
                        "an error structure cannot be a member type",
                    ));
                }
                self.named(id, NamedKind::Structure)?
            }
            "union" => self.named(id, NamedKind::Union)?,
            "enum" => self.named(id, NamedKind::Enum)?,
            "intEnum" => self.named(id, NamedKind::IntEnum)?,
            other => {
                return Err(Error::shape(
                    at,
                    format!("members targeting `{other}` shapes are not supported"),
                ))
            }
        })
    }

    /// Whether a member targeting `id` directly (not through a list or map) closes a cycle: the
    /// target is a structure or union still being built further up. Boxing every such member
    /// gives every cycle an indirection, since a depth-first walk meets each cycle on such an
    /// edge or on a list or map edge, which is an indirection already.
    fn closes_cycle(&self, id: &str) -> bool {
        self.visiting.contains(id)
            && self
                .index
                .get(id)
                .is_ok_and(|t| matches!(t.kind(), "structure" | "union"))
    }

    /// The element type of a list or map. Elements that would need a serde `with` module
    /// (timestamps, blobs, floating point numbers) are refused.
    fn element(&mut self, at: &str, id: &str, target: &str, what: &str) -> Result<RustType, Error> {
        let inner = self.rust_type(at, target, TimestampFormat::EpochSeconds)?;
        if matches!(
            inner,
            RustType::Timestamp(_) | RustType::Blob | RustType::Number("f32" | "f64")
        ) {
            return Err(Error::shape(
                id,
                format!("{what} of timestamps, blobs or floating point numbers are not supported"),
            ));
        }
        Ok(inner)
    }

    fn named(&mut self, id: &str, kind: NamedKind) -> Result<RustType, Error> {
        let ident = names::type_ident(shape_name(id));
        if !self.types.contains_key(id) && self.visiting.insert(id.to_owned()) {
            let def = match kind {
                NamedKind::Structure => {
                    TypeDef::Structure(self.structure(id, StructureRole::Plain)?)
                }
                NamedKind::Union => TypeDef::Union(self.union(id)?),
                NamedKind::Enum => TypeDef::Enum(self.enumeration(id)?),
                NamedKind::IntEnum => TypeDef::IntEnum(self.int_enum(id)?),
            };
            if let Some(clash) = self.types.values().find(|t| t.ident() == def.ident()) {
                return Err(Error::shape(
                    id,
                    format!(
                        "its Rust name `{}` clashes with another shape",
                        clash.ident()
                    ),
                ));
            }
            self.types.insert(id.to_owned(), def);
            self.visiting.remove(id);
        }
        Ok(RustType::Named { ident, kind })
    }

    fn union(&mut self, id: &str) -> Result<Union, Error> {
        let shape = self.index.shape(id)?;
        let mut variants = Vec::new();
        let mut seen = BTreeSet::new();
        for (name, member) in &shape.members.0 {
            let at = format!("{id}${name}");
            let boxed = self.closes_cycle(&member.target);
            let ty = self.rust_type(&at, &member.target, TimestampFormat::EpochSeconds)?;
            if matches!(
                ty,
                RustType::Timestamp(_) | RustType::Blob | RustType::Number("f32" | "f64")
            ) {
                return Err(Error::shape(&at, "union members that are timestamps, blobs or floating point numbers are not supported"));
            }
            let wire_name = member
                .traits
                .get("smithy.api#jsonName")
                .and_then(|v| v.as_str())
                .unwrap_or(name)
                .to_owned();
            let ident = variant_ident(&at, name, &mut seen)?;
            // `is_unknown` is taken by the helper for unknown members.
            let snake = match names::snake(name) {
                snake if snake == "unknown" => "unknown_value".to_owned(),
                snake => snake,
            };
            variants.push(Variant {
                wire_name,
                snake,
                ident,
                docs: docs(&member.traits),
                ty,
                boxed,
            });
        }
        Ok(Union {
            name: shape_name(id).to_owned(),
            ident: names::type_ident(shape_name(id)),
            docs: docs(&shape.traits),
            variants,
            sensitive: shape.traits.contains_key("smithy.api#sensitive"),
        })
    }

    fn enumeration(&mut self, id: &str) -> Result<Enum, Error> {
        let shape = self.index.shape(id)?;
        let mut variants = Vec::new();
        let mut seen = BTreeSet::new();
        for (name, member) in &shape.members.0 {
            let value = member
                .traits
                .get("smithy.api#enumValue")
                .and_then(|v| v.as_str())
                .unwrap_or(name)
                .to_owned();
            let ident = variant_ident(&format!("{id}${name}"), name, &mut seen)?;
            variants.push((ident, value, docs(&member.traits)));
        }
        Ok(Enum {
            name: shape_name(id).to_owned(),
            ident: names::type_ident(shape_name(id)),
            docs: docs(&shape.traits),
            variants,
        })
    }

    fn int_enum(&mut self, id: &str) -> Result<IntEnum, Error> {
        let shape = self.index.shape(id)?;
        let mut variants = Vec::new();
        let mut seen = BTreeSet::new();
        for (name, member) in &shape.members.0 {
            let value = member
                .traits
                .get("smithy.api#enumValue")
                .and_then(|v| v.as_i64())
                .and_then(|v| i32::try_from(v).ok())
                .ok_or_else(|| {
                    Error::shape(
                        &format!("{id}${name}"),
                        "an intEnum member needs an integer enumValue",
                    )
                })?;
            let ident = variant_ident(&format!("{id}${name}"), name, &mut seen)?;
            variants.push((ident, value, docs(&member.traits)));
        }
        Ok(IntEnum {
            name: shape_name(id).to_owned(),
            ident: names::type_ident(shape_name(id)),
            docs: docs(&shape.traits),
            variants,
        })
    }
}

/// Refuses structures whose members would need the same Rust name as another generated item:
/// a field (`meta` on errors, `client` on the builders of inputs), an accessor (`builder`), a
/// builder method (`build`, or `set_x` for a member `x` next to a member `setX`) or a fluent
/// builder method (`send`).
fn check_generated_names(id: &str, members: &[MemberIr], role: StructureRole) -> Result<(), Error> {
    // Each scope maps a Rust name to what uses it.
    let mut scopes: [(&str, BTreeMap<String, String>); 4] = Default::default();
    scopes[0].0 = "field";
    scopes[1].0 = "method";
    scopes[2].0 = "builder method";
    scopes[3].0 = "fluent builder method";
    let generated = "a generated item".to_owned();
    if role == StructureRole::Error {
        scopes[0].1.insert("meta".into(), generated.clone());
        scopes[2].1.insert("meta".into(), generated.clone());
    }
    if role == StructureRole::Input {
        // The input builder's own field: the client it is bound to, if any.
        scopes[0].1.insert("client".into(), generated.clone());
    }
    scopes[1].1.insert("builder".into(), generated.clone());
    scopes[2].1.insert("build".into(), generated.clone());
    for name in ["new", "send", "as_input", "into_paginator"] {
        scopes[3].1.insert(name.into(), generated.clone());
    }
    for m in members {
        let field = names::unraw(&m.field).to_owned();
        let mut methods = vec![field.clone()];
        if m.ty == RustType::Document {
            methods.push(format!("{field}_as"));
        }
        let setters = vec![
            field.clone(),
            format!("set_{field}"),
            format!("get_{field}"),
        ];
        let fluent = if role == StructureRole::Input {
            setters.clone()
        } else {
            Vec::new()
        };
        let wanted = [vec![field.clone()], methods, setters, fluent];
        for ((kind, scope), names) in scopes.iter_mut().zip(wanted) {
            for name in names {
                let owner = format!("member `{}`", m.name);
                if let Some(other) = scope.insert(name.clone(), owner) {
                    return Err(Error::shape(
                        &format!("{id}${}", m.name),
                        format!("the Rust {kind} `{name}` it needs is already taken by {other}"),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Refuses auth settings other than SigV4: every request is signed, so a service or operation
/// that selects other schemes (`@auth`) or allows anonymous calls (`@optionalAuth`) cannot be
/// served faithfully.
fn check_auth(id: &str, traits: &BTreeMap<String, serde_json::Value>) -> Result<(), Error> {
    if let Some(auth) = traits.get("smithy.api#auth") {
        let schemes: Vec<&str> = auth
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        if !schemes.contains(&"aws.auth#sigv4") {
            return Err(Error::shape(
                id,
                format!(
                    "smithy.api#auth selects {schemes:?}; only aws.auth#sigv4 is supported (every request is signed)"
                ),
            ));
        }
    }
    if traits.contains_key("smithy.api#optionalAuth") {
        return Err(Error::shape(
            id,
            "smithy.api#optionalAuth: unsigned (anonymous) requests are not supported; every request is signed with SigV4",
        ));
    }
    Ok(())
}

/// The Rust variant name of an enum or union member; two members that end up with the same
/// name are refused.
fn variant_ident(at: &str, name: &str, seen: &mut BTreeSet<String>) -> Result<String, Error> {
    let ident = names::variant_ident(name);
    if !seen.insert(ident.clone()) {
        return Err(Error::shape(
            at,
            format!("two members map to the same Rust variant `{ident}`"),
        ));
    }
    Ok(ident)
}

fn empty_structure(name: &str, role: StructureRole) -> Structure {
    Structure {
        name: name.to_owned(),
        ident: names::type_ident(name),
        docs: None,
        members: Vec::new(),
        sensitive: false,
        role,
        error: None,
    }
}

fn default_value(
    at: &str,
    value: &serde_json::Value,
    ty: &RustType,
) -> Result<DefaultValue, Error> {
    let bad = || {
        Error::shape(
            at,
            format!("default value {value} does not fit the member type"),
        )
    };
    Ok(match ty {
        RustType::Bool => DefaultValue::Bool(value.as_bool().ok_or_else(bad)?),
        RustType::Number("f32" | "f64") => DefaultValue::Float(value.as_f64().ok_or_else(bad)?),
        RustType::Number(n) => {
            let int = value.as_i64().ok_or_else(bad)?;
            let fits = match *n {
                "i8" => i8::try_from(int).is_ok(),
                "i16" => i16::try_from(int).is_ok(),
                "i32" => i32::try_from(int).is_ok(),
                _ => true,
            };
            if !fits {
                return Err(bad());
            }
            DefaultValue::Int(int)
        }
        RustType::String | RustType::Named { kind: NamedKind::Enum, .. } => {
            DefaultValue::Str(value.as_str().ok_or_else(bad)?.to_owned())
        }
        RustType::Named { kind: NamedKind::IntEnum, .. } => {
            let int = value.as_i64().filter(|v| i32::try_from(*v).is_ok()).ok_or_else(bad)?;
            DefaultValue::Int(int)
        }
        RustType::List(_) | RustType::Map(_) => {
            let empty = value.as_array().is_some_and(|a| a.is_empty())
                || value.as_object().is_some_and(|o| o.is_empty());
            if !empty {
                return Err(bad());
            }
            DefaultValue::Empty
        }
        _ => {
            return Err(Error::shape(at, "default values are supported on booleans, numbers, strings, enums and empty collections only"))
        }
    })
}

/// Splits a URI pattern into path segments and literal query parameters.
fn parse_uri(
    id: &str,
    uri: &str,
    input: &Structure,
) -> Result<(Vec<UriSegment>, Vec<String>), Error> {
    let (path, query) = match uri.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (uri, None),
    };
    let mut segments = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        if start > 0 {
            segments.push(UriSegment::Literal(rest[..start].to_owned()));
        }
        let end = rest[start..]
            .find('}')
            .ok_or_else(|| Error::shape(id, format!("unclosed label in URI pattern `{uri}`")))?
            + start;
        let label = &rest[start + 1..end];
        let (label, greedy) = match label.strip_suffix('+') {
            Some(l) => (l, true),
            None => (label, false),
        };
        let member = input
            .members
            .iter()
            .find(|m| m.name == label && matches!(m.binding, Binding::Label { .. }))
            .ok_or_else(|| {
                Error::shape(
                    id,
                    format!("URI label `{label}` has no input member with @httpLabel"),
                )
            })?;
        segments.push(UriSegment::Label {
            field: member.field.clone(),
            member: member.name.clone(),
            greedy,
        });
        rest = &rest[end + 1..];
    }
    if !rest.is_empty() {
        segments.push(UriSegment::Literal(rest.to_owned()));
    }
    let query_literals = query
        .map(|q| {
            q.split('&')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Ok((segments, query_literals))
}

/// Whether a required member of this type can be filled in when an error answer lacks it:
/// with the type's empty value (an empty string, zero, false, an empty list or map), or for
/// string enums with `Unknown("")`, as the official SDKs' error correction does.
pub fn error_corrected(ty: &RustType) -> bool {
    match ty {
        RustType::String | RustType::Bool | RustType::Number(_) => true,
        RustType::List(_) | RustType::Map(_) => true,
        RustType::Named { kind, .. } => *kind == NamedKind::Enum,
        _ => false,
    }
}
