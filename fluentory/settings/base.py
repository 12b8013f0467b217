"""Settings shared by every environment; each value can be overridden from the environment."""

from decimal import Decimal
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from .email import anymail_settings, tracking_webhooks, webhook_settings
from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("FLUENTORY_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env_str("SECRET_KEY", "local-development-key-not-for-production")
DEBUG = env_bool("DEBUG", False)
DEMO_SEED_ALLOWED = True  # `seed_demo` runs without --force (production settings say no)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "accounts",
    "analytics",
    "notifications",
    "learning",
    "placement",
    "commerce",
    "scheduling",
    "tutor",
    "partners",
    "cms",
    "api",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtailseo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.FluentoryUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.usersessions",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.csp.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.ThrottledUserSessionsMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.middleware.IncompleteFormMiddleware",
]

ROOT_URLCONF = "fluentory.urls"
WSGI_APPLICATION = "fluentory.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.site_chrome",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fluentory.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the Celery worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and Celery broker: Redis when REDIS_URL is set, otherwise nothing to run.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.ReusedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "fluentory",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "filesystem://"
    _broker_dir = VAR_DIR / "celery"
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
# Wagtail writes every image rendition it shows to this cache; in each process's memory that write is free.
CACHES["renditions"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "renditions"}
# Rendered fragments (page parts, menus, structured data): their keys carry the page cache's generation, read
# from the shared cache once per request, so each process keeps its own copy without a round trip per fragment.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "OPTIONS": {"MAX_ENTRIES": env_int("CMS_FRAGMENT_CACHE_ENTRIES", 2000)},
}

# Course outlines' shared content: keyed by the course's content version, read with the course, so each process
# keeps its own copy and a hit needs no round trip (learning.outline_cache).
CACHES["learning_outlines"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "learning-outlines",
    "OPTIONS": {"MAX_ENTRIES": env_int("LEARNING_OUTLINE_CACHE_ENTRIES", 500)},
}

CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {}

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "my-fluentory"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Fluentory] "
# Failed logins: per address and per account, with a cool-off that expires on its own.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,5/5m/key",
    # Each sign-up writes an account and sends an email: a burst from one address, and a daily ceiling.
    "signup": "5/m/ip,50/d/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Our own actions that send email or write rows (core.throttle), in the same notation.
FLUENTORY_RATE_LIMITS = {
    "message": "30/h/user,100/h/ip",
    "announcement": "10/h/user",  # each one emails every student of the course
    "refund_request": "5/d/user,20/d/ip",
    "page_visit": "120/m/ip",
    "share": "20/m/ip",  # a share beacon writes an event row
    "contact_form": "5/h/ip",
    "teacher_application": "5/h/ip",  # each one stores an uploaded file
    "cohort_join": "10/h/user,30/h/ip",  # a join link is a bearer token: tries at it are bounded
    "placement_start": "20/h/user,30/h/ip",  # each start writes an attempt, anonymous visitors included
    "gift_link": "30/h/ip,20/h/user",  # every look at a gift link, so tokens cannot be tried in bulk
    "gift_change": "20/h/user",  # a resend emails someone
    "coupon_code": "10/m/user,30/h/user,60/h/ip",  # codes must not be guessable by trying many
    "tutor_question": "10/m/user,120/h/user,300/h/ip",  # a burst, whatever the daily limits allow
    "tutor_feedback": "60/h/user",
}
USERSESSIONS_TRACK_ACTIVITY = True
# A signed-in session's "last seen" is written at most this often (seconds), not on every request.
USERSESSIONS_TRACK_ACTIVITY_EVERY = env_int("USERSESSIONS_TRACK_ACTIVITY_EVERY", 300)

# Internationalisation
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
FORMAT_MODULE_PATH = ["fluentory.formats"]  # dates and numbers as our readers write them, per language
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

FLUENTORY_CURRENCIES = env_list("FLUENTORY_CURRENCIES", "USD,EUR,SAR,AED,JOD,GBP")
FLUENTORY_DEFAULT_CURRENCY = env_str("FLUENTORY_DEFAULT_CURRENCY", "USD")
FLUENTORY_REPORTING_CURRENCY = env_str("FLUENTORY_REPORTING_CURRENCY", "USD")

