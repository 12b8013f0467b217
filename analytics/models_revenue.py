from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

AMOUNT = {"max_digits": 18, "decimal_places": 3}  # a sum of many payments: wider than one payment's amount


class RevenueFigures(models.Model):
    """Payments and refunds, as paid and in the reporting currency."""

    payments = models.PositiveIntegerField(default=0)
    gross = models.DecimalField(**AMOUNT, default=0)
    gross_converted = models.DecimalField(**AMOUNT, default=0)
    refunds = models.PositiveIntegerField(default=0)
    refunded = models.DecimalField(**AMOUNT, default=0)
    refunded_converted = models.DecimalField(**AMOUNT, default=0)

    FIELDS = ("payments", "gross", "gross_converted", "refunds", "refunded", "refunded_converted")

    class Meta:
        abstract = True

    def add(self, other: RevenueFigures) -> None:
        for name in self.FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class RevenueHour(RevenueFigures):
    """Payments and refunds of one UTC hour, per currency, course, teacher and partner; rebuilt by the "revenue"
    rollup. Amounts are as paid (in `currency`) and converted to the reporting currency at each payment's stored
    rate; a refund counts in the hour it was made, converted at its payment's rate."""

    bucket = models.DateTimeField()
    currency = models.CharField(max_length=3)
    course = models.ForeignKey(
        "learning.Course", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        verbose_name = _("revenue per hour")
        indexes = [models.Index(fields=["bucket", "currency"], name="revenue_hour_bucket")]

    def __str__(self):
        return f"{self.bucket:%Y-%m-%d %H:00} {self.currency}"


class RevenueCurrencyHour(RevenueFigures):
    """The same figures per UTC hour and currency only, added up from `RevenueHour` by the same rollup: a year is
    about 50,000 rows here against one per payment there, so the report's default view (per currency) and the
    admin home's totals stay fast."""

    bucket = models.DateTimeField()
    currency = models.CharField(max_length=3)

    class Meta:
        verbose_name = _("revenue per hour and currency")
        constraints = [models.UniqueConstraint(fields=["bucket", "currency"], name="revenue_currency_hour_unique")]

    def __str__(self):
        return f"{self.bucket:%Y-%m-%d %H:00} {self.currency}"
