"""Revenue figures read from the revenue rollup: payments and refunds, as paid and in the reporting currency, added
up per day, week or month in the reader's time zone and per currency, course, teacher or partner. Each answer is
one aggregate query whatever the period's length, plus one for names; figures per currency (the default view, the
chart and the totals) read the per-currency hours, a table far smaller than the one keeping course, teacher and
partner."""

from __future__ import annotations

from datetime import date, timedelta, tzinfo
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics.models import RevenueCurrencyHour, RevenueHour
from commerce.amounts import minor_quantum
from learning.models import Course

from .teachers import Period

GROUPS = {
    "currency": gettext_lazy("Currency"),
    "course": gettext_lazy("Course"),
    "teacher": gettext_lazy("Teacher"),
    "partner": gettext_lazy("Partner"),
}
GRANULARITIES = {"day": gettext_lazy("Day"), "week": gettext_lazy("Week"), "month": gettext_lazy("Month")}
TRUNCATE = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}
SUMS = ("payments", "gross", "gross_converted", "refunds", "refunded", "refunded_converted")


def revenue_rows(
    *, period: Period, zone: tzinfo, group_by: str = "currency", granularity: str = "day", currency: str = ""
) -> list[dict]:
    """One row per period step and group, oldest first, with its net figures; amounts as paid only per currency."""
    rows = (
        _hours(period, currency, fine=group_by != "currency")
        .annotate(step=TRUNCATE[granularity]("bucket", tzinfo=zone))
        .values("step", "currency" if group_by == "currency" else group_by)
        .annotate(**{name: Sum(name) for name in SUMS})
        .order_by("step")
    )
    rows = [_with_net(row, group_by) for row in rows]
    names = _names(group_by, {row["key"] for row in rows})
    for row in rows:
        row["step"] = step_label(row["step"].astimezone(zone).date(), granularity)
        row["group"] = names.get(row["key"], "") if group_by != "currency" else row["key"]
    rows.sort(key=lambda row: (row["step"], -row["net_converted"], row["group"]))
    return rows


def net_by_currency(*, period: Period, zone: tzinfo, granularity: str = "day", currency: str = "") -> dict:
    """{currency: {step label: net revenue in the reporting currency}}: the chart's datasets."""
    rows = (
        _hours(period, currency, fine=False)
        .annotate(step=TRUNCATE[granularity]("bucket", tzinfo=zone))
        .values("step", "currency")
        .annotate(gross=Sum("gross_converted"), refunded=Sum("refunded_converted"))
        .order_by("currency", "step")
    )
    series: dict[str, dict[str, Decimal]] = {}
    for row in rows:
        label = step_label(row["step"].astimezone(zone).date(), granularity)
        series.setdefault(row["currency"], {})[label] = row["gross"] - row["refunded"]
    return series


def totals(*, period: Period) -> dict:
    """Payments, refunds and net revenue in the reporting currency over the period (the admin home's figures)."""
    found = _hours(period, "", fine=False).aggregate(
        payments=Sum("payments"),
        refunds=Sum("refunds"),
        gross=Sum("gross_converted"),
        refunded=Sum("refunded_converted"),
    )
    return {
        "payments": found["payments"] or 0,
        "refunds": found["refunds"] or 0,
        "net": (found["gross"] or Decimal(0)) - (found["refunded"] or Decimal(0)),
    }


def steps(start: date, end: date, granularity: str) -> list[str]:
    """Every step's label from the one holding `start` to the one holding `end`, so the chart shows empty ones."""
    labels, day = [], start
    while day <= end:
        label = step_label(day, granularity)
        if not labels or labels[-1] != label:
            labels.append(label)
        day += timedelta(days=1)
    return labels


def step_label(day: date, granularity: str) -> str:
    if granularity == "month":
        return f"{day:%Y-%m}"
    if granularity == "week":
        return (day - timedelta(days=day.weekday())).isoformat()  # weeks start on Monday, as TruncWeek's do
    return day.isoformat()


def _hours(period: Period, currency: str, *, fine: bool):
    """The hours in the period; `fine` when the figures are wanted per course, teacher or partner."""
    hours = (RevenueHour if fine else RevenueCurrencyHour).objects.filter(period.q("bucket"))
    return hours.filter(currency=currency) if currency else hours


def _with_net(row: dict, group_by: str) -> dict:
    """The row's net figures, every amount to its currency's minor unit (SQLite adds decimals up as floats)."""
    row["key"] = row.pop("currency" if group_by == "currency" else group_by)
    reporting = minor_quantum(settings.FLUENTORY_REPORTING_CURRENCY)
    for name in ("gross_converted", "refunded_converted"):
        row[name] = Decimal(row[name]).quantize(reporting)
    row["net_converted"] = row["gross_converted"] - row["refunded_converted"]
    if group_by == "currency":
        row["currency"] = row["key"]
        paid_in = minor_quantum(row["currency"])
        row["gross"], row["refunded"] = (Decimal(row[name]).quantize(paid_in) for name in ("gross", "refunded"))
        row["net"] = row["gross"] - row["refunded"]
    else:  # amounts as paid in several currencies add up to nothing
        del row["gross"], row["refunded"]
    return row


def _names(group_by: str, keys: set) -> dict:
    ids = {key for key in keys if key is not None}
    none = {
        "course": _("No course"),
        "teacher": _("No teacher"),
        "partner": _("Direct sales (no partner)"),
        "currency": "",
    }[group_by]
    names: dict = {None: none}
    if group_by == "course":
        names |= dict(Course.objects.filter(pk__in=ids).values_list("pk", "title"))
    elif group_by in {"teacher", "partner"}:
        names |= {user.pk: user.name for user in get_user_model().objects.filter(pk__in=ids)}
    return names
