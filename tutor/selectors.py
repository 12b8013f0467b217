"""What the tutor's pages read: a student's own conversation, and the courses they may ask about."""

from dataclasses import dataclass, field

from learning import services as learning

from . import policy, rules
from .models import Exchange

FULL_HISTORY = 100
RECENT = 4


@dataclass(frozen=True)
class Chat:
    course: object
    enabled: bool
    exchanges: list[Exchange] = field(default_factory=list)
    lesson: object = None
    latest: bool = False  # the conversation the student last asked in


def chat_for(*, student, course, recent: int = RECENT, lesson=None) -> Chat | None:
    """The student's conversation about `course` (latest `recent` exchanges, oldest first); None when the
    student may not ask about it."""
    if not learning.has_access(student=student, course=course) or not course.is_open_to_students:
        return None
    limits = policy.limits_for(rules=rules.current(), course=course)
    exchanges = list(
        Exchange.objects.filter(conversation__student=student, conversation__course=course).order_by(
            "-created_at", "-pk"
        )[:recent]
    )
    return Chat(course, limits.enabled, exchanges[::-1], lesson)


def dashboard_chats(*, student, courses) -> list[Chat]:
    """A chat box per course the student learns in where the tutor is on, for the dashboard. The course the
    student last asked about comes first, with its latest exchanges. One query: the rules come from the cache."""
    offered = rules.offered_among([course.pk for course in courses])
    if not offered:
        return []
    latest = (
        Exchange.objects.filter(conversation__student=student, conversation__course_id__in=offered)
        .order_by("-created_at", "-pk")
        .values("conversation_id")[:1]
    )
    recent = list(
        Exchange.objects.filter(conversation_id__in=latest)
        .select_related("conversation")
        .order_by("-created_at", "-pk")[:RECENT]
    )
    latest_course = recent[0].conversation.course_id if recent else None
    chats = [
        Chat(course, True, recent[::-1] if course.pk == latest_course else [], latest=course.pk == latest_course)
        for course in courses
        if course.pk in offered
    ]
    return sorted(chats, key=lambda chat: not chat.latest)


def reported_answers(*, start, end, course_id: int | None = None, limit: int = 20) -> list[Exchange]:
    """The latest answers students reported in [start, end), with their course and student; one query."""
    found = Exchange.objects.filter(reported_at__gte=start, reported_at__lt=end)
    if course_id:
        found = found.filter(conversation__course_id=course_id)
    return list(found.select_related("conversation__course", "conversation__student").order_by("-reported_at")[:limit])
