"""What each student did in each course, hour by hour (lessons completed, quiz attempts, questions to the AI tutor
with their outcome, tokens, cost and latency, answers reported), the lessons that drew questions or failed quizzes,
and the terms of the questions; then the tutor's figures of each hour over every course and of the whole UTC day,
and the terms of the day, added up from those hours."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import UTC, date

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncDate, TruncHour

from analytics.models import LearnerHour, LessonHour, TutorDay, TutorHour, TutorTermDay, TutorTermHour
from learning.models import LessonProgress, QuizAttempt
from tutor import text
from tutor.models import Decision, Exchange

from . import Source, register
from .engine import day_bounds

LEARNER_FIGURES = ("lessons_completed", "quiz_attempts", "quiz_passed", *LearnerHour.TUTOR_FIELDS)
LESSON_FIGURES = ("tutor_questions", "quiz_attempts", "quiz_failed")
# Refusals by the rules; a provider error or an answer left unread is neither answered nor refused.
REFUSED = [d for d in Decision.values if d not in {Decision.ANSWERED, Decision.PROVIDER_ERROR, Decision.ABANDONED}]


def _hourly(queryset, time_field: str, *dimensions: str, **figures):
    return (
        queryset.annotate(hour=TruncHour(time_field, tzinfo=UTC))
        .values("hour", *dimensions)
        .annotate(**figures)
        .order_by()
    )


def _add(rows: dict, key: tuple, figures: dict) -> None:
    target = rows[key]
    for name, value in figures.items():
        target[name] += value or 0


def _lesson_asked_from(lesson_id, citations) -> int | None:
    """The lesson a question was asked from, else the lesson its answer quoted first (as the tutor's themes do)."""
    if lesson_id is None and citations:
        return citations[0].get("lesson_id")
    return lesson_id


@register(
    "learning_activity",
    sources=(
        Source(LessonProgress, "completed_at", watermark="completed_at"),
        Source(QuizAttempt, "submitted_at"),
        Source(Exchange, "created_at"),
        Source(Exchange, "reported_at", watermark="reported_at"),
    ),
)
def rebuild(day: date) -> None:
    start, end = day_bounds(day)
    learners: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(LEARNER_FIGURES, 0))
    lessons: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(LESSON_FIGURES, 0))

    progress = LessonProgress.objects.filter(completed_at__gte=start, completed_at__lt=end)
    for row in _hourly(
        progress, "completed_at", "enrollment__course_id", "enrollment__student_id", lessons_completed=Count("pk")
    ):
        key = (row.pop("hour"), row.pop("enrollment__course_id"), row.pop("enrollment__student_id"))
        _add(learners, key, row)

    attempts = QuizAttempt.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
    for row in _hourly(
        attempts,
        "submitted_at",
        "enrollment__course_id",
        "enrollment__student_id",
        "quiz__lesson_id",
        quiz_attempts=Count("pk"),
        quiz_passed=Count("pk", filter=Q(passed=True)),
    ):
        hour, course_id, lesson_id = row.pop("hour"), row.pop("enrollment__course_id"), row.pop("quiz__lesson_id")
        _add(learners, (hour, course_id, row.pop("enrollment__student_id")), row)
        if lesson_id is not None:
            failed = row["quiz_attempts"] - row["quiz_passed"]
            _add(lessons, (hour, course_id, lesson_id), {"quiz_attempts": row["quiz_attempts"], "quiz_failed": failed})

    exchanges = Exchange.objects.filter(created_at__gte=start, created_at__lt=end)
    for row in _hourly(
        exchanges,
        "created_at",
        "conversation__course_id",
        "conversation__student_id",
        tutor_questions=Count("pk"),
        tutor_answered=Count("pk", filter=Q(decision=Decision.ANSWERED)),
        tutor_refused=Count("pk", filter=Q(decision__in=REFUSED)),
        tutor_moderated=Count("pk", filter=Q(decision=Decision.MODERATED)),
        tutor_errors=Count("pk", filter=Q(decision=Decision.PROVIDER_ERROR)),
        tutor_abandoned=Count("pk", filter=Q(decision=Decision.ABANDONED)),
        tutor_latency_ms=Sum("latency_ms", filter=Q(decision=Decision.ANSWERED)),
        tokens_in=Sum("tokens_in"),
        tokens_out=Sum("tokens_out"),
        tutor_cost=Sum("cost"),
    ):
        _add(learners, (row.pop("hour"), row.pop("conversation__course_id"), row.pop("conversation__student_id")), row)

    reported = Exchange.objects.filter(reported_at__gte=start, reported_at__lt=end)
    for row in _hourly(
        reported, "reported_at", "conversation__course_id", "conversation__student_id", tutor_reported=Count("pk")
    ):
        _add(learners, (row.pop("hour"), row.pop("conversation__course_id"), row.pop("conversation__student_id")), row)

    terms: dict[tuple, dict] = {}
    questions = exchanges.annotate(hour=TruncHour("created_at", tzinfo=UTC)).values_list(
        "hour", "conversation__course_id", "lesson_id", "citations", "question"
    )
    for hour, course_id, lesson_id, citations, question in questions.order_by("pk").iterator(chunk_size=2000):
        lesson_id = _lesson_asked_from(lesson_id, citations)
        if lesson_id is not None:
            _add(lessons, (hour, course_id, lesson_id), {"tutor_questions": 1})
        _count_terms(terms, hour, course_id, question)

    LearnerHour.objects.filter(bucket__gte=start, bucket__lt=end).delete()
    LessonHour.objects.filter(bucket__gte=start, bucket__lt=end).delete()
    TutorTermHour.objects.filter(bucket__gte=start, bucket__lt=end).delete()
    LearnerHour.objects.bulk_create(
        (
            LearnerHour(bucket=hour, course_id=course_id, student_id=student_id, **figures)
            for (hour, course_id, student_id), figures in learners.items()
        ),
        batch_size=5000,
    )
    LessonHour.objects.bulk_create(
        (
            LessonHour(bucket=hour, course_id=course_id, lesson_id=lesson_id, **figures)
            for (hour, course_id, lesson_id), figures in lessons.items()
        ),
        batch_size=5000,
    )
    TutorTermHour.objects.bulk_create(
        (
            TutorTermHour(
                bucket=hour,
                course_id=course_id,
                term=term[:60],
                word=found["words"].most_common(1)[0][0][:60],
                questions=found["questions"],
                example=found["example"][:300],
            )
            for (hour, course_id, term), found in terms.items()
        ),
        batch_size=5000,
    )
    add_up_hours(LearnerHour, TutorHour, start=start, end=end)
    add_up_days(LearnerHour, TutorDay, TutorTermHour, TutorTermDay, start=start, end=end)


