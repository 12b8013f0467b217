"""Demo commerce data for `seed_demo`: rates, taxes, refund policies, the WELCOME10 code, prices, one purchase,
one gift, one bundle (three courses and a session package, titled in Arabic too), one order bump, session packages
and the trial lesson's price; the demo partner's commission rule, referral link and referred sales."""

from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from accounts.demo import demo_user
from learning.models import Course, Enrollment

from . import package_demo, partner_demo
from .lines import GiftLine
from .models import (
    AddOnOffer,
    Bundle,
    BundleItem,
    BundlePrice,
    Coupon,
    CoursePrice,
    ExchangeRate,
    Gift,
    Order,
    RefundPolicy,
    TaxRate,
)
from .services import checkout, fulfilment, gifts

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
    Coupon.objects.get_or_create(
        code="WELCOME10",
        defaults={"description": "Demo: 10% off, once per student", "percent": Decimal("10"), "max_uses_per_person": 1},
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
        _demo_gift(buyer=demo_user("student.lina"), courses=courses)
    package_demo.seed()
    if len(courses) >= 3:
        _demo_bundle(courses[:3])
    if len(courses) >= 5:
        # Courses no demo student owns yet, so the checkbox shows at their checkout.
        _demo_order_bump(course=courses[3], add_on=courses[4])
    partner_demo.seed()


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


def _demo_gift(*, buyer, courses) -> None:
    """One paid gift from Lina, to be emailed next week, so both gift lists and the admin have a row."""
    if Gift.objects.filter(buyer=buyer).exists():
        return
    for course in courses:
        try:
            gift = gifts.prepare_gift(
                buyer=buyer,
                course=course,
                recipient_name="Sara",
                recipient_email="student.sara@fluentory.test",
                message="Happy birthday, Sara!",
                send_at=timezone.now() + timezone.timedelta(days=7),
                language="en",
            )
            order = checkout.order_for(student=buyer, purchases=[GiftLine(gift)], currency="GBP", country="GB")
        except (gifts.GiftRefused, checkout.CheckoutRefused):
            continue  # Sara already has this course, or it cannot be sold: try the next one
        fulfilment.record_payment(
            order=order, gateway="test", reference=f"test_pi_demo_{order.reference}", amount=order.total_money
        )
        return


BUNDLE_AR = {
    "title": "باقة البداية",
    "summary": "ثلاث دورات للبداية وخمس جلسات مباشرة مع معلمة، بأقل من سعرها منفردة.",
}


def _demo_bundle(courses) -> None:
    """The first three courses and the five sessions with Rania together for about 30% less than separately."""
    bundle, _created = Bundle.objects.get_or_create(
        slug="starter-bundle",
        defaults={
            "title": "Starter bundle",
            "summary": "Three courses to start with and five live sessions with a teacher, for less than separately.",
        },
    )
    bundle.save_translation("ar", **BUNDLE_AR)
    for position, course in enumerate(courses):
        BundleItem.objects.get_or_create(bundle=bundle, course=course, defaults={"position": position})
    package = package_demo.bundled_package()
    BundleItem.objects.get_or_create(bundle=bundle, package=package, defaults={"position": len(courses)})
    separate = sum(BASE_PRICES.get(course.course_type, Decimal("49.00")) for course in courses)
    separate += package_demo.base_price(package)
    BundlePrice.objects.get_or_create(
        bundle=bundle,
        currency=settings.COMMERCE_BASE_CURRENCY,
        defaults={"amount": (separate * Decimal("0.7")).quantize(Decimal(1))},
    )


def _demo_order_bump(*, course, add_on) -> None:
    if not AddOnOffer.objects.filter(course=course, placement=AddOnOffer.Placement.ORDER_BUMP).exists():
        AddOnOffer.objects.create(
            course=course, add_on=add_on, placement=AddOnOffer.Placement.ORDER_BUMP, percent_off=20
        )
