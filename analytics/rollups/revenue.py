"""Revenue per UTC hour, currency, course, teacher and partner: payments as paid and converted, and refunds on
the hour they were made, converted at their payment's stored rate (what the school gave back is worth what it
took in)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncHour

from analytics.models import RevenueCurrencyHour, RevenueHour
from commerce.amounts import quantize
from commerce.models import Payment, Refund

from . import Source, register
from .engine import day_bounds

KEY = ("bucket", "currency", "course_id", "teacher_id", "partner_id")


def _key(found: dict) -> tuple:
    return (found["bucket"], found["currency"], found["course"], found["teacher"], found["partner"])


@register("revenue", sources=(Source(Payment, "captured_at"), Source(Refund, "created_at")))
def rebuild(day: date) -> None:
    start, end = day_bounds(day)
    rows: dict[tuple, RevenueHour] = defaultdict(RevenueHour)
    payments = (
        Payment.objects.filter(captured_at__gte=start, captured_at__lt=end)
        .values("currency", "course", "teacher", "partner", bucket=TruncHour("captured_at", tzinfo=UTC))
        .annotate(count=Count("pk"), gross=Sum("amount"), converted=Sum("reporting_amount"))
    )
    for found in payments:
        row = rows[_key(found)]
        row.payments, row.gross, row.gross_converted = found["count"], found["gross"], found["converted"]
    refunds = (
        Refund.objects.filter(created_at__gte=start, created_at__lt=end)
        .values(
            "payment__currency",
            "payment__course",
            "payment__teacher",
            "payment__partner",
            bucket=TruncHour("created_at", tzinfo=UTC),
        )
        .annotate(count=Count("pk"), refunded=Sum("amount"), converted=Sum(F("amount") * F("payment__exchange_rate")))
    )
    reporting = settings.FLUENTORY_REPORTING_CURRENCY
    for found in refunds:
        row = rows[_key({name.removeprefix("payment__"): value for name, value in found.items()})]
        row.refunds, row.refunded = found["count"], found["refunded"]
        row.refunded_converted = quantize(Decimal(found["converted"]), reporting)
    for key, row in rows.items():
        for name, value in zip(KEY, key, strict=True):
            setattr(row, name, value)
    per_currency: dict[tuple, RevenueCurrencyHour] = {}
    for row in rows.values():
        key = (row.bucket, row.currency)
        per_currency.setdefault(key, RevenueCurrencyHour(bucket=row.bucket, currency=row.currency)).add(row)
    for model, built in ((RevenueHour, rows), (RevenueCurrencyHour, per_currency)):
        model.objects.filter(bucket__gte=start, bucket__lt=end).delete()
        model.objects.bulk_create(built.values(), batch_size=2_000)