def _hours(start, end) -> Q:
    hours = Q(bucket__gte=start) if start else Q()
    return hours & Q(bucket__lt=end) if end else hours


def _tutor_sums(learner_hour, start, end, *dimensions, **grouped):
    """The tutor's figures of [start, end) added up by the given dimensions, from the hours that have any."""
    return (
        learner_hour.objects.filter(_hours(start, end))
        .filter(Q(tutor_questions__gt=0) | Q(tutor_reported__gt=0))
        .values(*dimensions, **grouped)
        .annotate(**{name: Sum(name) for name in LearnerHour.TUTOR_FIELDS})
        .order_by()
    )


def add_up_hours(learner_hour, tutor_hour, *, start=None, end=None) -> None:
    """Rewrite the tutor's hour rows over every course of [start, end) (every hour when open) from the students'
    hours. The models are arguments so the migration that created the table fills it with the same sums."""
    tutor_hour.objects.filter(_hours(start, end)).delete()
    tutor = _tutor_sums(learner_hour, start, end, "bucket")
    tutor_hour.objects.bulk_create((tutor_hour(**row) for row in tutor.iterator(chunk_size=5000)), batch_size=5000)


def add_up_days(learner_hour, tutor_day, term_hour, term_day, *, start=None, end=None) -> None:
    """Rewrite the tutor's day rows of [start, end) (every day when open) from its hour rows. The models are
    arguments so the migration that created the day tables fills them with the same sums."""
    days = Q(day__gte=start.date()) if start else Q()
    days &= Q(day__lt=end.date()) if end else Q()
    tutor_day.objects.filter(days).delete()
    term_day.objects.filter(days).delete()
    tutor = _tutor_sums(learner_hour, start, end, "course_id", day=TruncDate("bucket", tzinfo=UTC))
    tutor_day.objects.bulk_create((tutor_day(**row) for row in tutor.iterator(chunk_size=5000)), batch_size=5000)
    terms = (
        term_hour.objects.filter(_hours(start, end))
        .values("term", day=TruncDate("bucket", tzinfo=UTC))
        .annotate(questions=Sum("questions"), word=Max("word"), example=Max("example"))
        .order_by()
    )
    term_day.objects.bulk_create((term_day(**row) for row in terms.iterator(chunk_size=5000)), batch_size=5000)


def _count_terms(terms: dict, hour, course_id: int, question: str) -> None:
    """Each distinct term of the question once, with the words the student wrote for it."""
    words: dict[str, Counter] = defaultdict(Counter)
    for word in re.findall(r"\w+", text.normalise(question)):
        stems = text.terms(word)
        if stems:
            words[stems[0]][word] += 1
    for term, written in words.items():
        found = terms.setdefault(
            (hour, course_id, term), {"questions": 0, "words": Counter(), "example": question.strip()}
        )
        found["questions"] += 1
        found["words"].update(written)
