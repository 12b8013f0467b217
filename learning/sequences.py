"""Learning's email sequences: lesson unlocked, progress milestones, course completed and inactivity.

Registered with the notifications engine from LearningConfig.ready(); the services call `enter_*` when the
event happens, and the engine scans for inactive students itself. Every callable reads a batch in a fixed
number of queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from core.site_url import absolute_url
from notifications import sequences
from notifications.kinds import Category
from notifications.registry import register_email

from .models import Certificate, Course, Enrollment, Level

UNLOCKED = "learning.lesson_unlocked"
COMPLETED = "learning.course_completed"
INACTIVE = "learning.inactive"
INACTIVE_AFTER = timedelta(days=7)
# The highest threshold a completion crosses decides the one email it sends (80 % and over: close to finishing).
MILESTONES = {
    80: ("learning.close_to_finishing", _("Close to finishing (four fifths done or more)")),
    75: ("learning.progress_75", _("Three quarters of the course done")),
    50: ("learning.progress_50", _("Half of the course done")),
    25: ("learning.progress_25", _("A quarter of the course done")),
}

COURSE_PLACEHOLDERS = {"name": _("the student's name"), "course": _("the course's title"), "link": _("the course")}
SAMPLE = {"name": _("Lina"), "course": _("Arabic for beginners"), "link": "https://fluentory.example/learn/arabic/"}


def _course_link(course: Course) -> str:
    return reverse("learning:course", kwargs={"slug": course.slug})


def _lesson_link(lesson, course_context: dict) -> str:
    return reverse("learning:lesson", kwargs={"slug": course_context["slug"], "lesson_id": lesson.pk})


# --- entering -----------------------------------------------------------------------------------------------


def enter_unlocked(*, enrollment: Enrollment, lesson_id: int, now: datetime) -> None:
    sequences.enter(
        trigger=UNLOCKED,
        user=enrollment.student,
        subject=f"unlocked-{enrollment.pk}-{lesson_id}",
        anchor=now,
        object_id=enrollment.pk,
        now=now,
    )


def enter_progress(*, enrollment: Enrollment, before: int, after: int, now: datetime) -> None:
    """The highest milestone this step of progress crossed, once per enrollment."""
    crossed = next((threshold for threshold in MILESTONES if before < threshold <= after), None)
    if crossed is None:
        return
    sequences.enter(
        trigger=MILESTONES[crossed][0],
        user=enrollment.student,
        subject=f"progress-{enrollment.pk}",
        anchor=now,
        object_id=enrollment.pk,
        now=now,
    )


def enter_completed(*, enrollment: Enrollment, now: datetime) -> None:
    sequences.enter(
        trigger=COMPLETED,
        user=enrollment.student,
        subject=f"completed-{enrollment.pk}",
        anchor=now,
        object_id=enrollment.pk,
        now=now,
    )


def inactive_between(since: datetime, until: datetime) -> Iterator[sequences.Candidate]:
    """Active enrollments whose last activity turned a week old in (since, until], by the indexed columns."""
    window = (since - INACTIVE_AFTER, until - INACTIVE_AFTER)
    idle = Enrollment.objects.filter(
        Q(last_active_at__gt=window[0], last_active_at__lte=window[1])
        | Q(last_active_at__isnull=True, enrolled_at__gt=window[0], enrolled_at__lte=window[1]),
        status=Enrollment.Status.ACTIVE,
    ).values_list("pk", "student_id", "last_active_at", "enrolled_at")
    for pk, student_id, last_active_at, enrolled_at in idle.iterator(chunk_size=2000):
        last = last_active_at or enrolled_at
        # The date of the last activity makes a new lapse a new entry, after the student came back for a while.
        yield sequences.Candidate(
            user_id=student_id, subject=f"inactive-{pk}-{last:%Y%m%dT%H%M}", anchor=last, object_id=pk
        )


# --- conditions and context ----------------------------------------------------------------------------------


def _enrollments(entries: list[sequences.Entry]) -> dict[int, Enrollment]:
    return Enrollment.objects.select_related("course").in_bulk({entry.object_id for entry in entries})


def enrollment_closed(entries: list[sequences.Entry], now: datetime) -> set[int]:
    """Exit: the enrollment ended or the course was completed (a milestone email would come too late)."""
    active = set(
        Enrollment.objects.filter(
            pk__in={entry.object_id for entry in entries}, status=Enrollment.Status.ACTIVE
        ).values_list("pk", flat=True)
    )
    return {entry.id for entry in entries if entry.object_id not in active}


def active_again(entries: list[sequences.Entry], now: datetime) -> set[int]:
    """Exit: the student opened a lesson after the lapse began, or the enrollment is no longer active."""
    enrollments = Enrollment.objects.in_bulk({entry.object_id for entry in entries})

    def back(entry) -> bool:
        enrollment = enrollments.get(entry.object_id)
        if enrollment is None or enrollment.status != Enrollment.Status.ACTIVE:
            return True
        return bool(enrollment.last_active_at and enrollment.last_active_at > entry.anchor)

    return {entry.id for entry in entries if back(entry)}


def course_context(entries: list[sequences.Entry], now: datetime) -> dict[int, dict]:
    enrollments = _enrollments(entries)
    return {
        entry.id: {
            "course": enrollment.course.title,
            "link": _course_link(enrollment.course),
            "slug": enrollment.course.slug,
        }
        for entry in entries
        if (enrollment := enrollments.get(entry.object_id))
    }


def _lesson_id(entry: sequences.Entry) -> int:
    return int(entry.subject.rsplit("-", 1)[1])  # see `enter_unlocked`


def unlocked_context(entries: list[sequences.Entry], now: datetime) -> dict[int, dict]:
    from .models import Lesson

    lessons = Lesson.objects.in_bulk({_lesson_id(entry) for entry in entries})
    courses = course_context(entries, now)
    return {
        entry.id: {**courses[entry.id], "lesson": lesson.title, "link": _lesson_link(lesson, courses[entry.id])}
        for entry in entries
        if entry.id in courses and (lesson := lessons.get(_lesson_id(entry)))
    }


def completed_context(entries: list[sequences.Entry], now: datetime) -> dict[int, dict]:
    """The course, and the next one to take: the lowest higher level in the same language not yet taken.

    Without a valid certificate the placeholder stays empty, and its paragraph with it."""
    enrollments = _enrollments(entries)
    certified = set(
        Certificate.objects.filter(enrollment_id__in=list(enrollments), revoked_at__isnull=True).values_list(
            "enrollment_id", flat=True
        )
    )
    taken = set(
        Enrollment.objects.filter(student_id__in={entry.user_id for entry in entries}).values_list(
            "student_id", "course_id"
        )
    )
    languages = {enrollment.course.language for enrollment in enrollments.values()}
    offered = list(
        Course.objects.filter(status=Course.Status.PUBLISHED, language__in=languages)
        .exclude(level=Level.CUSTOM)  # CEFR codes sort in order; a custom level has no place among them
        .order_by("level", "title")
    )
    contexts = {}
    for entry in entries:
        enrollment = enrollments.get(entry.object_id)
        if enrollment is None:
            continue
        course = enrollment.course
        following = next(
            (
                other
                for other in offered
                if other.language == course.language
                and other.level > course.level
                and (entry.user_id, other.pk) not in taken
            ),
            None,
        )
        contexts[entry.id] = {
            "course": course.title,
            "link": _course_link(course),
            "certificate_link": absolute_url(reverse("learning:certificates")) if enrollment.pk in certified else "",
            "next_course": following.title if following else _other_course(entry.language),
            "next_link": _course_link(following) if following else reverse("cms:catalogue"),
        }
    return contexts


def _other_course(language: str) -> str:
    with override(language):
        return gettext("another course from our catalogue")


# --- registration ---------------------------------------------------------------------------------------------


def register() -> None:
    closed = sequences.register_exit(
        key="learning.enrollment_closed",
        label=_("The enrollment ended or the course was completed"),
        check=enrollment_closed,
    )
    back = sequences.register_exit(
        key="learning.active_again", label=_("The student came back to the course"), check=active_again
    )
    _register_unlocked(closed.key)
    _register_milestones(closed.key)
    _register_completed()
    _register_inactive(back.key)


def _register_unlocked(exit_key: str) -> None:
    placeholders = {**COURSE_PLACEHOLDERS, "lesson": _("the lesson that opened")}
    register_email(
        key=UNLOCKED,
        label=_("Lesson unlocked"),
        placeholders=placeholders,
        sample={**SAMPLE, "lesson": _("Greetings")},
        subject=_("A new lesson is open: {{ lesson }}"),
        body=(_("Hello {{ name }},"), _("“{{ lesson }}” in “{{ course }}” is now open for you.")),
        button_label=_("Start the lesson"),
        button_link="{{ link }}",
    )
    sequences.register_trigger(
        key=UNLOCKED,
        label=_("A lesson unlocked for the student"),
        category=Category.LEARNING,
        context=unlocked_context,
        placeholders=placeholders,
        shipped_name=_("Lesson unlocked"),
        shipped_steps=[sequences.ShippedStep(email=UNLOCKED)],
        shipped_exit=exit_key,
    )


MILESTONE_WORDS = {
    80: (_("You're close to finishing {{ course }}"), _("You have done most of “{{ course }}”. One last push!")),
    75: (
        _("Three quarters of {{ course }} done"),
        _("You have completed three quarters of “{{ course }}”. Keep going!"),
    ),
    50: (_("Halfway through {{ course }}"), _("You have completed half of “{{ course }}”. Well done!")),
    25: (_("A quarter of {{ course }} done"), _("You have completed a quarter of “{{ course }}”. A great start!")),
}


def _register_milestones(exit_key: str) -> None:
    for threshold, (key, label) in MILESTONES.items():
        subject, line = MILESTONE_WORDS[threshold]
        register_email(
            key=key,
            label=label,
            placeholders=COURSE_PLACEHOLDERS,
            sample=SAMPLE,
            subject=subject,
            body=(_("Hello {{ name }},"), line),
            button_label=_("Continue the course"),
            button_link="{{ link }}",
        )
        sequences.register_trigger(
            key=key,
            label=label,
            category=Category.LEARNING,
            context=course_context,
            placeholders=COURSE_PLACEHOLDERS,
            shipped_name=label,
            shipped_steps=[sequences.ShippedStep(email=key)],
            shipped_exit=exit_key,
        )


def _register_completed() -> None:
    placeholders = {
        **COURSE_PLACEHOLDERS,
        "certificate_link": _("the certificate, when the course gives one (else empty)"),
        "next_course": _("the next course to take"),
        "next_link": _("the next course, or the catalogue"),
    }
    register_email(
        key=COMPLETED,
        label=_("Course completed"),
        placeholders=placeholders,
        sample={
            **SAMPLE,
            "certificate_link": "https://fluentory.example/learn/certificates/42/",
            "next_course": _("Arabic, the next steps"),
            "next_link": "https://fluentory.example/learn/arabic-2/",
        },
        subject=_("Congratulations, you completed {{ course }}"),
        body=(
            _("Hello {{ name }},"),
            _("You completed “{{ course }}”. Congratulations!"),
            "{{ certificate_link }}",
            _("Ready for more? We suggest: {{ next_course }}"),
        ),
        button_label=_("Find your next course"),
        button_link="{{ next_link }}",
    )
    sequences.register_trigger(
        key=COMPLETED,
        label=_("The student completed a course"),
        category=Category.LEARNING,
        context=completed_context,
        placeholders=placeholders,
        shipped_name=_("Course completed"),
        # An hour on, the certificate (issued by a task when the course is completed) is there to link to.
        shipped_steps=[sequences.ShippedStep(email=COMPLETED, offset_hours=1)],
    )


def _register_inactive(exit_key: str) -> None:
    for key, label, subject in (
        ("learning.inactive_week", _("Inactive for a week"), _("We miss you in {{ course }}")),
        ("learning.inactive_fortnight", _("Inactive for two weeks"), _("Your place in {{ course }} is waiting")),
    ):
        register_email(
            key=key,
            label=label,
            placeholders=COURSE_PLACEHOLDERS,
            sample=SAMPLE,
            subject=subject,
            body=(
                _("Hello {{ name }},"),
                _("You have not opened “{{ course }}” for a while. Ten minutes today keeps your progress going."),
            ),
            button_label=_("Pick up where you left off"),
            button_link="{{ link }}",
        )
    sequences.register_trigger(
        key=INACTIVE,
        label=_("An enrolled student has not opened a lesson for 7 days"),
        category=Category.LEARNING,
        context=course_context,
        placeholders=COURSE_PLACEHOLDERS,
        scan=inactive_between,
        shipped_name=_("Inactive students"),
        shipped_steps=[
            sequences.ShippedStep(email="learning.inactive_week", offset_hours=7 * 24),
            sequences.ShippedStep(email="learning.inactive_fortnight", offset_hours=14 * 24),
        ],
        shipped_exit=exit_key,
    )
