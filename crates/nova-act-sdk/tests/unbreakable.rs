//! Responses crafted to break the client: absurd `Date` headers, out-of-range timestamps and
//! numbers, paginators that never stop. The client must return errors (or ignore the value),
//! never panic, and keep working afterwards.

mod common;

use common::*;
use restjson_runtime::deps::aws_smithy_async::time::TimeSource;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// A clock the test moves by hand (seconds since the epoch), so that "later calls" happen
/// later without the test waiting.
#[derive(Debug, Clone)]
struct HandClock(Arc<AtomicU64>);

impl HandClock {
    fn new() -> Self {
        // 2025-08-22T10:11:12Z
        Self(Arc::new(AtomicU64::new(1_755_857_472)))
    }
    fn advance(&self, secs: u64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }
}

impl TimeSource for HandClock {
    fn now(&self) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(self.0.load(Ordering::SeqCst))
    }
}

const MODELS: &str = r#"{"modelSummaries":[],"modelAliases":[],"compatibilityInformation":{"clientCompatibilityVersion":1,"supportedModelIds":[]}}"#;

fn models_with_date(date: &str) -> Resp {
    response(
        200,
        &[("content-type", "application/json"), ("date", date)],
        MODELS,
    )
}

/// The `x-amz-date` SigV4 writes for `secs` since the epoch.
fn amz_date(secs: u64) -> String {
    nova_act_sdk::primitives::DateTime::from_secs(secs as i64)
        .fmt(nova_act_sdk::primitives::DateTimeFormat::DateTime)
        .unwrap()
        .replace(['-', ':'], "")
}

#[tokio::test]
async fn absurd_date_headers_do_not_poison_the_client() {
    // The hand clock reads 2025-08-22T10:11:14Z when the first response arrives.
    // (Date header of the first response, the skew later calls sign with, what it is)
    let cases: &[(&str, i64, &str)] = &[
        (
            "Fri, 22 Aug 2025 11:11:14 GMT",
            3600,
            "an hour ahead: corrected",
        ),
        (
            "Fri, 22 Aug 2025 09:11:14 GMT",
            -3600,
            "an hour behind: corrected",
        ),
        (
            "Sat, 23 Aug 2025 00:11:14 GMT",
            14 * 3600,
            "UTC+14 read as UTC: corrected",
        ),
        (
            "Sat, 23 Aug 2025 10:11:14 GMT",
            86_400,
            "exactly a day ahead: corrected",
        ),
        (
            "Sat, 23 Aug 2025 10:11:15 GMT",
            0,
            "a day and a second ahead: ignored",
        ),
        (
            "Sun, 24 Aug 2025 10:11:14 GMT",
            0,
            "two days ahead: ignored",
        ),
        (
            "Wed, 20 Aug 2025 10:11:14 GMT",
            0,
            "two days behind: ignored",
        ),
        (
            "Fri, 31 Dec 9999 23:59:59 GMT",
            0,
            "the last second of year 9999",
        ),
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0, "the epoch"),
        ("Mon, 01 Jan 0001 00:00:00 GMT", 0, "year 1"),
        ("Fri, 31 Dec 99999 23:59:59 GMT", 0, "a five-digit year"),
        ("Fri, 32 Dec 9999 99:99:99 GMT", 0, "no such day or time"),
        ("-9223372036854775808", 0, "i64::MIN as a number"),
        ("18446744073709551615", 0, "u64::MAX as a number"),
        ("yesterday", 0, "garbage"),
        ("", 0, "empty"),
    ];
    for &(date, skew, what) in cases {
        let http = replay(vec![
            models_with_date(date),
            json_response(200, MODELS),
            json_response(200, MODELS),
        ]);
        let clock = HandClock::new();
        let config = config(http.clone())
            .to_builder()
            .time_source(clock.clone())
            .build();
        let client = nova_act_sdk::Client::from_conf(config);
        let mut want = Vec::new();
        for call in 0..3 {
            // Each call is two seconds after the previous one: with the skew of a date in year
            // 9999 taken at face value, the signer would sign in year 10000 and panic.
            clock.advance(2);
            let now = clock.0.load(Ordering::SeqCst);
            want.push(amz_date(if call == 0 {
                now
            } else {
                now.checked_add_signed(skew).unwrap()
            }));
            client
                .list_models()
                .client_compatibility_version(1)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{what}: call {call}: {e:?}"));
        }
        let signed: Vec<String> = requests(&http)
            .iter()
            .map(|r| header(r, "x-amz-date").unwrap().to_owned())
            .collect();
        assert_eq!(signed, want, "{what}");
    }
}

