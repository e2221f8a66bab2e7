#!/usr/bin/env python3
r"""Acts on a browser: nova-act-agent next to the official Python SDK, in one run.

Starts the release emulator (``nova-act-local --scenario tools/browser-bench/scenario.yaml``)
and serves ``pages/counter.html`` from this process, both on 127.0.0.1, then runs, one after
the other, for 1 and for 8 concurrent sessions (``--sessions``):

* the Rust side, the ``browser`` bench binary of ``crates/nova-act-bench`` (one headless
  Chromium, one browser context per session, one tokio runtime), and
* the Python side, ``python_side.py`` on nova-act 3.4.187.0 (one NovaAct, so one Playwright
  driver and one headless Chromium, per thread, one thread per session),

against the same emulator process, scenario, page and Chromium (``/usr/bin/chromium``, same
flags). Each client is started in a session of its own (``setsid``); every 50 ms this script
sums the PSS (``/proc/<pid>/smaps_rollup``, ``Pss:``) of the client process, all its
descendants (found through the parent pids in ``/proc/*/stat``) and any other process in its
session, and keeps the peak. The emulator and the page server are not in those trees. Each
side prints its timings as JSON; this script prints one table with the ratios ours / Python
and the targets.

Nothing is built: pass ``--bench-binary`` (``target/release/deps/browser-<hash>``), or the
script asks ``cargo bench -p nova-act-bench --bench browser --no-run --message-format=json``
for it (which builds it only if it is out of date). Build the emulator first with
``cargo build --release -p nova-act-local``.

Usage, from the repository root:

    cargo build --release -p nova-act-local
    cargo bench -p nova-act-bench --bench browser --no-run
    /tmp/nova-venv/bin/python tools/browser-bench/run.py

Nothing leaves 127.0.0.1: this process installs the interop script's audit hook, both
Chromiums get a proxy on a closed loopback port for every other address, and the Python side
sets up the SDK as ``tools/nova-act-interop/acts.py`` does.
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent / "nova-act-interop"))
import acts  # noqa: E402  (PageServer, network_guard; it puts tools/ on sys.path too)
from interop_harness import Emulator  # noqa: E402

TARGETS = {
    "client": ("<=", 0.3),
    "memory8": ("<=", 0.3),
    "steps8": (">=", 3.0),
}


# ---------------------------------------------------------------------------------------
# Memory of a process tree
# ---------------------------------------------------------------------------------------


def _stat(pid):
    """(comm, ppid, session) of a process, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces.
    comm = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    return comm, int(fields[1]), int(fields[3])


