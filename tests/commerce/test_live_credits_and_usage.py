"""What commerce asks of learning and scheduling: credits with live courses, usage for refund policies."""

from decimal import Decimal

import pytest

from commerce import policy
from commerce.services import checkout, fulfilment, refunds
from core.money import Money
from scheduling.services import credits

from .factories import CourseFactory, CoursePriceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_course(rates, teacher):
    course = CourseFactory(course_type="live", included_live_sessions=6)
    course.teachers.add(teacher)
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("240.00"))
    return course


def pay(student, course):
    order = checkout.order_for_course(student=student, course=course, currency="USD", country="")
    payment = fulfilment.record_payment(
        order=order, gateway="test", reference=f"test_pi_{order.reference}", amount=Money(order.total, "USD")
    )
    return order, payment


def test_buying_a_live_course_grants_its_session_credits_once(student, live_course):
    order, payment = pay(student, live_course)
    assert credits.balance(student=student) == 6
    fulfilment.grant_included_credits(order=order, payment=payment)  # a replayed fulfilment
    assert credits.balance(student=student) == 6


def test_a_recorded_course_grants_no_credits(student, course):
    pay(student, course)
    assert credits.balance(student=student) == 0


def test_a_full_refund_takes_back_the_unused_credits(student, live_course, admin_user, refund_policy):
    _, payment = pay(student, live_course)
    request = refunds.request_refund(payment=payment, student=student, reason="moving abroad")
    refunds.approve(refund_request=request, admin=admin_user)
    assert credits.balance(student=student) == 0


def test_refund_policies_read_lessons_done_and_live_sessions_attended(student, live_course):
    pay(student, live_course)
    usage = policy.usage_for(student=student, course=live_course)
    assert usage == policy.Usage(progress_percent=0, lessons_completed=0, live_sessions_attended=0)


def test_recorded_courses_cannot_include_live_sessions(db):
    from django.core.exceptions import ValidationError

    course = CourseFactory.build(course_type="recorded", included_live_sessions=2)
    with pytest.raises(ValidationError, match="Recorded courses have no live sessions"):
        course.clean()
