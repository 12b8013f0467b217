"""What the tutor's pages read: a student's own conversation, and the courses they may ask about."""

from dataclasses import dataclass

from learning import services as learning

from . import policy
from .models import CourseTutor, Exchange, TutorSettings

FULL_HISTORY = 100
RECENT = 4


@dataclass(frozen=True)
class Chat:
    course: object
    enabled: bool
    exchanges: list[Exchange]
    lesson: object = None


def chat_for(*, student, course, recent: int = RECENT, lesson=None) -> Chat | None:
    """The student's conversation about `course` (latest `recent` exchanges, oldest first); None when the
    student may not ask about it."""
    if not learning.has_access(student=student, course=course) or not course.is_open_to_students:
        return None
    limits = policy.limits_for(rules=TutorSettings.load(), course=course)
    exchanges = list(
        Exchange.objects.filter(conversation__student=student, conversation__course=course).order_by(
            "-created_at", "-pk"
        )[:recent]
    )
    return Chat(course, limits.enabled, exchanges[::-1], lesson)


def dashboard_chats(*, student, courses) -> list[Chat]:
    """A chat box (no history) per course the student learns in, for the dashboard: three queries."""
    rules = TutorSettings.load()
    if not rules.enabled:
        return []
    disabled = set(CourseTutor.objects.filter(course__in=courses, enabled=False).values_list("course_id", flat=True))
    return [Chat(course, True, []) for course in courses if course.pk not in disabled]
