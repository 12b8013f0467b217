"""A buyer gifts a session package for tomorrow from its page; a day later the recipient gets the email, redeems the
gift for credits and books a lesson with one; the buyer sees the gift redeemed. In English and Arabic."""

import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commerce.models import Gift
from commerce.services import gifts
from notifications.models import OutboxEmail
from scheduling.models import Booking, CreditLot
from tests.commerce.factories import ExchangeRateFactory, SessionPackageFactory, SessionPackagePriceFactory
from tests.factories import PASSWORD, UserFactory
from tests.scheduling.factories import make_schedule

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BUYER_ZONE = "Asia/Amman"
LOCALES = {"en": "en-GB", "ar": "ar"}


@pytest.fixture
def package(db):
    for code, rate in {"EUR": "0.92", "SAR": "3.75", "AED": "3.6725", "JOD": "0.709", "GBP": "0.79"}.items():
        ExchangeRateFactory(currency=code, rate=Decimal(rate))
    teacher = UserFactory(teacher=True, display_name="Rania Haddad", time_zone="Asia/Amman")
    make_schedule(teacher)
    package = SessionPackageFactory(
        title="Five sessions with Rania", slug="five-with-rania", sessions=5, teacher=teacher, validity_days=90
    )
    SessionPackagePriceFactory(package=package, currency="USD", amount=Decimal("120.00"))
    return package


@pytest.fixture
def new_page(browser, live_server):
    """A page in a browser of its own (each person has theirs), speaking `language`."""
    contexts = []

    def open_page(language):
        context = browser.new_context(base_url=live_server.url, locale=LOCALES[language], timezone_id=BUYER_ZONE)
        context.set_default_timeout(30_000)  # generous: the machine is shared
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, email):
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_package_gift_for_tomorrow_is_redeemed_for_credits_that_book_a_lesson(new_page, package, language):
    buyer = UserFactory(email=f"lina-{language}@example.test", display_name="Lina", time_zone=BUYER_ZONE)
    recipient = UserFactory(email=f"omar-{language}@example.test", display_name="Omar")

    # The buyer opens the package, chooses to give it, for tomorrow at this minute of the buyer's day, and pays.
    page = new_page(language)
    page.goto("/accounts/login/")
    log_in(page, buyer.email)
    page.goto(f"/packages/{package.slug}/buy/")
    page.locator("[data-gift-link]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator(".order-summary")).to_contain_text("Five sessions with Rania")
    page.locator("#id_recipient_name").fill("Omar")
    page.locator("#id_recipient_email").fill(recipient.email)
    page.locator("#id_message").fill("Let's speak Arabic!")
    page.locator("input[name=when][value=later]").check()
    tomorrow = datetime.now(ZoneInfo(BUYER_ZONE)).replace(second=0, microsecond=0) + timedelta(days=1)
    page.locator("#id_send_date").fill(tomorrow.strftime("%Y-%m-%d"))
    page.locator("#id_send_time").fill(tomorrow.strftime("%H:%M"))
    page.locator(".gift-form button[type=submit]").click()
    page.locator('button[name="outcome"][value="success"]').click()
    expect(page).to_have_url(re.compile(r"/checkout/return/"))
    expect(page.get_by_role("status")).to_contain_text("Omar")
    gift = Gift.objects.get(buyer=buyer)
    assert (gift.package, gift.status, gift.send_at) == (package, Gift.Status.SCHEDULED, tomorrow)
    assert not CreditLot.objects.exists()

    # With time moved on a day, the beat's run emails the gift in the buyer's language.
    assert gifts.send_due(now=timezone.now()) == 0
    assert gifts.send_due(now=timezone.now() + timedelta(days=1)) == 1
    email = OutboxEmail.objects.get(to=recipient.email)
    assert "Five sessions with Rania" in email.subject and "Let's speak Arabic!" in email.body
    redeem_path = re.search(r"https?://[^/\s]+(/[^\s]*gifts/redeem/[^\s]+/)", email.body).group(1)

    # The recipient follows the link, logs in, comes back to the gift and redeems it for credits.
    page = new_page(language)
    page.goto(redeem_path)
    expect(page.get_by_text("Let's speak Arabic!")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    page.locator('main a[href*="/accounts/login/"]').click()
    log_in(page, recipient.email)
    expect(page).to_have_url(re.compile(re.escape(redeem_path) + "$"))
    page.locator(".gift-redeem form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/learn/sessions/$"))
    lot = CreditLot.objects.get(student=recipient)
    assert (lot.remaining, lot.teacher) == (5, package.teacher)

    # A credit books a lesson with the package's teacher.
    page.locator(f'a[href$="/learn/sessions/teachers/{package.teacher.pk}/"]').first.click()
    page.locator(".slot-button").first.click()
    expect(page).to_have_url(re.compile(r"/learn/sessions/\d+/$"))
    booking = Booking.objects.get(student=recipient, status="confirmed")
    assert booking.credit_used and booking.session.teacher == package.teacher
    lot.refresh_from_db()
    assert lot.remaining == 4

    # The buyer sees the gift redeemed.
    page = new_page(language)
    page.goto("/accounts/login/")
    log_in(page, buyer.email)
    page.goto("/learn/gifts/")
    expect(page.locator(f'[data-gift="{gift.pk}"] [data-gift-status]')).to_have_attribute(
        "data-gift-status", "redeemed"
    )
