"""A student's way through a course: starting and completing lessons, unlocks, course completion."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

import analytics
from learning import selectors, sequences
from learning.models import Course, CourseType, Enrollment, Lesson, LessonProgress, Module
from notifications.services import notify

from .errors import LessonLocked

MAX_TIME_PER_PING = 300
MAX_SESSIONS_COUNTED = 32767  # the column's upper bound
VIEW_RESOLUTION = timedelta(minutes=1)


def _lesson_url(lesson_id: int, course) -> str:
    return reverse("learning:lesson", kwargs={"slug": course.slug, "lesson_id": lesson_id})


def start_lesson(
    *, enrollment: Enrollment, lesson: Lesson, already_started: bool = False, last_view: tuple | None = None
) -> None:
    """Record that the student opened `lesson` (the caller has checked it is open).

    `already_started` and `last_view` ((lesson id, time) of the enrollment's latest view) come from the outline:
    a started lesson costs two UPDATEs (its progress and the enrollment's progress version, which the dashboard's
    summaries are kept under), and none when it was the latest one viewed less than `VIEW_RESOLUTION` ago (a reload
    changes nothing the dashboard or the teacher's "last seen" shows)."""
    now = timezone.now()
    _mark_active(enrollment, now)
    if already_started and last_view and last_view[0] == lesson.pk and now - last_view[1] < VIEW_RESOLUTION:
        return
    _record_view(enrollment=enrollment, lesson=lesson, now=now, already_started=already_started)


ACTIVITY_PRECISION = timezone.timedelta(hours=1)


def _mark_active(enrollment: Enrollment, now) -> None:
    """For the inactivity emails; written at most hourly, so reading a course does not rewrite its row each page."""
    if enrollment.last_active_at is not None and now - enrollment.last_active_at < ACTIVITY_PRECISION:
        return
    Enrollment.objects.filter(
        Q(last_active_at__isnull=True) | Q(last_active_at__lt=now - ACTIVITY_PRECISION), pk=enrollment.pk
    ).update(last_active_at=now)


@transaction.atomic
def _record_view(*, enrollment: Enrollment, lesson: Lesson, now, already_started: bool) -> None:
    viewed = LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson)
    if not (already_started and viewed.update(last_viewed_at=now)):
        _progress, created = LessonProgress.objects.get_or_create(
            enrollment=enrollment, lesson=lesson, defaults={"started_at": now, "last_viewed_at": now}
        )
        if created:
            analytics.track("lesson_started", user=enrollment.student, course=enrollment.course_id, lesson=lesson.pk)
        else:
            viewed.update(last_viewed_at=now)
    progress_changed(enrollment)


def progress_changed(enrollment: Enrollment) -> None:
    """Give the enrollment a new progress version, after the change and in its transaction: a reader that sees
    the new version also sees the change, so no summary of older progress is kept under the new version."""
    Enrollment.objects.filter(pk=enrollment.pk).update(progress_version=F("progress_version") + 1)


@transaction.atomic
def record_time(*, enrollment: Enrollment, lesson: Lesson, seconds: int) -> None:
    """Add time spent on a lesson page; one report never adds more than five minutes."""
    seconds = max(0, min(int(seconds), MAX_TIME_PER_PING))
    if LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).update(
        time_spent_seconds=F("time_spent_seconds") + seconds, last_viewed_at=timezone.now()
    ):
        progress_changed(enrollment)  # the lesson viewed last may have changed


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
    _mark_active(enrollment, now)
    progress, _created = LessonProgress.objects.get_or_create(
        enrollment=enrollment, lesson=lesson, defaults={"started_at": now, "last_viewed_at": now}
    )
    if progress.completed_at is None:
        progress.completed_at = now
        progress.save(update_fields=["completed_at"])
        progress_changed(enrollment)
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
    now = timezone.now()
    if newly_open:
        first = newly_open[0]
        sequences.enter_unlocked(enrollment=enrollment, lesson_id=first.id, now=now)
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
    sequences.enter_progress(
        enrollment=enrollment, before=before.percent_complete, after=after.percent_complete, now=now
    )
    check_completion(enrollment=enrollment, outline=after)


def completion_met(outline: selectors.Outline, *, sessions_attended: int = 0) -> bool:
    """The course's completion rule: live sessions attended (live and hybrid courses) and required content done.

    A live course with no sessions to attend is completed by hand; other courses need some content."""
    course = outline.course
    if course.has_live_sessions and sessions_attended < course.completion_sessions:
        return False
    if course.course_type == CourseType.LIVE:
        return course.completion_sessions > 0 and _required_content_done(outline)
    return bool(outline.lessons) and _required_content_done(outline)


