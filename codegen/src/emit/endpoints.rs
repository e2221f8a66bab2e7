//! Compiles a Smithy endpoint rule set (the `smithy.rules#endpointRuleSet` trait) into Rust.
//!
//! The output is straight-line Rust: every rule becomes nested `if`/`if let` blocks in rule order,
//! every endpoint rule a `return Ok(Endpoint::builder()…)`, every error rule a
//! `return Err(ResolveEndpointError::message(…))`. Nothing interprets JSON at run time; the only
//! run-time support is the standard library of the rules engine in `<rt>::endpoint`.
//!
//! Semantics follow the rules engine specification
//! (<https://smithy.io/2.0/additional-specs/rules-engine/specification.html>) and its reference
//! evaluator:
//!
//! * A condition matches when its function returns a value that is set and not `false`; `assign`
//!   binds the (unwrapped) value for the later conditions and the rule's body.
//! * `isSet(ref)` as a condition proves the reference set, so it is unwrapped from then on.
//! * A value that may be unset (an optional parameter, `aws.partition`, `parseURL`, `substring`,
//!   an array index) used where a value is required inside a condition is unwrapped with an
//!   `if let`, so an unset value makes the condition fail. Inside an endpoint or error (where
//!   nothing can fail) it is a compile-time error.
//! * Tree rules are terminal: when a tree rule's conditions match but none of its sub-rules does,
//!   resolution fails with an error ("rule exhaustion") instead of going on with the next rule.
//! * Parameters that are `required` without a `default` must be set; `resolve` fails otherwise.
//!
//! Anything the compiler does not support is refused with an error naming the feature.

use proc_macro2::{Ident, Literal, Span, TokenStream, TokenTree};
use quote::quote;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Compiles the rule set into the items of a Rust module (not wrapped in `mod`).
///
/// `rt` is the path of the runtime crate, e.g. `quote!(::restjson_runtime)`. `partitions` is the
/// JSON of `model/partitions.json`; it is needed when a rule calls `aws.partition`.
///
/// The module contains `pub struct Params` (with `Default` and `Params::from_builtins`),
/// `pub fn resolve(&Params) -> Result<Endpoint, ResolveEndpointError>` and, when the rules use
/// `aws.partition`, a private `static PARTITIONS`.
pub fn emit_endpoint_module(
    rule_set: &Value,
    partitions: Option<&Value>,
    rt: &TokenStream,
) -> Result<TokenStream, String> {
    let rule_set = rule_set
        .as_object()
        .ok_or("endpoint rules: the rule set is not a JSON object")?;
    let params = parse_parameters(rule_set.get("parameters"))?;
    let rules = rule_set
        .get("rules")
        .and_then(Value::as_array)
        .ok_or("endpoint rules: the rule set has no `rules` array")?;

    let params_items = emit_params(&params, rt);
    let mut compiler = Compiler::new(rt, &params, rules);
    let resolve = compiler.resolve_fn(&params, rules)?;
    let partitions_static = if compiler.uses_partitions {
        let partitions = partitions.ok_or(
            "endpoint rules: function `aws.partition` needs the partitions data (model/partitions.json), which was not provided",
        )?;
        emit_partitions(partitions, rt)?
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        pub use #rt::deps::aws_smithy_runtime_api::client::endpoint::{EndpointFuture, SharedEndpointResolver};
        pub use #rt::deps::aws_smithy_types::endpoint::Endpoint;

        #params_items
        #resolve
        #partitions_static
    })
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ParamType {
    Bool,
    Str,
    StrArray,
}

/// The built-ins `Params::from_builtins` can bind, with the `BuiltIns` field each one reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BuiltIn {
    Region,
    UseFips,
    UseDualStack,
    Endpoint,
}

impl BuiltIn {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "AWS::Region" => Self::Region,
            "AWS::UseFIPS" => Self::UseFips,
            "AWS::UseDualStack" => Self::UseDualStack,
            "SDK::Endpoint" => Self::Endpoint,
            _ => return None,
        })
    }

    fn param_type(self) -> ParamType {
        match self {
            Self::Region | Self::Endpoint => ParamType::Str,
            Self::UseFips | Self::UseDualStack => ParamType::Bool,
        }
    }

    fn field(self) -> Ident {
        ident(match self {
            Self::Region => "region",
            Self::UseFips => "use_fips",
            Self::UseDualStack => "use_dual_stack",
            Self::Endpoint => "endpoint",
        })
    }
}

struct Param {
    name: String,
    field: Ident,
    ty: ParamType,
    required: bool,
    default: Option<Value>,
    builtin: Option<(String, BuiltIn)>,
    documentation: Option<String>,
    deprecated: Option<String>,
}

fn parse_parameters(parameters: Option<&Value>) -> Result<Vec<Param>, String> {
    let Some(parameters) = parameters else {
        return Ok(Vec::new());
    };
    let parameters = parameters
        .as_object()
        .ok_or("endpoint rules: `parameters` is not a JSON object")?;
    let mut fields: BTreeMap<String, &str> = BTreeMap::new();
    let mut out = Vec::new();
    for (name, param) in parameters {
        let err = |message: &str| format!("endpoint parameter `{name}`: {message}");
        let param = param
            .as_object()
            .ok_or_else(|| err("is not a JSON object"))?;
        let ty = match param.get("type").and_then(Value::as_str) {
            Some(t) if t.eq_ignore_ascii_case("string") => ParamType::Str,
            Some(t) if t.eq_ignore_ascii_case("boolean") => ParamType::Bool,
            Some(t) if t.eq_ignore_ascii_case("stringArray") => ParamType::StrArray,
            Some(t) => return Err(err(&format!("type `{t}` is not supported"))),
            None => return Err(err("has no `type`")),
        };
        let required = match param.get("required") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(required)) => *required,
            Some(_) => return Err(err("`required` is not a boolean")),
        };
        let default = match param.get("default") {
            None | Some(Value::Null) => None,
            Some(value) => {
                let matches = match ty {
                    ParamType::Bool => value.is_boolean(),
                    ParamType::Str => value.is_string(),
                    ParamType::StrArray => value
                        .as_array()
                        .is_some_and(|items| items.iter().all(Value::is_string)),
                };
                if !matches {
                    return Err(err(
                        "the `default` value does not match the parameter's type",
                    ));
                }
                Some(value.clone())
            }
        };
        let builtin = match param.get("builtIn") {
            None | Some(Value::Null) => None,
            Some(Value::String(builtin)) => {
                let parsed = BuiltIn::parse(builtin)
                    .ok_or_else(|| err(&format!("built-in `{builtin}` is not supported")))?;
                if parsed.param_type() != ty {
                    return Err(err(&format!(
                        "built-in `{builtin}` does not match the parameter's type"
                    )));
                }
                Some((builtin.clone(), parsed))
            }
            Some(_) => return Err(err("`builtIn` is not a string")),
        };
        let documentation = param
            .get("documentation")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let deprecated = param.get("deprecated").map(|deprecated| {
            let message = deprecated.get("message").and_then(Value::as_str);
            let since = deprecated.get("since").and_then(Value::as_str);
            match (message, since) {
                (Some(message), Some(since)) => format!("Deprecated since {since}: {message}"),
                (Some(message), None) => format!("Deprecated: {message}"),
                (None, Some(since)) => format!("Deprecated since {since}."),
                (None, None) => "Deprecated.".to_owned(),
            }
        });
        let field_name = rust_name(name);
        if let Some(other) = fields.insert(field_name.clone(), name) {
            return Err(format!(
                "endpoint parameters `{other}` and `{name}` both map to the field `{field_name}`"
            ));
        }
        out.push(Param {
            name: name.clone(),
            field: ident(&field_name),
            ty,
            required,
            default,
            builtin,
            documentation,
            deprecated,
        });
    }
    Ok(out)
}

