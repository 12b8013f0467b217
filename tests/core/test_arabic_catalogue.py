"""Every string the portals and pages show has an Arabic translation in one of the project's catalogues."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from core.templatetags.portal import PORTALS


@pytest.fixture(scope="module")
def arabic() -> dict[str, str]:
    """msgid → Arabic text, over the project's and every app's catalogue (fuzzy entries do not count)."""
    translations = {}
    base = Path(settings.BASE_DIR)
    for po in [*base.glob("locale/ar/LC_MESSAGES/django.po"), *base.glob("*/locale/ar/LC_MESSAGES/django.po")]:
        with po.open("rb") as handle:
            for message in read_po(handle):
                text = message.string[0] if isinstance(message.string, tuple) else message.string
                if message.id and text and not message.fuzzy:
                    key = message.id[0] if isinstance(message.id, tuple) else message.id
                    translations[key] = text
    return translations


def test_every_portal_navigation_label_reads_in_arabic(arabic):
    labels = [str(label) for _, _, portal, entries in PORTALS for label in (portal, *(title for _, title in entries))]

    assert [label for label in labels if label not in arabic] == []


@pytest.mark.parametrize(
    "msgid",
    [
        "%(rating)s out of 5",  # course page rating
        "live sessions included",  # course form, teacher portal
        "Recorded courses have no live sessions; choose live or hybrid.",
        "Refund of %(order)s",  # credit note line
        "Private session with %(name)s",  # session titles
    ],
)
def test_strings_found_untranslated_on_arabic_pages_read_in_arabic(arabic, msgid):
    assert arabic.get(msgid)
