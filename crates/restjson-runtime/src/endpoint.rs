//! Run-time support for compiled endpoint rule sets.
//!
//! The code generator compiles a service's `smithy.rules#endpointRuleSet` trait into plain Rust
//! control flow (a `resolve` function per service). That code calls the functions of this module
//! for everything that does not depend on the service: the built-in values the parameters are
//! bound to ([`BuiltIns`]), the AWS partition lookup ([`partition`]) and the standard library of
//! the rules engine ([`parse_url`], [`substring`], [`is_valid_host_label`], [`uri_encode`]).
//!
//! Every function here accepts any input without panicking: invalid input yields `None`/`false`,
//! exactly like the rules engine's "empty" value, so a rule set can fall through to its next rule.

use aws_smithy_runtime_api::client::endpoint::error::ResolveEndpointError;
use std::borrow::Cow;
use std::collections::HashMap;
use std::net::Ipv6Addr;
use std::sync::{Mutex, OnceLock};

/// The values that endpoint parameters marked with a `builtIn` are bound to.
///
/// `AWS::Region` → [`region`](Self::region), `AWS::UseFIPS` → [`use_fips`](Self::use_fips),
/// `AWS::UseDualStack` → [`use_dual_stack`](Self::use_dual_stack) and `SDK::Endpoint` →
/// [`endpoint`](Self::endpoint).
#[derive(Clone, Debug, Default)]
pub struct BuiltIns {
    /// The configured region (`AWS::Region`).
    pub region: Option<String>,
    /// Whether FIPS endpoints were requested (`AWS::UseFIPS`).
    pub use_fips: bool,
    /// Whether dual-stack endpoints were requested (`AWS::UseDualStack`).
    pub use_dual_stack: bool,
    /// An endpoint URL that overrides the resolved one (`SDK::Endpoint`).
    pub endpoint: Option<String>,
}

/// What the `aws.partition` function returns: the facts about one AWS partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartitionOutputs {
    /// The partition's name, e.g. `aws` or `aws-cn`.
    pub name: &'static str,
    /// The DNS suffix of the partition's regular endpoints, e.g. `amazonaws.com`.
    pub dns_suffix: &'static str,
    /// The DNS suffix of the partition's dual-stack endpoints, e.g. `api.aws`.
    pub dual_stack_dns_suffix: &'static str,
    /// The region that global endpoints of the partition are signed for.
    pub implicit_global_region: &'static str,
    /// Whether the partition has FIPS endpoints.
    pub supports_fips: bool,
    /// Whether the partition has dual-stack endpoints.
    pub supports_dual_stack: bool,
}

/// One partition of the partitions table that generated code embeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartitionData {
    /// The partition's identifier, e.g. `aws`.
    pub id: &'static str,
    /// A regular expression that the names of the partition's regions match.
    pub region_regex: &'static str,
    /// The regions known to belong to the partition.
    pub regions: &'static [&'static str],
    /// What `aws.partition` returns for a region of this partition.
    pub outputs: PartitionOutputs,
}

/// The `aws.partition` function: the partition that `region` belongs to.
///
/// A region listed explicitly by a partition wins; otherwise the first partition (in table order)
/// whose `region_regex` matches the whole region name; otherwise the partition whose id is `aws`,
/// as the rules engine specifies. `None` only when the table has no `aws` partition.
pub fn partition(
    region: &str,
    partitions: &'static [PartitionData],
) -> Option<&'static PartitionOutputs> {
    partitions
        .iter()
        .find(|p| p.regions.contains(&region))
        .or_else(|| {
            partitions
                .iter()
                .find(|p| regex_matches(p.region_regex, region))
        })
        .or_else(|| partitions.iter().find(|p| p.id == "aws"))
        .map(|p| &p.outputs)
}

/// Whether `pattern` matches the whole of `input`. Compiled patterns are cached for the life of
/// the process; a pattern that does not compile matches nothing.
fn regex_matches(pattern: &'static str, input: &str) -> bool {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<regex_lite::Regex>>>> =
        OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    // A poisoned lock only means another thread panicked while holding it; the map is still valid.
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let regex = cache
        .entry(pattern)
        // Anchor the pattern so that it must match the whole input, like Java's `Matcher::matches`.
        .or_insert_with(|| regex_lite::Regex::new(&format!("^(?:{pattern})$")).ok());
    regex.as_ref().is_some_and(|regex| regex.is_match(input))
}

