//! Structures: the struct, its accessors, its builder and a redacting `Debug`.

use super::{docs, ident, Ctx};
use crate::ir::{Binding, DefaultValue, MemberIr, RustType, Structure, StructureRole};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Emits a structure with its builder.
pub fn emit(ctx: &Ctx, s: &Structure) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&s.ident);
    let builder = format_ident!("{}Builder", s.ident);
    let doc = docs(s.docs.as_deref(), &format!("The `{}` structure.", s.name));
    let serde_path = ctx.serde_crate_path();
    let serde = ctx.serde();
    let is_error = s.role == StructureRole::Error;

    let redacted = s.sensitive || s.members.iter().any(|m| m.sensitive);
    // One `derive` line: `Debug` is written by hand when members are redacted.
    let debug = if redacted { quote!() } else { quote!(Debug,) };
    let serde_derives = match s.role {
        StructureRole::Input => quote!(PartialEq, #serde::Serialize),
        StructureRole::Output => quote!(PartialEq, #serde::Deserialize),
        StructureRole::Error => quote!(PartialEq, #serde::Deserialize),
        StructureRole::Plain => quote!(PartialEq, #serde::Serialize, #serde::Deserialize),
    };
    let derives = quote!(#[derive(Clone, #debug #serde_derives)]);

    let has_payload = s.members.iter().any(|m| m.binding == Binding::Payload);
    let body_names = s.members.iter().filter_map(|m| match &m.binding {
        Binding::Body(wire) if !has_payload => Some((wire.as_str(), m.field.as_str())),
        _ => None,
    });
    // `rename_all = "camelCase"` when it leaves fewer members to rename one by one.
    let (as_is, camel) = body_names.fold((0, 0), |(as_is, camel), (wire, field)| {
        (
            as_is + usize::from(wire != crate::names::unraw(field)),
            camel + usize::from(wire != crate::names::serde_camel(field)),
        )
    });
    let rename_all = camel < as_is;
    let serde_attr = if rename_all {
        quote!(#[serde(crate = #serde_path, rename_all = "camelCase")])
    } else {
        quote!(#[serde(crate = #serde_path)])
    };
    let mut default_fns = Vec::new();
    let fields = s
        .members
        .iter()
        .map(|m| {
            let field = ident(&m.field);
            let ty = field_type(ctx, m);
            let doc = docs(m.docs.as_deref(), &format!("The `{}` member.", m.name));
            let serde_attr = match &m.binding {
                Binding::Body(wire) if !has_payload => {
                    let mut parts = Vec::new();
                    let implied = if rename_all {
                        crate::names::serde_camel(&m.field)
                    } else {
                        crate::names::unraw(&m.field).to_owned()
                    };
                    if *wire != implied {
                        parts.push(quote!(rename = #wire));
                    }
                    if is_error && wire == "message" {
                        parts.push(quote!(alias = "Message"));
                    }
                    if let Some(module) = ctx.with_module(&m.ty) {
                        let path = ctx.with_path(module, m.optional);
                        parts.push(quote!(with = #path));
                    }
                    // Attributes that would not fit on one line are split in two: how the
                    // member is named and read, then how it is defaulted and skipped.
                    let naming = parts.len();
                    if m.optional {
                        // serde reads an absent `Option` as `None` by itself; a `with` module
                        // needs to be told.
                        if ctx.with_module(&m.ty).is_some() {
                            parts.push(quote!(default));
                        }
                        if s.role != StructureRole::Output && s.role != StructureRole::Error {
                            parts.push(quote!(skip_serializing_if = "Option::is_none"));
                        }
                    } else if is_error && m.default.is_none() {
                        // Error correction: a required member the answer lacks is read as
                        // its empty value (`Unknown("")` for an enum).
                        if super::is_enum(&m.ty) {
                            parts.push(quote!(default = "rt::json::unknown_enum_value"));
                        } else {
                            parts.push(quote!(default));
                        }
                    } else if let (Some(default), true) =
                        (&m.default, s.role != StructureRole::Input)
                    {
                        // Only deserialized structures need the default when the member is absent.
                        let fn_name = format!(
                            "default_{}_{}",
                            crate::names::snake(&s.ident),
                            crate::names::unraw(&m.field)
                        );
                        let fn_ident = ident(&fn_name);
                        let value = default_expr(ctx, &m.ty, default);
                        let ty = ctx.ty(&m.ty);
                        default_fns.push(quote! {
                            fn #fn_ident() -> #ty { #value }
                        });
                        parts.push(quote!(default = #fn_name));
                    }
                    let text_len: usize = parts.iter().map(|p| p.to_string().len() + 2).sum();
                    if parts.is_empty() {
                        quote!()
                    } else if text_len > 72 && naming > 0 && naming < parts.len() {
                        let (first, second) = parts.split_at(naming);
                        quote!(#[serde(#(#first),*)] #[serde(#(#second),*)])
                    } else {
                        quote!(#[serde(#(#parts),*)])
                    }
                }
                _ => quote!(#[serde(skip)]),
            };
            quote! {
                #doc
                #serde_attr
                pub #field: #ty,
            }
        })
        .collect::<Vec<_>>();
    let is_output = s.role == StructureRole::Output;
    let meta_field = if is_error {
        quote! {
            #[serde(skip)]
            pub(crate) meta: #rt::ErrorMetadata,
        }
    } else if is_output {
        // The request id of the response the output was read from (see `RequestId`).
        quote! {
            #[serde(skip)]
            pub(crate) _request_id: Option<String>,
        }
    } else {
        quote!()
    };

    let accessors = s.members.iter().map(|m| accessor(ctx, m));
    let builder_fields = s.members.iter().map(|m| {
        let field = ident(&m.field);
        let ty = ctx.ty(&m.ty);
        quote!(pub(crate) #field: Option<#ty>,)
    });
    let builder_meta = if is_error {
        quote!(meta: Option<#rt::ErrorMetadata>,)
    } else {
        quote!()
    };
    // A builder whose only field is this member has nothing to copy over from `..self`.
    let sole = s.members.len() == 1 && s.role != StructureRole::Input && !is_error;
    let setters = s.members.iter().map(|m| setters(ctx, m, sole));
    let fallible = s.role == StructureRole::Input || s.members.iter().any(|m| m.required);
    let build_fields = s.members.iter().map(|m| {
        let field = ident(&m.field);
        let name = crate::names::unraw(&m.field);
        if m.optional && m.required {
            // A required input member: checked here, kept as an `Option` in the input.
            let value = quote!(Some(self.#field.ok_or(missing(#name))?));
            if m.boxed {
                quote!(#field: #value.map(Box::new),)
            } else {
                quote!(#field: #value,)
            }
        } else if m.optional && m.boxed {
            quote!(#field: self.#field.map(Box::new),)
        } else if m.optional {
            quote!(#field: self.#field,)
        } else if let Some(default) = &m.default {
            let value = default_expr(ctx, &m.ty, default);
            match (&m.ty, default) {
                (_, DefaultValue::Empty) => quote!(#field: self.#field.unwrap_or_default(),),
                (RustType::Bool | RustType::Number(_), _) => {
                    quote!(#field: self.#field.unwrap_or(#value),)
                }
                _ => quote!(#field: self.#field.unwrap_or_else(|| #value),),
            }
        } else if m.binding == Binding::ResponseCode {
            quote!(#field: self.#field.unwrap_or_default(),)
        } else {
            let value = quote!(self.#field.ok_or(missing(#name))?);
            if m.boxed {
                quote!(#field: Box::new(#value),)
            } else {
                quote!(#field: #value,)
            }
        }
    });
    let build_meta = if is_error {
        quote!(meta: self.meta.unwrap_or_default(),)
    } else if is_output {
        quote!(_request_id: None,)
    } else {
        quote!()
    };
    let uses_missing = s.members.iter().any(|m| {
        m.required || (!m.optional && m.default.is_none() && m.binding != Binding::ResponseCode)
    });
    let missing = if uses_missing {
        let message = format!(
            "was not specified but it is required when building {}",
            s.ident
        );
        quote!(let missing = #rt::error::missing(#message);)
    } else {
        quote!()
    };
    let build_fn = if fallible {
        let doc = format!(
            " Builds a [`{}`], failing with an error that names the first required member left unset.",
            s.ident
        );
        quote! {
            #[doc = #doc]
            pub fn build(self) -> Result<#name, #rt::BuildError> {
                #missing
                Ok(#name { #(#build_fields)* #build_meta })
            }
        }
    } else {
        let doc = format!(" Builds a [`{}`].", s.ident);
        quote! {
            #[doc = #doc]
            pub fn build(self) -> #name {
                #name { #(#build_fields)* #build_meta }
            }
        }
    };
    let meta_rest = if s.members.is_empty() {
        quote!()
    } else {
        quote!(, ..self)
    };
    let meta_setter = if is_error {
        quote! {
            /// Sets the error metadata (code, message, request id).
            pub fn meta(self, meta: #rt::ErrorMetadata) -> Self {
                Self { meta: Some(meta) #meta_rest }
            }

            /// Sets or clears the error metadata.
            pub fn set_meta(&mut self, meta: Option<#rt::ErrorMetadata>) -> &mut Self {
                self.meta = meta;
                self
            }
        }
    } else {
        quote!()
    };

    // Input builders are generic over what they are bound to: on their own (`C = ()`), or
    // bound to a client as the operation's fluent builder, which adds `send`.
    let bindable = s.role == StructureRole::Input;
    // `Debug` is written by hand for redacted members, and for input builders, which print
    // their members and not the client they may be bound to.
    let struct_debug = if redacted {
        debug_impl(ctx, &s.ident, s, true, false)
    } else {
        quote!()
    };
    let builder_debug = if redacted || bindable {
        debug_impl(ctx, &format!("{}Builder", s.ident), s, false, bindable)
    } else {
        quote!()
    };
    let debug_impls = quote!(#struct_debug #builder_debug);
    let builder_doc = if bindable {
        docs(
            Some(&format!(
                "A builder for [`{}`].\n\n\
                 [`{}::builder`] starts one on its own (`C` is `()`). The operation's fluent \
                 builder is this builder bound to a client: it has the same setters and getters, \
                 and sends the request.",
                s.ident, s.ident
            )),
            "",
        )
    } else {
        docs(Some(&format!("A builder for [`{}`].", s.ident)), "")
    };
    let builder_fn_doc = format!(" Starts a builder for [`{}`].", s.ident);
    let builder_derives = match (bindable, redacted) {
        // Builders compare like the official SDKs' (an input builder bound to a client
        // does not: the client has no equality).
        (false, false) => quote!(#[derive(Clone, Default, Debug, PartialEq)]),
        (false, true) => quote!(#[derive(Clone, Default, PartialEq)]),
        (true, _) => quote!(#[derive(Clone, PartialEq)]),
    };
    // A builder with a field is already closed to outside construction (its fields are not
    // public); only an empty one needs the attribute.
    let builder_non_exhaustive = if s.members.is_empty() && !bindable && !is_error {
        quote!(#[non_exhaustive])
    } else {
        quote!()
    };
    let builder_decl = if bindable {
        let nones = s.members.iter().map(|m| {
            let field = ident(&m.field);
            quote!(#field: None,)
        });
        quote! {
            pub struct #builder<C = ()> {
                client: C,
                #(#builder_fields)*
            }

            impl Default for #builder {
                fn default() -> Self {
                    Self::new(())
                }
            }

            impl<C> #builder<C> {
                pub(crate) fn new(client: C) -> Self {
                    Self { client, #(#nones)* }
                }

                #(#setters)*
                #build_fn
            }
        }
    } else {
        quote! {
            pub struct #builder {
                #(#builder_fields)*
                #builder_meta
            }

            impl #builder {
                #(#setters)*
                #meta_setter
                #build_fn
            }
        }
    };

    let request_id_impl = if is_output {
        quote! {
            impl #rt::RequestId for #name {
                /// The id AWS gave the request (`x-amzn-requestid`), for support cases and logs.
                fn request_id(&self) -> Option<&str> {
                    self._request_id.as_deref()
                }
            }
        }
    } else {
        quote!()
    };

    quote! {
        #doc
        #derives
        #serde_attr
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #meta_field
        }

        impl #name {
            #(#accessors)*

            #[doc = #builder_fn_doc]
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        #request_id_impl

        #builder_doc
        #builder_derives
        #builder_non_exhaustive
        #builder_decl

        #debug_impls
        #(#default_fns)*
    }
}

/// The declared type of a struct field.
pub fn field_type(ctx: &Ctx, m: &MemberIr) -> TokenStream {
    let ty = ctx.ty(&m.ty);
    let ty = if m.boxed { quote!(Box<#ty>) } else { ty };
    if m.optional {
        quote!(Option<#ty>)
    } else {
        ty
    }
}

fn accessor(ctx: &Ctx, m: &MemberIr) -> TokenStream {
    let field = ident(&m.field);
    let doc = docs(m.docs.as_deref(), &format!("The `{}` member.", m.name));
    let (ret, body) = match (&m.ty, m.optional) {
        (ty, false) if m.boxed => {
            let ty = ctx.ty(ty);
            (quote!(&#ty), quote!(&self.#field))
        }
        (ty, true) if m.boxed => {
            let ty = ctx.ty(ty);
            (quote!(Option<&#ty>), quote!(self.#field.as_deref()))
        }
        (RustType::String, false) => (quote!(&str), quote!(&self.#field)),
        (RustType::String, true) => (quote!(Option<&str>), quote!(self.#field.as_deref())),
        (RustType::List(inner), false) => {
            let inner = ctx.ty(inner);
            (quote!(&[#inner]), quote!(&self.#field))
        }
        (RustType::List(inner), true) => {
            let inner = ctx.ty(inner);
            (
                quote!(&[#inner]),
                quote!(self.#field.as_deref().unwrap_or_default()),
            )
        }
        (ty, false) if ty.is_copy() => {
            let ty = ctx.ty(ty);
            (quote!(#ty), quote!(self.#field))
        }
        (ty, true) if ty.is_copy() => {
            let ty = ctx.ty(ty);
            (quote!(Option<#ty>), quote!(self.#field))
        }
        (ty, false) => {
            let ty = ctx.ty(ty);
            (quote!(&#ty), quote!(&self.#field))
        }
        (ty, true) => {
            let ty = ctx.ty(ty);
            (quote!(Option<&#ty>), quote!(self.#field.as_ref()))
        }
    };
    let document_helper = if m.ty == RustType::Document {
        let helper = format_ident!("{}_as", crate::names::unraw(&m.field));
        let doc = format!(
            " Deserializes the `{}` document into any type that implements `serde::Deserialize`.",
            m.name
        );
        let rt = &ctx.rt;
        let value = if m.optional {
            quote!(self.#field.as_ref().unwrap_or(&#rt::Document::Null))
        } else {
            quote!(&self.#field)
        };
        quote! {
            #[doc = #doc]
            pub fn #helper<T: #rt::serde::de::DeserializeOwned>(&self) -> Result<T, #rt::serde_json::Error> {
                #rt::document::from_document(#value)
            }
        }
    } else {
        quote!()
    };
    quote! {
        #doc
        pub fn #field(&self) -> #ret {
            #body
        }
        #document_helper
    }
}

/// Builder setters: `x(value)`, `set_x(Option)`, `get_x()`. Lists append one item and maps
/// insert one entry, like the official SDKs; any other `x(value)` is `set_x(Some(value))`.
pub fn setters(ctx: &Ctx, m: &MemberIr, sole: bool) -> TokenStream {
    let field = ident(&m.field);
    let bare = crate::names::unraw(&m.field);
    let set = format_ident!("set_{}", bare);
    let get = format_ident!("get_{}", bare);
    let ty = ctx.ty(&m.ty);
    let doc = docs(m.docs.as_deref(), &format!("Sets the `{}` member.", m.name));
    // Notes follow a one-line description in the same paragraph; after longer documentation,
    // which may end in a list or a code block, they start a paragraph of their own.
    let one_line = m
        .docs
        .as_deref()
        .is_none_or(|d| d.trim().lines().count() == 1);
    let note = |text: &str| {
        let text = format!(" {text}");
        if one_line {
            quote!(#[doc = #text])
        } else {
            quote!(#[doc = ""] #[doc = #text])
        }
    };
    let required_note = if m.required {
        note("This member is required.")
    } else {
        quote!()
    };
    let main = match &m.ty {
        RustType::List(inner) => {
            let (param, value) = param(ctx, inner, quote!(item));
            let appends = note("Appends one item; call it again to add more.");
            quote! {
                #doc
                #appends
                #required_note
                pub fn #field(mut self, item: #param) -> Self {
                    self.#field.get_or_insert_with(Vec::new).push(#value);
                    self
                }
            }
        }
        RustType::Map(inner) => {
            let (param, value) = param(ctx, inner, quote!(value));
            let inserts = note("Inserts one entry; call it again to add more.");
            quote! {
                #doc
                #inserts
                #required_note
                pub fn #field(mut self, key: impl Into<String>, value: #param) -> Self {
                    self.#field.get_or_insert_with(::std::collections::HashMap::new).insert(key.into(), #value);
                    self
                }
            }
        }
        ty => {
            let (param, value) = param(ctx, ty, quote!(input));
            quote! {
                #doc
                #required_note
                pub fn #field(self, input: #param) -> Self {
                    self.#set(Some(#value))
                }
            }
        }
    };
    // `Self { x: input, ..self }` when the formatter keeps it on one line (it breaks struct
    // literals wider than 34 columns), else an assignment. A member named `input` takes the
    // shorthand form.
    let rest = if sole { quote!() } else { quote!(, ..self) };
    let (set_self, set_body) = if m.field == "input" {
        (quote!(self), quote!(Self { input #rest }))
    } else if format!("Self {{ {}: input, ..self }}", m.field).len() <= 34 {
        (quote!(self), quote!(Self { #field: input #rest }))
    } else {
        (quote!(mut self), quote!(self.#field = input; self))
    };
    let set_doc = format!(" Sets or clears the `{}` member.", m.name);
    let get_doc = format!(" The `{}` member set so far.", m.name);
    quote! {
        #main
        #[doc = #set_doc]
        pub fn #set(#set_self, input: Option<#ty>) -> Self {
            #set_body
        }
        #[doc = #get_doc]
        pub fn #get(&self) -> &Option<#ty> {
            &self.#field
        }
    }
}

/// The parameter type of a setter taking a value of `ty`, and the expression turning the
/// parameter `name` into that value. Booleans and numbers are taken as they are (so that
/// literals infer their type, as in the official SDKs); anything else through `Into`.
pub fn param(ctx: &Ctx, ty: &RustType, name: TokenStream) -> (TokenStream, TokenStream) {
    let rust = ctx.ty(ty);
    if ty.is_copy() {
        (rust, name)
    } else {
        (quote!(impl Into<#rust>), quote!(#name.into()))
    }
}

/// A `Debug` impl that prints sensitive members (or the whole sensitive structure) redacted.
fn debug_impl(
    ctx: &Ctx,
    type_name: &str,
    s: &Structure,
    is_struct: bool,
    bindable: bool,
) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(type_name);
    // A bound builder prints like the unbound one: the members, not the client.
    let (params, args) = if bindable {
        (quote!(<C>), quote!(<C>))
    } else {
        (quote!(), quote!())
    };
    let body = if s.sensitive {
        quote!(f.write_str(#rt::primitives::REDACTED))
    } else {
        let fields = s.members.iter().map(|m| {
            let field = ident(&m.field);
            let label = crate::names::unraw(&m.field);
            if m.sensitive {
                quote!(.field(#label, &#rt::primitives::REDACTED))
            } else {
                quote!(.field(#label, &self.#field))
            }
        });
        let meta = if s.role == StructureRole::Error && is_struct {
            quote!(.field("meta", &self.meta))
        } else {
            quote!()
        };
        quote!(f.debug_struct(#type_name) #(#fields)* #meta .finish())
    };
    quote! {
        impl #params std::fmt::Debug for #name #args {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }
    }
}

/// A default value as an expression of the member's type.
fn default_expr(ctx: &Ctx, ty: &RustType, value: &DefaultValue) -> TokenStream {
    match (ty, value) {
        (_, DefaultValue::Bool(b)) => quote!(#b),
        (RustType::Number(n), DefaultValue::Int(i)) => number_literal(n, *i as f64, *i),
        (RustType::Named { ident: name, .. }, DefaultValue::Int(i)) => {
            let name = ident(name);
            let lit = number_literal("i32", *i as f64, *i);
            quote!(types::#name::from(#lit))
        }
        (RustType::Number(n), DefaultValue::Float(f)) => number_literal(n, *f, *f as i64),
        (RustType::Named { ident: name, .. }, DefaultValue::Str(v)) => {
            let name = ident(name);
            quote!(types::#name::from(#v))
        }
        (_, DefaultValue::Str(v)) => quote!(String::from(#v)),
        (_, DefaultValue::Empty) => {
            let _ = ctx;
            quote!(Default::default())
        }
        (_, _) => quote!(Default::default()),
    }
}

/// A suffixed literal of a numeric type (`3i32`, `2.5f64`). The IR has checked that the value
/// fits the type.
fn number_literal(ty: &str, float: f64, int: i64) -> TokenStream {
    use proc_macro2::Literal;
    let lit = match ty {
        "i8" => Literal::i8_suffixed(int as i8),
        "i16" => Literal::i16_suffixed(int as i16),
        "i32" => Literal::i32_suffixed(int as i32),
        "f32" => Literal::f32_suffixed(float as f32),
        "f64" => Literal::f64_suffixed(float),
        _ => Literal::i64_suffixed(int),
    };
    quote!(#lit)
}
