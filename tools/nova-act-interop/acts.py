#!/usr/bin/env python3
r"""Run acts with the official Nova Act Python SDK (nova-act 3.4.187.0) against nova-act-local.

The emulator is driven by a client this repository did not write: the SDK's own act loop,
its Playwright actuator on a headless Debian Chromium, its tool and human-in-the-loop
plumbing and its result objects. The script starts the emulator binary itself on a free port
of 127.0.0.1 with ``--scenario scenario.yaml`` (one rule per act), serves the pages in
``pages/`` from a thread on 127.0.0.1, creates the workflow definition with boto3, and then,
inside one ``Workflow``, runs:

1. an act that types a name into a text field and clicks a button (``agentType`` and
   ``agentClick`` on fixed boxes); the browser must end on ``/done?name=alice``;
2. an act that calls a user ``@tool``, whose result goes back to the scenario and into the
   answer;
3. two ``act_get`` calls, one with ``BOOL_SCHEMA`` and one with an object schema;
4. an act that the agent ``throw``s, which must raise ``ActAgentFailed`` with the message;
5. an act that asks for ``human_Approve``, answered YES by a custom
   ``HumanInputCallbacksBase``;

and checks the SDK's result objects, the browser, the requests on the wire and, at the end,
what the emulator recorded.

Then comes the *agreement run*, a second ``Workflow`` with one ``NovaAct`` session on a blank
local page (``pages/blank.html``), the user tool and approving human-input callbacks. It runs
eight acts, scripted by the ``Agreement:`` rules of the scenario (which never look at the
page): a tool call; think, two tool calls and wait in one step; ``act_get`` with
``BOOL_SCHEMA`` and with an object schema; a ``throw``; ``human_Approve``; a tool that raises
(``ActToolError``); and ``max_steps=2`` against three steps (``ActExceededMaxStepsError``).
The three failures are caught, so the run ends ``SUCCEEDED``. Every request the SDK sent for
that run (CreateWorkflowRun to UpdateWorkflowRun; not the script's own boto3 calls) is
normalized by ``normalize_agreement`` (its docstring gives the rules, which a Rust test under
``crates/nova-act-agent/tests`` applies to its own agent's requests) into a JSON document. With
``--agreement-fixture PATH`` that document is written to PATH; with ``--check`` as well it is
compared with PATH instead, and a difference fails the run with a unified diff. Without the
option the agreement acts still run and are checked, and nothing is written.

Last come the *browser end states*, a third ``Workflow``: the browser acts B1 to B5 of the
scenario, each in its own ``NovaAct`` session on its start page: choosing Porto in a
``<select>`` (the click is answered with an ``AgentRedirectError`` listing the options, then
the value is typed) on ``/select``; scrolling down to a button on ``/scroll``; a link that
opens a new tab on ``/tabs``; a ``goToUrl`` that the session's ``state_guardrail`` (only
127.0.0.1, localhost and about:blank) refuses with ``ActStateGuardrailError`` on ``/form``;
and a click on ``/login`` after the application filled in the password through the SDK's
Playwright page (``nova.page.fill``). For each act the task, the start page, the outcome (the
answer, or the class name of the SDK's error), the path and query of ``nova.page.url`` after
the act and the number of InvokeActStep requests are recorded (``run_browser_end_states``
gives the format). With ``--browser-end-states PATH`` the recording is written to PATH, or,
with ``--check``, compared with it; ``crates/nova-act-agent/tests/browser_parity.rs`` runs the
same acts with the Rust agent's Chromium actuator and checks that they end the same way.
``--check`` applies to every fixture option given.

Every step is printed; the last line is ``N passed, M failed`` and the exit status is 0 only
if nothing failed. The emulator is stopped in every case.

Nothing leaves 127.0.0.1: the SDK's hard-coded AWS endpoint is redirected to the emulator,
its STS credential check is answered in-process, Chromium gets a proxy on a closed loopback
port for every other address, and a Python audit hook refuses any socket or name lookup
that is not loopback.

Usage, from the repository root:

    apt-get install -y chromium          # Debian's /usr/bin/chromium
    python3 -m venv /tmp/nova-venv
    /tmp/nova-venv/bin/pip install -r tools/nova-act-interop/requirements.txt
    cargo build -p nova-act-local
    /tmp/nova-venv/bin/python tools/nova-act-interop/acts.py \
        --emulator target/debug/nova-act-local \
        --agreement-fixture crates/nova-act-agent/tests/fixtures/python_sdk_agreement.json \
        --browser-end-states \
            crates/nova-act-agent/tests/fixtures/python_sdk_browser_end_states.json \
        --check

Drop ``--check`` to (re)write the fixtures after an intended change; two recordings in a row
are identical.
"""

import argparse
import difflib
import ipaddress
import json
import os
import re
import socketserver
import sys
import tempfile
import threading
import time
import traceback
import types
import uuid
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
# The checks and the emulator process shared by the scripts under tools/.
sys.path.insert(0, str(HERE.parent))
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
PAGES = HERE / "pages"
SCENARIO = HERE / "scenario.yaml"


SDK_VERSION = "3.4.187.0"
WORKFLOW = "nova-act-sdk-interop"
MODEL_ID = "nova-act-latest"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# The viewport the SDK's default 1600x900 window gives in headless Debian Chromium (the page
# the SDK opens in a new tab loses 87 px to browser UI nobody sees): the size the model is
# trained on, and what scenario.yaml's boxes and expect_observation assume.
VIEWPORT = (1600, 813)

CHROMIUM_FLAGS = [
    "--no-sandbox",  # the CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Every address but loopback goes to a proxy on a closed port, so the browser cannot
    # reach anything else. Chromium never proxies loopback addresses anyway; the bypass list
    # only says so explicitly. (Do NOT add "<-loopback>": it would send loopback through the
    # dead proxy too, and the local pages would not load.)
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1;localhost",
]

# The local tool: fares from an in-memory table.
FARES = {"LIS": "129 EUR", "OPO": "98 EUR"}

OBJECT_SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "signedUp": {"type": "boolean"}},
    "required": ["name", "signedUp"],
    "additionalProperties": False,
}


# ---------------------------------------------------------------------------------------
# Nothing leaves 127.0.0.1
# ---------------------------------------------------------------------------------------

BLOCKED = []  # every attempt to leave 127.0.0.1, as (event, target)


