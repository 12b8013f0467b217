from django.conf import settings
from django.core.checks import Warning, register

LOCAL_BACKENDS = ("django.core.mail.backends.console.", "django.core.mail.backends.locmem.")


@register("notifications", deploy=True)
def email_delivery_for_production(app_configs, **kwargs):
    """`check --deploy`: a live site must hand its email to a provider, not to the console."""
    if settings.OUTBOX_DELIVERY_BACKEND.startswith(LOCAL_BACKENDS):
        return [
            Warning(
                "Emails are written to the console and the outbox only: nobody receives them.",
                hint="Set ANYMAIL_ESP and ANYMAIL_API_KEY (e.g. ANYMAIL_ESP=postmark) in production.",
                id="notifications.W001",
            )
        ]
    if settings.OUTBOX_DELIVERY_BACKEND.startswith("anymail.") and not _has_api_key(settings.ANYMAIL):
        return [
            Warning(
                "ANYMAIL_ESP is set but ANYMAIL_API_KEY is empty: the provider will refuse every email.",
                id="notifications.W002",
            )
        ]
    return []


def _has_api_key(anymail: dict) -> bool:
    return any(value for name, value in anymail.items() if name.endswith(("_API_KEY", "_SERVER_TOKEN")))
