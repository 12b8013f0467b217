"""The partner portal's webhook endpoints (`/partner/webhooks/`): partners only, their own endpoints."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import role_required
from api.forms import EndpointForm
from api.models import WebhookDelivery, WebhookEndpoint
from api.services import webhooks


@role_required(Role.PARTNER)
def endpoints(request):
    form = EndpointForm(request.POST or None)
    secret, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _endpoint, secret = webhooks.create_endpoint(partner=request.user, **form.cleaned_data)
            except webhooks.WebhookRefused as exc:
                form.add_error(None, str(exc))
        if secret is None:
            status = 400
        else:
            form = EndpointForm()
    mine = WebhookEndpoint.objects.filter(partner=request.user).order_by("-created_at")
    recent = (
        WebhookDelivery.objects.filter(endpoint__partner=request.user)
        .select_related("event", "endpoint")
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "api/partner_webhooks.html",
        {"form": form, "secret": secret, "endpoints": mine, "deliveries": recent},
        status=status,
    )


@role_required(Role.PARTNER)
@require_POST
def remove(request, pk):
    endpoint = WebhookEndpoint.objects.filter(pk=pk, partner=request.user).first()
    if endpoint is None:
        messages.error(request, _("No such endpoint."))
    else:
        webhooks.remove_endpoint(endpoint=endpoint)
        messages.success(request, _("Endpoint removed."))
    return redirect("api-account:partner-webhooks")
