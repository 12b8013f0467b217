"""The Commerce menu in the Wagtail admin: prices, rates, taxes, refund policies, orders and money records."""

from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from core.admin import AdminOnlyMenuItem, ReadOnlyPermissionPolicy, is_admin_user
from core.money import Money
from core.translated import translation_form_class, translation_panels
from learning.portal_panels import STUDENT_PANELS_HOOK
from scheduling.credit_offers import CREDIT_OFFERS_HOOK

from . import admin_views, offer_admin, package_offers
from .coupon_admin import coupon_viewset
from .models import (
    AccountCreditEntry,
    AddOnOffer,
    Bundle,
    CouponRedemption,
    CoursePrice,
    Dispute,
    ExchangeRate,
    Gift,
    HeldPayment,
    Invoice,
    Order,
    Payment,
    Refund,
    RefundPolicy,
    SessionPackage,
    SessionPackagePrice,
    TaxRate,
    TrialPrice,
    WebhookEvent,
)
from .recommendations import panels


class AdminPermissionPolicy(ModelPermissionPolicy):
    """Settings admins edit: prices, taxes, refund policies."""

    def user_has_permission(self, user, action):
        return is_admin_user(user)

    def user_has_any_permission(self, user, actions):
        return is_admin_user(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        return get_user_model().objects.filter(Q(is_superuser=True) | Q(is_admin=True), is_active=True)


class AddOnlyPermissionPolicy(AdminPermissionPolicy):
    """History tables: a change is a new row."""

    def user_has_permission(self, user, action):
        return action not in {"change", "delete"} and is_admin_user(user)


def money_column(field: str, label, currency_field: str = "currency") -> Column:
    """An amount with its currency, formatted for the admin's language (never a bare 49.000)."""
    return Column(
        field,
        label=label,
        accessor=lambda row: Money(getattr(row, field), getattr(row, currency_field)).format(),
        sort_key=field,
    )


class CoursePriceViewSet(ModelViewSet):
    model = CoursePrice
    name = "commerce_course_prices"
    icon = "tag"
    menu_label = _("Prices set by admins")
    list_display = ["course", "currency", money_column("amount", _("amount")), "updated_at"]
    list_filter = ["currency"]
    search_fields = ["course__title"]
    form_fields = ["course", "currency", "amount"]
    permission_policy = AdminPermissionPolicy(CoursePrice)


PACKAGE_FIELDS = (
    "title",
    "slug",
    "description",
    "sessions",
    "teacher",
    "language",
    "validity_days",
    "is_active",
    "position",
)


class SessionPackageViewSet(ModelViewSet):
    model = SessionPackage
    name = "commerce_session_packages"
    icon = "calendar-alt"
    menu_label = _("Session packages")
    list_display = ["title", "sessions", "teacher", "language", "validity_days", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            *(FieldPanel(name) for name in PACKAGE_FIELDS),
            *translation_panels(SessionPackage),
        ],
        base_form_class=translation_form_class(SessionPackage),
    )
    permission_policy = AdminPermissionPolicy(SessionPackage)


class SessionPackagePriceViewSet(ModelViewSet):
    model = SessionPackagePrice
    name = "commerce_session_package_prices"
    icon = "tag"
    menu_label = _("Package prices")
    list_display = ["package", "currency", money_column("amount", _("amount")), "updated_at"]
    list_filter = ["currency"]
    search_fields = ["package__title"]
    form_fields = ["package", "currency", "amount"]
    permission_policy = AdminPermissionPolicy(SessionPackagePrice)


class TrialPriceViewSet(ModelViewSet):
    model = TrialPrice
    name = "commerce_trial_prices"
    icon = "tag"
    menu_label = _("Trial lesson prices")
    list_display = ["currency", money_column("amount", _("amount")), "updated_at"]
    form_fields = ["currency", "amount"]
    permission_policy = AdminPermissionPolicy(TrialPrice)


class ExchangeRateViewSet(ModelViewSet):
    model = ExchangeRate
    name = "commerce_exchange_rates"
    icon = "resubmit"
    menu_label = _("Exchange rates")
    list_display = ["currency", "rate", "effective_at", "source"]
    list_filter = ["currency", "source"]
    form_fields = ["currency", "rate", "effective_at", "source"]
    permission_policy = AddOnlyPermissionPolicy(ExchangeRate)