def _required_content_done(outline: selectors.Outline) -> bool:
    """All required lessons completed and all required quizzes passed."""
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
    met = completion_met(outline, sessions_attended=enrollment.sessions_attended)
    if enrollment.status != Enrollment.Status.ACTIVE or not met:
        return enrollment.status == Enrollment.Status.COMPLETED
    mark_course_completed(enrollment=enrollment)
    return True


@transaction.atomic
def record_sessions_attended(*, student, course: Course, count: int) -> Enrollment | None:
    """The scheduling app tells how many of `course`'s live sessions `student` attended, in total (so a
    corrected attendance is told the same way); completes the course when its rule is met. Idempotent."""
    enrollments = Enrollment.objects.select_for_update().select_related("course", "student")
    enrollment = enrollments.filter(student=student, course=course).first()
    if enrollment is None:
        return None
    count = max(0, min(int(count), MAX_SESSIONS_COUNTED))
    if enrollment.sessions_attended != count:
        enrollment.sessions_attended = count
        enrollment.save(update_fields=["sessions_attended"])
    check_completion(enrollment=enrollment)
    return enrollment


@transaction.atomic
def mark_course_completed(*, enrollment: Enrollment) -> Enrollment:
    """Complete an active enrollment (by the completion rule, or by hand for live courses); idempotent."""
    enrollment = Enrollment.objects.select_for_update().select_related("course", "student").get(pk=enrollment.pk)
    if enrollment.status != Enrollment.Status.ACTIVE:
        return enrollment
    enrollment.status = Enrollment.Status.COMPLETED
    enrollment.completed_at = timezone.now()
    enrollment.save(update_fields=["status", "completed_at", "updated_at"])
    analytics.track("course_completed", user=enrollment.student, course=enrollment.course_id)
    sequences.enter_completed(enrollment=enrollment, now=enrollment.completed_at)
    enrollment_id = enrollment.pk
    transaction.on_commit(lambda: _issue_certificate_later(enrollment_id), robust=True)
    with override(enrollment.student.preferred_language):
        notify(
            enrollment.student,
            "learning.course_completed",
            _("You completed “%(course)s”") % {"course": enrollment.course.title},
            _("Congratulations! You met everything this course asks for completion."),
            url=reverse("learning:course", kwargs={"slug": enrollment.course.slug}),
            email=False,  # the course-completed sequence sends the email
            dedupe_key=f"learning:completed:{enrollment.pk}",
        )
    return enrollment


def _issue_certificate_later(enrollment_id: int) -> None:
    # Robust: a broker that is down must not undo the completion; the hourly sweep issues it later.
    from learning.tasks import issue_certificate

    issue_certificate.delay(enrollment_id)


DRIP_LOOKBACK_DAYS = 3


def notify_drip_unlocks(*, now=None) -> int:
    """Notify each active student once per drip module that has opened for them in the last few days."""
    now = now or timezone.now()
    since = now - timedelta(days=DRIP_LOOKBACK_DAYS)
    modules = list(
        Module.objects.live()
        .filter(unlock_rule=Module.UnlockRule.DATE, course__status__in=["published", "archived"])
        .filter(course__course_type__in=["recorded", "hybrid"])
        .filter(Q(available_from__lte=now) | Q(days_after_enrollment__isnull=False))
        .select_related("course")
    )
    sent = 0
    for module in modules:
        enrollments = Enrollment.objects.filter(course=module.course, status=Enrollment.Status.ACTIVE).select_related(
            "student", "course"
        )
        for enrollment in enrollments:
            opens_at = selectors.module_opens_at(module, enrollment)
            if opens_at is None or not since <= opens_at <= now:
                continue
            outline = selectors.course_outline(course=module.course, enrollment=enrollment, now=now)
            entries = next((m.lessons for m in outline.modules if m.module.pk == module.pk), [])
            if not entries or not entries[0].decision.open:
                continue  # still closed by a milestone or a sequence: the unlock will be told when that is met
            sequences.enter_unlocked(enrollment=enrollment, lesson_id=entries[0].id, now=now)
            with override(enrollment.student.preferred_language):
                notify(
                    enrollment.student,
                    "learning.lesson_unlocked",
                    _("New module open: %(title)s") % {"title": module.title},
                    _("“%(module)s” in “%(course)s” is now open.")
                    % {"module": module.title, "course": module.course.title},
                    url=_lesson_url(entries[0].id, module.course),
                    email=False,
                    dedupe_key=f"learning:drip:{enrollment.pk}:{module.pk}",
                )
            sent += 1
    return sent
