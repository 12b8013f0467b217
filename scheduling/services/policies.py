"""Cancellation rules engine: the first active rule for an action whose notice the request meets decides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from ..models import CancellationRule

Action = CancellationRule.Action
Outcome = CancellationRule.Outcome


@dataclass(frozen=True)
class Decision:
    allowed: bool
    outcome: str
    reason: str
    rule_id: int | None = None

    @property
    def restores_credit(self) -> bool:
        return self.outcome == Outcome.RESTORE_CREDIT

    @property
    def keeps_credit(self) -> bool:
        return self.outcome in {Outcome.RESTORE_CREDIT, Outcome.KEEP_CREDIT}


# The policy used while no rule for an action is set in the admin (migration 0002 stores the same rules).
DEFAULT_RULES = [
    (
        Action.STUDENT_CANCEL,
        24,
        Outcome.RESTORE_CREDIT,
        gettext_noop("Cancelled at least 24 hours before the start: your credit is back."),
    ),
    (
        Action.STUDENT_CANCEL,
        0,
        Outcome.FORFEIT_CREDIT,
        gettext_noop("Late cancellation (less than 24 hours before the start): the credit is forfeited."),
    ),
    (
        Action.STUDENT_RESCHEDULE,
        24,
        Outcome.KEEP_CREDIT,
        gettext_noop("Rescheduled at least 24 hours before the start: your credit moves to the new time."),
    ),
    (
        Action.STUDENT_RESCHEDULE,
        0,
        Outcome.REFUSE,
        gettext_noop("Sessions can only be rescheduled at least 24 hours before they start."),
    ),
    (Action.NO_SHOW, 0, Outcome.FORFEIT_CREDIT, gettext_noop("No-show: the credit is forfeited.")),
    (
        Action.TEACHER_CANCEL,
        0,
        Outcome.RESTORE_CREDIT,
        gettext_noop("Your teacher cancelled the session: your credit is back."),
    ),
]

FALLBACKS = {
    Action.STUDENT_CANCEL: (
        Outcome.FORFEIT_CREDIT,
        gettext_lazy("Cancellation without a matching rule: the credit is forfeited."),
    ),
    Action.STUDENT_RESCHEDULE: (Outcome.REFUSE, gettext_lazy("Rescheduling is not allowed at this time.")),
    Action.NO_SHOW: (Outcome.FORFEIT_CREDIT, gettext_lazy("No-show: the credit is forfeited.")),
    Action.TEACHER_CANCEL: (
        Outcome.RESTORE_CREDIT,
        gettext_lazy("Your teacher cancelled the session: your credit is back."),
    ),
}


def decide(*, action: str, starts_at: datetime, at: datetime | None = None) -> Decision:
    """What happens if `action` is taken `at` (now) for a session starting at `starts_at`, and why."""
    at = at or timezone.now()
    hours_before = (starts_at - at).total_seconds() / 3600
    rules = [
        (rule.min_hours_before, rule.outcome, rule.reason, rule.pk)
        for rule in CancellationRule.objects.filter(action=action, active=True).order_by("-min_hours_before", "pk")
    ]
    if not rules:
        rules = [(hours, outcome, reason, None) for act, hours, outcome, reason in DEFAULT_RULES if act == action]
    for min_hours, outcome, reason, rule_id in rules:
        if hours_before >= min_hours:
            if action == Action.TEACHER_CANCEL:
                outcome = Outcome.RESTORE_CREDIT  # a teacher's cancellation always gives the credit back
            return Decision(outcome != Outcome.REFUSE, outcome, _(reason), rule_id)
    outcome, reason = FALLBACKS[Action(action)]
    return Decision(outcome != Outcome.REFUSE, outcome, str(reason))
