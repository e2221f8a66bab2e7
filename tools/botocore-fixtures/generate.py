#!/usr/bin/env python3
"""Record how botocore serializes Nova Act requests, for the Rust agreement test.

For every case below this script runs botocore's own rest-json serializer (no network
client, no credentials) and writes what botocore would put on the wire to
``crates/nova-act-sdk/tests/fixtures/botocore-requests.json``: the HTTP method, the path and
query string (encoded by ``botocore.awsrequest.prepare_request_dict``), the headers that
carry data, and the body. ``tests/botocore_agreement.rs`` sends the same inputs through the
Rust client and compares.

Usage, from the repository root:

    python3 -m pip install -r tools/botocore-fixtures/requirements.txt
    python3 tools/botocore-fixtures/generate.py          # rewrite the fixture
    python3 tools/botocore-fixtures/generate.py --check  # exit 1 if it is out of date

Notes on the inputs:

* Every operation with an idempotency token gets an explicit ``clientToken``, also in the
  "required members only" cases: a real botocore client (and the Rust client) fills an
  unset token with a random UUID, which would make the fixture non-deterministic.
* The ``*.encoded_labels`` / ``*.encoded_query`` cases use values that the model's
  ``pattern`` traits would reject on the service side (botocore does not check patterns
  client-side), on purpose: they pin down the percent-encoding of path labels and query
  values, which has to agree even if no real identifier needs it today.
"""

import argparse
import copy
import difflib
import json
import os
import re
import sys
from urllib.parse import urlsplit

try:
    import botocore
    import botocore.awsrequest
    import botocore.exceptions
    import botocore.loaders
    import botocore.serialize
    import botocore.session
    import botocore.validate
except ImportError:
    sys.exit(
        "error: botocore is not installed; run: "
        "python3 -m pip install -r tools/botocore-fixtures/requirements.txt"
    )

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REQUIREMENTS = os.path.join(REPO_ROOT, "tools", "botocore-fixtures", "requirements.txt")
FIXTURE = os.path.join(
    REPO_ROOT, "crates", "nova-act-sdk", "tests", "fixtures", "botocore-requests.json"
)
FIXTURE_DISPLAY = os.path.relpath(FIXTURE, REPO_ROOT)
REQUIREMENTS_DISPLAY = os.path.relpath(REQUIREMENTS, REPO_ROOT)
SCRIPT_DISPLAY = os.path.relpath(os.path.abspath(__file__), REPO_ROOT)

SERVICE = "nova-act"
PROTOCOL = "rest-json"
ENDPOINT_URL = "https://nova-act.us-east-1.amazonaws.com"
# Headers added by botocore itself rather than serialized from the input. prepare_request_dict
# is called without a user agent, so today none of these appear; the list is a safety net.
NON_DATA_HEADERS = {"user-agent", "x-amz-user-agent", "amz-sdk-invocation-id", "amz-sdk-request"}

# Identifiers shaped like the real ones.
WORKFLOW = "checkout-flow"
RUN_ID = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
SESSION_ID = "1a2b3c4d-5e6f-4a0b-9c8d-7e6f5a4b3c2d"
ACT_ID = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"
STEP_ID = "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c"

# Values that need percent-encoding in a path label or a query string: reserved characters,
# sub-delimiters, `%` itself, space, `~` (unreserved: must stay as is) and non-ASCII text.
ENCODED_WORKFLOW = "flow v2/α+β%20"
ENCODED_RUN_ID = "run:1@2!*'()[]"
ENCODED_SESSION_ID = "sess;a=b&c,d$e~f"
ENCODED_ACT_ID = "act#1?x=\"q\"<>^`{|}\\"
ENCODED_TOKEN = "eyJvZmZzZXQiOjEwMH0=+/ page 2&sort=asc~é"


def observation():
    """A takeObservation value as the official client builds it (screenshot cut short)."""
    return {
        "activeURL": "https://example.com/flights?from=SEA&to=ZRH",
        "browserDimensions": {
            "scrollHeight": 2400,
            "scrollLeft": 0,
            "scrollTop": 0,
            "scrollWidth": 1600,
            "windowHeight": 813,
            "windowWidth": 1600,
        },
        "idToBboxMap": {},
        "screenshotBase64": "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgH",
        "simplifiedDOM": "",
        "timestamp_ms": 1763683200125,
        "userAgent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/142.0.0.0 Safari/537.36 Agent-NovaAct/0.9",
    }


