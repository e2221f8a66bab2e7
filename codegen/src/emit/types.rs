//! Enums, int enums and unions.

use super::{docs, ident, Ctx};
use crate::ir::{Enum, IntEnum, RustType, Union};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Emits an open string enum: known values as variants, anything else kept in `Unknown`.
pub fn emit_enum(ctx: &Ctx, e: &Enum) -> TokenStream {
    let rt = &ctx.rt;
    let serde = ctx.serde();
    let name = ident(&e.ident);
    let doc = docs(e.docs.as_deref(), &format!("The `{}` enum.", e.name));
    // Variants in the order of their wire values, as the official SDKs generate them: the
    // derived `Ord` and `values()` then agree with theirs.
    let mut sorted = e.variants.clone();
    sorted.sort_by(|a, b| a.1.cmp(&b.1));
    let e = &Enum {
        variants: sorted,
        ..e.clone()
    };
    let variants = e.variants.iter().map(|(v, value, d)| {
        let v = ident(v);
        let doc = docs(d.as_deref(), &format!("`{value}`"));
        quote!(#doc #v,)
    });
    let as_str = e.variants.iter().map(|(v, value, _)| {
        let v = ident(v);
        quote!(Self::#v => #value,)
    });
    let from = e.variants.iter().map(|(v, value, _)| {
        let v = ident(v);
        quote!(#value => Self::#v,)
    });
    let values = e.variants.iter().map(|(_, value, _)| value);
    quote! {
        #doc
        ///
        /// Values this version of the crate does not know are kept in `Unknown`, so they
        /// survive a round trip.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know.
            Unknown(#rt::primitives::UnknownVariantValue),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Every value known to this version of the crate.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }

            /// The variant of a known value; a value this version of the crate does not
            /// know is an error (where `From<&str>` would keep it in `Unknown`).
            pub fn try_parse(value: &str) -> Result<Self, #rt::error::UnknownVariantError> {
                match Self::from(value) {
                    Self::Unknown(_) => Err(#rt::error::UnknownVariantError::new(value)),
                    known => Ok(known),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from)*
                    other => Self::Unknown(#rt::primitives::UnknownVariantValue::new(other)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                #rt::json::deserialize_str_enum(d)
            }
        }
    }
}

/// Emits an open int enum.
pub fn emit_int_enum(ctx: &Ctx, e: &IntEnum) -> TokenStream {
    let rt = &ctx.rt;
    let serde = ctx.serde();
    let name = ident(&e.ident);
    let doc = docs(e.docs.as_deref(), &format!("The `{}` enum.", e.name));
    let variants = e.variants.iter().map(|(v, value, d)| {
        let v = ident(v);
        let doc = docs(d.as_deref(), &format!("`{value}`"));
        quote!(#doc #v,)
    });
    let as_i32 = e.variants.iter().map(|(v, value, _)| {
        let v = ident(v);
        quote!(Self::#v => #value,)
    });
    let from = e.variants.iter().map(|(v, value, _)| {
        let v = ident(v);
        quote!(#value => Self::#v,)
    });
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know.
            Unknown(i32),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(#as_i32)*
                    Self::Unknown(value) => *value,
                }
            }
        }

        impl From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#from)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i32(self.as_i32())
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                #rt::json::deserialize_int_enum(d)
            }
        }
    }
}

/// Emits a union: one variant per member, and `Unknown` keeping members this version of the
/// crate does not know.
pub fn emit_union(ctx: &Ctx, u: &Union) -> TokenStream {
    let rt = &ctx.rt;
    let serde = ctx.serde();
    let name = ident(&u.ident);
    let union_name = &u.name;
    let doc = docs(u.docs.as_deref(), &format!("The `{}` union.", u.name));
    let variants = u.variants.iter().map(|v| {
        let vi = ident(&v.ident);
        let ty = ctx.ty(&v.ty);
        let ty = if v.boxed { quote!(Box<#ty>) } else { ty };
        let doc = docs(v.docs.as_deref(), &format!("The `{}` member.", v.wire_name));
        quote!(#doc #vi(#ty),)
    });
    let helpers = u.variants.iter().map(|v| {
        let vi = ident(&v.ident);
        let ty = ctx.ty(&v.ty);
        let as_fn = format_ident!("as_{}", v.snake);
        let is_fn = format_ident!("is_{}", v.snake);
        let as_doc = format!(
            " The `{}` value, or `Err(self)` when another member is set.",
            v.wire_name
        );
        let is_doc = format!(" Whether the `{}` member is set.", v.wire_name);
        let value = if v.boxed {
            quote!(&**value)
        } else {
            quote!(value)
        };
        quote! {
            #[doc = #as_doc]
            pub fn #as_fn(&self) -> Result<&#ty, &Self> {
                if let Self::#vi(value) = self { Ok(#value) } else { Err(self) }
            }
            #[doc = #is_doc]
            pub fn #is_fn(&self) -> bool {
                self.#as_fn().is_ok()
            }
        }
    });
    // Documents are written and read through the runtime's conversions (the official
    // `Document` type has no serde implementation of its own).
    let ser_arms = u.variants.iter().map(|v| {
        let vi = ident(&v.ident);
        let wire = &v.wire_name;
        if v.ty == RustType::Document {
            quote!(Self::#vi(value) => #rt::json::serialize_union_member(s, #wire, &#rt::document::DocumentRef(value)),)
        } else {
            quote!(Self::#vi(value) => #rt::json::serialize_union_member(s, #wire, value),)
        }
    });
    let de_arms = u.variants.iter().map(|v| {
        let vi = ident(&v.ident);
        let wire = &v.wire_name;
        if v.ty == RustType::Document {
            quote!(#wire => Ok(Self::#vi(#rt::document::from_json(value))),)
        } else {
            quote!(#wire => #rt::serde_json::from_value(value).map(Self::#vi),)
        }
    });
    let debug = if u.sensitive {
        quote! {
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#rt::primitives::REDACTED)
                }
            }
        }
    } else {
        quote!()
    };
    let debug_derive = if u.sensitive {
        quote!()
    } else {
        quote!(#[derive(Debug)])
    };
    quote! {
        #doc
        #[derive(Clone, PartialEq)]
        #debug_derive
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A member this version of the crate does not know (as in the official SDKs,
            /// without its value). It cannot be sent: a request holding it fails to build.
            #[non_exhaustive]
            Unknown,
        }

        impl #name {
            #(#helpers)*

            /// Whether the member is one this version of the crate does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown)
            }
        }

        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                    Self::Unknown => Err(#rt::json::unknown_union_member(#union_name)),
                }
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                #rt::json::deserialize_union(d, #union_name, |name, value| match name.as_str() {
                    #(#de_arms)*
                    _ => Ok(Self::Unknown),
                })
            }
        }

        #debug
    }
}
