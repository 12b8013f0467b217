from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bounds import between, check_between
from core.translated import Translated

MAX_ESTIMATED_HOURS = 1000
MAX_INCLUDED_LIVE_SESSIONS = 200


class Level(models.TextChoices):
    A1 = "A1", _("A1 · Beginner")
    A2 = "A2", _("A2 · Elementary")
    B1 = "B1", _("B1 · Intermediate")
    B2 = "B2", _("B2 · Upper intermediate")
    C1 = "C1", _("C1 · Advanced")
    C2 = "C2", _("C2 · Proficient")
    CUSTOM = "custom", _("Custom level")


def level_label(code: str, custom: str = "") -> str:
    """A level's label in the active language; `custom` for a custom level (or a code this site does not know)."""
    if code in Level.values and code != Level.CUSTOM:
        return str(Level(code).label)
    return custom


class CourseType(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    LIVE = "live", _("Live")
    HYBRID = "hybrid", _("Hybrid")


MAX_COMPLETION_SESSIONS = 200


class Course(Translated):
    translated_fields = ("title", "summary")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        UNLISTED = "unlisted", _("Unlisted")
        PRIVATE = "private", _("Private to a cohort")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(_("language taught"), max_length=40)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.A1)
    custom_level = models.CharField(_("custom level"), max_length=60, blank=True)
    course_type = models.CharField(_("course type"), max_length=10, choices=CourseType.choices)
    teachers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="taught_courses", blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    estimated_hours = models.PositiveIntegerField(
        _("estimated duration (hours)"), default=0, validators=between(0, MAX_ESTIMATED_HOURS)
    )
    included_live_sessions = models.PositiveSmallIntegerField(
        _("live sessions included"),
        default=0,
        validators=between(0, MAX_INCLUDED_LIVE_SESSIONS),
        help_text=_("Credits for live sessions a student receives with this course (live and hybrid courses)."),
    )
    completion_sessions = models.PositiveSmallIntegerField(
        _("live sessions to attend for completion"),
        default=0,
        validators=between(0, MAX_COMPLETION_SESSIONS),
        help_text=_(
            "Live and hybrid courses: a student completes the course after attending this many sessions "
            "and every required lesson. 0 means an admin marks completion by hand (live courses)."
        ),
    )
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Goes up with every change to the course's modules, lessons, quizzes or locks (see learning.outline_cache).
    content_version = models.PositiveBigIntegerField(default=0, editable=False)
    cloned_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="clones", editable=False
    )

    class Meta:
        verbose_name = _("course")
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "visibility"], name="course_catalogue")]
        constraints = [
            check_between("completion_sessions", 0, MAX_COMPLETION_SESSIONS, name="course_completion_sessions_bounded"),
            check_between("estimated_hours", 0, MAX_ESTIMATED_HOURS, name="course_estimated_hours_range"),
            check_between(
                "included_live_sessions", 0, MAX_INCLUDED_LIVE_SESSIONS, name="course_included_live_sessions_range"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.course_type == CourseType.RECORDED and self.included_live_sessions:
            raise ValidationError(
                {"included_live_sessions": _("Recorded courses have no live sessions; choose live or hybrid.")}
            )
        if self.course_type == CourseType.RECORDED and self.completion_sessions:
            raise ValidationError(
                {"completion_sessions": _("Recorded courses have no live sessions; choose live or hybrid.")}
            )

    @property
    def localized_summary(self) -> str:
        return self.in_active_language("summary")

    @property
    def level_label(self) -> str:
        return level_label(self.level, self.custom_level)

    @property
    def has_self_paced_lessons(self) -> bool:
        return self.course_type in {CourseType.RECORDED, CourseType.HYBRID}

    @property
    def has_live_sessions(self) -> bool:
        return self.course_type in {CourseType.LIVE, CourseType.HYBRID}

    @property
    def is_open_to_students(self) -> bool:
        """Enrolled students learn in published courses, and keep learning once a course is archived."""
        return self.status in {self.Status.PUBLISHED, self.Status.ARCHIVED}


class Enrollment(models.Model):
    class Source(models.TextChoices):
        PURCHASE = "purchase", _("Purchase")
        GIFT = "gift", _("Gift")
        BUNDLE = "bundle", _("Bundle")
        COHORT = "cohort", _("Cohort")
        ADMIN = "admin", _("Granted by an admin")
        FREE = "free", _("Free course")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        REFUNDED = "refunded", _("Refunded")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrollments")
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    enrolled_at = models.DateTimeField(_("enrolled at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    # When the student last opened a lesson (to the hour), for the inactivity emails; empty: since enrolling.
    last_active_at = models.DateTimeField(_("last active at"), null=True, blank=True, editable=False)
    # Told by the scheduling app whenever a teacher records attendance (learning never reads schedules).
    sessions_attended = models.PositiveSmallIntegerField(_("live sessions attended"), default=0, editable=False)
    # Goes up, in the same transaction, with every lesson viewed, completed or quiz passed: the dashboard's progress
    # summary is kept under it (see learning.selectors.progress_summaries).
    progress_version = models.PositiveBigIntegerField(default=0, editable=False)
    # Moves on every change, so the analytics rollups find enrollments completed or ended since they last looked.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("enrollment")
        constraints = [
            # One enrollment per student and course; re-enrolling reactivates it, so history stays in one row.
            models.UniqueConstraint(fields=["student", "course"], name="one_enrollment_per_student_course"),
        ]
        indexes = [
            models.Index(fields=["status", "last_active_at"], name="enrollment_last_active"),
            models.Index(fields=["status", "enrolled_at"], name="enrollment_enrolled"),
        ]

    def __str__(self):
        return f"{self.student} in {self.course}"

    @property
    def grants_access(self) -> bool:
        return self.status in {self.Status.ACTIVE, self.Status.COMPLETED}
