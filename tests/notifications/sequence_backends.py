"""Email backends that let a test stop a sequence tick at a chosen point of its batch."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from django.core.mail.backends.locmem import EmailBackend

from notifications.backends import OutboxEmailBackend

HANG_AFTER = "SEQUENCE_TEST_HANG_AFTER_EMAILS"


class GatedBackend(EmailBackend):
    """In-memory delivery that first calls `gate` (set by the test) in whichever thread is sending."""

    gate: Callable[[], None] | None = None

    def send_messages(self, messages):
        if GatedBackend.gate is not None:
            GatedBackend.gate()
        return super().send_messages(messages)


class HangingOutboxBackend(OutboxEmailBackend):
    """The outbox, in a worker process that stops dead once it has handed over HANG_AFTER messages: the last one is
    in the outbox as sent, but the tick never gets to mark its step sent. The test kills the worker there."""

    handed_over = 0
    lock = threading.Lock()

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        with HangingOutboxBackend.lock:
            HangingOutboxBackend.handed_over += sent
            hang = HangingOutboxBackend.handed_over >= int(os.environ.get(HANG_AFTER, "0") or 0) > 0
        while hang:
            time.sleep(60)
        return sent
