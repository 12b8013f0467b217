"""The tutor's data: the admin's rules, each course's switch and limits, the indexed passages of lessons,
and every exchange with what it cost and why it was answered or refused."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from core.bounds import between, check_between


class Tone(models.TextChoices):
    FRIENDLY = "friendly", _("Friendly")
    CONCISE = "concise", _("Concise")
    FORMAL = "formal", _("Formal")
    ENCOURAGING = "encouraging", _("Encouraging")


class KnowledgeSource(models.TextChoices):
    COURSE_ONLY = "course", _("The course's lessons only")
    GENERAL = "general", _("The course's lessons, then general knowledge")


MAX_DAILY_MESSAGES = 1000
MAX_DAILY_TOKENS = 10_000_000


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


@register_setting(icon="help")
class TutorSettings(BaseGenericSetting):
    """The rules every course's tutor works within; enforced in code before any model is asked."""

    enabled = models.BooleanField(_("tutor enabled"), default=True)
    allowed_tones = models.CharField(
        _("allowed tones"),
        max_length=100,
        blank=True,
        help_text=_("Separated by commas: friendly, concise, formal, encouraging. Empty: every tone."),
    )
    default_tone = models.CharField(_("default tone"), max_length=12, choices=Tone.choices, default=Tone.FRIENDLY)
    refused_topics = models.TextField(
        _("refused topics"),
        blank=True,
        help_text=_("One word or phrase per line; a question that mentions one is refused."),
    )
    moderate_questions = models.BooleanField(
        _("moderation step"),
        default=True,
        help_text=_(
            "Each question is checked for abuse, self-harm, violence and sexual content before it is answered "
            "(a built-in list, and the provider's moderation service when one is configured)."
        ),
    )
    redact_personal_data = models.BooleanField(
        _("remove personal data before asking a model"),
        default=True,
        help_text=_("Email addresses and phone numbers are replaced before a question is sent or stored."),
    )
    supported_languages = models.CharField(
        _("supported languages"), max_length=100, default="en, ar", help_text=_("Language codes, separated by commas.")
    )
    knowledge_source = models.CharField(
        _("knowledge source"), max_length=10, choices=KnowledgeSource.choices, default=KnowledgeSource.COURSE_ONLY
    )
    messages_per_day = models.PositiveIntegerField(
        _("questions per student per day"), default=50, validators=between(0, MAX_DAILY_MESSAGES)
    )
    tokens_per_day = models.PositiveIntegerField(
        _("tokens per student per day"), default=50_000, validators=between(0, MAX_DAILY_TOKENS)
    )
    teachers_read_conversations = models.BooleanField(
        _("teachers may read their students' conversations"), default=False
    )

    panels = [
        FieldPanel("enabled"),
        MultiFieldPanel(
            [FieldPanel("allowed_tones"), FieldPanel("default_tone"), FieldPanel("knowledge_source")],
            heading=_("Answers"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("refused_topics"),
                FieldPanel("moderate_questions"),
                FieldPanel("redact_personal_data"),
                FieldPanel("supported_languages"),
            ],
            heading=_("Safety"),
        ),
        MultiFieldPanel([FieldPanel("messages_per_day"), FieldPanel("tokens_per_day")], heading=_("Daily limits")),
        FieldPanel("teachers_read_conversations"),
    ]

    class Meta:
        verbose_name = _("AI tutor rules")
        constraints = [
            check_between("messages_per_day", 0, MAX_DAILY_MESSAGES, name="tutor_rules_messages_range"),
            check_between("tokens_per_day", 0, MAX_DAILY_TOKENS, name="tutor_rules_tokens_range"),
        ]

    def clean(self):
        unknown = set(_lines(self.allowed_tones)) - set(Tone.values)
        if unknown:
            raise ValidationError({"allowed_tones": _("Unknown tone: %(tones)s.") % {"tones": ", ".join(unknown)}})
        if self.default_tone not in self.tones:
            raise ValidationError({"default_tone": _("The default tone must be one of the allowed tones.")})
        codes = {code for code, _name in settings.LANGUAGES}
        unknown = set(self.languages) - codes
        if unknown:
            raise ValidationError(
                {"supported_languages": _("Unknown language: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}}
            )

    @property
    def topics(self) -> list[str]:
        return _lines(self.refused_topics)

    @property
    def languages(self) -> list[str]:
        return [code.lower() for code in _lines(self.supported_languages)]

    @property
    def tones(self) -> list[str]:
        return _lines(self.allowed_tones) or list(Tone.values)


class CourseTutor(models.Model):
    """One course's tutor: on or off, and limits that may only be tighter than the global ones."""

    course = models.OneToOneField("learning.Course", on_delete=models.CASCADE, related_name="tutor_settings")
    enabled = models.BooleanField(_("tutor enabled for this course"), default=True)
    tone = models.CharField(_("tone"), max_length=12, choices=Tone.choices, blank=True)
    messages_per_day = models.PositiveIntegerField(
        _("questions per student per day"),
        null=True,
        blank=True,
        validators=between(0, MAX_DAILY_MESSAGES),
        help_text=_("Empty: the global limit. Never more than the global limit."),
    )
    tokens_per_day = models.PositiveIntegerField(
        _("tokens per student per day"),
        null=True,
        blank=True,
        validators=between(0, MAX_DAILY_TOKENS),
        help_text=_("Empty: the global limit. Never more than the global limit."),
    )

    class Meta:
        verbose_name = _("course tutor settings")
        verbose_name_plural = _("course tutor settings")
        constraints = [
            check_between("messages_per_day", 0, MAX_DAILY_MESSAGES, name="tutor_course_messages_range"),
            check_between("tokens_per_day", 0, MAX_DAILY_TOKENS, name="tutor_course_tokens_range"),
        ]

    def __str__(self):
        return str(self.course)

    def clean(self):
        rules = TutorSettings.load()
        errors = {}
        if self.messages_per_day is not None and self.messages_per_day > rules.messages_per_day:
            errors["messages_per_day"] = _("At most %(limit)s, the global limit.") % {"limit": rules.messages_per_day}
        if self.tokens_per_day is not None and self.tokens_per_day > rules.tokens_per_day:
            errors["tokens_per_day"] = _("At most %(limit)s, the global limit.") % {"limit": rules.tokens_per_day}
        if self.tone and self.tone not in rules.tones:
            errors["tone"] = _("This tone is not allowed by the global rules.")
        if errors:
            raise ValidationError(errors)


class CourseIndex(models.Model):
    """Goes up with every indexed change to a course's passages, so each process rebuilds its ranking once."""

    course = models.OneToOneField("learning.Course", on_delete=models.CASCADE, related_name="tutor_index")
    version = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.course_id} v{self.version}"


class Passage(models.Model):
    """A few sentences of a published lesson, with its words normalised for ranking."""

    course = models.ForeignKey("learning.Course", on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey("learning.Lesson", on_delete=models.CASCADE, related_name="tutor_passages")
    position = models.PositiveIntegerField()
    anchor = models.CharField(max_length=64, blank=True)
    text = models.TextField()
    terms = models.TextField(help_text="Normalised terms, separated by spaces.")

    class Meta:
        ordering = ["lesson", "position"]
        constraints = [models.UniqueConstraint(fields=["lesson", "position"], name="tutor_passage_position")]
        indexes = [models.Index(fields=["course", "id"], name="tutor_passage_course")]

    def __str__(self):
        return self.text[:60]


class Conversation(models.Model):
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tutor_conversations")
    course = models.ForeignKey("learning.Course", on_delete=models.CASCADE, related_name="tutor_conversations")
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "course"], name="tutor_one_conversation")]

    def __str__(self):
        return f"{self.student} · {self.course}"