def _kind(pid, comm):
    """The command name, with Chromium's process type (``--type=renderer``, ...) added."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            # Chromium rewrites its command line into one string: split on spaces too.
            args = f.read().replace(b"\0", b" ").split()
    except OSError:
        return comm
    for arg in args:
        if arg.startswith(b"--type="):
            kind = arg[len(b"--type="):].decode(errors="replace")
            if kind == "utility":
                for other in args:
                    if other.startswith(b"--utility-sub-type="):
                        kind = other.split(b".")[-1].decode(errors="replace")
            return f"{comm}:{kind}"
    return comm


def _pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_pss(root, exclude):
    """KiB of PSS of root, its descendants and its session, by command name (and Chromium
    process type)."""
    processes = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None:
                processes[int(entry)] = stat
    children = {}
    for pid, (_, ppid, _) in processes.items():
        children.setdefault(ppid, []).append(pid)
    members = {pid for pid, (_, _, sid) in processes.items() if sid == root}
    stack = [root]
    while stack:
        pid = stack.pop()
        if pid in processes and pid not in exclude:
            members.add(pid)
            stack.extend(children.get(pid, []))
    by_name = {}
    for pid in members - set(exclude):
        name = _kind(pid, processes[pid][0])
        count, kib = by_name.get(name, (0, 0))
        by_name[name] = (count + 1, kib + _pss_kib(pid))
    return by_name


class Sampler:
    """Samples tree_pss every interval seconds until stopped; keeps the peak."""

    def __init__(self, root, exclude, interval):
        self.root, self.exclude, self.interval = root, exclude, interval
        self.peak_kib = 0
        self.peak_by_name = {}
        self.peak_processes = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            by_name = tree_pss(self.root, self.exclude)
            total = sum(kib for _, kib in by_name.values())
            self.samples += 1
            if total > self.peak_kib:
                self.peak_kib = total
                self.peak_by_name = by_name
                self.peak_processes = sum(count for count, _ in by_name.values())
            self._stop.wait(self.interval)

    def stop(self):
        self._stop.set()
        self._thread.join()


def run_client(name, command, emulator_pid, interval):
    """Runs one side; returns its JSON figures with the peak memory added."""
    print(f"... {name}: {' '.join(command)}", file=sys.stderr, flush=True)
    begun = time.monotonic()
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
        cwd=ROOT,
    )
    sampler = Sampler(process.pid, {emulator_pid, os.getpid()}, interval)
    out, _ = process.communicate()
    sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"{name} failed with status {process.returncode}:\n{out}")
    figures = json.loads(out.strip().splitlines()[-1])
    figures["peak_pss_mib"] = sampler.peak_kib / 1024
    figures["peak_processes"] = sampler.peak_processes
    figures["peak_by_name_mib"] = {
        f"{n} x{count}": kib / 1024
        for n, (count, kib) in sorted(sampler.peak_by_name.items(), key=lambda i: -i[1][1])
    }
    figures["memory_samples"] = sampler.samples
    figures["run_s"] = time.monotonic() - begun
    print(f"    {json.dumps(figures)}", file=sys.stderr, flush=True)
    return figures


def find_bench_binary():
    command = [
        "cargo", "bench", "-p", "nova-act-bench", "--bench", "browser", "--no-run",
        "--message-format=json",
    ]
    out = subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    for line in out.splitlines():
        message = json.loads(line)
        if (
            message.get("reason") == "compiler-artifact"
            and message.get("target", {}).get("name") == "browser"
            and message.get("executable")
        ):
            return message["executable"]
    raise SystemExit("cargo did not report the browser bench's executable")


# ---------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------


def ratio_cell(ours, theirs, target=None):
    ratio = ours / theirs
    if target is None:
        return f"{ratio:.2f}", ""
    op, bound = target
    met = ratio <= bound if op == "<=" else ratio >= bound
    return f"**{ratio:.2f}**", f"{op} {bound:g}: {'met' if met else 'MISSED'}"


def table(results, sessions):
    rows = []

    def row(label, key, n, fmt, target=None):
        ours, theirs = results[("rust", n)][key], results[("python", n)][key]
        ratio, verdict = ratio_cell(ours, theirs, target)
        rows.append(f"| {label} | {fmt.format(ours)} | {fmt.format(theirs)} | {ratio} | {verdict} |")

    lines = [
        "| figure | nova-act-agent | nova-act (Python) | ours / Python | target |",
        "|---|---:|---:|---:|---|",
    ]
    for n in sessions:
        target = TARGETS["client"] if n == min(sessions) else None
        row(f"client-side time per step, {n} session(s), ms", "client_ms_per_step", n,
            "{:.1f}", target)
    for n in sessions:
        for part in ("click", "settle", "observe", "rest"):
            ours = results[("rust", n)]["breakdown_ms_per_step"][part]
            theirs = results[("python", n)]["breakdown_ms_per_step"][part]
            rows.append(f"| &nbsp;&nbsp;{part}, {n} session(s), ms per step | {ours:.1f} | "
                        f"{theirs:.1f} | | |")
    for n in sessions:
        row(f"InvokeActStep round trip per step, {n} session(s), ms", "server_ms_per_step", n,
            "{:.1f}")
    for n in sessions:
        target = TARGETS["memory8"] if n == max(sessions) and n > 1 else None
        row(f"peak PSS, {n} session(s), MiB", "peak_pss_mib", n, "{:.0f}", target)
    for n in sessions:
        target = TARGETS["steps8"] if n == max(sessions) and n > 1 else None
        row(f"steps per second, {n} session(s)", "steps_per_s", n, "{:.2f}", target)
    for n in sessions:
        row(f"wall time per act, {n} session(s), s", "wall_s_per_act", n, "{:.2f}")
    for n in sessions:
        row(f"start-up (browser(s), sessions), {n} session(s), s", "startup_s", n, "{:.2f}")
    return "\n".join(lines + rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emulator", default=str(ROOT / "target/release/nova-act-local"))
    parser.add_argument("--bench-binary", help="the browser bench's executable")
    parser.add_argument("--python", default="/tmp/nova-venv/bin/python")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--sessions", default="1,8", help="comma-separated (default: 1,8)")
    parser.add_argument("--acts", type=int, default=4, help="rounds per run, the first a warm-up")
    parser.add_argument("--interval", type=float, default=0.05, help="memory sampling, s")
    parser.add_argument("--json-out", help="also write every figure to this file")
    args = parser.parse_args()
    sessions = [int(n) for n in args.sessions.split(",")]
    for path, what in ((args.emulator, "emulator"), (args.python, "Python"),
                       (args.chromium, "Chromium")):
        if not os.access(path, os.X_OK):
            sys.exit(f"error: the {what} {path} is missing or not executable")
    binary = args.bench_binary or find_bench_binary()

    sys.addaudithook(acts.network_guard)
    pages = acts.PageServer(HERE / "pages")
    emulator = Emulator(args.emulator, ["--scenario", str(HERE / "scenario.yaml")])
    page_url = pages.url("/counter")
    print(f"emulator {emulator.url} (pid {emulator.process.pid}), page {page_url}",
          file=sys.stderr)
    results = {}
    try:
        for n in sessions:
            common = ["--sessions", str(n), "--acts", str(args.acts)]
            results[("rust", n)] = run_client(
                f"nova-act-agent, {n} session(s)",
                [binary, "--endpoint", emulator.url, "--page-url", page_url,
                 "--chromium", args.chromium, "--json", *common],
                emulator.process.pid,
                args.interval,
            )
            results[("python", n)] = run_client(
                f"nova-act Python, {n} session(s)",
                [args.python, str(HERE / "python_side.py"), "--endpoint", emulator.url,
                 "--page-url", page_url, "--chromium", args.chromium, *common],
                emulator.process.pid,
                args.interval,
            )
    finally:
        emulator.stop()
        pages.stop()
    if args.json_out:
        Path(args.json_out).write_text(
            json.dumps({f"{side} {n}": v for (side, n), v in results.items()}, indent=2) + "\n"
        )
    print(table(results, sessions))
    print()
    for (side, n), figures in results.items():
        parts = ", ".join(f"{k} {v:.0f}" for k, v in figures["peak_by_name_mib"].items())
        print(f"peak PSS of {side}, {n} session(s), MiB: {parts} "
              f"({figures['peak_processes']} processes, {figures['memory_samples']} samples)")


if __name__ == "__main__":
    main()
