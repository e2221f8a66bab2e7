//! Modeled error structures and the per-operation error enums.

use super::operations::HeaderRead;
use super::{ident, Ctx};
use crate::ir::{Binding, Operation, RustType, Structure};
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
    // The runtime reads the message from `message`, `Message` or `errorMessage`: when the
    // member it would read is sensitive, neither `Display` nor the metadata shows a message.
    let sensitive_message = s.sensitive
        || s.members.iter().any(|m| {
            m.sensitive && (m.name.eq_ignore_ascii_case("message") || m.name == "errorMessage")
        });
    let message = if sensitive_message {
        quote!(None)
    } else if has_message {
        quote!(self.message.as_deref().or_else(|| self.meta.message()))
    } else {
        quote!(self.meta.message())
    };
    let sensitive_message = if sensitive_message {
        quote! { const SENSITIVE_MESSAGE: bool = true; }
    } else {
        quote!()
    };
    let header_binds: Vec<TokenStream> = s
        .members
        .iter()
        .filter_map(|m| {
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
        })
        .collect();
    let bind_headers = if header_binds.is_empty() {
        quote!()
    } else {
        quote! {
            fn bind_headers(&mut self, headers: &#rt::Headers) -> Result<(), #rt::wire::HeaderError> {
                #(#header_binds)*
                Ok(())
            }
        }
    };
    let info = s.error.as_ref();
    let retry_kind = if info.is_some_and(|i| i.throttling) {
        quote!(const RETRY_KIND: Option<#rt::ErrorKind> = Some(#rt::ErrorKind::ThrottlingError);)
    } else if info.is_some_and(|i| i.retryable) {
        quote!(const RETRY_KIND: Option<#rt::ErrorKind> = Some(#rt::ErrorKind::TransientError);)
    } else {
        quote!()
    };
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
            #retry_kind
            #sensitive_message

            fn set_meta(&mut self, meta: #rt::ErrorMetadata) {
                self.meta = meta;
            }

            #bind_headers
        }
    }
}

/// Emits the error enum of an operation. The trait implementations go through `variant()`,
/// which hands out the variant as a `&dyn ErrorVariant` of the runtime.
pub fn emit_operation_error(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let name = format_ident!("{}Error", op.ident);
    let doc = format!(" The errors {} can return.", op.name);
    let variants = op.errors.iter().map(|e| {
        let v = ident(&e.ident);
        let doc = format!(" The service answered `{}`.", e.name);
        quote!(#[doc = #doc] #v(types::error::#v),)
    });
    let variant_arms = op.errors.iter().map(|e| {
        let v = ident(&e.ident);
        quote!(Self::#v(e) => e,)
    });
    let is_fns = op.errors.iter().map(|e| {
        let v = ident(&e.ident);
        let f = format_ident!("is_{}", e.snake);
        let doc = format!(" Whether this is a `{}`.", e.name);
        quote! {
            #[doc = #doc]
            pub fn #f(&self) -> bool {
                matches!(self, Self::#v(_))
            }
        }
    });
    let parse_arms = op.errors.iter().map(|e| {
        let v = ident(&e.ident);
        let code = &e.name;
        quote!(Some(#code) => response.parse().map(Self::#v),)
    });
    let from_response = if op.errors.is_empty() {
        quote!(Self::Unhandled(response.into_unhandled()))
    } else {
        quote! {
            let parsed = match response.code() {
                #(#parse_arms)*
                _ => return Self::Unhandled(response.into_unhandled()),
            };
            parsed.unwrap_or_else(Self::Unhandled)
        }
    };
    quote! {
        #[doc = #doc]
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
                self.variant().meta()
            }

            #(#is_fns)*

            // The trait implementations below go through the variant's error.
            fn variant(&self) -> &dyn #rt::error::ErrorVariant {
                match self {
                    #(#variant_arms)*
                    Self::Unhandled(e) => e,
                }
            }

            pub(crate) fn from_response(response: #rt::error::ErrorResponse<'_>) -> Self {
                #from_response
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.variant(), f)
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                self.variant().enum_source()
            }
        }

        impl #rt::ProvideErrorMetadata for #name {
            fn meta(&self) -> &#rt::ErrorMetadata {
                self.variant().meta()
            }
        }

        impl #rt::ProvideErrorKind for #name {
            fn retryable_error_kind(&self) -> Option<#rt::ErrorKind> {
                self.variant().retry_kind()
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
            fn create_unhandled_error(source: #rt::BoxError, meta: Option<#rt::ErrorMetadata>) -> Self {
                Self::Unhandled(#rt::error::Unhandled::create(source, meta))
            }
        }
    }
}