def is_loopback(host):
    if host is None:
        return True  # getaddrinfo(None, port): a local wildcard
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host in ("localhost", "127.0.0.1", "::1", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def network_guard(event, args):
    """A sys.addaudithook hook: refuses every socket connection and name lookup from this
    process that is not loopback, whoever makes it (botocore, requests, the SDK's TLS check),
    so a missed redirect fails loudly instead of reaching the internet."""
    if not event.startswith("socket."):
        return
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        address = args[1] if len(args) > 1 else None
        if not isinstance(address, tuple):
            return  # Unix sockets
        host = address[0]
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"):
        host = args[0]
    else:
        return
    if not is_loopback(host):
        BLOCKED.append((event, host))
        raise PermissionError(f"nova-act-interop: refused {event} to {host!r}: only 127.0.0.1")


def prepare_environment(log_level):
    """Environment for the SDK, set before it is imported (it reads some of it at import)."""
    env = os.environ
    for name in list(env):
        # No user configuration leaks in: profiles, endpoints, proxies, API keys.
        if name.startswith(("AWS_", "NOVA_ACT_")) or name.lower().endswith("_proxy"):
            del env[name]
    env.update(
        {
            # The SDK's Session().get_credentials() stops at the environment provider, so
            # botocore never asks the instance-metadata service; and that is off anyway.
            "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "NO_PROXY": "127.0.0.1,localhost",
            # Playwright cannot download its browsers here; Debian's Chromium is used.
            "NOVA_ACT_SKIP_PLAYWRIGHT_INSTALL": "1",
            "NOVA_ACT_HEADLESS": "1",
            # No ctrl+x watcher on stdin (CI has no terminal).
            "NOVA_ACT_DISABLE_TTY": "1",
            "NOVA_ACT_CHROME_CHANNEL": "chromium",
            # Split on whitespace by the SDK and appended to its own launch arguments, both for
            # the user-agent probe and for the browser that acts.
            "NOVA_ACT_BROWSER_ARGS": " ".join(CHROMIUM_FLAGS),
            "NOVA_ACT_LOG_LEVEL": str(log_level),
        }
    )


# ---------------------------------------------------------------------------------------
# The pages
# ---------------------------------------------------------------------------------------


class _TCPServer(socketserver.ThreadingTCPServer):
    # Not http.server's HTTPServer, which would look up the host's FQDN.
    allow_reuse_address = True
    daemon_threads = True


class PageServer:
    """Serves pages/<name>.html at /<name> (any query string) on 127.0.0.1, in a thread, and
    records the paths the browser asked for."""

    def __init__(self, directory):
        self.requests = []
        pages = {f"/{p.stem}": p.read_bytes() for p in directory.glob("*.html")}
        seen = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                seen.append(self.path)
                body = pages.get(urlsplit(self.path).path)
                if body is None:
                    self.send_response(404 if not self.path.startswith("/favicon") else 204)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = _TCPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return self.base + path

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


# ---------------------------------------------------------------------------------------
# What the SDK sends and receives
# ---------------------------------------------------------------------------------------


def shorten_observations(body):
    """The request body with each observation's screenshot replaced by its length."""
    for result in body.get("callResults", []) if isinstance(body, dict) else []:
        for content in result.get("content", []):
            try:
                value = json.loads(content.get("text", ""))
            except ValueError:
                continue
            if isinstance(value, dict) and "screenshotBase64" in value:
                shot = value["screenshotBase64"]
                value["screenshotBase64"] = f"<{len(shot)} chars, {shot[:23]}...>"
                content["text"] = json.dumps(value)
    return body


class Traffic:
    """Every nova-act request the SDK sends and every answer it gets, from botocore's events
    on the SDK's own session."""

    def __init__(self):
        self.events = []

    def on_send(self, request, event_name, **_):
        operation = event_name.rsplit(".", 1)[-1]
        try:
            body = json.loads(request.body or b"null")
        except ValueError:
            body = request.body
        self.events.append(
            {
                "dir": "send",
                "op": operation,
                "method": request.method,
                "url": request.url,
                "headers": {
                    k: v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()
                },
                "body": body,
            }
        )

    def on_answer(self, http_response, parsed, event_name, **_):
        operation = event_name.rsplit(".", 1)[-1]
        try:
            body = json.loads(http_response.content or b"null")
        except ValueError:
            body = http_response.content.decode("utf-8", "replace")
        self.events.append(
            {"dir": "answer", "op": operation, "status": http_response.status_code, "body": body}
        )

    def mark(self):
        return len(self.events)

    def since(self, mark):
        return Wire(self.events[mark:])


class Wire:
    """The requests and answers of one act."""

    def __init__(self, events):
        self.events = events

    def sent(self, op):
        return [e for e in self.events if e["dir"] == "send" and e["op"] == op]

    def answers(self, op):
        return [e for e in self.events if e["dir"] == "answer" and e["op"] == op]

    def only(self, items, what):
        check_equal(len(items), 1, f"number of {what}")
        return items[0]

    def step_calls(self):
        """The call names of each InvokeActStep answer."""
        return [
            [c["name"] for c in a["body"].get("calls", [])] for a in self.answers("InvokeActStep")
        ]

    def summary(self):
        steps = " | ".join(",".join(names) for names in self.step_calls())
        updates = [u["body"].get("status") for u in self.sent("UpdateAct")]
        invoked = len(self.sent("InvokeActStep"))
        return f"wire: CreateAct, InvokeActStep x{invoked} [{steps}], UpdateAct {updates}"

    def dump(self):
        lines = []
        for e in self.events:
            body = json.dumps(shorten_observations(json.loads(json.dumps(e["body"]))))
            if len(body) > 3000:
                body = body[:3000] + f"... ({len(body)} chars)"
            if e["dir"] == "send":
                lines.append(f"    > {e['op']} {e['method']} {urlsplit(e['url']).path} {body}")
            else:
                lines.append(f"    < {e['op']} {e['status']} {body}")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Redirecting the SDK
# ---------------------------------------------------------------------------------------


class _Body:
    """A raw HTTP body for botocore.awsrequest.AWSResponse."""

    def __init__(self, data):
        self.data = data

    def stream(self, **_):
        yield self.data


def answer_locally(request, event_name, **_):
    """before-send hook on the SDK's botocore session: answers STS GetCallerIdentity (the
    SDK's credential check when its backend is built) with the emulator's account, and
    refuses anything else not bound for 127.0.0.1."""
    import botocore.awsrequest

    host = urlsplit(request.url).hostname
    if event_name.endswith(".sts.GetCallerIdentity"):
        body = (
            '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
            "<GetCallerIdentityResult>"
            f"<Arn>arn:aws:iam::{ACCOUNT}:user/nova-act-interop</Arn>"
            "<UserId>AIDAEXAMPLEINTEROP0001</UserId>"
            f"<Account>{ACCOUNT}</Account>"
            "</GetCallerIdentityResult>"
            f"<ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata>"
            "</GetCallerIdentityResponse>"
        ).encode()
        STS_ANSWERED.append(request.url)
        return botocore.awsrequest.AWSResponse(
            request.url, 200, {"content-type": "text/xml"}, _Body(body)
        )
    if not is_loopback(host):
        BLOCKED.append(("botocore", request.url))
        raise PermissionError(f"nova-act-interop: refused {event_name} to {request.url}")
    return None


STS_ANSWERED = []


def redirect_sdk_endpoint(emulator_url):
    """nova-act 3.4.187.0 hard-codes https://nova-act.us-east-1.amazonaws.com/ in
    StarburstClient._resolve_endpoints and passes it to boto3 as endpoint_url, which beats
    every botocore setting (AWS_ENDPOINT_URL_NOVA_ACT, config files). So the method is
    replaced, on the class, before any Workflow exists: the SDK then builds its boto3 client
    for the emulator, signing with SigV4 as usual."""
    from nova_act.impl.backends.starburst.client import StarburstClient

    check(
        hasattr(StarburstClient, "_resolve_endpoints"),
        "nova-act has no StarburstClient._resolve_endpoints to redirect",
    )

    def _resolve_endpoints(self):
        self._api_url = emulator_url

    StarburstClient._resolve_endpoints = _resolve_endpoints


def sdk_botocore_session(traffic):
    """The botocore session the SDK's Workflow builds its boto3 Session on (passed as
    boto_session_kwargs["botocore_session"], a documented key), with our event hooks."""
    import botocore.session

    session = botocore.session.Session()
    session.register("before-send", answer_locally)
    session.register("before-send.nova-act", traffic.on_send)
    session.register("after-call.nova-act", traffic.on_answer)
    return session


def chromium_playwright(executable):
    """A Playwright instance whose Chromium launches are Debian's browser. nova-act 3.4.187.0
    has no executable-path option (its chrome_channel only picks one of Playwright's own
    builds, which cannot be downloaded here), but it accepts a Playwright instance
    (NovaAct(playwright_instance=...)); the launch methods of this instance's BrowserType get
    executable_path. The SDK itself is not patched for this."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser_type = playwright.chromium
    for name in ("launch", "launch_persistent_context"):
        original = getattr(browser_type, name)

        def launch(*args, _original=original, **kwargs):
            kwargs.setdefault("executable_path", executable)
            return _original(*args, **kwargs)

        setattr(browser_type, name, launch)
    return playwright


# ---------------------------------------------------------------------------------------
# The acts
# ---------------------------------------------------------------------------------------


class Run:
    """What the acts share."""

    def __init__(self, sdk, pages, traffic, emulator, nova_args):
        self.sdk = sdk
        self.pages = pages
        self.traffic = traffic
        self.emulator = emulator
        self.nova_args = nova_args
        self.sessions = []
        self.tool_calls = []


def check_result_metadata(metadata, nova, wire, prompt, steps, status):
    """The SDK's ActMetadata against what went over the wire."""
    created = wire.only(wire.answers("CreateAct"), "CreateAct answers")
    act_id = created["body"]["actId"]
    check(UUID_RE.match(metadata.act_id or ""), f"act id is a UUID: {metadata.act_id!r}")
    check_equal(metadata.act_id, act_id, "metadata.act_id (CreateAct answered)")
    check_equal(metadata.session_id, nova.get_session_id(), "metadata.session_id")
    check_equal(metadata.prompt, prompt, "metadata.prompt")
    check_equal(
        wire.only(wire.sent("CreateAct"), "CreateAct requests")["body"]["task"],
        prompt,
        "CreateAct task",
    )
    check_equal(metadata.num_steps_executed, steps, "metadata.num_steps_executed")
    check_equal(len(wire.sent("InvokeActStep")), steps, "InvokeActStep requests")
    check(
        metadata.start_time is not None
        and metadata.end_time is not None
        and metadata.start_time <= metadata.end_time,
        f"start_time <= end_time ({metadata.start_time}, {metadata.end_time})",
    )
    update = wire.only(wire.sent("UpdateAct"), "UpdateAct requests")
    check_equal(update["body"].get("status"), status, "UpdateAct status the SDK sent")
    check_equal(
        wire.only(wire.answers("UpdateAct"), "UpdateAct answers")["status"],
        200,
        "UpdateAct HTTP status",
    )
    first = wire.sent("InvokeActStep")[0]["body"]
    check_equal(
        [r.get("callId") for r in first["callResults"]],
        ["initiateAct", "takeObservation"],
        "first InvokeActStep callIds",
    )
    for answer in wire.answers("InvokeActStep"):
        check_equal(answer["status"], 200, "InvokeActStep HTTP status")
    return act_id


def result_texts(wire, request_index):
    """The result texts of the InvokeActStep request number request_index (0-based)."""
    body = wire.sent("InvokeActStep")[request_index]["body"]
    return [c["text"] for r in body["callResults"] for c in r["content"]]


def act_type_and_click(run, nova):
    prompt = "Sign up as alice on the form"
    nova.go_to_url(run.pages.url("/form"))
    check_equal(nova.page.evaluate("[innerWidth, innerHeight]"), list(VIEWPORT), "viewport")
    mark = run.traffic.mark()
    served = len(run.pages.requests)
    result = nova.act(prompt)
    wire = run.traffic.since(mark)
    print(f"    {wire.summary()}")
    check_equal(type(result).__name__, "ActResult", "act() result type")
    act_id = check_result_metadata(result.metadata, nova, wire, prompt, 2, "SUCCEEDED")
    check_equal(
        wire.step_calls()[0],
        ["agentType", "agentClick", "waitForPageToSettle", "takeObservation"],
        "calls of step 1",
    )
    texts = result_texts(wire, 1)
    check_equal(len(texts), 4, "results sent for step 1's four calls")
    check_equal(texts[:3], ["null", "null", "null"], "agentType, agentClick, settle results")
    observation = json.loads(texts[3])
    check(
        observation["activeURL"].endswith("/done?name=alice"),
        f"the observation after the click is of /done?name=alice: {observation['activeURL']}",
    )
    dimensions = observation["browserDimensions"]
    check_equal(
        (dimensions["windowWidth"], dimensions["windowHeight"]), VIEWPORT, "observed viewport"
    )
    # In the browser, through the SDK's Playwright page.
    page = nova.page
    parts = urlsplit(page.url)
    check_equal(f"{parts.path}?{parts.query}", "/done?name=alice", "browser URL after the act")
    check_equal(page.text_content("#greeting"), "Welcome, alice", "greeting on the page")
    check("/done?name=alice" in run.pages.requests[served:], "the form was submitted to /done")
    step(
        f"act {act_id}: typed 'alice', clicked Sign up; page {page.url}, "
        f"{result.metadata.num_steps_executed} steps"
    )


def act_with_tool(run, nova):
    prompt = "Look up the fare to Lisbon with lookup_fare and answer with it"
    full_prompt = f"{prompt}, format output with jsonschema: {json.dumps(run.sdk.STRING_SCHEMA)}"
    mark = run.traffic.mark()
    calls_before = len(run.tool_calls)
    result = nova.act_get(prompt)
    wire = run.traffic.since(mark)
    print(f"    {wire.summary()}")
    act_id = check_result_metadata(result.metadata, nova, wire, full_prompt, 2, "SUCCEEDED")
    specs = wire.sent("CreateAct")[0]["body"].get("toolSpecs", [])
    check_equal(
        sorted(s["name"] for s in specs),
        ["human_Approve", "human_UiTakeover", "lookup_fare"],
        "CreateAct toolSpecs",
    )
    fare_spec = next(s for s in specs if s["name"] == "lookup_fare")
    check(
        "destination" in fare_spec["inputSchema"]["json"].get("properties", {}),
        f"lookup_fare's schema has 'destination': {fare_spec}",
    )
    check_equal(run.tool_calls[calls_before:], ["LIS"], "lookup_fare calls")
    check_equal(result_texts(wire, 1)[0], json.dumps("129 EUR"), "tool result text sent back")
    check_equal(result.parsed_response, "The fare to Lisbon is 129 EUR", "parsed_response")
    check_equal(result.matches_schema, True, "matches_schema")
    step(
        f"act {act_id}: lookup_fare(destination='LIS') -> '129 EUR'; "
        f"response {result.response!r}"
    )


def act_get_bool(run, nova):
    prompt = "Is there a Sign up button on the page?"
    schema = run.sdk.BOOL_SCHEMA
    full_prompt = f"{prompt}, format output with jsonschema: {json.dumps(schema)}"
    nova.go_to_url(run.pages.url("/form"))
    mark = run.traffic.mark()
    result = nova.act_get(prompt, schema=schema)
    wire = run.traffic.since(mark)
    print(f"    {wire.summary()}")
    check_equal(type(result).__name__, "ActGetResult", "act_get() result type")
    act_id = check_result_metadata(result.metadata, nova, wire, full_prompt, 1, "SUCCEEDED")
    check_equal(result.response, "true", "response")
    check_equal(result.parsed_response, True, "parsed_response")
    check_equal(result.valid_json, True, "valid_json")
    check_equal(result.matches_schema, True, "matches_schema")
    step(f"act {act_id}: BOOL_SCHEMA answer {result.response!r} -> {result.parsed_response!r}")


def act_get_object(run, nova):
    prompt = "Read the signed-up name from the page"
    full_prompt = f"{prompt}, format output with jsonschema: {json.dumps(OBJECT_SCHEMA)}"
    nova.go_to_url(run.pages.url("/done?name=alice"))
    mark = run.traffic.mark()
    result = nova.act_get(prompt, schema=OBJECT_SCHEMA)
    wire = run.traffic.since(mark)
    print(f"    {wire.summary()}")
    act_id = check_result_metadata(result.metadata, nova, wire, full_prompt, 1, "SUCCEEDED")
    check_equal(result.parsed_response, {"name": "alice", "signedUp": True}, "parsed_response")
    check_equal(result.valid_json, True, "valid_json")
    check_equal(result.matches_schema, True, "matches_schema")
    step(f"act {act_id}: object schema answer {result.response!r}")


def act_that_throws(run, nova):
    prompt = "Book a flight to the Moon"
    message = "No flights to the Moon are listed on this page"
    mark = run.traffic.mark()
    try:
        nova.act(prompt)
    except run.sdk.ActAgentFailed as e:
        error = e
    else:
        raise Mismatch("act() returned; expected ActAgentFailed")
    wire = run.traffic.since(mark)
    print(f"    {wire.summary()}")
    check_equal(error.message, message, "ActAgentFailed.message")
    check(message in str(error), "the message is in str(ActAgentFailed)")
    act_id = check_result_metadata(error.metadata, nova, wire, prompt, 1, "FAILED")
    update = wire.sent("UpdateAct")[0]["body"]
    check_equal(update.get("error", {}).get("type"), "ActAgentFailed", "UpdateAct error.type")
    check(message in update.get("error", {}).get("message", ""), "UpdateAct error.message")
    step(f"act {act_id}: ActAgentFailed({error.message!r}); UpdateAct FAILED")


def act_with_approval(run, nova, approver):
    prompt = "Buy the ticket to Lisbon once a human approves"
    full_prompt = f"{prompt}, format output with jsonschema: {json.dumps(run.sdk.STRING_SCHEMA)}"
    mark = run.traffic.mark()
    asked = len(approver.approvals)
    result = nova.act_get(prompt)
    wire = run.traffic.since(mark)
    print(f"    {wire.summary()}")
    act_id = check_result_metadata(result.metadata, nova, wire, full_prompt, 2, "SUCCEEDED")
    check_equal(
        approver.approvals[asked:], ["Buy the ticket to Lisbon for 129 EUR?"], "approval requests"
    )
    check_equal(approver.takeovers, [], "UI takeover requests")
    check_equal(result_texts(wire, 1)[0], json.dumps("yes"), "approval result text sent back")
    check_equal(result.parsed_response, "Bought after approval: yes", "parsed_response")
    check(result.metadata.human_wait_time_s >= 0, "human_wait_time_s")
    step(f"act {act_id}: human_Approve answered YES; response {result.response!r}")


def check_browser_isolated(run, nova):
    """Chromium reaches loopback pages (the acts ran on them) and nothing else: a page for a
    documentation-only address (TEST-NET-1, never routed) fails at the dead proxy."""
    page = nova.page.context.new_page()
    try:
        page.goto("http://192.0.2.1/", timeout=10_000)
    except Exception as e:  # Playwright's Error
        check("ERR_PROXY_CONNECTION_FAILED" in str(e), f"refused by the proxy: {e}")
    else:
        raise Mismatch("Chromium loaded http://192.0.2.1/")
    finally:
        page.close()
    step("Chromium: non-loopback addresses fail with net::ERR_PROXY_CONNECTION_FAILED")


def check_emulator_records(run, client, workflow_run_id):
    """What the emulator recorded agrees with what the SDK told it."""
    summary = client.get_workflow_run(
        workflowDefinitionName=WORKFLOW, workflowRunId=workflow_run_id
    )
    check_equal(summary["status"], "SUCCEEDED", "workflow run status (UpdateWorkflowRun)")
    check_equal(summary["modelId"], MODEL_ID, "workflow run modelId")
    sessions = (
        client.get_paginator("list_sessions")
        .paginate(workflowDefinitionName=WORKFLOW, workflowRunId=workflow_run_id)
        .build_full_result()["sessionSummaries"]
    )
    check_equal(
        sorted(s["sessionId"] for s in sessions), sorted(run.sessions), "sessions of the run"
    )
    # The final status of each act, as the SDK's UpdateAct requests set it.
    wire = run.traffic.since(0)
    created = [a["body"]["actId"] for a in wire.answers("CreateAct")]
    updated = {
        urlsplit(u["url"]).path.rsplit("/", 1)[-1]: u["body"]["status"]
        for u in wire.sent("UpdateAct")
    }
    check_equal(sorted(updated), sorted(created), "acts the SDK created and finished")
    acts = (
        client.get_paginator("list_acts")
        .paginate(workflowDefinitionName=WORKFLOW, workflowRunId=workflow_run_id)
        .build_full_result()["actSummaries"]
    )
    check_equal({a["actId"]: a["status"] for a in acts}, updated, "act statuses")
    check_equal(
        [urlsplit(url).hostname.split(".")[0] for url in STS_ANSWERED],
        ["sts"],
        "STS GetCallerIdentity calls, answered in-process",
    )
    check_equal(BLOCKED, [], "attempts to leave 127.0.0.1")
    statuses = sorted(updated.values())
    step(
        f"emulator: run {workflow_run_id} SUCCEEDED, {len(sessions)} sessions, "
        f"{len(acts)} acts {statuses}, as the SDK reported them"
    )


# ---------------------------------------------------------------------------------------
# The agreement recording
# ---------------------------------------------------------------------------------------

AGREEMENT_RECORDED_WITH = (
    f"nova-act {SDK_VERSION} (tools/nova-act-interop/acts.py --agreement-fixture)"
)
# The operations of one workflow run, as the SDK sends them on its own boto3 client.
AGREEMENT_OPERATIONS = {
    "CreateWorkflowRun",
    "CreateSession",
    "CreateAct",
    "InvokeActStep",
    "UpdateAct",
    "UpdateWorkflowRun",
}
AGREEMENT_OBJECT_SCHEMA = {
    "type": "object",
    "properties": {"destination": {"type": "string"}, "euros": {"type": "integer"}},
    "required": ["destination", "euros"],
    "additionalProperties": False,
}
# The lines of ActMetadata that Python's ActError.__str__ puts into UpdateAct error.message
# and that differ from run to run.
METADATA_LINE_RE = re.compile(
    r"^( *)(session_id|act_id|start_time|end_time|step_server_times_s|time_worked) = .*$",
    re.MULTILINE,
)
UUID_IN_TEXT_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def normalize_agreement(requests):
    """The agreement recording of a list of (operation, JSON request body) pairs, in the order
    sent: ``[{"operation": ..., "body": ...}, ...]``. The bodies are copied, then changed by
    these rules, applied in this order (a Rust test applies the same rules to its own
    client's requests):

    1. A top-level ``clientToken`` (any request) becomes ``"<token>"``.
    2. ``clientInfo.sdkVersion`` (CreateWorkflowRun) becomes ``"<sdk-version>"``.
    3. In InvokeActStep, each ``callResults[i].content[j].text`` that parses as a JSON object
       with the key ``screenshotBase64`` (an observation) becomes ``"<observation>"``. Every
       other result text is kept as sent.
    4. In UpdateAct ``error.message``, each line ``<spaces>KEY = <value>`` whose KEY is
       ``session_id``, ``act_id``, ``start_time``, ``end_time``, ``step_server_times_s`` or
       ``time_worked`` (the run-dependent ActMetadata lines of Python's error text) becomes
       ``<spaces>KEY = <KEY>``. The rest of the message and ``error.type`` are kept.
    5. In InvokeActStep, every lower-case UUID (``8-4-4-4-12`` hex digits ``0-9a-f``) inside
       ``callResults[i].callId`` and inside ``previousStepId`` is replaced by ``<step-N>``.
       N numbers the distinct UUIDs 1, 2, ... in order of first appearance, across the whole
       recording: requests in order and, within one body, the callIds in order, then
       previousStepId. So ``"<uuid>.0"`` becomes ``"<step-1>.0"``.

    Everything else is kept verbatim: ``modelId``, ``task``, ``toolSpecs``, ``status``,
    call ids that hold no UUID (``initiateAct``, ``takeObservation``), result texts. Path
    parameters (workflow, run, session and act ids) are not part of the bodies."""
    step_numbers = {}

    def number_steps(text):
        def replace(match):
            uuid_text = match.group(0)
            step_numbers.setdefault(uuid_text, len(step_numbers) + 1)
            return f"<step-{step_numbers[uuid_text]}>"

        return UUID_IN_TEXT_RE.sub(replace, text)

    recording = []
    for operation, body in requests:
        body = json.loads(json.dumps(body))
        if isinstance(body, dict):
            if "clientToken" in body:
                body["clientToken"] = "<token>"
            if isinstance(body.get("clientInfo"), dict) and "sdkVersion" in body["clientInfo"]:
                body["clientInfo"]["sdkVersion"] = "<sdk-version>"
            for result in body.get("callResults", []):
                for content in result.get("content", []):
                    try:
                        value = json.loads(content.get("text", ""))
                    except ValueError:
                        continue
                    if isinstance(value, dict) and "screenshotBase64" in value:
                        content["text"] = "<observation>"
            error = body.get("error")
            if isinstance(error, dict) and isinstance(error.get("message"), str):
                error["message"] = METADATA_LINE_RE.sub(r"\1\2 = <\2>", error["message"])
            for result in body.get("callResults", []):
                if isinstance(result.get("callId"), str):
                    result["callId"] = number_steps(result["callId"])
            if isinstance(body.get("previousStepId"), str):
                body["previousStepId"] = number_steps(body["previousStepId"])
        recording.append({"operation": operation, "body": body})
    return recording


def agreement_text(recording):
    """The fixture file's text: deterministic (sorted keys, two-space indent, final newline)."""
    document = {"recorded_with": AGREEMENT_RECORDED_WITH, "requests": recording}
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def last_step_calls(wire):
    """The calls of the last InvokeActStep answer, as (name, input) pairs."""
    return [(c["name"], c["input"]) for c in wire.answers("InvokeActStep")[-1]["body"]["calls"]]


def agreement_act(run, nova, prompt, raises=None, **kwargs):
    """act(prompt), or act_get when a schema is given; returns the result, or the error when
    it must raise the error class ``raises``, and the act's wire."""
    mark = run.traffic.mark()
    outcome = None
    try:
        if "schema" in kwargs:
            outcome = nova.act_get(prompt, **kwargs)
        else:
            outcome = nova.act(prompt, **kwargs)
    except Exception as e:
        if raises is None or not isinstance(e, raises):
            raise
        outcome = e
    else:
        if raises is not None:
            raise Mismatch(f"act() returned; expected {raises.__name__}")
    wire = run.traffic.since(mark)
    print(f"    {wire.summary()}")
    created = wire.only(wire.sent("CreateAct"), "CreateAct requests")
    check_equal(created["body"]["task"], prompt_sent(prompt, kwargs), "CreateAct task")
    return outcome, wire


def prompt_sent(prompt, kwargs):
    if "schema" not in kwargs:
        return prompt
    return f"{prompt}, format output with jsonschema: {json.dumps(kwargs['schema'])}"


def check_last_step(wire, steps, calls):
    check_equal(len(wire.sent("InvokeActStep")), steps, "InvokeActStep requests")
    check_equal(last_step_calls(wire), calls, "calls of the last step")


def check_update(wire, status, error_type=None, message=None):
    update = wire.only(wire.sent("UpdateAct"), "UpdateAct requests")["body"]
    check_equal(update.get("status"), status, "UpdateAct status")
    if error_type is not None:
        error = update.get("error", {})
        check_equal(error.get("type"), error_type, "UpdateAct error.type")
        check(message in error.get("message", ""), f"{message!r} in UpdateAct error.message")


def agreement_tool(run, nova):
    before = len(run.tool_calls)
    _, wire = agreement_act(run, nova, "Agreement: look up the fare to Lisbon with lookup_fare")
    check_equal(run.tool_calls[before:], ["LIS"], "lookup_fare calls")
    check_equal(result_texts(wire, 1)[0], json.dumps("129 EUR"), "tool result text")
    check_last_step(wire, 2, [("return", ["The fare to Lisbon is 129 EUR"])])
    check_update(wire, "SUCCEEDED")
    step("lookup_fare(destination='LIS') -> '129 EUR'; returned 'The fare to Lisbon is 129 EUR'")


def agreement_several_calls(run, nova):
    before = len(run.tool_calls)
    prompt = "Agreement: compare the fares to Porto and Lisbon with lookup_fare"
    _, wire = agreement_act(run, nova, prompt)
    check_equal(run.tool_calls[before:], ["OPO", "LIS"], "lookup_fare calls, in order")
    check_equal(
        wire.step_calls()[0],
        ["think", "lookup_fare", "lookup_fare", "wait", "waitForPageToSettle", "takeObservation"],
        "calls of step 1",
    )
    texts = result_texts(wire, 1)
    check_equal(
        texts[:5],
        ["null", json.dumps("98 EUR"), json.dumps("129 EUR"), "null", "null"],
        "result texts of step 1, in call order",
    )
    check("screenshotBase64" in json.loads(texts[5]), "the last result is an observation")
    check_last_step(wire, 2, [("return", ["98 EUR / 129 EUR"])])
    check_update(wire, "SUCCEEDED")
    step(f"think, lookup_fare x2, wait in one step; results {texts[:5]} + observation")


def agreement_bool(run, nova):
    prompt = "Agreement: is the fare to Lisbon below 200 EUR?"
    result, wire = agreement_act(run, nova, prompt, schema=run.sdk.BOOL_SCHEMA)
    check_equal(result.parsed_response, True, "parsed_response")
    check_equal(result.matches_schema, True, "matches_schema")
    check_last_step(wire, 1, [("return", ["true"])])
    check_update(wire, "SUCCEEDED")
    step(f"BOOL_SCHEMA answer {result.response!r}")


def agreement_object(run, nova):
    prompt = "Agreement: give the fare to Lisbon as an object"
    result, wire = agreement_act(run, nova, prompt, schema=AGREEMENT_OBJECT_SCHEMA)
    check_equal(result.parsed_response, {"destination": "LIS", "euros": 129}, "parsed_response")
    check_equal(result.matches_schema, True, "matches_schema")
    check_update(wire, "SUCCEEDED")
    step(f"object schema answer {result.response!r}")


def agreement_throw(run, nova):
    prompt = "Agreement: book a flight to the Moon"
    error, wire = agreement_act(run, nova, prompt, raises=run.sdk.ActAgentFailed)
    check_equal(error.message, "No flights to the Moon", "ActAgentFailed.message")
    check_update(wire, "FAILED", "ActAgentFailed", "No flights to the Moon")
    step(f"ActAgentFailed({error.message!r}); UpdateAct FAILED")


def agreement_approval(run, nova, approver):
    asked = len(approver.approvals)
    _, wire = agreement_act(run, nova, "Agreement: buy the ticket to Lisbon")
    check_equal(
        approver.approvals[asked:], ["Buy the ticket to Lisbon for 129 EUR?"], "approvals"
    )
    check_equal(result_texts(wire, 1)[0], json.dumps("yes"), "approval result text")
    check_last_step(wire, 2, [("return", ["Bought: yes"])])
    check_update(wire, "SUCCEEDED")
    step("human_Approve answered YES; returned 'Bought: yes'")


def agreement_tool_raises(run, nova):
    before = len(run.tool_calls)
    prompt = "Agreement: look up the fare to Atlantis with lookup_fare"
    error, wire = agreement_act(run, nova, prompt, raises=run.sdk.ActToolError)
    check_equal(run.tool_calls[before:], ["ATL"], "lookup_fare calls")
    check_equal(error.message, "ValueError: no fare for ATL", "ActToolError.message")
    check_equal(len(wire.sent("InvokeActStep")), 1, "InvokeActStep requests")
    check_update(wire, "FAILED", "ActToolError", "ValueError: no fare for ATL")
    step(f"ActToolError({error.message!r}); UpdateAct FAILED")


def agreement_max_steps(run, nova):
    before = len(run.tool_calls)
    prompt = "Agreement: look up three fares with lookup_fare, one per step"
    error, wire = agreement_act(
        run, nova, prompt, raises=run.sdk.ActExceededMaxStepsError, max_steps=2
    )
    check_equal(run.tool_calls[before:], ["LIS", "OPO"], "lookup_fare calls")
    check_equal(len(wire.sent("InvokeActStep")), 2, "InvokeActStep requests")
    check_update(wire, "FAILED", "ActExceededMaxStepsError", "Exceeded max steps 2")
    step(f"ActExceededMaxStepsError({error.message!r}); UpdateAct FAILED")


def check_agreement_run(run, client, mark, workflow_run_id):
    """The agreement run's requests: only the SDK's own operations, the run SUCCEEDED, and the
    emulator recorded the act statuses the SDK sent."""
    wire = run.traffic.since(mark)
    sent = wire.sent
    operations = [e["op"] for e in wire.events if e["dir"] == "send"]
    check(set(operations) <= AGREEMENT_OPERATIONS, f"operations sent: {sorted(set(operations))}")
    check_equal(operations[:2], ["CreateWorkflowRun", "CreateSession"], "first requests")
    check_equal(operations[-1], "UpdateWorkflowRun", "last request")
    check_equal(sent("UpdateWorkflowRun")[0]["body"], {"status": "SUCCEEDED"}, "run status")
    check_equal(len(sent("CreateAct")), 8, "CreateAct requests")
    check_equal(
        [e["status"] for e in wire.events if e["dir"] == "answer"],
        [200 if op in ("InvokeActStep", "UpdateAct", "UpdateWorkflowRun") else 201
         for op in operations],
        "HTTP statuses",
    )
    summary = client.get_workflow_run(
        workflowDefinitionName=WORKFLOW, workflowRunId=workflow_run_id
    )
    check_equal(summary["status"], "SUCCEEDED", "workflow run status in the emulator")
    acts = (
        client.get_paginator("list_acts")
        .paginate(workflowDefinitionName=WORKFLOW, workflowRunId=workflow_run_id)
        .build_full_result()["actSummaries"]
    )
    updated = {
        urlsplit(u["url"]).path.rsplit("/", 1)[-1]: u["body"]["status"] for u in sent("UpdateAct")
    }
    check_equal({a["actId"]: a["status"] for a in acts}, updated, "act statuses")
    check_equal(BLOCKED, [], "attempts to leave 127.0.0.1")
    step(f"agreement run {workflow_run_id}: {len(operations)} requests, run SUCCEEDED")


def check_agreement_fixture(run, mark, path, compare):
    """Normalizes the agreement run's requests; writes them to path, or (compare) checks that
    path holds exactly them and shows a unified diff if not."""
    requests = [(e["op"], e["body"]) for e in run.traffic.since(mark).events if e["dir"] == "send"]
    text = agreement_text(normalize_agreement(requests))
    operations = " ".join(op for op, _ in requests)
    if path is None:
        step(f"agreement recording ({len(requests)} requests; not written, no fixture given)")
        return
    golden_file(path, text, compare, f"{len(requests)} requests: {operations}")


def golden_file(path, text, compare, summary):
    """Writes text to path, or (compare) checks that path holds exactly text and shows a
    unified diff if not."""
    path = Path(path)
    if not compare:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        step(f"wrote {path}: {summary}")
        return
    if not path.exists():
        raise Mismatch(f"{path} does not exist; run without --check to write it")
    expected = path.read_text()
    if expected != text:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            text.splitlines(keepends=True),
            fromfile=f"{path} (the fixture)",
            tofile="this run's recording",
        )
        sys.stdout.writelines(diff)
        raise Mismatch(
            f"the recording differs from {path} (diff above); if the change is intended, "
            "run again without --check to rewrite the fixture"
        )
    step(f"{path} matches this run's recording ({summary})")


