"""Session packages (N live sessions with one teacher, any teacher of a language, or anyone) and the trial lesson's
price; prices per currency are set by an admin or derived from the base currency like course prices."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.bounds import between, check_between
from core.money import Money
from core.translated import Translated

from .amounts import validate_price_row

PACKAGE_SESSIONS = (1, 100)
VALIDITY_DAYS = (1, 1095)
PRICE = {"max_digits": 14, "decimal_places": 3}
MAX_PRICE = 1_000_000


class SessionPackage(Translated):
    translated_fields = ("title", "description")

    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    sessions = models.PositiveSmallIntegerField(_("sessions"), validators=between(*PACKAGE_SESSIONS))
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_teacher": True},
        verbose_name=_("teacher"),
        help_text=_("Only this teacher's sessions. Leave empty for any teacher (of the language, if one is given)."),
    )
    language = models.CharField(
        _("language"),
        max_length=60,
        blank=True,
        help_text=_("Any teacher who teaches this language (as written on teacher profiles). Not with a teacher."),
    )
    validity_days = models.PositiveSmallIntegerField(
        _("valid for (days)"), default=180, validators=between(*VALIDITY_DAYS)
    )
    is_active = models.BooleanField(_("on sale"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("session package")
        ordering = ["position", "sessions", "pk"]
        constraints = [
            check_between("sessions", *PACKAGE_SESSIONS, name="package_sessions_range"),
            check_between("validity_days", *VALIDITY_DAYS, name="package_validity_range"),
            models.CheckConstraint(
                condition=Q(teacher__isnull=True) | Q(language=""), name="package_teacher_or_language"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def localized_description(self) -> str:
        return self.in_active_language("description")

    def clean(self):
        if self.teacher_id and self.language:
            raise ValidationError({"language": _("Choose a teacher or a language, not both.")})


class _Price(models.Model):
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("amount"), **PRICE, validators=between(0, MAX_PRICE))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    def clean(self):
        validate_price_row(self, not_positive=_("A package or trial lesson cannot be free."))


class SessionPackagePrice(_Price):
    package = models.ForeignKey(SessionPackage, on_delete=models.CASCADE, related_name="prices")

    class Meta:
        verbose_name = _("session package price")
        ordering = ["package__position", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["package", "currency"], name="one_price_per_package_currency"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="package_price_positive"),
        ]

    def __str__(self):
        return f"{self.package}: {self.money}"


class TrialPrice(_Price):
    """The trial lesson's price in one currency: one discounted first session with any teacher."""

    class Meta:
        verbose_name = _("trial lesson price")
        ordering = ["currency"]
        constraints = [
            models.UniqueConstraint(fields=["currency"], name="one_trial_price_per_currency"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="trial_price_positive"),
        ]

    def __str__(self):
        return str(self.money)
