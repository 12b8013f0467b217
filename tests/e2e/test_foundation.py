import re

import pytest
from playwright.sync_api import expect

from notifications.models import OutboxEmail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "lantern-quietly-ninety-owls"


def test_home_page_in_english_and_arabic(page, e2e_site):
    page.goto("/en/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("link", name="العربية").click()
    expect(page).to_have_url(re.compile(r"/ar/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")


def test_a_visitor_signs_up_verifies_their_email_logs_in_and_reaches_the_student_portal(page, e2e_site):
    page.goto("/en/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill("layla@example.test")
    page.get_by_label("Your name").fill("Layla")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile("Password \\(again\\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    email = OutboxEmail.objects.get(to="layla@example.test")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", email.body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    # Confirming logs the person in and leads them to their portal.
    expect(page).to_have_url(re.compile(r"/learn/$"))
    expect(page.get_by_role("heading", name=re.compile("Welcome back, Layla"))).to_be_visible()

    page.locator(".account-menu__more summary").click()
    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("layla@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/learn/$"))

    from accounts.models import User

    assert User.objects.get(email="layla@example.test").time_zone == "Europe/London"
