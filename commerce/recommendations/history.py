"""What a student's history says about what comes next: courses owned, levels reached, languages learnt.

`histories_for()` answers for any number of students in two queries, so an email batch costs what one
student does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from learning.models import Enrollment, Level
from placement.models import Attempt

LEVEL_ORDER = [level for level in Level.values if level != Level.CUSTOM]
# Enrollments that say the student has (or had) the course's level in hand.
LEVEL_EVIDENCE = {Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED}


@dataclass
class History:
    enrolled: set[int] = field(default_factory=set)  # every course with an enrollment: never suggested again
    levels: dict[str, str] = field(default_factory=dict)  # language → highest level owned, completed or placed at
    languages: list[str] = field(default_factory=list)  # most recent first
    recorded_only: set[str] = field(default_factory=set)  # languages learnt only from recorded courses

    @property
    def is_empty(self) -> bool:
        return not self.enrolled and not self.levels

    def note_level(self, language: str, level: str) -> None:
        if level not in LEVEL_ORDER:
            return
        known = self.levels.get(language)
        if known is None or LEVEL_ORDER.index(level) > LEVEL_ORDER.index(known):
            self.levels[language] = level

    def note_language(self, language: str) -> None:
        if language and language not in self.languages:
            self.languages.append(language)


def histories_for(*, student_ids) -> dict[int, History]:
    """{student id: History}, in two queries whatever the number of students or courses."""
    student_ids = list(student_ids)
    histories = {student_id: History() for student_id in student_ids}
    live_languages: dict[int, set[str]] = {student_id: set() for student_id in student_ids}
    enrollments = (
        Enrollment.objects.filter(student_id__in=student_ids)
        .order_by("-enrolled_at", "-pk")
        .values_list("student_id", "course_id", "status", "course__language", "course__level", "course__course_type")
    )
    for student_id, course_id, status, language, level, course_type in enrollments:
        history = histories[student_id]
        history.enrolled.add(course_id)
        if status not in LEVEL_EVIDENCE:
            continue
        history.note_language(language)
        history.note_level(language, level)
        if course_type == "recorded":
            history.recorded_only.add(language)
        else:
            live_languages[student_id].add(language)
    placements = (
        Attempt.objects.filter(user_id__in=student_ids, finished_at__isnull=False, level__isnull=False)
        .exclude(level__course_level="")
        .order_by("-finished_at")
        .values_list("user_id", "test__framework__language", "level__course_level")
    )
    for student_id, language, level in placements:
        histories[student_id].note_level(language, level)
        histories[student_id].note_language(language)
    for student_id, history in histories.items():
        history.recorded_only -= live_languages[student_id]
    return histories


def next_level(level: str) -> str | None:
    """The CEFR level after `level`; None at the top or for a custom level."""
    if level not in LEVEL_ORDER or level == LEVEL_ORDER[-1]:
        return None
    return LEVEL_ORDER[LEVEL_ORDER.index(level) + 1]