#[tokio::test]
async fn absurd_date_headers_do_not_break_the_retries_of_a_call() {
    // A retried attempt signs with the skew the failed attempt measured, and with a read
    // timeout set its `amz-sdk-request` header carries a `ttl` of now + skew + timeout:
    // in year 10000 that fails to format and panicked.
    let dates = [
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Fri, 31 Dec 9999 23:59:00 GMT",
        "Mon, 01 Jan 0001 00:00:00 GMT",
        "Thu, 01 Jan 1970 00:00:00 GMT",
    ];
    for date in dates {
        let http = replay(vec![
            response(
                500,
                &[("content-type", "application/json"), ("date", date)],
                "{}",
            ),
            json_response(200, MODELS),
        ]);
        let clock = HandClock::new();
        let config = config(http.clone())
            .to_builder()
            .time_source(clock.clone())
            .timeout_config(
                nova_act_sdk::config::TimeoutConfig::builder()
                    .read_timeout(Duration::from_secs(120))
                    .build(),
            )
            .build();
        let client = nova_act_sdk::Client::from_conf(config);
        client
            .list_models()
            .client_compatibility_version(1)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{date}: {e:?}"));
        let reqs = requests(&http);
        assert_eq!(reqs.len(), 2, "{date}");
        let now = clock.0.load(Ordering::SeqCst);
        for req in &reqs {
            assert_eq!(
                header(req, "x-amz-date"),
                Some(amz_date(now).as_str()),
                "{date}"
            );
        }
        let info = header(&reqs[1], "amz-sdk-request").unwrap();
        assert!(
            info.contains(&format!("ttl={}", amz_date(now + 120))),
            "{date}: {info}"
        );
    }
}

// ----------------------------------------------------------------------------------------
// Paginators end
// ----------------------------------------------------------------------------------------

fn runs_page(id: &str, next_token: Option<&str>) -> Resp {
    let mut body = serde_json::json!({ "workflowRunSummaries": [{
        "workflowRunArn": format!("arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout/workflow-run/{id}"),
        "workflowRunId": id,
        "status": "SUCCEEDED",
        "startedAt": "2025-08-22T10:11:12.345Z"
    }]});
    if let Some(token) = next_token {
        body["nextToken"] = token.into();
    }
    json_response(200, &body.to_string())
}

#[tokio::test]
async fn paginators_end_when_the_service_repeats_any_token() {
    // (the caller's starting token, the tokens the service hands back page after page, how
    // many pages are requested)
    type Case<'a> = (Option<&'a str>, &'a [Option<&'a str>], usize);
    let cases: &[Case] = &[
        (
            None,
            &[Some("A"), Some("B"), Some("A"), Some("B"), Some("A")],
            3,
        ),
        (
            None,
            &[Some("A"), Some("B"), Some("C"), Some("B"), Some("C")],
            4,
        ),
        (None, &[Some("A"), Some("A"), Some("A")], 2),
        (None, &[Some("A"), Some("B"), Some("C"), None, Some("A")], 4),
        (None, &[Some("A"), Some(""), Some("B")], 2),
        (Some("S"), &[Some("S"), Some("A")], 1),
        (Some("S"), &[Some("A"), Some("S"), Some("B")], 2),
        (Some(""), &[Some("A"), None], 2),
    ];
    for &(start, tokens, want_pages) in cases {
        let pages: Vec<Resp> = tokens
            .iter()
            .enumerate()
            .map(|(i, token)| runs_page(&format!("r{i}"), *token))
            .collect();
        let (client, http) = client(pages);
        let items = client
            .list_workflow_runs()
            .workflow_definition_name("checkout")
            .set_next_token(start.map(str::to_owned))
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .unwrap_or_else(|e| panic!("{start:?} {tokens:?}: {e:?}"));
        assert_eq!(items.len(), want_pages, "{start:?} {tokens:?}");
        let sent: Vec<String> = requests(&http).iter().map(|r| r.uri().to_owned()).collect();
        assert_eq!(sent.len(), want_pages, "{start:?} {tokens:?}: {sent:?}");
    }
}

