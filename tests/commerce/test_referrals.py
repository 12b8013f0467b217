"""Referral links: a signed first-party cookie for the admin's window, UTM on the landing page, nothing cached."""

import pytest
from django.urls import reverse

from analytics.models import Event
from commerce import referrals
from commerce.models import Order, PartnerProgramSettings
from tests.factories import UserFactory

from .factories import ReferralLinkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(partner):
    return ReferralLinkFactory(partner=partner, landing_path="/en/courses/")


def test_the_link_sets_a_signed_http_only_cookie_for_the_window_and_lands_with_utm(client, link):
    settings_row = PartnerProgramSettings.load()
    settings_row.attribution_window_days = 7
    settings_row.save()
    response = client.get(reverse("commerce:referral", args=[link.code]))
    assert response.status_code == 302
    assert response["Location"] == (f"/en/courses/?utm_source=partner&utm_medium=referral&utm_campaign={link.code}")
    cookie = response.cookies[referrals.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["max-age"] == 7 * 86400
    assert cookie.value != link.code  # signed
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    event = Event.objects.get(name="referral_visit")
    assert (event.utm_source, event.utm_medium, event.utm_campaign) == ("partner", "referral", link.code)


def test_an_unknown_or_inactive_code_lands_home_without_a_cookie(client, link):
    link.active = False
    link.save()
    for code in (link.code, "nope"):
        response = client.get(reverse("commerce:referral", args=[code]))
        assert response["Location"] == "/" and referrals.COOKIE_NAME not in response.cookies
    assert not Event.objects.exists()


def test_ref_on_a_cached_public_page_sets_the_cookie_before_the_cache_answers(client, demo_site, link):
    client.get("/en/")  # fills the page cache for anonymous visitors
    response = client.get(f"/en/?ref={link.code}&page=2")
    assert response.status_code == 302 and referrals.COOKIE_NAME in response.cookies
    assert response["Location"].startswith("/en/?page=2&utm_source=partner")
    landing = client.get("/en/")
    assert landing.status_code == 200 and landing.get("X-Page-Cache") == "hit"  # the page cache still serves


def test_the_cookie_names_the_partner_at_checkout_within_the_window_only(client, link, course, time_machine):
    time_machine.move_to("2026-05-01 10:00Z")
    client.get(reverse("commerce:referral", args=[link.code]))
    time_machine.move_to("2026-05-31 09:00Z")  # day 30 of the default 30-day window
    buyer = UserFactory()
    client.force_login(buyer)
    client.post(reverse("commerce:checkout-start", args=[course.slug]), {"gateway": "test", "country": "US"})
    order = Order.objects.get(student=buyer)
    assert (order.partner, order.referral_link) == (link.partner, link)


def test_an_expired_or_forged_cookie_names_no_one(client, link, course, time_machine):
    time_machine.move_to("2026-05-01 10:00Z")
    client.get(reverse("commerce:referral", args=[link.code]))
    time_machine.move_to("2026-06-01 10:01Z")
    buyer = UserFactory()
    client.force_login(buyer)
    client.post(reverse("commerce:checkout-start", args=[course.slug]), {"gateway": "test", "country": "US"})
    assert Order.objects.get(student=buyer).partner is None
    other = UserFactory()
    client.force_login(other)
    client.cookies[referrals.COOKIE_NAME] = link.code  # unsigned
    client.post(reverse("commerce:checkout-start", args=[course.slug]), {"gateway": "test", "country": "US"})
    assert Order.objects.get(student=other).partner is None


def test_a_sign_up_after_the_link_is_counted_for_it(client, link, site):
    client.get(reverse("commerce:referral", args=[link.code]))
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.test",
            "display_name": "New",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
        },
    )
    assert Event.objects.filter(name="referral_signup", utm_campaign=link.code).exists()


def test_landing_paths_must_stay_on_the_site(partner):
    from django.core.exceptions import ValidationError

    for path in ("https://evil.test/", "//evil.test/", "courses"):
        with pytest.raises(ValidationError):
            ReferralLinkFactory.build(partner=partner, landing_path=path).full_clean()
