"""Sharing a course page by copy link records the share, in both languages, on a laptop and on a phone."""

import time

import pytest
from playwright.sync_api import expect

from analytics.models import Event

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LAPTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
COPIED = {"en": "Link copied.", "ar": "تم نسخ الرابط."}
COPY = {"en": "Copy link", "ar": "نسخ الرابط"}


def wait_for_share(count: int) -> list[Event]:
    for _ in range(50):  # the beacon is posted after the copy; give the server a moment
        shares = list(Event.objects.filter(name="share").order_by("pk"))
        if len(shares) >= count:
            return shares
        time.sleep(0.1)
    raise AssertionError(f"{count} share(s) expected, {len(shares)} recorded")


@pytest.mark.parametrize("device", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_visitor_copies_a_course_link_and_the_share_is_recorded(browser, live_server, e2e_site, device):
    from cms.models import CoursePage

    context = browser.new_context(base_url=live_server.url, locale="en-GB", **device)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        for count, language in enumerate(("en", "ar"), start=1):
            course_page = CoursePage.objects.live().filter(locale__language_code=language).first()
            page.goto(course_page.url)
            share = page.locator(".share")
            share.scroll_into_view_if_needed()
            share.get_by_role("button", name=COPY[language]).click()
            expect(share.get_by_role("status")).to_have_text(COPIED[language])
            copied = page.evaluate("navigator.clipboard.readText()")
            assert course_page.url in copied and "utm_source=copy&utm_medium=social&utm_campaign=share" in copied
            event = wait_for_share(count)[-1]
            assert (event.path, event.user) == (course_page.url, None)
            assert event.properties == {"network": "copy", "language": language, "kind": "course"}
            # The other networks are plain links to their own share addresses, opening in a new tab.
            whatsapp = share.locator('[data-share-network="whatsapp"]')
            assert whatsapp.get_attribute("href").startswith("https://wa.me/?text=")
            assert whatsapp.get_attribute("target") == "_blank"
    finally:
        context.close()
