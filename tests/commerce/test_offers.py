"""The order bump at checkout and the one-click offer after payment."""

from decimal import Decimal

import pytest
from django.urls import reverse

from analytics.models import Event
from commerce.gateways import get_gateway
from commerce.models import AddOnOffer, Invoice, Order, OrderLine, Payment, PaymentAttempt
from commerce.services import checkout, offers
from learning.models import Enrollment
from learning.services import enroll, has_access

from .factories import AddOnOfferFactory, CourseFactory, CoursePriceFactory
from .test_checkout import start_url, use_currency

pytestmark = pytest.mark.django_db


@pytest.fixture
def speaking(rates, teacher):
    course = CourseFactory(title="Speaking practice", slug="speaking-practice")
    course.teachers.add(teacher)
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("40.00"))
    return course


@pytest.fixture
def bump(course, speaking):
    return AddOnOfferFactory(course=course, add_on=speaking, placement=AddOnOffer.Placement.ORDER_BUMP, percent_off=25)


@pytest.fixture
def upsell(course, speaking):
    return AddOnOfferFactory(course=course, add_on=speaking, placement=AddOnOffer.Placement.UPSELL, percent_off=50)


def paid_source(student, course, *, saves_card=True) -> Order:
    """`student` bought `course` in USD through the test gateway, keeping the card or not."""
    order = checkout.order_for_course(student=student, course=course, currency="USD")
    attempt = checkout.start_payment(
        order=order, gateway_code="test", site_url="http://testserver", saves_payment_method=saves_card
    )
    checkout.settle(attempt=attempt, result=get_gateway("test").outcome(attempt=attempt, choice="success"))
    order.refresh_from_db()
    return order


def offer_url(reference):
    return reverse("commerce:buy-upsell", args=[reference])


def post_for_404(client, url, data):
    # LocaleMiddleware retries a 404 under /en/ (a redirect), where it is still not found.
    return client.post(url, data, follow=True)


def events(name):
    return list(Event.objects.filter(name=name).values_list("properties", flat=True))


# The order bump.


def test_the_bump_adds_a_second_line_and_both_courses_are_delivered(client, student, course, speaking, bump):
    client.force_login(student)
    use_currency(client, "USD")
    page = client.get(start_url(course)).content.decode()
    assert "Speaking practice" in page and "$30.00" in page  # 40 less 25%
    response = client.post(start_url(course), {"gateway": "test", "country": "", "add_on": "on"})
    assert response.status_code == 302
    client.post(response["Location"], {"outcome": "success"})
    order = Order.objects.get()
    assert order.status == Order.Status.PAID and order.total == Decimal("130.00")
    assert sorted(order.lines.values_list("kind", "unit_price")) == [
        ("add_on", Decimal("30.00")),
        ("course", Decimal("100.00")),
    ]
    assert has_access(student=student, course=course) and has_access(student=student, course=speaking)
    assert Invoice.objects.get(order=order).total == order.total == Payment.objects.get().amount
    assert [props["offer"] for props in events("order_bump_added")] == [bump.pk]


def test_an_unticked_bump_buys_the_course_alone(client, student, course, speaking, bump):
    client.force_login(student)
    use_currency(client, "USD")
    client.post(start_url(course), {"gateway": "test", "country": ""})
    assert list(Order.objects.get().lines.values_list("kind", flat=True)) == ["course"]
    assert not events("order_bump_added")


def test_the_bump_is_hidden_and_ignored_when_the_add_on_is_owned(client, student, course, speaking, bump):
    enroll(student=student, course=speaking, source=Enrollment.Source.PURCHASE)
    client.force_login(student)
    use_currency(client, "USD")
    page = client.get(start_url(course)).content.decode()
    assert "Speaking practice" not in page and 'name="add_on"' not in page
    client.post(start_url(course), {"gateway": "test", "country": "", "add_on": "on"})  # a stale page ticked it
    assert list(Order.objects.get().lines.values_list("kind", flat=True)) == ["course"]


def test_the_bump_is_hidden_when_ended_or_without_a_price(student, course, speaking, bump):
    assert offers.order_bump_for(course=course, student=student, currency="USD") is not None
    assert offers.order_bump_for(course=course, student=student, currency="SAR").price.money.amount == Decimal(
        "112.50"
    )  # 150 derived, less 25%
    speaking.prices.all().delete()
    assert offers.order_bump_for(course=course, student=student, currency="USD") is None
    CoursePriceFactory(course=speaking, currency="USD", amount=Decimal("40.00"))
    AddOnOffer.objects.filter(pk=bump.pk).update(active=False)
    assert offers.order_bump_for(course=course, student=student, currency="USD") is None


# The one-click offer after payment.


