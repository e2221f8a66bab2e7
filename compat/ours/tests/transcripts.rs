//! Every compatibility program, run against the official crate and against ours, each on a
//! fresh emulator: the programs' transcripts must be the same, and so must the requests on
//! the wire and the answers, as the emulator's journal records them (ids the service or the
//! client makes up are replaced by placeholders in order of appearance).

use std::collections::HashMap;

use nova_act_local::{Server, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use serde_json::{json, Value};

/// Programs whose requests run concurrently, so their order on the wire is not theirs.
const UNORDERED: &[&str] = &["concurrency"];

/// What one flavour of a program did: its transcript and the normalized journal.
#[derive(Debug, PartialEq)]
struct Outcome {
    transcript: Result<Vec<String>, String>,
    wire: Vec<Value>,
}

fn credentials() -> (String, String) {
    (
        DEFAULT_ACCESS_KEY_ID.to_string(),
        DEFAULT_SECRET_ACCESS_KEY.to_string(),
    )
}

/// Replaces made-up ids (UUIDs, and the ARNs holding them) with `<id N>` and page tokens
/// with `<token N>`, in order of first appearance, and date-times with `<time>`, so that two
/// runs compare equal when they made the same requests and got the same answers.
struct Placeholders(HashMap<String, String>);

impl Placeholders {
    fn value(&mut self, value: &Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.text(s)),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.value(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.value(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn text(&mut self, text: &str) -> String {
        if is_timestamp(text) {
            return "<time>".to_string();
        }
        // Page tokens: long hex strings the emulator signs with a key of its own.
        if text.len() >= 32 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            let next = self.0.len() + 1;
            return self
                .0
                .entry(text.to_string())
                .or_insert_with(|| format!("<token {next}>"))
                .clone();
        }
        let mut out = String::new();
        let mut rest = text;
        while let Some((start, len)) = find_uuid(rest) {
            out.push_str(&rest[..start]);
            let id = &rest[start..start + len];
            let next = self.0.len() + 1;
            let placeholder = self
                .0
                .entry(id.to_string())
                .or_insert_with(|| format!("<id {next}>"));
            out.push_str(placeholder);
            rest = &rest[start + len..];
        }
        out.push_str(rest);
        out
    }
}

/// Whether `text` is a date-time as the service writes them (`2026-12-01T05:15:55.857Z`).
fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 20
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && text.ends_with('Z')
}

/// For programs whose requests run concurrently: ids without their order of appearance, and
/// every array sorted, so that only what was sent and answered is compared.
fn unordered(value: &Value) -> Value {
    match value {
        Value::String(s) if s.starts_with("<id ") => Value::String("<id>".into()),
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(unordered).collect();
            items.sort_by_key(|v| v.to_string());
            Value::Array(items)
        }
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), unordered(v))).collect())
        }
        other => other.clone(),
    }
}

/// The first UUID-shaped run (8-4-4-4-12 hex digits) in `text`: its start and length.
fn find_uuid(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let groups = [8, 4, 4, 4, 12];
    (0..bytes.len()).find_map(|start| {
        let mut at = start;
        for (i, len) in groups.iter().enumerate() {
            if i > 0 {
                if bytes.get(at) != Some(&b'-') {
                    return None;
                }
                at += 1;
            }
            let group = bytes.get(at..at + len)?;
            if !group.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            at += len;
        }
        Some((start, at - start))
    })
}

async fn run_flavour<F, Fut>(program: &str, run: F) -> Outcome
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<String>, String>>,
{
    let server = Server::builder()
        .journal(true)
        .start()
        .await
        .expect("the emulator starts");
    let transcript = run(server.endpoint_url()).await;
    let mut ids = Placeholders(HashMap::new());
    let mut wire: Vec<Value> = server
        .journal()
        .iter()
        .map(|entry| {
            ids.value(&json!({
                "operation": entry.operation,
                "labels": entry.labels,
                "query": entry.query,
                "body": entry.body,
                "status": entry.status,
                "error_type": entry.error_type,
                "response": entry.response,
            }))
        })
        .collect();
    if UNORDERED.contains(&program) {
        wire = wire.iter().map(unordered).collect();
        wire.sort_by_key(|v| v.to_string());
    }
    server.shutdown().await;
    Outcome { transcript, wire }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_program_behaves_the_same_with_both_crates() {
    assert_eq!(
        compat_ours::programs::PROGRAMS,
        compat_official::programs::PROGRAMS
    );
    let mut differences = Vec::new();
    for &program in compat_ours::programs::PROGRAMS {
        let official = run_flavour(program, |endpoint_url| async move {
            let env = compat_official::programs::Env {
                endpoint_url,
                http_client: aws_sdk_novaact::http::https_client(),
                credentials: credentials(),
            };
            compat_official::programs::run(program, &env)
                .await
                .map_err(|e| e.to_string())
        })
        .await;
        let ours = run_flavour(program, |endpoint_url| async move {
            let env = compat_ours::programs::Env {
                endpoint_url,
                http_client: aws_sdk_novaact::http::https_client(),
                credentials: credentials(),
            };
            compat_ours::programs::run(program, &env)
                .await
                .map_err(|e| e.to_string())
        })
        .await;
        assert!(
            official.transcript.is_ok(),
            "{program} fails with the official crate: {official:#?}"
        );
        assert!(!official.transcript.as_ref().unwrap().is_empty());
        eprintln!("{program}: {:?}", ours.transcript);
        if official != ours {
            differences.push(format!(
                "{program}:\nofficial: {official:#?}\nours: {ours:#?}"
            ));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n\n"));
}

#[test]
fn placeholders_number_ids_in_order_of_appearance() {
    let mut ids = Placeholders(HashMap::new());
    let a = "11111111-2222-4333-8444-555555555555";
    let b = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    assert_eq!(
        ids.text(&format!("arn:x:{b}/run/{a} then {b}")),
        "arn:x:<id 1>/run/<id 2> then <id 1>"
    );
    assert_eq!(ids.text("no id here"), "no id here");
    let token = "0100000000000000029bbda685eedd82347a75c7166cf6132a";
    assert_eq!(ids.text(token), "<token 3>");
    assert_eq!(ids.text("2026-12-01T05:15:55.857Z"), "<time>");
    assert_eq!(ids.text("1111-2222"), "1111-2222");
}