fn field_type(param: &Param) -> TokenStream {
    let inner = match param.ty {
        ParamType::Bool => quote!(bool),
        ParamType::Str => quote!(String),
        ParamType::StrArray => quote!(Vec<String>),
    };
    if param.default.is_some() {
        inner
    } else {
        quote!(Option<#inner>)
    }
}

/// The value of a parameter in `Params::default()`, and whether it is the type's own default.
fn default_value(param: &Param) -> (TokenStream, bool) {
    match &param.default {
        None => (quote!(None), true),
        Some(Value::Bool(value)) => (quote!(#value), !value),
        Some(Value::String(value)) if value.is_empty() => (quote!(String::new()), true),
        Some(Value::String(value)) => (quote!(#value.to_owned()), false),
        Some(Value::Array(items)) if items.is_empty() => (quote!(Vec::new()), true),
        Some(Value::Array(items)) => {
            let items = items.iter().filter_map(Value::as_str);
            (quote!(::std::vec![#(#items.to_owned()),*]), false)
        }
        // `parse_parameters` only accepts defaults that match the type.
        Some(_) => (quote!(Default::default()), true),
    }
}

fn doc_attrs(text: &str) -> TokenStream {
    text.lines()
        .map(|line| {
            let line = format!(" {}", line.trim_end());
            quote!(#[doc = #line])
        })
        .collect()
}

fn emit_params(params: &[Param], rt: &TokenStream) -> TokenStream {
    let mut fields = Vec::new();
    let mut defaults = Vec::new();
    let mut all_trivial = true;
    let mut from_builtins = Vec::new();
    for param in params {
        let field = &param.field;
        let ty = field_type(param);
        let mut doc = param
            .documentation
            .clone()
            .unwrap_or_else(|| format!("The `{}` endpoint parameter.", param.name));
        doc.push_str(&format!("\n\nEndpoint parameter `{}`", param.name));
        if let Some((builtin, _)) = &param.builtin {
            doc.push_str(&format!(", bound to the `{builtin}` built-in"));
        }
        if let Some(default) = &param.default {
            doc.push_str(&format!("; defaults to `{default}`"));
        } else if param.required {
            doc.push_str("; required");
        }
        doc.push('.');
        if let Some(deprecated) = &param.deprecated {
            doc.push_str("\n\n");
            doc.push_str(deprecated);
        }
        let doc = doc_attrs(&doc);
        fields.push(quote! {
            #doc
            pub #field: #ty,
        });
        let (default, trivial) = default_value(param);
        all_trivial &= trivial;
        defaults.push(quote!(#field: #default,));
        if let Some((_, builtin)) = &param.builtin {
            let source = builtin.field();
            let value = match (builtin.param_type(), &param.default) {
                (ParamType::Bool, Some(_)) => quote!(builtins.#source),
                (ParamType::Bool, None) => quote!(Some(builtins.#source)),
                (_, Some(_)) if trivial => quote!(builtins.#source.clone().unwrap_or_default()),
                (_, Some(_)) => quote!(builtins.#source.clone().unwrap_or_else(|| #default)),
                (_, None) => quote!(builtins.#source.clone()),
            };
            from_builtins.push(quote!(#field: #value,));
        }
    }

    let (derive_default, default_impl) = if all_trivial {
        (quote!(Default,), TokenStream::new())
    } else {
        (
            TokenStream::new(),
            quote! {
                impl Default for Params {
                    fn default() -> Self {
                        Self { #(#defaults)* }
                    }
                }
            },
        )
    };
    let from_builtins_fn = if from_builtins.is_empty() {
        quote! {
            pub fn from_builtins(_builtins: &#rt::endpoint::BuiltIns) -> Self {
                Self::default()
            }
        }
    } else {
        let rest = if from_builtins.len() < params.len() {
            quote!(..Self::default())
        } else {
            TokenStream::new()
        };
        quote! {
            pub fn from_builtins(builtins: &#rt::endpoint::BuiltIns) -> Self {
                Self {
                    #(#from_builtins)*
                    #rest
                }
            }
        }
    };
    quote! {
        /// The parameters of the service's endpoint rules.
        #[derive(Clone, Debug, #derive_default PartialEq, Eq)]
        #[non_exhaustive]
        pub struct Params {
            #(#fields)*
        }

        #default_impl

        impl Params {
            /// The parameters bound to built-in values taken from `builtins`; every other
            /// parameter has its default value.
            #from_builtins_fn
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

/// The type of a rules-engine value, and the Rust type that carries it when it is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    /// `bool`.
    Bool,
    /// `&str`, or `String` for [`Kind::Owned`].
    Str,
    /// `&[String]`.
    StrArray,
    /// `&'static <rt>::endpoint::PartitionOutputs`.
    Partition,
    /// `<rt>::endpoint::Url` (a local variable).
    Url,
    /// An integer literal (only as an argument of `substring`).
    Int,
}

impl Ty {
    fn describe(self) -> &'static str {
        match self {
            Ty::Bool => "boolean",
            Ty::Str => "string",
            Ty::StrArray => "string array",
            Ty::Partition => "partition result",
            Ty::Url => "parsed URL",
            Ty::Int => "integer",
        }
    }
}

#[derive(Clone)]
enum Kind {
    /// A primary expression: a path, a field access, a method or function call.
    Primary(TokenStream),
    /// A string literal.
    Lit(String),
    /// An expression of type `String` (a call or a `format!`).
    Owned(TokenStream),
    /// A boolean constant.
    Const(bool),
    /// An integer literal.
    Int(u64),
    /// `!primary`.
    Not(TokenStream),
    /// `primary.is_some()` (true) or `primary.is_none()` (false).
    IsSome(TokenStream, bool),
    /// `a == b` (true) or `a != b` (false).
    Cmp(TokenStream, TokenStream, bool),
}

/// A compiled expression. When `opt` is true the Rust value is an `Option` of the type's carrier
/// and the kind is always [`Kind::Primary`].
#[derive(Clone)]
struct Expr {
    ty: Ty,
    opt: bool,
    kind: Kind,
    /// Known never to be the empty string.
    nonempty: bool,
}

impl Expr {
    fn new(ty: Ty, opt: bool, kind: Kind) -> Self {
        Self {
            ty,
            opt,
            kind,
            nonempty: false,
        }
    }

    fn constant(value: bool) -> Self {
        Self::new(Ty::Bool, false, Kind::Const(value))
    }

    fn primary(ty: Ty, opt: bool, tokens: TokenStream) -> Self {
        Self::new(ty, opt, Kind::Primary(tokens))
    }

    fn tokens(&self) -> TokenStream {
        match &self.kind {
            Kind::Primary(tokens) | Kind::Owned(tokens) => tokens.clone(),
            Kind::Lit(value) => quote!(#value),
            Kind::Const(value) => quote!(#value),
            Kind::Int(value) => {
                let value = Literal::usize_unsuffixed(*value as usize);
                quote!(#value)
            }
            Kind::Not(tokens) => quote!(!#tokens),
            Kind::IsSome(tokens, true) => quote!(#tokens.is_some()),
            Kind::IsSome(tokens, false) => quote!(#tokens.is_none()),
            Kind::Cmp(a, b, true) => quote!(#a == #b),
            Kind::Cmp(a, b, false) => quote!(#a != #b),
        }
    }

    /// The expression as an operand of `==`.
    fn operand(&self) -> TokenStream {
        let tokens = self.tokens();
        match self.kind {
            Kind::Cmp(..) => quote!((#tokens)),
            _ => tokens,
        }
    }

    /// A string expression as a `&str` function argument.
    fn str_arg(&self) -> TokenStream {
        match &self.kind {
            Kind::Owned(tokens) => quote!(&#tokens),
            _ => self.tokens(),
        }
    }

    /// A string expression as a `String`.
    fn owned(&self) -> TokenStream {
        match &self.kind {
            Kind::Owned(tokens) => tokens.clone(),
            _ => {
                let tokens = self.tokens();
                quote!(#tokens.to_owned())
            }
        }
    }

    /// A string expression as an `impl Into<Cow<'static, str>>`.
    fn cow(&self) -> TokenStream {
        match &self.kind {
            Kind::Lit(_) => self.tokens(),
            _ => self.owned(),
        }
    }

    /// `not(self)`, simplified so that the generated code is what a person would write.
    fn negate(self) -> Self {
        let kind = match self.kind {
            Kind::Const(value) => Kind::Const(!value),
            Kind::Primary(tokens) => Kind::Not(tokens),
            Kind::Not(tokens) => Kind::Primary(tokens),
            Kind::IsSome(tokens, some) => Kind::IsSome(tokens, !some),
            Kind::Cmp(a, b, eq) => Kind::Cmp(a, b, !eq),
            other => {
                let tokens = Expr::new(Ty::Bool, false, other).tokens();
                Kind::Not(quote!((#tokens)))
            }
        };
        Self::new(Ty::Bool, false, kind)
    }
}

// ---------------------------------------------------------------------------------------------
// The compiler
// ---------------------------------------------------------------------------------------------

/// What a name (parameter or `assign`ed variable) in scope stands for.
#[derive(Clone)]
struct Binding {
    expr: Expr,
    /// Identifies the binding in the usage log.
    id: usize,
}

type Scope = BTreeMap<String, Binding>;

/// One test of a rule, outermost first.
enum Guard {
    /// `if <condition>` (consecutive ones are joined with `&&`).
    If(TokenStream),
    /// `if let Some(<ident>) = <value>`, or `if <value>.is_some()` when `ident` is never used.
    IfLet {
        ident: Ident,
        value: TokenStream,
        id: usize,
    },
    /// `if let Some(true) = <value>`.
    IfLetTrue(TokenStream),
    /// `let <ident> = <value>;` (cannot fail; left out when `ident` is never used, and then so
    /// are the uses logged in `uses`, the range of the usage log its condition wrote).
    Let {
        ident: Ident,
        value: TokenStream,
        id: usize,
        uses: (usize, usize),
    },
}

/// A value that may be unset, used as an argument inside a condition: bound with `if let` in
/// front of the condition.
struct Hoist {
    ident: Ident,
    value: TokenStream,
    id: usize,
}

struct Compiler<'a> {
    rt: &'a TokenStream,
    /// The local variable of every rule-set name (parameters and `assign` targets).
    locals: BTreeMap<String, Ident>,
    /// Identifiers in use, so that temporaries are unique.
    taken: BTreeSet<String>,
    next_temp: usize,
    next_id: usize,
    /// Every use of a binding, by id, in code that is emitted.
    used: Vec<usize>,
    /// The hoisted values of the condition being compiled.
    hoists: Vec<Hoist>,
    /// Whether values that may be unset can be hoisted (inside a condition) or are an error.
    hoisting: bool,
    uses_partitions: bool,
    /// Whether emitted code other than parameter accesses refers to `params`.
    params_mentioned: bool,
    /// The bindings whose accesses go through `params`.
    param_ids: Vec<usize>,
}

impl<'a> Compiler<'a> {
    fn new(rt: &'a TokenStream, params: &[Param], rules: &[Value]) -> Self {
        let mut compiler = Compiler {
            rt,
            locals: BTreeMap::new(),
            taken: ["params"].iter().map(|s| s.to_string()).collect(),
            next_temp: 0,
            next_id: 0,
            used: Vec::new(),
            hoists: Vec::new(),
            hoisting: false,
            uses_partitions: false,
            params_mentioned: false,
            param_ids: Vec::new(),
        };
        let mut assigned = BTreeSet::new();
        collect_assigns(rules, &mut assigned);
        for name in params
            .iter()
            .map(|p| p.name.as_str())
            .chain(assigned.iter().map(String::as_str))
        {
            if compiler.locals.contains_key(name) {
                continue;
            }
            let base = rust_name(name);
            let mut candidate = base.clone();
            let mut n = 1;
            while compiler.taken.contains(&candidate) {
                n += 1;
                candidate = format!("{base}_{n}");
            }
            compiler.taken.insert(candidate.clone());
            compiler.locals.insert(name.to_owned(), ident(&candidate));
        }
        compiler
    }

    fn new_id(&mut self) -> usize {
        self.next_id += 1;
        self.next_id
    }

    fn temp(&mut self, ty: Ty) -> Ident {
        let base = match ty {
            Ty::Bool => "flag",
            Ty::Str => "string",
            Ty::StrArray => "strings",
            Ty::Partition => "partition",
            Ty::Url => "url",
            Ty::Int => "int",
        };
        loop {
            self.next_temp += 1;
            let name = format!("{base}_{}", self.next_temp);
            if self.taken.insert(name.clone()) {
                return ident(&name);
            }
        }
    }

    fn local(&self, name: &str) -> Ident {
        // Every parameter and `assign` target was given a local in `new`.
        self.locals
            .get(name)
            .cloned()
            .unwrap_or_else(|| ident(&rust_name(name)))
    }

    fn is_used(&self, id: usize) -> bool {
        self.used.contains(&id)
    }

    /// `ResolveEndpointError`, through the runtime's re-exports (generated crates depend on the
    /// runtime crate only).
    fn error_type(&self) -> TokenStream {
        let rt = self.rt;
        quote!(#rt::ResolveEndpointError)
    }

    /// `aws_smithy_types`, through the runtime's re-exports.
    fn smithy_types(&self) -> TokenStream {
        let rt = self.rt;
        quote!(#rt::deps::aws_smithy_types)
    }

    // --- resolve ------------------------------------------------------------------------------

    fn resolve_fn(&mut self, params: &[Param], rules: &[Value]) -> Result<TokenStream, String> {
        struct RequiredCheck {
            ident: Ident,
            value: TokenStream,
            id: usize,
            name: String,
        }
        let mut scope = Scope::new();
        let mut required = Vec::new();
        for param in params {
            let field = &param.field;
            let has_default = param.default.is_some();
            let (ty, access) = match (param.ty, has_default) {
                (ParamType::Bool, _) => (Ty::Bool, quote!(params.#field)),
                (ParamType::Str, true) => (Ty::Str, quote!(params.#field.as_str())),
                (ParamType::Str, false) => (Ty::Str, quote!(params.#field.as_deref())),
                (ParamType::StrArray, true) => (Ty::StrArray, quote!(params.#field.as_slice())),
                (ParamType::StrArray, false) => (Ty::StrArray, quote!(params.#field.as_deref())),
            };
            let id = self.new_id();
            let expr = if param.required && !has_default {
                let ident = self.local(&param.name);
                required.push(RequiredCheck {
                    ident: ident.clone(),
                    value: access,
                    id,
                    name: param.name.clone(),
                });
                Expr::primary(ty, false, quote!(#ident))
            } else {
                self.param_ids.push(id);
                Expr::primary(ty, !has_default, access)
            };
            scope.insert(param.name.clone(), Binding { expr, id });
        }

        let body = self.rules(rules, &scope, true, true)?;

        let error = self.error_type();
        let mut checks = TokenStream::new();
        for check in &required {
            self.params_mentioned = true;
            let RequiredCheck {
                ident,
                value,
                id,
                name,
            } = check;
            let message = format!("endpoint parameter `{name}` is required but was not set");
            checks.extend(if self.is_used(*id) {
                quote! {
                    let Some(#ident) = #value else {
                        return Err(#error::message(#message));
                    };
                }
            } else {
                quote! {
                    if #value.is_none() {
                        return Err(#error::message(#message));
                    }
                }
            });
        }
        let smithy_types = self.smithy_types();
        let params_used =
            self.params_mentioned || self.param_ids.iter().any(|id| self.used.contains(id));
        let silence = if params_used {
            TokenStream::new()
        } else {
            quote!(let _ = params;)
        };
        Ok(quote! {
            /// Resolves the endpoint for `params` with the service's endpoint rules.
            ///
            /// Fails with the message of the error rule that matched, or when no rule matched.
            pub fn resolve(
                params: &Params,
            ) -> Result<#smithy_types::endpoint::Endpoint, #error> {
                #silence
                #checks
                #body
            }
        })
    }

    // --- rules --------------------------------------------------------------------------------

    /// A list of rules tried in order. `tail`: the code is in tail position of `resolve`.
    fn rules(
        &mut self,
        rules: &[Value],
        scope: &Scope,
        tail: bool,
        top: bool,
    ) -> Result<TokenStream, String> {
        let mut out = TokenStream::new();
        for rule in rules {
            if let Some((tokens, diverges)) = self.rule(rule, scope, tail)? {
                out.extend(tokens);
                if diverges {
                    // Any later rule is unreachable.
                    return Ok(out);
                }
            }
        }
        self.params_mentioned = true;
        let message = if top {
            quote!(::std::format!(
                "no endpoint rule matched the parameters {params:?}"
            ))
        } else {
            quote!(::std::format!(
                "a matching endpoint tree rule has no sub-rule that matches the parameters {params:?}"
            ))
        };
        let error = self.error_type();
        let error = quote!(Err(#error::message(#message)));
        out.extend(if tail { error } else { quote!(return #error;) });
        Ok(out)
    }

    /// One rule: `None` when a condition can never hold, else the code and whether it always
    /// returns.
    fn rule(
        &mut self,
        rule: &Value,
        scope: &Scope,
        tail: bool,
    ) -> Result<Option<(TokenStream, bool)>, String> {
        let rule = rule.as_object().ok_or_else(|| {
            format!(
                "endpoint rules: the rule `{}` is not a JSON object",
                short_json(rule)
            )
        })?;
        let conditions = match rule.get("conditions") {
            None | Some(Value::Null) => &[][..],
            Some(Value::Array(conditions)) => conditions.as_slice(),
            Some(_) => {
                return Err("endpoint rules: a rule's `conditions` is not an array".to_owned())
            }
        };
        let mark = self.used.len();
        let mut scope = scope.clone();
        let mut guards = Vec::new();
        for condition in conditions {
            let start = self.used.len();
            match self.condition(condition, &mut scope)? {
                Some(more) => {
                    let end = self.used.len();
                    guards.extend(more.into_iter().map(|guard| match guard {
                        Guard::Let {
                            ident, value, id, ..
                        } => Guard::Let {
                            ident,
                            value,
                            id,
                            uses: (start, end),
                        },
                        other => other,
                    }));
                }
                None => {
                    self.used.truncate(mark);
                    return Ok(None);
                }
            }
        }
        let fallible = guards
            .iter()
            .any(|guard| !matches!(guard, Guard::Let { .. }));
        let mut tokens = self.rule_body(rule, &scope, tail && !fallible)?;

        let mut conjunction: Vec<TokenStream> = Vec::new();
        let mut starts_with_let = false;
        for guard in guards.into_iter().rev() {
            if let Guard::If(condition) = guard {
                conjunction.insert(0, condition);
                continue;
            }
            if !conjunction.is_empty() {
                tokens = quote!(if #(#conjunction)&&* { #tokens });
                conjunction.clear();
                starts_with_let = false;
            }
            match guard {
                Guard::IfLet { ident, value, id } => {
                    tokens = if self.is_used(id) {
                        quote!(if let Some(#ident) = #value { #tokens })
                    } else {
                        quote!(if #value.is_some() { #tokens })
                    };
                    starts_with_let = false;
                }
                Guard::IfLetTrue(value) => {
                    tokens = quote!(if let Some(true) = #value { #tokens });
                    starts_with_let = false;
                }
                Guard::Let {
                    ident,
                    value,
                    id,
                    uses,
                } => {
                    if self.is_used(id) {
                        tokens = quote!(let #ident = #value; #tokens);
                        starts_with_let = true;
                    } else {
                        // The value is not computed, so what it refers to is not used by it.
                        // (Guards are processed innermost first, so later ranges are gone.)
                        self.used.drain(uses.0..uses.1.min(self.used.len()));
                    }
                }
                Guard::If(_) => {}
            }
        }
        if !conjunction.is_empty() {
            tokens = quote!(if #(#conjunction)&&* { #tokens });
            starts_with_let = false;
        }
        if starts_with_let && fallible {
            // Keep the `let` from leaking into the following rules.
            tokens = quote!({ #tokens });
        }
        Ok(Some((tokens, !fallible)))
    }

    fn rule_body(
        &mut self,
        rule: &Map<String, Value>,
        scope: &Scope,
        tail: bool,
    ) -> Result<TokenStream, String> {
        let kind = match rule.get("type").and_then(Value::as_str) {
            Some(kind) => kind,
            None if rule.contains_key("endpoint") => "endpoint",
            None if rule.contains_key("error") => "error",
            None if rule.contains_key("rules") => "tree",
            None => return Err("endpoint rules: a rule has no `type`".to_owned()),
        };
        let error = self.error_type();
        let result = match kind {
            "endpoint" => {
                let endpoint = rule
                    .get("endpoint")
                    .ok_or("endpoint rules: an endpoint rule has no `endpoint`")?;
                let endpoint = self.endpoint(endpoint, scope)?;
                quote!(Ok(#endpoint))
            }
            "error" => {
                let message = rule
                    .get("error")
                    .ok_or("endpoint rules: an error rule has no `error`")?;
                let message = self.value(message, scope, "error message")?;
                expect_type(&message, Ty::Str, "an error message")?;
                // `&str`, `&'static str` and `String` are all `Into<String>`.
                let message = message.tokens();
                quote!(Err(#error::message(#message)))
            }
            "tree" => {
                let rules = rule
                    .get("rules")
                    .and_then(Value::as_array)
                    .ok_or("endpoint rules: a tree rule has no `rules` array")?;
                return self.rules(rules, scope, tail, false);
            }
            other => {
                return Err(format!(
                    "endpoint rules: rule type `{other}` is not supported"
                ))
            }
        };
        Ok(if tail {
            result
        } else {
            quote!(return #result;)
        })
    }

    fn endpoint(&mut self, endpoint: &Value, scope: &Scope) -> Result<TokenStream, String> {
        let endpoint = endpoint
            .as_object()
            .ok_or("endpoint rules: an endpoint rule's `endpoint` is not a JSON object")?;
        let url = endpoint
            .get("url")
            .ok_or("endpoint rules: an endpoint has no `url`")?;
        let url = self.value(url, scope, "endpoint URL")?;
        expect_type(&url, Ty::Str, "an endpoint URL")?;
        let rt = self.rt;
        let url = match &url.kind {
            Kind::Lit(value) if value.is_empty() => {
                return Err("endpoint rules: an endpoint has an empty `url`".to_owned());
            }
            Kind::Lit(_) => url.tokens(),
            _ if url.nonempty => url.cow(),
            _ => {
                let url = url.cow();
                quote!(#rt::endpoint::non_empty_url(#url)?)
            }
        };
        let mut calls = Vec::new();
        match endpoint.get("headers") {
            None | Some(Value::Null) => {}
            Some(Value::Object(headers)) => {
                for (name, values) in headers {
                    let values = values.as_array().ok_or_else(|| {
                        format!("endpoint rules: the values of header `{name}` are not an array")
                    })?;
                    for value in values {
                        let value = self.value(value, scope, "header value")?;
                        expect_type(&value, Ty::Str, "a header value")?;
                        let value = value.cow();
                        calls.push(quote!(.header(#name, #value)));
                    }
                }
            }
            Some(_) => {
                return Err("endpoint rules: an endpoint's `headers` is not an object".to_owned())
            }
        }
        match endpoint.get("properties") {
            None | Some(Value::Null) => {}
            Some(Value::Object(properties)) => {
                for (name, value) in properties {
                    let value = self.document(value, scope)?;
                    calls.push(quote!(.property(#name, #value)));
                }
            }
            Some(_) => {
                return Err(
                    "endpoint rules: an endpoint's `properties` is not an object".to_owned(),
                )
            }
        }
        let smithy_types = self.smithy_types();
        Ok(quote! {
            #smithy_types::endpoint::Endpoint::builder()
                .url(#url)
                #(#calls)*
                .build()
        })
    }

    /// An endpoint property: JSON literal data whose strings are templates.
    fn document(&mut self, value: &Value, scope: &Scope) -> Result<TokenStream, String> {
        let smithy_types = self.smithy_types();
        let document = quote!(#smithy_types::Document);
        let number = quote!(#smithy_types::Number);
        Ok(match value {
            Value::Null => quote!(#document::Null),
            Value::Bool(value) => quote!(#document::Bool(#value)),
            Value::Number(n) => {
                if let Some(n) = n.as_u64() {
                    quote!(#document::Number(#number::PosInt(#n)))
                } else if let Some(n) = n.as_i64() {
                    quote!(#document::Number(#number::NegInt(#n)))
                } else {
                    let n = n.as_f64().unwrap_or_default();
                    quote!(#document::Number(#number::Float(#n)))
                }
            }
            Value::String(template) => {
                let value = self.template(template, scope)?;
                let value = self.required(value, template)?;
                let value = value.owned();
                quote!(#document::String(#value))
            }
            Value::Array(items) => {
                if items.is_empty() {
                    quote!(#document::Array(Vec::new()))
                } else {
                    let items = items
                        .iter()
                        .map(|item| self.document(item, scope))
                        .collect::<Result<Vec<_>, _>>()?;
                    quote!(#document::Array(::std::vec![#(#items),*]))
                }
            }
            Value::Object(members) => {
                if members.is_empty() {
                    quote!(#document::Object(::std::collections::HashMap::new()))
                } else {
                    let mut entries = Vec::new();
                    for (key, value) in members {
                        let value = self.document(value, scope)?;
                        entries.push(quote!((#key.to_owned(), #value)));
                    }
                    quote!(#document::Object(::std::collections::HashMap::from([#(#entries),*])))
                }
            }
        })
    }

    // --- conditions ---------------------------------------------------------------------------

    /// The guards of one condition (`None` when it can never hold); updates `scope` with what
    /// the condition binds.
    fn condition(
        &mut self,
        condition: &Value,
        scope: &mut Scope,
    ) -> Result<Option<Vec<Guard>>, String> {
        let object = condition.as_object().ok_or_else(|| {
            format!(
                "endpoint rules: the condition `{}` is not a JSON object",
                short_json(condition)
            )
        })?;
        let function = object.get("fn").and_then(Value::as_str).ok_or_else(|| {
            format!(
                "endpoint rules: the condition `{}` has no `fn`",
                short_json(condition)
            )
        })?;
        let argv = match object.get("argv") {
            Some(Value::Array(argv)) => argv.as_slice(),
            _ => {
                return Err(format!(
                    "endpoint rules: function `{function}` has no `argv` array"
                ))
            }
        };
        let assign = match object.get("assign") {
            None | Some(Value::Null) => None,
            Some(Value::String(name)) => Some(name.as_str()),
            Some(_) => return Err("endpoint rules: `assign` is not a string".to_owned()),
        };
        if let Some(name) = assign {
            if scope.contains_key(name) {
                return Err(format!(
                    "endpoint rules: `assign` to `{name}` would shadow a parameter or variable in scope"
                ));
            }
        }

        // `isSet(ref)` proves the reference set for the rest of the rule.
        if let (Some(name), "isSet", None) = (
            argv.first()
                .and_then(|arg| arg.get("ref"))
                .and_then(Value::as_str),
            function,
            assign,
        ) {
            if argv.len() == 1 {
                let binding = scope.get(name).cloned().ok_or_else(|| {
                    format!("endpoint rules: reference to unknown parameter or variable `{name}`")
                })?;
                if !binding.expr.opt {
                    // Already known to be set: nothing to test, nothing emitted.
                    return Ok(Some(Vec::new()));
                }
                self.used.push(binding.id);
                let ident = self.local(name);
                let id = self.new_id();
                let value = binding.expr.tokens();
                let mut expr = binding.expr;
                expr.opt = false;
                expr.kind = Kind::Primary(quote!(#ident));
                scope.insert(name.to_owned(), Binding { expr, id });
                return Ok(Some(vec![Guard::IfLet { ident, value, id }]));
            }
        }

        self.hoists.clear();
        self.hoisting = true;
        let result = self.call(function, argv, scope);
        self.hoisting = false;
        let expr = result?;
        let mut guards: Vec<Guard> = self
            .hoists
            .drain(..)
            .map(|Hoist { ident, value, id }| Guard::IfLet { ident, value, id })
            .collect();

        if expr.ty == Ty::Bool {
            // The condition holds only when the value is `true`, which is then what `assign` binds.
            if expr.opt {
                guards.push(Guard::IfLetTrue(expr.tokens()));
            } else {
                match expr.kind {
                    Kind::Const(true) => {}
                    Kind::Const(false) => return Ok(None),
                    _ => guards.push(Guard::If(expr.tokens())),
                }
            }
            if let Some(name) = assign {
                let id = self.new_id();
                scope.insert(
                    name.to_owned(),
                    Binding {
                        expr: Expr::constant(true),
                        id,
                    },
                );
            }
            return Ok(Some(guards));
        }

        match assign {
            Some(name) => {
                let ident = self.local(name);
                let id = self.new_id();
                let bound = match (&expr.kind, expr.opt) {
                    (_, true) => {
                        guards.push(Guard::IfLet {
                            ident: ident.clone(),
                            value: expr.tokens(),
                            id,
                        });
                        Expr::primary(expr.ty, false, quote!(#ident))
                    }
                    (Kind::Lit(_) | Kind::Int(_), false) => expr.clone(),
                    (Kind::Owned(_), false) => {
                        guards.push(Guard::Let {
                            ident: ident.clone(),
                            value: expr.tokens(),
                            id,
                            uses: (0, 0),
                        });
                        Expr::primary(expr.ty, false, quote!(#ident.as_str()))
                    }
                    (_, false) => {
                        guards.push(Guard::Let {
                            ident: ident.clone(),
                            value: expr.tokens(),
                            id,
                            uses: (0, 0),
                        });
                        Expr::primary(expr.ty, false, quote!(#ident))
                    }
                };
                scope.insert(
                    name.to_owned(),
                    Binding {
                        expr: Expr {
                            nonempty: expr.nonempty,
                            ..bound
                        },
                        id,
                    },
                );
            }
            None if expr.opt => {
                let value = expr.tokens();
                guards.push(Guard::If(quote!(#value.is_some())));
            }
            // A value that is always set: the condition always holds.
            None => {}
        }
        Ok(Some(guards))
    }

    // --- expressions --------------------------------------------------------------------------

    /// An expression outside of conditions (endpoint, error, header, property): it must be set.
    fn value(&mut self, value: &Value, scope: &Scope, what: &str) -> Result<Expr, String> {
        let expr = self.expr(value, scope)?;
        if expr.opt {
            return Err(unset_error(what, value));
        }
        Ok(expr)
    }

    /// `expr` unwrapped: hoisted into an `if let` in front of the current condition.
    fn required(&mut self, expr: Expr, source: &impl serde::Serialize) -> Result<Expr, String> {
        if !expr.opt {
            return Ok(expr);
        }
        if !self.hoisting {
            return Err(unset_error("value", source));
        }
        let ident = self.temp(expr.ty);
        let id = self.new_id();
        self.used.push(id);
        self.hoists.push(Hoist {
            ident: ident.clone(),
            value: expr.tokens(),
            id,
        });
        Ok(Expr::primary(expr.ty, false, quote!(#ident)))
    }

    fn expr(&mut self, value: &Value, scope: &Scope) -> Result<Expr, String> {
        match value {
            Value::Bool(value) => Ok(Expr::constant(*value)),
            Value::Number(n) => n
                .as_u64()
                .map(|n| Expr::new(Ty::Int, false, Kind::Int(n)))
                .ok_or_else(|| format!("endpoint rules: the number `{n}` is not supported (only non-negative integers are)")),
            Value::String(template) => self.template(template, scope),
            Value::Object(object) => {
                if let Some(name) = object.get("ref") {
                    let name = name
                        .as_str()
                        .ok_or("endpoint rules: a reference's `ref` is not a string")?;
                    self.reference(name, scope)
                } else if let Some(function) = object.get("fn") {
                    let function = function
                        .as_str()
                        .ok_or("endpoint rules: a function's `fn` is not a string")?;
                    let argv = object
                        .get("argv")
                        .and_then(Value::as_array)
                        .ok_or_else(|| format!("endpoint rules: function `{function}` has no `argv` array"))?;
                    self.call(function, argv, scope)
                } else {
                    Err(format!(
                        "endpoint rules: `{}` is neither a reference nor a function call",
                        short_json(value)
                    ))
                }
            }
            Value::Array(_) => Err(format!(
                "endpoint rules: array literals are not supported as arguments (`{}`)",
                short_json(value)
            )),
            Value::Null => Err("endpoint rules: `null` is not supported as an argument".to_owned()),
        }
    }

    fn reference(&mut self, name: &str, scope: &Scope) -> Result<Expr, String> {
        let binding = scope.get(name).ok_or_else(|| {
            format!("endpoint rules: reference to unknown parameter or variable `{name}`")
        })?;
        self.used.push(binding.id);
        Ok(binding.expr.clone())
    }

    fn template(&mut self, template: &str, scope: &Scope) -> Result<Expr, String> {
        let parts = parse_template(template)?;
        if parts
            .iter()
            .all(|part| matches!(part, TemplatePart::Literal(_)))
        {
            let value: String = parts
                .into_iter()
                .map(|part| match part {
                    TemplatePart::Literal(text) | TemplatePart::Dynamic(text) => text,
                })
                .collect();
            let nonempty = !value.is_empty();
            return Ok(Expr {
                nonempty,
                ..Expr::new(Ty::Str, false, Kind::Lit(value))
            });
        }
        let single = parts.len() == 1;
        let mut format = String::new();
        let mut args = Vec::new();
        let mut nonempty = false;
        for part in parts {
            match part {
                TemplatePart::Literal(text) => {
                    nonempty = true;
                    format.push_str(&text.replace('{', "{{").replace('}', "}}"));
                }
                TemplatePart::Dynamic(raw) => {
                    let expr = self.shortform(&raw, scope)?;
                    if single {
                        // `"{Name}"` is the value itself (which may be unset).
                        expect_type(&expr, Ty::Str, &format!("the template `{template}`"))?;
                        return Ok(expr);
                    }
                    let expr = self.required(expr, &raw)?;
                    expect_type(
                        &expr,
                        Ty::Str,
                        &format!("`{{{raw}}}` in the template `{template}`"),
                    )?;
                    match &expr.kind {
                        Kind::Primary(tokens) if single_ident(tokens) => {
                            format.push('{');
                            format.push_str(&tokens.to_string());
                            format.push('}');
                        }
                        Kind::Lit(text) => {
                            format.push_str(&text.replace('{', "{{").replace('}', "}}"))
                        }
                        _ => {
                            format.push_str("{}");
                            args.push(expr.tokens());
                        }
                    }
                }
            }
        }
        Ok(Expr {
            nonempty,
            ..Expr::new(
                Ty::Str,
                false,
                Kind::Owned(quote!(::std::format!(#format #(, #args)*))),
            )
        })
    }

    /// `Name` or `Name#path` inside a template.
    fn shortform(&mut self, raw: &str, scope: &Scope) -> Result<Expr, String> {
        match raw.split_once('#') {
            Some((name, path)) => {
                let target = self.reference(name, scope)?;
                self.get_attr(target, path, &raw)
            }
            None => self.reference(raw, scope),
        }
    }

    fn call(&mut self, function: &str, argv: &[Value], scope: &Scope) -> Result<Expr, String> {
        let rt = self.rt;
        let arity = |n: usize| {
            if argv.len() == n {
                Ok(())
            } else {
                Err(format!(
                    "endpoint rules: function `{function}` takes {n} argument(s), found {}",
                    argv.len()
                ))
            }
        };
        match function {
            "isSet" => {
                arity(1)?;
                let mark = self.used.len();
                let value = self.expr(&argv[0], scope)?;
                Ok(if value.opt {
                    Expr::new(Ty::Bool, false, Kind::IsSome(value.tokens(), true))
                } else {
                    // Always set: the value is not emitted, so neither are its uses. (Values it
                    // needed hoisted stay, as `.is_some()` tests.)
                    self.used.truncate(mark);
                    Expr::constant(true)
                })
            }
            "not" => {
                arity(1)?;
                Ok(self.arg(function, argv, 0, Ty::Bool, scope)?.negate())
            }
            "booleanEquals" => {
                arity(2)?;
                let a = self.arg(function, argv, 0, Ty::Bool, scope)?;
                let b = self.arg(function, argv, 1, Ty::Bool, scope)?;
                Ok(match (&a.kind, &b.kind) {
                    (Kind::Const(a), _) => {
                        if *a {
                            b
                        } else {
                            b.negate()
                        }
                    }
                    (_, Kind::Const(b)) => {
                        if *b {
                            a
                        } else {
                            a.negate()
                        }
                    }
                    _ => Expr::new(Ty::Bool, false, Kind::Cmp(a.operand(), b.operand(), true)),
                })
            }
            "stringEquals" => {
                arity(2)?;
                let a = self.arg(function, argv, 0, Ty::Str, scope)?;
                let b = self.arg(function, argv, 1, Ty::Str, scope)?;
                Ok(match (&a.kind, &b.kind) {
                    (Kind::Lit(a), Kind::Lit(b)) => Expr::constant(a == b),
                    _ => Expr::new(Ty::Bool, false, Kind::Cmp(a.tokens(), b.tokens(), true)),
                })
            }
            "getAttr" => {
                arity(2)?;
                let target = self.expr(&argv[0], scope)?;
                let target = self.required(target, &argv[0])?;
                let path = argv[1].as_str().ok_or(
                    "endpoint rules: function `getAttr` needs a string literal as its path",
                )?;
                self.get_attr(target, path, &argv[1])
            }
            "aws.partition" => {
                arity(1)?;
                let region = self.arg(function, argv, 0, Ty::Str, scope)?.str_arg();
                self.uses_partitions = true;
                Ok(Expr::primary(
                    Ty::Partition,
                    true,
                    quote!(#rt::endpoint::partition(#region, PARTITIONS)),
                ))
            }
            "parseURL" => {
                arity(1)?;
                let url = self.arg(function, argv, 0, Ty::Str, scope)?.str_arg();
                Ok(Expr::primary(
                    Ty::Url,
                    true,
                    quote!(#rt::endpoint::parse_url(#url)),
                ))
            }
            "substring" => {
                arity(4)?;
                let input = self.arg(function, argv, 0, Ty::Str, scope)?.str_arg();
                let start = self.arg(function, argv, 1, Ty::Int, scope)?;
                let stop = self.arg(function, argv, 2, Ty::Int, scope)?;
                let reverse = self.arg(function, argv, 3, Ty::Bool, scope)?.tokens();
                let (start, stop) = (start.tokens(), stop.tokens());
                Ok(Expr::primary(
                    Ty::Str,
                    true,
                    quote!(#rt::endpoint::substring(#input, #start, #stop, #reverse)),
                ))
            }
            "isValidHostLabel" => {
                arity(2)?;
                let label = self.arg(function, argv, 0, Ty::Str, scope)?.str_arg();
                let subdomains = self.arg(function, argv, 1, Ty::Bool, scope)?.tokens();
                Ok(Expr::primary(
                    Ty::Bool,
                    false,
                    quote!(#rt::endpoint::is_valid_host_label(#label, #subdomains)),
                ))
            }
            "uriEncode" => {
                arity(1)?;
                let value = self.arg(function, argv, 0, Ty::Str, scope)?.str_arg();
                Ok(Expr::new(
                    Ty::Str,
                    false,
                    Kind::Owned(quote!(#rt::endpoint::uri_encode(#value))),
                ))
            }
            _ => Err(format!(
                "endpoint rules: function `{function}` is not supported"
            )),
        }
    }

    /// Argument `index` of `function`, unwrapped and checked to be of type `ty`.
    fn arg(
        &mut self,
        function: &str,
        argv: &[Value],
        index: usize,
        ty: Ty,
        scope: &Scope,
    ) -> Result<Expr, String> {
        let expr = self.expr(&argv[index], scope)?;
        let expr = self.required(expr, &argv[index])?;
        if expr.ty != ty {
            return Err(format!(
                "endpoint rules: function `{function}` expects a {} as argument {}, found a {} (`{}`)",
                ty.describe(),
                index + 1,
                expr.ty.describe(),
                short_json(&argv[index])
            ));
        }
        Ok(expr)
    }

    fn get_attr(
        &mut self,
        target: Expr,
        path: &str,
        source: &impl serde::Serialize,
    ) -> Result<Expr, String> {
        let mut parts = Vec::new();
        for component in path.split('.') {
            match component.find('[') {
                Some(open) => {
                    let index = component[open..]
                        .strip_prefix('[')
                        .and_then(|rest| rest.strip_suffix(']'))
                        .and_then(|index| index.parse::<usize>().ok())
                        .ok_or_else(|| format!("endpoint rules: getAttr: invalid path `{path}`"))?;
                    if open > 0 {
                        parts.push(AttrPart::Key(&component[..open]));
                    }
                    parts.push(AttrPart::Index(index));
                }
                None => parts.push(AttrPart::Key(component)),
            }
        }
        let mut current = target;
        for part in parts {
            current = self.required(current, source)?;
            let target = current.tokens();
            let field = |ty: Ty, field: &str| {
                let field = ident(field);
                Expr::primary(ty, false, quote!(#target.#field))
            };
            current = match (current.ty, part) {
                (Ty::Partition, AttrPart::Key(key)) => match key {
                    "name" => field(Ty::Str, "name"),
                    "dnsSuffix" => field(Ty::Str, "dns_suffix"),
                    "dualStackDnsSuffix" => field(Ty::Str, "dual_stack_dns_suffix"),
                    "implicitGlobalRegion" => field(Ty::Str, "implicit_global_region"),
                    "supportsFIPS" => field(Ty::Bool, "supports_fips"),
                    "supportsDualStack" => field(Ty::Bool, "supports_dual_stack"),
                    _ => {
                        return Err(format!(
                            "endpoint rules: getAttr: a partition result has no attribute `{key}`"
                        ))
                    }
                },
                (Ty::Url, AttrPart::Key(key)) => {
                    let string = |name: &str| {
                        let name = ident(name);
                        Expr::primary(Ty::Str, false, quote!(#target.#name.as_str()))
                    };
                    match key {
                        "scheme" => string("scheme"),
                        "authority" => string("authority"),
                        "path" => string("path"),
                        "normalizedPath" => string("normalized_path"),
                        "isIp" => field(Ty::Bool, "is_ip"),
                        _ => {
                            return Err(format!(
                                "endpoint rules: getAttr: a parsed URL has no attribute `{key}`"
                            ))
                        }
                    }
                }
                (Ty::StrArray, AttrPart::Index(index)) => {
                    let element = if index == 0 {
                        quote!(#target.first())
                    } else {
                        let index = Literal::usize_unsuffixed(index);
                        quote!(#target.get(#index))
                    };
                    Expr::primary(Ty::Str, true, quote!(#element.map(String::as_str)))
                }
                (ty, AttrPart::Key(key)) => {
                    return Err(format!(
                        "endpoint rules: getAttr: attribute `{key}` of a {} is not supported",
                        ty.describe()
                    ))
                }
                (ty, AttrPart::Index(_)) => {
                    return Err(format!(
                        "endpoint rules: getAttr: indexing a {} is not supported",
                        ty.describe()
                    ))
                }
            };
        }
        Ok(current)
    }
}

enum AttrPart<'a> {
    Key(&'a str),
    Index(usize),
}

fn expect_type(expr: &Expr, ty: Ty, what: &str) -> Result<(), String> {
    if expr.ty == ty {
        Ok(())
    } else {
        Err(format!(
            "endpoint rules: {what} must be a {}, found a {}",
            ty.describe(),
            expr.ty.describe()
        ))
    }
}

fn unset_error(what: &str, source: &impl serde::Serialize) -> String {
    format!(
        "endpoint rules: the {what} `{}` may be unset here; prove it set with `isSet` or bind it with `assign` in a condition first",
        short_json(source)
    )
}

fn short_json(value: &impl serde::Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    if json.chars().count() > 120 {
        let truncated: String = json.chars().take(117).collect();
        format!("{truncated}...")
    } else {
        json
    }
}

/// Every `assign` target in `rules`, recursively.
fn collect_assigns(rules: &[Value], out: &mut BTreeSet<String>) {
    for rule in rules {
        if let Some(conditions) = rule.get("conditions").and_then(Value::as_array) {
            for condition in conditions {
                if let Some(name) = condition.get("assign").and_then(Value::as_str) {
                    out.insert(name.to_owned());
                }
            }
        }
        if let Some(rules) = rule.get("rules").and_then(Value::as_array) {
            collect_assigns(rules, out);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------

#[derive(Debug, PartialEq, Eq)]
enum TemplatePart {
    Literal(String),
    /// The text between `{` and `}`: `Name` or `Name#path`.
    Dynamic(String),
}

/// Splits a template string into literal text (with `{{`/`}}` unescaped) and `{…}` references,
/// like the reference implementation.
fn parse_template(template: &str) -> Result<Vec<TemplatePart>, String> {
    let unescape = |text: &str| text.replace("{{", "{").replace("}}", "}");
    let bytes = template.as_bytes();
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut end = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"{{") || bytes[i..].starts_with(b"}}") {
            i += 2;
            continue;
        }
        match bytes[i] {
            b'{' => {
                if depth == 0 {
                    if end != i {
                        parts.push(TemplatePart::Literal(unescape(&template[end..i])));
                    }
                    start = i + 1;
                }
                depth += 1;
            }
            b'}' => {
                if depth == 0 {
                    return Err(format!(
                        "endpoint rules: unmatched `}}` in the template `{template}`"
                    ));
                }
                depth -= 1;
                if depth == 0 {
                    let raw = &template[start..i];
                    if raw.is_empty() {
                        return Err(format!(
                            "endpoint rules: empty `{{}}` in the template `{template}`"
                        ));
                    }
                    parts.push(TemplatePart::Dynamic(raw.to_owned()));
                }
                end = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if depth != 0 {
        return Err(format!(
            "endpoint rules: unmatched `{{` in the template `{template}`"
        ));
    }
    if end < template.len() {
        parts.push(TemplatePart::Literal(unescape(&template[end..])));
    }
    Ok(parts)
}

// ---------------------------------------------------------------------------------------------
// Partitions
// ---------------------------------------------------------------------------------------------

fn emit_partitions(partitions: &Value, rt: &TokenStream) -> Result<TokenStream, String> {
    let list = partitions
        .get("partitions")
        .and_then(Value::as_array)
        .ok_or("partitions: the JSON has no `partitions` array")?;
    let mut items = Vec::new();
    for partition in list {
        let id = partition
            .get("id")
            .and_then(Value::as_str)
            .ok_or("partitions: a partition has no string `id`")?;
        let err = |message: &str| format!("partitions: partition `{id}`: {message}");
        let region_regex = partition
            .get("regionRegex")
            .and_then(Value::as_str)
            .ok_or_else(|| err("has no string `regionRegex`"))?;
        let regions: Vec<&str> = match partition.get("regions") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(regions)) => regions
                .iter()
                .map(|region| {
                    region
                        .as_str()
                        .ok_or_else(|| err("`regions` holds a non-string"))
                })
                .collect::<Result<_, _>>()?,
            Some(Value::Object(regions)) => regions.keys().map(String::as_str).collect(),
            Some(_) => return Err(err("`regions` is neither an array nor an object")),
        };
        let outputs = partition
            .get("outputs")
            .and_then(Value::as_object)
            .ok_or_else(|| err("has no `outputs` object"))?;
        let string = |key: &str| {
            outputs
                .get(key)
                .and_then(Value::as_str)
                .ok_or_else(|| err(&format!("`outputs.{key}` is missing or not a string")))
        };
        let boolean = |key: &str| {
            outputs
                .get(key)
                .and_then(Value::as_bool)
                .ok_or_else(|| err(&format!("`outputs.{key}` is missing or not a boolean")))
        };
        let name = match outputs.get("name") {
            None => id,
            Some(_) => string("name")?,
        };
        let dns_suffix = string("dnsSuffix")?;
        let dual_stack_dns_suffix = string("dualStackDnsSuffix")?;
        let implicit_global_region = string("implicitGlobalRegion")?;
        let supports_fips = boolean("supportsFIPS")?;
        let supports_dual_stack = boolean("supportsDualStack")?;
        items.push(quote! {
            #rt::endpoint::PartitionData {
                id: #id,
                region_regex: #region_regex,
                regions: &[#(#regions),*],
                outputs: #rt::endpoint::PartitionOutputs {
                    name: #name,
                    dns_suffix: #dns_suffix,
                    dual_stack_dns_suffix: #dual_stack_dns_suffix,
                    implicit_global_region: #implicit_global_region,
                    supports_fips: #supports_fips,
                    supports_dual_stack: #supports_dual_stack,
                },
            }
        });
    }
    Ok(quote! {
        /// The AWS partitions that `aws.partition` chooses from, in order.
        static PARTITIONS: &[#rt::endpoint::PartitionData] = &[#(#items),*];
    })
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/// `UseFIPS` → `use_fips`, `UseS3ExpressControlEndpoint` → `use_s3_express_control_endpoint`;
/// Rust keywords get a trailing `_`.
fn rust_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 && !out.is_empty() && !out.ends_with('_') {
            let previous = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            // A word starts after a lower-case letter or a digit (`useFips`, `S3Express`), and
            // at the last capital of an acronym followed by a word (`MRAPBucket`).
            if previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    let out = out.trim_matches('_').to_owned();
    let out = if out.is_empty() {
        "param".to_owned()
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{out}")
    } else {
        out
    };
    if is_keyword(&out) {
        format!("{out}_")
    } else {
        out
    }
}

fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "as" | "break"
            | "const"
            | "continue"
            | "crate"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn single_ident(tokens: &TokenStream) -> bool {
    let mut iter = tokens.clone().into_iter();
    matches!(
        (iter.next(), iter.next()),
        (Some(TokenTree::Ident(_)), None)
    )
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rt() -> TokenStream {
        quote!(::restjson_runtime)
    }

    fn partitions() -> Value {
        json!({"partitions": [{
            "id": "aws",
            "regionRegex": "^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$",
            "regions": ["us-east-1", "eu-west-1"],
            "outputs": {
                "name": "aws", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
                "supportsFIPS": true, "supportsDualStack": true, "implicitGlobalRegion": "us-east-1"
            }
        }]})
    }

    fn emit(rule_set: &Value) -> Result<String, String> {
        let tokens = emit_endpoint_module(rule_set, Some(&partitions()), &rt())?;
        let file: syn::File = syn::parse2(tokens).map_err(|e| format!("does not parse: {e}"))?;
        Ok(prettyplease::unparse(&file))
    }

    fn region_rules(rules: Value) -> Value {
        json!({
            "version": "1.0",
            "parameters": {
                "Region": {"builtIn": "AWS::Region", "required": false, "documentation": "The region.", "type": "String"},
                "UseFIPS": {"builtIn": "AWS::UseFIPS", "required": true, "default": false, "documentation": "FIPS.", "type": "Boolean"},
                "Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "documentation": "Override.", "type": "String"}
            },
            "rules": rules
        })
    }

    fn condition_rule(condition: Value) -> Value {
        region_rules(json!([
            {"conditions": [condition], "endpoint": {"url": "https://x.example.com"}, "type": "endpoint"},
            {"conditions": [], "error": "no", "type": "error"}
        ]))
    }

    /// A rule set using every supported feature.
    fn everything() -> Value {
        json!({
            "version": "1.0",
            "parameters": {
                "Region": {"builtIn": "AWS::Region", "required": false, "documentation": "The region.\nSecond line.", "type": "String"},
                "UseFIPS": {"builtIn": "AWS::UseFIPS", "required": true, "default": false, "documentation": "FIPS.", "type": "Boolean"},
                "UseDualStack": {"builtIn": "AWS::UseDualStack", "required": true, "default": false, "documentation": "Dual.", "type": "Boolean"},
                "Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "documentation": "Override.", "type": "String"},
                "Stage": {"required": true, "default": "prod", "documentation": "A stage.", "type": "String"},
                "Account": {"required": true, "documentation": "Required, no default.", "type": "String"},
                "Legacy": {"required": false, "documentation": "Optional bool.", "type": "Boolean",
                           "deprecated": {"message": "Do not use.", "since": "2024-01-01"}},
                "Names": {"required": false, "documentation": "Array.", "type": "stringArray"},
                "Tags": {"required": true, "default": ["a", "b"], "documentation": "Array with a default.", "type": "stringArray"}
            },
            "rules": [
                {"conditions": [
                    {"fn": "not", "argv": [{"fn": "isSet", "argv": [{"ref": "Region"}]}]},
                    {"fn": "isSet", "argv": [{"fn": "parseURL", "argv": ["https://{Stage}.example.com"]}]},
                    {"fn": "stringEquals", "argv": [{"ref": "Stage"}, "{Account}-x"]},
                    {"fn": "isValidHostLabel", "argv": [{"ref": "Stage"}, false], "assign": "valid"},
                    {"fn": "booleanEquals", "argv": [{"ref": "valid"}, {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, {"ref": "UseDualStack"}]}]},
                    {"fn": "getAttr", "argv": [{"ref": "Tags"}, "[1]"], "assign": "second"}
                 ],
                 "endpoint": {"url": "https://{second}.example.com", "headers": {"x-account": [{"ref": "Account"}, "{Stage}-{second}"]}},
                 "type": "endpoint"},
                {"conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                    {"fn": "parseURL", "argv": [{"ref": "Endpoint"}], "assign": "url"}
                 ],
                 "rules": [
                    {"conditions": [{"fn": "booleanEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "url"}, "isIp"]}, true]}],
                     "endpoint": {"url": "{url#scheme}://{url#authority}{url#normalizedPath}{Account}",
                                  "headers": {"x-stage": ["{Stage}", "static"]},
                                  "properties": {"authSchemes": [{"name": "sigv4", "signingName": "svc", "signingRegion": "{Stage}", "disableDoubleEncoding": true}],
                                                 "n": 3, "neg": -2, "f": 1.5, "nothing": null, "empty": {}, "list": []}},
                     "type": "endpoint"},
                    {"conditions": [], "endpoint": {"url": {"ref": "Endpoint"}}, "type": "endpoint"}
                 ],
                 "type": "tree"},
                {"conditions": [{"fn": "isSet", "argv": [{"ref": "Legacy"}]}, {"fn": "booleanEquals", "argv": [{"ref": "Legacy"}, false]}],
                 "error": "legacy off for {Account}", "type": "error"},
                {"conditions": [
                    {"fn": "stringEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "Names"}, "[0]"]}, "first"]},
                    {"fn": "substring", "argv": [{"ref": "Account"}, 0, 4, false], "assign": "prefix"},
                    {"fn": "uriEncode", "argv": ["{prefix}/x"], "assign": "encoded"},
                    {"fn": "not", "argv": [{"fn": "isValidHostLabel", "argv": [{"ref": "encoded"}, true]}]}
                 ],
                 "endpoint": {"url": "https://{encoded}.example.com/{{literal}}"}, "type": "endpoint"},
                {"conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Region"}]},
                    {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"}
                 ],
                 "rules": [
                    {"conditions": [
                        {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]},
                        {"fn": "booleanEquals", "argv": [{"ref": "UseDualStack"}, {"fn": "getAttr", "argv": [{"ref": "PartitionResult"}, "supportsDualStack"]}]},
                        {"fn": "not", "argv": [{"fn": "stringEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "PartitionResult"}, "name"]}, "aws-cn"]}]}
                     ],
                     "endpoint": {"url": "https://svc-fips.{Region}.{PartitionResult#dnsSuffix}"}, "type": "endpoint"},
                    {"conditions": [], "endpoint": {"url": "https://svc.{Region}.{PartitionResult#dnsSuffix}"}, "type": "endpoint"}
                 ],
                 "type": "tree"},
                {"conditions": [], "error": "Invalid Configuration: Missing Region", "type": "error"}
            ]
        })
    }

    /// `code` without whitespace and trailing commas, so that checks do not depend on
    /// prettyplease's line breaks.
    fn squash(code: &str) -> String {
        let squashed: String = code.split_whitespace().collect();
        squashed
            .replace(",)", ")")
            .replace(",]", "]")
            .replace(",}", "}")
    }

    #[test]
    fn everything_compiles_and_parses() {
        let code = emit(&everything()).unwrap();
        let squashed = squash(&code);
        for expected in [
            "pub struct Params",
            "pub region: Option<String>",
            "pub use_fips: bool",
            "pub names: Option<Vec<String>>",
            "pub fn from_builtins(builtins: &::restjson_runtime::endpoint::BuiltIns) -> Self",
            "..Self::default()",
            "stage: \"prod\".to_owned()",
            "pub fn resolve(",
            "let Some(account) = params.account.as_deref() else",
            "::restjson_runtime::endpoint::parse_url(endpoint)",
            "::restjson_runtime::endpoint::partition(region, PARTITIONS)",
            "::restjson_runtime::endpoint::substring(account, 0, 4, false)",
            "::restjson_runtime::endpoint::uri_encode(&::std::format!(\"{prefix}/x\"))",
            "strings_1.first().map(String::as_str)",
            "!::restjson_runtime::endpoint::is_valid_host_label(encoded.as_str(), true)",
            "\"https://{}.example.com/{{literal}}\"",
            "::restjson_runtime::endpoint::non_empty_url(endpoint.to_owned())?",
            "static PARTITIONS: &[::restjson_runtime::endpoint::PartitionData]",
            "\"authSchemes\"",
            "Deprecated since 2024-01-01: Do not use.",
            "/// Second line.",
        ] {
            assert!(
                squashed.contains(&squash(expected)),
                "missing {expected:?} in:\n{code}"
            );
        }
        // `booleanEquals(x, true)` is `x`, never `x == true` (clippy::bool_comparison).
        assert!(
            !code.contains("== true") && !code.contains("== false"),
            "{code}"
        );
        assert!(
            squashed.contains(&squash(
                "if params.use_fips && params.use_dual_stack == partition_result.supports_dual_stack \
                 && partition_result.name != \"aws-cn\""
            )),
            "{code}"
        );
    }

    #[test]
    fn output_is_deterministic() {
        let first = emit(&everything()).unwrap();
        for _ in 0..3 {
            assert_eq!(first, emit(&everything()).unwrap());
        }
    }

    #[test]
    fn unsupported_functions_are_named() {
        for function in [
            "aws.parseArn",
            "aws.isVirtualHostableS3Bucket",
            "coalesce",
            "split",
            "ite",
        ] {
            let rule_set = condition_rule(json!({"fn": function, "argv": [{"ref": "Region"}]}));
            assert_eq!(
                emit(&rule_set).unwrap_err(),
                format!("endpoint rules: function `{function}` is not supported")
            );
        }
        // Also when nested.
        let rule_set =
            condition_rule(json!({"fn": "not", "argv": [{"fn": "aws.parseArn", "argv": ["x"]}]}));
        assert_eq!(
            emit(&rule_set).unwrap_err(),
            "endpoint rules: function `aws.parseArn` is not supported"
        );
    }

    #[test]
    fn unsupported_builtins_and_types_are_named() {
        let rule_set = json!({"parameters": {
            "Bucket": {"builtIn": "AWS::S3::Accelerate", "required": false, "documentation": "", "type": "Boolean"}
        }, "rules": []});
        assert_eq!(
            emit(&rule_set).unwrap_err(),
            "endpoint parameter `Bucket`: built-in `AWS::S3::Accelerate` is not supported"
        );
        let rule_set = json!({"parameters": {"Count": {"required": false, "documentation": "", "type": "integer"}}, "rules": []});
        assert_eq!(
            emit(&rule_set).unwrap_err(),
            "endpoint parameter `Count`: type `integer` is not supported"
        );
        let rule_set = json!({"parameters": {"Region": {"builtIn": "AWS::Region", "documentation": "", "type": "Boolean"}}, "rules": []});
        assert_eq!(
            emit(&rule_set).unwrap_err(),
            "endpoint parameter `Region`: built-in `AWS::Region` does not match the parameter's type"
        );
    }

    #[test]
    fn partition_needs_partitions_json() {
        let rule_set =
            condition_rule(json!({"fn": "aws.partition", "argv": ["us-east-1"], "assign": "P"}));
        let error = emit_endpoint_module(&rule_set, None, &rt()).unwrap_err();
        assert!(
            error.contains("`aws.partition` needs the partitions data"),
            "{error}"
        );
        // Not needed (and not emitted) when unused.
        let rule_set = condition_rule(json!({"fn": "isSet", "argv": [{"ref": "Region"}]}));
        let code = emit_endpoint_module(&rule_set, None, &rt())
            .unwrap()
            .to_string();
        assert!(!code.contains("PARTITIONS"));
    }

    #[test]
    fn unset_values_are_refused_outside_conditions() {
        let rule_set = region_rules(
            json!([{"conditions": [], "endpoint": {"url": "https://{Region}.example.com"}, "type": "endpoint"}]),
        );
        let error = emit(&rule_set).unwrap_err();
        assert!(error.contains("`\"Region\"` may be unset"), "{error}");
        let rule_set = region_rules(
            json!([{"conditions": [], "error": {"ref": "Endpoint"}, "type": "error"}]),
        );
        let error = emit(&rule_set).unwrap_err();
        assert!(
            error.contains("error message `{\"ref\":\"Endpoint\"}` may be unset"),
            "{error}"
        );
    }

    #[test]
    fn bad_references_and_types_are_errors() {
        let error = emit(&condition_rule(
            json!({"fn": "isSet", "argv": [{"ref": "Nope"}]}),
        ))
        .unwrap_err();
        assert_eq!(
            error,
            "endpoint rules: reference to unknown parameter or variable `Nope`"
        );
        let error = emit(&condition_rule(
            json!({"fn": "stringEquals", "argv": [{"ref": "UseFIPS"}, "x"]}),
        ))
        .unwrap_err();
        assert!(error.starts_with("endpoint rules: function `stringEquals` expects a string as argument 1, found a boolean"), "{error}");
        let error = emit(&condition_rule(json!({"fn": "not", "argv": [true, false]}))).unwrap_err();
        assert_eq!(
            error,
            "endpoint rules: function `not` takes 1 argument(s), found 2"
        );
        let error = emit(&condition_rule(
            json!({"fn": "getAttr", "argv": [{"fn": "parseURL", "argv": ["https://x"]}, "host"]}),
        ))
        .unwrap_err();
        assert_eq!(
            error,
            "endpoint rules: getAttr: a parsed URL has no attribute `host`"
        );
        let error = emit(&region_rules(
            json!([{"conditions": [], "endpoint": {"url": "https://{Region"}, "type": "endpoint"}]),
        ))
        .unwrap_err();
        assert_eq!(
            error,
            "endpoint rules: unmatched `{` in the template `https://{Region`"
        );
        let error = emit(&region_rules(
            json!([{"conditions": [], "rules": [], "type": "branch"}]),
        ))
        .unwrap_err();
        assert_eq!(error, "endpoint rules: rule type `branch` is not supported");
    }

    #[test]
    fn templates() {
        assert_eq!(
            parse_template("a{{b}}c{X}d{Y#z}").unwrap(),
            vec![
                TemplatePart::Literal("a{b}c".into()),
                TemplatePart::Dynamic("X".into()),
                TemplatePart::Literal("d".into()),
                TemplatePart::Dynamic("Y#z".into()),
            ]
        );
        assert_eq!(parse_template("").unwrap(), vec![]);
        assert_eq!(
            parse_template("{{}}").unwrap(),
            vec![TemplatePart::Literal("{}".into())]
        );
        assert!(parse_template("a}b").is_err());
        assert!(parse_template("{}").is_err());
        assert!(parse_template("ünï{X}cödé").is_ok());
    }

    #[test]
    fn names() {
        assert_eq!(rust_name("UseFIPS"), "use_fips");
        assert_eq!(rust_name("UseDualStack"), "use_dual_stack");
        assert_eq!(
            rust_name("UseS3ExpressControlEndpoint"),
            "use_s3_express_control_endpoint"
        );
        assert_eq!(rust_name("DisableMRAP"), "disable_mrap");
        assert_eq!(rust_name("PartitionResult"), "partition_result");
        assert_eq!(rust_name("bucketArn"), "bucket_arn");
        assert_eq!(rust_name("Type"), "type_");
        assert_eq!(rust_name("a-b.c"), "a_b_c");
        assert_eq!(rust_name("3D"), "n3_d");
    }

    #[test]
    fn unconditional_rules_end_resolution_and_drop_what_follows() {
        let rule_set = region_rules(json!([
            {"conditions": [], "endpoint": {"url": "https://first.example.com"}, "type": "endpoint"},
            {"conditions": [], "endpoint": {"url": "https://unreachable.example.com"}, "type": "endpoint"}
        ]));
        let code = emit(&rule_set).unwrap();
        assert!(!code.contains("unreachable.example.com"), "{code}");
        assert!(
            !code.contains("return"),
            "the only rule is the tail expression:\n{code}"
        );
        assert!(code.contains("let _ = params;"), "{code}");
    }

    #[test]
    fn conditions_that_never_hold_drop_the_rule() {
        let rule_set = condition_rule(json!({"fn": "booleanEquals", "argv": [true, false]}));
        let code = emit(&rule_set).unwrap();
        assert!(!code.contains("x.example.com"), "{code}");
        let rule_set = condition_rule(json!({"fn": "stringEquals", "argv": ["a", "a"]}));
        let code = emit(&rule_set).unwrap();
        assert!(
            code.contains("x.example.com") && !code.contains("\"no\""),
            "{code}"
        );
    }

    #[test]
    fn tree_rules_are_terminal() {
        let rule_set = region_rules(json!([
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}], "rules": [
                {"conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "x"]}], "error": "x", "type": "error"}
            ], "type": "tree"},
            {"conditions": [], "error": "fallback", "type": "error"}
        ]));
        let code = emit(&rule_set).unwrap();
        assert!(
            code.contains("a matching endpoint tree rule has no sub-rule"),
            "{code}"
        );
    }

    #[test]
    fn unused_bindings_become_is_some_checks() {
        let rule_set = region_rules(json!([
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}, {"fn": "parseURL", "argv": ["https://x"], "assign": "unused"}],
             "error": "set", "type": "error"},
            {"conditions": [], "error": "unset", "type": "error"}
        ]));
        let code = emit(&rule_set).unwrap();
        let squashed = squash(&code);
        assert!(
            squashed.contains("params.region.as_deref().is_some()"),
            "{code}"
        );
        assert!(
            squashed.contains("::restjson_runtime::endpoint::parse_url(\"https://x\").is_some()"),
            "{code}"
        );
        assert!(
            !code.contains("Some(region)") && !code.contains("Some(unused)"),
            "{code}"
        );
    }

    #[test]
    fn bindings_only_referenced_by_dropped_code_are_not_bound() {
        let rule_set = region_rules(json!([
            {"conditions": [
                {"fn": "isSet", "argv": [{"ref": "Region"}]},
                {"fn": "uriEncode", "argv": [{"ref": "Region"}], "assign": "encoded"},
                {"fn": "isSet", "argv": [{"ref": "Region"}]},
                {"fn": "not", "argv": [{"fn": "isSet", "argv": [{"ref": "Region"}]}]}
             ],
             "error": "never", "type": "error"},
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}], "rules": [
                {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}], "error": "set", "type": "error"}
             ], "type": "tree"},
            {"conditions": [], "error": "unset", "type": "error"}
        ]));
        let code = emit(&rule_set).unwrap();
        // `not(isSet(Region))` after `isSet(Region)` can never hold: the first rule is dropped.
        assert!(
            !code.contains("never") && !code.contains("uri_encode"),
            "{code}"
        );
        let squashed = squash(&code);
        assert!(
            squashed.contains("ifparams.endpoint.as_deref().is_some(){"),
            "{code}"
        );
        assert!(!code.contains("Some(endpoint)"), "{code}");
    }

    #[test]
    fn unused_assignments_do_not_keep_their_inputs_bound() {
        let rule_set = region_rules(json!([
            {"conditions": [
                {"fn": "isSet", "argv": [{"ref": "Region"}]},
                {"fn": "uriEncode", "argv": [{"ref": "Region"}], "assign": "encoded"}
             ],
             "error": "region is set", "type": "error"},
            {"conditions": [], "error": "unset", "type": "error"}
        ]));
        let code = emit(&rule_set).unwrap();
        assert!(
            !code.contains("uri_encode") && !code.contains("Some(region)"),
            "{code}"
        );
        assert!(
            squash(&code).contains("ifparams.region.as_deref().is_some(){"),
            "{code}"
        );
    }

    #[test]
    fn trivial_defaults_derive_default() {
        let code = emit(&region_rules(
            json!([{"conditions": [], "error": "e", "type": "error"}]),
        ))
        .unwrap();
        assert!(
            code.contains("#[derive(Clone, Debug, Default, PartialEq, Eq)]"),
            "{code}"
        );
        assert!(!code.contains("impl Default for Params"), "{code}");
        let code = emit(&everything()).unwrap();
        assert!(code.contains("impl Default for Params"), "{code}");
    }

    #[test]
    fn partitions_accept_region_lists_and_maps() {
        let as_map = json!({"partitions": [{
            "id": "aws", "regionRegex": "^x$", "regions": {"us-east-1": {"description": "N. Virginia"}},
            "outputs": {"dnsSuffix": "a", "dualStackDnsSuffix": "b", "supportsFIPS": true,
                        "supportsDualStack": false, "implicitGlobalRegion": "us-east-1"}
        }]});
        let code = emit_partitions(&as_map, &rt()).unwrap().to_string();
        assert!(code.contains("regions : & [\"us-east-1\"]"), "{code}");
        assert!(code.contains("name : \"aws\""), "{code}");
        let missing = json!({"partitions": [{"id": "p", "regionRegex": "", "outputs": {}}]});
        assert_eq!(
            emit_partitions(&missing, &rt()).unwrap_err(),
            "partitions: partition `p`: `outputs.dnsSuffix` is missing or not a string"
        );
    }
}
