"""What the tutor may do, decided in code before any provider is asked; nothing a student or a lesson writes
changes it, because no rule is read from the text of a question or a passage."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from . import text
from .models import CourseTutor, Decision, Exchange, TutorSettings

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w])\+?\d[\d\s().-]{6,}\d(?![\w])")
PERSONAL_DATA = {"email": "[email]", "phone": "[phone]"}


def redact(value: str) -> str:
    """Email addresses and phone numbers replaced, so they reach neither a provider nor the records."""
    return _PHONE.sub(PERSONAL_DATA["phone"], _EMAIL.sub(PERSONAL_DATA["email"], value))


@dataclass(frozen=True)
class Limits:
    enabled: bool
    tone: str
    messages_per_day: int
    tokens_per_day: int


def limits_for(*, rules: TutorSettings, course) -> Limits:
    """The course's settings within the global ones: a course can only be stricter."""
    own = CourseTutor.objects.filter(course=course).first()
    messages, tokens = rules.messages_per_day, rules.tokens_per_day
    tone = rules.default_tone
    enabled = rules.enabled
    if own is not None:
        enabled = enabled and own.enabled
        messages = min(messages, own.messages_per_day if own.messages_per_day is not None else messages)
        tokens = min(tokens, own.tokens_per_day if own.tokens_per_day is not None else tokens)
        tone = own.tone if own.tone in rules.tones else tone
    return Limits(enabled, tone, messages, tokens)


@dataclass(frozen=True)
class Verdict:
    decision: str
    reason: str = ""

    @property
    def allowed(self) -> bool:
        return self.decision == Decision.ANSWERED


def _refused_topic(question: str, topics: list[str]) -> str | None:
    asked = f" {' '.join(text.terms(question))} "
    for topic in topics:
        words = text.terms(topic)
        if words and f" {' '.join(words)} " in asked:
            return topic
    return None


def used_today(*, student) -> tuple[int, int]:
    """Questions answered and tokens spent by the student since midnight (UTC), across courses."""
    midnight = datetime.combine(timezone.now().date(), time.min, tzinfo=UTC)
    totals = Exchange.objects.filter(conversation__student=student, created_at__gte=midnight).aggregate(
        messages=Count("pk", filter=Q(decision=Decision.ANSWERED)),
        tokens=Sum("tokens_in") + Sum("tokens_out"),
    )
    return totals["messages"], totals["tokens"] or 0


def judge(*, rules: TutorSettings, limits: Limits, student, question: str, language: str) -> Verdict:
    if not limits.enabled:
        return Verdict(Decision.DISABLED, _("The tutor is not available for this course."))
    if language not in rules.languages:
        return Verdict(Decision.LANGUAGE, _("The tutor does not answer in this language yet."))
    topic = _refused_topic(question, rules.topics)
    if topic is not None:
        return Verdict(
            Decision.REFUSED_TOPIC,
            _("The tutor does not discuss “%(topic)s”. Please ask your teacher.") % {"topic": topic},
        )
    messages, tokens = used_today(student=student)
    if messages >= limits.messages_per_day:
        return Verdict(
            Decision.MESSAGE_LIMIT,
            _("You have asked %(count)s questions today, the daily limit. The tutor is back tomorrow.")
            % {"count": messages},
        )
    if tokens >= limits.tokens_per_day:
        return Verdict(Decision.TOKEN_LIMIT, _("You have used today's tutor allowance. The tutor is back tomorrow."))
    return Verdict(Decision.ANSWERED)
