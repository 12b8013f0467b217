"""Starting a checkout: one unpaid order per student and cart (the lines bought), reused on every retry.

Every line goes through its kind (`commerce.lines`): what it costs, whether the buyer may have it. Nothing here
knows what a course or a gift is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import analytics
from core.money import Money
from learning import services as learning
from learning.models import Course, Enrollment

from .. import amounts, pricing, sequences
from ..gateways import GatewayError, get_gateway, offered_codes
from ..gateways.base import PaymentResult
from ..lines import CheckoutRefused, CourseLine, LineKind, Price
from ..models import FREE_GATEWAY, Coupon, Order, OrderLine, PaymentAttempt, TaxRate
from . import account_credit, coupons, fulfilment, webhooks

__all__ = ["CheckoutRefused", "CouponRefused"]  # raised by the line kinds and codes; callers catch them from here
CouponRefused = coupons.CouponRefused

CURRENCY_COUNTRIES = {"SAR": "SA", "AED": "AE", "JOD": "JO", "GBP": "GB", "USD": "US"}
CART_KEY_LENGTH = Order._meta.get_field("cart_key").max_length


def default_country(*, currency: str, header_country: str = "") -> str:
    country = (header_country or "").upper()
    if len(country) == 2 and country.isalpha() and country not in {"XX", "T1"}:
        return country
    return CURRENCY_COUNTRIES.get(currency, "")


def tax_rate_for(country: str) -> TaxRate | None:
    return TaxRate.objects.filter(country=country.upper(), active=True).first() if country else None


def purchasable_courses():
    return Course.objects.filter(status=Course.Status.PUBLISHED).exclude(visibility=Course.Visibility.PRIVATE)


def cart_key(purchases: Sequence[LineKind]) -> str:
    """The same things bought give the same key, in any order; a long cart is named by its digest."""
    key = "+".join(sorted(purchase.key() for purchase in purchases))
    if len(key) > CART_KEY_LENGTH:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


def _refuse_unless_chargeable(total: Money) -> None:
    try:
        amounts.check_charge(total)
    except amounts.AmountRefused as exc:
        raise CheckoutRefused(str(exc)) from exc


def is_free(offer: pricing.Offer | None) -> bool:
    return offer is not None and offer.price.amount == 0


@transaction.atomic
def enroll_free(*, student, course: Course, currency: str) -> Enrollment:
    """A course priced at zero needs no order and no payment: the student is enrolled straight away."""
    CourseLine(course).refuse_unless_buyable(student)
    if not is_free(pricing.offer_for(course=course, currency=currency)):
        raise CheckoutRefused(_("This course is not free."))
    return learning.enroll(student=student, course=course, source=Enrollment.Source.FREE)


def order_for_course(*, student, course: Course, currency: str, country: str = "", partner=None) -> Order:
    """The student's unpaid order for one course (the course page's Buy button)."""
    return order_for(
        student=student, purchases=[CourseLine(course)], currency=currency, country=country, partner=partner
    )


@dataclass(frozen=True, slots=True)
class Quote:
    """A cart priced in one currency: each line at its price, the code's discount, the buyer's account credit, then
    tax on what is left."""

    priced: list[tuple[LineKind, Price]]
    amount: Decimal  # the lines' prices
    coupon: Coupon | None
    discount: Decimal
    account_credit: Decimal
    tax: TaxRate | None
    figures: pricing.Totals

    def money(self, field: str) -> Money:
        return Money(getattr(self.figures, field), self.currency)

    @property
    def currency(self) -> str:
        return self.priced[0][1].money.currency


def quote(*, student, purchases: Sequence[LineKind], currency: str, country: str = "", coupon_code: str = "") -> Quote:
    """Price `purchases` with `coupon_code` (CouponRefused says why a code cannot be used). Writes nothing."""
    if currency not in settings.FLUENTORY_CURRENCIES:
        raise CheckoutRefused(_("That currency is not offered."))
    if not purchases:
        raise CheckoutRefused(_("There is nothing to buy."))
    priced = []
    for purchase in purchases:
        price = purchase.price(currency)
        if price is None:
            raise CheckoutRefused(
                _("%(item)s has no price in %(currency)s yet.") % {"item": purchase.describe(), "currency": currency}
            )
        priced.append((purchase, price))
    amount = sum((price.money.amount for _purchase, price in priced), start=Decimal(0))
    if amount == 0:
        raise CheckoutRefused(_("This course is free: enroll without paying."))
    coupon, discount = None, Decimal(0)
    if coupon_code:
        applied = coupons.check(
            code=coupon_code,
            student=student,
            lines=[(purchase.key(), price.money.amount) for purchase, price in priced],
            currency=currency,
        )
        coupon, discount = applied.coupon, applied.discount
    tax = tax_rate_for(country)

    def split(discount: Decimal) -> pricing.Totals:
        return pricing.totals(
            amount=amount - discount,
            currency=currency,
            tax_rate=tax.rate if tax else 0,
            prices_include_tax=settings.COMMERCE_PRICES_INCLUDE_TAX,
        )

    minimum = amounts.minimum_charge(currency).amount
    figures = split(discount)
    if coupon is not None and 0 < figures.total < minimum:
        if settings.COMMERCE_COUPON_BELOW_MINIMUM != "free":
            raise coupons.below_minimum(coupon=coupon, total=Money(figures.total, currency))
        discount = amount  # configured to give the order away rather than refuse it
        figures = split(discount)
    credit = account_credit.applicable(student=student, currency=currency, payable=amount - discount)
    figures = split(discount + credit)
    step = amounts.charge_quantum(currency)
    while credit and 0 < figures.total < minimum:
        # Credit never leaves a total the gateway would refuse: less of it is used, and the rest stays for later.
        credit = max(credit - max(minimum - figures.total, step), Decimal(0))
        figures = split(discount + credit)
    if figures.total:
        _refuse_unless_chargeable(Money(figures.total, currency))
    return Quote(
        priced=priced,
        amount=amount,
        coupon=coupon,
        discount=discount,
        account_credit=credit,
        tax=tax,
        figures=figures,
    )


@transaction.atomic
def order_for(
    *,
    student,
    purchases: Sequence[LineKind],
    currency: str,
    country: str = "",
    partner=None,
    referral_link=None,
    coupon_code: str = "",
) -> Order:
    """The student's unpaid order for `purchases` in `currency`, created or refreshed; idempotent under double
    clicks. Each purchase becomes one line at its price; a code's discount comes off the sum, then tax.

    A coupon's use is not held here but when payment starts (`start_payment`, `complete_free_order`)."""
    for purchase in purchases:
        purchase.refuse_unless_buyable(student)
    priced = quote(student=student, purchases=purchases, currency=currency, country=country, coupon_code=coupon_code)
    figures, tax = priced.figures, priced.tax
    # Who brought the sale: a partner's own code first, else the referral link in the buyer's cookie.
    if priced.coupon is not None and priced.coupon.partner_id:
        partner, referral_link = priced.coupon.partner, None
    elif referral_link is not None:
        partner = referral_link.partner
    if partner is not None and not partner.is_partner:
        partner, referral_link = None, None
    key = cart_key(purchases)
    fields = {
        "currency": currency,
        "country": country.upper(),
        "subtotal": figures.subtotal,
        "tax": figures.tax,
        "total": figures.total,
        "tax_name": tax.name if tax else "",
        "tax_rate": tax.rate if tax else 0,
        "prices_include_tax": settings.COMMERCE_PRICES_INCLUDE_TAX,
        "coupon": priced.coupon,
        "discount": priced.discount,
        "account_credit": priced.account_credit,
    }
    order = Order.objects.select_for_update().filter(student=student, cart_key=key, status__in=Order.UNPAID).first()
    if order is not None and order.status == Order.Status.PENDING:
        return order  # a payment is under way at the gateway: its figures must not move
    if order is not None:
        coupons.release(order=order)  # taken again, for the order's code as it is now, when payment starts
    if order is not None and order.attempts.exists() and (order.currency, order.total) != (currency, figures.total):
        # A gateway may still hold a payment page for the old amount: that order keeps its figures, retired.
        order.status = Order.Status.CANCELLED
        order.save(update_fields=["status", "updated_at"])
        order = None
    if order is None:
        try:
            with transaction.atomic():
                order = Order.objects.create(
                    student=student, cart_key=key, partner=partner, referral_link=referral_link, **fields
                )
        except IntegrityError:  # a concurrent click created it first
            order = Order.objects.select_for_update().get(student=student, cart_key=key, status__in=Order.UNPAID)
    else:
        for name, value in fields.items():
            setattr(order, name, value)
        if partner is not None:  # else the attribution it was created with stands
            order.partner, order.referral_link = partner, referral_link
        order.status = Order.Status.OPEN
        order.failure_reason = ""
        order.abandoned_at = None
        order.save()
    order.lines.all().delete()
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            kind=purchase.code,
            description=purchase.describe()[: OrderLine._meta.get_field("description").max_length],
            unit_price=price.money.amount,
            price_was_derived=price.is_derived,
            **purchase.line_fields(),
        )
        for purchase, price in priced.priced
    )
    return order


