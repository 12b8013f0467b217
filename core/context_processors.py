from django.conf import settings
from django.utils import translation


def site_chrome(request):
    """What the base layout needs on every page: direction, currencies, languages, the public base URL."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "text_direction": "rtl" if language.split("-")[0] in settings.RTL_LANGUAGES else "ltr",
        "currencies": settings.FLUENTORY_CURRENCIES,
        "current_currency": getattr(request, "currency", settings.FLUENTORY_DEFAULT_CURRENCY),
        "site_url": settings.SITE_URL,
    }
