//! Every Smithy name → Rust name decision, in one place.

/// Rust keywords (strict and reserved) that need a raw identifier as a field or module name.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Splits a Smithy name into lowercase words: `workflowRunARN` → `workflow`, `run`, `arn`;
/// `S3BucketName` → `s3`, `bucket`, `name`; `PENDING_CLIENT_ACTION` → `pending`, `client`,
/// `action`.
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_uppercase() && !current.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            // A new word starts at lower→Upper, and at the last capital of an acronym that is
            // followed by a lowercase letter (`ARNName` → `arn`, `name`).
            let after_lower = prev.is_lowercase();
            let acronym_end = (prev.is_uppercase() || prev.is_ascii_digit()) && next_lower;
            if after_lower || acronym_end {
                words.push(std::mem::take(&mut current));
            }
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `workflowRunId` → `workflow_run_id`.
pub fn snake(name: &str) -> String {
    words(name).join("_")
}

/// `workflow_run` / `workflowRun` / `WORKFLOW_RUN` → `WorkflowRun`.
pub fn pascal(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// A snake-case name made safe as a Rust field, function or module name: keywords become raw
/// identifiers (`type` → `r#type`), except those that cannot be raw (`self` → `self_`), and a
/// leading digit gets an underscore.
pub fn field_ident(name: &str) -> String {
    escape(&snake(name))
}

/// A name made safe as a Rust identifier.
pub fn escape(name: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// The type name for a shape: PascalCase, with names that would shadow the prelude or
/// the standard library types that generated code uses renamed with a suffix.
pub fn type_ident(shape_name: &str) -> String {
    let name = pascal(shape_name);
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    };
    match name.as_str() {
        "Option" | "Result" | "String" | "Vec" | "Box" | "Some" | "None" | "Ok" | "Err"
        | "Self" | "Default" | "Debug" | "Clone" | "Send" | "Sync" | "HashMap" | "Document"
        | "DateTime" | "Blob" | "Unhandled" | "Client" | "Config"
        // The modules `types::error` and `types::builders` already exist.
        | "Error" | "Builders" => format!("{name}Value"),
        _ => name,
    }
}

/// The variant name for an enum or union member: PascalCase, with names that cannot be
/// variants (`Self`) or that clash with the `Unknown` variant every generated enum has
/// renamed with a `Value` suffix, and a leading digit prefixed with an underscore.
pub fn variant_ident(member_name: &str) -> String {
    let name = pascal(member_name);
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{name}");
    }
    match name.as_str() {
        "Self" | "Unknown" => format!("{name}Value"),
        "" => "Empty".to_owned(),
        _ => name,
    }
}

/// A Rust identifier with a raw prefix removed, for use inside other names
/// (`r#type` → `type`).
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The JSON name serde's `#[serde(rename_all = "camelCase")]` gives a field: the same rule as
/// serde_derive (`workflow_run_id` → `workflowRunId`, `r#type` → `type`, `self_` → `self`), so
/// that the generator can tell which members still need a `rename`.
pub fn serde_camel(field: &str) -> String {
    let mut pascal = String::new();
    let mut capitalize = true;
    for ch in unraw(field).chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(ch);
        }
    }
    match pascal.get(..1) {
        Some(first) => first.to_ascii_lowercase() + &pascal[1..],
        None => pascal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words() {
        assert_eq!(snake("workflowRunId"), "workflow_run_id");
        assert_eq!(snake("WorkflowRunARN"), "workflow_run_arn");
        assert_eq!(snake("ARNName"), "arn_name");
        assert_eq!(snake("s3BucketName"), "s3_bucket_name");
        assert_eq!(snake("S3KeyPrefix"), "s3_key_prefix");
        assert_eq!(snake("PENDING_CLIENT_ACTION"), "pending_client_action");
        assert_eq!(snake("Retry-After"), "retry_after");
        assert_eq!(snake("ec2InstanceId"), "ec2_instance_id");
        assert_eq!(snake("Base64Value"), "base64_value");
    }

    #[test]
    fn pascal_case() {
        assert_eq!(pascal("PENDING_CLIENT_ACTION"), "PendingClientAction");
        assert_eq!(pascal("workflow_run"), "WorkflowRun");
        assert_eq!(pascal("InvalidModelGeneration"), "InvalidModelGeneration");
        assert_eq!(pascal("ACTIVE"), "Active");
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("match"), "r#match");
        assert_eq!(field_ident("name"), "name");
        assert_eq!(escape("3d"), "_3d");
        assert_eq!(unraw("r#type"), "type");
    }

    #[test]
    fn serde_camel_case_matches_serde() {
        assert_eq!(serde_camel("workflow_run_id"), "workflowRunId");
        assert_eq!(serde_camel("r#type"), "type");
        assert_eq!(serde_camel("self_"), "self");
        assert_eq!(serde_camel("s3_bucket"), "s3Bucket");
        assert_eq!(serde_camel("_3d_model"), "3dModel");
        assert_eq!(serde_camel("message"), "message");
    }

    #[test]
    fn type_names_avoid_prelude_clashes() {
        assert_eq!(type_ident("String"), "StringValue");
        assert_eq!(type_ident("Result"), "ResultValue");
        assert_eq!(type_ident("Error"), "ErrorValue");
        assert_eq!(type_ident("builders"), "BuildersValue");
        assert_eq!(type_ident("ToolSpec"), "ToolSpec");
    }

    #[test]
    fn variant_names_avoid_keywords_and_unknown() {
        assert_eq!(variant_ident("SELF"), "SelfValue");
        assert_eq!(variant_ident("self"), "SelfValue");
        assert_eq!(variant_ident("UNKNOWN"), "UnknownValue");
        assert_eq!(variant_ident("type"), "Type");
        assert_eq!(variant_ident("IN_PROGRESS"), "InProgress");
        assert_eq!(variant_ident("v2_beta"), "V2Beta");
    }
}
