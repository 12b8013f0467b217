"""The one answer to "may this student open this lesson, and if not, why".

`evaluate()` is pure: it takes a course outline and a student's progress and returns a decision for every
lesson and quiz. `selectors.course_outline()` builds its inputs from the database; every view and endpoint
asks through it, so the rules live here only.

Rules, in order:
1. an admin lock (global, course or lesson) closes the lesson, with the admin's reason;
2. live courses have no self-paced unlocks: their lessons are session material, open to enrolled students;
3. a module that opens on a date stays closed until then;
4. a module that unlocks in sequence stays closed until the previous module is complete
   (its required lessons completed and its required quiz passed);
5. every milestone before a lesson must be met: "must complete" lessons completed, "quiz required" lessons'
   quizzes passed, and required module quizzes passed.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import formats
from django.utils.translation import gettext as _


class Code:
    OPEN = "open"
    LOCKED_BY_ADMIN = "admin_lock"
    DATE = "date"
    SEQUENCE = "sequence"
    MILESTONE_LESSON = "milestone_lesson"
    MILESTONE_QUIZ = "milestone_quiz"


@dataclass(frozen=True)
class LessonNode:
    id: int
    title: str
    required: bool = True
    must_complete: bool = False
    quiz_id: int | None = None  # the quiz that must be passed after this lesson (quiz_required)
    quiz_title: str = ""


@dataclass(frozen=True)
class ModuleNode:
    id: int
    title: str
    lessons: tuple[LessonNode, ...]
    rule: str = "open"  # Module.UnlockRule values
    opens_at: datetime | None = None  # already resolved for this student (absolute date or enrollment + days)
    quiz_id: int | None = None  # a required module quiz
    quiz_title: str = ""


@dataclass(frozen=True)
class Progress:
    completed_lessons: frozenset[int] = frozenset()
    passed_quizzes: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Locks:
    global_reason: str = ""
    course_reason: str = ""
    lesson_reasons: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    open: bool
    code: str = Code.OPEN
    reason: str = ""


OPEN = Decision(True)


@dataclass(frozen=True)
class Milestone:
    kind: str  # Code.MILESTONE_LESSON or Code.MILESTONE_QUIZ
    lesson_id: int | None
    quiz_id: int | None
    title: str


@dataclass(frozen=True)
class Outcome:
    lessons: dict[int, Decision]
    quizzes: dict[int, Decision]
    next_milestone: Milestone | None


def _lesson_milestone_unmet(lesson: LessonNode, progress: Progress) -> Decision | None:
    if lesson.must_complete and lesson.id not in progress.completed_lessons:
        return Decision(
            False, Code.MILESTONE_LESSON, _("Complete the lesson “%(title)s” to unlock this.") % {"title": lesson.title}
        )
    if lesson.quiz_id and lesson.quiz_id not in progress.passed_quizzes:
        return Decision(
            False,
            Code.MILESTONE_QUIZ,
            _("Pass the quiz “%(quiz)s” after the lesson “%(title)s” to unlock this.")
            % {"quiz": lesson.quiz_title, "title": lesson.title},
        )
    return None


def module_complete(module: ModuleNode, progress: Progress) -> bool:
    lessons_done = all(lesson.id in progress.completed_lessons for lesson in module.lessons if lesson.required)
    return lessons_done and (module.quiz_id is None or module.quiz_id in progress.passed_quizzes)


def evaluate(
    *, modules: list[ModuleNode], progress: Progress, now: datetime, self_paced: bool, locks: Locks | None = None
) -> Outcome:
    locks = locks or Locks()
    lessons: dict[int, Decision] = {}
    quizzes: dict[int, Decision] = {}
    blocker: Decision | None = None  # the first unmet milestone closes everything after it
    next_milestone: Milestone | None = None
    previous: ModuleNode | None = None

    for module in modules:
        module_gate: Decision | None = None
        if self_paced:
            if module.rule == "date" and module.opens_at and now < module.opens_at:
                module_gate = Decision(
                    False,
                    Code.DATE,
                    _("This module opens on %(date)s.") % {"date": formats.date_format(module.opens_at, "DATE_FORMAT")},
                )
            elif module.rule == "sequence" and previous is not None and not module_complete(previous, progress):
                module_gate = Decision(
                    False, Code.SEQUENCE, _("Finish the module “%(title)s” first.") % {"title": previous.title}
                )

        for lesson in module.lessons:
            decision = _admin_lock(lesson.id, locks) or (OPEN if not self_paced else module_gate or blocker or OPEN)
            lessons[lesson.id] = decision
            if lesson.quiz_id:
                quizzes[lesson.quiz_id] = decision
            if self_paced:
                unmet = _lesson_milestone_unmet(lesson, progress)
                if unmet and blocker is None:
                    blocker = unmet
                if unmet and next_milestone is None:
                    next_milestone = Milestone(
                        unmet.code,
                        lesson.id,
                        lesson.quiz_id if unmet.code == Code.MILESTONE_QUIZ else None,
                        lesson.quiz_title if unmet.code == Code.MILESTONE_QUIZ else lesson.title,
                    )

        if module.quiz_id:
            last_gate = module_gate or blocker
            quizzes[module.quiz_id] = OPEN if not self_paced else last_gate or OPEN
            if self_paced and module.quiz_id not in progress.passed_quizzes:
                unmet = Decision(
                    False,
                    Code.MILESTONE_QUIZ,
                    _("Pass the quiz “%(quiz)s” at the end of “%(title)s” to unlock this.")
                    % {"quiz": module.quiz_title, "title": module.title},
                )
                if blocker is None:
                    blocker = unmet
                if next_milestone is None:
                    next_milestone = Milestone(Code.MILESTONE_QUIZ, None, module.quiz_id, module.quiz_title)
        previous = module

    return Outcome(lessons=lessons, quizzes=quizzes, next_milestone=next_milestone)


def _admin_lock(lesson_id: int, locks: Locks) -> Decision | None:
    reason = locks.global_reason or locks.course_reason or locks.lesson_reasons.get(lesson_id, "")
    if reason:
        return Decision(False, Code.LOCKED_BY_ADMIN, _("Locked by the school: %(reason)s") % {"reason": reason})
    return None
