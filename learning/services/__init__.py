"""Learning services: the functions other apps and this app's views call to change learning data."""

from .enrollments import (
    ACCESS_STATUSES,
    active_enrollment,
    active_enrollment_by_slug,
    enroll,
    expire_enrollments,
    has_access,
    revoke_enrollment,
)
from .errors import (
    AttemptLimitReached,
    LearningError,
    LessonLocked,
    MalformedAnswer,
    NoAccess,
    NotAllowed,
    NothingToSubmit,
    QuizLocked,
)
from .progress import (
    check_completion,
    complete_lesson,
    mark_course_completed,
    progress_changed,
    record_sessions_attended,
    record_time,
    start_lesson,
)
from .quizzes import submit_attempt

__all__ = [
    "ACCESS_STATUSES",
    "AttemptLimitReached",
    "LearningError",
    "LessonLocked",
    "MalformedAnswer",
    "NoAccess",
    "NotAllowed",
    "NothingToSubmit",
    "QuizLocked",
    "active_enrollment",
    "active_enrollment_by_slug",
    "check_completion",
    "complete_lesson",
    "enroll",
    "expire_enrollments",
    "has_access",
    "mark_course_completed",
    "progress_changed",
    "record_sessions_attended",
    "record_time",
    "revoke_enrollment",
    "start_lesson",
    "submit_attempt",
]
