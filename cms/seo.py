"""Editor-facing SEO checks and small text helpers shared by the page types."""

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

SEPARATOR = getattr(settings, "WAGTAILSEO_SEP", "|")
TITLE_LIMIT = 60
DESCRIPTION_RANGE = (50, 160)


def warnings(page) -> list[str]:
    """What the SEO preview warns about: title, description and share image."""
    found = []
    if not page.seo_title:
        found.append(_("No title tag set: search engines will show “%(title)s”.") % {"title": page.seo_pagetitle})
    elif len(page.seo_title) > TITLE_LIMIT:
        found.append(
            _("The title tag is longer than %(limit)d characters and will be cut short.") % {"limit": TITLE_LIMIT}
        )
    description = page.seo_description
    if not description:
        found.append(_("No meta description: search engines will pick a snippet themselves."))
    elif not DESCRIPTION_RANGE[0] <= len(description) <= DESCRIPTION_RANGE[1]:
        found.append(
            _("The meta description should be between %(low)d and %(high)d characters (it has %(count)d).")
            % {"low": DESCRIPTION_RANGE[0], "high": DESCRIPTION_RANGE[1], "count": len(description)}
        )
    if page.seo_image is None:
        found.append(_("No share image: set a preview image here or a default one in Settings > SEO."))
    return found


def matches(query: str, question) -> bool:
    """Whether an FAQ question (a QuestionBlock value) mentions every word of `query`."""
    text = f"{question['question']} {strip_tags(str(question['answer']))}".casefold()
    return all(word in text for word in query.casefold().split())
