"""What teachers build: modules, lessons and quizzes. Their columns hold the approved (live) version;
drafts live in Wagtail revisions until an admin approves them (or a teacher who may publish saves them)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from core.bounds import between, check_between
from learning.blocks import LessonContentBlock, QuestionBlock

from .courses import Course

MAX_DRIP_DAYS = 3650  # ten years: far enough for any course, near enough for date arithmetic
MAX_LESSON_MINUTES = 600
MAX_QUIZ_ATTEMPTS = 100


class LiveContentQuerySet(models.QuerySet):
    def live(self):
        """What students see: approved at least once and not retired in the approved version."""
        return self.filter(live=True, retired=False)


class Module(DraftStateMixin, RevisionMixin, models.Model):
    class UnlockRule(models.TextChoices):
        OPEN = "open", _("Open once earlier milestones are met")
        SEQUENCE = "sequence", _("After the previous module is complete")
        DATE = "date", _("On a date (drip)")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    sort_order = models.PositiveIntegerField(_("position"), default=0)
    unlock_rule = models.CharField(_("unlocks"), max_length=10, choices=UnlockRule.choices, default=UnlockRule.OPEN)
    available_from = models.DateTimeField(_("opens on"), null=True, blank=True)
    days_after_enrollment = models.PositiveIntegerField(
        _("opens this many days after enrolling"), null=True, blank=True, validators=between(0, MAX_DRIP_DAYS)
    )
    retired = models.BooleanField(_("removed"), default=False)

    objects = LiveContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("module")
        ordering = ["course", "sort_order", "pk"]
        indexes = [models.Index(fields=["course", "live", "sort_order"], name="module_outline")]
        constraints = [check_between("days_after_enrollment", 0, MAX_DRIP_DAYS, name="module_drip_days_range")]

    def __str__(self):
        return self.title

    def clean(self):
        if self.unlock_rule == self.UnlockRule.DATE and not (self.available_from or self.days_after_enrollment):
            raise ValidationError(_("A module that opens on a date needs a date or a number of days after enrolling."))


class Lesson(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons", editable=False)
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("title"), max_length=200)
    body = StreamField(LessonContentBlock(), blank=True, verbose_name=_("content"))
    estimated_minutes = models.PositiveIntegerField(
        _("estimated duration (minutes)"), default=10, validators=between(0, MAX_LESSON_MINUTES)
    )
    sort_order = models.PositiveIntegerField(_("position"), default=0)
    is_required = models.BooleanField(_("required for completion"), default=True)
    must_complete = models.BooleanField(_("must be completed before the next lesson unlocks"), default=False)
    quiz_required = models.BooleanField(
        _("quiz required after this lesson"),
        default=False,
        help_text=_("Students must pass this lesson's quiz before the next lesson unlocks."),
    )
    is_preview = models.BooleanField(
        _("free preview"),
        default=False,
        help_text=_("Anyone may open this lesson from the course's public page, without buying the course."),
    )
    retired = models.BooleanField(_("removed"), default=False)

    objects = LiveContentQuerySet.as_manager()
    search_fields = [index.SearchField("title"), index.SearchField("body")]

    class Meta:
        verbose_name = _("lesson")
        ordering = ["module__sort_order", "sort_order", "pk"]
        indexes = [models.Index(fields=["course", "live", "sort_order"], name="lesson_outline")]
        constraints = [check_between("estimated_minutes", 0, MAX_LESSON_MINUTES, name="lesson_minutes_range")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.module_id and not self.course_id:
            self.course_id = Module.objects.values_list("course_id", flat=True).get(pk=self.module_id)
        super().save(*args, **kwargs)

    @property
    def is_milestone(self) -> bool:
        return self.must_complete or self.quiz_required


class Quiz(DraftStateMixin, RevisionMixin, models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="quizzes", editable=False)
    lesson = models.OneToOneField(Lesson, null=True, blank=True, on_delete=models.CASCADE, related_name="quiz")
    module = models.OneToOneField(Module, null=True, blank=True, on_delete=models.CASCADE, related_name="quiz")
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=70, validators=between(1, 100))
    attempt_limit = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=3,
        help_text=_("0 means unlimited attempts."),
        validators=between(0, MAX_QUIZ_ATTEMPTS),
    )
    randomise = models.BooleanField(_("shuffle questions and answers"), default=False)
    required = models.BooleanField(
        _("required for completion"),
        default=True,
        help_text=_("A module quiz that is required must be passed before later modules unlock."),
    )
    questions = StreamField(QuestionBlock(), blank=True, verbose_name=_("questions"))
    retired = models.BooleanField(_("removed"), default=False)

    objects = LiveContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lesson__isnull=False, module__isnull=True)
                | models.Q(lesson__isnull=True, module__isnull=False),
                name="quiz_on_a_lesson_or_a_module",
            ),
            check_between("pass_mark", 1, 100, name="quiz_pass_mark_range"),
            check_between("attempt_limit", 0, MAX_QUIZ_ATTEMPTS, name="quiz_attempt_limit_range"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.course_id:
            owner = self.lesson or self.module
            self.course_id = owner.course_id
        super().save(*args, **kwargs)

    @property
    def question_count(self) -> int:
        return len(self.questions.raw_data)
