"""Prices, exchange rates, orders, payments, refunds, invoices.

Payments, refunds, invoices and credit notes are append-only (`AppendOnly`); orders, attempts and refund
requests are workflows whose status moves on.
"""

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from core.bounds import between, check_between
from core.money import Money

from .amounts import check_step, quantize, validate_price_row

AMOUNT = {"max_digits": 14, "decimal_places": 3}
# What an admin may type: wide enough for every currency, narrow enough that converted totals fit AMOUNT.
EXCHANGE_RATE = (Decimal("0.0001"), Decimal(100_000))
MAX_PRICE = Decimal(1_000_000)
TAX_PERCENT = (Decimal(0), Decimal("99.99"))
REFUND_WINDOW_DAYS = (0, 3650)
PERCENT = (0, 100)
MAX_LESSONS_COMPLETED = 10_000
MAX_SESSIONS_ATTENDED = 1_000
COUPON_PERCENT = (Decimal("0.01"), Decimal(100))


def new_order_reference() -> str:
    return "FL-" + secrets.token_hex(5).upper()


class AppendOnly(models.Model):
    """A financial record, written once; only `mutable_fields` (a stored file, a delivery mark) are filled later."""

    mutable_fields: frozenset[str] = frozenset()
    money_fields: tuple[str, ...] = ()  # amounts in `currency`, stored in its minor units exactly

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding:
            self._refuse_unquantized_amounts()
        else:
            fields = set(kwargs.get("update_fields") or ())
            if not fields or not fields <= self.mutable_fields:
                raise ValidationError(
                    _("%(model)s records are never changed; add a new one.") % {"model": self._meta.verbose_name}
                )
        super().save(*args, **kwargs)

    def _refuse_unquantized_amounts(self) -> None:
        for name in self.money_fields:
            value = Decimal(getattr(self, name))
            if value != quantize(value, self.currency):
                raise ValidationError(
                    {
                        name: _("%(amount)s has more decimals than %(currency)s has.")
                        % {"amount": value, "currency": self.currency}
                    }
                )

    def delete(self, *args, **kwargs):
        raise ValidationError(_("%(model)s records are never deleted.") % {"model": self._meta.verbose_name})


class ExchangeRate(models.Model):
    """Units of `currency` that one unit of the reporting currency buys, from `effective_at` on; history kept."""

    currency = models.CharField(_("currency"), max_length=3)
    rate = models.DecimalField(_("rate"), max_digits=20, decimal_places=10, validators=between(*EXCHANGE_RATE))
    effective_at = models.DateTimeField(_("effective from"), default=timezone.now)
    source = models.CharField(_("source"), max_length=80, default="admin")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exchange rate")
        ordering = ["-effective_at", "currency"]
        indexes = [models.Index(fields=["currency", "-effective_at"], name="exchange_rate_latest")]
        constraints = [
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_positive"),
            check_between("rate", *EXCHANGE_RATE, name="exchange_rate_range"),
        ]

    def __str__(self):
        return f"1 {settings.FLUENTORY_REPORTING_CURRENCY} = {self.rate} {self.currency}"

    def clean(self):
        if self.currency not in settings.FLUENTORY_CURRENCIES:
            raise ValidationError({"currency": _("This currency is not offered.")})
        if self.currency == settings.FLUENTORY_REPORTING_CURRENCY:
            raise ValidationError({"currency": _("Rates are quoted per unit of this currency; it needs none.")})


class CoursePrice(models.Model):
    """A price set by an admin for one course in one currency; missing currencies are derived."""

    course = models.ForeignKey("learning.Course", on_delete=models.CASCADE, related_name="prices")
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("amount"), **AMOUNT, validators=between(0, MAX_PRICE))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("course price")
        ordering = ["course__title", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["course", "currency"], name="one_price_per_course_currency"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="course_price_not_negative"),
            models.CheckConstraint(condition=Q(amount__lte=MAX_PRICE), name="course_price_at_most_max"),
        ]

    def __str__(self):
        return f"{self.course}: {self.money}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    def clean(self):
        validate_price_row(self)


