"""Each student's daily allowance, taken before a provider is asked. A question reserves its place with one
conditional UPDATE of the student's row for the day, which the database applies to one question at a time, so two
questions at once cannot both take the last place; the answer's real tokens are added once it is written, and a
question the provider failed to answer gives its place back."""

from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import DailyUsage, Decision
from .policy import Verdict


@dataclass(frozen=True)
class Reservation:
    usage_id: int

    def settle(self, *, tokens: int, answered: bool) -> None:
        changes = {"tokens": F("tokens") + tokens}
        if not answered:
            changes["messages"] = F("messages") - 1
        DailyUsage.objects.filter(pk=self.usage_id).update(**changes)


def reserve(*, student, limits) -> tuple[Reservation | None, Verdict]:
    """One of today's questions for the student, or why there is none left (UTC days, across courses)."""
    row, _created = DailyUsage.objects.get_or_create(student=student, day=timezone.now().date())
    taken = DailyUsage.objects.filter(
        pk=row.pk, messages__lt=limits.messages_per_day, tokens__lt=limits.tokens_per_day
    ).update(messages=F("messages") + 1)
    if taken:
        return Reservation(row.pk), Verdict(Decision.ANSWERED)
    row.refresh_from_db(fields=["messages"])
    if row.messages >= limits.messages_per_day:
        return None, Verdict(
            Decision.MESSAGE_LIMIT,
            _("You have asked %(count)s questions today, the daily limit. The tutor is back tomorrow.")
            % {"count": row.messages},
        )
    return None, Verdict(Decision.TOKEN_LIMIT, _("You have used today's tutor allowance. The tutor is back tomorrow."))