/// What the `parseURL` function returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// `http` or `https`, without `://`.
    pub scheme: String,
    /// The host and the port, if the URL has one (exactly as written).
    pub authority: String,
    /// The path exactly as written; empty when the URL has none.
    pub path: String,
    /// The path, starting and ending with `/`.
    pub normalized_path: String,
    /// Whether the host is an IPv4 or (bracketed) IPv6 address.
    pub is_ip: bool,
}

/// The `parseURL` function.
///
/// Accepts absolute `http`/`https` URLs. Returns `None` for anything else, and also (as the
/// specification requires) for URLs with a query string; URLs with user information, whitespace
/// or control characters, an empty host, an invalid port or an invalid IPv6 literal are rejected
/// too. A fragment is ignored.
pub fn parse_url(url: &str) -> Option<Url> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest
        .split_once('#')
        .map_or(rest, |(before, _fragment)| before);
    if rest.contains('?') {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    let is_ip = parse_authority(authority)?;
    let normalized_path = if path.is_empty() {
        "/".to_owned()
    } else {
        let mut normalized = String::with_capacity(path.len() + 2);
        if !path.starts_with('/') {
            normalized.push('/');
        }
        normalized.push_str(path);
        if !path.ends_with('/') {
            normalized.push('/');
        }
        normalized
    };
    Some(Url {
        scheme,
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// Validates `host[:port]`; returns whether the host is an IP address.
fn parse_authority(authority: &str) -> Option<bool> {
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (inner, after) = bracketed.split_once(']')?;
        inner.parse::<Ipv6Addr>().ok()?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (&authority[..inner.len() + 2], port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if let Some(port) = port {
        if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        port.parse::<u16>().ok()?;
    }
    if host.starts_with('[') {
        return Some(true);
    }
    let reg_name_char = |b: u8| b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=".contains(&b);
    if host.is_empty() || !host.bytes().all(reg_name_char) {
        return None;
    }
    Some(is_ipv4(host))
}

fn is_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|part| {
            !part.is_empty()
                && part.len() <= 3
                && part.bytes().all(|b| b.is_ascii_digit())
                && part.parse::<u16>().is_ok_and(|value| value <= 255)
        })
}

/// The `substring` function: the characters `start..stop` of `input`, counted from the end when
/// `reverse` is true.
///
/// `None` when `input` contains any non-ASCII character, when `start >= stop`, or when `input` is
/// shorter than `stop`.
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if !input.is_ascii() || start >= stop || input.len() < stop {
        return None;
    }
    // All characters are ASCII, so byte offsets are character boundaries.
    if reverse {
        input.get(input.len() - stop..input.len() - start)
    } else {
        input.get(start..stop)
    }
}

/// The `isValidHostLabel` function: whether `label` is a valid RFC 1123 host label (1 to 63 ASCII
/// letters, digits and hyphens, starting with a letter or digit). With `allow_subdomains`, every
/// dot-separated part must be such a label.
pub fn is_valid_host_label(label: &str, allow_subdomains: bool) -> bool {
    fn single(label: &str) -> bool {
        let bytes = label.as_bytes();
        !bytes.is_empty()
            && bytes.len() <= 63
            && bytes[0].is_ascii_alphanumeric()
            && bytes
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'-')
    }
    if allow_subdomains {
        label.split('.').all(single)
    } else {
        single(label)
    }
}

/// The `uriEncode` function: RFC 3986 percent-encoding of every byte of the UTF-8 form of `value`
/// except the unreserved characters `A-Z a-z 0-9 - _ . ~`, with upper-case hexadecimal digits.
pub fn uri_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(value.len());
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    encoded
}