def token(case):
    """A deterministic idempotency token (33-256 characters, letters, digits and dashes)."""
    return "botocore-fixture-" + re.sub(r"[^a-zA-Z0-9]+", "-", case).strip("-") + "-0001"


def search_flights_schema():
    return {
        "type": "object",
        "description": "Search parameters",
        "properties": {
            "origin": {"type": "string", "minLength": 3, "maxLength": 3},
            "destination": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "passengers": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "properties": {
                        "age": {"type": "integer", "minimum": 0, "maximum": 120},
                        "seat": {"enum": ["aisle", "window", None]},
                    },
                    "required": ["age"],
                    "additionalProperties": False,
                },
            },
            "budget": {"type": "number", "multipleOf": 0.01, "default": 1.0},
            "flexible": {"type": "boolean", "default": True},
        },
        "required": ["origin", "destination"],
        "additionalProperties": False,
    }


def fill_form_schema():
    return {
        "type": "object",
        "properties": {
            "fields": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "selector": {"type": "string"},
                        "value": {"type": ["string", "number", "null"]},
                        "nested": {"type": "object", "properties": {}, "examples": [{}, []]},
                    },
                },
            },
            "submit": {"const": True},
            "note": {"type": "string", "examples": ["Zürich — 東京 \"quoted\"\n", ""]},
            "limits": {"type": "array", "items": [1, -2, 3.5, 1e-07, 12345678901234]},
        },
    }


