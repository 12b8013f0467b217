"""pytest: fast hashing, tasks run inline, mail kept in memory behind the outbox."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ANYMAIL_WEBHOOK_SECRET = "provider:webhook-test-secret"  # noqa: S105 (tests only)
# Every documented provider's tracking webhook is served, behind its secret (and Mailgun's signing key).
ANYMAIL = {**ANYMAIL, "WEBHOOK_SECRET": ANYMAIL_WEBHOOK_SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": "test-signing-key"}
ANYMAIL_TRACKING_WEBHOOKS = tracking_webhooks(ANYMAIL_ESP, ANYMAIL)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Encoding AVIF takes seconds a picture; the tests that check it turn it back on.
CMS_PICTURE_FORMATS = ("webp", "jpeg")
NOTIFICATIONS_QUIET_HOURS = ""  # off, so no test depends on the hour it runs; quiet-hour tests turn it on

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser tests' live server then gives each request thread its own connection,
    # which waits for a lock instead of failing with "database table is locked".
    # One per pytest process; each pytest-xdist worker is a process of its own.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, … when the suite runs in parallel
if REDIS_URL and _XDIST_WORKER:
    # Tests empty the cache (FLUSHDB), so each worker gets its own Redis database, counting down from REDIS_URL's.
    _redis = urlsplit(REDIS_URL)
    _worker_index = int(_XDIST_WORKER.removeprefix("gw"))
    _database = int(_redis.path.strip("/") or 0) - _worker_index
    if _database < 0:
        raise ImproperlyConfigured(f"REDIS_URL's database number must be at least {_worker_index} for {_XDIST_WORKER}")
    CACHES["default"]["LOCATION"] = _redis._replace(path=f"/{_database}").geturl()
API_WEBHOOK_ALLOW_PRIVATE_HOSTS = True  # the tests' receiver listens on 127.0.0.1
