"""`make run` stops as a whole on Ctrl-C: the prompt comes back only once web, worker and beat have gone."""
# ruff: noqa: S607 (ps and make from the PATH, as a person runs them)

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def processes_in_session(sid: int) -> list[str]:
    listing = subprocess.run(["ps", "-ww", "-eo", "sid=,stat=,cmd="], capture_output=True, text=True, check=True).stdout
    return [line for line in listing.splitlines() if line.split()[0] == str(sid) and line.split()[1][0] != "Z"]


def wait_until_serving(port: int, log: Path, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except urllib.error.HTTPError:  # answering at all is enough: this var/ has no database
            return
        except OSError:
            time.sleep(1)
    raise AssertionError("make run never served /healthz:\n" + log.read_text()[-3000:])


def wait_until_running(command: str, sid: int, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(command in line for line in processes_in_session(sid)):
            return
        time.sleep(0.5)
    raise AssertionError(f"`{command}` is not running under make run:\n" + log.read_text()[-3000:])


@pytest.mark.alone
def test_ctrl_c_stops_the_web_server_the_worker_and_beat_before_make_returns(tmp_path):
    port = free_port()
    # `make run` on the embedded defaults, as on a fresh machine: none of the test run's services or flags
    # (DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests here).
    inherited = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL", "SITE_URL"}
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    env["FLUENTORY_VAR_DIR"] = str(tmp_path)
    make = subprocess.Popen(
        ["make", "-o", ".venv/bin/activate", "-o", "setup", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=(log := tmp_path / "make.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # a process group of its own, as a terminal gives a foreground job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        wait_until_serving(port, log)
        wait_until_running("celery -A fluentory worker", make.pid, log)
        wait_until_running("celery -A fluentory beat", make.pid, log)
        os.killpg(make.pid, signal.SIGINT)  # what Ctrl-C does
        make.wait(timeout=60)
        assert processes_in_session(make.pid) == []
    finally:
        if processes_in_session(make.pid):
            os.killpg(make.pid, signal.SIGKILL)
