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

        impl #rt::ProvideErrorMetadata for #name {
            fn meta(&self) -> &#rt::ErrorMetadata {
                &self.meta
            }
        }

        impl #rt::RequestId for #name {
            fn request_id(&self) -> Option<&str> {
                #rt::RequestId::request_id(&self.meta)
            }
        }

        impl #rt::error::ModeledError for #name {
            fn set_meta(&mut self, meta: #rt::ErrorMetadata) {
                self.meta = meta;
            }

            #[allow(unused_variables)]
            fn bind_headers(&mut self, headers: &#rt::Headers) -> Result<(), #rt::wire::HeaderError> {
                #(#header_binds)*
                Ok(())
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
    let source_arms = all(&|_, v| quote!(#name::#v(e) => Some(e),));
    let kind_arms = all(&|e, v| {
        let kind = if e.info.throttling {
            quote!(Some(#rt::ErrorKind::ThrottlingError))
        } else if e.info.retryable {
            quote!(Some(#rt::ErrorKind::TransientError))
        } else {
            quote!(None)
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
            Some(#code) => match response.parse::<crate::types::error::#v>() {
                Ok(error) => #name::#v(error),
                Err(unhandled) => #name::Unhandled(unhandled),
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
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error the model does not describe. Match on [`code()`](#rt::ProvideErrorMetadata::code)
            /// rather than on this variant to stay compatible with future versions.
            Unhandled(#rt::error::Unhandled),
        }

        impl #name {
            /// The error metadata: code, message and request id.
            pub fn meta(&self) -> &#rt::ErrorMetadata {
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
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(#source_arms)*
                    #name::Unhandled(e) => ::std::error::Error::source(e),
                }
            }
        }

        impl #rt::ProvideErrorMetadata for #name {
            fn meta(&self) -> &#rt::ErrorMetadata {
                #name::meta(self)
            }
        }

        impl #rt::ProvideErrorKind for #name {
            fn retryable_error_kind(&self) -> Option<#rt::ErrorKind> {
                match self {
                    #(#kind_arms)*
                    #name::Unhandled(_) => None,
                }
            }

            fn code(&self) -> Option<&str> {
                self.meta().code()
            }
        }

        impl #rt::RequestId for #name {
            fn request_id(&self) -> Option<&str> {
                #rt::RequestId::request_id(self.meta())
            }
        }

        impl #rt::CreateUnhandledError for #name {
            fn create_unhandled_error(
                source: Box<dyn ::std::error::Error + Send + Sync + 'static>,
                meta: Option<#rt::ErrorMetadata>,
            ) -> Self {
                #name::Unhandled(#rt::error::Unhandled::with_meta(source, meta.unwrap_or_default()))
            }
        }
    }
}
