"""COMMERCE_GIFT_TO_OWNER = "credit": a gift of a course the recipient has becomes their account credit, which their
next order in that currency takes off, spends when paid, and gets back when that order is refunded in full."""

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from accounts.models import AuditEntry
from commerce.lines import CourseLine, GiftLine
from commerce.models import AccountCreditEntry, Gift, Invoice
from commerce.services import account_credit, checkout, fulfilment, gifts, refunds
from core.money import Money
from learning.models import Enrollment
from learning.services import enroll
from notifications.models import Notification
from tests.factories import UserFactory

from .factories import CourseFactory, CoursePriceFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CREDIT = Money(Decimal("375.00"), "SAR")  # the gifted course's USD 100 at 3.75


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def recipient(course):
    recipient = UserFactory(email="omar@example.com", display_name="Omar")
    enroll(student=recipient, course=course, source="admin")
    return recipient


@pytest.fixture
def credited(settings, student, course, recipient):
    """Omar already has the course; Sam's gift of it, paid in SAR, redeemed as credit."""
    settings.COMMERCE_GIFT_TO_OWNER = "credit"
    gift = gifts.prepare_gift(
        buyer=student,
        course=course,
        recipient_name="Omar",
        recipient_email="omar@example.com",
        message="",
        send_at=NOW,
        language="en",
    )
    order = checkout.order_for(student=student, purchases=[GiftLine(gift)], currency="SAR")
    fulfilment.record_payment(
        order=order, gateway="test", reference=f"test_{order.reference}", amount=order.total_money
    )
    gifts.send_due(now=NOW)
    token = re.search(r"/gifts/redeem/([\w-]+)/", mail.outbox[-1].body).group(1)
    gifts.redeem(token=token, user=recipient, now=NOW + timedelta(hours=1))
    gift.refresh_from_db()
    return gift


def course_priced(amount: str, currency: str):
    course = CourseFactory()
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("200.00"))  # the base price
    CoursePriceFactory(course=course, currency=currency, amount=Decimal(amount))
    return course


def pay(order):
    return fulfilment.record_payment(
        order=order, gateway="test", reference=f"test_{order.reference}", amount=order.total_money
    )


