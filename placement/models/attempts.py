"""One person's run through a placement test, and what they answered in each section."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bounds import check_between

from ..scoring import MAX_SCORE
from .frameworks import ProficiencyLevel
from .tests import PlacementTest, Section


class Attempt(models.Model):
    class Outcome(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        TIME_UP = "time_up", _("Time ran out")

    # The address of the attempt: unguessable, so an anonymous visitor's progress is theirs alone.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    test = models.ForeignKey(PlacementTest, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="placement_attempts"
    )
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("time runs out at"), null=True, blank=True)
    current_section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    level = models.ForeignKey(ProficiencyLevel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    breakdown = models.JSONField(_("score per skill"), default=dict, blank=True)

    class Meta:
        verbose_name = _("placement attempt")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "finished_at"], name="placement_attempt_owner")]
        constraints = [
            check_between("score", 0, MAX_SCORE, name="placement_attempt_score_range"),
            models.CheckConstraint(
                condition=models.Q(finished_at__isnull=True, score__isnull=True)
                | models.Q(finished_at__isnull=False, score__isnull=False),
                name="placement_attempt_scored_when_finished",
            ),
        ]

    def __str__(self):
        return f"{self.test} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class SectionResult(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="results")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="results")
    skill = models.CharField(max_length=12)
    submitted_at = models.DateTimeField()
    answers = models.JSONField(default=dict)
    earned = models.PositiveIntegerField()
    available = models.PositiveIntegerField()
    percent = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("section result")
        ordering = ["submitted_at", "pk"]
        constraints = [
            # A replayed or concurrent submission of the same section can never count twice.
            models.UniqueConstraint(fields=["attempt", "section"], name="placement_one_result_per_section"),
            models.CheckConstraint(
                condition=models.Q(earned__lte=models.F("available")), name="placement_earned_le_available"
            ),
        ]

    def __str__(self):
        return f"{self.attempt} · {self.section}"
