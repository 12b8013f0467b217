"""Promo codes from the buyer's side: a link that carries a code to the next checkout, and the code field."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

import analytics
from accounts.models import Role
from accounts.permissions import role_required
from core.throttle import throttled, too_many, wait_before

from . import pricing
from .forms import CheckoutForm
from .lines import CourseLine
from .services import checkout, coupons
from .views import COUPON_SESSION_KEY, render_checkout


class CouponForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Promo code"), max_length=40)


@require_GET
def coupon_link(request, code):
    """Anyone: keeps the code for the next checkout and goes on (to `next` on this site, else the catalogue).

    Whether the code is valid is told at checkout, and each visit counts against the code-guessing limits."""
    seconds = wait_before(request, "coupon_code")
    if seconds is not None:
        return too_many(request, seconds)
    if coupons.is_well_formed(code):
        request.session[COUPON_SESSION_KEY] = coupons.normalize(code)
        messages.info(request, _("Code %(code)s will be applied at checkout.") % {"code": coupons.normalize(code)})
    else:
        messages.error(request, _("This link does not carry a valid code."))
    target = request.GET.get("next", "")
    # A path on this site only: anything else (another host, or a bare word `redirect` would read as a view name)
    # goes to the catalogue.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("cms:catalogue")
    return HttpResponseRedirect(target)


@role_required(Role.STUDENT)
@require_POST
@throttled("coupon_code")
def apply_coupon(request, slug):
    """Students: apply a code to this course's checkout (kept in the session), or remove it (`remove`)."""
    course = get_object_or_404(checkout.purchasable_courses(), slug=slug)
    currency = request.currency
    country = checkout.default_country(currency=currency, header_country=request.headers.get("CF-IPCountry", ""))
    if "remove" in request.POST:
        request.session.pop(COUPON_SESSION_KEY, None)
        messages.info(request, _("The code was removed."))
        return redirect("commerce:checkout-start", slug=course.slug)
    form = CouponForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Type a code to apply it.")
    elif pricing.offer_for(course=course, currency=currency) is None:
        error = _("This course has no price in %(currency)s yet.") % {"currency": currency}
    else:
        code = coupons.normalize(form.cleaned_data["code"])
        try:
            quote = checkout.quote(
                student=request.user,
                purchases=[CourseLine(course)],
                currency=currency,
                country=country,
                coupon_code=code,
            )
        except checkout.CouponRefused as exc:
            error = str(exc)
            analytics.track("coupon_refused", user=request.user, request=request, code=code[:40], reason=exc.reason)
        except checkout.CheckoutRefused as exc:
            error = str(exc)
        else:
            request.session[COUPON_SESSION_KEY] = code
            analytics.track(
                "coupon_applied",
                user=request.user,
                request=request,
                code=code,
                currency=currency,
                discount=str(quote.discount),
                course=course.pk,
            )
            messages.success(request, _("Code %(code)s applied.") % {"code": code})
            return redirect("commerce:checkout-start", slug=course.slug)
    checkout_form = CheckoutForm(initial={"country": country})
    return render_checkout(request, course=course, form=checkout_form, country=country, status=400, coupon_error=error)