def test_the_setting_accepts_only_refuse_or_credit():
    env = {**os.environ, "COMMERCE_GIFT_TO_OWNER": "allow"}
    result = subprocess.run(
        [sys.executable, "-c", "import fluentory.settings.base"],
        env=env,
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: COMMERCE_GIFT_TO_OWNER must be refuse or credit." in result.stderr


def test_with_refuse_a_gift_to_an_owner_is_caught_before_payment(student, course, recipient):
    with pytest.raises(gifts.GiftRefused, match="already has this course"):
        gifts.prepare_gift(
            buyer=student,
            course=course,
            recipient_name="Omar",
            recipient_email="omar@example.com",
            message="",
            send_at=NOW,
            language="en",
        )


def test_with_credit_the_gift_is_sold_and_its_price_becomes_the_owners_credit(credited, student, course, recipient):
    assert credited.status == Gift.Status.REDEEMED and credited.redeemed_by == recipient
    [entry] = AccountCreditEntry.objects.all()
    assert (entry.student, entry.kind, entry.money, entry.gift) == (recipient, "gift", CREDIT, credited)
    assert account_credit.balances(student=recipient) == [CREDIT]
    assert Enrollment.objects.get(student=recipient, course=course).source == "admin"  # not enrolled twice
    told = Notification.objects.get(user=student, kind="commerce.gift_redeemed")
    assert "account credit" in told.body
    assert AuditEntry.objects.filter(action="commerce.account_credit_gift", target_id=str(entry.pk)).exists()


def test_the_next_order_in_that_currency_takes_the_credit_off_and_spends_it_only_when_paid(credited, recipient):
    pricey = course_priced("750.00", currency="SAR")
    assert checkout.order_for(student=recipient, purchases=[CourseLine(pricey)], currency="USD").account_credit == 0
    order = checkout.order_for(student=recipient, purchases=[CourseLine(pricey)], currency="SAR")
    assert (order.account_credit, order.total) == (CREDIT.amount, Decimal("375.00"))
    assert account_credit.balance(student=recipient, currency="SAR") == CREDIT.amount  # not spent before payment

    payment = pay(order)
    pay(order)  # a replayed webhook
    fulfilment.record_payment(order=order, gateway="test", reference=payment.reference, amount=payment.money)
    assert account_credit.balance(student=recipient, currency="SAR") == 0
    assert AccountCreditEntry.objects.filter(order=order, kind="spent").count() == 1
    invoice = Invoice.objects.get(payment=payment)
    assert invoice.lines[-1]["account_credit"] and Decimal(invoice.lines[-1]["total"]) == -CREDIT.amount
    assert sum(Decimal(line["total"]) for line in invoice.lines) == invoice.total == Decimal("375.00")


def test_credit_that_covers_the_order_pays_it_without_a_gateway(credited, recipient):
    cheap = course_priced("187.50", currency="SAR")
    order = checkout.order_for(student=recipient, purchases=[CourseLine(cheap)], currency="SAR")
    assert (order.account_credit, order.total) == (Decimal("187.50"), 0)
    checkout.complete_free_order(order=order)
    order.refresh_from_db()
    assert order.status == "paid" and order.payment.gateway == "free"
    assert account_credit.balance(student=recipient, currency="SAR") == Decimal("187.50")


def test_credit_never_leaves_a_total_below_the_card_minimum(credited, recipient):
    almost = course_priced("376.00", currency="SAR")
    order = checkout.order_for(student=recipient, purchases=[CourseLine(almost)], currency="SAR")
    assert (order.account_credit, order.total) == (Decimal("374.00"), Decimal("2.00"))


def test_a_full_refund_gives_the_credit_back_and_a_partial_one_does_not(credited, recipient, refund_policy):
    pricey = course_priced("750.00", currency="SAR")
    payment = pay(checkout.order_for(student=recipient, purchases=[CourseLine(pricey)], currency="SAR"))
    refunds.issue_refund(payment=payment, amount=Money(Decimal("100.00"), "SAR"), reason="partly")
    assert account_credit.balance(student=recipient, currency="SAR") == 0
    refunds.issue_refund(payment=payment, amount=Money(Decimal("275.00"), "SAR"), reason="the rest")
    assert account_credit.balance(student=recipient, currency="SAR") == CREDIT.amount
    assert AccountCreditEntry.objects.filter(order=payment.order, kind="returned").count() == 1


def test_refunding_a_credited_gift_takes_back_what_is_left_of_its_credit(credited, recipient, admin_user):
    cheap = course_priced("187.50", currency="SAR")
    checkout.complete_free_order(
        order=checkout.order_for(student=recipient, purchases=[CourseLine(cheap)], currency="SAR")
    )
    payment = credited.order_lines.get().order.payment
    refunds.issue_refund(payment=payment, amount=payment.money, reason="mistake", actor=admin_user)
    credited.refresh_from_db()
    assert credited.status == Gift.Status.REFUNDED
    assert account_credit.balance(student=recipient, currency="SAR") == 0
    taken = AccountCreditEntry.objects.get(gift=credited, kind="gift_refunded")
    assert taken.amount == Decimal("-187.50")  # what was left, never more


def test_the_recipient_sees_the_credit_on_their_gifts_purchases_and_checkout_pages(client, credited, recipient):
    client.force_login(recipient)
    gifts_page = client.get(reverse("commerce:gifts")).content.decode()
    assert "data-account-credit" in gifts_page and "375" in gifts_page
    assert "data-account-credit" in client.get(reverse("commerce:purchases")).content.decode()
    recipient.preferred_currency = "SAR"
    recipient.save(update_fields=["preferred_currency"])
    pricey = course_priced("750.00", currency="SAR")
    checkout_page = client.get(reverse("commerce:checkout-start", args=[pricey.slug])).content.decode()
    assert "Account credit" in checkout_page and "375.00" in checkout_page


def test_the_package_page_takes_the_credit_off_before_payment_and_a_covered_package_needs_no_gateway(
    client, credited, recipient
):
    from .factories import SessionPackageFactory, SessionPackagePriceFactory

    package = SessionPackageFactory(slug="five", sessions=5)
    SessionPackagePriceFactory(package=package, currency="SAR", amount=Decimal("300.00"))
    recipient.preferred_currency = "SAR"
    recipient.save(update_fields=["preferred_currency"])
    client.force_login(recipient)
    url = reverse("commerce:package-checkout", args=["five"])
    page = client.get(url).content.decode()
    assert "data-account-credit" in page and "300.00" in page
    assert "Pay with your account credit" in page
    response = client.post(url, {"gateway": "test", "country": ""})
    assert response.status_code == 302
    order = recipient.orders.get()
    assert order.total == 0 and order.account_credit == Decimal("300.00")
    assert account_credit.balance(student=recipient, currency="SAR") == Decimal("75.00")


def test_admins_read_the_credit_ledger_and_nobody_edits_it(client, credited, recipient, admin_user, student):
    client.force_login(admin_user)
    listing = client.get(reverse("commerce_account_credit:index"))
    assert listing.status_code == 200 and recipient.email in listing.content.decode()
    entry = AccountCreditEntry.objects.get(gift=credited)
    assert client.get(reverse("commerce_account_credit:inspect", args=[entry.pk])).status_code == 200
    assert client.get(reverse("commerce_account_credit:edit", args=[entry.pk])).status_code in (302, 403)
    client.force_login(student)
    assert client.get(reverse("commerce_account_credit:index")).status_code in (302, 403)
