"""The back office's API screens (admins only): client credentials, webhook endpoints, deliveries and replays."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import require_admin
from api import scopes
from api.forms import EndpointForm
from api.models import ApiClient, WebhookDelivery, WebhookEndpoint
from api.services import tokens, webhooks


class ClientForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    partner = forms.ModelChoiceField(
        label=gettext_lazy("Partner"),
        queryset=User.objects.filter(is_partner=True).order_by("email"),
        required=False,
        help_text=gettext_lazy("Empty for an integration (catalogue and certificate verification only)."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        widget=forms.CheckboxSelectMultiple,
        choices=scopes.choices(scopes.PARTNER_CLIENT_SCOPES),
    )


def clients(request):
    require_admin(request)
    form = ClientForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            client, secret = tokens.create_client(created_by=request.user, **form.cleaned_data)
        except tokens.TokenRefused as exc:
            form.add_error(None, exc.message)
        else:
            created, form = {"client_id": client.client_id, "secret": secret}, ClientForm()
    return render(
        request,
        "api/admin/clients.html",
        {
            "page_title": _("API clients"),
            "header_icon": "key",
            "form": form,
            "created": created,
            "clients": ApiClient.objects.select_related("partner").order_by("name")[:200],
        },
        status=400 if request.method == "POST" and created is None else 200,
    )


@require_POST
def revoke_client(request, pk):
    require_admin(request)
    tokens.revoke_client(client=get_object_or_404(ApiClient, pk=pk))
    messages.success(request, _("Client revoked: its credentials and tokens no longer work."))
    return redirect("api_admin:clients")


def endpoints(request):
    require_admin(request)
    form = EndpointForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _endpoint, secret = webhooks.create_endpoint(**form.cleaned_data)
        except webhooks.WebhookRefused as exc:
            form.add_error(None, str(exc))
        else:
            form = EndpointForm()
    return render(
        request,
        "api/admin/endpoints.html",
        {
            "page_title": _("Webhook endpoints"),
            "header_icon": "link-external",
            "form": form,
            "secret": secret,
            "endpoints": WebhookEndpoint.objects.select_related("partner").order_by("-created_at")[:200],
        },
        status=400 if request.method == "POST" and secret is None else 200,
    )


@require_POST
def remove_endpoint(request, pk):
    require_admin(request)
    webhooks.remove_endpoint(endpoint=get_object_or_404(WebhookEndpoint, pk=pk))
    messages.success(request, _("Endpoint removed."))
    return redirect("api_admin:endpoints")


def deliveries(request):
    require_admin(request)
    rows = WebhookDelivery.objects.select_related("event", "endpoint").prefetch_related("attempt_log")
    page = Paginator(rows.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("p"))
    return render(
        request,
        "api/admin/deliveries.html",
        {"page_title": _("Webhook deliveries"), "header_icon": "list-ul", "page": page},
    )


@require_POST
def replay(request, pk):
    require_admin(request)
    again = webhooks.replay(delivery=get_object_or_404(WebhookDelivery, pk=pk))
    messages.success(request, _("Event %(id)s queued again.") % {"id": again.event_id})
    return redirect("api_admin:deliveries")
