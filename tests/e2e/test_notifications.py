"""A student sees a new notice arrive without reloading, opens it, and turns a category off; in English and Arabic."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import PASSWORD, UserFactory

TEXT = {
    "en": {"heading": "Notification preferences", "open": "Open", "save": "Save preferences"},
    "ar": {"heading": "تفضيلات الإشعارات", "open": "فتح", "save": "حفظ التفضيلات"},
}


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_notice_arrives_is_opened_and_its_category_turned_off(page, e2e_site, live_server, language):
    from notifications import preferences
    from notifications.models import Notification
    from notifications.services import notify

    text = TEXT[language]
    student = UserFactory(display_name="Lina Student", preferred_language=language)
    login(page, student.email, PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.clock.install()
    page.goto("/notifications/preferences/")
    expect(page.get_by_role("heading", name=text["heading"])).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator(".notice-bell[data-newest]")).to_have_count(1)  # the first poll learnt what is there
    expect(page.locator("[data-unread]")).to_be_hidden()

    notify(student, "learning.lesson_unlocked", "Lesson 2 is open", "", url="/notifications/preferences/")
    page.clock.run_for(31_000)  # the next poll, without reloading the page
    toast = page.locator("[data-notice-toast]")
    expect(toast).to_contain_text("Lesson 2 is open")
    expect(page.locator("[data-unread]")).to_have_text("1")

    toast.get_by_role("link").click()
    page.get_by_role("button", name=text["open"]).first.click()
    expect(page).to_have_url(live_server.url + "/notifications/preferences/")
    assert Notification.objects.get(user=student).read_at is not None
    expect(page.locator("[data-unread]")).to_be_hidden()

    page.locator('input[name="learning__email"]').uncheck()
    page.get_by_role("button", name=text["save"]).click()
    expect(page.locator('input[name="learning__email"]')).not_to_be_checked()
    assert preferences.channels_for(user=student, category="learning") == preferences.Channels(in_app=True, email=False)
