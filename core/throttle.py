"""Rate limits for actions that send email or write rows: per signed-in user and per client address.

Limits are read from `FLUENTORY_RATE_LIMITS`, written like allauth's `ACCOUNT_RATE_LIMITS`
(`"20/h/user,60/h/ip"`: at most 20 an hour per user and 60 an hour per address). Counters live in the
cache, one per fixed window, so every web process shares them when the cache is Redis.
"""

import ipaddress
import math
import time
from dataclasses import dataclass
from functools import wraps

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int
    per: str  # "user" or "ip"

    @classmethod
    def parse(cls, text: str) -> "Rate":
        amount, period, per = text.strip().split("/")
        return cls(int(amount), UNITS[period], per)


def rates_for(action: str) -> list[Rate]:
    return [Rate.parse(part) for part in settings.FLUENTORY_RATE_LIMITS[action].split(",")]


def client_address(request) -> str:
    """The address allauth's own limits count (proxies resolved alike); an IPv6 client counts as its /64."""
    address = ipaddress.ip_address(get_adapter(request).get_client_ip(request))
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def wait_before(request, action: str) -> int | None:
    """Count one `action` for this request; None if it may go ahead, else the seconds until it may."""
    now = time.time()
    for rate in rates_for(action):
        if rate.per == "user":
            if not request.user.is_authenticated:
                continue
            who = f"user:{request.user.pk}"
        else:
            who = f"ip:{client_address(request)}"
        window = int(now // rate.seconds)
        window_ends = (window + 1) * rate.seconds
        key = f"throttle:{action}:{rate.amount}/{rate.seconds}:{who}:{window}"
        cache.add(key, 0, timeout=math.ceil(window_ends - now) + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # the window's counter expired between add and incr
            cache.set(key, 1, timeout=math.ceil(window_ends - now) + 1)
            count = 1
        if count > rate.amount:
            return max(1, math.ceil(window_ends - now))
    return None


def too_many(request, seconds: int, *, as_json: bool = False):
    """429 with a message a person can act on, as a page or as JSON for scripts."""
    minutes = max(1, math.ceil(seconds / 60))
    message = ngettext(
        "You have done this too often in a short time. Please try again in %(minutes)s minute.",
        "You have done this too often in a short time. Please try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}
    if as_json:
        response = JsonResponse({"error": message}, status=429)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def throttled(action: str, *, as_json: bool = False):
    """Refuse a view's POSTs past the limits of `action` before the view runs, so a refusal writes nothing."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                seconds = wait_before(request, action)
                if seconds is not None:
                    return too_many(request, seconds, as_json=as_json)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
