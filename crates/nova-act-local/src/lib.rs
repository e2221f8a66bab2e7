//! A local emulator of **Amazon Nova Act** (API version 2025-08-22, restJson1), for tests and
//! offline development of clients such as `nova-act-sdk`, the official AWS SDKs and boto3.
//!
//! Everything about the wire protocol comes from the service's Smithy model
//! (`model/nova-act.json`, embedded at build time): routes, HTTP bindings, status codes,
//! input validation (required members, types, `@length`, `@range`, `@pattern`, enums), JSON
//! member names, timestamp formats and error shapes. The emulator adds the service's
//! behaviour: resources and their states, idempotency, pagination, SigV4 authentication, a
//! scriptable agent behind `InvokeActStep`, and fault injection.
//!
//! # Starting it
//!
//! From Rust (the server runs on the current tokio runtime):
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let server = nova_act_local::Server::builder()
//!     .region("us-east-1")
//!     .account_id("123456789012")
//!     .start()
//!     .await?;
//! let url = server.endpoint_url(); // "http://127.0.0.1:PORT"
//! // ... point a client at `url`, signing with DEFAULT_ACCESS_KEY_ID / DEFAULT_SECRET_ACCESS_KEY
//! server.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! From the command line:
//!
//! ```text
//! cargo run -p nova-act-local -- --port 8080
//! cargo run -p nova-act-local -- --port 8080 --scenario scenario.yaml --seed 7 --throttle-share 0.1
//! ```
//!
//! The binary prints the endpoint URL and stops on Ctrl-C; `--help` lists every flag.
//!
//! With the Rust SDK (`aws-config`), set the endpoint URL, the region and the credentials:
//!
//! ```text
//! let config = aws_config::defaults(BehaviorVersion::latest())
//!     .endpoint_url(server.endpoint_url())
//!     .region("us-east-1")
//!     .credentials_provider(Credentials::new(
//!         nova_act_local::DEFAULT_ACCESS_KEY_ID,
//!         nova_act_local::DEFAULT_SECRET_ACCESS_KEY, None, None, "local"))
//!     .load().await;
//! ```
//!
//! # Credentials
//!
//! Unless [`Builder::no_auth`] is set, every request must carry a valid SigV4 `Authorization`
//! header for service `nova-act` and the configured region. With no keys configured
//! ([`Builder::access_key`]) the emulator accepts the AWS documentation's example pair:
//!
//! | constant | value |
//! |---|---|
//! | [`DEFAULT_ACCESS_KEY_ID`] | `AKIAIOSFODNN7EXAMPLE` |
//! | [`DEFAULT_SECRET_ACCESS_KEY`] | `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY` |
//!
//! Session tokens (`x-amz-security-token`) are accepted with any value. Failures answer 403
//! with a JSON body `{"message": ...}` and `x-amzn-ErrorType`, as AWS does:
//!
//! | problem | error type |
//! |---|---|
//! | no `Authorization` header | `MissingAuthenticationTokenException` ("Missing Authentication Token") |
//! | header malformed, or no `x-amz-date` | `IncompleteSignatureException` |
//! | unknown access key | `UnrecognizedClientException` |
//! | `x-amz-date` more than 5 minutes off | `InvalidSignatureException` ("Signature expired: ..." / "Signature not yet current: ...") |
//! | scope names another service, region or date | `InvalidSignatureException` naming the expected value |
//! | signature does not match | `InvalidSignatureException` (with the expected canonical request and string to sign) |
//! | `x-amz-content-sha256` neither `UNSIGNED-PAYLOAD` nor 64 lower-case hex digits (`STREAMING-*` included), or given twice | `InvalidSignatureException` naming the accepted forms |
//! | body does not hash to the signed `x-amz-content-sha256` | `InvalidSignatureException` ("The provided 'x-amz-content-sha256' header does not match what was computed.") |
//!
//! How a request is authenticated:
//!
//! * **Headers first, body after.** Everything the headers carry is checked before any of the
//!   body is read: the `Authorization` header, the key, `x-amz-date`, the scope, the form of
//!   `x-amz-content-sha256`, and, when that header is present, the signature itself (it
//!   covers the declared hash). A request that fails gets its 403 with `Connection: close`
//!   while its body is still unsent or unread, so unsigned uploads cost no memory. Without
//!   `x-amz-content-sha256` the signature covers the body's own hash, so such a request is
//!   checked up to the signature, then its body is read (within the size and time limits)
//!   and the signature verified. A client that sends `Expect: 100-continue` gets its
//!   `100 Continue` only once the headers have passed.
//! * **Signed bytes are compared as bytes.** Canonical headers are built from the raw header
//!   bytes (trimmed, runs of spaces collapsed, as SigV4 says), never from a decoded form, so
//!   changing any byte of a signed header after signing, an obs-text or non-UTF-8 byte
//!   included, breaks the signature.
//! * **`x-amz-content-sha256`** may be `UNSIGNED-PAYLOAD` (the body is then not covered, as
//!   with AWS) or the body's SHA-256 as 64 lower-case hex digits, which the body must match.
//!   Any other value is refused, and so are the `STREAMING-*` forms AWS defines for
//!   chunk-signed uploads: this service takes small JSON bodies. AWS's own answers here
//!   (`InvalidArgument`, `XAmzContentSHA256Mismatch`, both 400) are S3's, in S3's XML error
//!   vocabulary; AWS JSON services report every signature problem as 403
//!   `InvalidSignatureException`, which is what this emulator's clients expect.
//!
//! # Limits on connections
//!
//! | limit | [`Builder`] / binary flag | default | when exceeded |
//! |---|---|---|---|
//! | request head (request line and headers) | [`Builder::header_timeout`] / `--header-timeout-ms` | [`DEFAULT_HEADER_TIMEOUT`] (30 s) | the connection is closed without an answer |
//! | request body, all of it | [`Builder::body_timeout`] / `--body-timeout-ms` | [`DEFAULT_BODY_TIMEOUT`] (30 s) | 408 `RequestTimeoutException`, then the connection is closed |
//! | body size | [`Builder::body_limit`] / `--body-limit` | [`DEFAULT_BODY_LIMIT`] (10 MiB) | 413 `RequestEntityTooLargeException`, then the connection is closed |
//! | open connections | [`Builder::max_connections`] / `--max-connections` | [`DEFAULT_MAX_CONNECTIONS`] (256) | the new connection is accepted and closed at once, without an answer |
//!
//! The header timeout runs from when the server starts waiting for a request, so it also
//! closes keep-alive connections left idle that long. The body timeout starts once the
//! headers are authenticated and covers the whole body, so a client trickling bytes is cut
//! off as surely as one that stalls. Connections over the limit are closed rather than left
//! waiting in the listen backlog: a client then sees a closed connection, which AWS SDKs
//! retry, instead of a request that hangs with no sign of why. Together the limits bound what
//! clients can hold: at most `max_connections` connections, none silent for longer than the
//! header timeout between requests, and at most `body_limit` bytes of body each, read only
//! for requests that passed every header check and for no longer than the body timeout.
//!
//! # What requests get
//!
//! * Every response carries `x-amzn-RequestId` (a UUID) and `content-type: application/json`.
//! * Errors carry `x-amzn-ErrorType: <ShapeName>`, the status from the shape's `@httpError`,
//!   and the shape's members in the body (`message`, `resourceId`, `resourceType`, `reason`,
//!   `fieldList`, ...); members bound to headers go in headers (`Retry-After`).
//! * Invalid input gets `ValidationException` with `reason: FieldValidationFailed` and one
//!   `fieldList` entry per violation, named by path (`toolSpecs[0].name`). Unknown body fields
//!   are ignored, as AWS does.
//! * A body that is not a JSON object: 400 `SerializationException`. No matching path: 404
//!   `UnknownOperationException`. A known path with another method: 405
//!   `MethodNotAllowedException` with an `Allow` header (a choice: AWS front ends answer
//!   either this or `UnknownOperationException`). A body over the limit
//!   ([`Builder::body_limit`], default 10 MiB): 413 `RequestEntityTooLargeException`; one
//!   that takes too long to arrive: 408 `RequestTimeoutException` (see
//!   [Limits on connections](#limits-on-connections)). Both come after the header checks
//!   of authentication, so a request without valid credentials gets its 403 whatever its
//!   body.
//! * Timestamps are written as the model says: `DateTimestamp` has
//!   `@timestampFormat("date-time")`, so they are RFC 3339 strings such as
//!   `2025-08-22T10:11:12.345Z` (restJson1's epoch-seconds default applies only to
//!   timestamps without the trait).
//!
//! # Resources and states
//!
//! Workflow definitions (by name) → workflow runs → sessions → acts, with ARNs
//! `arn:aws:nova-act:{region}:{account}:workflow-definition/{name}` and
//! `.../workflow-definition/{name}/workflow-run/{runId}` (the model defines ARNs for these
//! two only); IDs are lower-case UUIDs.
//!
//! * A definition is `ACTIVE` when created; creating another with a name in use is a
//!   `ConflictException`. `DeleteWorkflowDefinition` answers `DELETING` and removes the
//!   definition with everything under it, as the model documents (runs still `RUNNING` do
//!   not block it: the delete ends them).
//! * A run is `RUNNING` until `UpdateWorkflowRun` sets `SUCCEEDED`, `FAILED` or `TIMED_OUT`.
//!   Setting the status it already has is a no-op (the operation is idempotent); changing a
//!   finished run, or asking for `DELETING`, is a `ValidationException` with reason
//!   `InvalidStatus`. `DeleteWorkflowRun` answers `DELETING` and removes the run with its
//!   sessions and acts.
//! * With [`Builder::deletion_delay`] above zero, deleted definitions and runs stay visible
//!   with status `DELETING` for that long; meanwhile a second delete, creating runs, sessions
//!   or acts under them, or updating them, is a `ConflictException`.
//! * Sessions and acts can only be created in a `RUNNING` run (else `ConflictException`).
//!   `CreateWorkflowRun` checks `modelId` against the configured models and aliases, and
//!   `clientInfo.compatibilityVersion` against the model's minimum (`ValidationException`).
//! * An act starts `RUNNING`. Once it has taken a step it is `PENDING_CLIENT_ACTION`: the
//!   client owes results for the step's calls or, after the agent's last step (`return` or
//!   `throw`), the act's outcome. The client owns the final status: the act ends only when
//!   `UpdateAct` says `SUCCEEDED` or `FAILED` (either is accepted after `return` or `throw`;
//!   a client fails an act whose answer does not match the schema it asked for).
//!   `UpdateAct` may move an unfinished act to any status (e.g. `PENDING_HUMAN_ACTION` and
//!   back to `RUNNING`); a finished act can only be "set" to the status it has (a no-op),
//!   anything else is `ValidationException` reason `InvalidStatus`. An `error` goes only with
//!   `FAILED` or `TIMED_OUT`.
//! * A missing parent or resource is `ResourceNotFoundException` with `resourceId` and
//!   `resourceType` (`WorkflowDefinition`, `WorkflowRun`, `Session`, `Act`).
//!
//! # Idempotency
//!
//! For members with `@idempotencyToken` (`clientToken` of the four `Create*` operations): the
//! same token with the same parameters returns the first answer again and creates nothing;
//! the same token with different parameters is a `ValidationException` (reason
//! `FieldValidationFailed`, field `clientToken`) whose message names the token. The model
//! offers no dedicated error for this; a 400 says "do not retry", which is the point.
//!
//! # Pagination
//!
//! `List*` operations page by creation order (`sortOrder` `Ascending`, the default, or
//! `Descending`), `maxResults` 1–100 (default 20). `nextToken` is opaque: it encodes the
//! last position and a MAC over it and the query (operation, parents, filters, sort order),
//! so a token from another list or query, an edited token, or one from an earlier server
//! instance is refused with `ValidationException` on `nextToken`. Paging is by key, not
//! offset, so items created between pages neither repeat nor shift others.
//!
//! # The agent: `InvokeActStep`
//!
//! The model only says that the client sends `callResults` and gets `calls` and a `stepId`.
//! The emulator speaks the protocol as the official Python SDK (`nova-act` 3.4.187.0) speaks
//! it with the service; CI runs that SDK against the emulator.
//!
//! **The first step.** The first `InvokeActStep` of an act has no `previousStepId` and
//! exactly two results: `{"callId": "initiateAct", "content": [{"text": "{}"}]}` and
//! `{"callId": "takeObservation", "content": [{"text": <observation>}]}`. Anything else is a
//! `ValidationException` on `callResults` that spells out this form.
//!
//! **The observation** is a JSON object with `activeURL`, `browserDimensions`
//! (`scrollHeight`, `scrollLeft`, `scrollTop`, `scrollWidth`, `windowHeight`, `windowWidth`),
//! `idToBboxMap` (an object), `screenshotBase64` (a `data:image/jpeg;base64,` or
//! `data:image/png;base64,` URL whose bytes are a JPEG or PNG), `simplifiedDOM` (a string),
//! `timestamp_ms` (an integer) and `userAgent`. A missing or mistyped field is a
//! `ValidationException` naming it. The viewport size is not enforced (the official client
//! checks it against 1600x813 itself); scenarios can check it.
//!
//! **Later steps** name the latest step in `previousStepId` (required; a stale one is a
//! `ConflictException`) and carry exactly one result per call of that step, each with the
//! call's `callId` (`{stepId}.{index}`), in any order. A missing, unknown or repeated call is
//! a `ValidationException` naming the result.
//!
//! **Result texts** are the JSON of the call's return value (`json.dumps` in the official
//! client: `null` for browser actions, `"\"yes\""` for an approval, the observation object
//! for `takeObservation`), or an error fed back to the model as `<Type>: <message>` (such as
//! `AgentRedirectError: ...`). Any other text is a `ValidationException`. The emulator decodes
//! results before it checks or substitutes them: a JSON string becomes its content, other
//! JSON its compact text, an error stays as sent.
//!
//! **Calls** are named as the service names them, bare: the built-in actions `agentClick`,
//! `agentType`, `agentScroll`, `agentHover`, `goToUrl`, `wait`, `think`,
//! `waitForPageToSettle`, `takeObservation`, `return`, `throw`; the human-in-the-loop tools
//! `human_Approve` and `human_UiTakeover`; and user tools by their own name. Built-in actions
//! take an array of positional arguments (`["<box>top,left,bottom,right</box>",
//! {"clickType": "left"}]`, `["https://..."]`, `[]`); tools take an object
//! (`{"message": "..."}` for the human-in-the-loop tools).
//!
//! **Every step that is not the last ends with `waitForPageToSettle` and `takeObservation`**,
//! so the next request carries a fresh observation. The last step is a single `return` call,
//! input `[answer]`, or `throw`, input `[message]`. Answers are strings; a structured answer
//! is its JSON text. After it the act waits in `PENDING_CLIENT_ACTION` for `UpdateAct`;
//! another `InvokeActStep` is a `ConflictException` that says so, as is one on a finished
//! act, in a run that is not `RUNNING`, or while the act is `PENDING_HUMAN_ACTION`.
//!
//! **Retries.** A request identical to the one that produced the latest step (same
//! `previousStepId`, same results) gets the same answer again rather than advancing the act,
//! so clients can retry after a dropped connection.
//!
//! **The built-in agent** (acts no scenario rule matches) is deterministic. With tools, its
//! first step calls the first tool spec with an input made from its JSON Schema
//! (`const`/`default`/`enum`/`examples` if given, else `"example"` fitted to the length
//! limits, the minimum or 0, `false`, objects with all their properties, arrays with
//! `minItems` elements, the first of `anyOf`/`oneOf`/`allOf`); its second step returns that
//! call's decoded result. Without tools it returns at once (`"Task completed by the
//! nova-act-local default agent"`). When the task ends with the structured-output suffix
//! `, format output with jsonschema: <schema>`, the answer is the JSON text of a value that
//! follows the schema (for a string schema, the plain answer as a JSON string).
//!
//! ## What the official client leaves open, and what the emulator does
//!
//! The facts come from the official Python SDK's source and from watching it on the wire.
//! Where they do not settle a point:
//!
//! * *Call names with `tool.`/`browser.` prefixes*, which the API documentation mentions:
//!   the official client matches bare names only, so the emulator sends bare names.
//! * *Which box form the service sends* (absolute `<box>top,left,bottom,right</box>`,
//!   normalized `<bbox>left,top,right,bottom</bbox>`, or bare normalized numbers): scenarios
//!   send whatever they are given; the examples use `<box>`.
//! * *Whether `return` can carry a non-string value*: the official client turns it into text
//!   with Python's `str()`, so answers are strings and structured answers are JSON text.
//! * *How the service uses `PENDING_CLIENT_ACTION` and `PENDING_HUMAN_ACTION`*: the emulator
//!   reports `PENDING_CLIENT_ACTION` whenever the client is to act next, including after the
//!   last step, and `PENDING_HUMAN_ACTION` only when a client sets it.
//! * *Whether the service accepts `TIMED_OUT` from clients*: accepted, with or without an
//!   `error`.
//! * *Whether the service reacts to an unfamiliar `sdkVersion`*: it does not.
//! * *`clickOptions.blurField` and the service's own names for actions*: not used.
//!
//! ## Scenario files
//!
//! A scenario (JSON, or YAML for `.yaml`/`.yml` files; see [`Scenario`]) lists rules. The
//! first rule whose `task` regular expression (unanchored, Rust `regex` syntax) matches the
//! act's task at `CreateAct` scripts the act; acts that match no rule use the built-in agent.
//!
//! ```yaml
//! rules:
//!   - task: "(?i)sign up"
//!     on_mismatch: fail                  # or `reject`; see below
//!     steps:
//!       - expect_observation:            # the observation this step is asked with
//!           url_matches: "/form$"
//!           width: 1600
//!           height: 813
//!         calls:                         # the emulator appends settle and observe calls
//!           - name: agentType
//!             input: ["alice", "<box>100,20,130,300</box>", { pressEnter: false }]
//!           - name: agentClick
//!             input: ["<box>200,20,230,120</box>", { clickType: left }]
//!       - calls:
//!           - name: lookup_price         # a user tool: object input
//!             input: { route: "LIS" }
//!             expect: { json: "129 EUR" }
//!       - calls:
//!           - name: human_Approve
//!             input: { message: "Buy at {{result.0}}?" }
//!             expect: { equals: "yes" }
//!       - expect_observation: { url_matches: "/done\\?name=alice" }
//!         return: "Signed up; fare {{result.0}}"
//!   - task: "impossible"
//!     steps:
//!       - throw: "I cannot do that"
//!   - task: "busy"
//!     steps:
//!       - error: { type: ThrottlingException, message: "Slow down" }
//!       - return: "Done after one retry"
//! ```
//!
//! * Each step has exactly one of `calls` (a list of `name`, `input` and an optional
//!   `expect`), `return` (the answer; a value that is not a string is sent as its JSON text),
//!   `throw` (a message) or `error` (a service error, below). `return` and `throw` must be
//!   the last step. A rule whose steps run out returns the decoded results of the last
//!   step's calls (one as it is, several as a JSON array).
//! * `error: {type, message, reason}` answers the request that asks for the step (the one
//!   whose results complete the step before, or the act's first request for a first step)
//!   with that error instead of a step. `type` is one of the errors the model declares for
//!   `InvokeActStep`: `AccessDeniedException` (403), `ConflictException` (409),
//!   `InternalServerException` (500), `ResourceNotFoundException` (404),
//!   `ServiceQuotaExceededException` (402), `ThrottlingException` (429),
//!   `ValidationException` (400); any other is refused when the scenario is read. The answer
//!   is written like every other error (status, `x-amzn-ErrorType`, body members), with
//!   `message` (default `<type> scripted by the nova-act-local scenario`) and the members the
//!   shape requires: the act as `resourceId`/`resourceType` (`Act`), `serviceCode`
//!   `nova-act` and a `quotaCode`; `ThrottlingException` and `InternalServerException` also
//!   carry `Retry-After: 1`. `reason` is for `ValidationException` (`FieldValidationFailed`,
//!   the default, `InvalidStatus` or `GuardrailIntervened`) and `InternalServerException`
//!   (`InvalidModelGeneration` or `RequestTokenLimitExceeded`; none by default). The error
//!   is answered once, then the act goes on as if the step were not there: the act's state
//!   does not change, so the same request sent again (a client's retry) gets the next step,
//!   made from the same results and checked against the same `expect`s (which are checked
//!   before the error is answered). Several `error` steps in a row answer one request each.
//!   An `error` step takes no `observe` or `expect_observation`.
//! * Call inputs follow the protocol: an array for built-in actions (default `[]`), an object
//!   for tools (default `{}`). A step with `calls` ends with `waitForPageToSettle` and
//!   `takeObservation` unless it says `observe: false`. That is for testing clients only:
//!   the service always asks for an observation, and the official Python SDK refuses to send
//!   the next step without one (`No observation found in call_results`). Such a step may
//!   list those calls itself, anywhere.
//! * `expect` checks a call's decoded result when the next `InvokeActStep` brings it:
//!   `equals`, `contains`, `matches` (regular expression) and `json` (the result is JSON
//!   equal to the value); all given checks must hold.
//! * `expect_observation` checks the observation sent with the request that asks for the
//!   step (for the first step, the client's first observation): `url` (equal), `url_matches`
//!   (regular expression), `width` and `height` (the window's, in CSS pixels).
//! * On a failed check, `on_mismatch: fail` (default) answers a `throw` call naming the
//!   problem, so the act fails; `reject` answers `ValidationException` (field `callResults`)
//!   and leaves the act as it was, so the client can send other results.
//! * Strings in `input`, `return` and `throw` may contain `{{result}}` (the decoded results
//!   of the previous step's scripted calls, one per line) and `{{result.N}}` (call `N`'s).
//! * Scenarios in the emulator's first, invented style are refused with the fix: call names
//!   with `tool.`/`browser.` prefixes, `return`/`throw` as call names, object inputs for
//!   built-in actions, array inputs for tools.
//!
//! # Models
//!
//! `ListModels` reports the configured models ([`default_models`]: `nova-act-v1.0` ACTIVE,
//! `nova-act-v0.9` LEGACY, both from compatibility version 1, and `nova-act-v1.1-preview`
//! PREVIEW from version 2) and aliases ([`default_aliases`]: `nova-act-latest` →
//! `nova-act-v1.0`), and which non-deprecated models suit the given
//! `clientCompatibilityVersion`.
//!
//! # Faults
//!
//! [`FaultConfig`] (binary: `--seed`, `--throttle-share`, `--internal-error-share`,
//! `--drop-share`, `--latency-ms`) injects, for a share of requests drawn from a seeded
//! ChaCha8 sequence: `ThrottlingException` (429, `Retry-After: 1`), `InternalServerException`
//! (500), or a dropped connection (the operation *is* carried out, then the connection closes
//! half-way through the answer, which is what makes idempotency tokens matter). Faults are
//! drawn only for requests that passed authentication (so a bad signature never consumes a
//! draw), before routing, one draw per request in arrival order: the same seed and the same
//! request sequence give the same faults. `latency` is added to every authenticated request.
//!
//! For errors at a chosen point of an act rather than at random, see the scenario steps'
//! `error` key ([Scenario files](#scenario-files)).
//!
//! # Journal
//!
//! With [`Builder::journal`]`(true)` (off by default) the server keeps in memory what each
//! request asked and what it was answered; [`Server::journal`] gives a copy in the order the
//! requests were answered (an entry is made before its answer is sent), and
//! [`Server::clear_journal`] empties it. Every authenticated request that names an operation
//! gets a [`JournalEntry`]: `operation` (`InvokeActStep`), `labels`
//! (`workflowDefinitionName`, `workflowRunId`, `sessionId`, `actId`, decoded), `query`,
//! `body` (the request's JSON as parsed; `null` when empty, a string holding the text when
//! it is not JSON), `status`, `error_type` (the `x-amzn-ErrorType` of an error),
//! `response` (the answer's JSON body) and `connection_dropped`. Answers to validation
//! failures and injected faults are journaled like any other; requests refused by
//! authentication or the body limits, and those that match no operation (404, 405), are not.
//! Entries are never dropped: a long-running server should clear the journal now and then.
//!
//! # What is emulated and what is not
//!
//! Emulated: the 16 operations with model-driven validation, states, idempotency, pagination,
//! SigV4 (header form), the scripted agent, faults. Not emulated: a real model or browser;
//! IAM authorization and quotas (`AccessDeniedException` and `ServiceQuotaExceededException`
//! are only sent when a scenario's `error` step says so); presigned (query-string) SigV4 and SigV4a;
//! validation of session tokens; S3 export and CloudWatch logging (the settings are stored
//! and echoed, `traceLocation` points at where the export would be); act time-outs (acts
//! only become `TIMED_OUT` through `UpdateAct`); persistence (state lives in memory);
//! HTTPS and HTTP/2 (plain HTTP/1.1 only).
//!
//! # Layout
//!
//! [`schema`] reads the model; [`protocol`] routes and (de)serializes; [`validate`] checks
//! input; [`auth`] verifies SigV4; [`ops`] implements the operations on the [`store`];
//! [`act_protocol`] checks what clients send to `InvokeActStep` and shapes the calls;
//! [`agent`] and [`scenario`] decide the steps; [`pagination`] issues tokens; [`faults`]
//! injects failures; [`journal`] records requests; [`server`] ties them together.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod act_protocol;
pub mod agent;
pub mod auth;
pub mod config;
pub mod errors;
pub mod faults;
pub mod journal;
pub mod ops;
pub mod pagination;
pub mod protocol;
pub mod scenario;
pub mod schema;
pub mod server;
pub mod store;
pub mod validate;

pub use config::{
    default_aliases, default_models, FaultConfig, ModelAlias, ModelInfo, ModelStatus,
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCOUNT_ID, DEFAULT_BODY_LIMIT, DEFAULT_BODY_TIMEOUT,
    DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_PAGE_SIZE, DEFAULT_REGION,
    DEFAULT_SECRET_ACCESS_KEY,
};
pub use journal::JournalEntry;
pub use scenario::{Scenario, ScenarioError};
pub use server::{Builder, Server, StartError};
