"""The partner programme's money: commission rules, referral links, commissions and payouts.

Commissions are append-only (a refund writes a negative row); a payout gathers a partner's commissions in one
currency that no earlier payout took, and moves draft → approved → paid.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from core.bounds import between, check_between
from core.money import Money

from .models import AMOUNT, AppendOnly, Order, OrderLine, Payment, Refund

COMMISSION_PERCENT = (0, 100)
ATTRIBUTION_DAYS = (1, 365)
REFERRAL_CODE_BYTES = 6  # eight URL-safe characters: 2^48 codes, not worth guessing


def new_referral_code() -> str:
    return secrets.token_urlsafe(REFERRAL_CODE_BYTES)


@register_setting(icon="link")
class PartnerProgramSettings(BaseGenericSetting):
    attribution_window_days = models.PositiveIntegerField(
        _("attribution window (days)"),
        default=30,
        validators=between(*ATTRIBUTION_DAYS),
        help_text=_("How long after following a partner's referral link a purchase is still theirs."),
    )

    class Meta:
        verbose_name = _("partner programme")


class CommissionRule(models.Model):
    """A partner's percentage on sales of one course, bundle or package, or of everything, between two dates.

    Dates are days in the site's time zone (`TIME_ZONE`); a sale takes the rule valid on its day, the one naming
    its course, bundle or package before the partner's rule for everything."""

    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="commission_rules",
        limit_choices_to={"is_partner": True},
        verbose_name=_("partner"),
    )
    percent = models.DecimalField(
        _("commission (%)"), max_digits=5, decimal_places=2, validators=between(*COMMISSION_PERCENT)
    )
    course = models.ForeignKey(
        "learning.Course", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("course")
    )
    bundle = models.ForeignKey(
        "commerce.Bundle", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("bundle")
    )
    package = models.ForeignKey(
        "commerce.SessionPackage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("session package"),
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: no end."))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("commission rule")
        ordering = ["partner", "-valid_from"]
        constraints = [
            check_between("percent", *COMMISSION_PERCENT, name="commission_rule_percent_range"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="commission_rule_dates_in_order",
            ),
            models.CheckConstraint(
                condition=(
                    Q(course__isnull=True, bundle__isnull=True)
                    | Q(course__isnull=True, package__isnull=True)
                    | Q(bundle__isnull=True, package__isnull=True)
                ),
                name="commission_rule_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.partner}: {self.percent}% ({self.target_label})"

    @property
    def target_label(self) -> str:
        return str(self.course or self.bundle or self.package or _("everything"))

    def clean(self):
        targets = [field for field in ("course", "bundle", "package") if getattr(self, f"{field}_id")]
        if len(targets) > 1:
            raise ValidationError(_("Choose one course, bundle or package, or none for everything."))
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end must not come before the start.")})
        if not self.partner_id or not self.valid_from:
            return
        overlapping = CommissionRule.objects.filter(
            partner_id=self.partner_id, course_id=self.course_id, bundle_id=self.bundle_id, package_id=self.package_id
        ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
        if self.valid_until:
            overlapping = overlapping.filter(valid_from__lte=self.valid_until)
        clash = overlapping.exclude(pk=self.pk).first()
        if clash is not None:
            raise ValidationError(
                _("This partner already has a rule for %(target)s from %(start)s to %(end)s; the dates overlap.")
                % {"target": self.target_label, "start": clash.valid_from, "end": clash.valid_until or "…"}
            )


class ReferralLink(models.Model):
    """A partner's link `/r/<code>/`: sets the attribution cookie and lands on `landing_path` with UTM parameters."""

    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referral_links",
        limit_choices_to={"is_partner": True},
        verbose_name=_("partner"),
    )
    code = models.CharField(_("code"), max_length=32, unique=True, default=new_referral_code, editable=False)
    name = models.CharField(_("name"), max_length=120, blank=True, help_text=_("For the partner's own reports."))
    landing_path = models.CharField(
        _("landing page"),
        max_length=300,
        blank=True,
        help_text=_("A path on this site, e.g. /en/courses/arabic/; empty: the home page."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("referral link")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name or self.code

    def clean(self):
        path = (self.landing_path or "").strip()
        if path and (not path.startswith("/") or path.startswith("//") or "\\" in path):
            raise ValidationError({"landing_path": _("Give a path on this site that starts with /.")})
        self.landing_path = path


class Payout(models.Model):
    """What a partner is paid in one currency for a period: the commissions no earlier payout took."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="payouts",
        limit_choices_to={"is_partner": True},
        verbose_name=_("partner"),
    )
    currency = models.CharField(_("currency"), max_length=3)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    time_zone = models.CharField(_("time zone"), max_length=64, help_text=_("The zone the period's days are in."))
    amount = models.DecimalField(_("amount"), **AMOUNT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=120, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("payout")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="payout_period_order"),
        ]

    def __str__(self):
        return f"{self.partner} {self.money.format()} ({self.period_start} to {self.period_end})"

    def save(self, *args, **kwargs):
        if self.pk and Payout.objects.filter(pk=self.pk, status=self.Status.PAID).exists():
            raise ValidationError(_("A paid payout is never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Payouts are never deleted."))

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


class Commission(AppendOnly):
    """A partner's share of one order line: positive when the payment succeeded, negative for a refund.

    The rate and the base are stored as they were at the time of sale; only `payout` is filled in later, once."""

    money_fields = ("amount", "base")
    mutable_fields = frozenset({"payout"})

    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commissions", verbose_name=_("partner")
    )
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="commissions")
    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="commissions")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="commissions")
    refund = models.ForeignKey(Refund, null=True, blank=True, on_delete=models.PROTECT, related_name="commissions")
    rule = models.ForeignKey(CommissionRule, null=True, on_delete=models.PROTECT, related_name="commissions")
    course = models.ForeignKey(
        "learning.Course", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("course")
    )
    description = models.CharField(_("item"), max_length=250)
    currency = models.CharField(_("currency"), max_length=3)
    base = models.DecimalField(_("sale amount"), **AMOUNT)
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("commission"), **AMOUNT)
    occurred_at = models.DateTimeField(_("date"), default=timezone.now)
    payout = models.ForeignKey(Payout, null=True, blank=True, on_delete=models.PROTECT, related_name="commissions")

    class Meta:
        verbose_name = _("commission")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["partner", "currency", "occurred_at"], name="commission_partner_time")]
        constraints = [
            # A webhook replay or a second return page writes nothing more.
            models.UniqueConstraint(
                fields=["payment", "line"], condition=Q(refund__isnull=True), name="commission_once_per_sale"
            ),
            models.UniqueConstraint(
                fields=["refund", "line"], condition=Q(refund__isnull=False), name="commission_once_per_refund"
            ),
            models.CheckConstraint(
                condition=Q(refund__isnull=True, amount__gte=0) | Q(refund__isnull=False, amount__lte=0),
                name="commission_sign_follows_kind",
            ),
        ]

    def __str__(self):
        return f"{self.partner_id} {self.money}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def base_money(self) -> Money:
        return Money(self.base, self.currency)

    @property
    def is_adjustment(self) -> bool:
        return self.refund_id is not None
