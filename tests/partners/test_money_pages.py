"""The partner portal's money pages: partners only, each seeing only their own links, sales and payouts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from analytics import track
from commerce.models import ReferralLink
from commerce.services import checkout, fulfilment, payouts
from core.money import Money
from tests.commerce.factories import CommissionRuleFactory, CourseFactory, CoursePriceFactory, ReferralLinkFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["partners:home", "partners:referrals", "partners:sales", "partners:payouts"]


@pytest.fixture
def course(db):
    course = CourseFactory(title="Arabic for beginners")
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("100.00"))
    return course


@pytest.fixture
def other_partner(db):
    return UserFactory(partner=True, display_name="Olga Other")


def sell(*, partner, course, currency="USD", link=None):
    order = checkout.order_for(
        student=UserFactory(),
        purchases=[checkout.CourseLine(course)],
        currency=currency,
        partner=partner,
        referral_link=link,
    )
    return fulfilment.record_payment(
        order=order, gateway="test", reference=f"pi_{order.reference}", amount=Money(order.total, currency)
    )


@pytest.fixture
def partner_sales(partner, other_partner, course, admin_user):
    CommissionRuleFactory(partner=partner, percent=Decimal("10"))
    CommissionRuleFactory(partner=other_partner, percent=Decimal("10"))
    mine = ReferralLinkFactory(partner=partner, name="My newsletter")
    theirs = ReferralLinkFactory(partner=other_partner, name="Their blog")
    sell(partner=partner, course=course, link=mine)
    sell(partner=other_partner, course=course, link=theirs)
    today = datetime.date.today()
    my_payout = payouts.create_payout(
        partner=partner, currency="USD", period_start=today, period_end=today, admin=admin_user
    )
    their_payout = payouts.create_payout(
        partner=other_partner, currency="USD", period_start=today, period_end=today, admin=admin_user
    )
    return {"mine": mine, "theirs": theirs, "my_payout": my_payout, "their_payout": their_payout}


@pytest.mark.parametrize("name", PAGES)
def test_only_partners_open_the_money_pages(client, name, student, teacher, partner, admin_user):
    url = reverse(name)
    assert client.get(url).status_code == 302  # anonymous: log in first
    for person in (student, teacher, admin_user):
        client.force_login(person)
        assert client.get(url).status_code == 403
    client.force_login(partner)
    assert client.get(url).status_code == 200


def test_a_partner_sees_only_their_own_links_sales_and_payouts(client, partner, partner_sales):
    client.force_login(partner)
    referrals_page = client.get(reverse("partners:referrals")).content.decode()
    assert "My newsletter" in referrals_page and "Their blog" not in referrals_page
    assert f"utm_campaign={partner_sales['mine'].code}" in referrals_page
    assert f"/r/{partner_sales['mine'].code}/" in referrals_page
    sales = client.get(reverse("partners:sales")).content.decode()
    assert sales.count("data-sales-row") == 1 and "Arabic for beginners" in sales
    payouts_page = client.get(reverse("partners:payouts")).content.decode()
    assert payouts_page.count("data-payout-row") == 1
    mine = client.get(reverse("partners:payout-statement", args=[partner_sales["my_payout"].pk]))
    assert mine.status_code == 200 and mine.content.startswith(b"%PDF")
    theirs = client.get(reverse("partners:payout-statement", args=[partner_sales["their_payout"].pk]), follow=True)
    assert theirs.status_code == 404


def test_the_funnel_counts_visits_sign_ups_and_purchases_per_link(client, partner, partner_sales):
    link = partner_sales["mine"]
    utm = {"utm_source": "partner", "utm_medium": "referral", "utm_campaign": link.code}
    for _visit in range(3):
        track("referral_visit", attribution=utm, link=link.pk)
    track("referral_signup", attribution=utm, link=link.pk)
    client.force_login(partner)
    body = client.get(reverse("partners:referrals")).content.decode()
    row = body[body.index(f'data-referral-row="{link.code}"') :].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[-3:]]
    assert cells == ["3", "1", "1"]


def test_a_partner_makes_a_link_for_a_course_page(client, partner, demo_site):
    from cms.models import CoursePage

    page = CoursePage.objects.live().filter(locale__language_code="en", course__status="published").first()
    course = page.course
    client.force_login(partner)
    response = client.post(reverse("partners:referrals"), {"course": course.pk, "name": ""})
    assert response.status_code == 302
    link = ReferralLink.objects.get(partner=partner)
    assert link.landing_path == page.url and link.name == course.title
    bad = client.post(reverse("partners:referrals"), {"course": "999999"})
    assert bad.status_code == 400 and ReferralLink.objects.count() == 1


def test_report_pages_need_a_fixed_number_of_queries(client, partner, course, django_assert_max_num_queries):
    CommissionRuleFactory(partner=partner)
    admin = UserFactory(admin=True)
    for index in range(6):
        link = ReferralLinkFactory(partner=partner)
        other = CourseFactory()
        CoursePriceFactory(course=other, currency="USD", amount=Decimal("50.00"))
        sell(partner=partner, course=other if index % 2 else course, link=link)
        track("referral_visit", attribution={"utm_source": "partner", "utm_campaign": link.code})
    today = datetime.date.today()
    payouts.create_payout(partner=partner, currency="USD", period_start=today, period_end=today, admin=admin)
    client.force_login(partner)
    client.get(reverse("partners:home"))  # the session's first request records it and the site's settings
    for name in PAGES:
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200
