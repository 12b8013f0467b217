"""Attribution of a sale to a partner's referral link: a signed first-party cookie, valid for the window set in the
admin (Settings → Partner programme).

`/r/<code>/` and `?ref=<code>` on any page set the cookie and redirect to the landing page with UTM parameters;
neither response is ever cached, and the landing page itself is the cached public page, as for any visitor.
"""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.signals import user_signed_up
from django.conf import settings
from django.core import signing
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

import analytics
from core.site_url import absolute_url

from .models import PartnerProgramSettings, ReferralLink

COOKIE_NAME = "fl_ref"
COOKIE_SALT = "commerce.referral"
PARAMETER = "ref"


def utm_for(link: ReferralLink) -> dict[str, str]:
    return {"utm_source": "partner", "utm_medium": "referral", "utm_campaign": link.code}


def landing_url(link: ReferralLink, *, path: str = "") -> str:
    """Where the link lands, with its UTM parameters, on this site's public address."""
    target = path or link.landing_path or "/"
    joiner = "&" if "?" in target else "?"
    return absolute_url(target + joiner + urlencode(utm_for(link)))


def short_url(link: ReferralLink) -> str:
    return absolute_url(reverse("commerce:referral", kwargs={"code": link.code}))


def window_seconds() -> int:
    return PartnerProgramSettings.load().attribution_window_days * 86_400


def follow(request, link: ReferralLink, *, path: str = "") -> HttpResponseRedirect:
    """Remember the link in the visitor's cookie, record the visit, and send them on to the landing page."""
    seconds = window_seconds()
    landing = landing_url(link, path=path).removeprefix(settings.SITE_URL)
    user = getattr(request, "user", None)
    analytics.track(
        "referral_visit",
        user=user if user is not None and user.is_authenticated else None,
        path=request.path,
        attribution={**utm_for(link), "referrer": request.headers.get("Referer", "")[:500]},
        link=link.pk,
        partner=link.partner_id,
    )
    response = HttpResponseRedirect(landing)
    response.set_signed_cookie(
        COOKIE_NAME,
        link.code,
        salt=COOKIE_SALT,
        max_age=seconds,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    add_never_cache_headers(response)
    return response


@require_GET
def referral_redirect(request, code):
    """Anyone: follow a partner's referral link; an unknown or retired code lands on the home page, unattributed."""
    link = ReferralLink.objects.filter(code=code, active=True, partner__is_partner=True).first()
    if link is None:
        response = HttpResponseRedirect("/")
        add_never_cache_headers(response)
        return response
    return follow(request, link)


def link_from(request) -> ReferralLink | None:
    """The active link in the visitor's cookie, if it was set within the attribution window."""
    raw = request.COOKIES.get(COOKIE_NAME)
    if not raw:
        return None
    try:
        code = request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT, max_age=window_seconds())
    except (signing.BadSignature, KeyError):
        return None
    return (
        ReferralLink.objects.select_related("partner")
        .filter(code=code, active=True, partner__is_partner=True, partner__is_active=True)
        .first()
    )


class ReferralParameterMiddleware:
    """`?ref=<code>` on any GET: set the cookie and redirect to the same address without it, before the page cache
    could answer (which would ignore the parameter)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.GET.get(PARAMETER) if request.method == "GET" else None
        if code:
            link = ReferralLink.objects.filter(code=code[:32], active=True, partner__is_partner=True).first()
            if link is not None:
                rest = request.GET.copy()
                rest.pop(PARAMETER)
                for name in utm_for(link):
                    rest.pop(name, None)
                path = request.path + (f"?{rest.urlencode()}" if rest else "")
                return follow(request, link, path=path)
        return self.get_response(request)


def _signed_up(request, user, **kwargs):
    link = link_from(request) if request is not None else None
    if link is not None:
        analytics.track("referral_signup", user=user, attribution=utm_for(link), link=link.pk, partner=link.partner_id)


def connect() -> None:
    user_signed_up.connect(_signed_up, dispatch_uid="commerce_referral_signup")
