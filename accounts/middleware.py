import hashlib
import time
import zoneinfo

from allauth.usersessions.internal import usersessionkit
from allauth.usersessions.middleware import UserSessionsMiddleware
from django.conf import settings
from django.utils import timezone

from core.currency import default_currency

CURRENCY_SESSION_KEY = "currency"
ACTIVITY_SESSION_KEY = "usersessions_seen"  # [unix time, client fingerprint] of the last "last seen" write


class UserPreferencesMiddleware:
    """Sets request.currency and activates the person's time zone for the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.currency = self.currency_for(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        else:
            timezone.deactivate()
        return self.get_response(request)

    @staticmethod
    def currency_for(request) -> str:
        chosen = request.session.get(CURRENCY_SESSION_KEY) if hasattr(request, "session") else None
        if chosen in settings.FLUENTORY_CURRENCIES:
            return chosen
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_currency in settings.FLUENTORY_CURRENCIES:
            return user.preferred_currency
        return default_currency(
            accept_language=request.headers.get("Accept-Language", ""),
            country=request.headers.get("CF-IPCountry", ""),
        )


class ThrottledUserSessionsMiddleware(UserSessionsMiddleware):
    """allauth's sign-in session tracking, writing "last seen" at most once per
    `USERSESSIONS_TRACK_ACTIVITY_EVERY` seconds (or as soon as the address or browser changes) instead of an
    UPDATE in a transaction on every signed-in request."""

    def __call__(self, request):
        session, user = getattr(request, "session", None), getattr(request, "user", None)
        if session is not None and user is not None and session.session_key and user.is_authenticated:
            client = _client_fingerprint(request)
            now = int(time.time())
            seen = session.get(ACTIVITY_SESSION_KEY)
            if not seen or seen[1] != client or now - seen[0] >= settings.USERSESSIONS_TRACK_ACTIVITY_EVERY:
                usersessionkit.track_activity(request, user=user, session=session)
                session[ACTIVITY_SESSION_KEY] = [now, client]
        return self.get_response(request)


def _client_fingerprint(request) -> str:
    client = f"{request.META.get('REMOTE_ADDR', '')}|{request.headers.get('User-Agent', '')}"
    return hashlib.sha256(client.encode()).hexdigest()[:16]
