//! The shape graph: shape look-ups with the prelude resolved, trait access, and the service's
//! operation closure.

use crate::model::{Model, Shape};
use crate::Error;
use std::collections::BTreeMap;

/// Traits the generator refuses, with the reason given in the error.
const REFUSED_TRAITS: &[(&str, &str)] = &[
    ("smithy.api#streaming", "streaming bodies are not supported"),
    ("smithy.api#sparse", "sparse collections are not supported"),
    ("smithy.api#endpoint", "host prefixes are not supported"),
    ("smithy.api#hostLabel", "host labels are not supported"),
    (
        "smithy.api#httpChecksumRequired",
        "request checksums are not supported",
    ),
    (
        "smithy.rules#contextParam",
        "operation-bound endpoint parameters are not supported",
    ),
    (
        "smithy.rules#staticContextParams",
        "operation-bound endpoint parameters are not supported",
    ),
    (
        "smithy.rules#operationContextParams",
        "operation-bound endpoint parameters are not supported",
    ),
    ("aws.protocols#httpChecksum", "checksums are not supported"),
];

/// Prelude shapes, by the simple type they stand for.
fn prelude_kind(id: &str) -> Option<&'static str> {
    Some(match id {
        "smithy.api#String" => "string",
        "smithy.api#Blob" => "blob",
        "smithy.api#Boolean" | "smithy.api#PrimitiveBoolean" => "boolean",
        "smithy.api#Byte" | "smithy.api#PrimitiveByte" => "byte",
        "smithy.api#Short" | "smithy.api#PrimitiveShort" => "short",
        "smithy.api#Integer" | "smithy.api#PrimitiveInteger" => "integer",
        "smithy.api#Long" | "smithy.api#PrimitiveLong" => "long",
        "smithy.api#Float" | "smithy.api#PrimitiveFloat" => "float",
        "smithy.api#Double" | "smithy.api#PrimitiveDouble" => "double",
        "smithy.api#BigInteger" => "bigInteger",
        "smithy.api#BigDecimal" => "bigDecimal",
        "smithy.api#Timestamp" => "timestamp",
        "smithy.api#Document" => "document",
        "smithy.api#Unit" => "unit",
        _ => return None,
    })
}

/// The model, indexed.
pub struct Index<'m> {
    shapes: &'m BTreeMap<String, Shape>,
}

/// A resolved shape: either a model shape or a prelude type.
#[derive(Clone, Copy)]
pub enum Resolved<'m> {
    /// A shape defined in the model.
    Model(&'m Shape),
    /// A prelude simple type, by kind.
    Prelude(&'static str),
}

impl<'m> Resolved<'m> {
    /// The shape type.
    pub fn kind(&self) -> &str {
        match self {
            Resolved::Model(shape) => &shape.kind,
            Resolved::Prelude(kind) => kind,
        }
    }

    /// A trait of the shape (prelude shapes have none that matter here).
    pub fn trait_value(&self, name: &str) -> Option<&'m serde_json::Value> {
        match self {
            Resolved::Model(shape) => shape.traits.get(name),
            Resolved::Prelude(_) => None,
        }
    }

    /// Whether the shape has a trait.
    pub fn has_trait(&self, name: &str) -> bool {
        self.trait_value(name).is_some()
    }

    /// The model shape, if this is one.
    pub fn shape(&self) -> Option<&'m Shape> {
        match self {
            Resolved::Model(shape) => Some(shape),
            Resolved::Prelude(_) => None,
        }
    }
}

