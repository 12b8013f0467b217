"""The catalogue listing is cached; any change to a course, price or rate starts a new cache generation."""

from django.core.cache import cache

CATALOGUE_VERSION_KEY = "commerce:catalogue-version"
CATALOGUE_TTL = 300  # also bounds how late a rate with a future start date shows up


def catalogue_version() -> int:
    return cache.get_or_set(CATALOGUE_VERSION_KEY, 1, timeout=None)


def invalidate_catalogue(**_kwargs) -> None:
    try:
        cache.incr(CATALOGUE_VERSION_KEY)
    except ValueError:
        cache.set(CATALOGUE_VERSION_KEY, 2, timeout=None)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from learning.models import Course

    from .models import CoursePrice, ExchangeRate, SessionPackage, SessionPackagePrice

    # Packages are suggested beside courses in the cached suggestion panels.
    for model in (Course, CoursePrice, ExchangeRate, SessionPackage, SessionPackagePrice):
        post_save.connect(invalidate_catalogue, sender=model, dispatch_uid=f"catalogue-{model.__name__}-save")
        post_delete.connect(invalidate_catalogue, sender=model, dispatch_uid=f"catalogue-{model.__name__}-delete")
