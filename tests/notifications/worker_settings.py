"""A worker for the sequence tests: `make run`'s settings, with mail kept in memory behind an outbox that can hang."""

from fluentory.settings.local import *  # noqa: F403

EMAIL_BACKEND = "tests.notifications.sequence_backends.HangingOutboxBackend"
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