def complete_free_order(*, order: Order, request=None) -> Order:
    """An order its code or the buyer's account credit made free: a code's use is held and it is paid with nothing,
    through the same fulfilment (lines delivered once, credit spent, invoice issued); no gateway is involved."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status == Order.Status.PAID:
            return order
        if not order.is_payable or order.total != 0 or (order.coupon_id is None and not order.account_credit):
            raise CheckoutRefused(_("This order is not free."))
        coupons.reserve(order=order)
        fulfilment.record_payment(
            order=order,
            gateway=FREE_GATEWAY,
            reference=f"{FREE_GATEWAY}:{order.reference}",
            amount=Money(order.total, order.currency),
        )
    analytics.track("checkout_started", user=order.student, request=request, order=order.reference, gateway="free")
    order.refresh_from_db()
    return order


def pay(*, order: Order, gateway_code: str, site_url: str, request=None, saves_payment_method: bool = False) -> str:
    """Where the buyer goes next: the gateway, or, for an order a code or account credit made free, its page once
    it is paid with nothing."""
    if order.total == 0:
        complete_free_order(order=order, request=request)
        return reverse("commerce:order-detail", kwargs={"reference": order.reference})
    attempt = start_payment(
        order=order,
        gateway_code=gateway_code,
        site_url=site_url,
        request=request,
        saves_payment_method=saves_payment_method,
    )
    return attempt.redirect_url


def start_payment(
    *, order: Order, gateway_code: str, site_url: str, request=None, saves_payment_method: bool = False
) -> PaymentAttempt:
    """A new attempt at the gateway for an unpaid order; the redirect URL is on the attempt."""
    if gateway_code not in offered_codes():
        raise CheckoutRefused(_("That payment method is not available."))
    gateway = get_gateway(gateway_code)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if not order.is_payable:
            raise CheckoutRefused(_("This order is already paid."))
        _refuse_unless_chargeable(order.total_money)
        coupons.reserve(order=order)
        attempt = PaymentAttempt.objects.create(
            order=order,
            gateway=gateway_code,
            amount=order.total,
            currency=order.currency,
            saves_payment_method=saves_payment_method,
        )
    try:
        redirect = gateway.start_checkout(
            attempt=attempt,
            success_url=site_url + reverse("commerce:checkout-return", kwargs={"key": attempt.key}),
            cancel_url=site_url + reverse("commerce:checkout-cancel", kwargs={"key": attempt.key}),
        )
    except GatewayError as exc:
        PaymentAttempt.objects.filter(pk=attempt.pk).update(
            status=PaymentAttempt.Status.FAILED, failure_reason=str(exc)
        )
        raise CheckoutRefused(_("The payment provider could not start the payment. Please try again.")) from exc
    PaymentAttempt.objects.filter(pk=attempt.pk).update(reference=redirect.reference, redirect_url=redirect.url)
    attempt.reference, attempt.redirect_url = redirect.reference, redirect.url
    analytics.track(
        "checkout_started",
        user=order.student,
        request=request,
        order=order.reference,
        gateway=gateway_code,
        currency=order.currency,
        total=str(order.total),
    )
    return attempt


def settle(*, attempt: PaymentAttempt, result: PaymentResult):
    """Apply what the gateway said about an attempt: paid once, failed with a reason, or still pending."""
    if result.status == PaymentResult.SUCCEEDED:
        return webhooks.record_capture(
            order=attempt.order,
            gateway=attempt.gateway,
            reference=result.payment_reference,
            amount=result.amount,
            attempt=attempt,
        )
    if result.status == PaymentResult.FAILED:
        fulfilment.record_failure(order=attempt.order, attempt=attempt, reason=result.failure_reason)
        return None
    fulfilment.mark_pending(attempt=attempt)
    return None


def mark_abandoned(*, older_than=None) -> int:
    """Checkouts started and not paid within the hour become abandoned (the email sequences read them)."""
    cutoff = older_than or timezone.now() - timezone.timedelta(minutes=settings.COMMERCE_ABANDON_AFTER_MINUTES)
    count = 0
    stale = (
        Order.objects.filter(status__in=[Order.Status.OPEN, Order.Status.PENDING])
        .annotate(last_attempt=Max("attempts__created_at"))
        .filter(last_attempt__lt=cutoff)
    )
    for order_id, last_attempt in stale.values_list("pk", "last_attempt"):
        with transaction.atomic():
            order = Order.objects.select_for_update().select_related("student").get(pk=order_id)
            if order.status not in {Order.Status.OPEN, Order.Status.PENDING}:
                continue
            order.status = Order.Status.ABANDONED
            order.abandoned_at = timezone.now()
            order.save(update_fields=["status", "abandoned_at", "updated_at"])
            coupons.release(order=order)
            analytics.track("checkout_abandoned", user=order.student, order=order.reference)
            sequences.enter_abandoned(order=order, last_attempt=last_attempt, now=order.abandoned_at)
            count += 1
    return count
