//! Modeled error structures and the per-operation error enums.

use super::operations::HeaderRead;
use super::{ident, Ctx};
use crate::ir::{Binding, Operation, RustType, Service, Structure};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Emits an error structure with its trait implementations.
pub fn emit_error_struct(ctx: &Ctx, s: &Structure) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&s.ident);
    let structure = super::structures::emit(ctx, s);
    let type_name = &s.name;
    let message_member = s
        .members
        .iter()
        .find(|m| m.name == "message" && m.ty == RustType::String);
    // The runtime reads the message from `message`, `Message` or `errorMessage`: when the
    // member it would read is sensitive, neither `Display` nor the metadata shows a message.
    let sensitive_message = s.sensitive
        || s.members.iter().any(|m| {
            m.sensitive && (m.name.eq_ignore_ascii_case("message") || m.name == "errorMessage")
        });
    let message = if sensitive_message {
        quote!(None)
    } else if let Some(member) = message_member {
        if member.optional {
            quote!(self.message.as_deref().or_else(|| self.meta.message()))
        } else {
            // An empty message is one the answer did not carry.
            quote!(Some(self.message.as_str())
                .filter(|m| !m.is_empty())
                .or_else(|| self.meta.message()))
        }
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
    // Retryable errors are classed as the official SDKs class them: throttling, else by
    // the error's fault (`server` or `client`).
    let retry_kind = s.error.as_ref().and_then(|info| match info {
        i if i.throttling => Some(quote!(ThrottlingError)),
        i if i.retryable && i.fault == "server" => Some(quote!(ServerError)),
        i if i.retryable => Some(quote!(ClientError)),
        _ => None,
    });
    let (retry_kind, retryable_error_kind) = match retry_kind {
        Some(kind) => (
            quote!(const RETRY_KIND: Option<#rt::ErrorKind> = Some(#rt::ErrorKind::#kind);),
            quote! {
                impl #name {
                    /// How the retry strategy classifies this error (the model marks it retryable).
                    pub fn retryable_error_kind(&self) -> #rt::ErrorKind {
                        #rt::ErrorKind::#kind
                    }
                }
            },
        ),
        None => (quote!(), quote!()),
    };
    quote! {
        #structure

        #retryable_error_kind

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

            /// An `Unhandled` error made of any error, with empty metadata (for tests and
            /// fakes).
            pub fn unhandled(err: impl Into<#rt::BoxError>) -> Self {
                Self::Unhandled(#rt::error::Unhandled::new(err))
            }

            /// An `Unhandled` error known only by its metadata (for tests and fakes).
            pub fn generic(err: #rt::ErrorMetadata) -> Self {
                Self::Unhandled(#rt::error::Unhandled::generic(err))
            }

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

/// Emits the service-wide `Error`: every modeled error of the service and `Unhandled`, with
/// `From` conversions from each operation's error and `SdkError`, so that `?` works across
/// operations in a function returning `Result<_, Error>`.
pub fn emit_service_error(ctx: &Ctx, service: &Service) -> TokenStream {
    let rt = &ctx.rt;
    let mut errors: Vec<&Structure> = service.errors.iter().collect();
    errors.sort_by(|a, b| a.ident.cmp(&b.ident));
    let variants = errors.iter().map(|e| {
        let v = ident(&e.ident);
        let doc = format!(" The service answered `{}`.", e.name);
        quote!(#[doc = #doc] #v(types::error::#v),)
    });
    let variant_arms = errors.iter().map(|e| {
        let v = ident(&e.ident);
        quote!(Self::#v(e) => e,)
    });
    let conversions = service.operations.iter().map(|op| {
        let module = ident(&op.snake);
        let op_error = format_ident!("{}Error", op.ident);
        let arms = op.errors.iter().map(|e| {
            let v = ident(&e.ident);
            quote!(#op_error::#v(inner) => Self::#v(inner),)
        });
        quote! {
            impl From<crate::operation::#module::#op_error> for Error {
                fn from(err: crate::operation::#module::#op_error) -> Self {
                    use crate::operation::#module::#op_error;
                    match err {
                        #(#arms)*
                        #op_error::Unhandled(inner) => Self::Unhandled(inner),
                    }
                }
            }

            impl<R> From<#rt::SdkError<crate::operation::#module::#op_error, R>> for Error
            where
                R: Send + Sync + ::std::fmt::Debug + 'static,
            {
                fn from(err: #rt::SdkError<crate::operation::#module::#op_error, R>) -> Self {
                    Self::from_sdk_error(err)
                }
            }
        }
    });
    quote! {
        /// Every error a call of this service can end with: the modeled errors of all
        /// operations, and `Unhandled` for the rest (construction, dispatch, time-out,
        /// unreadable responses, errors the model does not describe).
        ///
        /// Each operation's `SdkError` and error enum convert into it, so `?` works across
        /// operations in a function returning `Result<_, Error>`.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error {
            #(#variants)*
            /// An error the model does not describe, or one that is not a service answer.
            /// Match on [`code()`](#rt::ProvideErrorMetadata::code) rather than on this
            /// variant to stay compatible with future versions.
            Unhandled(#rt::error::Unhandled),
        }

        impl Error {
            // The trait implementations below go through the variant's error.
            fn variant(&self) -> &dyn #rt::error::ErrorVariant {
                match self {
                    #(#variant_arms)*
                    Self::Unhandled(e) => e,
                }
            }

            // A service answer keeps its modeled variant; anything else becomes `Unhandled`
            // with the error's metadata and the error itself as its source.
            fn from_sdk_error<E, R>(err: #rt::SdkError<E, R>) -> Self
            where
                E: Into<Error> + ::std::error::Error + #rt::ProvideErrorMetadata + Send + Sync + 'static,
                R: Send + Sync + ::std::fmt::Debug + 'static,
            {
                match err {
                    #rt::SdkError::ServiceError(context) => context.into_err().into(),
                    other => {
                        let meta = #rt::ProvideErrorMetadata::meta(&other).clone();
                        Self::Unhandled(#rt::error::Unhandled::with_meta(other, meta))
                    }
                }
            }
        }

        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.variant(), f)
            }
        }

        impl ::std::error::Error for Error {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                self.variant().enum_source()
            }
        }

        impl #rt::ProvideErrorMetadata for Error {
            fn meta(&self) -> &#rt::ErrorMetadata {
                self.variant().meta()
            }
        }

        impl #rt::RequestId for Error {
            fn request_id(&self) -> Option<&str> {
                #rt::RequestId::request_id(self.variant().meta())
            }
        }

        impl From<#rt::BuildError> for Error {
            fn from(err: #rt::BuildError) -> Self {
                Self::Unhandled(#rt::error::Unhandled::new(err))
            }
        }

        #(#conversions)*
    }
}
