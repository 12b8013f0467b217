"""The admin's rules and the courses whose tutor is switched off, read by every portal page that offers the tutor:
kept in the shared cache (one round trip, no query) until either changes. Saving the rules or a course's tutor
settings clears the entry, again once the change is committed; the timeout bounds how long a reader that loaded the old
values just before a change can put them back."""

from django.core.cache import cache
from django.db import transaction

from .models import CourseTutor, TutorSettings

KEY = "tutor:rules:v1"
TIMEOUT = 300


def _load() -> tuple[TutorSettings, frozenset[int]]:
    found = cache.get(KEY)
    if found is None:
        disabled = CourseTutor.objects.filter(enabled=False).values_list("course_id", flat=True)
        found = (TutorSettings.load(), frozenset(disabled))
        cache.set(KEY, found, timeout=TIMEOUT)
    return found


def current() -> TutorSettings:
    """The global rules, as last saved."""
    return _load()[0]


def offered_for(course_id: int) -> bool:
    """Whether the tutor is on, globally and for this course: what a page needs to show its box."""
    rules, disabled = _load()
    return rules.enabled and course_id not in disabled


def offered_among(course_ids) -> list[int]:
    rules, disabled = _load()
    return [pk for pk in course_ids if pk not in disabled] if rules.enabled else []


def forget(**kwargs) -> None:
    cache.delete(KEY)  # this process reads its own change at once,
    transaction.on_commit(lambda: cache.delete(KEY))  # and a reader racing the commit cannot keep the old rules
