"""The partner's analytics: their referred visitors' funnel for a period, and their sales and commissions by course
and month, with charts over the tables."""

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import role_required
from analytics.admin_views import PeriodForm
from analytics.reports import funnel as figures
from commerce import partner_reports
from core.money import Money

DEFAULT_DAYS = 90
PAGE_SIZE = 25


@role_required(Role.PARTNER)
def analytics_page(request):
    """Partners: only the visitors their own referral links brought, and only their own sales."""
    today = timezone.localdate()
    initial = {"start": today - timedelta(days=DEFAULT_DAYS - 1), "end": today}
    form = PeriodForm({**initial, **request.GET.dict()} if request.GET else initial)
    if not form.is_valid():
        for error in form.non_field_errors() or [e for errors in form.errors.values() for e in errors]:
            messages.error(request, error)
        form = PeriodForm(initial)
        form.is_valid()
    funnel = figures.funnel(period=form.period(), partner=request.user)
    page = Paginator(partner_reports.sales_by_course_and_month(partner=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    sales = [
        {**row, "base_money": Money(row["base"], row["currency"]), "commission": Money(row["amount"], row["currency"])}
        for row in page.object_list
    ]
    monthly = partner_reports.monthly_totals(partner=request.user)
    months = sorted({point["month"] for points in monthly.values() for point in points})
    return render(
        request,
        "partners/analytics.html",
        {
            "form": form,
            "funnel": funnel,
            "page": page,
            "sales": sales,
            "funnel_chart": {
                "type": "bar",
                "labels": [str(row.step.label) for row in funnel],
                "datasets": [{"label": _("Visitors"), "data": [row.visitors for row in funnel]}],
            },
            "commission_chart": {
                "type": "line",
                "labels": [month.strftime("%Y-%m") for month in months],
                "datasets": [
                    {
                        "label": currency,
                        "data": [
                            next((float(p["amount"]) for p in points if p["month"] == month), None) for month in months
                        ],
                    }
                    for currency, points in monthly.items()
                ],
            }
            if monthly
            else None,
        },
    )
