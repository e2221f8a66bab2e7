#!/usr/bin/env python3
r"""Run a whole Nova Act lifecycle with boto3 against the nova-act-local emulator.

The emulator is checked by a client this repository did not write: boto3/botocore, with
their own serializer, SigV4 signer, error parser, paginators and retry handler. The script
starts the emulator binary itself on a free port of 127.0.0.1, reads the endpoint URL it
prints, and then, with ``boto3.client("nova-act", ...)``:

1. lists the models;
2. creates a workflow definition, a workflow run and a session;
3. creates an act with one tool (``lookup_fare``, declared with a JSON Schema) and drives it
   with InvokeActStep as the service expects (``initiateAct`` and an observation of a blank
   page first, then one JSON result per call by ``callId``), until the act's ``return`` call,
   and reports the act SUCCEEDED with UpdateAct;
4. updates acts and the run, and lists definitions, runs, sessions and acts with botocore's
   paginators, page by page;
5. provokes and checks ResourceNotFoundException, ValidationException (with its field list)
   and ConflictException, and ThrottlingException from a second emulator started with
   ``--throttle-share 1`` (after botocore's retries);
6. deletes everything.

Every step is printed. Any difference from what is expected exits with status 1; the
emulator is stopped in every case.

Usage, from the repository root:

    python3 -m venv /tmp/boto3-venv
    /tmp/boto3-venv/bin/pip install -r tools/boto3-interop/requirements.txt
    cargo build -p nova-act-local
    /tmp/boto3-venv/bin/python tools/boto3-interop/lifecycle.py \
        --emulator target/debug/nova-act-local
"""

import argparse
import base64
import json
import os
import re
import struct
import sys
import time
import zlib

# The checks and the emulator process shared by the scripts under tools/.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
from interop_harness import (  # noqa: E402
    ACCESS_KEY_ID,
    ACCOUNT,
    REGION,
    SECRET_ACCESS_KEY,
    Emulator,
    Mismatch,
    check,
    check_equal,
    step,
)

try:
    import boto3
    import botocore
    import botocore.config
    import botocore.exceptions
except ImportError:
    sys.exit(
        "error: boto3 is not installed; run: "
        "python3 -m pip install -r tools/boto3-interop/requirements.txt"
    )


WORKFLOW = "boto3-interop"
OTHER_WORKFLOW = "boto3-interop-other"
MISSING_ID = "00000000-0000-4000-8000-000000000000"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# The local tool: fares from an in-memory table.
FARES = {"LIS": "129 EUR", "OPO": "98 EUR"}
FARE_TOOL = {
    "name": "lookup_fare",
    "description": "Looks up the fare of a flight to a destination",
    "inputSchema": {
        "json": {
            "type": "object",
            "properties": {"destination": {"type": "string", "enum": ["LIS", "OPO"]}},
            "required": ["destination"],
        }
    },
}


def client_for(emulator, total_max_attempts):
    return boto3.client(
        "nova-act",
        endpoint_url=emulator.url,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
        config=botocore.config.Config(
            retries={"mode": "standard", "total_max_attempts": total_max_attempts}
        ),
    )


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------


def expect_error(code, call, **kwargs):
    """Calls `call(**kwargs)`, which must fail with the modeled error `code`; returns the
    parsed error response."""
    try:
        call(**kwargs)
    except botocore.exceptions.ClientError as e:
        check_equal(e.response["Error"]["Code"], code, f"{call.__name__} error code")
        check(
            UUID_RE.match(e.response["ResponseMetadata"].get("RequestId", "")),
            f"{code} carries a request id",
        )
        return e
    raise Mismatch(f"{call.__name__}({kwargs}) succeeded; expected {code}")


def act_status(client, act_id):
    for act in (
        client.get_paginator("list_acts")
        .paginate(workflowDefinitionName=WORKFLOW)
        .search("actSummaries[]")
    ):
        if act["actId"] == act_id:
            return act["status"]
    raise Mismatch(f"act {act_id} is not listed")


def text_result(text, call_id):
    return {"callId": call_id, "content": [{"text": text}]}


