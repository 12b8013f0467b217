"""Gift redemption races on PostgreSQL (`services` marker): the gift row lock lets exactly one redemption win,
whether the gift is a course (one enrollment) or a session package (one credit grant)."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from commerce.lines import GiftLine
from commerce.models import Gift
from commerce.services import checkout, fulfilment, gifts
from learning.models import Enrollment
from scheduling.models import CreditEntry, CreditLot
from tests.concurrency import run_in_threads
from tests.factories import UserFactory
from tests.scheduling.factories import make_schedule

from .factories import SessionPackageFactory, SessionPackagePriceFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def token(student, course):
    gift = gifts.prepare_gift(
        buyer=student,
        course=course,
        recipient_name="Omar",
        recipient_email="omar@example.com",
        message="",
        send_at=timezone.now(),
        language="en",
    )
    order = checkout.order_for(student=student, purchases=[GiftLine(gift)], currency="USD")
    fulfilment.record_payment(order=order, gateway="test", reference="test_gift_race", amount=order.total_money)
    gifts.send_due(now=timezone.now() + timedelta(seconds=1))
    [message] = [message for message in mail.outbox if message.to == ["omar@example.com"]]
    return re.search(r"/gifts/redeem/([\w-]+)/", message.body).group(1)


def attempt(token, user):
    try:
        gifts.redeem(token=token, user=user)
    except gifts.GiftRefused as exc:
        return str(exc)
    return "redeemed"


def test_20_concurrent_redemptions_of_one_gift_give_one_enrollment(token, course):
    people = [UserFactory() for _ in range(20)]
    queue = iter(people)
    outcomes = run_in_threads(20, lambda: attempt(token, next(queue)))
    assert outcomes.count("redeemed") == 1
    assert Enrollment.objects.filter(course=course, source="gift").count() == 1
    assert Gift.objects.get().status == Gift.Status.REDEEMED


def test_two_tabs_of_the_same_person_one_succeeds_one_is_told(token, course):
    recipient = UserFactory()
    outcomes = run_in_threads(2, lambda: attempt(token, recipient))
    assert sorted(outcomes) == ["This gift has already been redeemed.", "redeemed"]
    assert Enrollment.objects.filter(student=recipient, course=course).count() == 1


@pytest.fixture
def package_token(student, teacher):
    make_schedule(teacher)
    package = SessionPackageFactory(title="Five with Tariq", sessions=5, teacher=teacher)
    SessionPackagePriceFactory(package=package, currency="USD", amount=Decimal("150.00"))
    gift = gifts.prepare_gift(
        buyer=student,
        package=package,
        recipient_name="Omar",
        recipient_email="omar@example.com",
        message="",
        send_at=timezone.now(),
        language="en",
    )
    order = checkout.order_for(student=student, purchases=[GiftLine(gift)], currency="USD")
    fulfilment.record_payment(order=order, gateway="test", reference="test_package_gift_race", amount=order.total_money)
    gifts.send_due(now=timezone.now() + timedelta(seconds=1))
    [message] = [message for message in mail.outbox if message.to == ["omar@example.com"]]
    return re.search(r"/gifts/redeem/([\w-]+)/", message.body).group(1)


def test_20_concurrent_redemptions_of_one_package_gift_grant_its_credits_once(package_token):
    people = [UserFactory() for _ in range(20)]
    queue = iter(people)
    outcomes = run_in_threads(20, lambda: attempt(package_token, next(queue)))
    assert outcomes.count("redeemed") == 1
    assert CreditLot.objects.count() == 1 and CreditLot.objects.get().quantity == 5
    assert CreditEntry.objects.filter(kind="grant").count() == 1
    assert Gift.objects.get().status == Gift.Status.REDEEMED
