"""Storefront, checkout, purchase history and the gateway endpoints. Each view says who may use it."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

import analytics
from accounts.models import Role
from accounts.permissions import role_required
from core.money import Money
from core.throttle import throttled

from . import policy, pricing, referrals, selectors
from .forms import CheckoutForm, RefundRequestForm, TestGatewayForm
from .gateways import GatewayError, WebhookPayloadError, WebhookSignatureError, get_gateway, offered_codes
from .lines import AddOnLine, CourseLine, for_line
from .models import Invoice, Order, PaymentAttempt
from .services import account_credit, checkout, invoices, offers, refunds, webhooks

logger = logging.getLogger(__name__)
COUPON_SESSION_KEY = "coupon_code"  # applied at the next checkout (the code field, or a /c/<code>/ link)


@require_http_methods(["GET", "POST"])
def checkout_start(request, slug):
    """GET: anyone sees the order summary in their currency. POST: students only, creates or reuses the order."""
    course = get_object_or_404(checkout.purchasable_courses(), slug=slug)
    currency = request.currency
    offer = pricing.offer_for(course=course, currency=currency)
    country = checkout.default_country(currency=currency, header_country=request.headers.get("CF-IPCountry", ""))
    form = CheckoutForm(request.POST or None, initial={"country": country})
    if request.method == "POST":
        if checkout.is_free(offer):
            return _enroll_free(request, course=course, currency=currency)
        return _checkout_post(request, course=course, form=form, currency=currency)
    return render_checkout(request, course=course, form=form, country=country)


def render_checkout(request, *, course, form, country: str, status: int = 200, coupon_error: str = ""):
    """The checkout page: the order summary with the session's code (or why it does not apply) and the forms."""
    currency = request.currency
    offer = pricing.offer_for(course=course, currency=currency)
    code = request.session.get(COUPON_SESSION_KEY, "")
    student = request.user if request.user.is_authenticated and request.user.has_role(Role.STUDENT) else None
    quote = None
    if offer is not None and not checkout.is_free(offer):
        quote, refusal = _quote(student=student, course=course, currency=currency, country=country, code=code)
        coupon_error = coupon_error or refusal
    already = request.user.is_authenticated and _has_access(request.user, course)
    bump = offers.order_bump_for(course=course, student=request.user, currency=currency) if quote else None
    return render(
        request,
        "commerce/checkout_start.html",
        {
            "course": course,
            "offer": offer,
            "form": form,
            "tax": quote.tax if quote else None,
            "figures": {name: quote.money(name) for name in ("subtotal", "tax", "total")} if quote else None,
            "coupon": quote.coupon if quote else None,
            "discount": Money(quote.discount, currency) if quote else None,
            "account_credit": Money(quote.account_credit, currency) if quote else None,
            "coupon_code": code,
            "coupon_error": coupon_error,
            "currency": currency,
            "already_enrolled": already,
            "bump": bump,
            "free": checkout.is_free(offer),
            "tax_included": _include_tax(),
            "can_buy": student is not None,
        },
        status=status,
    )


def _quote(*, student, course, currency, country, code):
    """The page's figures with the code when it applies; else without it, and the reason it does not."""
    purchases = [CourseLine(course)]
    refusal = ""
    if code and student is not None:
        try:
            return checkout.quote(
                student=student, purchases=purchases, currency=currency, country=country, coupon_code=code
            ), ""
        except checkout.CouponRefused as exc:
            refusal = str(exc)
    try:
        return checkout.quote(student=student, purchases=purchases, currency=currency, country=country), refusal
    except checkout.CheckoutRefused:
        return None, refusal


def _include_tax():
    return settings.COMMERCE_PRICES_INCLUDE_TAX


def _has_access(user, course):
    from learning.services import has_access

    return has_access(student=user, course=course)


@role_required(Role.STUDENT)
def _enroll_free(request, *, course, currency):
    try:
        checkout.enroll_free(student=request.user, course=course, currency=currency)
    except checkout.CheckoutRefused as exc:
        messages.error(request, str(exc))
        return redirect("commerce:checkout-start", slug=course.slug)
    messages.success(request, _("You are enrolled in %(title)s.") % {"title": course.title})
    return redirect("learning:course", slug=course.slug)


