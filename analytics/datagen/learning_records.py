"""Learning records for the people and courses of part 10 (`world.made`: "student_ids", "course_ids"): each course
gets a module of lessons with two quizzes; students enroll in one to three courses, complete lessons, take quizzes
and leave reviews. Leaves "enrollments" [(id, student, course, enrolled_at)] and "lessons" {course: [lesson ids]}
for later parts."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from learning.models import Enrollment, Lesson, LessonProgress, Module, Quiz, QuizAttempt, Review

from . import World, batched, part

LESSONS_PER_COURSE = 6
QUIZZED_LESSONS = (1, 4)  # positions of the lessons that end with a quiz


@contextmanager
def keeping_times(model, *names: str):
    """Let bulk_create keep the times we give fields that normally take the current time."""
    found = [model._meta.get_field(name) for name in names]
    saved = [(field.auto_now, field.auto_now_add) for field in found]
    for field in found:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(found, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _content(world: World) -> tuple[dict[int, list[int]], dict[int, int]]:
    """Lessons of every course, and the quiz of each quizzed lesson."""
    course_ids = world.made["course_ids"]
    Module.objects.bulk_create(Module(course_id=pk, title="Unit 1", sort_order=0) for pk in course_ids)
    modules = dict(Module.objects.filter(course_id__in=course_ids).values_list("course_id", "pk"))
    Lesson.objects.bulk_create(
        Lesson(course_id=pk, module_id=modules[pk], title=f"Lesson {n}", sort_order=n)
        for pk in course_ids
        for n in range(1, LESSONS_PER_COURSE + 1)
    )
    lessons: dict[int, list[int]] = {pk: [] for pk in course_ids}
    for course_id, lesson_id in (
        Lesson.objects.filter(course_id__in=course_ids).order_by("sort_order", "pk").values_list("course_id", "pk")
    ):
        lessons[course_id].append(lesson_id)
    Quiz.objects.bulk_create(
        Quiz(course_id=pk, lesson_id=lessons[pk][n], title=f"Check {n}", pass_mark=70)
        for pk in course_ids
        for n in QUIZZED_LESSONS
    )
    quizzes = dict(Quiz.objects.filter(course_id__in=course_ids).values_list("lesson_id", "pk"))
    return lessons, quizzes


@part(20)
def generate(world: World) -> None:
    rnd = world.random
    lessons, quizzes = _content(world)
    course_ids = world.made["course_ids"]
    # Some courses are easier than others, so the report has something to compare.
    ease = {pk: rnd.uniform(0.2, 0.9) for pk in course_ids}

    enrollments = []
    for student_id in world.made["student_ids"]:
        for course_id in rnd.sample(course_ids, k=min(len(course_ids), rnd.choice((1, 1, 2, 3)))):
            enrolled_at = world.moment()
            done = min(world.end - timedelta(minutes=1), enrolled_at + timedelta(days=rnd.uniform(5, 90)))
            completed = rnd.random() < ease[course_id] * 0.6 and done < world.end
            enrollments.append(
                Enrollment(
                    student_id=student_id,
                    course_id=course_id,
                    source=Enrollment.Source.PURCHASE,
                    status=Enrollment.Status.COMPLETED if completed else Enrollment.Status.ACTIVE,
                    enrolled_at=enrolled_at,
                    completed_at=done if completed else None,
                )
            )
    for batch in batched(enrollments):
        Enrollment.objects.bulk_create(batch)
    made = list(
        Enrollment.objects.filter(course_id__in=course_ids)
        .order_by("pk")
        .values_list("pk", "student_id", "course_id", "enrolled_at", "completed_at")
    )

    def records():
        for pk, _student, course_id, enrolled_at, completed_at in made:
            until = completed_at or world.end
            span = (until - enrolled_at).total_seconds()
            reach = LESSONS_PER_COURSE if completed_at else rnd.randrange(0, LESSONS_PER_COURSE)
            for position, lesson_id in enumerate(lessons[course_id][:reach]):
                when = enrolled_at + timedelta(seconds=span * (position + rnd.random()) / (reach + 1))
                yield LessonProgress(
                    enrollment_id=pk,
                    lesson_id=lesson_id,
                    started_at=when - timedelta(minutes=20),
                    last_viewed_at=when,
                    completed_at=when,
                    time_spent_seconds=rnd.randrange(300, 2400),
                )
                if lesson_id in quizzes:
                    tries = 1 if rnd.random() < ease[course_id] else rnd.choice((2, 3))
                    for number in range(1, tries + 1):
                        passed = number == tries and (completed_at is not None or rnd.random() < 0.7)
                        yield QuizAttempt(
                            enrollment_id=pk,
                            quiz_id=quizzes[lesson_id],
                            number=number,
                            submitted_at=when + timedelta(minutes=5 * number),
                            score=rnd.randrange(70, 101) if passed else rnd.randrange(0, 70),
                            passed=passed,
                        )
            if completed_at and rnd.random() < 0.3:
                stars = max(1, min(5, round(rnd.gauss(3 + 2 * ease[course_id], 1))))
                yield Review(
                    enrollment_id=pk,
                    course_id=course_id,
                    rating=stars,
                    status=Review.Status.APPROVED,
                    created_at=completed_at + timedelta(hours=rnd.randrange(1, 72)),
                )

    counts = {"progress": 0, "attempts": 0, "reviews": 0}
    with keeping_times(Review, "created_at"):
        for batch in batched(records()):
            by_model: dict[type, list] = {}
            for record in batch:
                by_model.setdefault(type(record), []).append(record)
            for model, rows in by_model.items():
                model.objects.bulk_create(rows)
            counts["progress"] += len(by_model.get(LessonProgress, ()))
            counts["attempts"] += len(by_model.get(QuizAttempt, ()))
            counts["reviews"] += len(by_model.get(Review, ()))

    world.made.update(enrollments=[row[:4] for row in made], lessons=lessons)
    world.log(
        f"{len(made)} enrollments, {counts['progress']} lessons completed, {counts['attempts']} quiz attempts, "
        f"{counts['reviews']} reviews"
    )
