"""The placement test's email sequence: a reminder to finish a test left unfinished."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications import sequences
from notifications.kinds import Category
from notifications.registry import register_email

from .models import Attempt

UNFINISHED = "placement.unfinished"
FINISHED = "placement.finished"


def enter_unfinished(*, attempt: Attempt) -> None:
    sequences.enter(
        trigger=UNFINISHED,
        user=attempt.user,
        subject=f"attempt-{attempt.pk}",
        anchor=attempt.started_at,
        object_id=attempt.pk,
    )


def finished_attempts(entries: list[sequences.Entry], now: datetime) -> set[int]:
    """Exit: the attempt was finished, or its time ran out (nothing is left to come back to)."""
    over = set(
        Attempt.objects.filter(pk__in={entry.object_id for entry in entries})
        .filter(Q(finished_at__isnull=False) | Q(deadline__lte=now))
        .values_list("pk", flat=True)
    )
    return {entry.id for entry in entries if entry.object_id in over}


def attempt_context(entries: list[sequences.Entry], now: datetime) -> dict[int, dict]:
    attempts = Attempt.objects.select_related("test").in_bulk({entry.object_id for entry in entries})
    contexts = {}
    for entry in entries:
        attempt = attempts.get(entry.object_id)
        if attempt is not None:
            contexts[entry.id] = {
                "test": attempt.test.title,
                "link": reverse("placement:take", kwargs={"key": attempt.key}),
            }
    return contexts


def register() -> None:
    placeholders = {"name": _("the person's name"), "test": _("the placement test's title"), "link": _("the test")}
    register_email(
        key=UNFINISHED,
        label=_("Placement test left unfinished"),
        placeholders=placeholders,
        sample={"name": _("Lina"), "test": _("English placement test"), "link": "https://fluentory.example/placement/"},
        subject=_("Your level is a few questions away"),
        body=(
            _("Hello {{ name }},"),
            _("You started “{{ test }}” but have not finished it yet. Your answers are saved."),
            _("Carry on where you left off to see your level and the courses that suit it."),
        ),
        button_label=_("Finish the test"),
        button_link="{{ link }}",
    )
    sequences.register_exit(key=FINISHED, label=_("The placement test was finished"), check=finished_attempts)
    sequences.register_trigger(
        key=UNFINISHED,
        label=_("A placement test was left unfinished"),
        category=Category.LEARNING,
        context=attempt_context,
        placeholders=placeholders,
        shipped_name=_("Placement test left unfinished"),
        shipped_steps=[sequences.ShippedStep(email=UNFINISHED, offset_hours=24)],
        shipped_exit=FINISHED,
    )
