"""The partner's sales and commissions by course and by month, in each currency."""

from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.models import Role
from accounts.permissions import role_required
from commerce import partner_reports
from core.money import Money

PAGE_SIZE = 25


@role_required(Role.PARTNER)
def sales_report(request):
    """Partners: their own sales, net of refunds, with the commission earned; a chart of the last months."""
    page = Paginator(partner_reports.sales_by_course_and_month(partner=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            **row,
            "base_money": Money(row["base"], row["currency"]),
            "commission": Money(row["amount"], row["currency"]),
        }
        for row in page.object_list
    ]
    return render(
        request,
        "partners/sales.html",
        {"page": page, "rows": rows, "chart": partner_reports.monthly_totals(partner=request.user)},
    )
