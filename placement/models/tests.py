"""A placement test: sections of questions per skill, how they are routed, and how scores become levels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from core.bounds import between, check_between
from learning.blocks import QuestionBlock

from ..scoring import MAX_SCORE
from .frameworks import Framework, ProficiencyLevel
from .localized import in_active_language

MAX_TIME_LIMIT_MINUTES = 240
MAX_WEIGHT = 10
MAX_POINTS_PER_QUESTION = 10
MAX_STEP = 20
MAX_DIFFICULTY = 5


class Skill(models.TextChoices):
    GRAMMAR = "grammar", _("Grammar")
    VOCABULARY = "vocabulary", _("Vocabulary")
    READING = "reading", _("Reading")
    LISTENING = "listening", _("Listening")


class PlacementTest(ClusterableModel):
    class Routing(models.TextChoices):
        LINEAR = "linear", _("Linear: every section, in order")
        ADAPTIVE = "adaptive", _("Adaptive: each step's result picks the next step's difficulty")

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="tests")
    title = models.CharField(_("title"), max_length=200)
    title_ar = models.CharField(_("title in Arabic"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    intro = models.TextField(_("introduction"), blank=True)
    intro_ar = models.TextField(_("introduction in Arabic"), blank=True)
    routing = models.CharField(_("routing"), max_length=10, choices=Routing.choices, default=Routing.LINEAR)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=between(1, MAX_TIME_LIMIT_MINUTES),
        help_text=_("Leave empty for no limit. Answers sent after the limit are not counted."),
    )
    is_live = models.BooleanField(_("open to visitors"), default=False)

    class Meta:
        verbose_name = _("placement test")
        ordering = ["framework__language", "title"]
        constraints = [
            check_between("time_limit_minutes", 1, MAX_TIME_LIMIT_MINUTES, name="placement_time_limit_range"),
        ]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return in_active_language(self, "title")

    @property
    def display_intro(self) -> str:
        return in_active_language(self, "intro")


class Section(Orderable):
    test = ParentalKey(PlacementTest, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    title_ar = models.CharField(_("title in Arabic"), max_length=200, blank=True)
    skill = models.CharField(_("skill"), max_length=12, choices=Skill.choices)
    step = models.PositiveSmallIntegerField(
        _("step"),
        default=1,
        validators=between(1, MAX_STEP),
        help_text=_("Linear tests take every section by step. Adaptive tests take one section per step."),
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"),
        default=1,
        validators=between(1, MAX_DIFFICULTY),
        help_text=_("Adaptive tests: 1 is easiest. A strong result leads to a harder section at the next step."),
    )
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=between(1, MAX_WEIGHT))
    points_per_question = models.PositiveSmallIntegerField(
        _("points per question"), default=1, validators=between(1, MAX_POINTS_PER_QUESTION)
    )
    passage = models.TextField(_("reading passage"), blank=True)
    audio = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("listening audio (MP3, M4A, OGG or WAV)"),
    )
    transcript = models.TextField(_("audio transcript"), blank=True)
    questions = StreamField(QuestionBlock(), verbose_name=_("questions"))

    class Meta(Orderable.Meta):
        verbose_name = _("section")
        constraints = [
            check_between("step", 1, MAX_STEP, name="placement_section_step_range"),
            check_between("difficulty", 1, MAX_DIFFICULTY, name="placement_section_difficulty_range"),
            check_between("weight", 1, MAX_WEIGHT, name="placement_section_weight_range"),
            check_between("points_per_question", 1, MAX_POINTS_PER_QUESTION, name="placement_section_points_range"),
        ]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return in_active_language(self, "title")


class ScoreBand(Orderable):
    """Scores are whole percentages (0 to 100); a test's bands cover each of them exactly once."""

    test = ParentalKey(PlacementTest, on_delete=models.CASCADE, related_name="bands")
    level = models.ForeignKey(ProficiencyLevel, on_delete=models.CASCADE, related_name="+", verbose_name=_("level"))
    min_score = models.PositiveSmallIntegerField(_("from score (%)"), validators=between(0, MAX_SCORE))
    max_score = models.PositiveSmallIntegerField(_("to score (%), included"), validators=between(0, MAX_SCORE))

    class Meta(Orderable.Meta):
        verbose_name = _("score band")
        constraints = [
            check_between("min_score", 0, MAX_SCORE, name="placement_band_min_range"),
            check_between("max_score", 0, MAX_SCORE, name="placement_band_max_range"),
            models.CheckConstraint(
                condition=models.Q(min_score__lte=models.F("max_score")), name="placement_band_order"
            ),
        ]

    def __str__(self):
        return f"{self.min_score}-{self.max_score}% → {self.level.code}"
