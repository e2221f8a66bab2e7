"""What the interoperability scripts under tools/ share: the emulator's default credentials,
checks that stop a run with a clear message, and the nova-act-local binary started on a free
port of 127.0.0.1.

Each script adds this folder to ``sys.path`` and imports from here, so that the checks read
the same and the emulator is started and stopped the same way everywhere.
"""

import os
import queue
import re
import signal
import subprocess
import tempfile
import threading

# The key pair the emulator accepts when started without --access-key (the AWS
# documentation's example pair; see nova_act_local::DEFAULT_ACCESS_KEY_ID).
ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
# The region and account the emulator uses by default.
REGION = "us-east-1"
ACCOUNT = "123456789012"


class Mismatch(Exception):
    """The emulator (or the client talking to it) did not behave as expected."""


def step(message):
    print(f"ok  {message}", flush=True)


def check(condition, what):
    if not condition:
        raise Mismatch(what)


def check_equal(actual, expected, what):
    if actual != expected:
        raise Mismatch(f"{what}: expected {expected!r}, got {actual!r}")


class Emulator:
    """The nova-act-local binary, started on a free port of 127.0.0.1; ``url`` is its
    endpoint. Its log goes to a temporary file, whose end ``log_tail`` shows when a check
    fails."""

    def __init__(self, path, extra_args=(), env=None):
        self.log = tempfile.TemporaryFile(mode="w+", prefix="nova-act-local-", suffix=".log")
        args = [path, "--host", "127.0.0.1", "--port", "0", *extra_args]
        # Plain-text logs (no colours) in the log file.
        environment = dict(os.environ, NO_COLOR="1")
        environment.update(env or {})
        self.process = subprocess.Popen(
            args,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        try:
            self.url = self._read_url(timeout=60)
        except BaseException:
            self.stop()
            raise

    def _read_url(self, timeout):
        # The binary prints its endpoint URL as its first line of standard output.
        lines = queue.Queue()
        threading.Thread(
            target=lambda: lines.put(self.process.stdout.readline()), daemon=True
        ).start()
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(f"the emulator printed no endpoint URL within {timeout} s")
        url = line.strip()
        if not re.fullmatch(r"http://127\.0\.0\.1:[0-9]+", url):
            raise RuntimeError(
                f"the emulator's first line is not an endpoint URL: {line!r}\n{self.log_tail()}"
            )
        return url

    def log_tail(self, lines=25):
        if self.log.closed:
            return ""
        self.log.flush()
        self.log.seek(0)
        tail = self.log.read().splitlines()[-lines:]
        self.log.seek(0, os.SEEK_END)
        return "\n".join(f"    | {line}" for line in tail)

    def stop(self):
        """Ctrl-C (the emulator shuts down gracefully), then a kill if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()
        if not self.log.closed:
            self.log.close()
