"""Production settings with every cache off, for `make bench`'s cold-render rows: each request renders the
page from the database as the first visitor after a deploy would, with no fragment, menu or site cache."""

from fluentory.settings.production import *  # noqa: F403

CACHES = {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in CACHES}  # noqa: F405
SESSION_ENGINE = "django.contrib.sessions.backends.db"
