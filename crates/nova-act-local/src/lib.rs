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
//!   ([`Builder::body_limit`], default 10 MiB): 413 `RequestEntityTooLargeException`.
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
//! * An act starts `RUNNING`; it is `PENDING_CLIENT_ACTION` while the client owes results
//!   for tool calls, and ends `SUCCEEDED` or `FAILED` with the agent's last step.
//!   `UpdateAct` may move an unfinished act to any status (e.g. `PENDING_HUMAN_ACTION` and
//!   back to `RUNNING`, or `FAILED` with an `error`); a finished act can only be "set" to the
//!   status it has (a no-op), anything else is `ValidationException` reason `InvalidStatus`.
//!   An `error` goes only with `FAILED` or `TIMED_OUT`.
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
//! The model describes the exchange: the client sends `callResults` (the results of the calls
//! it ran; the first request of an act has no calls to answer, so its results are ignored),
//! and gets `calls` to run next and a `stepId`. The emulator's protocol:
//!
//! * Call names follow the model's convention, `tool.{toolName}` or `browser.{action}`.
//! * Call IDs are `{stepId}.{index}`; a result names its call with `callId` (it may be left
//!   out when the step made a single call). An unknown `callId` is a `ValidationException`.
//! * `previousStepId`, when given, must be the act's latest step (else `ConflictException`).
//! * The act ends with a step whose single call is **`return`**, input `{"value": <answer>}`
//!   (the act is then `SUCCEEDED`), or **`throw`**, input `{"message": <why>}` (the act is
//!   then `FAILED`). Clients stop when they see one; invoking a step on a finished act is a
//!   `ConflictException`, as is invoking one while the run is not `RUNNING` or the act is
//!   `PENDING_HUMAN_ACTION`.
//! * A retried request (same `callResults`, same or no `previousStepId`) for the latest step
//!   gets the same answer again rather than advancing the act, so clients can retry after a
//!   dropped connection.
//!
//! Without a scenario, the built-in agent is deterministic: for an act with tools, step 1
//! calls the first tool spec (`tool.{name}`) with an input made from its JSON Schema
//! (`const`/`default`/`enum`/`examples` if given, else `"example"`, the minimum or 0, `false`,
//! objects with all their properties, arrays with `minItems` elements); step 2 returns the
//! text of that call's result. An act without tools returns at once.
//!
//! ## Scenario files
//!
//! A scenario (JSON, or YAML for `.yaml`/`.yml` files; see [`Scenario`]) lists rules. The
//! first rule whose `task` regular expression (unanchored, Rust `regex` syntax) matches the
//! act's task at `CreateAct` scripts the act; acts that match no rule use the built-in agent.
//!
//! ```yaml
//! rules:
//!   - task: "(?i)cheapest flight"
//!     on_mismatch: fail          # or `reject`; see below
//!     steps:
//!       - calls:                 # step 1: the client must run these calls
//!           - name: browser.goToUrl
//!             input: { url: "https://flights.example" }
//!           - name: tool.lookup_price
//!             input: { route: "LIS" }
//!             expect: { matches: "^[0-9]+ EUR$" }   # checked on the result sent back
//!       - calls:
//!           - name: tool.book
//!             input: { price: "{{result.1}}" }     # text of call 1's result
//!       - return: { booked: true, note: "{{result}}" }
//!   - task: "impossible"
//!     steps:
//!       - throw: "I cannot do that"
//! ```
//!
//! * Each step has exactly one of `calls` (a list of `name`, `input` (default `{}`) and an
//!   optional `expect`), `return` (any JSON value) or `throw` (a message). `return` and
//!   `throw` must be the last step. A rule whose steps run out returns the text of the last
//!   results (a string for one call, a list for several).
//! * `expect` checks the text of a call's result (its `content` text blocks joined by
//!   newlines) when the next `InvokeActStep` brings it: `equals`, `contains`, `matches`
//!   (regular expression) and `json` (parses as JSON equal to the value); all given checks
//!   must hold. On a mismatch, `on_mismatch: fail` (default) answers a `throw` call and the
//!   act becomes `FAILED`; `reject` answers `ValidationException` (field `callResults`) and
//!   leaves the act as it was, so the client can send other results.
//! * Strings in `input`, `return` and `throw` may contain `{{result}}` (all result texts of
//!   the previous step, one per line) and `{{result.N}}` (the text of call `N`'s result).
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
//! # What is emulated and what is not
//!
//! Emulated: the 16 operations with model-driven validation, states, idempotency, pagination,
//! SigV4 (header form), the scripted agent, faults. Not emulated: a real model or browser;
//! IAM authorization (`AccessDeniedException` is never sent) and quotas
//! (`ServiceQuotaExceededException` is never sent); presigned (query-string) SigV4 and SigV4a;
//! validation of session tokens; S3 export and CloudWatch logging (the settings are stored
//! and echoed, `traceLocation` points at where the export would be); act time-outs (acts
//! only become `TIMED_OUT` through `UpdateAct`); persistence (state lives in memory);
//! HTTPS and HTTP/2 (plain HTTP/1.1 only).
//!
//! # Layout
//!
//! [`schema`] reads the model; [`protocol`] routes and (de)serializes; [`validate`] checks
//! input; [`auth`] verifies SigV4; [`ops`] implements the operations on the [`store`];
//! [`agent`] and [`scenario`] drive `InvokeActStep`; [`pagination`] issues tokens; [`faults`]
//! injects failures; [`server`] ties them together.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod agent;
pub mod auth;
pub mod config;
pub mod errors;
pub mod faults;
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
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCOUNT_ID, DEFAULT_BODY_LIMIT, DEFAULT_PAGE_SIZE,
    DEFAULT_REGION, DEFAULT_SECRET_ACCESS_KEY,
};
pub use scenario::{Scenario, ScenarioError};
pub use server::{Builder, Server, StartError};
