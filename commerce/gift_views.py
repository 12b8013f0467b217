"""Gifts: buying one from a course or package page, redeeming its link, and the buyer's and recipient's list.

Each view says who may use it. Every request to a gift link counts against the `gift_link` rate limit, so tokens
cannot be tried in bulk.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import role_required
from core.throttle import throttled, too_many, wait_before

from . import package_pricing, pricing
from .forms import GiftForm, GiftRecipientForm, GiftScheduleForm
from .gift_items import item_of
from .lines import GiftLine
from .models import Gift
from .services import account_credit, checkout, gifts

PAGE_SIZE = 20


def _buyer_zone(request) -> str:
    return getattr(request.user, "time_zone", "") or settings.TIME_ZONE


@require_http_methods(["GET", "POST"])
def gift_start(request, slug):
    """GET: anyone sees the gift form and its price. POST: students only, records the gift and starts payment."""
    course = get_object_or_404(checkout.purchasable_courses(), slug=slug)
    offer = pricing.offer_for(course=course, currency=request.currency)
    return _gift_form(request, offer=offer, given={"course": course}, title=course.localized_title)


@require_http_methods(["GET", "POST"])
def package_gift_start(request, slug):
    """GET: anyone sees the package's gift form and its price. POST: students only, as for a course."""
    package = get_object_or_404(package_pricing.on_sale(), slug=slug)
    offer = package_pricing.package_offer(package=package, currency=request.currency)
    return _gift_form(request, offer=offer, given={"package": package}, title=package.localized_title)


def _gift_form(request, *, offer, given: dict, title: str):
    country = checkout.default_country(
        currency=request.currency, header_country=request.headers.get("CF-IPCountry", "")
    )
    form = GiftForm(
        request.POST or None,
        time_zone=_buyer_zone(request),
        initial={"country": country, "language": (get_language() or "en").split("-")[0]},
    )
    can_buy = request.user.is_authenticated and request.user.has_role(Role.STUDENT)
    context = {"title": title, "offer": offer, "form": form, "currency": request.currency, "can_buy": can_buy, **given}
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_buy:
            raise PermissionDenied(_("Only student accounts can buy gifts."))
        if offer is None or checkout.is_free(offer):
            refusal = _("This cannot be bought as a gift in %(currency)s.")
            form.add_error(None, refusal % {"currency": request.currency})
        elif form.is_valid():
            try:
                next_url = _pay_for_gift(request, given=given, data=form.cleaned_data)
            except (gifts.GiftRefused, checkout.CheckoutRefused) as exc:
                form.add_error(None, str(exc))
            else:
                return redirect(next_url)
        return render(request, "commerce/gift_start.html", context, status=400)
    return render(request, "commerce/gift_start.html", context)


def _pay_for_gift(request, *, given, data) -> str:
    gift = gifts.prepare_gift(
        buyer=request.user,
        **given,
        recipient_name=data["recipient_name"],
        recipient_email=data["recipient_email"],
        message=data["message"],
        send_at=data["send_at"],
        language=data["language"],
    )
    order = checkout.order_for(
        student=request.user, purchases=[GiftLine(gift)], currency=request.currency, country=data["country"]
    )
    return checkout.pay(order=order, gateway_code=data["gateway"], site_url=settings.SITE_URL, request=request)


@require_http_methods(["GET", "POST"])
def gift_redeem(request, token):
    """Anyone holding the link sees the gift; a signed-in person redeems it (anonymous visitors sign up or in)."""
    seconds = wait_before(request, "gift_link")
    if seconds is not None:
        return too_many(request, seconds)
    gift = gifts.gift_for_token(token)
    error = ""
    try:
        gifts.refuse_unless_redeemable(gift, now=timezone.now())
    except gifts.GiftRefused as exc:
        error = str(exc)
    if request.method == "POST" and not error:
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            redeemed = gifts.redeem(token=token, user=request.user)
        except gifts.GiftRefused as exc:
            error = str(exc)
        else:
            return _unwrapped(request, redeemed)
    response = render(
        request,
        "commerce/gift_redeem.html",
        # The page's visit is recorded without the token: the link is a credential, analytics keep no copy of it.
        {"gift": None if error else gift, "error": error, "visit_path": request.path.removesuffix(f"{token}/")},
        # Not 404: LocaleMiddleware would answer a 404 with a redirect, and the reader would lose the reason.
        status=(409 if gift is not None else 400) if error else 200,
    )
    # The link is a credential: no other site may read it in a Referer. Not "no-referrer", with which browsers send
    # "Origin: null" on the redeem form's POST and Django's CSRF check refuses it.
    response["Referrer-Policy"] = "same-origin"
    return response