# Static and media
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Lesson files (Wagtail documents) never sit under MEDIA_ROOT: they are served only through the access check.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private-media")))
# A production run on one machine with nothing in front to serve MEDIA_ROOT: Django serves public images.
SERVE_PUBLIC_MEDIA = env_bool("SERVE_PUBLIC_MEDIA", False)
PUBLIC_MEDIA_MAX_AGE = env_int("PUBLIC_MEDIA_MAX_AGE", 86400)
STORAGES = {
    "default": {"BACKEND": "learning.storage.MediaStorage"},
    "public_media": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private_media": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private-media/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env_str("AWS_STORAGE_BUCKET_NAME", ""):
    # Any S3-compatible store: AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID and friends come from the environment.
    STORAGES["public_media"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL", "") or None
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN", "") or None
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    AWS_DEFAULT_ACL = None
    # Lesson files: their own bucket (no default: a public bucket must never hold them), short-lived signed URLs.
    STORAGES["private_media"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_PRIVATE_STORAGE_BUCKET_NAME"),
            "custom_domain": None,
            "querystring_auth": True,
            "querystring_expire": env_int("PRIVATE_MEDIA_URL_SECONDS", 300),
            "signature_version": "s3v4",
            "default_acl": "private",
            "file_overwrite": False,
            "object_parameters": {"ContentDisposition": "attachment"},
        },
    }
    # The document view checks who may read the file, then redirects to a signed URL.
    WAGTAILDOCS_SERVE_METHOD = "redirect"

# Email: every message is kept in the outbox, then handed to the real backend.
EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"
ANYMAIL_ESP = env_str("ANYMAIL_ESP", "")
# The provider's tracking webhook (/anymail/<esp>/tracking/) is served only when this basic-auth secret is set.
ANYMAIL_WEBHOOK_SECRET = env_str("ANYMAIL_WEBHOOK_SECRET", "")
if ANYMAIL_ESP:
    OUTBOX_DELIVERY_BACKEND = f"anymail.backends.{ANYMAIL_ESP}.EmailBackend"
    ANYMAIL = anymail_settings(
        ANYMAIL_ESP,
        env_str("ANYMAIL_API_KEY", ""),
        webhook_secret=ANYMAIL_WEBHOOK_SECRET,
        webhook_signing_key=env_str("ANYMAIL_WEBHOOK_SIGNING_KEY", ""),
    )
else:
    OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
    ANYMAIL = webhook_settings(webhook_secret=ANYMAIL_WEBHOOK_SECRET)
ANYMAIL_TRACKING_WEBHOOKS = tracking_webhooks(ANYMAIL_ESP, ANYMAIL)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Fluentory <hello@fluentory.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Payments
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET", "")

# Wagtail
WAGTAIL_SITE_NAME = "Fluentory"
# The admin contacts no third party (and so stays within the Content-Security-Policy): no Gravatar, no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The public base URL: canonical, hreflang, sitemap, structured data, emails and calendars all start with it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# What may be uploaded, with a size limit per type in megabytes (lesson files and the document library).
UPLOAD_LIMITS_MB = {
    **dict.fromkeys(["pdf", "docx", "odt", "xlsx", "rtf"], 20),
    **dict.fromkeys(["pptx", "zip"], 50),
    **dict.fromkeys(["csv", "txt"], 5),
    **dict.fromkeys(["mp3", "ogg", "m4a"], 50),
    **dict.fromkeys(["mp4", "webm"], 500),
    "vtt": 1,
}
WAGTAILDOCS_EXTENSIONS = list(UPLOAD_LIMITS_MB)
WAGTAILDOCS_MAX_UPLOAD_SIZE = max(UPLOAD_LIMITS_MB.values()) * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "learning.forms.DocumentForm"
WAGTAILDOCS_CONTENT_TYPES = {"vtt": "text/vtt", "m4a": "audio/mp4", "txt": "text/plain", "csv": "text/csv"}
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []  # every document downloads as an attachment
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]  # never SVG: it can carry scripts
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# YouTube and Vimeo embeds are built from the address alone (no oEmbed call); other providers use oEmbed.
WAGTAILEMBEDS_FINDERS = [{"class": "learning.video.PlayableVideoFinder"}, {"class": "wagtail.embeds.finders.oembed"}]
WAGTAILSEO_SEP = "|"
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None

# Content-Security-Policy on every response: the site's scripts are static files (no inline script, so cached
# pages need no nonce); inline styles stay allowed for progress bars and the admin; embeds play from their hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "media-src": ["'self'", "https:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
    }
}

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Each app's own settings follow, one section per app.

