"""What a partner's reports read: their links' funnel, sales and commissions by course and month, their payouts.

Each function answers in a fixed number of queries, whatever the number of links, sales or months."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.utils import timezone

from analytics.models import Event
from core.money import Money

from .models import Commission, Payout, ReferralLink
from .services import payouts as payout_services

FUNNEL_EVENTS = {"visits": "referral_visit", "signups": "referral_signup", "purchases": "referral_purchase"}


def links_of(partner):
    return ReferralLink.objects.filter(partner=partner).order_by("-created_at")


def funnel(*, links: list[ReferralLink]) -> dict[int, dict[str, int]]:
    """Visits, sign-ups and purchases per link, from the analytics events its code is the campaign of."""
    by_code = {link.code: link.pk for link in links}
    counts = {link.pk: dict.fromkeys(FUNNEL_EVENTS, 0) for link in links}
    if not by_code:
        return counts
    step_of = {name: step for step, name in FUNNEL_EVENTS.items()}
    rows = (
        Event.objects.filter(name__in=step_of, utm_source="partner", utm_campaign__in=by_code)
        .values_list("utm_campaign", "name")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for code, name, total in rows:
        counts[by_code[code]][step_of[name]] = total
    return counts


def sales_by_course_and_month(*, partner):
    """Rows of (month, currency, course): sales counted, amount sold net of refunds, commission net of refunds."""
    return (
        Commission.objects.filter(partner=partner)
        .annotate(month=TruncMonth("occurred_at", tzinfo=timezone.get_default_timezone()))
        .values("month", "currency", "course_id", "course__title")
        .annotate(
            sales=Count("pk", filter=Q(refund__isnull=True)),
            refunds=Count("pk", filter=Q(refund__isnull=False)),
            base=Sum("base"),
            amount=Sum("amount"),
        )
        .order_by("-month", "currency", "course__title")
    )


def monthly_totals(*, partner, months: int = 12) -> dict[str, list[dict]]:
    """Commission per month in each currency, the last `months` months with any, for the chart."""
    rows = (
        Commission.objects.filter(partner=partner)
        .annotate(month=TruncMonth("occurred_at", tzinfo=timezone.get_default_timezone()))
        .values_list("currency", "month")
        .annotate(amount=Sum("amount"))
        .order_by("currency", "-month")
    )
    chart: dict[str, list[dict]] = defaultdict(list)
    for currency, month, amount in rows:
        if len(chart[currency]) < months:
            chart[currency].append({"month": month, "money": Money(amount, currency), "amount": amount})
    for points in chart.values():
        points.reverse()
        top = max((point["amount"] for point in points), default=Decimal(0))
        for point in points:
            point["max"] = top if top > 0 else Decimal(1)
            point["value"] = max(point["amount"], Decimal(0))
    return dict(chart)


def payouts_of(partner):
    return Payout.objects.filter(partner=partner).order_by("-created_at")


def statement_response(payout: Payout) -> HttpResponse:
    """The payout's statement as a PDF download, for the admin's and the partner's pages alike."""
    response = HttpResponse(payout_services.statement_pdf(payout), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="statement-{payout.pk}-{payout.period_end}.pdf"'
    return response