/// Checks an endpoint URL computed at run time before it is given to
/// [`Endpoint::builder`](aws_smithy_types::endpoint::Endpoint::builder), whose `build` panics on
/// an empty URL (which a rule set produces when, say, the `SDK::Endpoint` built-in is `""`).
pub fn non_empty_url(
    url: impl Into<Cow<'static, str>>,
) -> Result<Cow<'static, str>, ResolveEndpointError> {
    let url = url.into();
    if url.is_empty() {
        Err(ResolveEndpointError::message(
            "the endpoint rules resolved an empty endpoint URL",
        ))
    } else {
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn outputs(
        name: &'static str,
        dns_suffix: &'static str,
        global: &'static str,
    ) -> PartitionOutputs {
        PartitionOutputs {
            name,
            dns_suffix,
            dual_stack_dns_suffix: "api.aws",
            implicit_global_region: global,
            supports_fips: true,
            supports_dual_stack: true,
        }
    }

    static TABLE: &[PartitionData] = &[
        PartitionData {
            id: "aws",
            region_regex: "^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$",
            regions: &["aws-global", "us-east-1", "eu-west-1"],
            outputs: outputs("aws", "amazonaws.com", "us-east-1"),
        },
        PartitionData {
            id: "aws-cn",
            region_regex: "^cn\\-\\w+\\-\\d+$",
            regions: &["aws-cn-global", "cn-north-1"],
            outputs: outputs("aws-cn", "amazonaws.com.cn", "cn-northwest-1"),
        },
        PartitionData {
            id: "aws-us-gov",
            region_regex: "^us\\-gov\\-\\w+\\-\\d+$",
            // Listed explicitly although the `aws` regex (tried first) matches it too.
            regions: &["us-gov-west-1"],
            outputs: outputs("aws-us-gov", "amazonaws.com", "us-gov-west-1"),
        },
        PartitionData {
            id: "broken",
            region_regex: "(unclosed",
            regions: &[],
            outputs: outputs("broken", "example.com", "x"),
        },
    ];

    fn partition_name(region: &str) -> Option<&'static str> {
        partition(region, TABLE).map(|p| p.name)
    }

    #[test]
    fn partition_listed_region_wins_over_an_earlier_regex() {
        assert_eq!(partition_name("us-gov-west-1"), Some("aws-us-gov"));
        assert_eq!(partition_name("aws-cn-global"), Some("aws-cn"));
    }

    #[test]
    fn partition_regex_match() {
        assert_eq!(partition_name("cn-northwest-1"), Some("aws-cn"));
        assert_eq!(partition_name("ap-southeast-7"), Some("aws"));
        // `\w` does not match `-`, so the `aws` regex does not claim GovCloud regions.
        assert_eq!(partition_name("us-gov-east-1"), Some("aws-us-gov"));
    }

    #[test]
    fn partition_regex_must_match_whole_region_and_first_match_wins() {
        static UNANCHORED: &[PartitionData] = &[
            PartitionData {
                id: "aws",
                region_regex: "x",
                regions: &[],
                outputs: outputs("aws", "a", "a"),
            },
            PartitionData {
                id: "other",
                region_regex: "cn-\\d",
                regions: &[],
                outputs: outputs("other", "o", "o"),
            },
            PartitionData {
                id: "later",
                region_regex: "cn-.",
                regions: &[],
                outputs: outputs("later", "l", "l"),
            },
        ];
        assert_eq!(partition("xcn-1", UNANCHORED).map(|p| p.name), Some("aws"));
        assert_eq!(partition("cn-1", UNANCHORED).map(|p| p.name), Some("other"));
        assert_eq!(partition("cn-x", UNANCHORED).map(|p| p.name), Some("later"));
    }

    #[test]
    fn partition_unknown_region_falls_back_to_aws() {
        assert_eq!(partition_name("mars-central-1"), Some("aws"));
        assert_eq!(partition_name(""), Some("aws"));
        assert_eq!(partition_name("régïon-ü-1"), Some("aws"));
        assert_eq!(partition_name("(unclosed"), Some("aws"));
        assert_eq!(
            partition("cn-north-1", TABLE).map(|p| p.dns_suffix),
            Some("amazonaws.com.cn")
        );
    }

    #[test]
    fn partition_without_aws_fallback_is_none() {
        assert_eq!(partition("nowhere", &TABLE[1..]), None);
        assert_eq!(partition("us-east-1", &[]), None);
    }

    #[test]
    fn partition_is_usable_from_many_threads() {
        let handles: Vec<_> = (0..4)
            .map(|_| std::thread::spawn(|| partition_name("eu-central-2")))
            .collect();
        for handle in handles {
            assert_eq!(handle.join().unwrap(), Some("aws"));
        }
    }

    fn url(
        scheme: &str,
        authority: &str,
        path: &str,
        normalized_path: &str,
        is_ip: bool,
    ) -> Option<Url> {
        Some(Url {
            scheme: scheme.into(),
            authority: authority.into(),
            path: path.into(),
            normalized_path: normalized_path.into(),
            is_ip,
        })
    }

    #[test]
    fn parse_url_examples_from_the_specification() {
        assert_eq!(
            parse_url("https://example.com"),
            url("https", "example.com", "", "/", false)
        );
        assert_eq!(parse_url("https://example.com:8443?foo=bar&faz=baz"), None);
        assert_eq!(
            parse_url("http://example.com:80/foo/bar"),
            url("http", "example.com:80", "/foo/bar", "/foo/bar/", false)
        );
        assert_eq!(
            parse_url("https://127.0.0.1"),
            url("https", "127.0.0.1", "", "/", true)
        );
        assert_eq!(
            parse_url("https://[fe80::1]"),
            url("https", "[fe80::1]", "", "/", true)
        );
    }

    #[test]
    fn parse_url_paths_ports_and_addresses() {
        assert_eq!(
            parse_url("https://example.com/"),
            url("https", "example.com", "/", "/", false)
        );
        assert_eq!(
            parse_url("HTTPS://Example.com/a/"),
            url("https", "Example.com", "/a/", "/a/", false)
        );
        assert_eq!(
            parse_url("https://[::1]:8443/x%20y"),
            url("https", "[::1]:8443", "/x%20y", "/x%20y/", true)
        );
        assert_eq!(
            parse_url("http://10.0.0.256"),
            url("http", "10.0.0.256", "", "/", false)
        );
        assert_eq!(
            parse_url("http://1.2.3"),
            url("http", "1.2.3", "", "/", false)
        );
        assert_eq!(
            parse_url("https://example.com/p#frag?x"),
            url("https", "example.com", "/p", "/p/", false)
        );
    }

    #[test]
    fn parse_url_rejects_invalid_urls() {
        for input in [
            "",
            "example.com",
            "ftp://example.com",
            "https://",
            "https:///path",
            "https://example.com/?",
            "https://example.com/a?b=c",
            "https://user:pw@example.com",
            "https://exa mple.com",
            "https://example.com/a b",
            "https://example.com:",
            "https://example.com:99999",
            "https://example.com:8o",
            "https://[not-ipv6]",
            "https://[::1",
            "https://[::1]x",
            "https://exämple.com",
            "https://example.com\n",
        ] {
            assert_eq!(parse_url(input), None, "{input:?}");
        }
    }

    #[test]
    fn substring_forward_and_reverse() {
        assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcdefg", 1, 3, false), Some("bc"));
        assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 3, true), Some("ef"));
        assert_eq!(substring("abcd", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcd", 0, 4, true), Some("abcd"));
    }

    #[test]
    fn substring_out_of_range_or_non_ascii_is_none() {
        assert_eq!(substring("", 0, 1, false), None);
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abc", 0, 4, true), None);
        assert_eq!(substring("abc", 2, 2, false), None);
        assert_eq!(substring("abc", 3, 1, false), None);
        assert_eq!(substring("abcé", 0, 1, false), None);
        assert_eq!(substring("\u{1F600}abcd", 0, 1, true), None);
        assert_eq!(substring("abc", usize::MAX - 1, usize::MAX, true), None);
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("a", false));
        assert!(is_valid_host_label("abc-123", false));
        assert!(is_valid_host_label("9abc", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-abc", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(!is_valid_host_label("a_b", false));
        assert!(!is_valid_host_label("ümlaut", false));
        assert!(is_valid_host_label("a.b-c.d", true));
        assert!(!is_valid_host_label("", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label("a.", true));
        assert!(!is_valid_host_label(".a", true));
        assert!(!is_valid_host_label("a.-b", true));
        assert!(!is_valid_host_label("a.é", true));
    }

    #[test]
    fn uri_encoding() {
        assert_eq!(uri_encode(""), "");
        assert_eq!(uri_encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(uri_encode("é\u{1F600}"), "%C3%A9%F0%9F%98%80");
        assert_eq!(uri_encode("\n\u{7f}"), "%0A%7F");
    }

    #[test]
    fn empty_urls_are_errors() {
        assert!(non_empty_url("").is_err());
        assert!(non_empty_url(String::new()).is_err());
        assert_eq!(non_empty_url("https://x").unwrap(), "https://x");
    }

    #[test]
    fn builtins_default() {
        let builtins = BuiltIns::default();
        assert_eq!(builtins.region, None);
        assert!(!builtins.use_fips && !builtins.use_dual_stack);
        assert_eq!(builtins.endpoint, None);
    }
}
