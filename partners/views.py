"""The partner portal at `/partner/`: partners only, each seeing their own organisation's figures."""

from django.shortcuts import render

from accounts.models import Role
from accounts.permissions import role_required


@role_required(Role.PARTNER)
def home(request):
    profile = getattr(request.user, "partner_profile", None)
    return render(request, "partners/home.html", {"partner_profile": profile})
