//! The client, the configuration aliases, and the module files that tie the output together.

use super::{docs, ident, Ctx};
use crate::ir::{Service, TypeDef};
use crate::names;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `client.rs`: the `Client` with one method per operation.
pub fn emit_client(ctx: &Ctx, service: &Service) -> TokenStream {
    let rt = &ctx.rt;
    let methods = service.operations.iter().map(|op| {
        let method = ident(&op.snake);
        let module = ident(&op.snake);
        let fluent = format_ident!("{}FluentBuilder", op.ident);
        let doc = docs(op.docs.as_deref(), &format!("Calls {}.", op.name));
        quote! {
            #doc
            pub fn #method(&self) -> #module::#fluent {
                #module::#fluent::new(self.handle.clone())
            }
        }
    });
    let doc = format!(
        " A client for {}.\n\n Cloning a client is cheap: clones share configuration, credentials cache and connection pool.",
        service.title
    );
    quote! {
        use crate::operation::*;

        /// Customizing one call: `<fluent builder>.customize()`.
        pub mod customize {
            /// One call with customizations for it alone (interceptors, request changes, a
            /// configuration override); `O` is the operation.
            pub type CustomizableOperation<O> =
                super::#rt::customize::CustomizableOperation<O, crate::config::ServiceDescription>;
        }

        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct Client {
            pub(crate) handle: crate::config::SharedHandle,
        }

        impl Client {
            /// Creates a client from shared AWS configuration, usually loaded with
            /// `aws_config::load_defaults`.
            pub fn new(sdk_config: &crate::config::SdkConfig) -> Self {
                Self::from_conf(crate::config::Config::from(sdk_config))
            }

            /// Creates a client from a service configuration.
            pub fn from_conf(config: crate::config::Config) -> Self {
                Self { handle: ::std::sync::Arc::new(crate::config::Handle::new(config)) }
            }

            /// The client's configuration.
            pub fn config(&self) -> &crate::config::Config {
                self.handle.config()
            }

            #(#methods)*
        }
    }
}

/// `config.rs`: the configuration types and the service description.
pub fn emit_config(ctx: &Ctx, service: &Service) -> TokenStream {
    let rt = &ctx.rt;
    let sdk_id = &service.sdk_id;
    let ua_id = service.sdk_id.to_lowercase().replace([' ', '-'], "");
    let signing_name = &service.signing_name;
    quote! {
        /// Endpoint resolution, compiled from the model's endpoint rule set.
        pub mod endpoint;

        // The runtime types applications name through `config`, where the official SDKs
        // export them.
        pub use #rt::deps::aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
        pub use #rt::deps::aws_credential_types::Credentials;
        pub use #rt::deps::aws_smithy_async::rt::sleep::{AsyncSleep, SharedAsyncSleep, Sleep};
        pub use #rt::deps::aws_smithy_runtime::client::identity::IdentityCache;
        pub use #rt::deps::aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
        pub use #rt::deps::aws_smithy_runtime_api::client::http::{HttpClient, SharedHttpClient};
        pub use #rt::deps::aws_smithy_runtime_api::client::identity::{ResolveCachedIdentity, SharedIdentityCache};
        pub use #rt::deps::aws_smithy_runtime_api::client::interceptors::{Intercept, SharedInterceptor};
        pub use #rt::deps::aws_smithy_runtime_api::client::runtime_components::{RuntimeComponents, RuntimeComponentsBuilder};
        pub use #rt::deps::aws_smithy_runtime_api::client::runtime_plugin::{RuntimePlugin, SharedRuntimePlugin};
        pub use #rt::deps::aws_smithy_runtime_api::client::stalled_stream_protection::StalledStreamProtectionConfig;
        pub use #rt::deps::aws_smithy_runtime_api::shared::IntoShared;
        pub use #rt::deps::aws_smithy_types::config_bag::{ConfigBag, FrozenLayer, Layer};
        pub use #rt::deps::aws_smithy_types::retry::{RetryConfig, RetryMode};
        pub use #rt::deps::aws_smithy_types::timeout::TimeoutConfig;
        pub use #rt::deps::aws_types::app_name::AppName;
        pub use #rt::deps::aws_types::region::Region;
        pub use #rt::deps::aws_types::sdk_ua_metadata::FrameworkMetadata;
        pub use #rt::deps::aws_types::SdkConfig;

        /// Retry configuration and the retry strategy's parts.
        pub mod retry {
            pub use super::#rt::deps::aws_smithy_runtime::client::retries::{ClientRateLimiter, RetryPartition, TokenBucket};
            pub use super::#rt::deps::aws_smithy_runtime_api::client::retries::classifiers::{ClassifyRetry, RetryAction};
            pub use super::#rt::deps::aws_smithy_runtime_api::client::retries::ShouldAttempt;
            pub use super::#rt::deps::aws_smithy_types::retry::{ReconnectMode, RetryConfig, RetryConfigBuilder, RetryMode};
        }

        /// Time-out configuration.
        pub mod timeout {
            pub use super::#rt::deps::aws_smithy_types::timeout::{TimeoutConfig, TimeoutConfigBuilder};
        }

        /// The contexts an interceptor is handed at each stage of a call.
        pub mod interceptors {
            pub use super::#rt::deps::aws_smithy_runtime_api::client::interceptors::context::{
                AfterDeserializationInterceptorContextRef, BeforeDeserializationInterceptorContextMut,
                BeforeDeserializationInterceptorContextRef, BeforeSerializationInterceptorContextMut,
                BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextMut,
                BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextMut,
                FinalizerInterceptorContextRef, InterceptorContext,
            };
        }

        /// The HTTP request and response types of interceptors and HTTP clients.
        pub mod http {
            pub use super::#rt::deps::aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
        }

        /// The configuration of a [`Client`](crate::client::Client).
        pub type Config = #rt::config::Config<ServiceDescription>;

        /// The builder of [`Config`].
        pub type Builder = #rt::config::Builder<ServiceDescription>;

        /// The runtime state a client shares between its clones.
        pub(crate) type Handle = #rt::service::Handle<ServiceDescription>;

        /// The handle as clients and fluent builders hold it.
        pub(crate) type SharedHandle = ::std::sync::Arc<Handle>;

        /// Ties the generic runtime to this service.
        #[derive(Debug)]
        #[non_exhaustive]
        pub struct ServiceDescription;

        impl #rt::service::ServiceSpec for ServiceDescription {
            const SERVICE: #rt::service::Service = #rt::service::Service {
                sdk_id: #sdk_id,
                user_agent_id: #ua_id,
                crate_version: ::std::env!("CARGO_PKG_VERSION"),
                signing_name: #signing_name,
                resolve_endpoint: resolve_builtins,
            };
        }

        fn resolve_builtins(
            builtins: &#rt::endpoint::BuiltIns,
        ) -> Result<#rt::Endpoint, #rt::ResolveEndpointError> {
            endpoint::resolve(&endpoint::Params::from_builtins(builtins))
        }
    }
}