# ---------------------------------------------------------------------------------------
# The browser end states
# ---------------------------------------------------------------------------------------

BROWSER_RECORDED_WITH = (
    f"nova-act {SDK_VERSION} (tools/nova-act-interop/acts.py --browser-end-states)"
)
# The password B5's application fills in before the act (never sent to the service).
B5_SECRET = "s3cret-Pa55word-91c7"

# The browser acts (scenario.yaml's B1 to B5): the name of the check, the task, the page the
# session starts on, and what the scenario scripts: the outcome and the end page (path and
# query). The recording is made of what the SDK did, not of these; they are only checked.
BROWSER_ACTS = [
    (
        "browser: B1 a select answered through the redirect",
        "Choose Porto on the city form",
        "/select",
        {"answer": "Chose Porto"},
        "/done?city=Porto",
    ),
    (
        "browser: B2 a scroll reveals a button",
        "Book from the bottom of the long page",
        "/scroll",
        {"answer": "Booked"},
        "/done?name=booked",
    ),
    (
        "browser: B3 a link that opens a new tab",
        "Open today's offer",
        "/tabs",
        {"answer": "Opened the offer"},
        "/done?name=offer",
    ),
    (
        "browser: B4 navigation the state guardrail refuses",
        "Go to the blocked site",
        "/form",
        {"error": "ActStateGuardrailError"},
        "/form",
    ),
    (
        "browser: B5 a password the application filled in",
        "Log in with the filled-in password",
        "/login",
        {"answer": "Logged in"},
        "/done?name=member",
    ),
]