class TaxRate(models.Model):
    """VAT or sales tax charged to buyers in one country."""

    country = models.CharField(_("country code"), max_length=2, help_text=_("ISO 3166 code, e.g. SA, AE"))
    name = models.CharField(_("name"), max_length=60, default=gettext_noop("VAT"))  # shown translated
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2, validators=between(*TAX_PERCENT))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("tax rate")
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(fields=["country"], condition=Q(active=True), name="one_active_tax_per_country"),
            models.CheckConstraint(condition=Q(rate__gte=0, rate__lt=100), name="tax_rate_range"),
        ]

    def __str__(self):
        return f"{self.country} {self.name} {self.rate}%"

    def save(self, *args, **kwargs):
        self.country = self.country.upper()
        super().save(*args, **kwargs)

    def clean(self):
        if not (len(self.country or "") == 2 and self.country.isalpha()):
            raise ValidationError({"country": _("Use the two-letter country code, e.g. SA.")})


class RefundPolicy(models.Model):
    """What may be refunded: the most specific active policy (course, then course type, then default) applies."""

    class Amount(models.TextChoices):
        FULL = "full", _("Full amount")
        PARTIAL = "partial", _("Fixed percentage")
        PRORATED = "prorated", _("Prorated by progress")

    class Revoke(models.TextChoices):
        FULL_REFUND = "full_refund", _("When the whole payment is refunded")
        ALWAYS = "always", _("On any refund")
        NEVER = "never", _("Never")

    name = models.CharField(_("name"), max_length=120)
    course = models.ForeignKey(
        "learning.Course", null=True, blank=True, on_delete=models.CASCADE, related_name="refund_policies"
    )
    course_type = models.CharField(
        _("course type"), max_length=10, blank=True, help_text=_("Empty with no course: the default policy.")
    )
    window_days = models.PositiveIntegerField(_("window (days)"), default=14, validators=between(*REFUND_WINDOW_DAYS))
    max_progress_percent = models.PositiveIntegerField(
        _("maximum progress (%)"), null=True, blank=True, validators=between(*PERCENT)
    )
    max_lessons_completed = models.PositiveIntegerField(
        _("maximum lessons completed"), null=True, blank=True, validators=between(0, MAX_LESSONS_COMPLETED)
    )
    max_live_sessions_attended = models.PositiveIntegerField(
        _("maximum live sessions attended"), null=True, blank=True, validators=between(0, MAX_SESSIONS_ATTENDED)
    )
    amount_rule = models.CharField(_("amount"), max_length=10, choices=Amount.choices, default=Amount.FULL)
    partial_percent = models.PositiveIntegerField(_("percentage refunded"), default=100, validators=between(*PERCENT))
    revoke_access = models.CharField(
        _("revoke access"), max_length=12, choices=Revoke.choices, default=Revoke.FULL_REFUND
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("refund policy")
        verbose_name_plural = _("refund policies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(partial_percent__lte=100), name="refund_percent_range"),
            check_between("window_days", *REFUND_WINDOW_DAYS, name="refund_window_days_range"),
            check_between("max_progress_percent", *PERCENT, name="refund_max_progress_range"),
            check_between("max_lessons_completed", 0, MAX_LESSONS_COMPLETED, name="refund_max_lessons_range"),
            check_between("max_live_sessions_attended", 0, MAX_SESSIONS_ATTENDED, name="refund_max_sessions_range"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from learning.models import CourseType

        if self.course_type and self.course_type not in CourseType.values:
            raise ValidationError({"course_type": _("Unknown course type.")})


class Order(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting payment")
        PENDING = "pending", _("Payment pending")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Payment failed")
        ABANDONED = "abandoned", _("Abandoned")
        CANCELLED = "cancelled", _("Cancelled")

    UNPAID = (Status.OPEN, Status.PENDING, Status.FAILED, Status.ABANDONED)

    reference = models.CharField(_("reference"), max_length=20, unique=True, default=new_order_reference)
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    cart_key = models.CharField(max_length=80, help_text="What is being bought, e.g. course:12; one unpaid order each.")
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    country = models.CharField(_("billing country"), max_length=2, blank=True)
    subtotal = models.DecimalField(_("subtotal"), **AMOUNT)
    tax = models.DecimalField(_("tax"), **AMOUNT)
    total = models.DecimalField(_("total"), **AMOUNT)
    tax_name = models.CharField(max_length=60, blank=True)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    prices_include_tax = models.BooleanField(default=True)
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referred_orders",
        limit_choices_to={"is_partner": True},
    )
    # The partner's link the buyer followed, when the sale is theirs by referral (not by their coupon).
    referral_link = models.ForeignKey(
        "commerce.ReferralLink", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    # The discount is part of the order's figures: subtotal, tax and total are worked out after it.
    coupon = models.ForeignKey(
        "commerce.Coupon",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("code"),
    )
    discount = models.DecimalField(_("discount"), **AMOUNT, default=0)
    # The buyer's account credit taken off after the code's discount, before tax; spent only when the order is paid.
    account_credit = models.DecimalField(_("account credit"), **AMOUNT, default=0)
    failure_reason = models.TextField(_("failure reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    abandoned_at = models.DateTimeField(_("abandoned at"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        ordering = ["-created_at"]
        constraints = [
            # Retrying reuses the unpaid order, so double clicks and retries never create duplicates.
            models.UniqueConstraint(
                fields=["student", "cart_key"],
                condition=Q(status__in=["open", "pending", "failed", "abandoned"]),
                name="one_unpaid_order_per_cart",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_not_negative"),
            models.CheckConstraint(condition=Q(discount__gte=0), name="order_discount_not_negative"),
            models.CheckConstraint(condition=Q(account_credit__gte=0), name="order_account_credit_not_negative"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="order_status_age")]

    def __str__(self):
        return self.reference

    @property
    def total_money(self) -> Money:
        return Money(self.total, self.currency)

    @property
    def subtotal_money(self) -> Money:
        return Money(self.subtotal, self.currency)

    @property
    def tax_money(self) -> Money:
        return Money(self.tax, self.currency)

    @property
    def discount_money(self) -> Money:
        return Money(self.discount, self.currency)

    @property
    def account_credit_money(self) -> Money:
        return Money(self.account_credit, self.currency)

    @property
    def is_payable(self) -> bool:
        return self.status in self.UNPAID


class Gift(models.Model):
    """A course or a session package bought for someone else: paid through an order line, emailed at `send_at`,
    redeemed once.

    Only a digest of the redemption link's token is stored; a new link (a resend) replaces the old one.
    """

    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
        SCHEDULED = "scheduled", _("Scheduled")
        SENT = "sent", _("Sent")
        REDEEMED = "redeemed", _("Redeemed")
        REFUNDED = "refunded", _("Refunded")

    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gifts_sent")
    course = models.ForeignKey("learning.Course", null=True, blank=True, on_delete=models.PROTECT, related_name="gifts")
    package = models.ForeignKey(
        "commerce.SessionPackage", null=True, blank=True, on_delete=models.PROTECT, related_name="gifts"
    )
    recipient_name = models.CharField(_("recipient's name"), max_length=120)
    recipient_email = models.EmailField(_("recipient's email"))
    message = models.TextField(_("message"), blank=True, max_length=1000)
    language = models.CharField(_("email language"), max_length=10)
    send_at = models.DateTimeField(_("send on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AWAITING_PAYMENT)
    token_digest = models.CharField(max_length=64, blank=True)
    email_state = models.CharField(max_length=10, default="pending")
    email_claimed_until = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="gifts_redeemed"
    )
    redeemed_at = models.DateTimeField(_("redeemed at"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("gift")
        ordering = ["-created_at"]
        constraints = [
            # A double click on "Pay" reuses the unpaid gift, so its order is reused too.
            models.UniqueConstraint(
                fields=["buyer", "course", "recipient_email"],
                condition=Q(status="awaiting_payment"),
                name="one_unpaid_gift_per_recipient",
            ),
            models.UniqueConstraint(
                fields=["buyer", "package", "recipient_email"],
                condition=Q(status="awaiting_payment", package__isnull=False),
                name="one_unpaid_package_gift_per_recipient",
            ),
            models.CheckConstraint(
                condition=Q(course__isnull=False, package__isnull=True) | Q(course__isnull=True, package__isnull=False),
                name="gift_of_a_course_or_a_package",
            ),
            models.UniqueConstraint(fields=["token_digest"], condition=~Q(token_digest=""), name="gift_token_once"),
            models.CheckConstraint(
                condition=Q(status="redeemed", redeemed_by__isnull=False, redeemed_at__isnull=False)
                | ~Q(status="redeemed"),
                name="redeemed_gift_names_its_recipient",
            ),
        ]
        indexes = [models.Index(fields=["status", "send_at"], name="gift_due")]

    def __str__(self):
        return f"{self.title} → {self.recipient_email}"

    @property
    def title(self) -> str:
        """What is given, as the buyer and the recipient read it."""
        return self.package.localized_title if self.package_id else self.course.localized_title

    @property
    def is_open(self) -> bool:
        """Paid and not yet redeemed or refunded: the buyer may still correct, reschedule or refund it."""
        return self.status in {self.Status.SCHEDULED, self.Status.SENT}


class OrderLine(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        GIFT = "gift", _("Gift")
        BUNDLE = "bundle", _("Bundle")
        ADD_ON = "add_on", _("Add-on")
        PACKAGE = "package", _("Session package")
        TRIAL = "trial", _("Trial lesson")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COURSE)
    course = models.ForeignKey("learning.Course", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    gift = models.ForeignKey(Gift, null=True, blank=True, on_delete=models.PROTECT, related_name="order_lines")
    bundle = models.ForeignKey("commerce.Bundle", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    add_on_offer = models.ForeignKey(
        "commerce.AddOnOffer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A bundle line's courses and each one's share of the line's price, fixed when it was bought:
    # [{"course": 12, "share": "30.00"}, …]; the bundle may change later, refunds follow what was bought.
    parts = models.JSONField(default=list, blank=True)
    package = models.ForeignKey(
        "commerce.SessionPackage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("description"), max_length=250)
    quantity = models.PositiveIntegerField(default=1)
    unit_price = models.DecimalField(_("unit price"), **AMOUNT)
    price_was_derived = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("order line")

    def __str__(self):
        return self.description

    @property
    def total(self):
        return self.unit_price * self.quantity


class PaymentAttempt(models.Model):
    """One trip to a gateway for an order; its idempotency key is sent on every create."""

    class Status(models.TextChoices):
        CREATED = "created", _("Started")
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="attempts")
    gateway = models.CharField(max_length=20)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=255, blank=True, db_index=True)
    redirect_url = models.URLField(max_length=2000, blank=True)
    amount = models.DecimalField(**AMOUNT)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CREATED)
    failure_reason = models.TextField(blank=True)
    # The buyer agreed that the gateway keeps the card for a one-click purchase after this one.
    saves_payment_method = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payment attempt")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.gateway} {self.reference or self.key}"


FREE_GATEWAY = "free"  # the order's total was zero: fulfilled without a gateway


class Payment(AppendOnly):
    """Money captured for an order, with what revenue reports need; an order is paid at most once."""

    money_fields = ("amount",)

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="payment")
    attempt = models.ForeignKey(PaymentAttempt, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments")
    gateway = models.CharField(max_length=20)
    reference = models.CharField(max_length=255)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    reporting_currency = models.CharField(max_length=3)
    exchange_rate = models.DecimalField(
        max_digits=20, decimal_places=10, help_text="Reporting currency per unit of the payment's currency."
    )
    reporting_amount = models.DecimalField(**AMOUNT)
    course = models.ForeignKey("learning.Course", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="course_payments"
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="partner_payments"
    )
    captured_at = models.DateTimeField(_("captured at"), default=timezone.now)

    class Meta:
        verbose_name = _("payment")
        ordering = ["-captured_at"]
        constraints = [
            models.UniqueConstraint(fields=["gateway", "reference"], name="payment_reference_once"),
            # Only an order whose code made it free is "paid" with nothing, and without a gateway.
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(amount=0, gateway=FREE_GATEWAY), name="payment_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.order} {self.money}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


class RefundRequest(models.Model):
    """A student's request and the policy's answer; an admin approves, rejects or overrides it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for a decision")
        REFUNDED = "refunded", _("Refunded")
        REJECTED = "rejected", _("Rejected")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refund_requests")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="refund_requests")
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    policy = models.ForeignKey(RefundPolicy, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    eligible = models.BooleanField(_("allowed by policy"), default=False)
    eligible_amount = models.DecimalField(_("amount the policy allows"), **AMOUNT, default=0)
    policy_explanation = models.TextField(_("policy's answer"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("refund request")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["payment"], condition=Q(status="requested"), name="one_open_refund_request_per_payment"
            )
        ]

    def __str__(self):
        return f"{self.payment.order} ({self.get_status_display()})"

    @property
    def eligible_money(self) -> Money:
        return Money(self.eligible_amount, self.payment.currency)


class Refund(AppendOnly):
    """Money returned on a payment; the sum of a payment's refunds never exceeds what was captured."""

    money_fields = ("amount",)

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    request = models.ForeignKey(RefundRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="refunds")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    gateway = models.CharField(max_length=20)
    reference = models.CharField(max_length=255)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("refunded at"), default=timezone.now)

    class Meta:
        verbose_name = _("refund")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["gateway", "reference"], name="refund_reference_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
        ]

    def __str__(self):
        return f"{self.payment.order} refund {self.money}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


class Dispute(models.Model):
    """A chargeback opened at the gateway, flagged for admins."""

    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="disputes")
    gateway = models.CharField(max_length=20)
    reference = models.CharField(max_length=255)
    payment_reference = models.CharField(max_length=255, blank=True)
    amount = models.DecimalField(**AMOUNT)
    currency = models.CharField(max_length=3)
    reason = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=40, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("dispute")
        ordering = ["-opened_at"]
        constraints = [models.UniqueConstraint(fields=["gateway", "reference"], name="dispute_reference_once")]

    def __str__(self):
        return f"{self.reference} ({self.reason})"


class HeldPayment(AppendOnly):
    """A capture whose amount or currency is not the order's: not recorded as paid, kept for an admin to settle."""

    money_fields = ("amount",)

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="held_payments")
    gateway = models.CharField(max_length=20)
    reference = models.CharField(_("payment reference"), max_length=255)
    amount = models.DecimalField(_("amount captured"), **AMOUNT)
    currency = models.CharField(_("currency captured"), max_length=3)
    expected_amount = models.DecimalField(_("order total"), **AMOUNT)
    expected_currency = models.CharField(_("order currency"), max_length=3)
    held_at = models.DateTimeField(_("held at"), default=timezone.now)

    class Meta:
        verbose_name = _("held payment")
        verbose_name_plural = _("held payments")
        ordering = ["-held_at"]
        constraints = [models.UniqueConstraint(fields=["gateway", "reference"], name="held_payment_once")]

    def __str__(self):
        return f"{self.order} {self.money}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def expected_money(self) -> Money:
        return Money(self.expected_amount, self.expected_currency)


class WebhookEvent(models.Model):
    """Each gateway event stored once, in the same transaction as its effects."""

    gateway = models.CharField(max_length=20)
    event_id = models.CharField(max_length=255)
    type = models.CharField(max_length=100)
    object_reference = models.CharField(
        max_length=255, blank=True, db_index=True, help_text="The payment this event is about, when known."
    )
    payload = models.JSONField()
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("webhook event")
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["gateway", "event_id"], name="webhook_event_once")]

    def __str__(self):
        return f"{self.type} {self.event_id}"


class InvoiceSequence(models.Model):
    """The last number issued per kind and year; locked while the next document is written."""

    kind = models.CharField(max_length=12)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="one_sequence_per_kind_year")]

    def __str__(self):
        return f"{self.kind} {self.year}: {self.last_number}"


def invoice_path(instance, filename):
    return f"invoices/{instance.year}/{instance.number}.pdf"


class Invoice(AppendOnly):
    """An invoice or credit note: numbered gap-free per year, with seller, buyer, lines and tax frozen."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    mutable_fields = frozenset({"pdf", "emailed_at"})
    money_fields = ("subtotal", "tax", "total")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    year = models.PositiveIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=30, unique=True)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="invoices")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="invoices")
    refund = models.OneToOneField(Refund, null=True, blank=True, on_delete=models.PROTECT, related_name="credit_note")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    language = models.CharField(max_length=10, default="en")
    currency = models.CharField(max_length=3)
    subtotal = models.DecimalField(**AMOUNT)
    tax = models.DecimalField(**AMOUNT)
    total = models.DecimalField(**AMOUNT)
    tax_name = models.CharField(max_length=60, blank=True)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    seller = models.JSONField()
    buyer = models.JSONField()
    lines = models.JSONField()
    pdf = models.FileField(upload_to=invoice_path, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invoice")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "sequence"], name="invoice_number_once"),
            models.UniqueConstraint(fields=["payment"], condition=Q(kind="invoice"), name="one_invoice_per_payment"),
        ]

    def __str__(self):
        return self.number

    def money(self, field: str) -> Money:
        return Money(getattr(self, field), self.currency)


class CoEnrollment(models.Model):
    """How many students of `course` also own `also_took`: the "Students also took" rollup.

    Rebuilt as a whole by `tasks.refresh_recommendation_rollups` (Celery beat), so pages read a few ranked rows
    instead of joining every enrollment with every other one."""

    course = models.ForeignKey("learning.Course", on_delete=models.CASCADE, related_name="+")
    also_took = models.ForeignKey("learning.Course", on_delete=models.CASCADE, related_name="+")
    students = models.PositiveIntegerField()
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("co-enrollment")
        constraints = [
            models.UniqueConstraint(fields=["course", "also_took"], name="coenrollment_pair_once"),
            models.CheckConstraint(condition=~Q(course=F("also_took")), name="coenrollment_two_courses"),
        ]
        indexes = [models.Index(fields=["course", "-students"], name="coenrollment_ranked")]

    def __str__(self):
        return f"{self.course_id} → {self.also_took_id}: {self.students}"


class CoursePopularity(models.Model):
    """Students per course, for suggestions to someone with no history; rebuilt with `CoEnrollment`."""

    course = models.OneToOneField("learning.Course", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=40, db_index=True)  # copied from the course, to rank per language
    students = models.PositiveIntegerField()
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("course popularity")
        verbose_name_plural = _("course popularity")

    def __str__(self):
        return f"{self.course_id}: {self.students}"


class Coupon(ClusterableModel):
    """A promo code: a percentage or a fixed amount per currency off the lines it applies to.

    Its uses are `CouponRedemption` rows: reserved while an order is being paid, redeemed when it is paid,
    released when the order fails or is abandoned; limits count the reserved and the redeemed."""

    class Kind(models.TextChoices):
        PERCENT = "percent", _("Percentage")
        FIXED = "fixed", _("Fixed amount per currency")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9_-]+$", _("Use capital letters, digits, - and _ only."))],
        help_text=_("What buyers type, e.g. WELCOME10; letters are stored in capitals."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True, help_text=_("For admins only."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERCENT)
    percent = models.DecimalField(
        _("percentage off"), max_digits=5, decimal_places=2, null=True, blank=True, validators=between(*COUPON_PERCENT)
    )
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True, help_text=_("Empty: no end."))
    max_uses = models.PositiveIntegerField(
        _("uses in total"), null=True, blank=True, validators=[MinValueValidator(1)], help_text=_("Empty: no limit.")
    )
    max_uses_per_person = models.PositiveIntegerField(
        _("uses per person"),
        null=True,
        blank=True,
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit."),
    )
    first_purchase_only = models.BooleanField(_("first purchase only"), default=False)
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coupons",
        limit_choices_to={"is_partner": True},
        verbose_name=_("partner"),
        help_text=_("Sales with this code are attributed to this partner."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("coupon")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="fixed") | Q(percent__gt=0, percent__lte=100), name="coupon_percent_range"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("valid_from")), name="coupon_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(max_uses__isnull=True) | Q(max_uses__gte=1), name="coupon_uses_positive"
            ),
            models.CheckConstraint(
                condition=Q(max_uses_per_person__isnull=True) | Q(max_uses_per_person__gte=1),
                name="coupon_uses_per_person_positive",
            ),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.code = self.code.strip().upper()
        super().save(*args, **kwargs)

    def clean(self):
        self.code = (self.code or "").strip().upper()
        if self.kind == self.Kind.PERCENT and self.percent is None:
            raise ValidationError({"percent": _("A percentage coupon needs its percentage.")})
        if self.valid_until and self.valid_from and self.valid_until <= self.valid_from:
            raise ValidationError({"valid_until": _("The end must come after the start.")})


class CouponAmount(models.Model):
    """What a fixed-amount coupon takes off in one currency; a currency without a row cannot use the code."""

    coupon = ParentalKey(Coupon, on_delete=models.CASCADE, related_name="amounts")
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("amount off"), **AMOUNT, validators=between(0, MAX_PRICE))

    class Meta:
        verbose_name = _("coupon amount")
        constraints = [
            models.UniqueConstraint(fields=["coupon", "currency"], name="one_coupon_amount_per_currency"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="coupon_amount_positive"),
        ]

    def __str__(self):
        return f"{self.coupon}: {self.amount} {self.currency}"

    def clean(self):
        validate_price_row(self, check=check_step, not_positive=_("The amount off must be more than zero."))


class CouponTarget(models.Model):
    """Restricts a coupon to some lines, named by their line key (`course:12`, `bundle:3`…); none: every line."""

    coupon = ParentalKey(Coupon, on_delete=models.CASCADE, related_name="targets")
    line_key = models.CharField(_("line"), max_length=80)

    class Meta:
        verbose_name = _("coupon restriction")
        constraints = [models.UniqueConstraint(fields=["coupon", "line_key"], name="coupon_target_once")]

    def __str__(self):
        return self.line_key


class CouponRedemption(models.Model):
    """One order's use of a coupon: reserved while it is paid for, redeemed when paid, or released."""

    class Status(models.TextChoices):
        RESERVED = "reserved", _("Reserved")
        REDEEMED = "redeemed", _("Redeemed")
        RELEASED = "released", _("Released")

    HELD = (Status.RESERVED, Status.REDEEMED)  # what usage limits count

    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="redemptions")
    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="coupon_redemption")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RESERVED)
    discount = models.DecimalField(_("discount"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    reserved_at = models.DateTimeField(_("reserved at"), default=timezone.now)
    redeemed_at = models.DateTimeField(_("redeemed at"), null=True, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    # A late payment of an order whose use had been released and taken by someone else: the buyer paid the
    # discounted total, so the payment stands, but the use passed a limit and an admin decides what to do.
    over_limit = models.BooleanField(_("over the limit"), default=False)

    class Meta:
        verbose_name = _("coupon use")
        ordering = ["-reserved_at"]
        indexes = [
            models.Index(fields=["coupon", "status"], name="coupon_use_status"),
            models.Index(fields=["coupon", "student", "status"], name="coupon_use_per_student"),
        ]

    def __str__(self):
        return f"{self.coupon} {self.order} ({self.get_status_display()})"

    @property
    def discount_money(self) -> Money:
        return Money(self.discount, self.currency)


class AccountCreditEntry(AppendOnly):
    """One movement of a student's account credit in one currency; the balance is their sum, never below zero.

    Credit comes from a gift of a course the recipient already had (`COMMERCE_GIFT_TO_OWNER = "credit"`), is spent
    on the student's next order in that currency when it is paid, and comes back if that order is refunded in full.
    """

    class Kind(models.TextChoices):
        GIFT = "gift", _("Gift of a course already owned")
        GIFT_REFUNDED = "gift_refunded", _("Gift refunded to its buyer")
        SPENT = "spent", _("Spent on an order")
        RETURNED = "returned", _("Order refunded in full")

    money_fields = ("amount",)

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="account_credit_entries"
    )
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("amount"), **AMOUNT, help_text=_("Positive: credit added; negative: used."))
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    gift = models.ForeignKey(
        Gift, null=True, blank=True, on_delete=models.PROTECT, related_name="account_credit_entries"
    )
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.PROTECT, related_name="account_credit_entries"
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("account credit entry")
        verbose_name_plural = _("account credit entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["student", "currency"], name="account_credit_balance")]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="account_credit_entry_not_zero"),
            # Each gift and each order moves credit once per kind, however often a webhook or a click replays it.
            models.UniqueConstraint(
                fields=["gift", "kind"], condition=Q(gift__isnull=False), name="account_credit_once_per_gift"
            ),
            models.UniqueConstraint(
                fields=["order", "kind"], condition=Q(order__isnull=False), name="account_credit_once_per_order"
            ),
        ]

    def __str__(self):
        return f"{self.student_id} {self.money}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


from .offer_models import AddOnOffer, Bundle, BundleItem, BundlePrice  # noqa: E402, F401  (commerce.models is their home)

# Session packages and trial prices live in their own module; importing them here registers them with the app.
from .packages import SessionPackage, SessionPackagePrice, TrialPrice  # noqa: E402, F401

# The partner programme's money: rules, links, commissions and payouts.
from .partner_models import (  # noqa: E402, F401
    Commission,
    CommissionRule,
    PartnerProgramSettings,
    Payout,
    ReferralLink,
)
