"""What commerce asks of learning and scheduling: credits with live courses, usage for refund policies."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commerce import policy
from commerce.services import checkout, fulfilment, refunds
from core.money import Money
from learning.models import Enrollment, LessonProgress
from scheduling.models import Booking, LiveSession
from scheduling.services import credits
from tests.learning.factories import LessonFactory, ModuleFactory

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
    fulfilment.fulfil_lines(order=order, payment=payment)  # a replayed fulfilment
    assert credits.balance(student=student) == 6


def test_a_recorded_course_grants_no_credits(student, course):
    pay(student, course)
    assert credits.balance(student=student) == 0


def test_a_full_refund_takes_back_the_unused_credits(student, live_course, admin_user, refund_policy):
    _, payment = pay(student, live_course)
    request = refunds.request_refund(payment=payment, student=student, reason="moving abroad")
    refunds.approve(refund_request=request, admin=admin_user)
    assert credits.balance(student=student) == 0


def test_refund_policies_read_lessons_done_and_live_sessions_attended(student, live_course, teacher):
    live_course.course_type = "hybrid"
    live_course.save()
    pay(student, live_course)
    enrollment = Enrollment.objects.get(student=student, course=live_course)
    module = ModuleFactory(course=live_course)
    lessons = LessonFactory.create_batch(4, module=module)
    now = timezone.now()
    LessonProgress.objects.create(
        enrollment=enrollment, lesson=lessons[0], started_at=now, last_viewed_at=now, completed_at=now
    )
    for days_ago, attendance in ((2, Booking.Attendance.PRESENT), (1, Booking.Attendance.ABSENT)):
        starts, ends = now - timedelta(days=days_ago), now - timedelta(days=days_ago, minutes=-60)
        session = LiveSession.objects.create(
            teacher=teacher, course=live_course, kind="group", title="Class", starts_at=starts, ends_at=ends
        )
        Booking.objects.create(session=session, student=student, starts_at=starts, ends_at=ends, attendance=attendance)

    usage = policy.usage_for(student=student, course=live_course)

    assert usage == policy.Usage(progress_percent=25, lessons_completed=1, live_sessions_attended=1)


def test_recorded_courses_cannot_include_live_sessions(db):
    from django.core.exceptions import ValidationError

    course = CourseFactory.build(course_type="recorded", included_live_sessions=2)
    with pytest.raises(ValidationError, match="Recorded courses have no live sessions"):
        course.clean()
