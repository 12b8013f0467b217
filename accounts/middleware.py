import zoneinfo

from django.conf import settings
from django.utils import timezone

from core.currency import default_currency

CURRENCY_SESSION_KEY = "currency"


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
