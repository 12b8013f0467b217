"""django-anymail: each ESP's own name for its API key (anymail refuses any other name), and webhook security."""

from django.core.exceptions import ImproperlyConfigured

# The ESPs the README documents; Amazon SES takes its credentials from boto3's usual AWS_* variables.
API_KEY_SETTING = {
    "postmark": "POSTMARK_SERVER_TOKEN",
    "mailgun": "MAILGUN_API_KEY",
    "brevo": "BREVO_API_KEY",
    "resend": "RESEND_API_KEY",
    "amazon_ses": None,
}
# ESPs that also sign their webhooks with a key of their own, checked on top of the basic-auth secret.
WEBHOOK_SIGNING_KEY_SETTING = {"mailgun": "MAILGUN_WEBHOOK_SIGNING_KEY"}


def anymail_settings(esp: str, api_key: str, *, webhook_secret: str = "", webhook_signing_key: str = "") -> dict:
    if esp not in API_KEY_SETTING:
        raise ImproperlyConfigured(f"ANYMAIL_ESP must be one of {', '.join(sorted(API_KEY_SETTING))}, not {esp!r}.")
    key_setting = API_KEY_SETTING[esp]
    if key_setting and not api_key:
        raise ImproperlyConfigured(f"ANYMAIL_ESP={esp} needs ANYMAIL_API_KEY.")
    settings = {key_setting: api_key} if key_setting else {}
    settings.update(webhook_settings(webhook_secret=webhook_secret))
    if webhook_signing_key and esp in WEBHOOK_SIGNING_KEY_SETTING:
        settings[WEBHOOK_SIGNING_KEY_SETTING[esp]] = webhook_signing_key
    return settings


def webhook_settings(*, webhook_secret: str) -> dict:
    """The basic-auth `user:password` the provider's tracking webhook sends; without one the webhook is not served."""
    if not webhook_secret:
        return {}
    if ":" not in webhook_secret:
        raise ImproperlyConfigured("ANYMAIL_WEBHOOK_SECRET must look like user:password.")
    return {"WEBHOOK_SECRET": webhook_secret}


def tracking_webhooks(esp: str, anymail: dict) -> list[str]:
    """anymail's URL names to serve: the tracking webhook of the ESP in use (each documented one when none is, as
    locally), never the inbound ones (no mail is received), and none before its secret and signing key are set."""
    if not anymail.get("WEBHOOK_SECRET"):
        return []
    esps = [esp] if esp else sorted(API_KEY_SETTING)
    keys = WEBHOOK_SIGNING_KEY_SETTING
    return [f"{name}_tracking_webhook" for name in esps if name not in keys or anymail.get(keys[name])]
