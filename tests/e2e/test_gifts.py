"""A buyer gifts a course for tomorrow from its page; a day later the recipient gets the email, signs up (or in)
through its link, redeems the gift and is enrolled; the buyer sees it redeemed. In English and Arabic."""

import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cms.models import CoursePage
from commerce.models import Gift
from commerce.services import gifts
from learning.models import Enrollment
from notifications.models import OutboxEmail
from tests.commerce.factories import CoursePriceFactory, ExchangeRateFactory
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BUYER_ZONE = "Asia/Amman"
CASES = {
    "en": {
        "locale": "en-GB",
        "give": "Give it as a gift",
        "later": "On a day and time I choose",
        "pay": "Continue to payment",
        "paid": "Pay successfully",
        "sign_up": "Create an account",
        "log_in": "Log in to redeem",
        "redeem": "Redeem your gift",
        "subject": "has given you a course",
        "redeemed": "Redeemed",
    },
    "ar": {
        "locale": "ar",
        "give": "أهدِها لشخص ما",
        "later": "في يوم ووقت أختارهما",
        "pay": "المتابعة إلى الدفع",
        "paid": "إتمام الدفع بنجاح",
        "sign_up": "أنشئ حسابًا",
        "log_in": "سجّل الدخول لاستلام الهدية",
        "redeem": "استلم هديتك",
        "subject": "أهداك دورة",
        "redeemed": "تم الاستلام",
    },
}


@pytest.fixture
def new_page(browser, live_server):
    """A page in a browser of its own (each person has theirs), speaking `language`."""
    contexts = []

    def open_page(language):
        context = browser.new_context(
            base_url=live_server.url, locale=CASES[language]["locale"], timezone_id=BUYER_ZONE
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, email):
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def link_in(email: OutboxEmail, path: str) -> str:
    return re.search(rf"https?://[^/\s]+({path}[^\s]+/)", email.body).group(1)


@pytest.mark.parametrize(
    "language, recipient_has_account", [("en", False), ("ar", False), ("en", True)], ids=["en-new", "ar-new", "en-in"]
)
def test_a_gift_for_tomorrow_is_emailed_redeemed_and_seen_redeemed(new_page, e2e_site, language, recipient_has_account):
    words = CASES[language]
    course_page = CoursePage.objects.get(slug="arabic-a1-foundations", locale__language_code=language)
    course = course_page.course
    CoursePriceFactory(course=course, amount=Decimal("100.00"))
    for code, rate in {"EUR": "0.92", "SAR": "3.75", "AED": "3.6725", "JOD": "0.709", "GBP": "0.79"}.items():
        ExchangeRateFactory(currency=code, rate=Decimal(rate))  # whichever currency the browser's country uses
    buyer = UserFactory(email="lina@example.test", display_name="Lina", time_zone=BUYER_ZONE)
    recipient_email = f"omar-{language}@example.test"
    if recipient_has_account:
        UserFactory(email=recipient_email, display_name="Omar")

    # The buyer gives the course from its page, to arrive tomorrow at this minute of the buyer's day.
    page = new_page(language)
    page.goto("/accounts/login/")
    log_in(page, buyer.email)
    page.goto(course_page.url)
    page.get_by_role("link", name=words["give"]).click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    page.locator("#id_recipient_name").fill("Omar")
    page.locator("#id_recipient_email").fill(recipient_email)
    page.locator("#id_message").fill("Happy birthday!")
    page.get_by_label(words["later"]).check()
    tomorrow = datetime.now(ZoneInfo(BUYER_ZONE)).replace(second=0, microsecond=0) + timedelta(days=1)
    page.locator("#id_send_date").fill(tomorrow.strftime("%Y-%m-%d"))
    page.locator("#id_send_time").fill(tomorrow.strftime("%H:%M"))
    page.get_by_role("button", name=words["pay"]).click()
    page.get_by_role("button", name=words["paid"]).click()
    expect(page).to_have_url(re.compile(r"/checkout/return/"))
    expect(page.get_by_role("status")).to_contain_text("Omar")  # told the gift is paid, not "you are enrolled"
    gift = Gift.objects.get(buyer=buyer)
    assert (gift.status, gift.send_at, gift.language) == (Gift.Status.SCHEDULED, tomorrow, language)

    # Today nothing goes out; a day later the beat's run emails it, in the language the buyer chose.
    assert gifts.send_due(now=timezone.now()) == 0
    assert gifts.send_due(now=timezone.now() + timedelta(days=1)) == 1
    email = OutboxEmail.objects.get(to=recipient_email)
    assert words["subject"] in email.subject and "Happy birthday!" in email.body
    redeem_path = link_in(email, "/gifts/redeem/")

    # The recipient follows the link, signs up (confirming the address) or in, and comes back to the gift.
    page = new_page(language)
    page.goto(redeem_path)
    expect(page.get_by_text("Happy birthday!")).to_be_visible()
    if recipient_has_account:
        page.get_by_role("link", name=words["log_in"]).click()
        log_in(page, recipient_email)
    else:
        page.get_by_role("link", name=words["sign_up"]).click()
        page.locator("input[name=email]").fill(recipient_email)
        page.locator("input[name=display_name]").fill("Omar")
        page.locator("input[name=password1]").fill(PASSWORD)
        page.locator("input[name=password2]").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        confirmation = OutboxEmail.objects.get(to=recipient_email, body__contains="/accounts/confirm-email/")
        page.goto(link_in(confirmation, "/accounts/confirm-email/"))
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(redeem_path) + "$"))
    page.get_by_role("button", name=words["redeem"]).click()
    expect(page).to_have_url(re.compile(rf"/{course.slug}/$"))
    enrollment = Enrollment.objects.get(course=course, student__email=recipient_email)
    assert (enrollment.status, enrollment.source) == (Enrollment.Status.ACTIVE, Enrollment.Source.GIFT)

    # The buyer sees the gift redeemed.
    page = new_page(language)
    page.goto("/accounts/login/")
    log_in(page, buyer.email)
    page.goto("/learn/gifts/")
    expect(page.locator(f'[data-gift="{gift.pk}"] [data-gift-status]')).to_have_text(words["redeemed"])