def local_only(sdk):
    """B4's state guardrail: only 127.0.0.1, localhost and about:blank."""

    def guardrail(state):
        url = state.browser_url
        parts = urlsplit(url)
        local = parts.scheme in ("http", "https") and parts.hostname in ("127.0.0.1", "localhost")
        if local or url == "about:blank":
            return sdk.GuardrailDecision.PASS
        return sdk.GuardrailDecision.BLOCK

    return guardrail


def path_and_query(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def describe_result(text):
    """A result text for the log: an observation as its URL and scroll position."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(value, dict) and "screenshotBase64" in value:
        dimensions = value.get("browserDimensions", {})
        return (
            f"<observation {path_and_query(value.get('activeURL', ''))} "
            f"scrollTop={dimensions.get('scrollTop')}>"
        )
    return text


def browser_act(run, workflow, playwright, recording, task, start, outcome, end):
    """Runs one browser act in its own session on start; appends what the SDK did to
    recording and checks it against what the scenario scripts."""
    kwargs = {}
    if outcome.get("error") == "ActStateGuardrailError":
        kwargs["state_guardrail"] = local_only(run.sdk)
    with session(run, workflow, playwright, page=start, **kwargs) as nova:
        if start == "/login":
            # The application, not the agent, fills in the password (the SDK's Playwright page).
            nova.page.fill("#password", B5_SECRET)
        mark = run.traffic.mark()
        try:
            nova.act(task)
        except run.sdk.ActError as e:
            got = {"error": type(e).__name__}
            step(f"{type(e).__name__}: {e.message!r}")
        else:
            calls = last_step_calls(run.traffic.since(mark))
            check_equal([name for name, _ in calls], ["return"], "the calls of the last step")
            got = {"answer": calls[0][1][0]}
        wire = run.traffic.since(mark)
        url = nova.page.url
    print(f"    {wire.summary()}")
    for number, request in enumerate(wire.sent("InvokeActStep")):
        texts = [c["text"] for r in request["body"]["callResults"] for c in r["content"]]
        described = [describe_result(t) for t in texts]
        print(f"    results sent in InvokeActStep {number + 1}: {described}")
    for update in wire.sent("UpdateAct"):
        error = update["body"].get("error")
        if error:
            print(f"    UpdateAct error {error.get('type')!r}: {error.get('message')!r}")
    entry = {
        "task": task,
        "start": start,
        "outcome": got,
        "end": path_and_query(url),
        "invoke_act_step_requests": len(wire.sent("InvokeActStep")),
    }
    step(f"{task!r} on {start}: {got}, ends on {entry['end']} ({url})")
    check_equal(got, outcome, "the act's outcome")
    check_equal(entry["end"], end, "the page the act ends on")
    check(
        all(B5_SECRET not in json.dumps(e["body"]) for e in wire.events),
        "the password never reaches the service",
    )
    recording.append(entry)


def browser_end_states_text(recording):
    """The fixture file's text: deterministic (sorted keys, two-space indent, final newline)."""
    document = {"recorded_with": BROWSER_RECORDED_WITH, "acts": recording}
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def check_browser_fixture(recording, path, compare):
    text = browser_end_states_text(recording)
    if path is None:
        step(f"browser end states ({len(recording)} acts; not written, no fixture given)")
        return
    ends = ", ".join(e["end"] for e in recording)
    golden_file(path, text, compare, f"{len(recording)} acts ending on {ends}")


def run_browser_end_states(run, checks, playwright, fixture, compare):
    """The browser acts B1 to B5 of the scenario, each in its own NovaAct session on its start
    page, in one Workflow; what each did is recorded as a JSON document
    ``{"recorded_with": ..., "acts": [...]}``, one entry per act in scenario order:
    ``task``, ``start`` (the start page's path), ``outcome`` (``{"answer": <the text the act
    returned>}``, from the ``return`` call the SDK accepted, since ``act()`` gives no
    response; or ``{"error": <the class name of the SDK's ActError>}``), ``end`` (the path and
    query of ``nova.page.url`` after the act) and ``invoke_act_step_requests``. With
    ``--browser-end-states PATH`` the document is written to PATH; with ``--check`` it is
    compared with PATH instead (a difference fails with a unified diff). A Rust test
    (``crates/nova-act-agent/tests/browser_parity.rs``) runs the same acts with its own
    Chromium actuator and checks that it ends the same."""
    recording = []
    with sdk_workflow(run) as workflow:
        step(f"browser end states: run {workflow.workflow_run_id}")
        for name, task, start, outcome, end in BROWSER_ACTS:
            checks(
                name, browser_act, run, workflow, playwright, recording, task, start, outcome, end
            )
    if all(name in checks.passed for name, *_ in BROWSER_ACTS):
        checks("browser: recording", check_browser_fixture, recording, fixture, compare)
    else:
        print("\n--- browser: recording\nFAIL: not recorded, a browser act failed")


# ---------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------

PLAN = [
    "type into a field and click a button",
    "act_get with BOOL_SCHEMA",
    "act_get with an object schema",
    "act that throws",
    "browser cannot leave 127.0.0.1",
    "act that calls a user @tool",
    "act with human_Approve",
    "emulator records match the SDK",
    "agreement: a user @tool",
    "agreement: several calls in one step",
    "agreement: act_get with BOOL_SCHEMA",
    "agreement: act_get with an object schema",
    "agreement: act that throws",
    "agreement: human_Approve",
    "agreement: a user @tool that raises",
    "agreement: max_steps exceeded",
    "agreement: the run's requests and the emulator's records",
    "agreement: recording",
    "browser: B1 a select answered through the redirect",
    "browser: B2 a scroll reveals a button",
    "browser: B3 a link that opens a new tab",
    "browser: B4 navigation the state guardrail refuses",
    "browser: B5 a password the application filled in",
    "browser: recording",
]


class Checks:
    def __init__(self, run, verbose):
        self.run = run
        self.verbose = verbose
        self.passed = []
        self.failed = []

    def __call__(self, name, function, *args):
        assert name in PLAN, name
        print(f"\n--- {name}", flush=True)
        mark = self.run.traffic.mark()
        started = time.monotonic()
        try:
            function(*args)
        except Exception as e:
            self.failed.append(name)
            print(f"FAIL {name}: {type(e).__name__}: {e}".rstrip(), flush=True)
            # The SDK's ActError prints its own details; anything else gets its traceback.
            if not isinstance(e, (Mismatch, self.run.sdk.ActError)):
                traceback.print_exc(file=sys.stdout)
            self.show_wire(mark)
            if name not in ("agreement: recording", "browser: recording"):  # diffs say it all
                print("  emulator log (last lines):")
                print(self.run.emulator.log_tail())
        else:
            self.passed.append(name)
            if self.verbose:
                self.show_wire(mark)
            print(f"PASS {name} ({time.monotonic() - started:.1f} s)", flush=True)

    def show_wire(self, mark):
        wire = self.run.traffic.since(mark)
        if wire.events:
            print("  requests and answers (screenshots shortened):")
            print(wire.dump())


def load_sdk():
    """The SDK's names the script uses (imported once the environment is ready)."""
    from nova_act import (
        BOOL_SCHEMA,
        STRING_SCHEMA,
        ActAgentFailed,
        ActError,
        ActExceededMaxStepsError,
        ActStateGuardrailError,
        GuardrailDecision,
        NovaAct,
        Workflow,
        tool,
    )
    from nova_act.__version__ import VERSION

    # Not re-exported by the package either.
    from nova_act.types.act_errors import ActToolError

    # Not re-exported by the package; the SDK's README imports them from here.
    from nova_act.tools.human.interface.human_input_callback import (
        ApprovalResponse,
        HumanInputCallbacksBase,
        UiTakeoverResponse,
    )

    check_equal(VERSION, SDK_VERSION, "nova-act version")
    return types.SimpleNamespace(
        BOOL_SCHEMA=BOOL_SCHEMA,
        STRING_SCHEMA=STRING_SCHEMA,
        ActAgentFailed=ActAgentFailed,
        ActError=ActError,
        ActExceededMaxStepsError=ActExceededMaxStepsError,
        ActStateGuardrailError=ActStateGuardrailError,
        ActToolError=ActToolError,
        GuardrailDecision=GuardrailDecision,
        NovaAct=NovaAct,
        Workflow=Workflow,
        tool=tool,
        ApprovalResponse=ApprovalResponse,
        HumanInputCallbacksBase=HumanInputCallbacksBase,
        UiTakeoverResponse=UiTakeoverResponse,
    )


def make_tools(run):
    @run.sdk.tool
    def lookup_fare(destination: str) -> str:
        """Looks up the fare of a flight to a destination airport.

        Args:
            destination: the IATA code of the destination airport, LIS or OPO
        """
        run.tool_calls.append(destination)
        if destination not in FARES:
            raise ValueError(f"no fare for {destination}")
        return FARES[destination]

    return [lookup_fare]


def make_approver(sdk):
    class ApproveEverything(sdk.HumanInputCallbacksBase):
        """Says YES to every approval and cancels every takeover, and remembers both."""

        def __init__(self):
            super().__init__()
            self.approvals = []
            self.takeovers = []

        def approve(self, message):
            self.approvals.append(message)
            return sdk.ApprovalResponse.YES

        def ui_takeover(self, message):
            self.takeovers.append(message)
            return sdk.UiTakeoverResponse.CANCEL

    return ApproveEverything()


def session(run, workflow, playwright, page="/form", **kwargs):
    """A NovaAct session on a local page (the form page unless told), in the workflow."""
    nova = run.sdk.NovaAct(
        starting_page=run.pages.url(page),
        workflow=workflow,
        playwright_instance=playwright,
        headless=True,
        tty=False,
        chrome_channel="chromium",
        # The SDK would check each page's TLS certificate by connecting to its host on port
        # 443 (util/url.py verify_certificate), which fails for http://127.0.0.1:<port>.
        ignore_https_errors=True,
        **run.nova_args,
        **kwargs,
    )
    return nova


def sdk_workflow(run):
    """A Workflow whose boto3 session is ours: the emulator's key, our event hooks."""
    return run.sdk.Workflow(
        model_id=MODEL_ID,
        workflow_definition_name=WORKFLOW,
        boto_session_kwargs={
            "aws_access_key_id": ACCESS_KEY_ID,
            "aws_secret_access_key": SECRET_ACCESS_KEY,
            "region_name": REGION,
            "botocore_session": sdk_botocore_session(run.traffic),
        },
    )


def run_acts(run, checks, client, playwright):
    traffic = run.traffic
    with sdk_workflow(run) as workflow:
        run_id = workflow.workflow_run_id
        step(f"Workflow: run {run_id} (CreateWorkflowRun through the SDK)")
        created = traffic.since(0).sent("CreateWorkflowRun")[0]
        check_equal(
            urlsplit(created["url"]).netloc,
            urlsplit(run.emulator.url).netloc,
            "the SDK's endpoint",
        )
        check(
            created["headers"].get("Authorization", "").startswith("AWS4-HMAC-SHA256 "),
            "the SDK signs with SigV4",
        )
        check_equal(
            created["body"].get("clientInfo"),
            {"compatibilityVersion": 1, "sdkVersion": SDK_VERSION},
            "clientInfo",
        )

        # Session A: no tools, the SDK's default human-input callbacks (not declared).
        with session(run, workflow, playwright) as nova:
            run.sessions.append(nova.get_session_id())
            step(f"NovaAct session {nova.get_session_id()} on {nova.page.url}")
            checks("type into a field and click a button", act_type_and_click, run, nova)
            checks("act_get with BOOL_SCHEMA", act_get_bool, run, nova)
            checks("act_get with an object schema", act_get_object, run, nova)
            checks("act that throws", act_that_throws, run, nova)
            checks("browser cannot leave 127.0.0.1", check_browser_isolated, run, nova)

        # Session B: a user tool and human-input callbacks (both declared in toolSpecs).
        approver = make_approver(run.sdk)
        with session(
            run, workflow, playwright, tools=make_tools(run), human_input_callbacks=approver
        ) as nova:
            run.sessions.append(nova.get_session_id())
            step(f"NovaAct session {nova.get_session_id()} with a tool and HITL callbacks")
            checks("act that calls a user @tool", act_with_tool, run, nova)
            checks("act with human_Approve", act_with_approval, run, nova, approver)
    checks("emulator records match the SDK", check_emulator_records, run, client, run_id)


def run_agreement(run, checks, client, playwright, fixture, compare):
    """The agreement run: its own Workflow with one session on a blank local page, a user
    tool and approving HITL callbacks; every act's exception is caught (by the act or by
    checks), so the run ends SUCCEEDED. Its requests are then normalized and written to or
    compared with the fixture."""
    mark = run.traffic.mark()
    approver = make_approver(run.sdk)
    with sdk_workflow(run) as workflow:
        run_id = workflow.workflow_run_id
        with session(
            run,
            workflow,
            playwright,
            page="/blank",
            tools=make_tools(run),
            human_input_callbacks=approver,
        ) as nova:
            step(f"agreement: run {run_id}, session {nova.get_session_id()} on {nova.page.url}")
            checks("agreement: a user @tool", agreement_tool, run, nova)
            checks("agreement: several calls in one step", agreement_several_calls, run, nova)
            checks("agreement: act_get with BOOL_SCHEMA", agreement_bool, run, nova)
            checks("agreement: act_get with an object schema", agreement_object, run, nova)
            checks("agreement: act that throws", agreement_throw, run, nova)
            checks("agreement: human_Approve", agreement_approval, run, nova, approver)
            checks("agreement: a user @tool that raises", agreement_tool_raises, run, nova)
            checks("agreement: max_steps exceeded", agreement_max_steps, run, nova)
    checks(
        "agreement: the run's requests and the emulator's records",
        check_agreement_run,
        run,
        client,
        mark,
        run_id,
    )
    recorded = [n for n in PLAN if n.startswith("agreement: ") and n != "agreement: recording"]
    if all(name in checks.passed for name in recorded):
        checks("agreement: recording", check_agreement_fixture, run, mark, fixture, compare)
    else:
        print("\n--- agreement: recording\nFAIL: not recorded, an agreement check failed")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emulator", required=True, help="path of the nova-act-local binary")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="Chromium executable")
    parser.add_argument(
        "--scenario", default=str(SCENARIO), help="scenario file (default: %(default)s)"
    )
    parser.add_argument("--verbose", action="store_true", help="show the SDK's own logs")
    parser.add_argument(
        "--agreement-fixture",
        metavar="PATH",
        help="write the normalized requests of the agreement run to PATH (with --check: "
        "compare them with PATH instead, and fail with a diff if they differ)",
    )
    parser.add_argument(
        "--browser-end-states",
        metavar="PATH",
        help="write what the browser acts B1 to B5 did (outcome, end page, steps) to PATH "
        "(with --check: compare it with PATH instead, and fail with a diff if it differs)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="with --agreement-fixture and/or --browser-end-states: compare every fixture "
        "given, write none",
    )
    args = parser.parse_args()
    if args.check and not (args.agreement_fixture or args.browser_end_states):
        parser.error("--check needs --agreement-fixture PATH or --browser-end-states PATH")
    for path, what in ((args.emulator, "emulator binary"), (args.chromium, "Chromium")):
        if not os.access(path, os.X_OK):
            sys.exit(f"error: the {what} {path} is missing or not executable")

    started = time.monotonic()
    prepare_environment(20 if args.verbose else 30)
    sys.addaudithook(network_guard)
    try:
        import boto3
        import botocore.config

        sdk = load_sdk()
    except ImportError as e:
        sys.exit(
            f"error: {e}; run: python3 -m pip install -r tools/nova-act-interop/requirements.txt"
        )

    pages = PageServer(PAGES)
    emulator = None
    logs = tempfile.TemporaryDirectory(prefix="nova-act-interop-")
    checks = Checks(None, args.verbose)
    try:
        emulator = Emulator(
            args.emulator,
            ["--scenario", str(args.scenario)],
            env={"RUST_LOG": os.environ.get("RUST_LOG", "nova_act_local=debug")},
        )
        step(f"emulator at {emulator.url}, scenario {args.scenario}; pages at {pages.base}")
        redirect_sdk_endpoint(emulator.url)
        client = boto3.client(
            "nova-act",
            endpoint_url=emulator.url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
            config=botocore.config.Config(retries={"mode": "standard", "total_max_attempts": 1}),
        )
        client.create_workflow_definition(name=WORKFLOW, description="nova-act SDK interop")
        step(f"CreateWorkflowDefinition {WORKFLOW} (boto3)")
        run = Run(sdk, pages, Traffic(), emulator, {"logs_directory": logs.name})
        checks.run = run
        playwright = chromium_playwright(args.chromium)
        try:
            run_acts(run, checks, client, playwright)
            run_agreement(run, checks, client, playwright, args.agreement_fixture, args.check)
            run_browser_end_states(run, checks, playwright, args.browser_end_states, args.check)
        finally:
            playwright.stop()
    except Exception as e:
        print(f"\nFAIL setup: {type(e).__name__}: {e}", flush=True)
        traceback.print_exc(file=sys.stdout)
        if emulator is not None:
            print("  emulator log (last lines):")
            print(emulator.log_tail())
    finally:
        if emulator is not None:
            emulator.stop()
        pages.stop()
        logs.cleanup()

    passed = len(checks.passed)
    failed = len(PLAN) - passed
    print(f"\nfinished in {time.monotonic() - started:.1f} s")
    for name in PLAN:
        if name not in checks.passed:
            print(f"not passed: {name}")
    print(f"{passed} passed, {failed} failed", flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