def blank_png(width, height):
    """A white RGB PNG, made with the standard library only."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\xff" * (3 * width)  # filter byte 0, then white pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def observation():
    """The observation of a blank 1600x813 page, encoded as a client sends it."""
    width, height = 1600, 813
    screenshot = base64.b64encode(blank_png(width, height)).decode("ascii")
    return json.dumps(
        {
            "activeURL": "about:blank",
            "browserDimensions": {
                "scrollHeight": height,
                "scrollLeft": 0,
                "scrollTop": 0,
                "scrollWidth": width,
                "windowHeight": height,
                "windowWidth": width,
            },
            "idToBboxMap": {},
            "screenshotBase64": f"data:image/png;base64,{screenshot}",
            "simplifiedDOM": "",
            "timestamp_ms": int(time.time() * 1000),
            "userAgent": f"boto3/{boto3.__version__} (no browser) Agent-NovaAct/0.9",
        }
    )


def run_call(call):
    """The result text of one call: JSON of the value, as the service expects."""
    name = call["name"]
    if name == "takeObservation":
        return observation()
    if name == "waitForPageToSettle":
        return "null"
    if name != "lookup_fare":
        raise Mismatch(f"unexpected call {name}({json.dumps(call['input'])})")
    fare = FARES.get(call["input"].get("destination"))
    if fare is None:
        return "ToolError: unknown destination"
    return json.dumps(fare)


# ---------------------------------------------------------------------------------------
# The lifecycle
# ---------------------------------------------------------------------------------------


def lifecycle(client):
    # Record what botocore sends, to check the idempotency tokens it fills in.
    sent = []
    client.meta.events.register(
        "before-send.nova-act.*",
        lambda request, **_: sent.append(
            (request.method, request.url, json.loads(request.body or b"null"))
        ),
    )

    models = client.list_models(clientCompatibilityVersion=1)
    aliases = {a["aliasName"]: a["latestModelId"] for a in models["modelAliases"]}
    check_equal(aliases.get("nova-act-latest"), "nova-act-v1.0", "alias nova-act-latest")
    check(
        "nova-act-v1.0" in models["compatibilityInformation"]["supportedModelIds"],
        "nova-act-v1.0 supports compatibility version 1",
    )
    step(f"ListModels: {len(models['modelSummaries'])} models, aliases {aliases}")

    created = client.create_workflow_definition(name=WORKFLOW, description="boto3 interop")
    check_equal(created["status"], "ACTIVE", "CreateWorkflowDefinition status")
    check_equal(
        created["ResponseMetadata"]["HTTPStatusCode"], 201, "CreateWorkflowDefinition HTTP status"
    )
    token = sent[-1][2].get("clientToken", "")
    check(UUID_RE.match(token), f"botocore filled clientToken with a UUID, got {token!r}")
    definition = client.get_workflow_definition(workflowDefinitionName=WORKFLOW)
    check_equal(
        definition["arn"],
        f"arn:aws:nova-act:{REGION}:{ACCOUNT}:workflow-definition/{WORKFLOW}",
        "definition ARN",
    )
    check_equal(definition["description"], "boto3 interop", "definition description")
    check(hasattr(definition["createdAt"], "tzinfo"), "createdAt parses as a datetime")
    step(f"CreateWorkflowDefinition {WORKFLOW}: ACTIVE, clientToken {token}")

    run = client.create_workflow_run(
        workflowDefinitionName=WORKFLOW,
        modelId="nova-act-latest",
        clientInfo={"compatibilityVersion": 1, "sdkVersion": f"boto3/{boto3.__version__}"},
    )
    run_id = run["workflowRunId"]
    check_equal(run["status"], "RUNNING", "CreateWorkflowRun status")
    check(UUID_RE.match(run_id), "workflow run id is a UUID")
    step(f"CreateWorkflowRun: {run_id} RUNNING")

    session_id = client.create_session(workflowDefinitionName=WORKFLOW, workflowRunId=run_id)[
        "sessionId"
    ]
    step(f"CreateSession: {session_id}")

    act = client.create_act(
        workflowDefinitionName=WORKFLOW,
        workflowRunId=run_id,
        sessionId=session_id,
        task="Look up the fare to Lisbon with lookup_fare and answer with it",
        toolSpecs=[FARE_TOOL],
    )
    act_id = act["actId"]
    check_equal(act["status"], "RUNNING", "CreateAct status")
    step(f"CreateAct: {act_id} RUNNING, tool lookup_fare")

    ids = dict(
        workflowDefinitionName=WORKFLOW,
        workflowRunId=run_id,
        sessionId=session_id,
        actId=act_id,
    )
    # The first step starts the act and shows the agent the page.
    results = [text_result("{}", "initiateAct"), text_result(observation(), "takeObservation")]
    previous = None
    answer = None
    for number in range(1, 11):
        request = dict(ids, callResults=results)
        if previous:
            request["previousStepId"] = previous
        answer_step = client.invoke_act_step(**request)
        calls = answer_step["calls"]
        names = [c["name"] for c in calls]
        step(f"InvokeActStep {number}: step {answer_step['stepId']}, calls {names}")
        results = []
        for call in calls:
            check(call["callId"].startswith(answer_step["stepId"]), "call ids are step-scoped")
            if call["name"] == "return":
                answer = call["input"][0]
            elif call["name"] == "throw":
                raise Mismatch(f"the act failed: {call['input']}")
            else:
                output = run_call(call)
                shown = output if len(output) < 80 else f"{output[:60]}... ({len(output)} bytes)"
                print(f"    {call['name']}({json.dumps(call['input'])}) -> {shown}")
                results.append(text_result(output, call["callId"]))
        if answer is not None:
            break
        check_equal(
            act_status(client, act_id), "PENDING_CLIENT_ACTION", "act status between steps"
        )
        previous = answer_step["stepId"]
    check_equal(answer, "129 EUR", "the act's answer")
    # The client owns the act's final status.
    check_equal(act_status(client, act_id), "PENDING_CLIENT_ACTION", "act status after return")
    client.update_act(**ids, status="SUCCEEDED")
    check_equal(act_status(client, act_id), "SUCCEEDED", "act status after UpdateAct")
    step(f"the act returned {answer!r}; UpdateAct SUCCEEDED")

    # Updates: a no-op on the finished act; a second act moved through statuses.
    client.update_act(**ids, status="SUCCEEDED")
    manual = client.create_act(
        workflowDefinitionName=WORKFLOW,
        workflowRunId=run_id,
        sessionId=session_id,
        task="Wait for a human",
    )["actId"]
    manual_ids = dict(ids, actId=manual)
    client.update_act(**manual_ids, status="PENDING_HUMAN_ACTION")
    check_equal(act_status(client, manual), "PENDING_HUMAN_ACTION", "act after UpdateAct")
    client.update_act(**manual_ids, status="RUNNING")
    client.update_act(
        **manual_ids,
        status="FAILED",
        error={"message": "nobody came", "type": "HumanActionTimeout"},
    )
    check_equal(act_status(client, manual), "FAILED", "act after UpdateAct FAILED")
    step(f"UpdateAct: {manual} PENDING_HUMAN_ACTION -> RUNNING -> FAILED")

    client.update_workflow_run(
        workflowDefinitionName=WORKFLOW, workflowRunId=run_id, status="SUCCEEDED"
    )
    finished = client.get_workflow_run(workflowDefinitionName=WORKFLOW, workflowRunId=run_id)
    check_equal(finished["status"], "SUCCEEDED", "run status after UpdateWorkflowRun")
    check(
        "endedAt" in finished and finished["endedAt"] >= finished["startedAt"], "run has endedAt"
    )
    check_equal(finished["modelId"], "nova-act-latest", "run modelId")
    step(f"UpdateWorkflowRun: {run_id} SUCCEEDED (ended {finished['endedAt'].isoformat()})")

    # Paginators, page by page.
    run_ids = [run_id]
    for _ in range(4):
        run_ids.append(
            client.create_workflow_run(
                workflowDefinitionName=WORKFLOW,
                modelId="nova-act-v1.0",
                clientInfo={"compatibilityVersion": 1},
            )["workflowRunId"]
        )
    tokens = [
        body["clientToken"]
        for method, url, body in sent
        if url.endswith("/workflow-runs") and method == "PUT"
    ]
    check_equal(len(set(tokens)), 5, "a fresh clientToken for each CreateWorkflowRun")
    pages = list(
        client.get_paginator("list_workflow_runs").paginate(
            workflowDefinitionName=WORKFLOW, PaginationConfig={"PageSize": 2}
        )
    )
    check_equal(
        [len(p["workflowRunSummaries"]) for p in pages], [2, 2, 1], "ListWorkflowRuns page sizes"
    )
    listed = [r["workflowRunId"] for p in pages for r in p["workflowRunSummaries"]]
    check_equal(listed, run_ids, "ListWorkflowRuns items in creation order")
    check("nextToken" not in pages[-1], "the last page has no nextToken")
    descending = (
        client.get_paginator("list_workflow_runs")
        .paginate(
            workflowDefinitionName=WORKFLOW,
            sortOrder="Descending",
            PaginationConfig={"PageSize": 3},
        )
        .build_full_result()["workflowRunSummaries"]
    )
    check_equal([r["workflowRunId"] for r in descending], run_ids[::-1], "descending order")
    step(
        "ListWorkflowRuns paginator: page sizes "
        f"{[len(p['workflowRunSummaries']) for p in pages]}, ascending and descending"
    )

    acts = (
        client.get_paginator("list_acts")
        .paginate(workflowDefinitionName=WORKFLOW, PaginationConfig={"PageSize": 1})
        .build_full_result()["actSummaries"]
    )
    check_equal(
        [(a["actId"], a["status"]) for a in acts],
        [(act_id, "SUCCEEDED"), (manual, "FAILED")],
        "ListActs",
    )
    sessions = (
        client.get_paginator("list_sessions")
        .paginate(
            workflowDefinitionName=WORKFLOW, workflowRunId=run_id, PaginationConfig={"PageSize": 1}
        )
        .build_full_result()["sessionSummaries"]
    )
    check_equal([s["sessionId"] for s in sessions], [session_id], "ListSessions")
    client.create_workflow_definition(name=OTHER_WORKFLOW)
    definition_pages = list(
        client.get_paginator("list_workflow_definitions").paginate(
            PaginationConfig={"PageSize": 1}
        )
    )
    names = [
        d["workflowDefinitionName"]
        for p in definition_pages
        for d in p["workflowDefinitionSummaries"]
    ]
    check_equal(names, [WORKFLOW, OTHER_WORKFLOW], "ListWorkflowDefinitions")
    check_equal(len(definition_pages), 2, "ListWorkflowDefinitions pages of 1")
    step(
        f"paginators: ListActs {len(acts)} acts, ListSessions {len(sessions)} session, "
        f"ListWorkflowDefinitions {len(names)} definitions"
    )

    # Modeled errors.
    e = expect_error(
        "ResourceNotFoundException",
        client.get_workflow_run,
        workflowDefinitionName=WORKFLOW,
        workflowRunId=MISSING_ID,
    )
    check(
        isinstance(e, client.exceptions.ResourceNotFoundException),
        "typed ResourceNotFoundException",
    )
    check_equal(e.response.get("resourceId"), MISSING_ID, "ResourceNotFoundException resourceId")
    check_equal(
        e.response.get("resourceType"), "WorkflowRun", "ResourceNotFoundException resourceType"
    )
    check_equal(
        e.response["ResponseMetadata"]["HTTPStatusCode"],
        404,
        "ResourceNotFoundException HTTP status",
    )
    step(f"ResourceNotFoundException: {e.response['Error']['Message']}")

    e = expect_error(
        "ValidationException",
        client.list_workflow_runs,
        workflowDefinitionName="?*!",
        maxResults=1000,
    )
    check(isinstance(e, client.exceptions.ValidationException), "typed ValidationException")
    check_equal(e.response.get("reason"), "FieldValidationFailed", "ValidationException reason")
    fields = sorted(f["name"] for f in e.response.get("fieldList", []))
    check_equal(fields, ["maxResults", "workflowDefinitionName"], "ValidationException fieldList")
    check_equal(
        e.response["ResponseMetadata"]["HTTPStatusCode"], 400, "ValidationException HTTP status"
    )
    step(f"ValidationException: reason FieldValidationFailed, fields {fields}")

    e = expect_error(
        "ValidationException",
        client.update_workflow_run,
        workflowDefinitionName=WORKFLOW,
        workflowRunId=run_id,
        status="RUNNING",
    )
    check_equal(e.response.get("reason"), "InvalidStatus", "ValidationException reason")
    step("ValidationException: reason InvalidStatus (a finished run cannot run again)")

    e = expect_error("ConflictException", client.create_workflow_definition, name=WORKFLOW)
    check(isinstance(e, client.exceptions.ConflictException), "typed ConflictException")
    check_equal(
        (e.response.get("resourceId"), e.response.get("resourceType")),
        (WORKFLOW, "WorkflowDefinition"),
        "ConflictException resource",
    )
    step(f"ConflictException: {e.response['Error']['Message']}")

    # Deletion.
    deleted = client.delete_workflow_run(workflowDefinitionName=WORKFLOW, workflowRunId=run_id)
    check_equal(deleted["status"], "DELETING", "DeleteWorkflowRun status")
    expect_error(
        "ResourceNotFoundException",
        client.get_workflow_run,
        workflowDefinitionName=WORKFLOW,
        workflowRunId=run_id,
    )
    step(f"DeleteWorkflowRun: {run_id} DELETING, then gone")
    for name in (WORKFLOW, OTHER_WORKFLOW):
        deleted = client.delete_workflow_definition(workflowDefinitionName=name)
        check_equal(deleted["status"], "DELETING", "DeleteWorkflowDefinition status")
    left = client.list_workflow_definitions()["workflowDefinitionSummaries"]
    check_equal(left, [], "definitions after deletion")
    step(f"DeleteWorkflowDefinition: {WORKFLOW}, {OTHER_WORKFLOW} DELETING, none left")


def throttling(client):
    """Every request is throttled: botocore retries, then raises ThrottlingException."""
    e = expect_error("ThrottlingException", client.list_workflow_definitions)
    check(isinstance(e, client.exceptions.ThrottlingException), "typed ThrottlingException")
    check_equal(
        e.response["ResponseMetadata"]["HTTPStatusCode"], 429, "ThrottlingException HTTP status"
    )
    check_equal(e.response["ResponseMetadata"]["RetryAttempts"], 1, "botocore retried once")
    check_equal(e.response.get("serviceCode"), "nova-act", "ThrottlingException serviceCode")
    check_equal(
        e.response["ResponseMetadata"]["HTTPHeaders"].get("retry-after"), "1", "Retry-After header"
    )
    step("ThrottlingException after 2 attempts (botocore standard retries), Retry-After: 1")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--emulator",
        required=True,
        help="path to the built nova-act-local binary (cargo build -p nova-act-local)",
    )
    args = parser.parse_args()
    if not os.access(args.emulator, os.X_OK):
        print(f"error: {args.emulator} is not an executable file", file=sys.stderr)
        return 2
    print(f"boto3 {boto3.__version__}, botocore {botocore.__version__}")

    # (title, emulator flags, checks, attempts per call including the first)
    for title, extra_args, scenario, attempts in (
        ("lifecycle", [], lifecycle, 3),
        ("throttling", ["--seed", "7", "--throttle-share", "1"], throttling, 2),
    ):
        try:
            emulator = Emulator(args.emulator, extra_args)
        except (OSError, RuntimeError) as e:
            print(f"error: cannot start the emulator: {e}", file=sys.stderr)
            return 2
        try:
            print(
                f"-- {title}: nova-act-local {' '.join(extra_args)} at {emulator.url}".replace(
                    "  ", " "
                )
            )
            scenario(client_for(emulator, attempts))
        except Mismatch as e:
            print(f"MISMATCH: {e}", file=sys.stderr)
            print(f"  emulator log (last lines):\n{emulator.log_tail()}", file=sys.stderr)
            return 1
        except botocore.exceptions.BotoCoreError as e:
            print(f"MISMATCH: botocore failed: {e}", file=sys.stderr)
            print(f"  emulator log (last lines):\n{emulator.log_tail()}", file=sys.stderr)
            return 1
        except botocore.exceptions.ClientError as e:
            print(f"MISMATCH: unexpected error {e.response.get('Error')}", file=sys.stderr)
            print(f"  emulator log (last lines):\n{emulator.log_tail()}", file=sys.stderr)
            return 1
        finally:
            emulator.stop()
    print("boto3 interop: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
