"""Buying a session package or a trial lesson. Each view says who may use it."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from accounts.permissions import role_required
from core.money import Money

from . import package_pricing, referrals
from .forms import CheckoutForm
from .lines import CheckoutRefused, LineKind, PackageLine, TrialLine
from .lines.package import trial_teacher
from .services import checkout


@require_http_methods(["GET", "POST"])
def package_checkout(request, slug):
    """GET: anyone sees the package in their currency. POST: students only, creates or reuses the order."""
    package = get_object_or_404(package_pricing.on_sale(), slug=slug)
    return _checkout(request, PackageLine(package), {"package": package})


@require_http_methods(["GET", "POST"])
def trial_checkout(request, teacher_id):
    """GET: anyone sees the trial lesson's price. POST: students only, once per teacher."""
    teacher = trial_teacher(teacher_id)
    if teacher is None:
        raise Http404
    return _checkout(request, TrialLine(teacher), {"teacher": teacher})


def _checkout(request, purchase: LineKind, extra: dict):
    currency = request.currency
    country = checkout.default_country(currency=currency, header_country=request.headers.get("CF-IPCountry", ""))
    form = CheckoutForm(request.POST or None, initial={"country": country})
    if request.method == "POST":
        return _pay(request, purchase=purchase, form=form, currency=currency, extra=extra)
    return _page(request, purchase=purchase, form=form, currency=currency, extra=extra, country=country)


@role_required(Role.STUDENT)
def _pay(request, *, purchase, form, currency, extra):
    if not form.is_valid():
        return _page(request, purchase=purchase, form=form, currency=currency, extra=extra, status=400)
    try:
        order = checkout.order_for(
            student=request.user,
            purchases=[purchase],
            currency=currency,
            country=form.cleaned_data["country"],
            referral_link=referrals.link_from(request),
        )
        next_url = checkout.pay(
            order=order, gateway_code=form.cleaned_data["gateway"], site_url=settings.SITE_URL, request=request
        )
    except CheckoutRefused as exc:
        form.add_error(None, str(exc))
        return _page(request, purchase=purchase, form=form, currency=currency, extra=extra, status=400)
    return redirect(next_url)


def _page(request, *, purchase, form, currency, extra, country="", status=200):
    price = purchase.price(currency)
    can_buy = request.user.is_authenticated and request.user.has_role(Role.STUDENT)
    quote = None
    if price is not None:
        try:
            quote = checkout.quote(
                student=request.user if can_buy else None,
                purchases=[purchase],
                currency=currency,
                country=country or form.data.get("country", ""),
            )
        except CheckoutRefused:
            quote = None
    refusal = ""
    if can_buy and request.method == "GET":
        try:
            purchase.refuse_unless_buyable(request.user)
        except CheckoutRefused as exc:
            refusal = str(exc)
    context = {
        "purchase": purchase,
        "title": purchase.describe(),
        "price": price,
        "figures": {name: quote.money(name) for name in ("subtotal", "tax", "total")} if quote else None,
        "tax": quote.tax if quote else None,
        "account_credit": Money(quote.account_credit, currency) if quote else None,
        "tax_included": settings.COMMERCE_PRICES_INCLUDE_TAX,
        "form": form,
        "currency": currency,
        "can_buy": can_buy,
        "refusal": refusal,
        **extra,
    }
    return render(request, "commerce/packages/checkout.html", context, status=status)