class DailyUsage(models.Model):
    """What a student has taken of the day's allowance (UTC days, across courses): the row questions reserve
    their place in, so the limit holds however many questions arrive at once."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    messages = models.PositiveIntegerField(default=0)
    tokens = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "day"], name="tutor_usage_one_row_a_day")]

    def __str__(self):
        return f"{self.student_id} {self.day}: {self.messages}"


class Decision(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    DISABLED = "disabled", _("Tutor disabled")
    REFUSED_TOPIC = "topic", _("Refused topic")
    MODERATED = "moderated", _("Refused by moderation")
    LANGUAGE = "language", _("Language not supported")
    MESSAGE_LIMIT = "messages", _("Daily question limit")
    TOKEN_LIMIT = "tokens", _("Daily token limit")
    PROVIDER_ERROR = "error", _("Provider error")
    ABANDONED = "abandoned", _("Left before the answer ended")


class Exchange(models.Model):
    """One question and its answer (or refusal), with its usage: kept as it happened."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="exchanges")
    lesson = models.ForeignKey("learning.Lesson", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    question = models.TextField()
    answer = models.TextField(blank=True)
    citations = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=10)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    flagged_as = models.CharField(max_length=40, blank=True, help_text="The moderation category that refused it.")
    provider = models.CharField(max_length=40)
    model = models.CharField(max_length=100, blank=True)
    tokens_in = models.PositiveIntegerField(default=0)
    tokens_out = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(max_digits=12, decimal_places=6, default=Decimal(0))
    cost_currency = models.CharField(max_length=3)
    latency_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    rating = models.SmallIntegerField(null=True, blank=True, choices=[(1, _("Helpful")), (-1, _("Not helpful"))])
    reported_at = models.DateTimeField(null=True, blank=True)
    report_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="tutor_exchange_day"),
            # The admin's latest reported answers, and the rollup's reports of a day.
            models.Index(
                fields=["reported_at"], name="tutor_exchange_reported", condition=models.Q(reported_at__isnull=False)
            ),
        ]

    def __str__(self):
        return self.question[:60]
