"""What admins decide: which teacher changes go live, and which lessons are locked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .content import Lesson
from .courses import Course


class ChangeRequest(models.Model):
    """A teacher's submitted changes to one course, waiting for an admin's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Changes requested")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="change_requests")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    note = models.TextField(_("note for the reviewer"), blank=True, max_length=2000)
    # [{"model": "lesson", "id": 3, "revision": 17, "title": "…", "new": true, "removed": false}, …]
    items = models.JSONField(default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("reviewer's comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("change request")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["course"], condition=models.Q(status="pending"), name="one_pending_change_request_per_course"
            )
        ]

    def __str__(self):
        return f"{self.course} · {self.get_status_display()}"


class LessonLock(models.Model):
    """An admin's lock: on one lesson, on every lesson of a course, or (neither set) on every lesson."""

    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.CASCADE, related_name="locks")
    lesson = models.ForeignKey(Lesson, null=True, blank=True, on_delete=models.CASCADE, related_name="locks")
    reason = models.CharField(_("reason shown to students"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lesson lock")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(course__isnull=False, lesson__isnull=False), name="lock_course_or_lesson_not_both"
            )
        ]

    def __str__(self):
        if self.lesson_id:
            return str(_("Lesson “%(title)s”") % {"title": self.lesson})
        if self.course_id:
            return str(_("Every lesson of “%(title)s”") % {"title": self.course})
        return str(_("Every lesson of every course"))

    @property
    def scope(self) -> str:
        return "lesson" if self.lesson_id else "course" if self.course_id else "global"