def build_cases():
    """The inputs, as (case name, operation, params in botocore's camelCase shape)."""
    cases = []

    def case(name, operation, params):
        cases.append((name, operation, params))

    # CreateAct
    case(
        "CreateAct.full",
        "CreateAct",
        {
            "workflowDefinitionName": WORKFLOW,
            "workflowRunId": RUN_ID,
            "sessionId": SESSION_ID,
            "task": 'Book the cheapest flight from "SEA" to Zürich ✈ next Tuesday.\nThen stop.',
            "toolSpecs": [
                {
                    "name": "search_flights",
                    "description": "Searches flights between two airports.",
                    "inputSchema": {"json": search_flights_schema()},
                },
                {
                    "name": "fill-form",
                    "description": "Fills and submits a web form.",
                    "inputSchema": {"json": fill_form_schema()},
                },
            ],
            "clientToken": token("CreateAct.full"),
        },
    )
    case(
        "CreateAct.required_only",
        "CreateAct",
        {
            "workflowDefinitionName": WORKFLOW,
            "workflowRunId": RUN_ID,
            "sessionId": SESSION_ID,
            "task": "Open the home page.",
            "clientToken": token("CreateAct.required_only"),
        },
    )
    case(
        "CreateAct.empty_tool_specs",
        "CreateAct",
        {
            "workflowDefinitionName": WORKFLOW,
            "workflowRunId": RUN_ID,
            "sessionId": SESSION_ID,
            "task": "Open the home page.",
            "toolSpecs": [],
            "clientToken": token("CreateAct.empty_tool_specs"),
        },
    )
    case(
        "CreateAct.encoded_labels",
        "CreateAct",
        {
            "workflowDefinitionName": ENCODED_WORKFLOW,
            "workflowRunId": ENCODED_RUN_ID,
            "sessionId": ENCODED_SESSION_ID,
            "task": "Check the encoding.",
            "clientToken": token("CreateAct.encoded_labels"),
        },
    )

    # CreateSession
    case(
        "CreateSession.full",
        "CreateSession",
        {
            "workflowDefinitionName": WORKFLOW,
            "workflowRunId": RUN_ID,
            "clientToken": token("CreateSession.full"),
        },
    )
    case(
        "CreateSession.encoded_labels",
        "CreateSession",
        {
            "workflowDefinitionName": ENCODED_WORKFLOW,
            "workflowRunId": ENCODED_RUN_ID,
            "clientToken": token("CreateSession.encoded_labels"),
        },
    )

    # CreateWorkflowDefinition
    case(
        "CreateWorkflowDefinition.full",
        "CreateWorkflowDefinition",
        {
            "name": WORKFLOW,
            "description": "Buys things. Handles 'quotes', \"double quotes\", tabs\tand ünïcödé.",
            "exportConfig": {
                "s3BucketName": "my-export-bucket.example",
                "s3KeyPrefix": "runs/2025",
            },
            "clientToken": token("CreateWorkflowDefinition.full"),
        },
    )
    case(
        "CreateWorkflowDefinition.required_only",
        "CreateWorkflowDefinition",
        {"name": WORKFLOW, "clientToken": token("CreateWorkflowDefinition.required_only")},
    )
    case(
        "CreateWorkflowDefinition.export_bucket_only",
        "CreateWorkflowDefinition",
        {
            "name": WORKFLOW,
            "exportConfig": {"s3BucketName": "my-export-bucket"},
            "clientToken": token("CreateWorkflowDefinition.export_bucket_only"),
        },
    )

    # CreateWorkflowRun
    case(
        "CreateWorkflowRun.full",
        "CreateWorkflowRun",
        {
            "workflowDefinitionName": WORKFLOW,
            "modelId": "nova-act-latest",
            "clientToken": token("CreateWorkflowRun.full"),
            "logGroupName": "/aws/nova-act/checkout-flow",
            "clientInfo": {"compatibilityVersion": 3, "sdkVersion": "nova-act-sdk-rust/0.1.0"},
        },
    )
    case(
        "CreateWorkflowRun.required_only",
        "CreateWorkflowRun",
        {
            "workflowDefinitionName": WORKFLOW,
            "modelId": "nova-act-v1.0",
            "clientToken": token("CreateWorkflowRun.required_only"),
            "clientInfo": {"compatibilityVersion": 0},
        },
    )
    case(
        "CreateWorkflowRun.encoded_labels",
        "CreateWorkflowRun",
        {
            "workflowDefinitionName": ENCODED_WORKFLOW,
            "modelId": "nova-act-latest",
            "clientToken": token("CreateWorkflowRun.encoded_labels"),
            "clientInfo": {"compatibilityVersion": -1},
        },
    )

    # Deletes and gets: only labels.
    case(
        "DeleteWorkflowDefinition.full",
        "DeleteWorkflowDefinition",
        {"workflowDefinitionName": WORKFLOW},
    )
    case(
        "DeleteWorkflowDefinition.encoded_labels",
        "DeleteWorkflowDefinition",
        {"workflowDefinitionName": ENCODED_WORKFLOW},
    )
    case(
        "DeleteWorkflowRun.full",
        "DeleteWorkflowRun",
        {"workflowDefinitionName": WORKFLOW, "workflowRunId": RUN_ID},
    )
    case(
        "DeleteWorkflowRun.encoded_labels",
        "DeleteWorkflowRun",
        {"workflowDefinitionName": ENCODED_WORKFLOW, "workflowRunId": ENCODED_RUN_ID},
    )
    case(
        "GetWorkflowDefinition.full",
        "GetWorkflowDefinition",
        {"workflowDefinitionName": WORKFLOW},
    )
    case(
        "GetWorkflowDefinition.encoded_labels",
        "GetWorkflowDefinition",
        {"workflowDefinitionName": ENCODED_WORKFLOW},
    )
    case(
        "GetWorkflowRun.full",
        "GetWorkflowRun",
        {"workflowDefinitionName": WORKFLOW, "workflowRunId": RUN_ID},
    )
    case(
        "GetWorkflowRun.encoded_labels",
        "GetWorkflowRun",
        {"workflowDefinitionName": ENCODED_WORKFLOW, "workflowRunId": ENCODED_RUN_ID},
    )

    # InvokeActStep: results shaped like the official client's (callResults hold the service's
    # opaque call ids `<stepId>.<i>`, texts are `json.dumps` of the value or
    # "<ExceptionClass>: <message>"), plus a few edge cases the model allows.
    case(
        "InvokeActStep.full",
        "InvokeActStep",
        {
            "workflowDefinitionName": WORKFLOW,
            "workflowRunId": RUN_ID,
            "sessionId": SESSION_ID,
            "actId": ACT_ID,
            "callResults": [
                # A user tool's result. The model allows up to 100 content items (the
                # official client sends one): the second pins that all are sent, in order.
                {
                    "callId": STEP_ID + ".0",
                    "content": [
                        {"text": json.dumps({"flights": [{"price": 123.45, "carrier": "XY"}]})},
                        {"text": "second content item"},
                    ],
                },
                # An empty text: an edge case the official client never sends.
                {"callId": STEP_ID + ".1", "content": [{"text": ""}]},
                # A redirect fed back to the model: non-ASCII, newline, tab and quotes.
                {
                    "callId": STEP_ID + ".2",
                    "content": [
                        {
                            "text": 'AgentRedirectError: Ünïcödé ✓ option "Crème brûlée" is in '
                            "a native select;\n\tuse agentType with its value"
                        }
                    ],
                },
                # The step's closing waitForPageToSettle and takeObservation.
                {"callId": STEP_ID + ".3", "content": [{"text": json.dumps(None)}]},
                {"callId": STEP_ID + ".4", "content": [{"text": json.dumps(observation())}]},
                # callId is optional in the model (the official client always sets it).
                {"content": [{"text": "a result without a call id"}]},
            ],
            "previousStepId": STEP_ID,
        },
    )
    case(
        "InvokeActStep.first_step",
        "InvokeActStep",
        {
            "workflowDefinitionName": WORKFLOW,
            "workflowRunId": RUN_ID,
            "sessionId": SESSION_ID,
            "actId": ACT_ID,
            "callResults": [
                {"callId": "initiateAct", "content": [{"text": "{}"}]},
                {"callId": "takeObservation", "content": [{"text": json.dumps(observation())}]},
            ],
        },
    )
    # Only the required members: the official client always sets callId, and sends
    # previousStepId on every step but the first; this pins that unset members are left out.
    case(
        "InvokeActStep.required_only",
        "InvokeActStep",
        {
            "workflowDefinitionName": WORKFLOW,
            "workflowRunId": RUN_ID,
            "sessionId": SESSION_ID,
            "actId": ACT_ID,
            "callResults": [{"content": [{"text": "{}"}]}],
        },
    )
    case(
        "InvokeActStep.encoded_labels",
        "InvokeActStep",
        {
            "workflowDefinitionName": ENCODED_WORKFLOW,
            "workflowRunId": ENCODED_RUN_ID,
            "sessionId": ENCODED_SESSION_ID,
            "actId": ENCODED_ACT_ID,
            "callResults": [{"callId": STEP_ID + ".0", "content": [{"text": "null"}]}],
            "previousStepId": STEP_ID,
        },
    )

    # ListActs
    case(
        "ListActs.full",
        "ListActs",
        {
            "workflowDefinitionName": WORKFLOW,
            "workflowRunId": RUN_ID,
            "sessionId": SESSION_ID,
            "maxResults": 25,
            "nextToken": "eyJvZmZzZXQiOjI1fQ==",
            "sortOrder": "Descending",
        },
    )
    case("ListActs.required_only", "ListActs", {"workflowDefinitionName": WORKFLOW})
    case(
        "ListActs.encoded_query",
        "ListActs",
        {
            "workflowDefinitionName": ENCODED_WORKFLOW,
            "workflowRunId": ENCODED_RUN_ID,
            "sessionId": ENCODED_SESSION_ID,
            "maxResults": 1,
            "nextToken": ENCODED_TOKEN,
        },
    )

    # ListModels
    case("ListModels.full", "ListModels", {"clientCompatibilityVersion": 1})
    case("ListModels.zero_version", "ListModels", {"clientCompatibilityVersion": 0})
    case("ListModels.negative_version", "ListModels", {"clientCompatibilityVersion": -2147483648})

    # ListSessions
    case(
        "ListSessions.full",
        "ListSessions",
        {
            "workflowDefinitionName": WORKFLOW,
            "workflowRunId": RUN_ID,
            "maxResults": 100,
            "nextToken": "token-2",
            "sortOrder": "Ascending",
        },
    )
    case(
        "ListSessions.required_only",
        "ListSessions",
        {"workflowDefinitionName": WORKFLOW, "workflowRunId": RUN_ID},
    )
    case(
        "ListSessions.encoded_query",
        "ListSessions",
        {
            "workflowDefinitionName": ENCODED_WORKFLOW,
            "workflowRunId": ENCODED_RUN_ID,
            "nextToken": ENCODED_TOKEN,
        },
    )

    # ListWorkflowDefinitions
    case(
        "ListWorkflowDefinitions.full",
        "ListWorkflowDefinitions",
        {"maxResults": 10, "nextToken": "abc/def+ghi=", "sortOrder": "Ascending"},
    )
    case("ListWorkflowDefinitions.no_members", "ListWorkflowDefinitions", {})
    case(
        "ListWorkflowDefinitions.query_only",
        "ListWorkflowDefinitions",
        {"maxResults": 5, "nextToken": ENCODED_TOKEN},
    )

    # ListWorkflowRuns
    case(
        "ListWorkflowRuns.full",
        "ListWorkflowRuns",
        {
            "workflowDefinitionName": WORKFLOW,
            "maxResults": 50,
            "nextToken": "next page",
            "sortOrder": "Descending",
        },
    )
    case(
        "ListWorkflowRuns.required_only",
        "ListWorkflowRuns",
        {"workflowDefinitionName": WORKFLOW},
    )
    case(
        "ListWorkflowRuns.body_only",
        "ListWorkflowRuns",
        {"workflowDefinitionName": WORKFLOW, "sortOrder": "Ascending"},
    )

    # UpdateAct
    case(
        "UpdateAct.full",
        "UpdateAct",
        {
            "workflowDefinitionName": WORKFLOW,
            "workflowRunId": RUN_ID,
            "sessionId": SESSION_ID,
            "actId": ACT_ID,
            "status": "FAILED",
            "error": {
                "message": "The page did not load: HTTP 503 \"Service Unavailable\".",
                "type": "NavigationError",
            },
        },
    )
    case(
        "UpdateAct.required_only",
        "UpdateAct",
        {
            "workflowDefinitionName": WORKFLOW,
            "workflowRunId": RUN_ID,
            "sessionId": SESSION_ID,
            "actId": ACT_ID,
            "status": "SUCCEEDED",
        },
    )
    case(
        "UpdateAct.error_message_only",
        "UpdateAct",
        {
            "workflowDefinitionName": WORKFLOW,
            "workflowRunId": RUN_ID,
            "sessionId": SESSION_ID,
            "actId": ACT_ID,
            "status": "TIMED_OUT",
            "error": {"message": "Timed out."},
        },
    )
    case(
        "UpdateAct.encoded_labels",
        "UpdateAct",
        {
            "workflowDefinitionName": ENCODED_WORKFLOW,
            "workflowRunId": ENCODED_RUN_ID,
            "sessionId": ENCODED_SESSION_ID,
            "actId": ENCODED_ACT_ID,
            "status": "PENDING_HUMAN_ACTION",
        },
    )

    # UpdateWorkflowRun
    case(
        "UpdateWorkflowRun.full",
        "UpdateWorkflowRun",
        {"workflowDefinitionName": WORKFLOW, "workflowRunId": RUN_ID, "status": "SUCCEEDED"},
    )
    case(
        "UpdateWorkflowRun.encoded_labels",
        "UpdateWorkflowRun",
        {
            "workflowDefinitionName": ENCODED_WORKFLOW,
            "workflowRunId": ENCODED_RUN_ID,
            "status": "FAILED",
        },
    )

    return cases


