"""Bundles for sale, and the one-click offer after payment. Each view says who may use it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

import analytics
from accounts.models import Role
from accounts.permissions import role_required
from core.money import Money

from . import course_pages, referrals
from .forms import CheckoutForm
from .gateways import offered_codes
from .lines import BundleLine
from .lines.bundle import quotes_for
from .models import AddOnOffer, Bundle, Order
from .services import checkout, offers

PAGE_SIZE = 12


def _buyer(request):
    return request.user if request.user.is_authenticated else None


def bundle_list(request):
    """Anyone: bundles on sale with their price and saving in the visitor's currency, 12 per page."""
    bundles = Bundle.objects.filter(active=True).prefetch_related("items__course", "items__package")
    page = Paginator(bundles, PAGE_SIZE).get_page(request.GET.get("page"))
    quotes = quotes_for(bundles=page, buyer=_buyer(request), currency=request.currency)
    rows = [(bundle, bundle.localized_title, quotes[bundle.pk]) for bundle in page]
    return render(request, "commerce/bundles/list.html", {"page": page, "rows": rows, "currency": request.currency})


@require_http_methods(["GET", "POST"])
def bundle_detail(request, slug):
    """GET: anyone sees the bundle, its courses and the saving. POST: students only, buys it."""
    bundle = get_object_or_404(Bundle.objects.filter(active=True), slug=slug)
    if request.method == "POST":
        return _buy_bundle(request, bundle=bundle)
    form = CheckoutForm(
        initial={
            "country": checkout.default_country(
                currency=request.currency, header_country=request.headers.get("CF-IPCountry", "")
            )
        }
    )
    analytics.track("bundle_viewed", user=_buyer(request), request=request, bundle=bundle.pk)
    return _render_bundle(request, bundle=bundle, form=form)


def _render_bundle(request, *, bundle, form, status=200):
    purchase = BundleLine.for_buyer(bundle, _buyer(request))
    courses = purchase.courses()
    title, summary = bundle.localized_title, bundle.localized_summary
    urls = course_pages.page_urls(course_ids=[course.pk for course in courses], language=get_language())
    quote = purchase.quote(request.currency)
    can_buy = request.user.is_authenticated and request.user.has_role(Role.STUDENT)
    return render(
        request,
        "commerce/bundles/detail.html",
        {
            "bundle": bundle,
            "title": title,
            "summary": summary,
            "course_rows": [(course, urls.get(course.pk), course.pk in purchase.owned) for course in courses],
            "packages": purchase.packages(),
            "quote": quote,
            "to_pay": _with_account_credit(purchase, buyer=request.user, currency=request.currency)
            if quote and can_buy
            else None,
            "owns_all": bool(courses) and len(purchase.owned) == len(courses) and not purchase.packages(),
            "form": form,
            "currency": request.currency,
            "can_buy": can_buy,
        },
        status=status,
    )


def _with_account_credit(purchase, *, buyer, currency):
    """The checkout's own figures when the buyer's account credit takes something off; None when it does not."""
    try:
        priced = checkout.quote(student=buyer, purchases=[purchase], currency=currency)
    except checkout.CheckoutRefused:
        return None
    if not priced.account_credit:
        return None
    return {"account_credit": Money(priced.account_credit, currency), "total": priced.money("total")}


@role_required(Role.STUDENT)
def _buy_bundle(request, *, bundle):
    form = CheckoutForm(request.POST)
    if not form.is_valid():
        return _render_bundle(request, bundle=bundle, form=form, status=400)
    try:
        order = checkout.order_for(
            student=request.user,
            purchases=[BundleLine(bundle)],
            currency=request.currency,
            country=form.cleaned_data["country"],
            referral_link=referrals.link_from(request),
        )
        next_url = checkout.pay(
            order=order,
            gateway_code=form.cleaned_data["gateway"],
            site_url=settings.SITE_URL,
            request=request,
            saves_payment_method=form.cleaned_data["save_payment_method"],
        )
    except checkout.CheckoutRefused as exc:
        form.add_error(None, str(exc))
        return _render_bundle(request, bundle=bundle, form=form, status=409)
    return redirect(next_url)


@role_required(Role.STUDENT)
@require_POST
def buy_upsell(request, reference):
    """The student who paid `reference`: take the offer shown after payment, in one click where the card was kept,
    else through a normal checkout with the same payment method."""
    source = Order.objects.select_related("payment__attempt").filter(student=request.user, reference=reference).first()
    if source is None:
        raise Http404
    shown = offers.upsell_for(order=source)
    offer_id = request.POST.get("offer", "")
    if shown is None or not offer_id.isdigit() or int(offer_id) != shown.offer.pk:
        return render(request, "commerce/bundles/offer_gone.html", {"order": source}, status=409)
    offer: AddOnOffer = shown.offer
    try:
        if offers.can_buy_in_one_click(order=source):
            order = offers.buy_upsell_in_one_click(source=source, offer=offer, request=request)
            if order.status == Order.Status.PAID:
                messages.success(request, _("Done: %(title)s is yours.") % {"title": offer.add_on.title})
            else:
                messages.error(request, order.failure_reason or _("The payment was not completed."))
            return redirect("commerce:order-detail", reference=order.reference)
        order = offers.upsell_order(source=source, offer=offer)
        gateways = offered_codes()
        gateway = source.payment.gateway if source.payment.gateway in gateways else gateways[0]
        next_url = checkout.pay(order=order, gateway_code=gateway, site_url=settings.SITE_URL, request=request)
    except checkout.CheckoutRefused as exc:
        return render(request, "commerce/bundles/offer_gone.html", {"order": source, "reason": str(exc)}, status=409)
    analytics.track("upsell_accepted", user=request.user, request=request, order=order.reference, offer=offer.pk)
    return redirect(next_url)