#[tokio::test]
async fn paginators_follow_repeated_tokens_when_told_not_to_stop() {
    // A, A, then the end: with `stop_on_duplicate_token(false)` all three pages are read, as
    // in the official SDK; by default the repeated token ends the pagination after two.
    for (stop, want_pages) in [(true, 2), (false, 3)] {
        let pages = vec![
            runs_page("r0", Some("A")),
            runs_page("r1", Some("A")),
            runs_page("r2", None),
        ];
        let (client, http) = client(pages);
        let mut stream = client
            .list_workflow_runs()
            .workflow_definition_name("checkout")
            .into_paginator()
            .stop_on_duplicate_token(stop)
            .send();
        let mut read = 0;
        while let Some(page) = stream.try_next().await.expect("every page is read") {
            assert_eq!(page.workflow_run_summaries().len(), 1);
            read += 1;
        }
        assert_eq!(read, want_pages, "stop_on_duplicate_token({stop})");
        assert_eq!(requests(&http).len(), want_pages);
    }
}

#[tokio::test]
async fn pagination_streams_collect_pages_and_errors() {
    let (client, _http) = client(vec![runs_page("r0", Some("A")), runs_page("r1", None)]);
    let pages: Vec<_> = client
        .list_workflow_runs()
        .workflow_definition_name("checkout")
        .into_paginator()
        .send()
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    assert!(pages.iter().all(Result::is_ok));
}

// ----------------------------------------------------------------------------------------
// Safe retries for callers
// ----------------------------------------------------------------------------------------

fn run_created() -> Resp {
    json_response(
        201,
        r#"{"workflowRunId":"11111111-2222-4333-8444-555555555555","status":"RUNNING"}"#,
    )
}

