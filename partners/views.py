"""The partner portal at `/partner/`: partners only, each seeing their own organisation's figures."""

from django.shortcuts import render

from accounts.models import Role
from accounts.permissions import role_required
from commerce import partner_reports
from commerce.services import payouts

from . import overview


@role_required(Role.PARTNER)
def home(request):
    profile = getattr(request.user, "partner_profile", None)
    links = list(partner_reports.links_of(request.user).filter(active=True))
    funnel = partner_reports.funnel(links=links)
    return render(
        request,
        "partners/home.html",
        {
            "partner_profile": profile,
            "totals": payouts.totals_by_currency(partner=request.user),
            "link_count": len(links),
            "funnel": {step: sum(counts[step] for counts in funnel.values()) for step in partner_reports.FUNNEL_EVENTS},
            "activity": overview.activity_of(request.user),
        },
    )