# --- learning ---
CELERY_BEAT_SCHEDULE["learning-drip-unlocks"] = {
    "task": "learning.tasks.notify_drip_unlocks_task",
    "schedule": 3600.0,
}
CELERY_BEAT_SCHEDULE["learning-expire-enrollments"] = {
    "task": "learning.tasks.expire_enrollments_task",
    "schedule": 86400.0,
}
CELERY_BEAT_SCHEDULE["learning-issue-missing-certificates"] = {
    "task": "learning.tasks.issue_missing_certificates",
    "schedule": 3600.0,
}


# --- commerce ---
# Course prices are set in this currency; other currencies are derived from it when not set.
COMMERCE_BASE_CURRENCY = env_str("COMMERCE_BASE_CURRENCY", FLUENTORY_DEFAULT_CURRENCY)
# Derived prices are rounded to the nearest multiple of this step, per currency (default: the minor unit).
COMMERCE_PRICE_ROUNDING = {"USD": "1", "EUR": "1", "GBP": "1", "SAR": "5", "AED": "5", "JOD": "0.5"}
COMMERCE_PRICES_INCLUDE_TAX = env_bool("COMMERCE_PRICES_INCLUDE_TAX", True)
# Gateways offered at checkout, in order; the built-in test gateway is the local default.
COMMERCE_GATEWAYS = env_list("COMMERCE_GATEWAYS", "stripe" if STRIPE_SECRET_KEY else "test")
# The test gateway marks orders paid without payment: allowed on one machine, refused by production settings.
COMMERCE_TEST_GATEWAY_ALLOWED = True
STRIPE_WEBHOOK_TOLERANCE = env_int("STRIPE_WEBHOOK_TOLERANCE", 300)
COMMERCE_SELLER = {
    "name": env_str("COMMERCE_SELLER_NAME", "Fluentory Language School"),
    "address": env_str("COMMERCE_SELLER_ADDRESS", "1 Example Street, Riyadh, Saudi Arabia"),
    "vat_number": env_str("COMMERCE_SELLER_VAT_NUMBER", "300000000000003"),
    "email": env_str("COMMERCE_SELLER_EMAIL", "billing@fluentory.local"),
}
# A JSON endpoint answering {"rates": {"EUR": 0.92, ...}} for one unit of the reporting currency; empty = admin only.
COMMERCE_EXCHANGE_RATE_URL = env_str("COMMERCE_EXCHANGE_RATE_URL", "")
COMMERCE_ABANDON_AFTER_MINUTES = env_int("COMMERCE_ABANDON_AFTER_MINUTES", 60)
# A code that leaves a total above zero but below the card minimum: "refuse" it, or make the order "free".
COMMERCE_COUPON_BELOW_MINIMUM = env_str("COMMERCE_COUPON_BELOW_MINIMUM", "refuse")
# Courses a bundle buyer already owns: "exclude" them (a pro-rata share of the bundle price) or "credit" them
# (their separate prices come off the bundle price).
COMMERCE_BUNDLE_OWNED_COURSES = env_str("COMMERCE_BUNDLE_OWNED_COURSES", "exclude")
if COMMERCE_BUNDLE_OWNED_COURSES not in {"exclude", "credit"}:
    raise ImproperlyConfigured("COMMERCE_BUNDLE_OWNED_COURSES must be exclude or credit.")
CELERY_BEAT_SCHEDULE["commerce-mark-abandoned-checkouts"] = {
    "task": "commerce.tasks.mark_abandoned_checkouts",
    "schedule": 600.0,
}
# A gift to someone whose account already has the course: "refuse" catches it before payment; "credit" sells it,
# and what the buyer paid becomes the recipient's account credit when they redeem it.
COMMERCE_GIFT_TO_OWNER = env_str("COMMERCE_GIFT_TO_OWNER", "refuse")
if COMMERCE_GIFT_TO_OWNER not in {"refuse", "credit"}:
    raise ImproperlyConfigured("COMMERCE_GIFT_TO_OWNER must be refuse or credit.")
