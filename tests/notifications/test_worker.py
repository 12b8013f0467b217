"""A real Celery worker on Redis, against the test database (services: PostgreSQL and Redis)."""

import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from notifications.models import Notification, OutboxEmail
from notifications.tasks import send_notification_email
from tests.workers import celery_worker, wait_for

pytestmark = pytest.mark.services


@pytest.fixture
def worker(tmp_path):
    with celery_worker(tmp_path) as (queue, _process):
        yield queue


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
