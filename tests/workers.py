"""A real Celery worker process on Redis, against the test database (tests marked `services`)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from fluentory.celery_app import app

ROOT = Path(__file__).resolve().parents[1]


def database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def celery_worker(
    var_dir: Path, *, queue: str | None = None, settings_module: str = "fluentory.settings.local", **env: str
) -> Iterator[tuple[str, subprocess.Popen]]:
    """A solo worker consuming a queue of its own (answered with the process); tasks sent to that queue reach it."""
    queue = queue or f"test-{uuid.uuid4().hex[:8]}"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "fluentory", "worker", "--pool=solo", "-Q", queue, "--loglevel=warning"],
        cwd=ROOT,
        env={
            # Not the browser tests' async flag (set once tests/e2e is collected): a worker with it takes no task.
            **{name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "FLUENTORY_VAR_DIR": str(var_dir),
            "NOTIFICATIONS_QUIET_HOURS": "",  # as in the test settings: no email waits for the hour the suite runs
            **env,
        },
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield queue, process
    finally:
        app.conf.task_always_eager = eager
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a warm shutdown waits for its task, and a test may have hung it
                process.kill()
                process.wait(timeout=30)


def wait_for(condition, seconds: float = 180) -> bool:
    """Polls `condition` until it holds; generous, since a worker booting on a loaded machine can take a minute."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False
