"""Coupons in the Wagtail admin: the edit form (with a course picker for restrictions) and the list with its uses."""

from __future__ import annotations

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from learning.models import Course

from .lines import CourseLine
from .models import Coupon, CouponRedemption, CouponTarget

COURSE_PREFIX = CourseLine(Course(pk=0)).key().split(":")[0] + ":"


class CouponForm(WagtailAdminModelForm):
    """Restrictions are stored as line keys, so any kind of line can be named; courses get a picker here."""

    courses = forms.ModelMultipleChoiceField(
        label=_("Only for these courses"),
        queryset=Course.objects.order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the code applies to every purchase."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            keys = self.instance.targets.filter(line_key__startswith=COURSE_PREFIX).values_list("line_key", flat=True)
            self.initial["courses"] = [int(key.removeprefix(COURSE_PREFIX)) for key in keys]

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        amounts = self.formsets.get("amounts")
        if cleaned.get("kind") == Coupon.Kind.FIXED and amounts is not None and amounts.is_valid():
            kept = [form for form in amounts.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
            if not kept:
                self.add_error("kind", _("A fixed-amount coupon needs its amount in at least one currency."))
        return cleaned

    def save(self, commit=True):
        coupon = super().save(commit=commit)
        if commit:
            chosen = {CourseLine(course).key() for course in self.cleaned_data.get("courses") or []}
            course_targets = coupon.targets.filter(line_key__startswith=COURSE_PREFIX)
            course_targets.exclude(line_key__in=chosen).delete()
            known = set(course_targets.values_list("line_key", flat=True))
            CouponTarget.objects.bulk_create(CouponTarget(coupon=coupon, line_key=key) for key in chosen - known)
        return coupon


class CouponIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Uses are counted in the list's one query, whatever the number of coupons.
        return (
            super()
            .get_base_queryset()
            .annotate(
                uses_redeemed=Count("redemptions", filter=Q(redemptions__status=CouponRedemption.Status.REDEEMED)),
                uses_reserved=Count("redemptions", filter=Q(redemptions__status=CouponRedemption.Status.RESERVED)),
                uses_over_limit=Count("redemptions", filter=Q(redemptions__over_limit=True)),
            )
        )


def coupon_viewset(policy_class):
    class CouponViewSet(ModelViewSet):
        model = Coupon
        name = "commerce_coupons"
        icon = "tag"
        menu_label = _("Coupons")
        index_view_class = CouponIndexView
        list_display = [
            "code",
            "kind",
            "percent",
            "valid_from",
            "valid_until",
            Column("uses_redeemed", label=_("uses (paid)"), sort_key="uses_redeemed"),
            Column("uses_reserved", label=_("being paid"), sort_key="uses_reserved"),
            Column("uses_over_limit", label=_("paid past the limit"), sort_key="uses_over_limit"),
            "max_uses",
            "partner",
            "active",
        ]
        list_filter = ["kind", "active", "first_purchase_only"]
        search_fields = ["code", "description"]
        edit_handler = ObjectList(
            [
                FieldPanel("code"),
                FieldPanel("description"),
                MultiFieldPanel([FieldPanel("kind"), FieldPanel("percent")], heading=_("Discount")),
                InlinePanel("amounts", heading=_("Amount off per currency (fixed-amount coupons)"), label=_("amount")),
                FieldPanel("courses"),
                MultiFieldPanel(
                    [FieldPanel("valid_from"), FieldPanel("valid_until")], heading=_("When it can be used")
                ),
                MultiFieldPanel(
                    [FieldPanel("max_uses"), FieldPanel("max_uses_per_person"), FieldPanel("first_purchase_only")],
                    heading=_("Limits"),
                ),
                FieldPanel("partner"),
                FieldPanel("active"),
            ],
            base_form_class=CouponForm,
        )
        permission_policy = policy_class(Coupon)

    return CouponViewSet
