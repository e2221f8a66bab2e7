#!/usr/bin/env python3
r"""The official Python SDK's side of the browser benchmark (nova-act 3.4.187.0).

Runs the benchmark act of ``scenario.yaml`` ("Benchmark: click the counter button 10 times":
10 steps of ``agentClick`` on pages/counter.html, each followed by the ``waitForPageToSettle``
and ``takeObservation`` the emulator appends, then a step that returns; 11 steps) with N
concurrent sessions, the SDK's way: one ``NovaAct`` (one Playwright driver, one headless
Chromium) per thread, N threads, sharing one ``Workflow``. A round runs one act per session,
all started together (a barrier); the first round is a warm-up. Prints one JSON object.

Figures, the same as the Rust side's (crates/nova-act-bench/benches/browser.rs):

* **client-side time per step** = (wall time of ``nova.act`` − Σ ``InvokeActStep`` round
  trips) / steps. A round trip is timed on the SDK's own botocore session, from
  ``before-parameter-build`` (before the request is serialized) to ``after-call`` (the answer
  parsed), per thread; ``CreateAct`` and ``UpdateAct`` stay in the client-side time.
* **steps per second** = steps completed in the measured rounds / the sum of their wall
  times (first act started to last act ended).
* **breakdown** (means, so that the parts add up to the mean client-side time):
  ``DefaultNovaLocalBrowserActuator.agent_click``, ``wait_for_page_to_settle``
  and ``take_observation`` are wrapped with timers (on the class; the SDK's code is not
  otherwise changed); the rest is the act loop, logging and the two other calls.

Everything else is set up as ``tools/nova-act-interop/acts.py`` does, with its own helpers
(imported from that module): the environment, the audit hook that refuses any socket that is
not loopback, the SDK's endpoint redirected to the emulator, STS answered in-process, and
Playwright launching Debian's Chromium with the same flags (a proxy on a closed loopback port
for every other address). The emulator and the page are started by ``run.py``, not here, so
that they are not part of this process's memory.

Usage (run.py does this):

    /tmp/nova-venv/bin/python tools/browser-bench/python_side.py \
        --endpoint http://127.0.0.1:PORT --page-url http://127.0.0.1:PORT2/counter \
        --sessions 8 --acts 4
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "nova-act-interop"))
import acts  # noqa: E402  (the interop script's helpers; it puts tools/ on sys.path too)
from interop_harness import ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY  # noqa: E402

TASK = "Benchmark: click the counter button 10 times"
CLICKS_PER_ACT = 10

# Per thread: the start of the InvokeActStep call in flight, the sum of the round trips and
# the time spent in each timed actuator method during the current act.
_local = threading.local()


def _reset_timers():
    _local.server = 0.0
    _local.spent = {"click": 0.0, "settle": 0.0, "observe": 0.0}


def _step_sent(**_):
    _local.sent = time.perf_counter()


def _step_answered(**_):
    _local.server = getattr(_local, "server", 0.0) + time.perf_counter() - _local.sent


def timed_botocore_session():
    """A botocore session like acts.sdk_botocore_session, without its traffic recorder (which
    decodes every request body): STS answered locally, non-loopback refused, and the
    InvokeActStep round trips timed."""
    import botocore.session

    session = botocore.session.Session()
    session.register("before-send", acts.answer_locally)
    session.register("before-parameter-build.nova-act.InvokeActStep", _step_sent)
    session.register("after-call.nova-act.InvokeActStep", _step_answered)
    return session


def time_actuator_methods():
    from nova_act.tools.browser.default.default_nova_local_browser_actuator import (
        DefaultNovaLocalBrowserActuator as Actuator,
    )

    for attribute, key in (
        ("agent_click", "click"),
        ("wait_for_page_to_settle", "settle"),
        ("take_observation", "observe"),
    ):
        original = getattr(Actuator, attribute)

        def timed(self, *args, _original=original, _key=key, **kwargs):
            begun = time.perf_counter()
            try:
                return _original(self, *args, **kwargs)
            finally:
                spent = getattr(_local, "spent", None)
                if spent is not None:
                    spent[_key] += time.perf_counter() - begun

        setattr(Actuator, attribute, timed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True, help="the emulator's URL")
    parser.add_argument("--page-url", required=True, help="URL of pages/counter.html")
    parser.add_argument("--sessions", type=int, default=1)
    parser.add_argument("--acts", type=int, default=4, help="rounds, the first a warm-up")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    if args.acts < 2:
        parser.error("--acts: a warm-up round and at least one measured round")

    begun = time.perf_counter()
    acts.prepare_environment(30)
    sys.addaudithook(acts.network_guard)
    import boto3

    sdk = acts.load_sdk()
    acts.redirect_sdk_endpoint(args.endpoint)
    time_actuator_methods()

    definition = f"browser-bench-python-{os.getpid()}"
    boto3.client(
        "nova-act",
        endpoint_url=args.endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
    ).create_workflow_definition(name=definition)

    logs = tempfile.TemporaryDirectory(prefix="browser-bench-python-")
    ready = threading.Barrier(args.sessions + 1)
    round_start = threading.Barrier(args.sessions + 1)
    samples = []  # (round, steps, wall, server, spent, started, ended)
    counts = []
    errors = []
    lock = threading.Lock()

    def session(workflow, index):
        try:
            playwright = acts.chromium_playwright(args.chromium)
            try:
                nova = sdk.NovaAct(
                    starting_page=args.page_url,
                    workflow=workflow,
                    playwright_instance=playwright,
                    headless=True,
                    tty=False,
                    chrome_channel="chromium",
                    ignore_https_errors=True,
                    logs_directory=logs.name,
                )
                with nova:
                    ready.wait()
                    for round in range(args.acts):
                        round_start.wait()
                        _reset_timers()
                        started = time.perf_counter()
                        result = nova.act(TASK)
                        ended = time.perf_counter()
                        acts.check_equal(
                            result.metadata.num_steps_executed, CLICKS_PER_ACT + 1, "steps"
                        )
                        with lock:
                            samples.append(
                                (
                                    round,
                                    result.metadata.num_steps_executed,
                                    ended - started,
                                    _local.server,
                                    dict(_local.spent),
                                    started,
                                    ended,
                                )
                            )
                    count = int(nova.page.text_content("#count"))
                    with lock:
                        counts.append(count)
            finally:
                playwright.stop()
        except BaseException as e:  # noqa: BLE001 (reported, and the barriers broken)
            errors.append(e)
            ready.abort()
            round_start.abort()
            raise

    with sdk.Workflow(
        model_id=acts.MODEL_ID,
        workflow_definition_name=definition,
        boto_session_kwargs={
            "aws_access_key_id": ACCESS_KEY_ID,
            "aws_secret_access_key": SECRET_ACCESS_KEY,
            "region_name": REGION,
            "botocore_session": timed_botocore_session(),
        },
    ) as workflow:
        threads = [
            threading.Thread(target=session, args=(workflow, i), daemon=True)
            for i in range(args.sessions)
        ]
        for thread in threads:
            thread.start()
        try:
            ready.wait()
            startup = time.perf_counter() - begun
            for _ in range(args.acts):
                round_start.wait()
        except threading.BrokenBarrierError:
            pass
        for thread in threads:
            thread.join()
    logs.cleanup()
    if errors:
        raise SystemExit(f"python side failed: {errors[0]!r}")
    acts.check_equal(counts, [CLICKS_PER_ACT * args.acts] * args.sessions, "clicks on the pages")
    acts.check_equal(acts.BLOCKED, [], "attempts to leave 127.0.0.1")

    measured = [s for s in samples if s[0] > 0]
    rounds = {}
    for round, _, _, _, _, started, ended in measured:
        first, last = rounds.get(round, (started, ended))
        rounds[round] = (min(first, started), max(last, ended))
    round_walls = sum(last - first for first, last in rounds.values())
    steps = sum(s[1] for s in measured)

    def per_step(values):
        return statistics.median(values) * 1e3

    client = per_step([(wall - server) / n for _, n, wall, server, _, _, _ in measured])
    # The breakdown is of means, so that its parts add up to the mean client-side time.
    client_mean = statistics.mean((wall - server) / n for _, n, wall, server, _, _, _ in measured)
    spent = {
        key: statistics.mean(s[4][key] / s[1] for s in measured) * 1e3
        for key in ("click", "settle", "observe")
    }
    print(
        json.dumps(
            {
                "side": f"nova-act {acts.SDK_VERSION} (Python)",
                "sessions": args.sessions,
                "acts_measured": len(measured),
                "steps_per_act": measured[0][1],
                "client_ms_per_step": client,
                "server_ms_per_step": per_step([s[3] / s[1] for s in measured]),
                "wall_s_per_act": statistics.median(s[2] for s in measured),
                "steps_per_s": steps / round_walls,
                "startup_s": startup,
                "breakdown_ms_per_step": {
                    **spent,
                    "rest": client_mean * 1e3 - sum(spent.values()),
                },
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
