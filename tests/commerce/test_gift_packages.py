"""Gifts of a session package: bought like a course gift, redeemed for credits whose validity starts at redemption."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from analytics.models import Event
from commerce.lines import GiftLine
from commerce.models import Gift, OrderLine
from commerce.services import checkout, fulfilment, gifts, refunds
from notifications.models import Notification
from scheduling.models import CreditLot
from scheduling.services import bookings, credits
from tests.factories import UserFactory
from tests.scheduling.factories import NOW, at, make_schedule

from .factories import SessionPackageFactory, SessionPackagePriceFactory

pytestmark = pytest.mark.django_db

TOMORROW = NOW + timedelta(days=1)
REDEEMED_AT = TOMORROW + timedelta(days=3)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def package(rates, teacher):
    make_schedule(teacher)
    package = SessionPackageFactory(
        title="Five with Tariq", slug="five-with-tariq", sessions=5, teacher=teacher, validity_days=60
    )
    SessionPackagePriceFactory(package=package, currency="USD", amount=Decimal("150.00"))
    return package


@pytest.fixture
def recipient(db):
    return UserFactory(email="omar@example.com", display_name="Omar")


def gift_package(buyer, package, *, email="omar@example.com", language="en"):
    gift = gifts.prepare_gift(
        buyer=buyer,
        package=package,
        recipient_name="Omar",
        recipient_email=email,
        message="Practise with Tariq!",
        send_at=TOMORROW,
        language=language,
    )
    order = checkout.order_for(student=buyer, purchases=[GiftLine(gift)], currency="USD")
    payment = fulfilment.record_payment(
        order=order, gateway="test", reference=f"test_{order.reference}", amount=order.total_money
    )
    gift.refresh_from_db()
    return gift, payment


def emailed_token(*, now=TOMORROW) -> str:
    gifts.send_due(now=now)
    message = [message for message in mail.outbox if message.to == ["omar@example.com"]][-1]
    return re.search(r"/gifts/redeem/([\w-]+)/", message.body).group(1)


def redeemed(buyer, package, recipient):
    gift, payment = gift_package(buyer, package)
    gifts.redeem(token=emailed_token(), user=recipient, now=REDEEMED_AT)
    gift.refresh_from_db()
    return gift, payment


def test_a_package_gift_is_one_paid_line_at_the_packages_price_and_gives_the_buyer_nothing(student, package):
    gift, payment = gift_package(student, package)
    line = OrderLine.objects.get(order=payment.order)
    assert (line.kind, line.gift, line.package, line.course) == ("gift", gift, package, None)
    assert payment.amount == Decimal("150.00")
    assert gift.status == Gift.Status.SCHEDULED
    assert credits.balance(student=student) == 0


def test_the_package_gift_email_speaks_of_sessions_in_the_chosen_language(student, package):
    gift_package(student, package, language="ar")
    assert gifts.send_due(now=NOW) == 0  # not before its day
    emailed_token()
    [message] = [message for message in mail.outbox if message.to == ["omar@example.com"]]
    assert "Five with Tariq" in message.subject
    assert "course" not in message.body.lower()


def test_redeeming_grants_the_credits_valid_from_redemption_and_they_book_a_lesson(
    student, package, recipient, teacher
):
    gift, _payment = redeemed(student, package, recipient)
    assert gift.status == Gift.Status.REDEEMED and gift.redeemed_by == recipient
    lot = CreditLot.objects.get(student=recipient)
    assert (lot.quantity, lot.teacher, lot.expires_at) == (5, teacher, REDEEMED_AT + timedelta(days=60))
    assert Notification.objects.filter(user=student, kind="commerce.gift_redeemed").count() == 1
    assert Event.objects.filter(name="gift_redeemed", user=recipient, properties__package=package.pk).exists()

    booking = bookings.book_private_session(student=recipient, teacher=teacher, starts_at=at(5, 10), now=REDEEMED_AT)
    assert booking.credit_used and credits.balance(student=recipient) == 4


def test_a_replayed_payment_or_a_second_redemption_grants_nothing_more(student, package, recipient, other_student):
    gift, payment = redeemed(student, package, recipient)
    fulfilment.fulfil_lines(order=payment.order, payment=payment)
    with pytest.raises(gifts.GiftRefused, match="already been redeemed"):
        gifts.redeem_received(gift_id=gift.pk, user=recipient, now=REDEEMED_AT)
    assert credits.balance(student=recipient) == 5
    assert credits.balance(student=other_student) == 0


def test_refunding_an_unredeemed_package_gift_kills_its_link(student, package, recipient, refund_policy):
    gift, payment = gift_package(student, package)
    token = emailed_token()
    refunds.request_refund(payment=payment, student=student, reason="wrong person")
    refunds.issue_refund(payment=payment, amount=payment.money, reason="wrong person")
    gift.refresh_from_db()
    assert gift.status == Gift.Status.REFUNDED
    with pytest.raises(gifts.GiftRefused):
        gifts.redeem(token=token, user=recipient, now=REDEEMED_AT)
    assert credits.balance(student=recipient) == 0


def test_only_an_admin_refunds_a_redeemed_package_gift_and_the_unused_credits_go_with_it(
    student, package, recipient, teacher, refund_policy, admin_user
):
    gift, payment = redeemed(student, package, recipient)
    bookings.book_private_session(student=recipient, teacher=teacher, starts_at=at(5, 10), now=REDEEMED_AT)
    with pytest.raises(refunds.RefundRefused, match="only an admin"):
        refunds.request_refund(payment=payment, student=student, reason="please")
    with time_machine.travel(REDEEMED_AT, tick=False):
        refunds.issue_refund(payment=payment, amount=payment.money, reason="goodwill", actor=admin_user)
    gift.refresh_from_db()
    assert gift.status == Gift.Status.REFUNDED
    assert credits.balance(student=recipient) == 0
    assert CreditLot.objects.get(student=recipient).remaining == 0


def test_the_buyer_reschedules_and_corrects_an_open_package_gift(student, package):
    gift, _payment = gift_package(student, package, email="omar@exmaple.com")
    gifts.reschedule(buyer=student, gift=gift, send_at=TOMORROW + timedelta(days=1))
    gifts.resend(buyer=student, gift=gift, recipient_name="Omar", recipient_email="omar@example.com")
    assert gifts.send_due(now=TOMORROW) == 0
    assert gifts.send_due(now=TOMORROW + timedelta(days=1)) == 1
    assert [message.to for message in mail.outbox] == [["omar@example.com"]]


def test_a_gift_names_exactly_one_course_or_package(student, package, course):
    fields = {"buyer": student, "recipient_name": "O", "recipient_email": "o@example.com", "language": "en"}
    for given in ({}, {"course": course, "package": package}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Gift.objects.create(send_at=NOW, **fields, **given)


# Views


def gift_form():
    return {
        "recipient_name": "Omar",
        "recipient_email": "omar@example.com",
        "message": "Enjoy",
        "language": "en",
        "when": "now",
        "country": "",
        "gateway": "test",
    }


def test_the_package_pages_lead_to_its_gift_form_anyone_may_read(client, package):
    start = reverse("commerce:package-gift-start", args=[package.slug])
    assert start in client.get(reverse("commerce:package-checkout", args=[package.slug])).content.decode()
    body = client.get(start).content.decode()
    assert "Give Five with Tariq as a gift" in body and "Log in to buy" in body
    assert "5 live sessions" in body and "after the recipient redeems it" in body


def test_a_student_gifts_a_package_through_the_form_and_the_test_gateway(client, student, package):
    client.force_login(student)
    response = client.post(reverse("commerce:package-gift-start", args=[package.slug]), gift_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    gift = Gift.objects.get()
    assert (gift.package, gift.course, gift.status) == (package, None, Gift.Status.AWAITING_PAYMENT)
    assert gift.order_lines.get().order.total == Decimal("150.00")


def test_teachers_cannot_gift_a_package_and_bad_input_changes_nothing(client, teacher, student, package):
    client.force_login(teacher)
    assert client.post(reverse("commerce:package-gift-start", args=[package.slug]), gift_form()).status_code == 403
    client.force_login(student)
    bad = {**gift_form(), "recipient_email": "not an email"}
    assert client.post(reverse("commerce:package-gift-start", args=[package.slug]), bad).status_code == 400
    missing = client.get(reverse("commerce:package-gift-start", args=["no-such-package"]), follow=True)
    assert missing.status_code == 404
    assert not Gift.objects.exists()


def test_the_redemption_page_words_it_for_sessions_and_records_its_visit_without_the_token(
    client, student, package, recipient
):
    gift_package(student, package)
    token = emailed_token()
    with time_machine.travel(REDEEMED_AT, tick=False):
        client.force_login(recipient)
        body = client.get(reverse("commerce:gift-redeem", args=[token])).content.decode()
        assert "session credits will be added" in body
        visit_path = re.search(r'<meta name="visit-path" content="([^"]*)">', body).group(1)
        assert visit_path.endswith("/gifts/redeem/") and token not in visit_path
        response = client.post(reverse("commerce:gift-redeem", args=[token]))
    assert response.status_code == 302 and response.url == reverse("scheduling:student-sessions")
    assert credits.balance(student=recipient) == 5
    assert not Event.objects.filter(path__contains=token).exists()


def test_a_recipient_who_confirmed_their_address_elsewhere_redeems_from_their_gifts_page(
    client, student, package, recipient, other_student
):
    gift, _payment = gift_package(student, package)
    emailed_token()
    client.force_login(other_student)  # not the address the gift went to
    assert client.post(reverse("commerce:gift-redeem-received", args=[gift.pk])).status_code == 302
    assert credits.balance(student=other_student) == 0
    client.force_login(recipient)
    page = client.get(reverse("commerce:gifts")).content.decode()
    assert reverse("commerce:gift-redeem-received", args=[gift.pk]) in page
    with time_machine.travel(REDEEMED_AT, tick=False):
        response = client.post(reverse("commerce:gift-redeem-received", args=[gift.pk]))
    assert response.url == reverse("scheduling:student-sessions")
    assert credits.balance(student=recipient) == 5


def test_both_sides_see_the_package_gift_in_their_lists(client, student, package, recipient):
    redeemed(student, package, recipient)
    client.force_login(student)
    assert 'data-gift-status="redeemed"' in client.get(reverse("commerce:gifts")).content.decode()
    client.force_login(recipient)
    body = client.get(reverse("commerce:gifts")).content.decode()
    assert "Five with Tariq, from" in body and reverse("scheduling:student-sessions") in body
