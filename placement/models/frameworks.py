"""Proficiency ladders per language (CEFR by default) and the courses recommended at each rung."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from learning.models import Course
from learning.models.courses import Level as CourseLevel

from .localized import in_active_language


class Framework(ClusterableModel):
    language = models.CharField(
        _("language"),
        max_length=40,
        unique=True,
        help_text=_("As courses name it (for example English or Arabic): recommendations come from these courses."),
    )
    name = models.CharField(_("name"), max_length=100, default="CEFR")
    name_ar = models.CharField(_("name in Arabic"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("proficiency framework")
        ordering = ["language"]

    def __str__(self):
        return f"{self.language} · {self.name}"

    @property
    def display_name(self) -> str:
        return in_active_language(self, "name")


class ProficiencyLevel(Orderable):
    framework = ParentalKey(Framework, on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(_("code"), max_length=20, help_text=_("For example A1, or Levantine 2."))
    name = models.CharField(_("name"), max_length=100)
    name_ar = models.CharField(_("name in Arabic"), max_length=100, blank=True)
    description = models.TextField(_("what it means"))
    description_ar = models.TextField(_("what it means, in Arabic"), blank=True)
    course_level = models.CharField(
        _("matching course level"),
        max_length=10,
        choices=CourseLevel.choices,
        blank=True,
        help_text=_("The course level this rung corresponds to, when there is one."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("level")
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="placement_level_code_unique")]

    def __str__(self):
        return f"{self.framework.language} {self.code}"

    @property
    def display_name(self) -> str:
        return in_active_language(self, "name")

    @property
    def display_description(self) -> str:
        return in_active_language(self, "description")


class CourseRecommendation(models.Model):
    level = models.ForeignKey(ProficiencyLevel, on_delete=models.CASCADE, related_name="recommendations")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    sort_order = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("recommended course")
        ordering = ["level", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["level", "course"], name="placement_recommendation_unique"),
        ]

    def __str__(self):
        return f"{self.level} → {self.course}"

    def clean(self):
        if (
            self.level_id
            and self.course_id
            and self.course.language.casefold() != self.level.framework.language.casefold()
        ):
            raise ValidationError(
                {
                    "course": _("Choose a course that teaches %(language)s.")
                    % {"language": self.level.framework.language}
                }
            )
