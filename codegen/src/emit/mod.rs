//! Emitters: IR → token streams, one concern each.

pub mod client;
pub mod endpoints;
pub mod errors;
pub mod operations;
pub mod structures;
pub mod types;

use crate::ir::{NamedKind, RustType, TimestampFormat};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Paths shared by every emitter.
pub struct Ctx {
    /// The runtime crate, e.g. `::restjson_runtime`.
    pub rt: TokenStream,
}

impl Ctx {
    /// `#rt::serde`, as a path token stream.
    pub fn serde(&self) -> TokenStream {
        let rt = &self.rt;
        quote!(#rt::serde)
    }

    /// The string form of the serde crate path, for `#[serde(crate = "...")]`.
    pub fn serde_crate_path(&self) -> String {
        format!("{}::serde", self.rt.to_string().replace(' ', ""))
    }

    /// The string form of a `json` helper module path for `#[serde(with = "...")]`.
    pub fn with_path(&self, module: &str, optional: bool) -> String {
        let rt = self.rt.to_string().replace(' ', "");
        if optional {
            format!("{rt}::json::{module}::option")
        } else {
            format!("{rt}::json::{module}")
        }
    }

    /// The Rust type for a value.
    pub fn ty(&self, ty: &RustType) -> TokenStream {
        let rt = &self.rt;
        match ty {
            RustType::String => quote!(String),
            RustType::Bool => quote!(bool),
            RustType::Number(n) => {
                let n = ident(n);
                quote!(#n)
            }
            RustType::Blob => quote!(#rt::Blob),
            RustType::Timestamp(_) => quote!(#rt::DateTime),
            RustType::Document => quote!(types::Document),
            RustType::Named { ident: name, .. } => {
                let name = ident(name);
                quote!(types::#name)
            }
            RustType::List(inner) => {
                let inner = self.ty(inner);
                quote!(Vec<#inner>)
            }
            RustType::Map(inner) => {
                let inner = self.ty(inner);
                quote!(::std::collections::HashMap<String, #inner>)
            }
        }
    }

    /// The `json` helper module a member of this type needs, if any.
    pub fn with_module(&self, ty: &RustType) -> Option<&'static str> {
        match ty {
            RustType::Timestamp(TimestampFormat::DateTime) => Some("date_time"),
            RustType::Timestamp(TimestampFormat::HttpDate) => Some("http_date"),
            RustType::Timestamp(TimestampFormat::EpochSeconds) => Some("epoch_seconds"),
            RustType::Blob => Some("blob"),
            RustType::Number("f64") => Some("double"),
            RustType::Number("f32") => Some("float"),
            RustType::Document => Some("document"),
            _ => None,
        }
    }
}

/// An identifier, raw when it starts with `r#`.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = "..."]` attributes for documentation text, one per line, or the fallback.
pub fn docs(text: Option<&str>, fallback: &str) -> TokenStream {
    let text = text.unwrap_or(fallback);
    let lines = text.trim().lines().map(|line| {
        let line = format!(" {}", line.trim_end());
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Whether values of this type are of a generated enum kind.
pub fn is_enum(ty: &RustType) -> bool {
    matches!(
        ty,
        RustType::Named {
            kind: NamedKind::Enum | NamedKind::IntEnum,
            ..
        }
    )
}