@role_required(Role.STUDENT)
def _checkout_post(request, *, course, form, currency):
    country = form.data.get("country", "")
    if not form.is_valid():
        return render_checkout(request, course=course, form=form, country=country, status=400)
    country = form.cleaned_data["country"]
    code = request.session.get(COUPON_SESSION_KEY, "")
    purchases = [CourseLine(course)]
    bump = offers.order_bump_for(course=course, student=request.user, currency=currency)
    if form.cleaned_data["add_on"] and bump is not None:
        purchases.append(AddOnLine(bump.offer))
    try:
        order = checkout.order_for(
            student=request.user,
            purchases=purchases,
            currency=currency,
            country=country,
            referral_link=referrals.link_from(request),
            coupon_code=code,
        )
        if order.total == 0:
            checkout.complete_free_order(order=order, request=request)
            request.session.pop(COUPON_SESSION_KEY, None)
            covered = _("Your code covers the whole price: you are enrolled.")
            if order.account_credit:
                covered = _("Your account credit covers the whole price: you are enrolled.")
            messages.success(request, covered)
            return redirect("commerce:order-detail", reference=order.reference)
        attempt = checkout.start_payment(
            order=order,
            gateway_code=form.cleaned_data["gateway"],
            site_url=settings.SITE_URL,
            request=request,
            saves_payment_method=form.cleaned_data["save_payment_method"],
        )
    except checkout.CouponRefused as exc:
        analytics.track("coupon_refused", user=request.user, request=request, code=code[:40], reason=exc.reason)
        return render_checkout(request, course=course, form=form, country=country, status=400, coupon_error=str(exc))
    except checkout.CheckoutRefused as exc:
        form.add_error(None, str(exc))
        return render_checkout(
            request, course=course, form=form, country=country, status=409 if "already" in str(exc) else 400
        )
    if len(purchases) > 1:
        analytics.track(
            "order_bump_added", user=request.user, request=request, order=order.reference, offer=bump.offer.pk
        )
    return redirect(attempt.redirect_url)


def _own_attempt(request, key) -> PaymentAttempt:
    attempt = get_object_or_404(PaymentAttempt.objects.select_related("order"), key=key)
    if attempt.order.student_id != request.user.pk:
        raise Http404
    return attempt


@role_required(Role.STUDENT)
@require_http_methods(["GET", "POST"])
def test_gateway(request, key):
    """The student who started the attempt: the built-in test gateway's payment page."""
    attempt = _own_attempt(request, key)
    if attempt.gateway != "test" or "test" not in offered_codes():
        raise Http404
    form = TestGatewayForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "commerce/test_gateway.html", {"attempt": attempt, "form": form}, status=400)
        if attempt.order.status == Order.Status.PAID or attempt.status in {
            PaymentAttempt.Status.SUCCEEDED,
            PaymentAttempt.Status.FAILED,
            PaymentAttempt.Status.EXPIRED,
        }:
            return redirect("commerce:checkout-return", key=attempt.key)
        gateway = get_gateway("test")
        checkout.settle(attempt=attempt, result=gateway.outcome(attempt=attempt, choice=form.cleaned_data["outcome"]))
        return redirect("commerce:checkout-return", key=attempt.key)
    return render(request, "commerce/test_gateway.html", {"attempt": attempt, "form": form})


