"""A partner shares a referral link, a visitor buys through it, the admin pays the commission out, the partner
downloads the statement; the reports read right to left in Arabic."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from commerce.models import Commission, Payout
from tests.commerce.factories import CommissionRuleFactory, CourseFactory, CoursePriceFactory, ReferralLinkFactory
from tests.e2e.conftest import login
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def programme(e2e_site):
    course = CourseFactory(title="Arabic for beginners", slug="arabic-for-beginners")
    CoursePriceFactory(course=course, amount=Decimal("100.00"))
    partner = UserFactory(partner=True, email="partner@example.test", display_name="Pat Partner")
    CommissionRuleFactory(partner=partner, percent=Decimal("20"))
    link = ReferralLinkFactory(partner=partner, name="Newsletter", landing_path="/courses/")
    student = UserFactory(email="visitor@example.test", display_name="Vera Visitor")
    admin = UserFactory(admin=True, email="admin@example.test", time_zone="Europe/London")
    return partner, link, student, admin


def test_a_sale_through_a_referral_link_is_paid_out_with_a_statement(browser, live_server, page, programme, tmp_path):
    partner, link, student, admin = programme

    # The partner copies their link.
    login(page, partner.email, PASSWORD)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto("/partner/referrals/")
    row = page.locator(f'[data-referral-row="{link.code}"]')
    row.get_by_role("button", name="Copy").first.click()
    expect(row.get_by_role("button", name="Copy").first).to_have_attribute("data-copied", "true")
    shared = row.get_by_label("Short link").input_value()
    assert shared.endswith(f"/r/{link.code}/")

    # A visitor, in a browser of their own, follows it and buys.
    visitor = browser.new_context(base_url=live_server.url, locale="en-US", timezone_id="America/New_York")
    visitor.set_default_timeout(15_000)
    buyer = visitor.new_page()
    buyer.goto(f"/r/{link.code}/")
    expect(buyer).to_have_url(
        re.compile(rf"/courses/\?utm_source=partner&utm_medium=referral&utm_campaign={link.code}")
    )
    login(buyer, student.email, PASSWORD)
    buyer.wait_for_url(lambda url: "/accounts/login/" not in url)
    buyer.goto("/checkout/start/arabic-for-beginners/")
    buyer.select_option("#id_country", "US")
    buyer.get_by_role("button", name="Continue to payment").click()
    buyer.get_by_role("button", name="Pay successfully").click()
    expect(buyer.get_by_role("heading", name="Payment received")).to_be_visible()
    visitor.close()
    commission = Commission.objects.get()
    assert (commission.partner, commission.amount) == (partner, Decimal("20.00"))

    # The sale and the commission are in the partner's report, and the link's funnel counts them.
    page.goto("/partner/sales/")
    sale = page.locator("[data-sales-row]")
    expect(sale).to_contain_text("Arabic for beginners")
    expect(sale).to_contain_text("20.00")
    page.goto("/partner/referrals/")
    expect(page.locator(f'[data-referral-row="{link.code}"] td').nth(4)).to_have_text("1")

    # The admin creates, approves and pays the payout in the Wagtail admin.
    admin_page = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    admin_page.goto("/admin/login/")
    admin_page.fill("#id_username", admin.email)
    admin_page.fill("#id_password", PASSWORD)
    admin_page.locator("form button[type=submit]").click()
    expect(admin_page).to_have_url(re.compile(r"/admin/$"))
    admin_page.goto("/admin/commerce/payouts/steps/")
    admin_page.select_option("#id_partner", str(partner.pk))
    admin_page.select_option("#id_currency", "USD")
    today = commission.occurred_at.date().isoformat()
    admin_page.fill("#id_period_start", today)
    admin_page.fill("#id_period_end", today)
    admin_page.get_by_role("button", name="Create draft payout").click()
    expect(admin_page.get_by_test_id("payout-status")).to_have_text("Draft")
    admin_page.get_by_role("button", name="Approve").click()
    expect(admin_page.get_by_test_id("payout-status")).to_have_text("Approved")
    admin_page.fill("#id_reference", "BANK-42")
    admin_page.get_by_role("button", name="Mark as paid").click()
    expect(admin_page.get_by_test_id("payout-status")).to_have_text("Paid")
    admin_page.context.close()
    assert Payout.objects.get().status == Payout.Status.PAID

    # The partner sees the payout and downloads the statement.
    page.goto("/partner/payouts/")
    payout_row = page.locator("[data-payout-row]")
    expect(payout_row).to_contain_text("Paid")
    expect(payout_row).to_contain_text("20.00")
    with page.expect_download() as download_info:
        payout_row.get_by_role("link", name="Download (PDF)").click()
    path = tmp_path / "statement.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")

    # The same report in Arabic reads right to left.
    page.goto("/partner/sales/")
    page.locator(".lang-switcher").get_by_role("button", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("المبيعات والعمولات")
    expect(page.locator("[data-sales-row]")).to_contain_text("20")
