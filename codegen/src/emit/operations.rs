//! One module per operation: input, output, error, request serializer, response deserializer,
//! fluent builder and paginator.

use super::{docs, ident, Ctx};
use crate::ir::{Binding, MemberIr, NamedKind, Operation, RustType, TimestampFormat, UriSegment};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Emits the module of one operation.
pub fn emit(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let marker = ident(&op.ident);
    let input = ident(&op.input.ident);
    let output = ident(&op.output.ident);
    let input_builder = format_ident!("{}Builder", op.input.ident);
    let output_builder = format_ident!("{}Builder", op.output.ident);
    let error = format_ident!("{}Error", op.ident);
    let fluent = format_ident!("{}FluentBuilder", op.ident);
    let name = &op.name;
    let doc = docs(op.docs.as_deref(), &format!("The {} operation.", op.name));

    let input_struct = super::structures::emit(ctx, &op.input);
    let output_struct = super::structures::emit(ctx, &op.output);
    let error_enum = super::errors::emit_operation_error(ctx, op);
    let serialize = serializer(ctx, op);
    let deserialize = deserializer(ctx, op);
    // The response is always read, if only for its request id.
    let response_param = quote!(response);
    // An input without members contributes nothing to the request.
    let input_param = if op.input.members.is_empty() {
        quote!(_input)
    } else {
        quote!(input)
    };
    let fluent_builder = fluent_builder(ctx, op);
    let paginator = paginator(ctx, op);
    // The paginators are exported from `builders` and, as in the official SDKs, from a
    // `paginator` module of their own.
    let paginator_export = match &op.paginated {
        Some(p) => {
            let paginator = format_ident!("{}Paginator", op.ident);
            let items = p
                .items
                .as_ref()
                .map(|_| format_ident!("{}PaginatorItems", op.ident));
            let items = items.iter();
            quote! {
                /// The paginator of this operation, and of its items.
                pub mod paginator {
                    pub use super::{#paginator #(, #items)*};
                }
            }
        }
        None => quote!(),
    };
    let builders_paginator = if op.paginated.is_some() {
        let p = format_ident!("{}Paginator", op.ident);
        quote!(, #p)
    } else {
        quote!()
    };

    // Only the markers that differ from the trait's `false` defaults.
    let mut sensitive = TokenStream::new();
    if op.sensitive_input {
        sensitive.extend(quote! { const SENSITIVE_INPUT: bool = true; });
    }
    if op.sensitive_output {
        sensitive.extend(quote! { const SENSITIVE_OUTPUT: bool = true; });
    }

    quote! {
        #doc
        #[derive(Clone, Copy, Debug, Default)]
        #[non_exhaustive]
        pub struct #marker;

        impl #marker {
            /// The operation, as a value (as in the official SDKs).
            pub fn new() -> Self {
                Self
            }
        }

        impl #rt::service::Operation for #marker {
            const NAME: &'static str = #name;
            #sensitive
            type Input = #input;
            type Output = #output;
            type Error = #error;

            fn serialize(#input_param: &Self::Input) -> Result<#rt::HttpRequest, #rt::BoxError> {
                #serialize
            }

            fn deserialize_output(#response_param: &#rt::HttpResponse) -> Result<Self::Output, #rt::BoxError> {
                #deserialize
            }

            fn deserialize_error(response: #rt::error::ErrorResponse<'_>) -> Self::Error {
                #error::from_response(response)
            }
        }

        #input_struct
        #output_struct
        #error_enum
        #fluent_builder
        #paginator

        /// The builders of this operation, where the official SDKs keep them.
        pub mod builders {
            pub use super::{#input_builder, #output_builder, #fluent #builders_paginator};
        }

        #paginator_export
    }
}

/// A value to format: a reference (`value`, bound by `if let Some(value) = &input.x`) or a
/// place (`input.x`). Method calls read both alike; only function arguments differ.
enum Val {
    Ref(TokenStream),
    Place(TokenStream),
}

impl Val {
    /// The expression, as a method receiver.
    fn expr(&self) -> &TokenStream {
        match self {
            Val::Ref(v) | Val::Place(v) => v,
        }
    }

    /// A `&T` expression.
    fn by_ref(&self) -> TokenStream {
        match self {
            Val::Ref(v) => v.clone(),
            Val::Place(v) => quote!(&#v),
        }
    }

    /// A `T` expression, for `Copy` values.
    fn copied(&self) -> TokenStream {
        match self {
            Val::Ref(v) => quote!(*#v),
            Val::Place(v) => v.clone(),
        }
    }
}

/// An expression of type `&str` (or `String` deref'd) formatting `value` for a label, query
/// string or header.
fn fmt_value(ctx: &Ctx, ty: &RustType, value: &Val) -> TokenStream {
    let rt = &ctx.rt;
    let v = value.expr();
    match ty {
        RustType::String => quote!(#v.as_str()),
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => quote!(#v.as_str()),
        RustType::Named {
            kind: NamedKind::IntEnum,
            ..
        } => quote!(&#v.as_i32().to_string()),
        RustType::Timestamp(format) => {
            let format = timestamp_format(ctx, *format);
            let r = value.by_ref();
            quote!(&#rt::wire::fmt_timestamp(#r, #format)?)
        }
        RustType::Number("f32" | "f64") => {
            let c = value.copied();
            quote!(&#rt::wire::fmt_float(#c))
        }
        _ => quote!(&#v.to_string()),
    }
}

/// An expression implementing `AsRef<str>` and `Into<String>` formatting `item` (a value
/// other than a timestamp) for a header or a header list item. Lists of timestamps are
/// refused by the IR, so list items never need `?`.
fn fmt_list_item(ctx: &Ctx, ty: &RustType, item: &Val) -> TokenStream {
    let rt = &ctx.rt;
    let v = item.expr();
    match ty {
        RustType::Number("f32" | "f64") => {
            let c = item.copied();
            quote!(#rt::wire::fmt_float(#c))
        }
        RustType::String
        | RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => quote!(#v.as_str()),
        RustType::Named {
            kind: NamedKind::IntEnum,
            ..
        } => quote!(#v.as_i32().to_string()),
        _ => quote!(#v.to_string()),
    }
}

fn serializer(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let method = &op.method;
    let mut steps = Vec::new();
    for segment in &op.path {
        match segment {
            UriSegment::Literal(text) => steps.push(quote!(request.push_path(#text);)),
            UriSegment::Label {
                field,
                member,
                greedy,
            } => {
                let m = op.input.members.iter().find(|m| &m.field == field);
                let Some(m) = m else { continue };
                let f = ident(field);
                let bare = crate::names::unraw(field);
                if m.optional {
                    let message = format!("is bound to the URI label `{member}` and is required");
                    let formatted = fmt_value(ctx, &m.ty, &Val::Ref(quote!(value)));
                    steps.push(quote! {
                        {
                            let value = input.#f.as_ref().ok_or_else(|| #rt::BuildError::missing_field(#bare, #message))?;
                            request.push_label(#bare, #formatted, #greedy)?;
                        }
                    });
                } else {
                    let formatted = fmt_value(ctx, &m.ty, &Val::Place(quote!(input.#f)));
                    let push = quote!(request.push_label(#bare, #formatted, #greedy)?;);
                    if fits_on_a_line(&push, 8) {
                        steps.push(push);
                    } else {
                        // Bound to a short name first, so that the call stays on one line.
                        let formatted = fmt_value(ctx, &m.ty, &Val::Ref(quote!(value)));
                        steps.push(quote! {
                            let value = &input.#f;
                            request.push_label(#bare, #formatted, #greedy)?;
                        });
                    }
                }
            }
        }
    }
    for literal in &op.query_literals {
        steps.push(quote!(request.push_query_literal(#literal);));
    }
    for m in &op.input.members {
        match &m.binding {
            Binding::Query(name) => steps.push(for_each_value(
                ctx,
                m,
                |v| quote!(request.push_query(#name, #v);),
            )),
            Binding::QueryParams => {
                let f = ident(&m.field);
                let iter = if m.optional {
                    quote!(input.#f.iter().flatten())
                } else {
                    quote!(input.#f.iter())
                };
                let push = match &m.ty {
                    RustType::Map(inner) if matches!(**inner, RustType::List(_)) => quote! {
                        for value in values { request.push_query(key, value); }
                    },
                    _ => quote!(request.push_query(key, values);),
                };
                // Explicit query members win over entries of the same name in the map.
                let taken: Vec<&String> = op
                    .input
                    .members
                    .iter()
                    .filter_map(|m| match &m.binding {
                        Binding::Query(n) => Some(n),
                        _ => None,
                    })
                    .collect();
                steps.push(quote! {
                    let mut entries: Vec<_> = #iter.collect();
                    entries.sort_by(|a, b| a.0.cmp(b.0));
                    for (key, values) in entries {
                        if [#(#taken),*].contains(&key.as_str()) { continue; }
                        #push
                    }
                });
            }
            Binding::Header(name) => {
                let f = ident(&m.field);
                let value = if m.optional {
                    Val::Ref(quote!(value))
                } else {
                    Val::Place(quote!(input.#f))
                };
                let value_expr = match &m.ty {
                    RustType::List(inner) => {
                        let item = fmt_list_item(ctx, inner, &Val::Ref(quote!(item)));
                        let v = value.expr();
                        quote!(#rt::wire::join_header_list(#v.iter().map(|item| #item)))
                    }
                    RustType::Timestamp(format) => {
                        let format = timestamp_format(ctx, *format);
                        let r = value.by_ref();
                        quote!(#rt::wire::fmt_timestamp(#r, #format)?)
                    }
                    ty => fmt_list_item(ctx, ty, &value),
                };
                if m.optional {
                    steps.push(quote! {
                        if let Some(value) = &input.#f {
                            request.header(#name, #value_expr);
                        }
                    });
                } else {
                    steps.push(quote!(request.header(#name, #value_expr);));
                }
            }
            Binding::PrefixHeaders(prefix) => {
                let f = ident(&m.field);
                let iter = if m.optional {
                    quote!(input.#f.iter().flatten())
                } else {
                    quote!(input.#f.iter())
                };
                steps.push(quote! {
                    let mut entries: Vec<_> = #iter.collect();
                    entries.sort_by(|a, b| a.0.cmp(b.0));
                    for (key, value) in entries {
                        request.header(::std::format!("{}{}", #prefix, key), value.as_str());
                    }
                });
            }
            _ => {}
        }
    }
    if let Some(payload) = op
        .input
        .members
        .iter()
        .find(|m| m.binding == Binding::Payload)
    {
        let f = ident(&payload.field);
        let value = if payload.optional {
            Val::Ref(quote!(value))
        } else {
            Val::Place(quote!(input.#f))
        };
        let v = value.expr();
        let set = match &payload.ty {
            RustType::Blob => {
                let content_type = payload
                    .media_type
                    .as_deref()
                    .unwrap_or("application/octet-stream");
                quote!(request.payload(#v.clone().into_inner(), #content_type);)
            }
            RustType::String => {
                let content_type = payload.media_type.as_deref().unwrap_or("text/plain");
                quote!(request.payload(#v.clone(), #content_type);)
            }
            _ => {
                let r = value.by_ref();
                quote!(request.json_body(#r)?;)
            }
        };
        if payload.optional {
            steps.push(quote!(if let Some(value) = &input.#f { #set }));
        } else {
            steps.push(set);
        }
    } else if op.has_body_members {
        steps.push(quote!(request.json_body(input)?;));
    }
    quote! {
        let mut request = #rt::wire::RequestBuilder::new(#method);
        #(#steps)*
        request.build()
    }
}

/// Whether a simple statement (a call with plain arguments) fits within the formatter's line
/// width when indented by `indent` columns. The printed tokens are compacted the way the
/// formatter prints them: no spaces around `.`, `::`, parentheses or before `,` and `?`.
fn fits_on_a_line(statement: &TokenStream, indent: usize) -> bool {
    let text = statement.to_string();
    let mut compact = text
        .replace(" . ", ".")
        .replace(" :: ", "::")
        .replace(" (", "(")
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(" ,", ",")
        .replace(" ?", "?")
        .replace(" ;", ";");
    compact = compact.replace("& ", "&");
    indent + compact.len() <= 89
}

/// Runs `push` for the value of a query member, or for each item of a list member.
fn for_each_value(
    ctx: &Ctx,
    m: &MemberIr,
    push: impl Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    let f = ident(&m.field);
    let (inner, is_list) = match &m.ty {
        RustType::List(inner) => (&**inner, true),
        ty => (ty, false),
    };
    if !m.optional && !is_list {
        return push(fmt_value(ctx, inner, &Val::Place(quote!(input.#f))));
    }
    let body = push(fmt_value(ctx, inner, &Val::Ref(quote!(value))));
    match (m.optional, is_list) {
        (true, false) => quote!(if let Some(value) = &input.#f { #body }),
        (false, false) => unreachable!("handled above"),
        (true, true) => quote!(for value in input.#f.iter().flatten() { #body }),
        (false, true) => quote!(for value in input.#f.iter() { #body }),
    }
}

fn deserializer(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let output = ident(&op.output.ident);
    let mut steps = Vec::new();
    let payload = op
        .output
        .members
        .iter()
        .find(|m| m.binding == Binding::Payload);
    let has_body_members = op
        .output
        .members
        .iter()
        .any(|m| matches!(m.binding, Binding::Body(_)));
    // Without members in the JSON body, whatever body the service sends is ignored.
    let parse = if !has_body_members {
        quote!(#rt::wire::parse_json_body(Self::NAME, b"{}")?)
    } else {
        quote!(#rt::wire::parse_json_body(Self::NAME, body)?)
    };
    if let Some(m) = payload {
        let f = ident(&m.field);
        steps.push(match &m.ty {
            RustType::Blob => quote! {
                if !body.is_empty() {
                    output.#f = Some(#rt::Blob::new(body.to_vec()));
                }
            },
            RustType::String => quote! {
                if !body.is_empty() {
                    output.#f = Some(String::from_utf8(body.to_vec())?);
                }
            },
            _ => quote!(output.#f = #rt::wire::parse_json_payload(Self::NAME, body)?;),
        });
    }
    for m in &op.output.members {
        let f = ident(&m.field);
        match &m.binding {
            Binding::Header(header) => {
                let read = match read_header(ctx, &m.ty, header) {
                    HeaderRead::Fallible(read) => quote!(#read?),
                    HeaderRead::Infallible(read) => read,
                };
                steps.push(quote!(output.#f = #read;));
            }
            Binding::PrefixHeaders(prefix) => {
                steps.push(quote!(output.#f = #rt::wire::prefix_headers(headers, #prefix);));
            }
            Binding::ResponseCode => {
                steps.push(quote!(output.#f = i32::from(response.status().as_u16());));
            }
            _ => {}
        }
    }
    let uses_headers = op
        .output
        .members
        .iter()
        .any(|m| matches!(m.binding, Binding::Header(_) | Binding::PrefixHeaders(_)));
    let headers = if uses_headers {
        quote!(let headers = response.headers();)
    } else {
        quote!()
    };
    let body = if has_body_members || payload.is_some() {
        quote!(let body = #rt::wire::body_bytes(response);)
    } else {
        quote!()
    };
    quote! {
        #body
        #headers
        let mut output: #output = #parse;
        #(#steps)*
        output._request_id = #rt::wire::request_id(response);
        Ok(output)
    }
}

/// An expression reading a response header as a member's type.
pub(crate) enum HeaderRead {
    /// Of type `Result<Option<T>, HeaderError>`: the value may fail to parse.
    Fallible(TokenStream),
    /// Of type `Option<T>`.
    Infallible(TokenStream),
}

/// Reads the response header `header` (from a `headers` variable) as a value of `ty`.
pub(crate) fn read_header(ctx: &Ctx, ty: &RustType, header: &str) -> HeaderRead {
    let rt = &ctx.rt;
    match ty {
        RustType::String => {
            HeaderRead::Infallible(quote!(#rt::wire::header_string(headers, #header)))
        }
        RustType::Named {
            kind: NamedKind::Enum,
            ident: e,
        } => {
            let e = ident(e);
            HeaderRead::Infallible(
                quote!(#rt::wire::header_string(headers, #header).map(|v| types::#e::from(v.as_str()))),
            )
        }
        RustType::Named {
            kind: NamedKind::IntEnum,
            ident: e,
        } => {
            let e = ident(e);
            HeaderRead::Fallible(
                quote!(#rt::wire::header_parse::<i32>(headers, #header).map(|v| v.map(types::#e::from))),
            )
        }
        RustType::Timestamp(format) => {
            let format = timestamp_format(ctx, *format);
            HeaderRead::Fallible(quote!(#rt::wire::header_timestamp(headers, #header, #format)))
        }
        RustType::List(inner) => match &**inner {
            RustType::String => {
                HeaderRead::Infallible(quote!(#rt::wire::header_list(headers, #header)))
            }
            RustType::Named {
                kind: NamedKind::Enum,
                ident: e,
            } => {
                let e = ident(e);
                HeaderRead::Infallible(
                    quote!(#rt::wire::header_list(headers, #header).map(|values| values.iter().map(|v| types::#e::from(v.as_str())).collect())),
                )
            }
            RustType::Named {
                kind: NamedKind::IntEnum,
                ident: e,
            } => {
                let e = ident(e);
                HeaderRead::Fallible(
                    quote!(#rt::wire::header_list_parse::<i32>(headers, #header).map(|values| values.map(|values| values.into_iter().map(types::#e::from).collect()))),
                )
            }
            inner => {
                let inner = ctx.ty(inner);
                HeaderRead::Fallible(
                    quote!(#rt::wire::header_list_parse::<#inner>(headers, #header)),
                )
            }
        },
        ty => {
            let ty = ctx.ty(ty);
            HeaderRead::Fallible(quote!(#rt::wire::header_parse::<#ty>(headers, #header)))
        }
    }
}

/// The `Format` of a timestamp format.
fn timestamp_format(ctx: &Ctx, format: TimestampFormat) -> TokenStream {
    let rt = &ctx.rt;
    let format = match format {
        TimestampFormat::DateTime => quote!(DateTime),
        TimestampFormat::HttpDate => quote!(HttpDate),
        TimestampFormat::EpochSeconds => quote!(EpochSeconds),
    };
    quote!(#rt::DateTimeFormat::#format)
}

fn fluent_builder(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let marker = ident(&op.ident);
    let input_builder = format_ident!("{}Builder", op.input.ident);
    let output = ident(&op.output.ident);
    let error = format_ident!("{}Error", op.ident);
    let fluent = format_ident!("{}FluentBuilder", op.ident);
    let method = crate::names::unraw(&op.snake);
    let doc = docs(
        Some(&format!(
            "Builds and sends a {} request. Made by [`Client::{method}`](crate::client::Client::{method}).\n\n\
             It is the [`{input_builder}`] bound to the client: the same setters and getters, \
             plus `send`.",
            op.name
        )),
        "",
    );
    let has_tokens = op.input.members.iter().any(|m| m.idempotency_token);
    // Tokens are filled by the same method users call to fix them before sending.
    let builder = if has_tokens {
        quote!(self.fill_idempotency_tokens())
    } else {
        quote!(self)
    };
    let token_doc = if has_tokens {
        quote! {
            ///
            /// An idempotency token left unset is filled from the client's token provider (a
            /// fresh UUID v4 unless configured otherwise), and stays the same on every retry of
            /// this call (as in the official SDK, each `send` of a builder without a token gets
            /// a new one). To retry safely after a failure, call `fill_idempotency_tokens`
            /// first and send a clone.
        }
    } else {
        quote!()
    };
    let fill_tokens = if has_tokens {
        let getters: Vec<String> = op
            .input
            .members
            .iter()
            .filter(|m| m.idempotency_token)
            .map(|m| format!("read with `get_{}`", crate::names::unraw(&m.field)))
            .collect();
        // One `///` line each, so that prettyplease prints line comments.
        let fill_doc = [
            format!(
                " Fills the idempotency tokens left unset ({}) from the client's token provider",
                getters.join(", ")
            ),
            " (a fresh UUID v4 unless configured otherwise) now rather than at `send`, so".into(),
            " that you know them and can send the same request again.".into(),
            "".into(),
            " A create call that fails without an answer (a timeout, a dropped".into(),
            " connection, a 5xx after the automatic retries) may still have created the".into(),
            " resource. Send a clone of a builder whose tokens are filled, and on such a".into(),
            " failure send another clone: the service sees the same token and answers".into(),
            " with what the first call did instead of doing it twice. A token you set".into(),
            " yourself is kept.".into(),
        ];
        let fills = op
            .input
            .members
            .iter()
            .filter(|m| m.idempotency_token)
            .map(|m| {
                let f = ident(&m.field);
                quote! {
                    if self.#f.is_none() {
                        self.#f = Some(self.client.config().make_idempotency_token());
                    }
                }
            });
        quote! {
            #(#[doc = #fill_doc])*
            pub fn fill_idempotency_tokens(mut self) -> Self {
                #(#fills)*
                self
            }
        }
    } else {
        quote!()
    };
    let paginator_fn = if op.paginated.is_some() {
        let p = format_ident!("{}Paginator", op.ident);
        quote! {
            /// Turns this request into a paginator that follows continuation tokens.
            pub fn into_paginator(self) -> #p {
                #p { inner: self, stop_on_duplicate_token: true }
            }
        }
    } else {
        quote!()
    };
    let fields: Vec<_> = op.input.members.iter().map(|m| ident(&m.field)).collect();
    quote! {
        impl #input_builder {
            /// Sends the request with `client`, as the client's fluent builder for this
            /// operation would with the same members set.
            pub async fn send_with(self, client: &crate::client::Client) -> Result<#output, #rt::SdkError<#error, #rt::HttpResponse>> {
                let #input_builder { client: (), #(#fields),* } = self;
                #fluent { client: client.handle.clone(), #(#fields),* }.send().await
            }
        }

        #doc
        pub type #fluent = #input_builder<crate::config::SharedHandle>;

        impl #fluent {
            /// The input built so far: this builder itself, with its `get_*` methods.
            pub fn as_input(&self) -> &Self {
                self
            }

            /// Sends the request.
            ///
            /// Missing required members fail here, before anything is sent, with
            /// [`SdkError::ConstructionFailure`](rt::SdkError::ConstructionFailure)
            /// naming the member.
            #token_doc
            pub async fn send(self) -> Result<#output, #rt::SdkError<#error, #rt::HttpResponse>> {
                let handle = self.client.clone();
                let input = #builder.build().map_err(#rt::SdkError::construction_failure)?;
                handle.invoke::<#marker>(input).await
            }

            /// This request with customizations for this call alone: interceptors, changes to
            /// the HTTP request, a configuration override. Its `send` sends it.
            pub fn customize(self) -> crate::client::customize::CustomizableOperation<#marker> {
                let handle = self.client.clone();
                #rt::customize::CustomizableOperation::new(handle, #builder.build())
            }

            #fill_tokens

            #paginator_fn
        }
    }
}

fn paginator(ctx: &Ctx, op: &Operation) -> TokenStream {
    let Some(p) = &op.paginated else {
        return quote!();
    };
    let rt = &ctx.rt;
    let marker = ident(&op.ident);
    let fluent = format_ident!("{}FluentBuilder", op.ident);
    let paginator = format_ident!("{}Paginator", op.ident);
    let in_token = ident(&p.input_token);
    let out_token = ident(&p.output_token);
    let next_token = if p.output_token_optional {
        quote!(output.#out_token.as_deref())
    } else {
        quote!(Some(output.#out_token.as_str()))
    };
    let page_size = match &p.page_size {
        Some((field, ty)) => {
            let field = ident(field);
            let ty = ctx.ty(ty);
            quote! {
                /// Sets the page size: how many items the service returns per page at most.
                pub fn page_size(mut self, limit: #ty) -> Self {
                    self.inner = self.inner.#field(limit);
                    self
                }
            }
        }
        None => quote!(),
    };
    let allow_unused = if p.items.is_none() {
        quote!(#[allow(unused_variables)])
    } else {
        quote!()
    };
    let (item_ty, take, items_fn, items_struct) = match &p.items {
        Some((field, item, optional)) => {
            let field = ident(field);
            let item_ty = ctx.ty(item);
            let take = if *optional {
                quote!(output.#field.unwrap_or_default())
            } else {
                quote!(output.#field)
            };
            let items = format_ident!("{}PaginatorItems", op.ident);
            let items_doc = format!(" The items of every page of {} results.", op.name);
            let items_fn = quote! {
                /// The items of every page rather than the pages; `send` streams them.
                pub fn items(self) -> #items {
                    #items(self)
                }
            };
            let items_struct = quote! {
                #[doc = #items_doc]
                #[derive(Clone, Debug)]
                pub struct #items(#paginator);

                impl #items {
                    /// Streams the items of every page, in order. The stream ends after the last
                    /// item, or with the first error.
                    pub fn send(self) -> #rt::pagination::PaginationStream<#rt::pagination::ItemResult<#marker>> {
                        let paginator = self.0;
                        let handle = paginator.inner.client.clone();
                        #rt::pagination::items::<#marker, _>(handle, paginator.inner.build(), paginator.stop_on_duplicate_token)
                    }
                }
            };
            (item_ty, take, items_fn, items_struct)
        }
        None => (quote!(()), quote!(Vec::new()), quote!(), quote!()),
    };
    let doc = format!(" Pages through {} results.", op.name);
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct #paginator {
            inner: #fluent,
            stop_on_duplicate_token: bool,
        }

        impl #paginator {
            #page_size

            /// Whether the pagination ends when the service hands back a token it was sent
            /// before (default `true`). With `false`, a service that keeps handing back the
            /// same token keeps the stream going.
            pub fn stop_on_duplicate_token(mut self, stop_on_duplicate_token: bool) -> Self {
                self.stop_on_duplicate_token = stop_on_duplicate_token;
                self
            }

            /// Streams the pages, in order. The stream ends after the last page, or with the
            /// first error.
            pub fn send(self) -> #rt::pagination::PaginationStream<#rt::pagination::PageResult<#marker>> {
                let handle = self.inner.client.clone();
                #rt::pagination::pages::<#marker, _>(handle, self.inner.build(), self.stop_on_duplicate_token)
            }

            #items_fn
        }

        #items_struct

        impl #rt::pagination::Paginated for #marker {
            type Item = #item_ty;

            fn set_token(input: &mut Self::Input, token: Option<String>) {
                input.#in_token = token;
            }

            fn token(input: &Self::Input) -> Option<&str> {
                input.#in_token.as_deref()
            }

            fn next_token(output: &Self::Output) -> Option<&str> {
                #next_token
            }

            #allow_unused
            fn take_items(output: Self::Output) -> Vec<Self::Item> {
                #take
            }
        }
    }
}
