"""The Partner programme menu in the Wagtail admin: commission rules, referral links, commissions and payouts.

Imported at the end of `wagtail_hooks`, whose permission policy, menu item and money column it shares."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.models import User
from core.admin import AdminOnlyMenuItem, ReadOnlyPermissionPolicy

from . import partner_reports, referrals
from .admin_views import _require_admin
from .models import Commission, CommissionRule, Payout, ReferralLink
from .services import payouts
from .wagtail_hooks import AdminPermissionPolicy, money_column


class PayoutForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=gettext_lazy("Partner"), queryset=User.objects.filter(is_partner=True).order_by("email")
    )
    currency = forms.ChoiceField(
        label=gettext_lazy("Currency"), choices=[(code, code) for code in settings.FLUENTORY_CURRENCIES]
    )
    period_start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))


class PaidForm(forms.Form):
    reference = forms.CharField(label=gettext_lazy("Bank transfer reference"), max_length=120, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why it is cancelled"), max_length=300)


def new_payout(request):
    """Admins: a payout of a partner's unpaid commissions in one currency up to the period's last day."""
    _require_admin(request)
    form = PayoutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            payout = payouts.create_payout(admin=request.user, **form.cleaned_data)
        except payouts.PayoutRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Draft payout of %(amount)s created.") % {"amount": payout.money.format()})
            return redirect("commerce_payout_actions:detail", payout.pk)
    return render(
        request,
        "commerce/admin/payout_new.html",
        {
            "page_title": _("New payout"),
            "header_icon": "doc-full",
            "form": form,
            "time_zone": request.user.time_zone,
        },
        status=400 if request.method == "POST" else 200,
    )


def payout_detail(request, pk):
    """Admins: one payout, its statement, and the next step (approve, then mark paid, or cancel before it is paid);
    each step happens once."""
    _require_admin(request)
    payout = get_object_or_404(
        Payout.objects.select_related("partner", "created_by", "approved_by", "paid_by", "cancelled_by"), pk=pk
    )
    step = request.POST.get("step")
    paid_form = PaidForm(request.POST if step == "pay" else None)
    cancel_form = CancelForm(request.POST if step == "cancel" else None)
    if request.method == "POST":
        try:
            if step == "approve":
                payouts.approve(payout=payout, admin=request.user)
                messages.success(request, _("Payout approved."))
            elif step == "pay" and paid_form.is_valid():
                payouts.mark_paid(payout=payout, admin=request.user, reference=paid_form.cleaned_data["reference"])
                messages.success(request, _("Payout marked as paid."))
            elif step == "cancel" and cancel_form.is_valid():
                payouts.cancel(payout=payout, admin=request.user, reason=cancel_form.cleaned_data["reason"])
                messages.success(request, _("Payout cancelled; its commissions are unpaid again."))
            elif step == "cancel":
                messages.error(request, _("Say why the payout is cancelled."))
            else:
                messages.error(request, _("Choose a step."))
        except payouts.PayoutRefused as exc:
            messages.error(request, str(exc))
        return redirect("commerce_payout_actions:detail", payout.pk)
    return render(
        request,
        "commerce/admin/payout_detail.html",
        {
            "page_title": _("Payout %(payout)s") % {"payout": payout},
            "header_icon": "doc-full",
            "payout": payout,
            "statement": payouts.statement_for(payout),
            "paid_form": paid_form,
            "cancel_form": CancelForm(),
        },
    )


def payout_statement(request, pk):
    """Admins: the payout's statement as PDF."""
    _require_admin(request)
    return partner_reports.statement_response(get_object_or_404(Payout.objects.select_related("partner"), pk=pk))


class CommissionRuleViewSet(ModelViewSet):
    model = CommissionRule
    name = "commerce_commission_rules"
    icon = "tag"
    menu_label = gettext_lazy("Commission rules")
    list_display = [
        "partner",
        Column("percent", label=gettext_lazy("commission (%)")),
        Column("target", label=gettext_lazy("applies to"), accessor="target_label"),
        "valid_from",
        "valid_until",
    ]
    search_fields = ["partner__email", "partner__partner_profile__organisation"]
    form_fields = ["partner", "percent", "course", "bundle", "package", "valid_from", "valid_until"]
    permission_policy = AdminPermissionPolicy(CommissionRule)


class ReferralLinkViewSet(ModelViewSet):
    model = ReferralLink
    name = "commerce_referral_links"
    icon = "link"
    menu_label = gettext_lazy("Referral links")
    list_display = [
        "code",
        "partner",
        "name",
        Column("url", label=gettext_lazy("link"), accessor=referrals.short_url),
        "active",
    ]
    list_filter = ["active"]
    search_fields = ["code", "name", "partner__email"]
    form_fields = ["partner", "name", "landing_path", "active"]
    permission_policy = AdminPermissionPolicy(ReferralLink)


class PayoutActionColumn(Column):
    cell_template_name = "commerce/admin/payout_action_cell.html"

    def get_value(self, instance):
        return reverse("commerce_payout_actions:detail", args=[instance.pk])


class PayoutActionsViewSet(ViewSet):
    name = "commerce_payout_actions"
    url_prefix = "commerce/payouts/steps"
    icon = "plus"
    menu_label = gettext_lazy("New payout")
    menu_item_class = AdminOnlyMenuItem

    def get_urlpatterns(self):
        return [
            path("", new_payout, name="new"),
            path("<int:pk>/", payout_detail, name="detail"),
            path("<int:pk>/statement/", payout_statement, name="statement"),
        ]


class CommissionViewSet(ModelViewSet):
    model = Commission
    name = "commerce_commissions"
    icon = "list-ul"
    menu_label = gettext_lazy("Commissions")
    list_display = [
        "occurred_at",
        "partner",
        "order",
        "description",
        money_column("base", gettext_lazy("sale amount")),
        "rate",
        money_column("amount", gettext_lazy("commission")),
        "payout",
    ]
    list_filter = ["currency"]
    search_fields = ["order__reference", "partner__email"]
    inspect_view_enabled = True
    form_fields = ["description"]
    permission_policy = ReadOnlyPermissionPolicy(Commission)


class PayoutViewSet(ModelViewSet):
    model = Payout
    name = "commerce_payouts"
    icon = "doc-full"
    menu_label = gettext_lazy("Payouts")
    list_display = [
        "partner",
        money_column("amount", gettext_lazy("amount")),
        "period_start",
        "period_end",
        "status",
        "created_at",
        PayoutActionColumn("steps", label=gettext_lazy("Steps")),
    ]
    list_filter = ["status", "currency"]
    search_fields = ["partner__email", "payment_reference"]
    form_fields = ["payment_reference"]
    permission_policy = ReadOnlyPermissionPolicy(Payout)


class PartnerProgrammeGroup(ViewSetGroup):
    menu_label = gettext_lazy("Partner programme")
    menu_icon = "link"
    menu_order = 165
    items = (CommissionRuleViewSet, ReferralLinkViewSet, CommissionViewSet, PayoutViewSet, PayoutActionsViewSet)


@hooks.register("register_admin_viewset")
def register_partner_programme():
    return PartnerProgrammeGroup()
