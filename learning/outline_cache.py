"""What every student of a course shares in its outline (live modules, lessons, quizzes and admin locks), read
once per content version instead of with four queries on every portal page.

`Course.content_version` goes up in the same transaction as any change to that content, whatever made it (the
authoring and governance services, the Wagtail admin, scheduled publishing), and it is read with the course.
A changed course is therefore looked up under a new key, and no process serves a stale outline; a key that is
no longer read simply ages out. The entries are kept in each process's memory, so a hit needs no round trip.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import caches
from django.db.models import F, Q

from .models import Course, Lesson, LessonLock, Module, Quiz

CACHE_ALIAS = "learning_outlines"
TIMEOUT = 24 * 3600

OUTLINE_LESSON_FIELDS = (
    "id",
    "course_id",
    "module_id",
    "title",
    "estimated_minutes",
    "sort_order",
    "is_required",
    "must_complete",
    "quiz_required",
)


@dataclass(slots=True)
class LessonRow:
    """The outline's view of a lesson: its settings, never its content (a 200-lesson outline stays light)."""

    id: int
    pk: int
    course_id: int
    module_id: int
    title: str
    estimated_minutes: int
    sort_order: int
    is_required: bool
    must_complete: bool
    quiz_required: bool

    @property
    def is_milestone(self) -> bool:
        return self.must_complete or self.quiz_required


@dataclass(frozen=True)
class CourseContent:
    modules: list[Module]
    lessons_by_module: dict[int, list[LessonRow]]
    quizzes: list[Quiz]
    locks: list[dict]  # the course's own locks, its lessons' locks and the locks on every lesson


def course_contents(courses: list[Course]) -> dict[int, CourseContent]:
    """The shared outline content of each course, by course id: one cache read, and four queries for those
    whose current version is not cached yet."""
    cache = caches[CACHE_ALIAS]
    keys = {course.pk: f"outline:{course.pk}:{course.content_version}" for course in courses}
    found = cache.get_many(list(keys.values()))
    contents = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in contents]
    if missing:
        fresh = _read(missing)
        cache.set_many({keys[pk]: content for pk, content in fresh.items()}, TIMEOUT)
        contents.update(fresh)
    return contents


def content_changed(*, course_id: int | None) -> None:
    """Give the course (every course, for `None`) a new content version, in the caller's transaction."""
    courses = Course.objects.all() if course_id is None else Course.objects.filter(pk=course_id)
    courses.update(content_version=F("content_version") + 1)


def _read(course_ids: list[int]) -> dict[int, CourseContent]:
    modules, lessons, quizzes = defaultdict(list), defaultdict(lambda: defaultdict(list)), defaultdict(list)
    for module in Module.objects.live().filter(course_id__in=course_ids).order_by("sort_order", "pk"):
        modules[module.course_id].append(module)
    rows = (
        Lesson.objects.live()
        .filter(course_id__in=course_ids, module__live=True, module__retired=False)  # a join, not every module id
        .order_by("sort_order", "pk")
        .values_list(*OUTLINE_LESSON_FIELDS)
    )
    for row in rows:
        lesson = LessonRow(row[0], *row)
        lessons[lesson.course_id][lesson.module_id].append(lesson)
    for quiz in (
        Quiz.objects.live()
        .filter(course_id__in=course_ids)
        .only("id", "course_id", "lesson_id", "module_id", "title", "required", "pass_mark", "attempt_limit")
    ):
        quizzes[quiz.course_id].append(quiz)
    everywhere = Q(course__isnull=True, lesson__isnull=True)
    locks = list(
        LessonLock.objects.filter(
            Q(course_id__in=course_ids) | Q(lesson__course_id__in=course_ids) | everywhere
        ).values("course_id", "lesson_id", "lesson__course_id", "reason")
    )
    return {
        pk: CourseContent(
            modules[pk],
            dict(lessons[pk]),
            quizzes[pk],
            [lock for lock in locks if _applies(lock, pk)],
        )
        for pk in course_ids
    }


def _applies(lock: dict, course_id: int) -> bool:
    return course_id in (lock["course_id"], lock["lesson__course_id"]) or not (lock["course_id"] or lock["lesson_id"])
