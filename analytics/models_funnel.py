"""Rollup tables of the enrollment funnel and of retention: what the funnel, retention and partner reports read."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FunnelStep(models.IntegerChoices):
    VISIT = 1, _("Visit")
    PLACEMENT = 2, _("Placement test")
    CHECKOUT = 3, _("Checkout")
    ENROLLED = 4, _("Enrollment")
    COMPLETED = 5, _("Completion")


class FunnelVisitor(models.Model):
    """A visitor who reached a funnel step: one row per visitor, step and course in a UTC day, in the hour first
    reached, with the dimensions of that moment. Reports count distinct visitors over any period from it."""

    bucket = models.DateTimeField()
    step = models.PositiveSmallIntegerField(choices=FunnelStep.choices)
    # "u<user id>" when the person is known, else "s<session key>", else "e<event id>" (a visit with no session).
    visitor = models.CharField(max_length=48)
    course = models.ForeignKey(
        "learning.Course", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    language = models.CharField(max_length=40, blank=True)
    utm_source = models.CharField(max_length=100, blank=True)
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        verbose_name = _("funnel visitor")
        indexes = [
            models.Index(fields=["bucket", "step"], name="funnel_bucket_step"),
            models.Index(fields=["partner", "bucket"], name="funnel_partner_bucket"),
        ]  # and, on PostgreSQL, a covering index for distinct visitors per step (migration 0009)

    def __str__(self):
        return f"{self.visitor} {self.get_step_display()} at {self.bucket:%Y-%m-%d %H:00}"


class RetentionEnrollment(models.Model):
    """One enrollment of a retention cohort, in the UTC hour it began, with the minutes its student has spent on
    the course's lessons so far."""

    bucket = models.DateTimeField()
    enrollment_id = models.BigIntegerField(unique=True)
    course = models.ForeignKey("learning.Course", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    language = models.CharField(max_length=40, blank=True)
    enrolled_at = models.DateTimeField(db_index=True)
    seconds = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("retention enrollment")

    def __str__(self):
        return f"enrollment {self.enrollment_id} at {self.enrolled_at:%Y-%m-%d %H:%M}"


class RetentionActivity(models.Model):
    """An enrollment active in a UTC hour: in which week after enrolling (1 = its first seven days), how many
    lessons it completed then, and whether the course was completed then."""

    bucket = models.DateTimeField(db_index=True)
    enrollment_id = models.BigIntegerField()
    course = models.ForeignKey("learning.Course", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    language = models.CharField(max_length=40, blank=True)
    enrolled_at = models.DateTimeField()
    week = models.PositiveIntegerField()
    lessons = models.PositiveIntegerField(default=0)
    completed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("retention activity")
        indexes = [models.Index(fields=["enrolled_at", "week"], name="retention_cohort_week")]

    def __str__(self):
        return f"enrollment {self.enrollment_id} active in week {self.week}"
