from decimal import Decimal

import pytest

from commerce.services import checkout, fulfilment
from core.money import Money

from .factories import CourseFactory, CoursePriceFactory, ExchangeRateFactory, RefundPolicyFactory, TaxRateFactory

RATES = {"EUR": "0.92", "SAR": "3.75", "AED": "3.6725", "JOD": "0.709", "GBP": "0.79"}


@pytest.fixture
def rates(db):
    return {code: ExchangeRateFactory(currency=code, rate=Decimal(rate)) for code, rate in RATES.items()}


@pytest.fixture
def taxes(db):
    return [TaxRateFactory(country="SA", rate=Decimal("15")), TaxRateFactory(country="AE", rate=Decimal("5"))]


@pytest.fixture
def course(db, rates, teacher):
    course = CourseFactory(title="Arabic for beginners", slug="arabic-for-beginners")
    course.teachers.add(teacher)
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("100.00"))
    return course


@pytest.fixture
def refund_policy(db):
    return RefundPolicyFactory()


@pytest.fixture
def paid_order(course, student, taxes, refund_policy):
    """A SAR order paid through the test gateway."""
    order = checkout.order_for_course(student=student, course=course, currency="SAR", country="SA")
    fulfilment.record_payment(
        order=order, gateway="test", reference=f"test_pi_{order.reference}", amount=Money(order.total, order.currency)
    )
    order.refresh_from_db()
    return order
