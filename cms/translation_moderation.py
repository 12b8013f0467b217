"""A translation follows its source page through moderation: it is not published while the source waits."""

from wagtail.models import Page
from wagtail_localize.models import TranslationSource


def source_page_of(page: Page) -> Page | None:
    """The page this one was translated from with wagtail-localize, or None for a page that is no translation."""
    source = (
        TranslationSource.objects.filter(object_id=page.translation_key)
        .exclude(locale_id=page.locale_id)
        .select_related("locale")
        .first()
    )
    return page.get_translation_or_none(source.locale) if source else None


def source_awaiting_moderation(page: Page) -> Page | None:
    source = source_page_of(page)
    return source if source is not None and source.workflow_in_progress else None


def is_publish_request(request) -> bool:
    # The translation editor posts action=publish; Wagtail's own page editor posts action-publish.
    return request.method == "POST" and (request.POST.get("action") == "publish" or "action-publish" in request.POST)
