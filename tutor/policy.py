"""What the tutor may do, decided in code before any provider is asked; nothing a student or a lesson writes
changes it, because no rule is read from the text of a question or a passage."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import text
from .models import CourseTutor, Decision, TutorSettings
from .providers.moderation import ModerationError, get_moderator

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
    flagged_as: str = ""  # the moderation category, when moderation refused the question

    @property
    def allowed(self) -> bool:
        return self.decision == Decision.ANSWERED


def judge(*, rules: TutorSettings, limits: Limits, question: str, language: str) -> Verdict:
    """The rules that depend on the question; the daily allowance is taken after, in `allowance.reserve`."""
    if not limits.enabled:
        return Verdict(Decision.DISABLED, _("The tutor is not available for this course."))
    if language not in rules.languages:
        return Verdict(Decision.LANGUAGE, _("The tutor does not answer in this language yet."))
    topic = text.mentioned(question, rules.topics)
    if topic is not None:
        return Verdict(
            Decision.REFUSED_TOPIC,
            _("The tutor does not discuss “%(topic)s”. Please ask your teacher.") % {"topic": topic},
        )
    return Verdict(Decision.ANSWERED)


def moderate(question: str) -> Verdict:
    """The moderation step (`providers.moderation`): a flagged question is refused and its category recorded; when
    the moderation endpoint is down, the question is not answered (nothing unchecked goes to a model)."""
    try:
        category = get_moderator().flagged(question)
    except ModerationError:
        return Verdict(
            Decision.PROVIDER_ERROR, _("The tutor cannot answer right now. Please try again in a few minutes.")
        )
    if category is None:
        return Verdict(Decision.ANSWERED)
    return Verdict(
        Decision.MODERATED,
        _(
            "The tutor cannot help with this. If something is wrong, please talk to your teacher or to someone "
            "you trust."
        ),
        flagged_as=category,
    )
