import datetime
from decimal import Decimal

import factory

from commerce.models import Coupon, CouponAmount, CoursePrice, ExchangeRate, RefundPolicy, TaxRate
from learning.models import Course


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Course {n:04d}")
    slug = factory.Sequence(lambda n: f"course-{n:04d}")
    language = "Arabic"
    course_type = "recorded"
    status = Course.Status.PUBLISHED
    visibility = Course.Visibility.PUBLIC


class CoursePriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoursePrice

    course = factory.SubFactory(CourseFactory)
    currency = "USD"
    amount = Decimal("100.00")


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate

    currency = "EUR"
    rate = Decimal("0.92")


class TaxRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxRate

    country = "SA"
    name = "VAT"
    rate = Decimal("15")


class RefundPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RefundPolicy

    name = "Default: 14 days, full refund"
    window_days = 14


class CouponFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coupon

    code = factory.Sequence(lambda n: f"CODE{n:04d}")
    kind = Coupon.Kind.PERCENT
    percent = Decimal("10")
    max_uses_per_person = 1


class CouponAmountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouponAmount

    coupon = factory.SubFactory(CouponFactory, kind=Coupon.Kind.FIXED, percent=None)
    currency = "USD"
    amount = Decimal("10.00")


class BundleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "commerce.Bundle"

    title = factory.Sequence(lambda n: f"Bundle {n:03d}")
    slug = factory.Sequence(lambda n: f"bundle-{n:03d}")


class AddOnOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "commerce.AddOnOffer"

    placement = "bump"
    percent_off = 20


class SessionPackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "commerce.SessionPackage"

    title = factory.Sequence(lambda n: f"Package {n:04d}")
    slug = factory.Sequence(lambda n: f"package-{n:04d}")
    sessions = 5
    validity_days = 90


class SessionPackagePriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "commerce.SessionPackagePrice"

    package = factory.SubFactory(SessionPackageFactory)
    currency = "USD"
    amount = Decimal("100.00")


class TrialPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "commerce.TrialPrice"

    currency = "USD"
    amount = Decimal("10.00")


class CommissionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "commerce.CommissionRule"

    partner = factory.SubFactory("tests.factories.UserFactory", partner=True)
    percent = Decimal("10")
    valid_from = datetime.date(2020, 1, 1)


class ReferralLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "commerce.ReferralLink"

    partner = factory.SubFactory("tests.factories.UserFactory", partner=True)
    name = factory.Sequence(lambda n: f"Link {n}")