class TaxRateViewSet(ModelViewSet):
    model = TaxRate
    name = "commerce_tax_rates"
    icon = "doc-full"
    menu_label = _("Tax rates")
    list_display = ["country", "name", "rate", "active"]
    form_fields = ["country", "name", "rate", "active"]
    permission_policy = AdminPermissionPolicy(TaxRate)


class RefundPolicyViewSet(ModelViewSet):
    model = RefundPolicy
    name = "commerce_refund_policies"
    icon = "list-ul"
    menu_label = _("Refund policies")
    list_display = ["name", "course", "course_type", "window_days", "amount_rule", "active"]
    form_fields = [
        "name",
        "course",
        "course_type",
        "window_days",
        "max_progress_percent",
        "max_lessons_completed",
        "max_live_sessions_attended",
        "amount_rule",
        "partial_percent",
        "revoke_access",
        "active",
    ]
    permission_policy = AdminPermissionPolicy(RefundPolicy)


class BundleIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(course_count=Count("items")).prefetch_related("prices")


class BundleViewSet(ModelViewSet):
    model = Bundle
    name = "commerce_bundles"
    icon = "folder-open-inverse"
    menu_label = _("Bundles")
    index_view_class = BundleIndexView
    list_display = [
        "title",
        Column("course_count", label=_("items")),
        Column(
            "prices",
            label=_("prices"),
            accessor=lambda bundle: ", ".join(price.money.format() for price in bundle.prices.all()),
        ),
        "active",
    ]
    list_filter = ["active"]
    search_fields = ["title", "slug"]
    edit_handler = offer_admin.bundle_edit_handler
    permission_policy = AdminPermissionPolicy(Bundle)


class AddOnOfferViewSet(ModelViewSet):
    model = AddOnOffer
    name = "commerce_add_on_offers"
    icon = "plus-inverse"
    menu_label = _("Order bumps and upsells")
    list_display = ["course", "placement", "add_on", "percent_off", "active"]
    list_filter = ["placement", "active"]
    search_fields = ["course__title", "add_on__title"]
    edit_handler = offer_admin.add_on_offer_edit_handler
    permission_policy = AdminPermissionPolicy(AddOnOffer)


def _read_only(model_, name_, icon_, label, columns, filters=(), search=()):
    return type(
        f"{model_.__name__}ViewSet",
        (ModelViewSet,),
        {
            "model": model_,
            "name": name_,
            "icon": icon_,
            "menu_label": label,
            "list_display": list(columns),
            "list_filter": list(filters),
            "search_fields": list(search),
            "inspect_view_enabled": True,
            "form_fields": [columns[0]],
            "permission_policy": ReadOnlyPermissionPolicy(model_),
        },
    )


OrderViewSet = _read_only(
    Order,
    "commerce_orders",
    "form",
    _("Orders"),
    ["reference", "student", "status", money_column("total", _("total")), "created_at", "paid_at"],
    ["status", "currency"],
    ["reference", "student__email"],
)
PaymentViewSet = _read_only(
    Payment,
    "commerce_payments",
    "success",
    _("Payments"),
    [
        "order",
        money_column("amount", _("amount")),
        money_column("reporting_amount", _("in the reporting currency"), "reporting_currency"),
        "gateway",
        "course",
        "teacher",
        "partner",
        "captured_at",
    ],
    ["currency", "gateway"],
    ["reference", "order__reference"],
)
RefundViewSet = _read_only(
    Refund,
    "commerce_refunds",
    "undo",
    _("Refunds"),
    ["payment", money_column("amount", _("amount")), "created_by", "created_at"],
    ["currency"],
)
InvoiceViewSet = _read_only(
    Invoice,
    "commerce_invoices",
    "doc-full-inverse",
    _("Invoices and credit notes"),
    ["number", "kind", "order", money_column("total", _("total")), "issued_at", "emailed_at"],
    ["kind", "currency", "year"],
    ["number", "order__reference"],
)
DisputeViewSet = _read_only(
    Dispute,
    "commerce_disputes",
    "warning",
    _("Disputes"),
    ["reference", "payment", money_column("amount", _("amount")), "reason", "status", "opened_at"],
)
HeldPaymentViewSet = _read_only(
    HeldPayment,
    "commerce_held_payments",
    "warning",
    _("Held payments"),
    [
        "order",
        money_column("amount", _("amount captured")),
        money_column("expected_amount", _("order total"), "expected_currency"),
        "gateway",
        "reference",
        "held_at",
    ],
    ["gateway"],
    ["reference", "order__reference"],
)
AccountCreditViewSet = _read_only(
    AccountCreditEntry,
    "commerce_account_credit",
    "tag",
    _("Account credit"),
    ["student", "kind", money_column("amount", _("amount")), "gift", "order", "created_at"],
    ["kind", "currency"],
    ["student__email", "order__reference"],
)
WebhookEventViewSet = _read_only(
    WebhookEvent,
    "commerce_webhook_events",
    "code",
    _("Webhook events"),
    ["event_id", "type", "outcome", "received_at", "processed_at"],
    ["type"],
    ["event_id", "object_reference"],
)


