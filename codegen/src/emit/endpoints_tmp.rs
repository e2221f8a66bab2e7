//! Temporary stand-in.
use proc_macro2::TokenStream;
use quote::quote;
/// Stand-in.
pub fn emit_endpoint_module(_r: &serde_json::Value, _p: Option<&serde_json::Value>, rt: &TokenStream) -> Result<TokenStream, String> {
    Ok(quote! {
        /// Params.
        #[derive(Debug, Default)]
        pub struct Params { pub endpoint: Option<String> }
        impl Params { pub fn from_builtins(b: &#rt::endpoint::BuiltIns) -> Self { Self { endpoint: b.endpoint.clone() } } }
        pub fn resolve(p: &Params) -> Result<#rt::deps::aws_smithy_types::endpoint::Endpoint, #rt::deps::aws_smithy_runtime_api::client::endpoint::error::ResolveEndpointError> {
            match &p.endpoint { Some(u) => Ok(#rt::deps::aws_smithy_types::endpoint::Endpoint::builder().url(u.clone()).build()), None => Err(#rt::deps::aws_smithy_runtime_api::client::endpoint::error::ResolveEndpointError::message("x")) }
        }
    })
}