# Days a gift's redemption link stays valid after it is emailed (a resend starts a new link).
COMMERCE_GIFT_LINK_DAYS = env_int("COMMERCE_GIFT_LINK_DAYS", 365)
CELERY_BEAT_SCHEDULE["commerce-send-due-gifts"] = {
    "task": "commerce.tasks.send_due_gifts",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["commerce-refresh-exchange-rates"] = {
    "task": "commerce.tasks.refresh_exchange_rates",
    "schedule": 6 * 3600.0,
}
CELERY_BEAT_SCHEDULE["commerce-refresh-recommendation-rollups"] = {
    "task": "commerce.tasks.refresh_recommendation_rollups",
    "schedule": 3600.0,
}


# --- scheduling ---
# Meeting link per session: "{room}" is replaced by the session's unguessable room name.
SCHEDULING_MEETING_URL_PATTERN = env_str("SCHEDULING_MEETING_URL_PATTERN", "https://meet.jit.si/{room}")
SCHEDULING_PRESENCE_SECONDS = env_int("SCHEDULING_PRESENCE_SECONDS", 90)
SCHEDULING_BOOKING_DAYS_SHOWN = env_int("SCHEDULING_BOOKING_DAYS_SHOWN", 14)
# Credits that expire: one extension of this many days, given straight away ("automatic") or after an admin
# approves it ("approval"). The reminder before expiry is an email sequence editors adjust in the admin.
SCHEDULING_CREDIT_EXTENSION_DAYS = env_int("SCHEDULING_CREDIT_EXTENSION_DAYS", 30)
SCHEDULING_CREDIT_EXTENSION = env_str("SCHEDULING_CREDIT_EXTENSION", "approval")
if SCHEDULING_CREDIT_EXTENSION not in {"automatic", "approval"}:
    raise ImproperlyConfigured("SCHEDULING_CREDIT_EXTENSION must be 'automatic' or 'approval'.")
CELERY_BEAT_SCHEDULE["scheduling-expire-credits"] = {
    "task": "scheduling.tasks.expire_credits",
    "schedule": 900,
}


# --- cms ---
INSTALLED_APPS.append("wagtail.contrib.routable_page")
# Rendered public pages for visitors without a session, keyed by URL and currency (0 turns the cache off);
# right after the HTTPS checks, so that a hit skips every middleware a signed-out page does not need: the copy
# is stored with the headers the rest added (the Content-Security-Policy among them).
_PAGE_CACHE_AT = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE.insert(_PAGE_CACHE_AT, "cms.page_cache.AnonymousPageCacheMiddleware")
# `?ref=<code>` sets the partner's referral cookie and redirects before the page cache could answer without it.
MIDDLEWARE.insert(_PAGE_CACHE_AT, "commerce.referrals.ReferralParameterMiddleware")
CMS_PAGE_CACHE_SECONDS = env_int("CMS_PAGE_CACHE_SECONDS", 300)
CMS_PAGE_CACHE_ALIAS = "default"
CMS_FRAGMENT_CACHE_ALIAS = "template_fragments"
# Query parameters that change what a public page shows; any other (utm_*, gclid…) is left out of the page
# cache's key and never creates an entry.
CMS_PAGE_CACHE_QUERY_PARAMS = frozenset(
    {"page", "q", "category", "tag", "language", "level", "course_type", "min_price", "max_price", "teacher", "sort"}
)
# Rendered fragments of pages (content, meta tags, structured data), for everyone, until the next publish.
CMS_FRAGMENT_CACHE_SECONDS = env_int("CMS_FRAGMENT_CACHE_SECONDS", 300)
CMS_ROBOTS_DISALLOW = ["/admin/", "/accounts/", "/account/", "/me/", "/learn/", "/teach/", "/partner/", "/t/", "/i18n/"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp", "png": "webp", "jpeg": "webp", "gif": "gif"}
# Formats of the site's <picture> elements, best first (cms.images); the last is the fallback every browser reads.
CMS_PICTURE_FORMATS = ("avif", "webp", "jpeg")
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True


# --- notifications and analytics ---
# Non-urgent email waits out these hours in each person's time zone ("HH:MM-HH:MM"; empty turns it off).
NOTIFICATIONS_QUIET_HOURS = env_str("NOTIFICATIONS_QUIET_HOURS", "22:00-08:00")
# A sequence tick holds the steps it claimed this long: far longer than sending one batch takes.
NOTIFICATIONS_SEQUENCE_LEASE_SECONDS = env_int("NOTIFICATIONS_SEQUENCE_LEASE_SECONDS", 600)
CELERY_BEAT_SCHEDULE["notifications-run-sequences"] = {
    "task": "notifications.tasks.run_sequences",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["notifications-send-stalled-emails"] = {
    "task": "notifications.tasks.send_stalled_emails",
    "schedule": 300.0,
}
CELERY_BEAT_SCHEDULE["scheduling-send-stalled-booking-emails"] = {
    "task": "scheduling.tasks.send_stalled_booking_emails",
    "schedule": 300.0,
}
CELERY_BEAT_SCHEDULE["commerce-send-stalled-invoices"] = {
    "task": "commerce.tasks.send_stalled_invoices",
    "schedule": 300.0,
}
# Reports read rollup tables: what arrived is counted every few minutes, and the last two days again nightly.
CELERY_BEAT_SCHEDULE["analytics-roll-up-pending"] = {
    "task": "analytics.tasks.roll_up_pending",
    "schedule": 300.0,
}
CELERY_BEAT_SCHEDULE["analytics-rebuild-recent-days"] = {
    "task": "analytics.tasks.rebuild_recent_days",
    "schedule": crontab(hour=1, minute=15),
}


# --- tutor ---
# Who writes the tutor's answers: "offline" quotes the course's own lessons and needs no account; "openai" (any
# OpenAI-compatible chat API, TUTOR_BASE_URL for another host) or "anthropic" write them from the same passages.
TUTOR_PROVIDER = env_str("TUTOR_PROVIDER", "offline")
TUTOR_MODEL = env_str("TUTOR_MODEL", "")
TUTOR_API_KEY = env_str("TUTOR_API_KEY", "")
TUTOR_BASE_URL = env_str("TUTOR_BASE_URL", "")
TUTOR_TIMEOUT_SECONDS = env_int("TUTOR_TIMEOUT_SECONDS", 20)
TUTOR_MAX_RETRIES = env_int("TUTOR_MAX_RETRIES", 1)
TUTOR_MAX_ANSWER_TOKENS = env_int("TUTOR_MAX_ANSWER_TOKENS", 600)
# What the provider charges per million tokens, in FLUENTORY_REPORTING_CURRENCY, for the usage dashboard.
TUTOR_PRICE_INPUT_PER_MILLION = Decimal(env_str("TUTOR_PRICE_INPUT_PER_MILLION", "0"))
TUTOR_PRICE_OUTPUT_PER_MILLION = Decimal(env_str("TUTOR_PRICE_OUTPUT_PER_MILLION", "0"))
# The moderation step before answering: "offline" (a built-in list of abuse categories) or "openai" (that list,
# then the OpenAI-compatible /moderations endpoint at TUTOR_BASE_URL with TUTOR_API_KEY).
TUTOR_MODERATION = env_str("TUTOR_MODERATION", "offline")
TUTOR_MODERATION_MODEL = env_str("TUTOR_MODERATION_MODEL", "omni-moderation-latest")


# --- api ---
# The REST API under /api/v1/: bearer tokens only (personal tokens, or client credentials exchanged at /api/v1/token/).
# The API's policy (tokens, scopes, rate limits, JSON only) is set on its views (api.views.base.ApiView): these
# defaults also reach other apps' DRF views, such as Wagtail's admin API and wagtail-localize's editor.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fluentory API",
    "DESCRIPTION": "Catalogue, enrollments, progress, bookings, orders, certificates and partners' figures. "
    "Send `Authorization: Bearer <token>`; see docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["api.schema.only_api_v1"],
}
# Requests per token (or per address without one): "<count>/<second|minute|hour|day>".
API_RATE_LIMITS = {
    "token": env_str("API_RATE_LIMIT", "600/minute"),
    "anonymous": env_str("API_ANONYMOUS_RATE_LIMIT", "60/minute"),
}
API_CLIENT_TOKEN_SECONDS = env_int("API_CLIENT_TOKEN_SECONDS", 3600)
# Webhook deliveries: tries before giving up, and the first retry's delay (doubling each time).
API_WEBHOOK_MAX_ATTEMPTS = env_int("API_WEBHOOK_MAX_ATTEMPTS", 8)
API_WEBHOOK_RETRY_SECONDS = env_int("API_WEBHOOK_RETRY_SECONDS", 30)
API_WEBHOOK_TIMEOUT_SECONDS = env_int("API_WEBHOOK_TIMEOUT_SECONDS", 10)
# Receivers on loopback or private addresses, or over plain http (local development and tests only).
API_WEBHOOK_ALLOW_PRIVATE_HOSTS = env_bool("API_WEBHOOK_ALLOW_PRIVATE_HOSTS", False)
