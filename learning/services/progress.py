"""A student's way through a course: starting and completing lessons, unlocks, course completion."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

import analytics
from learning import selectors
from learning.models import Enrollment, Lesson, LessonProgress
from notifications.services import notify

from .errors import LessonLocked

MAX_TIME_PER_PING = 300


def _lesson_url(lesson_id: int, course) -> str:
    return reverse("learning:lesson", kwargs={"slug": course.slug, "lesson_id": lesson_id})


def start_lesson(*, enrollment: Enrollment, lesson: Lesson, already_started: bool = False) -> None:
    """Record that the student opened `lesson` (the caller has checked it is open).

    `already_started` (known from the outline) turns the visit into one UPDATE."""
    now = timezone.now()
    if already_started and LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).update(
        last_viewed_at=now
    ):
        return
    _create_progress(enrollment=enrollment, lesson=lesson, now=now)


@transaction.atomic
def _create_progress(*, enrollment: Enrollment, lesson: Lesson, now) -> None:
    progress, created = LessonProgress.objects.get_or_create(
        enrollment=enrollment, lesson=lesson, defaults={"started_at": now, "last_viewed_at": now}
    )
    if created:
        analytics.track("lesson_started", user=enrollment.student, course=enrollment.course_id, lesson=lesson.pk)
    else:
        LessonProgress.objects.filter(pk=progress.pk).update(last_viewed_at=now)


@transaction.atomic
def record_time(*, enrollment: Enrollment, lesson: Lesson, seconds: int) -> None:
    """Add time spent on a lesson page; one report never adds more than five minutes."""
    from django.db.models import F

    seconds = max(0, min(int(seconds), MAX_TIME_PER_PING))
    LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).update(
        time_spent_seconds=F("time_spent_seconds") + seconds, last_viewed_at=timezone.now()
    )


@transaction.atomic
def complete_lesson(*, enrollment: Enrollment, lesson: Lesson) -> LessonProgress:
    """Mark `lesson` complete if it is open to the student; idempotent. Notifies unlocks and completion."""
    enrollment = Enrollment.objects.select_for_update().select_related("course", "student").get(pk=enrollment.pk)
    before = selectors.course_outline(course=enrollment.course, enrollment=enrollment)
    decision = before.outcome.lessons.get(lesson.pk)
    if decision is None:
        raise LessonLocked(_("This lesson is not part of the course's approved content."))
    if not decision.open:
        raise LessonLocked(decision.reason)
    now = timezone.now()
    progress, _created = LessonProgress.objects.get_or_create(
        enrollment=enrollment, lesson=lesson, defaults={"started_at": now, "last_viewed_at": now}
    )
    if progress.completed_at is None:
        progress.completed_at = now
        progress.save(update_fields=["completed_at"])
        analytics.track("lesson_completed", user=enrollment.student, course=enrollment.course_id, lesson=lesson.pk)
        after_progress(enrollment=enrollment, before=before)
    return progress


def after_progress(*, enrollment: Enrollment, before: selectors.Outline) -> None:
    """Tell the student about lessons that just unlocked, and complete the course when the rule is met."""
    after = selectors.course_outline(course=enrollment.course, enrollment=enrollment)
    newly_open = [
        entry
        for entry in after.lessons
        if entry.decision.open and not before.outcome.lessons.get(entry.id, entry.decision).open
    ]
    student = enrollment.student
    if newly_open:
        first = newly_open[0]
        with override(student.preferred_language):
            notify(
                student,
                "learning.lesson_unlocked",
                _("New lesson unlocked: %(title)s") % {"title": first.lesson.title},
                _("You reached a milestone in “%(course)s”. %(count)s lesson(s) are now open.")
                % {"course": enrollment.course.title, "count": len(newly_open)},
                url=_lesson_url(first.id, enrollment.course),
                email=False,
                dedupe_key=f"learning:unlock:{enrollment.pk}:{first.id}",
            )
    check_completion(enrollment=enrollment, outline=after)


def completion_met(outline: selectors.Outline) -> bool:
    """All required lessons completed and all required quizzes passed (self-paced courses with content)."""
    if not outline.course.has_self_paced_lessons or not outline.lessons:
        return False
    passed = outline.progress.passed_quizzes
    for module in outline.modules:
        for entry in module.lessons:
            if entry.lesson.is_required and not entry.completed:
                return False
            if entry.lesson.quiz_required and entry.quiz and entry.quiz.pk not in passed:
                return False
        if module.quiz and module.quiz.required and module.quiz.pk not in passed:
            return False
    return True


def check_completion(*, enrollment: Enrollment, outline: selectors.Outline | None = None) -> bool:
    outline = outline or selectors.course_outline(course=enrollment.course, enrollment=enrollment)
    if enrollment.status != Enrollment.Status.ACTIVE or not completion_met(outline):
        return enrollment.status == Enrollment.Status.COMPLETED
    mark_course_completed(enrollment=enrollment)
    return True


@transaction.atomic
def mark_course_completed(*, enrollment: Enrollment) -> Enrollment:
    """Complete an active enrollment (by the completion rule, or by hand for live courses); idempotent."""
    enrollment = Enrollment.objects.select_for_update().select_related("course", "student").get(pk=enrollment.pk)
    if enrollment.status != Enrollment.Status.ACTIVE:
        return enrollment
    enrollment.status = Enrollment.Status.COMPLETED
    enrollment.completed_at = timezone.now()
    enrollment.save(update_fields=["status", "completed_at"])
    analytics.track("course_completed", user=enrollment.student, course=enrollment.course_id)
    with override(enrollment.student.preferred_language):
        notify(
            enrollment.student,
            "learning.course_completed",
            _("You completed “%(course)s”") % {"course": enrollment.course.title},
            _("Congratulations! Every required lesson and quiz of this course is done."),
            url=reverse("learning:course", kwargs={"slug": enrollment.course.slug}),
            dedupe_key=f"learning:completed:{enrollment.pk}",
        )
    return enrollment