fn server_error() -> Resp {
    json_response(500, r#"{"message":"the run may or may not exist"}"#)
}

fn create_run(
    client: &nova_act_sdk::Client,
) -> nova_act_sdk::operation::create_workflow_run::builders::CreateWorkflowRunFluentBuilder {
    client
        .create_workflow_run()
        .workflow_definition_name("checkout")
        .model_id("nova-act-latest")
        .client_info(
            nova_act_sdk::types::ClientInfo::builder()
                .compatibility_version(1)
                .build()
                .unwrap(),
        )
}

fn sent_token(request: &restjson_runtime::HttpRequest) -> String {
    body_json(request)["clientToken"]
        .as_str()
        .expect("a clientToken")
        .to_owned()
}

#[tokio::test]
async fn a_failed_create_is_retried_with_the_token_it_used() {
    // (fill the tokens first, a token set by the caller, the two sends use the same token)
    let cases = [
        (true, None, true),
        (false, None, false),
        (true, Some("caller-chosen-token"), true),
        (false, Some("caller-chosen-token"), true),
    ];
    for (fill, chosen, same) in cases {
        let (client, http) = client_no_retry(vec![server_error(), run_created()]);
        let mut builder = create_run(&client).set_client_token(chosen.map(str::to_owned));
        if fill {
            builder = builder.fill_idempotency_tokens();
        }
        let known = builder.get_client_token().clone();
        assert_eq!(
            known.is_some(),
            fill || chosen.is_some(),
            "{fill} {chosen:?}"
        );
        if let Some(chosen) = chosen {
            assert_eq!(known.as_deref(), Some(chosen), "a chosen token is kept");
        }
        let first = builder.clone().send().await;
        assert!(first.is_err(), "{fill} {chosen:?}: the first send fails");
        builder.send().await.expect("the second send succeeds");

        let reqs = requests(&http);
        let (a, b) = (sent_token(&reqs[0]), sent_token(&reqs[1]));
        assert_eq!(a == b, same, "{fill} {chosen:?}: {a} {b}");
        match &known {
            Some(known) => assert_eq!((known, known), (&a, &b), "{fill} {chosen:?}"),
            // As in the official SDK: a builder without a token gets a fresh one per send.
            None => {
                assert_uuid_v4(&a);
                assert_uuid_v4(&b);
            }
        }
    }
}

#[test]
fn every_create_operation_can_fill_its_token_before_sending() {
    let (client, _http) = client(vec![]);
    let tokens = [
        create_run(&client)
            .fill_idempotency_tokens()
            .get_client_token()
            .clone(),
        client
            .create_workflow_definition()
            .fill_idempotency_tokens()
            .get_client_token()
            .clone(),
        client
            .create_session()
            .fill_idempotency_tokens()
            .get_client_token()
            .clone(),
        client
            .create_act()
            .fill_idempotency_tokens()
            .get_client_token()
            .clone(),
    ];
    for token in &tokens {
        assert_uuid_v4(token.as_deref().expect("filled"));
    }
    // Filling twice keeps the first token.
    let once = client.create_act().fill_idempotency_tokens();
    let twice = once.clone().fill_idempotency_tokens();
    assert_eq!(once.get_client_token(), twice.get_client_token());
}

// ----------------------------------------------------------------------------------------
// Hostile responses: an error or a value, never a panic, and the client keeps working
// ----------------------------------------------------------------------------------------

fn run_body(started_at: &str) -> String {
    format!(
        r#"{{"workflowRunArn":"arn:aws:nova-act:us-east-1:123456789012:workflow-definition/checkout/workflow-run/r","workflowRunId":"r","status":"RUNNING","startedAt":{started_at},"endedAt":{started_at},"modelId":"m"}}"#
    )
}

fn step_body(input: &str) -> String {
    format!(
        r#"{{"calls":[{{"callId":"c","name":"tool","input":{input}}}],"stepId":"12345678-90ab-4cde-8f01-234567890abc"}}"#
    )
}

/// Formats a call's outcome every way a caller (or a log line) might.
fn render<T: std::fmt::Debug, E: std::error::Error + 'static>(result: &Result<T, E>) -> String {
    match result {
        Ok(output) => format!("{output:?}"),
        Err(err) => format!(
            "{err:?} {err} {}",
            nova_act_sdk::error::DisplayErrorContext(err)
        ),
    }
}

