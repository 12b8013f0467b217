"""Demo partner programme for `seed_demo`: Noor's 15% rule, a referral link with some traffic, two referred sales."""

import datetime

from django.utils import timezone

import analytics
from accounts.demo import demo_user
from learning.models import Course, Enrollment

from . import referrals
from .models import CommissionRule, ReferralLink
from .services import checkout, fulfilment

DEMO_CODE = "noor-demo"


def seed() -> None:
    partner = demo_user("partner")
    CommissionRule.objects.get_or_create(
        partner=partner,
        course=None,
        bundle=None,
        package=None,
        defaults={"percent": 15, "valid_from": datetime.date(2026, 1, 1)},
    )
    link, created = ReferralLink.objects.get_or_create(
        code=DEMO_CODE, defaults={"partner": partner, "name": "Noor newsletter", "landing_path": "/en/"}
    )
    if not created:
        return
    utm = referrals.utm_for(link)
    for _visit in range(5):
        analytics.track("referral_visit", attribution=utm, link=link.pk, partner=partner.pk)
    courses = list(Course.objects.filter(status=Course.Status.PUBLISHED).order_by("-pk"))
    for email, currency in (("student.omar", "USD"), ("student.sara", "EUR")):
        _referred_sale(student=demo_user(email), courses=courses, currency=currency, link=link)


def _referred_sale(*, student, courses, currency, link) -> None:
    owned = set(Enrollment.objects.filter(student=student).values_list("course_id", flat=True))
    for course in courses:
        if course.pk in owned:
            continue
        try:
            order = checkout.order_for_course(student=student, course=course, currency=currency, country="GB")
        except checkout.CheckoutRefused:
            continue
        order.partner, order.referral_link = link.partner, link
        order.save(update_fields=["partner", "referral_link", "updated_at"])
        analytics.track("referral_signup", user=student, attribution=referrals.utm_for(link), link=link.pk)
        fulfilment.record_payment(
            order=order,
            gateway="test",
            reference=f"test_pi_demo_{order.reference}_{int(timezone.now().timestamp())}",
            amount=order.total_money,
        )
        return
