from learning.grading import MalformedAnswer


class LearningError(Exception):
    """A refused request; the message is shown to the person as it is."""

    status_code = 400

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class NoAccess(LearningError):
    status_code = 403


class LessonLocked(LearningError):
    status_code = 403


class QuizLocked(LearningError):
    status_code = 403


class AttemptLimitReached(LearningError):
    status_code = 409


class NotAllowed(LearningError):
    status_code = 403


class NothingToSubmit(LearningError):
    status_code = 409


__all__ = [
    "AttemptLimitReached",
    "LearningError",
    "LessonLocked",
    "MalformedAnswer",
    "NoAccess",
    "NotAllowed",
    "NothingToSubmit",
    "QuizLocked",
]
