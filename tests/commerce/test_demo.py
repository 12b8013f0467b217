import os

import pytest
from django.core.management import call_command

from commerce.models import (
    AddOnOffer,
    Bundle,
    BundleItem,
    BundlePrice,
    CoursePrice,
    ExchangeRate,
    Gift,
    Invoice,
    Order,
    RefundPolicy,
    TaxRate,
)
from learning.models import Course

from .factories import CourseFactory


def seed_quietly():
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)


@pytest.mark.django_db
def test_seed_demo_prices_every_published_course_and_is_idempotent(django_capture_on_commit_callbacks):
    seed_quietly()
    CourseFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=False):
        seed_quietly()
    models = (CoursePrice, Order, Invoice, Gift, Bundle, BundleItem, BundlePrice, AddOnOffer)
    counts = [model.objects.count() for model in models]
    with django_capture_on_commit_callbacks(execute=False):
        seed_quietly()
    assert [model.objects.count() for model in models] == counts
    bundle = Bundle.objects.get()
    assert (
        bundle.items.filter(course__isnull=False).count() == 3
        and bundle.items.filter(package__isnull=False).count() == 1
    )
    assert bundle.in_language("title", "ar") == "باقة البداية" and BundlePrice.objects.count() == 1
    assert AddOnOffer.objects.get().placement == AddOnOffer.Placement.ORDER_BUMP
    assert Gift.objects.get().status == Gift.Status.SCHEDULED
    published = Course.objects.filter(status=Course.Status.PUBLISHED)
    assert CoursePrice.objects.filter(currency="USD", course__in=published).count() == published.count()
    assert ExchangeRate.objects.count() == 5
    assert TaxRate.objects.count() == 2 and RefundPolicy.objects.count() == 2
    # a course bought, a course given, and two courses sold through the demo partner's referral link
    assert Order.objects.filter(status="paid").count() == 4
    assert Invoice.objects.count() == 4
