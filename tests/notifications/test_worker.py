"""A real Celery worker on Redis, against the test database (services: PostgreSQL and Redis)."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from fluentory.celery_app import app
from notifications.models import Notification, OutboxEmail
from notifications.tasks import send_notification_email

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.services


def database_url() -> str:
    db = django_settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fluentory.settings.local",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "FLUENTORY_VAR_DIR": str(tmp_path),
        "NOTIFICATIONS_QUIET_HOURS": "",  # as in the test settings: no email waits for the hour the suite runs
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "fluentory", "worker", "--pool=solo", "-Q", queue, "--loglevel=warning"],
        cwd=ROOT,
        env=env,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield queue
    app.conf.task_always_eager = eager
    process.terminate()
    process.wait(timeout=30)


def wait_for(condition, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


@pytest.mark.alone  # a worker booting beside a busy parallel session can outlast the wait
@pytest.mark.django_db(transaction=True)
def test_a_live_worker_sends_a_notification_email_exactly_once(student, worker):
    notification = Notification.objects.create(
        user=student, kind="welcome", title="From the worker", email_state=Notification.EmailState.PENDING
    )
    for _ in range(3):  # a retried or duplicated delivery must not send twice
        send_notification_email.apply_async(args=[notification.pk], queue=worker)
    assert wait_for(lambda: Notification.objects.get(pk=notification.pk).email_state == "sent")
    time.sleep(1)
    assert OutboxEmail.objects.filter(to=student.email, subject__contains="From the worker").count() == 1


def test_the_cache_is_redis_when_redis_url_is_set():
    assert "RedisCache" in django_settings.CACHES["default"]["BACKEND"]
    cache.set("presence:probe", "here", 5)
    assert cache.get("presence:probe") == "here"