/// `types/mod.rs`: one private module per type, re-exported, plus `builders` and `error`.
pub fn emit_types_mod(ctx: &Ctx, service: &Service) -> TokenStream {
    let rt = &ctx.rt;
    let mods = service.types.iter().map(|t| {
        let module = ident(&names::escape(&names::snake(t.ident())));
        let name = ident(t.ident());
        quote! {
            mod #module;
            pub use #module::#name;
        }
    });
    let builders = service.types.iter().filter_map(|t| match t {
        TypeDef::Structure(s) => {
            let module = ident(&names::escape(&names::snake(&s.ident)));
            let builder = format_ident!("{}Builder", s.ident);
            Some(quote!(pub use super::#module::#builder;))
        }
        _ => None,
    });
    quote! {
        /// The errors the service can return.
        pub mod error;

        /// An open JSON document, as the official SDKs type it (`aws_smithy_types::Document`).
        /// `crate::primitives::to_document` builds one from any serde type, and
        /// `crate::primitives::from_document` reads one as any serde type.
        pub type Document = #rt::Document;

        #(#mods)*

        /// Builders of the structures in this module.
        pub mod builders {
            #(#builders)*
        }
    }
}

/// `types/error/mod.rs`.
pub fn emit_errors_mod(_ctx: &Ctx, service: &Service) -> TokenStream {
    let mods = service.errors.iter().map(|e| {
        let module = ident(&names::escape(&names::snake(&e.ident)));
        let name = ident(&e.ident);
        quote! {
            mod #module;
            pub use #module::#name;
        }
    });
    let builders = service.errors.iter().map(|e| {
        let module = ident(&names::escape(&names::snake(&e.ident)));
        let builder = format_ident!("{}Builder", e.ident);
        quote!(pub use super::#module::#builder;)
    });
    quote! {
        #(#mods)*

        /// Builders of the errors in this module (useful to fake errors in tests).
        pub mod builders {
            #(#builders)*
        }
    }
}

/// `operation/mod.rs`.
pub fn emit_operation_mod(ctx: &Ctx, service: &Service) -> TokenStream {
    let rt = &ctx.rt;
    let mods = service.operations.iter().map(|op| {
        let module = ident(&op.snake);
        let doc = docs(op.docs.as_deref(), &format!("The {} operation.", op.name));
        quote! {
            #doc
            pub mod #module;
        }
    });
    quote! {
        pub use #rt::RequestId;
        pub use #rt::ProvideErrorMetadata;

        #(#mods)*
    }
}

/// The root `mod.rs` of the generated tree.
pub fn emit_root() -> TokenStream {
    quote! {
        /// The service client.
        pub mod client;
        /// Client configuration and endpoint resolution.
        pub mod config;
        /// The service-wide error every operation's error converts into.
        pub mod error_meta;
        /// Information about this crate.
        pub mod meta;
        /// One module per operation: input, output, error, builders and paginators.
        pub mod operation;
        /// The structures, enums and unions of the model, and its modeled errors.
        pub mod types;
    }
}

/// Emits the `meta` module: the crate's version, as the official SDKs expose it.
pub fn emit_meta() -> TokenStream {
    quote! {
        /// The version of this crate (Cargo's `CARGO_PKG_VERSION`).
        pub static PKG_VERSION: &str = env!("CARGO_PKG_VERSION");
    }
}