def pinned_botocore_version():
    with open(REQUIREMENTS, encoding="utf-8") as f:
        for line in f:
            match = re.match(r"\s*botocore\s*==\s*([^\s#;]+)", line)
            if match:
                return match.group(1)
    raise SystemExit(f"error: no `botocore==` pin in {REQUIREMENTS}")


def serialize_case(service_model, serializer, name, operation, params):
    operation_model = service_model.operation_model(operation)
    # A real client validates before serializing; do the same so every case is an input
    # botocore accepts.
    try:
        botocore.validate.validate_parameters(copy.deepcopy(params), operation_model.input_shape)
    except botocore.exceptions.ParamValidationError as e:
        raise SystemExit(f"error: {name}: botocore rejects the input: {e}") from None
    request = serializer.serialize_to_request(copy.deepcopy(params), operation_model)
    botocore.awsrequest.prepare_request_dict(request, endpoint_url=ENDPOINT_URL)

    url = request["url"]
    if not url.startswith(ENDPOINT_URL):
        raise SystemExit(f"error: {name}: unexpected URL {url!r}")
    path_and_query = url[len(ENDPOINT_URL):]
    split = urlsplit(url)
    if split.fragment:
        raise SystemExit(f"error: {name}: URL has a fragment: {url!r}")

    headers = {
        key: value
        for key, value in request["headers"].items()
        if key.lower() not in NON_DATA_HEADERS
    }

    raw = request["body"]
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if not isinstance(raw, bytes):
        raise SystemExit(f"error: {name}: unexpected body type {type(raw).__name__}")
    raw_text = raw.decode("utf-8")

    return {
        "name": name,
        "operation": operation,
        "params": params,
        "method": request["method"],
        "pathAndQuery": path_and_query,
        "path": split.path,
        # Query parameters in botocore's order (the model's member order), still encoded.
        "query": split.query.split("&") if split.query else [],
        "headers": headers,
        "rawBody": raw_text,
        "body": json.loads(raw_text) if raw_text else None,
    }