@role_required(Role.STUDENT)
def checkout_return(request, key):
    """The student who started the attempt: where the gateway sends them back; fulfils if the webhook has not."""
    attempt = _own_attempt(request, key)
    order = attempt.order
    if order.status != Order.Status.PAID and attempt.status not in {
        PaymentAttempt.Status.FAILED,
        PaymentAttempt.Status.EXPIRED,
    }:
        try:
            result = get_gateway(attempt.gateway).fetch_result(attempt=attempt)
        except GatewayError:
            logger.warning("Could not read attempt %s from %s", attempt.key, attempt.gateway, exc_info=True)
            result = None
        if result is not None and result.status != "pending":
            checkout.settle(attempt=attempt, result=result)
    order.refresh_from_db()
    attempt.refresh_from_db()
    order_lines = list(order.lines.select_related("course", "bundle", "package", "teacher", "gift__course"))
    kinds = [for_line(line) for line in order_lines]
    context = {
        "order": order,
        "attempt": attempt,
        "notices": [kind.next_step().notice for kind in kinds],  # a bump's add-on is named beside the course
        "next_step": kinds[0].next_step(),
        "start_again": kinds[0].start_again(),
    }
    shown = offers.upsell_for(order=order)
    if shown is not None:
        analytics.track("upsell_shown", user=request.user, request=request, order=order.reference, offer=shown.offer.pk)
        context.update(upsell=shown, one_click=offers.can_buy_in_one_click(order=order))
    return render(request, "commerce/checkout_return.html", context)


@role_required(Role.STUDENT)
def checkout_cancel(request, key):
    """The student who started the attempt: they left the gateway without paying."""
    attempt = _own_attempt(request, key)
    messages.info(request, _("The payment was not completed. You can try again whenever you like."))
    return redirect("commerce:order-detail", reference=attempt.order.reference)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe only: the signature on the raw body is the credential."""
    gateway = get_gateway("stripe")
    try:
        event = gateway.parse_webhook(payload=request.body, headers=request.headers)
    except WebhookSignatureError:
        return HttpResponseBadRequest("invalid signature")
    except WebhookPayloadError:
        return HttpResponseBadRequest("malformed event")
    try:
        outcome = webhooks.handle(gateway="stripe", event=event)
    except WebhookPayloadError:
        logger.warning("Malformed Stripe event %s", event.id, exc_info=True)
        return HttpResponseBadRequest("malformed event")
    except GatewayError:
        logger.warning("Stripe unavailable while handling %s", event.id, exc_info=True)
        return HttpResponse("gateway unavailable, retry later", status=503, content_type="text/plain")
    return HttpResponse(outcome, content_type="text/plain")


@role_required(Role.STUDENT)
def purchases(request):
    """Students only: their own orders."""
    context = {
        "orders": selectors.purchases_for(student=request.user),
        "credit_balances": account_credit.balances(student=request.user),
    }
    return render(request, "commerce/purchases.html", context)


@role_required(Role.STUDENT)
def order_detail(request, reference):
    """Students only: one of their own orders, with invoices, refunds and refund requests."""
    order = selectors.order_for_student(student=request.user, reference=reference)
    if order is None:
        raise Http404
    payment = getattr(order, "payment", None) if order.status == Order.Status.PAID else None
    lines = order.lines.all()
    return render(
        request,
        "commerce/order_detail.html",
        {
            "order": order,
            "payment": payment,
            "start_again": for_line(lines[0]).start_again() if lines else None,
            "refund_requests": selectors.refund_requests_for(order=order),
            "refunds": payment.refunds.order_by("created_at") if payment else [],
        },
    )


@role_required(Role.STUDENT)
@require_http_methods(["GET", "POST"])
@throttled("refund_request")
def refund_request(request, reference):
    """Students only, on their own paid order: shows the policy's answer and sends the request."""
    order = selectors.order_for_student(student=request.user, reference=reference)
    payment = getattr(order, "payment", None) if order else None
    if payment is None:
        raise Http404
    decision = policy.evaluate(payment=payment)
    form = RefundRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            refunds.request_refund(payment=payment, student=request.user, reason=form.cleaned_data["reason"])
        except refunds.RefundRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your refund request has been sent. An admin will answer soon."))
            return redirect("commerce:order-detail", reference=order.reference)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "commerce/refund_request.html",
        {"order": order, "payment": payment, "decision": decision, "form": form},
        status=status,
    )


def invoice_pdf(request, number):
    """The buyer, or an admin: download an invoice or credit note."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    invoice = get_object_or_404(Invoice.objects.select_related("order"), number=number)
    if invoice.order.student_id != request.user.pk and not request.user.has_role(Role.ADMIN):
        raise PermissionDenied(_("This invoice belongs to someone else."))
    response = HttpResponse(invoices.pdf_for(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
    return response
