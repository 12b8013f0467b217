from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """One funnel event: who (user or anonymous session), what, when, and where they came from."""

    name = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    session_key = models.CharField(max_length=40, blank=True)
    occurred_at = models.DateTimeField(db_index=True)
    properties = models.JSONField(default=dict, blank=True)
    path = models.CharField(max_length=500, blank=True)
    referrer = models.CharField(max_length=500, blank=True)
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    utm_term = models.CharField(max_length=100, blank=True)
    utm_content = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("event")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["name", "occurred_at"], name="event_name_time"),
            models.Index(fields=["user", "occurred_at"], name="event_user_time"),
            models.Index(fields=["utm_campaign", "occurred_at"], name="event_campaign_time"),
        ]

    def __str__(self):
        return f"{self.name} at {self.occurred_at:%Y-%m-%d %H:%M}"


class RollupWatermark(models.Model):
    """How far a rollup has read one of its sources: the last primary key or change time it has counted."""

    rollup = models.CharField(max_length=64)
    source = models.CharField(max_length=160)
    last_pk = models.BigIntegerField(null=True, blank=True)
    last_time = models.DateTimeField(null=True, blank=True)
    rolled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rollup watermark")
        constraints = [models.UniqueConstraint(fields=["rollup", "source"], name="rollup_watermark_unique")]

    def __str__(self):
        return f"{self.rollup} ← {self.source}"


from .models_courses import (  # noqa: E402, F401
    CourseHour,
    LearnerHour,
    LessonHour,
    SessionHour,
    TutorDay,
    TutorHour,
    TutorTermDay,
    TutorTermHour,
)
from .models_funnel import FunnelVisitor, RetentionActivity, RetentionEnrollment  # noqa: E402, F401
from .models_revenue import RevenueCurrencyHour, RevenueHour  # noqa: E402, F401