impl<'m> Index<'m> {
    /// Indexes a parsed model, checking its version and refusing unsupported traits.
    pub fn new(model: &'m Model) -> Result<Self, Error> {
        if model.smithy != "2.0" && model.smithy != "2" {
            return Err(Error::model(format!(
                "Smithy IDL version {:?} is not supported (expected \"2.0\")",
                model.smithy
            )));
        }
        for (id, shape) in &model.shapes {
            if !shape.mixins.is_empty() {
                return Err(Error::shape(
                    id,
                    "mixins are not supported; flatten the model first",
                ));
            }
            let member_traits = shape
                .members
                .0
                .iter()
                .map(|(name, m)| (Some(name.as_str()), &m.traits))
                .chain(shape.member.iter().map(|m| (Some("member"), &m.traits)));
            for (member, traits) in std::iter::once((None, &shape.traits)).chain(member_traits) {
                for (name, reason) in REFUSED_TRAITS {
                    if traits.contains_key(*name) {
                        let at = match member {
                            Some(member) => format!("{id}${member}"),
                            None => id.clone(),
                        };
                        return Err(Error::shape(&at, format!("trait `{name}`: {reason}")));
                    }
                }
            }
        }
        Ok(Self {
            shapes: &model.shapes,
        })
    }

    /// Resolves a shape id.
    pub fn get(&self, id: &str) -> Result<Resolved<'m>, Error> {
        if let Some(shape) = self.shapes.get(id) {
            return Ok(Resolved::Model(shape));
        }
        prelude_kind(id)
            .map(Resolved::Prelude)
            .ok_or_else(|| Error::shape(id, "the shape is referenced but not defined"))
    }

    /// The model shape with this id (prelude ids are an error).
    pub fn shape(&self, id: &str) -> Result<&'m Shape, Error> {
        self.shapes
            .get(id)
            .ok_or_else(|| Error::shape(id, "the shape is referenced but not defined"))
    }

    /// The only service shape of the model.
    pub fn service(&self) -> Result<(&'m str, &'m Shape), Error> {
        let mut services = self.shapes.iter().filter(|(_, s)| s.kind == "service");
        let first = services
            .next()
            .ok_or_else(|| Error::model("the model defines no service shape"))?;
        if let Some((other, _)) = services.next() {
            return Err(Error::model(format!(
                "the model defines more than one service ({} and {other})",
                first.0
            )));
        }
        Ok((first.0.as_str(), first.1))
    }

    /// The operations of a service, including those bound to its resources, sorted by id.
    pub fn operations(&self, service: &'m Shape) -> Result<Vec<(&'m str, &'m Shape)>, Error> {
        let mut ids: Vec<&'m str> = service
            .operations
            .iter()
            .map(|t| t.target.as_str())
            .collect();
        let mut resources: Vec<&'m str> = service
            .resources
            .iter()
            .map(|t| t.target.as_str())
            .collect();
        while let Some(id) = resources.pop() {
            let resource = self.shape(id)?;
            ids.extend(resource.operations.iter().map(|t| t.target.as_str()));
            for key in ["create", "put", "read", "update", "delete", "list"] {
                if let Some(target) = resource.rest.get(key).and_then(|v| v.get("target")) {
                    if let Some(target) = target.as_str() {
                        let owned = self
                            .shapes
                            .get_key_value(target)
                            .map(|(k, _)| k.as_str())
                            .ok_or_else(|| Error::shape(target, "the operation is not defined"))?;
                        ids.push(owned);
                    }
                }
            }
            resources.extend(resource.resources.iter().map(|t| t.target.as_str()));
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .map(|id| {
                let shape = self.shape(id)?;
                if shape.kind != "operation" {
                    return Err(Error::shape(id, "is listed as an operation but is not one"));
                }
                Ok((id, shape))
            })
            .collect()
    }
}

/// The name part of a shape id: `ns#Name` → `Name`.
pub fn shape_name(id: &str) -> &str {
    id.rsplit('#').next().unwrap_or(id)
}

/// A documentation trait's text.
pub fn docs(traits: &BTreeMap<String, serde_json::Value>) -> Option<String> {
    traits
        .get("smithy.api#documentation")
        .and_then(|d| d.as_str())
        .map(str::to_owned)
}
