//! Generates a Rust client crate from a restJson1 Smithy 2.0 JSON AST model.
//!
//! The pipeline runs in one direction: [`model`] (serde types for the JSON AST) →
//! [`index`] (the shape graph) → [`ir`] (every decision about the Rust output) →
//! [`emit`] (one emitter per concern, producing token streams) → [`render`]
//! (prettyplease and the `@generated` header).
//!
//! Nothing in this crate is specific to one service: service facts come from the model.

pub mod emit;
pub mod index;
pub mod ir;
pub mod model;
pub mod names;
pub mod render;

use proc_macro2::TokenStream;
use quote::quote;
use std::fmt;

/// A generator error. It names the shape (and member) and the feature that could not be
/// handled, or what is wrong with the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    shape: Option<String>,
    message: String,
}

impl Error {
    /// An error about one shape (`ns#Shape` or `ns#Shape$member`).
    pub fn shape(shape: &str, message: impl Into<String>) -> Self {
        Self {
            shape: Some(shape.to_owned()),
            message: message.into(),
        }
    }

    /// An error about the model as a whole.
    pub fn model(message: impl Into<String>) -> Self {
        Self {
            shape: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.shape {
            Some(shape) => write!(f, "{shape}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

/// What to generate from.
pub struct Input<'a> {
    /// The Smithy JSON AST model.
    pub model_json: &'a str,
    /// The partitions data used by `aws.partition` in endpoint rules.
    pub partitions_json: Option<&'a str>,
    /// The path of the runtime crate in generated code, e.g. `::restjson_runtime`.
    pub runtime_crate: &'a str,
}

/// One generated file: a path relative to the output directory and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative path, with `/` separators.
    pub path: String,
    /// The file contents.
    pub contents: String,
}

/// Runs the whole pipeline. The output is deterministic: the same input gives byte-identical
/// files, sorted by path.
pub fn generate(input: &Input<'_>) -> Result<Vec<GeneratedFile>, Error> {
    let model = model::parse(input.model_json)
        .map_err(|e| Error::model(format!("the model is not valid Smithy JSON AST: {e}")))?;
    let partitions: Option<serde_json::Value> = match input.partitions_json {
        Some(text) => Some(
            serde_json::from_str(text)
                .map_err(|e| Error::model(format!("the partitions file is not valid JSON: {e}")))?,
        ),
        None => None,
    };
    let index = index::Index::new(&model)?;
    let service = ir::build(&index)?;
    let rt: TokenStream = input
        .runtime_crate
        .parse()
        .map_err(|_| Error::model(format!("`{}` is not a Rust path", input.runtime_crate)))?;
    // Generated files name the runtime through a short alias, imported where it is used.
    let ctx = emit::Ctx { rt: quote!(rt) };

    let rule_set = service.endpoint_rule_set.as_ref().ok_or_else(|| {
        Error::model(
            "the service has no smithy.rules#endpointRuleSet trait; endpoints cannot be resolved",
        )
    })?;
    let endpoint = emit::endpoints::emit_endpoint_module(rule_set, partitions.as_ref(), &ctx.rt)
        .map_err(Error::model)?;

    let mut files: Vec<(String, TokenStream)> = vec![
        ("mod.rs".into(), emit::client::emit_root()),
        (
            "client.rs".into(),
            emit::client::emit_client(&ctx, &service),
        ),
        (
            "config.rs".into(),
            emit::client::emit_config(&ctx, &service),
        ),
        ("config/endpoint.rs".into(), endpoint),
        (
            "error_meta.rs".into(),
            emit::errors::emit_service_error(&ctx, &service),
        ),
        ("meta.rs".into(), emit::client::emit_meta()),
        (
            "operation/mod.rs".into(),
            emit::client::emit_operation_mod(&ctx, &service),
        ),
        (
            "types/mod.rs".into(),
            emit::client::emit_types_mod(&ctx, &service),
        ),
        (
            "types/error/mod.rs".into(),
            emit::client::emit_errors_mod(&ctx, &service),
        ),
    ];
    for op in &service.operations {
        files.push((
            format!("operation/{}.rs", names::unraw(&op.snake)),
            emit::operations::emit(&ctx, op),
        ));
    }
    for ty in &service.types {
        let file = names::snake(ty.ident());
        let tokens = match ty {
            ir::TypeDef::Structure(s) => emit::structures::emit(&ctx, s),
            ir::TypeDef::Union(u) => emit::types::emit_union(&ctx, u),
            ir::TypeDef::Enum(e) => emit::types::emit_enum(&ctx, e),
            ir::TypeDef::IntEnum(e) => emit::types::emit_int_enum(&ctx, e),
        };
        files.push((format!("types/{file}.rs"), tokens));
    }
    for error in &service.errors {
        let file = names::snake(&error.ident);
        files.push((
            format!("types/error/{file}.rs"),
            emit::errors::emit_error_struct(&ctx, error),
        ));
    }
    let mut out = files
        .into_iter()
        .map(|(path, tokens)| {
            let uses_runtime = tokens.clone().into_iter().any(|t| mentions_alias(&t));
            let runtime_import = if uses_runtime {
                quote!(use #rt as rt;)
            } else {
                quote!()
            };
            // Generated types are named `types::Name` wherever they are used.
            let types_import = if mentions_types_root(tokens.clone()) {
                quote!(
                    use crate::types;
                )
            } else {
                quote!()
            };
            let import = quote!(#runtime_import #types_import);
            let contents = render::render(&path, quote!(#import #tokens))?;
            Ok(GeneratedFile { path, contents })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Whether a token tree mentions the `rt` alias as a path root, in code or in the string
/// paths of serde attributes.
fn mentions_alias(tree: &proc_macro2::TokenTree) -> bool {
    match tree {
        proc_macro2::TokenTree::Ident(ident) => ident == "rt",
        proc_macro2::TokenTree::Literal(lit) => lit.to_string().starts_with("\"rt::"),
        proc_macro2::TokenTree::Group(group) => {
            group.stream().into_iter().any(|t| mentions_alias(&t))
        }
        proc_macro2::TokenTree::Punct(_) => false,
    }
}

/// Whether a token stream uses `types` as the first segment of a path (`types::Name`), as
/// opposed to inside a longer path (`crate::types::Name`).
fn mentions_types_root(tokens: TokenStream) -> bool {
    let tokens: Vec<proc_macro2::TokenTree> = tokens.into_iter().collect();
    tokens.iter().enumerate().any(|(i, tree)| match tree {
        proc_macro2::TokenTree::Ident(ident) if ident == "types" => {
            let after_colons = i >= 1
                && matches!(&tokens[i - 1], proc_macro2::TokenTree::Punct(p) if p.as_char() == ':');
            let before_colons = matches!(
                tokens.get(i + 1),
                Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ':'
            );
            before_colons && !after_colons
        }
        proc_macro2::TokenTree::Group(group) => mentions_types_root(group.stream()),
        _ => false,
    })
}
