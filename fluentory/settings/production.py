"""Production: chosen with DJANGO_SETTINGS_MODULE=fluentory.settings.production."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .email import WEBHOOK_SIGNING_KEY_SETTING
from .env import env_bool, env_int, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")  # no default: refuse to start without one

# Unauthenticated bounce and complaint reports could suppress anyone's email: a provider needs the webhook secret.
if ANYMAIL_ESP and not ANYMAIL_WEBHOOK_SECRET:
    raise ImproperlyConfigured("ANYMAIL_ESP is set: ANYMAIL_WEBHOOK_SECRET (user:password) must be set too.")
if ANYMAIL_ESP in WEBHOOK_SIGNING_KEY_SETTING and not ANYMAIL.get(WEBHOOK_SIGNING_KEY_SETTING[ANYMAIL_ESP]):
    raise ImproperlyConfigured(f"ANYMAIL_ESP={ANYMAIL_ESP} signs its webhooks: set ANYMAIL_WEBHOOK_SIGNING_KEY too.")

# Never free orders: only a staging site opts in to the built-in test gateway, by this loud name.
COMMERCE_TEST_GATEWAY_ALLOWED = env_bool("COMMERCE_ALLOW_TEST_GATEWAY_IN_PRODUCTION", False)
# The demo's known passwords and content never reach a real site by accident (`seed_demo --force` to insist).
DEMO_SEED_ALLOWED = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
