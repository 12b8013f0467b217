"""The partner's payouts and their statements."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from accounts.models import Role
from accounts.permissions import role_required
from commerce import partner_reports
from commerce.services import payouts

PAGE_SIZE = 20


@role_required(Role.PARTNER)
def payout_list(request):
    """Partners: their own payouts, newest first, with what is earned and not yet paid out."""
    page = Paginator(partner_reports.payouts_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/payouts.html",
        {"page": page, "totals": payouts.totals_by_currency(partner=request.user)},
    )


@role_required(Role.PARTNER)
def payout_statement(request, pk):
    """Partners: the statement of one of their own payouts (someone else's is not found)."""
    return partner_reports.statement_response(get_object_or_404(partner_reports.payouts_of(request.user), pk=pk))