class GiftRefundColumn(Column):
    cell_template_name = "commerce/admin/gift_refund_cell.html"

    def get_value(self, instance):
        if instance.status in {Gift.Status.AWAITING_PAYMENT, Gift.Status.REFUNDED}:
            return ""
        return reverse("commerce_gifts_refund:refund", args=[instance.pk])


class GiftViewSet(ModelViewSet):
    model = Gift
    name = "commerce_gifts"
    icon = "pick"
    menu_label = _("Gifts")
    list_display = [
        "course",
        "package",
        "buyer",
        "recipient_email",
        "status",
        "send_at",
        "redeemed_by",
        GiftRefundColumn("refund", label=_("Refund")),
    ]
    list_filter = ["status"]
    search_fields = ["recipient_email", "buyer__email", "course__title", "package__title"]
    inspect_view_enabled = True
    form_fields = ["recipient_email"]
    permission_policy = ReadOnlyPermissionPolicy(Gift)


class GiftRefundViewSet(ViewSet):
    name = "commerce_gifts_refund"
    url_prefix = "commerce/gift-refunds"
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return [path("<int:pk>/", admin_views.refund_gift, name="refund")]


CouponViewSet = coupon_viewset(AdminPermissionPolicy)
CouponRedemptionViewSet = _read_only(
    CouponRedemption,
    "commerce_coupon_uses",
    "list-ul",
    _("Coupon uses"),
    ["coupon", "order", "student", "status", money_column("discount", _("discount")), "reserved_at", "redeemed_at"],
    ["status", "currency"],
    ["coupon__code", "order__reference", "student__email"],
)


class PriceGridViewSet(ViewSet):
    name = "commerce_price_grid"
    url_prefix = "commerce/prices"
    icon = "table"
    menu_label = _("Course prices")
    menu_item_class = AdminOnlyMenuItem

    def get_urlpatterns(self):
        return [path("", admin_views.price_grid, name="index")]


class RefundRequestsViewSet(ViewSet):
    name = "commerce_refund_requests"
    url_prefix = "commerce/refund-requests"
    icon = "undo"
    menu_label = _("Refund requests")
    menu_item_class = AdminOnlyMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.refund_requests, name="index"),
            path("<int:pk>/", admin_views.decide_refund, name="decide"),
        ]


class CommerceGroup(ViewSetGroup):
    menu_label = _("Commerce")
    menu_icon = "tag"
    menu_order = 160
    items = (
        PriceGridViewSet,
        CoursePriceViewSet,
        SessionPackageViewSet,
        SessionPackagePriceViewSet,
        TrialPriceViewSet,
        ExchangeRateViewSet,
        TaxRateViewSet,
        RefundPolicyViewSet,
        CouponViewSet,
        CouponRedemptionViewSet,
        BundleViewSet,
        AddOnOfferViewSet,
        RefundRequestsViewSet,
        GiftViewSet,
        AccountCreditViewSet,
        OrderViewSet,
        PaymentViewSet,
        RefundViewSet,
        InvoiceViewSet,
        DisputeViewSet,
        HeldPaymentViewSet,
        WebhookEventViewSet,
    )


@hooks.register("register_admin_viewset")
def register_commerce():
    return CommerceGroup()


@hooks.register(STUDENT_PANELS_HOOK)
def suggestions_panel(request, *, place, course=None):
    return panels.portal_panel(request, place=place, course=course)


@hooks.register("register_admin_viewset")
def register_gift_refunds():
    return GiftRefundViewSet()


@hooks.register(CREDIT_OFFERS_HOOK)
def session_credit_offers(request, *, teacher=None, needs_credits):
    return package_offers.offers_panel(request, teacher=teacher, needs_credits=needs_credits)


from . import partner_admin  # noqa: E402, F401  (the Partner programme menu, which uses the helpers above)
