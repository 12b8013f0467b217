from django.db import models
from django.utils.translation import gettext_lazy as _

from .content import Lesson, Quiz
from .courses import Enrollment


class LessonProgress(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    started_at = models.DateTimeField(_("started at"))
    last_viewed_at = models.DateTimeField(_("last viewed at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    time_spent_seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["enrollment", "lesson"], name="one_progress_per_lesson")]
        indexes = [models.Index(fields=["enrollment", "last_viewed_at"], name="progress_recent")]

    def __str__(self):
        return f"{self.enrollment} · {self.lesson}"


class QuizAttempt(models.Model):
    """One submitted attempt; never edited afterwards, so results stay what the student saw."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="quiz_attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("attempt"))
    submitted_at = models.DateTimeField(_("submitted at"))
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2)
    passed = models.BooleanField(_("passed"))
    answers = models.JSONField(_("answers"), default=dict)
    results = models.JSONField(_("results"), default=list)

    class Meta:
        verbose_name = _("quiz attempt")
        ordering = ["quiz", "number"]
        constraints = [
            # Two submissions racing for the same attempt number: the database keeps one.
            models.UniqueConstraint(fields=["enrollment", "quiz", "number"], name="one_attempt_per_number"),
        ]

    def __str__(self):
        return f"{self.quiz} #{self.number}"