#[tokio::test]
async fn hostile_success_bodies_are_values_or_errors() {
    // (GetWorkflowRun's startedAt/endedAt as sent, whether it reads)
    let timestamps: &[(&str, bool)] = &[
        (r#""2025-08-22T10:11:12.345Z""#, true),
        (r#""9999-12-31T23:59:59.999999999Z""#, true),
        (r#""0001-01-01T00:00:00Z""#, true),
        (r#""0000-01-01T00:00:00Z""#, true),
        (r#""2016-12-31T23:59:60Z""#, true),
        (r#""99999-01-01T00:00:00Z""#, false),
        (r#""+275760-09-13T00:00:00Z""#, false),
        (r#""-9999-01-01T00:00:00Z""#, false),
        (r#""2025-08-22T10:11:12.12345678901234567890Z""#, true),
        (r#""2025-13-45T25:61:61Z""#, false),
        (r#""""#, false),
        (r#""\u0000""#, false),
        ("1e300", false),
        ("-1e300", false),
        ("9223372036854775807", false),
        ("18446744073709551616", false),
        ("1.7976931348623157e308", false),
        ("null", false),
        ("{}", false),
    ];
    for &(ts, reads) in timestamps {
        let (client, _http) = client_no_retry(vec![
            json_response(200, &run_body(ts)),
            json_response(200, &run_body(r#""2025-08-22T10:11:12Z""#)),
        ]);
        for round in 0..2 {
            let result = client
                .get_workflow_run()
                .workflow_definition_name("checkout")
                .workflow_run_id("r")
                .send()
                .await;
            let _ = render(&result);
            let want = round == 1 || reads;
            assert_eq!(
                result.is_ok(),
                want,
                "{ts} (round {round}): {}",
                render(&result)
            );
        }
    }

    // InvokeActStep's call input is a document: any JSON, but not unbounded nesting.
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let documents: Vec<(String, bool)> = vec![
        ("1e400".into(), false),
        ("-0".into(), true),
        ("123456789012345678901234567890".into(), true),
        (r#""\ud800""#.into(), false),
        (deep(100), true),
        (deep(100_000), false),
        (
            format!("{}1{}", r#"{"a":"#.repeat(50_000), "}".repeat(50_000)),
            false,
        ),
    ];
    for (input, reads) in &documents {
        let (client, _http) = client_no_retry(vec![json_response(200, &step_body(input))]);
        let result = client
            .invoke_act_step()
            .workflow_definition_name("checkout")
            .workflow_run_id("r")
            .session_id("s")
            .act_id("a")
            .call_results(
                nova_act_sdk::types::CallResult::builder()
                    .call_id("initiateAct")
                    .content(nova_act_sdk::types::CallResultContent::Text("{}".into()))
                    .build()
                    .unwrap(),
            )
            .send()
            .await;
        let _ = render(&result);
        let shown: String = input.chars().take(40).collect();
        assert_eq!(result.is_ok(), *reads, "{shown}: {}", render(&result));
    }

    // ListModels' integers: out of their range is an error, not a wrap or a panic.
    let integers: &[(&str, bool)] = &[
        ("2147483647", true),
        ("-2147483648", true),
        ("2147483648", false),
        ("-2147483649", false),
        ("99999999999999999999999", false),
        ("1.5", false),
        ("1e300", false),
        ("\"1\"", false),
    ];
    for &(n, reads) in integers {
        let body = format!(
            r#"{{"modelSummaries":[{{"modelId":"m","modelLifecycle":{{"status":"ACTIVE"}},"minimumCompatibilityVersion":{n}}}],"modelAliases":[],"compatibilityInformation":{{"clientCompatibilityVersion":{n},"supportedModelIds":[]}}}}"#
        );
        let (client, _http) = client_no_retry(vec![json_response(200, &body)]);
        let result = client
            .list_models()
            .client_compatibility_version(1)
            .send()
            .await;
        assert_eq!(result.is_ok(), reads, "{n}: {}", render(&result));
    }

    // Bodies that are not the output at all.
    let bodies: &[&[u8]] = &[
        b"\xff\xfe\x00garbage",
        b"[]",
        b"null",
        b"\"a string\"",
        b"{\"workflowRunId\":",
        b"{}{}",
    ];
    for body in bodies {
        let (client, _http) = client_no_retry(vec![http::Response::builder()
            .status(200)
            .body(restjson_runtime::deps::aws_smithy_types::body::SdkBody::from(body.to_vec()))
            .unwrap()]);
        let result = client
            .get_workflow_run()
            .workflow_definition_name("checkout")
            .workflow_run_id("r")
            .send()
            .await;
        assert!(result.is_err(), "{body:?}");
        let _ = render(&result);
    }
}

#[tokio::test]
async fn hostile_error_responses_are_errors() {
    // (status, headers, body)
    type Case<'a> = (u16, &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case] = &[
        (
            429,
            &[
                ("x-amzn-errortype", "ThrottlingException"),
                ("retry-after", "99999999999999999999"),
            ],
            "{}",
        ),
        (
            429,
            &[
                ("x-amzn-errortype", "ThrottlingException"),
                ("retry-after", "-2147483648"),
            ],
            "{}",
        ),
        (
            429,
            &[
                ("x-amzn-errortype", "ThrottlingException"),
                ("retry-after", "1e300"),
            ],
            "{}",
        ),
        (
            429,
            &[
                ("x-amzn-errortype", "ThrottlingException"),
                ("x-amz-retry-after", "18446744073709551615"),
            ],
            "{}",
        ),
        (
            500,
            &[
                ("x-amzn-errortype", "InternalServerException"),
                ("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT"),
            ],
            "{}",
        ),
        (
            403,
            &[
                ("x-amzn-errortype", "InvalidSignatureException"),
                ("date", "Fri, 31 Dec 9999 23:59:59 GMT"),
            ],
            "{}",
        ),
        (400, &[("x-amzn-errortype", ":::")], "{}"),
        (400, &[("x-amzn-errortype", "#")], "{}"),
        (400, &[], r#"{"__type":"ñ#é:ü","message":"ß"}"#),
        (400, &[], r#"{"code":1e300,"message":["not","a","string"]}"#),
        (
            400,
            &[],
            r#"{"__type":"ValidationException","message":"m","fieldList":[{"name":1}]}"#,
        ),
        (400, &[], &"[".repeat(100_000)),
        (100, &[], ""),
        (304, &[], "{}"),
        (599, &[], "{}"),
        (999, &[], "\u{0}"),
    ];
    for &(status, headers, body) in cases {
        let http = replay(vec![
            response(status, headers, body),
            response(status, headers, body),
            response(status, headers, body),
            json_response(200, MODELS),
        ]);
        // Retries on, with every backoff (even one the service asks for) capped at a
        // millisecond, so that retried cases do not wait.
        let config = config(http.clone())
            .to_builder()
            .retry_config(
                nova_act_sdk::config::RetryConfig::standard()
                    .with_initial_backoff(Duration::from_millis(1))
                    .with_max_backoff(Duration::from_millis(1)),
            )
            .build();
        let client = nova_act_sdk::Client::from_conf(config);
        let result = client
            .list_models()
            .client_compatibility_version(1)
            .send()
            .await;
        assert!(result.is_err(), "{status} {headers:?}");
        let _ = render(&result);
        let sent = requests(&http).len();
        assert!((1..=3).contains(&sent), "{status} {headers:?}: {sent}");
        // The same client goes on to the success queued after the errors.
        let mut later = Vec::new();
        for _ in 0..3 {
            let result = client
                .list_models()
                .client_compatibility_version(1)
                .send()
                .await;
            later.push(result.is_ok());
            if result.is_ok() {
                break;
            }
        }
        assert_eq!(later.last(), Some(&true), "{status} {headers:?}: {later:?}");
    }
}

/// Regions the `Authorization` header cannot carry are refused before any request is sent,
/// with an error naming them: the signer would otherwise panic building that header. (Found
/// by the `endpoint` fuzz target.)
#[tokio::test]
async fn regions_that_cannot_be_signed_for_are_errors() {
    let cases: &[(&str, bool)] = &[
        ("us-east-1\u{1}", false),
        ("U#)t\0&)", true),
        ("us east 1", false),
        ("eu-west-\u{e9}", false),
        ("", false),
    ];
    // (region, dual-stack: the rules then resolve the endpoint from the region itself; else a
    // custom endpoint URL, with which the rules never look at the region and the signer did)
    for &(region, dual_stack) in cases {
        let http = replay(vec![json_response(200, MODELS)]);
        let mut builder = nova_act_sdk::Config::builder();
        if !dual_stack {
            builder = builder.endpoint_url("http://localhost");
        }
        let config = builder
            .region(nova_act_sdk::config::Region::new(region.to_owned()))
            .credentials_provider(nova_act_sdk::config::Credentials::new(
                "AKIDTEST", "secret", None, None, "test",
            ))
            .http_client(http.clone())
            .use_dual_stack(dual_stack)
            .build();
        let client = nova_act_sdk::Client::from_conf(config);
        let err = client
            .list_models()
            .client_compatibility_version(1)
            .send()
            .await
            .expect_err(region);
        let text = format!("{}", nova_act_sdk::error::DisplayErrorContext(&err));
        assert!(text.contains("cannot be signed for"), "{region:?}: {text}");
        assert_eq!(requests(&http).len(), 0, "{region:?}: nothing is sent");
    }
}
