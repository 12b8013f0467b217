"""Custom bundle requests in the partner portal: partners ask, and read the admins' answer (their own only)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from accounts.permissions import role_required

from .forms import BundleRequestForm
from .models import BundleRequest
from .services import PartnerRefused
from .services import bundle_requests as service

PER_PAGE = 20


@role_required(Role.PARTNER)
def bundle_request_list(request):
    requests = BundleRequest.objects.filter(partner=request.user).prefetch_related("courses")
    page = Paginator(requests, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "partners/bundle_requests.html", {"page": page})


@role_required(Role.PARTNER)
@require_http_methods(["GET", "POST"])
def bundle_request_create(request):
    form = BundleRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bundle_request = service.request_bundle(partner=request.user, **form.cleaned_data)
        except PartnerRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Request sent. We email you when the admins answer."))
            return redirect("partners:bundle-request", bundle_request.pk)
    return render(request, "partners/bundle_request_form.html", {"form": form}, status=400 if form.errors else 200)


@role_required(Role.PARTNER)
def bundle_request_detail(request, pk):
    bundle_request = get_object_or_404(BundleRequest.objects.prefetch_related("courses"), pk=pk, partner=request.user)
    return render(request, "partners/bundle_request_detail.html", {"bundle_request": bundle_request})