def generate():
    version = pinned_botocore_version()
    if botocore.__version__ != version:
        raise SystemExit(
            f"error: botocore {botocore.__version__} is installed but {REQUIREMENTS_DISPLAY} pins "
            f"{version}; run: python3 -m pip install -r {REQUIREMENTS_DISPLAY}"
        )
    session = botocore.session.get_session()
    # Only the models shipped inside botocore: no ~/.aws/models, no AWS_DATA_PATH.
    session.register_component(
        "data_loader",
        botocore.loaders.Loader(
            extra_search_paths=[botocore.loaders.Loader.BUILTIN_DATA_PATH],
            include_default_search_paths=False,
        ),
    )
    service_model = session.get_service_model(SERVICE)
    protocol = service_model.metadata["protocol"]
    if protocol != PROTOCOL:
        raise SystemExit(f"error: {SERVICE} uses {protocol!r}, this script expects {PROTOCOL!r}")
    serializer = botocore.serialize.create_serializer(PROTOCOL)

    cases = build_cases()
    names = [name for name, _, _ in cases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SystemExit(f"error: duplicate case names: {', '.join(duplicates)}")
    covered = {operation for _, operation, _ in cases}
    missing = sorted(set(service_model.operation_names) - covered)
    if missing:
        raise SystemExit(f"error: no case for: {', '.join(missing)}")

    document = {
        "botocoreVersion": botocore.__version__,
        "service": SERVICE,
        "apiVersion": service_model.api_version,
        "protocol": PROTOCOL,
        "endpointUrl": ENDPOINT_URL,
        "generatedBy": SCRIPT_DISPLAY,
        "cases": [serialize_case(service_model, serializer, *c) for c in cases],
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"



def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"write nothing; exit 1 if {FIXTURE_DISPLAY} differs from what botocore produces",
    )
    args = parser.parse_args(argv)

    text = generate()
    if args.check:
        try:
            with open(FIXTURE, encoding="utf-8", newline="") as f:
                committed = f.read()
        except FileNotFoundError:
            print(f"{FIXTURE_DISPLAY} is missing; run: python3 {SCRIPT_DISPLAY}")
            return 1
        if committed == text:
            print(f"{FIXTURE_DISPLAY} is up to date (botocore {botocore.__version__})")
            return 0
        diff = list(
            difflib.unified_diff(
                committed.splitlines(),
                text.splitlines(),
                fromfile=f"{FIXTURE_DISPLAY} (committed)",
                tofile=f"{FIXTURE_DISPLAY} (botocore {botocore.__version__})",
                lineterm="",
            )
        )
        changed = _changed_cases(committed, text)
        print(f"{FIXTURE_DISPLAY} is out of date.")
        if changed:
            print("Cases that differ: " + ", ".join(changed))
        added = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
        removed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
        print(f"{added} line(s) added, {removed} removed:")
        limit = 200
        for line in diff[:limit]:
            print(line)
        if len(diff) > limit:
            print(f"... {len(diff) - limit} more diff line(s)")
        print(f"Run: python3 {SCRIPT_DISPLAY}")
        return 1

    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    with open(FIXTURE, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {FIXTURE_DISPLAY} (botocore {botocore.__version__})")
    return 0


def _changed_cases(old_text, new_text):
    """Names of the cases that were added, removed or changed, or [] if old is not JSON."""
    try:
        old = {c["name"]: c for c in json.loads(old_text).get("cases", [])}
    except (ValueError, AttributeError, KeyError, TypeError):
        return []
    new = {c["name"]: c for c in json.loads(new_text)["cases"]}
    changed = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            changed.append(f"{name} (new)")
        elif name not in new:
            changed.append(f"{name} (removed)")
        elif old[name] != new[name]:
            changed.append(name)
    return changed


if __name__ == "__main__":
    sys.exit(main())
