"""Session packages and trial lessons: bought through checkout, credits that book lessons, refunds, trial once."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client

from commerce import policy
from commerce.lines import CheckoutRefused, PackageLine, TrialLine
from commerce.services import checkout, fulfilment, refunds
from core.money import Money
from notifications.models import Notification
from scheduling.models import CreditLot
from scheduling.services import bookings, credits
from scheduling.services.errors import BookingRefused
from tests.scheduling.factories import NOW, at, make_schedule

from .factories import SessionPackageFactory, SessionPackagePriceFactory, TrialPriceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(rates, teacher):
    make_schedule(teacher)
    package = SessionPackageFactory(title="Five with Tariq", sessions=5, teacher=teacher, validity_days=60)
    SessionPackagePriceFactory(package=package, currency="USD", amount=Decimal("150.00"))
    return package


def pay(student, purchase, currency="USD"):
    order = checkout.order_for(student=student, purchases=[purchase], currency=currency, country="")
    payment = fulfilment.record_payment(
        order=order, gateway="test", reference=f"test_pi_{order.reference}", amount=Money(order.total, currency)
    )
    return order, payment


@time_machine.travel(NOW, tick=False)
def test_a_package_grants_its_credits_once_and_they_book_a_lesson_with_its_teacher(student, package, teacher):
    order, payment = pay(student, PackageLine(package))
    fulfilment.fulfil_lines(order=order, payment=payment)  # a replayed fulfilment
    assert credits.balance(student=student) == 5
    lot = CreditLot.objects.get(student=student)
    assert (lot.teacher, lot.expires_at) == (teacher, payment.captured_at + timedelta(days=60))

    booking = bookings.book_private_session(student=student, teacher=teacher, starts_at=at(1, 10), now=NOW)

    assert booking.credit_used
    assert credits.balance(student=student) == 4


@time_machine.travel(NOW, tick=False)
def test_a_teachers_package_does_not_book_another_teacher(student, package, other_teacher):
    make_schedule(other_teacher)
    pay(student, PackageLine(package))
    with pytest.raises(BookingRefused, match="not valid with this teacher"):
        bookings.book_private_session(student=student, teacher=other_teacher, starts_at=at(1, 10), now=NOW)
    assert credits.balance(student=student) == 5


@time_machine.travel(NOW, tick=False)
def test_a_language_package_books_any_teacher_of_that_language(student, rates, teacher, other_teacher):
    make_schedule(other_teacher)
    other_teacher.teacher_profile.languages_taught = "French"
    other_teacher.teacher_profile.save()
    make_schedule(teacher)
    package = SessionPackageFactory(language="arabic", sessions=2)
    SessionPackagePriceFactory(package=package)
    pay(student, PackageLine(package))
    bookings.book_private_session(student=student, teacher=teacher, starts_at=at(1, 10), now=NOW)
    with pytest.raises(BookingRefused):
        bookings.book_private_session(student=student, teacher=other_teacher, starts_at=at(1, 12), now=NOW)


def test_an_inactive_package_or_one_without_a_price_is_refused_and_nothing_is_created(student, package, rates):
    package.is_active = False
    package.save()
    with pytest.raises(CheckoutRefused, match="not on sale"):
        checkout.order_for(student=student, purchases=[PackageLine(package)], currency="USD")
    unpriced = SessionPackageFactory()
    with pytest.raises(CheckoutRefused, match="no price"):
        checkout.order_for(student=student, purchases=[PackageLine(unpriced)], currency="USD")
    assert not student.orders.exists()


def test_package_prices_are_derived_in_other_currencies(student, package):
    order = checkout.order_for(student=student, purchases=[PackageLine(package)], currency="SAR")
    line = order.lines.get()
    assert (line.kind, line.package, line.price_was_derived) == ("package", package, True)
    assert order.total == Decimal("565.00")  # 150 at 3.75, rounded to 5 SAR


@time_machine.travel(NOW, tick=False)
def test_a_refund_takes_back_the_unused_credits_and_pays_back_only_their_share(
    student, package, teacher, admin_user, refund_policy
):
    _order, payment = pay(student, PackageLine(package))
    bookings.book_private_session(student=student, teacher=teacher, starts_at=at(1, 10), now=NOW)
    bookings.book_private_session(student=student, teacher=teacher, starts_at=at(1, 12), now=NOW)

    decision = policy.evaluate(payment=payment)
    assert decision.amount == Money(Decimal("90.00"), "USD")  # 3 of 5 sessions left
    assert "Used sessions are not refundable" in decision.reason
    request = refunds.request_refund(payment=payment, student=student, reason="moving abroad")
    refunds.approve(refund_request=request, admin=admin_user)

    assert credits.balance(student=student) == 0
    assert CreditLot.objects.get(student=student).remaining == 0


@time_machine.travel(NOW, tick=False)
def test_a_package_whose_sessions_are_all_used_cannot_be_refunded_by_the_buyer(student, rates, teacher, refund_policy):
    make_schedule(teacher)
    package = SessionPackageFactory(sessions=1, teacher=teacher)
    SessionPackagePriceFactory(package=package, amount=Decimal("30.00"))
    _order, payment = pay(student, PackageLine(package))
    bookings.book_private_session(student=student, teacher=teacher, starts_at=at(1, 10), now=NOW)
    with pytest.raises(refunds.RefundRefused, match="has been used"):
        refunds.request_refund(payment=payment, student=student, reason="changed my mind")


@pytest.fixture
def trial(rates, teacher):
    make_schedule(teacher)
    return TrialPriceFactory(currency="USD", amount=Decimal("9.00"))


def admin_client_sees(url, admin):
    client = Client()
    client.force_login(admin)
    return client.get(url).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_a_trial_lesson_grants_one_credit_with_its_teacher_and_is_sold_once(student, teacher, trial):
    pay(student, TrialLine(teacher))
    lot = CreditLot.objects.get(student=student)
    assert (lot.source, lot.quantity, lot.teacher) == ("trial", 1, teacher)
    bookings.book_private_session(student=student, teacher=teacher, starts_at=at(1, 10), now=NOW)

    with pytest.raises(CheckoutRefused, match="already had a trial lesson"):
        checkout.order_for(student=student, purchases=[TrialLine(teacher)], currency="USD")


def test_the_database_holds_one_trial_per_student_and_teacher(student, teacher):
    credits.grant_credits(student=student, quantity=1, source="trial", reference="a", teacher=teacher)
    with pytest.raises(credits.TrialAlreadyTaken), transaction.atomic():
        credits.grant_credits(student=student, quantity=1, source="trial", reference="b", teacher=teacher)
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditLot.objects.create(
            student=student, source="trial", quantity=1, remaining=1, teacher=teacher, reference="c"
        )
    assert credits.balance(student=student) == 1


def test_two_trial_orders_paid_at_once_grant_one_trial_credit_and_admins_are_told(student, teacher, trial, admin_user):
    first = checkout.order_for(student=student, purchases=[TrialLine(teacher)], currency="USD")
    first.cart_key = "trial:paid-elsewhere"  # a second unpaid order for the same trial, as two tabs make
    first.save()
    second = checkout.order_for(student=student, purchases=[TrialLine(teacher)], currency="USD")
    for order in (first, second):
        fulfilment.record_payment(
            order=order, gateway="test", reference=f"test_pi_{order.reference}", amount=Money(order.total, "USD")
        )
    fulfilment.fulfil_lines(order=second, payment=second.payment)  # a replayed fulfilment tells nobody again
    assert credits.balance(student=student) == 1
    notice = Notification.objects.get(kind="commerce.trial_not_granted")
    assert notice.user == admin_user and second.reference in notice.title
    assert admin_client_sees(notice.url, admin_user)


def test_a_teacher_who_takes_no_private_sessions_has_no_trial(student, teacher, trial):
    teacher.schedule.accepts_private_sessions = False
    teacher.schedule.save()
    with pytest.raises(CheckoutRefused, match="not taking private sessions"):
        checkout.order_for(student=student, purchases=[TrialLine(teacher)], currency="USD")
