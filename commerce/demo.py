"""Demo commerce data for `seed_demo`: rates, taxes, refund policies, prices for the demo courses, one purchase,
session packages and the trial lesson's price."""

from decimal import Decimal

from django.conf import settings

from accounts.demo import demo_user
from learning.models import Course, Enrollment

from . import package_demo
from .models import CoursePrice, ExchangeRate, Order, RefundPolicy, TaxRate
from .services import checkout, fulfilment

RATES = {"EUR": "0.92", "SAR": "3.75", "AED": "3.6725", "JOD": "0.709", "GBP": "0.79"}
BASE_PRICES = {"recorded": Decimal("49.00"), "hybrid": Decimal("99.00"), "live": Decimal("149.00")}


def seed() -> None:
    for currency, rate in RATES.items():
        if currency in settings.FLUENTORY_CURRENCIES and not ExchangeRate.objects.filter(currency=currency).exists():
            ExchangeRate.objects.create(currency=currency, rate=Decimal(rate), source="demo")
    for country, rate in (("SA", "15"), ("AE", "5")):
        TaxRate.objects.get_or_create(country=country, active=True, defaults={"name": "VAT", "rate": Decimal(rate)})
    RefundPolicy.objects.get_or_create(
        name="Standard: 14 days, full refund", defaults={"window_days": 14, "max_progress_percent": 30}
    )
    RefundPolicy.objects.get_or_create(
        name="Live courses: 7 days, prorated",
        defaults={"course_type": "live", "window_days": 7, "max_live_sessions_attended": 2, "amount_rule": "prorated"},
    )
    courses = list(Course.objects.filter(status=Course.Status.PUBLISHED).order_by("pk"))
    for course in courses:
        CoursePrice.objects.get_or_create(
            course=course,
            currency=settings.COMMERCE_BASE_CURRENCY,
            defaults={"amount": BASE_PRICES.get(course.course_type, Decimal("49.00"))},
        )
    if courses:
        # One admin-set price beside the derived ones, so the admin's price grid shows both kinds.
        CoursePrice.objects.get_or_create(course=courses[0], currency="GBP", defaults={"amount": Decimal("39.00")})
        _demo_purchase(student=demo_user("student.lina"), courses=courses)
    package_demo.seed()


def _demo_purchase(*, student, courses) -> None:
    """One paid order with its invoice, for a course the student was not already given."""
    if Order.objects.filter(student=student, status=Order.Status.PAID).exists():
        return
    enrolled = set(Enrollment.objects.filter(student=student).values_list("course_id", flat=True))
    course = next((course for course in courses if course.pk not in enrolled), None)
    if course is None:
        return
    try:
        order = checkout.order_for_course(student=student, course=course, currency="GBP", country="GB")
    except checkout.CheckoutRefused:
        return  # already enrolled some other way
    fulfilment.record_payment(
        order=order, gateway="test", reference=f"test_pi_demo_{order.reference}", amount=order.total_money
    )
