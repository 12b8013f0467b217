"""django-anymail: each ESP's own name for its API key (anymail refuses any other name)."""

from django.core.exceptions import ImproperlyConfigured

# The ESPs the README documents; Amazon SES takes its credentials from boto3's usual AWS_* variables.
API_KEY_SETTING = {
    "postmark": "POSTMARK_SERVER_TOKEN",
    "mailgun": "MAILGUN_API_KEY",
    "brevo": "BREVO_API_KEY",
    "resend": "RESEND_API_KEY",
    "amazon_ses": None,
}


def anymail_settings(esp: str, api_key: str) -> dict:
    if esp not in API_KEY_SETTING:
        raise ImproperlyConfigured(f"ANYMAIL_ESP must be one of {', '.join(sorted(API_KEY_SETTING))}, not {esp!r}.")
    key_setting = API_KEY_SETTING[esp]
    if key_setting and not api_key:
        raise ImproperlyConfigured(f"ANYMAIL_ESP={esp} needs ANYMAIL_API_KEY.")
    return {key_setting: api_key} if key_setting else {}
