//! Modeled error structures and the per-operation error enums.

use super::operations::HeaderRead;
use super::{docs, ident, Ctx};
use crate::ir::{Binding, ErrorRef, Operation, RustType, Structure};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Emits an error structure with its trait implementations.
pub fn emit_error_struct(ctx: &Ctx, s: &Structure) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&s.ident);
    let structure = super::structures::emit(ctx, s);
    let type_name = &s.name;
    let has_message = s
        .members
        .iter()
        .any(|m| m.name == "message" && m.ty == RustType::String);
    let message = if has_message {
        quote!(self.message.as_deref().or_else(|| self.meta.message()))
    } else {
        quote!(self.meta.message())
    };
    let header_binds = s.members.iter().filter_map(|m| {
        let field = ident(&m.field);
        let Binding::Header(header) = &m.binding else {
            return None;
        };
        // Header members of errors are read leniently: a value that does not parse is
        // left unset rather than turning a modeled error into an unhandled one.
        Some(match super::operations::read_header(ctx, &m.ty, header) {
            HeaderRead::Infallible(read) => quote!(self.#field = #read;),
            HeaderRead::Fallible(read) => quote!(self.#field = #read.ok().flatten();),
        })
    });
    quote! {
        #structure

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #rt::error::display_error(f, #type_name, #message)
            }
        }

        impl ::std::error::Error for #name {}

        impl #rt::deps::aws_smithy_types::error::metadata::ProvideErrorMetadata for #name {
            fn meta(&self) -> &#rt::deps::aws_smithy_types::error::ErrorMetadata {
                &self.meta
            }
        }

        impl #rt::deps::aws_types::request_id::RequestId for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                #rt::deps::aws_types::request_id::RequestId::request_id(&self.meta)
            }
        }

        impl #rt::error::ModeledError for #name {
            fn set_meta(&mut self, meta: #rt::deps::aws_smithy_types::error::ErrorMetadata) {
                self.meta = meta;
            }

            #[allow(unused_variables)]
            fn bind_headers(&mut self, headers: &#rt::deps::aws_smithy_runtime_api::http::Headers) -> ::std::result::Result<(), #rt::wire::HeaderError> {
                #(#header_binds)*
                ::std::result::Result::Ok(())
            }
        }
    }
}

/// Emits the error enum of an operation.
pub fn emit_operation_error(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let name = format_ident!("{}Error", op.ident);
    let doc = format!(" The errors {} can return.", op.name);
    let variants = op.errors.iter().map(|e| {
        let v = ident(&e.ident);
        let doc = format!(" The service answered `{}`.", e.name);
        quote!(#[doc = #doc] #v(crate::types::error::#v),)
    });
    let all = |f: &dyn Fn(&ErrorRef, &proc_macro2::Ident) -> TokenStream| -> Vec<TokenStream> {
        op.errors
            .iter()
            .map(|e| {
                let v = ident(&e.ident);
                f(e, &v)
            })
            .collect()
    };
    let meta_arms = all(&|_, v| quote!(#name::#v(e) => &e.meta,));
    let display_arms = all(&|_, v| quote!(#name::#v(e) => ::std::fmt::Display::fmt(e, f),));
    let source_arms = all(&|_, v| quote!(#name::#v(e) => ::std::option::Option::Some(e),));
    let kind_arms = all(&|e, v| {
        let kind = if e.info.throttling {
            quote!(::std::option::Option::Some(#rt::deps::aws_smithy_types::retry::ErrorKind::ThrottlingError))
        } else if e.info.retryable {
            quote!(::std::option::Option::Some(#rt::deps::aws_smithy_types::retry::ErrorKind::TransientError))
        } else {
            quote!(::std::option::Option::None)
        };
        quote!(#name::#v(_) => #kind,)
    });
    let is_fns = all(&|e, v| {
        let f = format_ident!("is_{}", e.snake);
        let doc = format!(" Whether this is a `{}`.", e.name);
        quote! {
            #[doc = #doc]
            pub fn #f(&self) -> bool {
                matches!(self, #name::#v(_))
            }
        }
    });
    let parse_arms = all(&|e, v| {
        let code = &e.name;
        quote! {
            ::std::option::Option::Some(#code) => match response.parse::<crate::types::error::#v>() {
                ::std::result::Result::Ok(error) => #name::#v(error),
                ::std::result::Result::Err(unhandled) => #name::Unhandled(unhandled),
            },
        }
    });
    let from_response = if op.errors.is_empty() {
        quote!(#name::Unhandled(response.into_unhandled()))
    } else {
        quote! {
            match response.code() {
                #(#parse_arms)*
                _ => #name::Unhandled(response.into_unhandled()),
            }
        }
    };
    let op_doc = docs(None, &doc);
    quote! {
        #op_doc
        #[derive(::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error the model does not describe. Match on [`code()`](#rt::deps::aws_smithy_types::error::metadata::ProvideErrorMetadata::code)
            /// rather than on this variant to stay compatible with future versions.
            Unhandled(#rt::error::Unhandled),
        }

        impl #name {
            /// The error metadata: code, message and request id.
            pub fn meta(&self) -> &#rt::deps::aws_smithy_types::error::ErrorMetadata {
                match self {
                    #(#meta_arms)*
                    #name::Unhandled(e) => e.meta(),
                }
            }

            #(#is_fns)*

            pub(crate) fn from_response(response: #rt::error::ErrorResponse<'_>) -> Self {
                #from_response
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display_arms)*
                    #name::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(#source_arms)*
                    #name::Unhandled(e) => ::std::error::Error::source(e),
                }
            }
        }

        impl #rt::deps::aws_smithy_types::error::metadata::ProvideErrorMetadata for #name {
            fn meta(&self) -> &#rt::deps::aws_smithy_types::error::ErrorMetadata {
                #name::meta(self)
            }
        }

        impl #rt::deps::aws_smithy_types::retry::ProvideErrorKind for #name {
            fn retryable_error_kind(&self) -> ::std::option::Option<#rt::deps::aws_smithy_types::retry::ErrorKind> {
                match self {
                    #(#kind_arms)*
                    #name::Unhandled(_) => ::std::option::Option::None,
                }
            }

            fn code(&self) -> ::std::option::Option<&str> {
                self.meta().code()
            }
        }

        impl #rt::deps::aws_types::request_id::RequestId for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                #rt::deps::aws_types::request_id::RequestId::request_id(self.meta())
            }
        }

        impl #rt::deps::aws_smithy_runtime_api::client::result::CreateUnhandledError for #name {
            fn create_unhandled_error(
                source: ::std::boxed::Box<dyn ::std::error::Error + ::std::marker::Send + ::std::marker::Sync + 'static>,
                meta: ::std::option::Option<#rt::deps::aws_smithy_types::error::ErrorMetadata>,
            ) -> Self {
                #name::Unhandled(#rt::error::Unhandled::with_meta(source, meta.unwrap_or_default()))
            }
        }
    }
}
