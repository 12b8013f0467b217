from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")

    def ready(self):
        from django.core import checks

        checks.register(_text_shaping_check)
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move
        from wagtailseo.models import SeoSettings

        from commerce.caching import invalidate_catalogue
        from commerce.models import (
            Bundle,
            BundleItem,
            BundlePrice,
            CoursePrice,
            ExchangeRate,
            SessionPackage,
            SessionPackagePrice,
        )
        from learning.models import Course, Lesson, Module, Review

        from . import page_cache
        from .models import BlogCategory, BlogPostPage, CoursePage, Menu, SiteSettings

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(page_cache.invalidate, dispatch_uid=f"cms-page-cache-{signal!r}")
        post_delete.connect(page_cache.invalidate, sender=Page, dispatch_uid="cms-page-cache-page-delete")
        # Prices, rates, reviews and the lesson list (with its free previews) appear on course and category pages,
        # so they refresh the cached pages too;
        # so do bundles and the package prices in them, whose savings course pages show.
        watched = (Menu, SiteSettings, SeoSettings, BlogCategory, Course, CoursePrice, ExchangeRate, Review, Site)
        watched += (Lesson, Module)
        bundles = (Bundle, BundleItem, BundlePrice, SessionPackage, SessionPackagePrice)
        for model in (*watched, *bundles, PageViewRestriction):
            post_save.connect(page_cache.invalidate, sender=model, dispatch_uid=f"cms-page-cache-{model.__name__}")
            post_delete.connect(
                page_cache.invalidate, sender=model, dispatch_uid=f"cms-page-cache-del-{model.__name__}"
            )
        # A published course page or blog post gets its share picture drawn after the publish commits.
        for model in (CoursePage, BlogPostPage):
            page_published.connect(_refresh_share_card, sender=model, dispatch_uid=f"cms-share-card-{model.__name__}")
        # The catalogue links each course to its page, so a page going live, away or elsewhere refreshes it.
        for signal in (page_published, page_unpublished, post_page_move, post_delete):
            signal.connect(invalidate_catalogue, sender=CoursePage, dispatch_uid=f"cms-catalogue-{signal!r}")


def _refresh_share_card(sender, instance, **kwargs):
    from django.db import transaction

    from .tasks import refresh_share_card

    transaction.on_commit(lambda: refresh_share_card.delay(instance.pk), robust=True)


def _text_shaping_check(app_configs, **kwargs):
    from django.core import checks

    from core import imaging

    if imaging.can_shape_text():
        return []
    return [
        checks.Warning(
            "Pillow cannot shape text (no Raqm/FriBiDi): Arabic titles on share cards would be drawn unjoined.",
            hint="Install libfribidi0 (Debian) or fribidi, then restart.",
            id="cms.W001",
        )
    ]