def test_the_offer_after_payment_is_bought_in_one_click_with_the_kept_card(client, student, course, speaking, upsell):
    client.force_login(student)
    use_currency(client, "USD")
    response = client.post(start_url(course), {"gateway": "test", "country": "", "save_payment_method": "on"})
    page = client.post(response["Location"], {"outcome": "success"}, follow=True).content.decode()
    assert "Buy now with the same card" in page and "$20.00" in page
    source = Order.objects.get()
    assert [props["offer"] for props in events("upsell_shown")] == [upsell.pk]
    response = client.post(offer_url(source.reference), {"offer": upsell.pk})
    bought = Order.objects.exclude(pk=source.pk).get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "commerce:order-detail", args=[bought.reference]
    )
    assert bought.status == Order.Status.PAID and bought.total == Decimal("20.00")
    assert has_access(student=student, course=speaking)
    assert Payment.objects.count() == 2 and Invoice.objects.filter(order=bought).exists()
    assert [props["one_click"] for props in events("upsell_accepted")] == [True]
    # Once bought, the offer is gone: a second click is told so and charged nothing.
    response = client.post(offer_url(source.reference), {"offer": upsell.pk})
    assert response.status_code == 409 and Payment.objects.count() == 2


def test_without_a_kept_card_the_offer_goes_through_a_normal_checkout(client, student, course, speaking, upsell):
    source = paid_source(student, course, saves_card=False)
    assert not offers.can_buy_in_one_click(order=source)
    client.force_login(student)
    response = client.post(offer_url(source.reference), {"offer": upsell.pk})
    attempt = PaymentAttempt.objects.exclude(order=source).get()
    assert response.status_code == 302 and response["Location"] == attempt.redirect_url
    assert not has_access(student=student, course=speaking)  # nothing is charged until the buyer pays
    client.post(response["Location"], {"outcome": "success"})
    assert has_access(student=student, course=speaking)


def test_a_declined_one_click_charge_changes_nothing_but_the_order_state(
    student, course, speaking, upsell, monkeypatch
):
    from commerce.gateways.base import PaymentResult
    from commerce.gateways.test import TestGateway

    source = paid_source(student, course)
    monkeypatch.setattr(
        TestGateway, "charge_saved", lambda self, **kw: PaymentResult(PaymentResult.FAILED, failure_reason="Declined")
    )
    order = offers.buy_upsell_in_one_click(source=source, offer=upsell)
    assert order.status == Order.Status.FAILED and order.failure_reason == "Declined"
    assert not has_access(student=student, course=speaking) and Payment.objects.count() == 1


def test_the_offer_is_not_shown_when_the_add_on_is_owned_or_the_order_unpaid(student, course, speaking, upsell):
    assert offers.upsell_for(order=checkout.order_for_course(student=student, course=course, currency="USD")) is None
    source = paid_source(student, course)
    assert offers.upsell_for(order=source).offer == upsell
    enroll(student=student, course=speaking, source=Enrollment.Source.PURCHASE)
    assert offers.upsell_for(order=source) is None


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("student", 302), ("other_student", 404), ("teacher", 403), ("partner", 403), ("admin", 403)],
)
def test_only_the_buyer_takes_the_offer_after_their_payment(
    client, request, student, course, speaking, upsell, who, status
):
    source = paid_source(student, course)
    if who != "anonymous":
        client.force_login(request.getfixturevalue("admin_user" if who == "admin" else who))
    url, data = offer_url(source.reference), {"offer": upsell.pk}
    response = post_for_404(client, url, data) if status == 404 else client.post(url, data)
    assert response.status_code == status
    bought = Order.objects.exclude(pk=source.pk)
    if who == "student":
        assert bought.get().status == Order.Status.PAID
    else:
        assert not bought.exists() and Payment.objects.count() == 1
        if who == "anonymous":
            assert "login" in response["Location"]


@pytest.mark.parametrize("offer", ["", "abc", "-1", "999999", "1.5"])
def test_a_bad_or_stale_offer_changes_nothing(client, student, course, speaking, upsell, offer):
    source = paid_source(student, course)
    client.force_login(student)
    response = client.post(offer_url(source.reference), {"offer": offer})
    assert response.status_code == 409 and "no longer available" in response.content.decode()
    assert Order.objects.count() == 1 and Payment.objects.count() == 1


def test_the_offer_page_refuses_get_unknown_orders_and_unpaid_ones(client, student, course, speaking, upsell):
    client.force_login(student)
    unpaid = checkout.order_for_course(student=student, course=course, currency="USD")
    url = offer_url(unpaid.reference)
    assert client.get(url).status_code == 405
    assert client.post(url, {"offer": upsell.pk}).status_code == 409
    assert post_for_404(client, offer_url("NOPE-1"), {"offer": upsell.pk}).status_code == 404
    assert not OrderLine.objects.filter(add_on_offer=upsell).exists()