def _unwrapped(request, gift):
    if gift.credited is not None:
        messages.success(
            request,
            _("You already had %(title)s, so the gift is now %(amount)s of account credit for your next order.")
            % {"title": gift.title, "amount": gift.credited.money.format()},
        )
        return redirect("commerce:gifts")
    item = item_of(gift)
    messages.success(request, item.redeemed_notice())
    return redirect(item.where_it_is())


@role_required(Role.STUDENT)
@require_POST
@throttled("gift_link")
def gift_redeem_received(request, pk):
    """The recipient, signed in with the confirmed address the gift was emailed to: redeem it from their gifts page
    (they may have confirmed that address on another device than the one holding the link)."""
    try:
        redeemed = gifts.redeem_received(gift_id=pk, user=request.user)
    except gifts.GiftRefused as exc:
        messages.error(request, str(exc))
        return redirect("commerce:gifts")
    return _unwrapped(request, redeemed)


@role_required(Role.STUDENT)
def gift_list(request):
    """Students only: the gifts they sent, and those they received (redeemed, or emailed to their address)."""
    sent = Paginator(
        Gift.objects.filter(buyer=request.user)
        .exclude(status=Gift.Status.AWAITING_PAYMENT)
        .select_related("course", "package", "redeemed_by")
        .prefetch_related("account_credit_entries"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    received = (
        Gift.objects.filter(
            Q(redeemed_by=request.user) | Q(recipient_email__iexact=request.user.email, status=Gift.Status.SENT)
        )
        .select_related("course", "package", "buyer")
        .prefetch_related("account_credit_entries")
        .order_by("-sent_at")[:PAGE_SIZE]
    )
    context = {
        "sent": sent,
        "received": received,
        "credit_balances": account_credit.balances(student=request.user),
        "credit_history": account_credit.history(student=request.user),
        "now": timezone.now(),
    }
    return render(request, "commerce/gifts.html", context)


def _own_open_gift(request, pk) -> Gift:
    gift = Gift.objects.filter(pk=pk, buyer=request.user).select_related("course", "package").first()
    if gift is None:
        raise Http404
    return gift


@role_required(Role.STUDENT)
@require_http_methods(["GET", "POST"])
@throttled("gift_change")
def gift_detail(request, pk):
    """The buyer only: correct the address (sends again), reschedule, or ask for a refund of an open gift."""
    gift = _own_open_gift(request, pk)
    recipient_form = GiftRecipientForm(
        request.POST if request.POST.get("action") == "resend" else None,
        initial={"recipient_name": gift.recipient_name, "recipient_email": gift.recipient_email},
    )
    schedule_form = GiftScheduleForm(
        request.POST if request.POST.get("action") == "reschedule" else None,
        time_zone=_buyer_zone(request),
        initial={"when": "later"},
    )
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "resend" and recipient_form.is_valid():
                gifts.resend(buyer=request.user, gift=gift, **recipient_form.cleaned_data)
                messages.success(request, _("The gift will go to %(email)s.") % {"email": gift.recipient_email})
                return redirect("commerce:gift-detail", pk=gift.pk)
            if request.POST.get("action") == "reschedule" and schedule_form.is_valid():
                gifts.reschedule(buyer=request.user, gift=gift, send_at=schedule_form.cleaned_data["send_at"])
                messages.success(request, _("The gift has been rescheduled."))
                return redirect("commerce:gift-detail", pk=gift.pk)
        except gifts.GiftRefused as exc:
            messages.error(request, str(exc))
        status = 400
    line = gift.order_lines.select_related("order").filter(order__status="paid").first()
    return render(
        request,
        "commerce/gift_detail.html",
        {
            "gift": gift,
            "order": line.order if line else None,
            "recipient_form": recipient_form,
            "schedule_form": schedule_form,
            "time_zone": _buyer_zone(request),
        },
        status=status,
    )
