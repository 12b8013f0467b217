"""Commerce: 1,000 courses priced in several currencies (the storefront scenario lists them), and the checkout
start page."""

from decimal import Decimal

from bench.harness import Target

COURSES = 1000


def prepare():
    from django.db import transaction

    from commerce.models import CoursePrice, ExchangeRate
    from learning.models import Course

    with transaction.atomic():
        existing = set(Course.objects.filter(slug__startswith="bench-course-").values_list("slug", flat=True))
        Course.objects.bulk_create(
            [
                Course(
                    title=f"Bench course {index:04d}",
                    slug=f"bench-course-{index:04d}",
                    summary="A course created for the benchmark.",
                    language="Arabic" if index % 2 else "English",
                    course_type=("recorded", "live", "hybrid")[index % 3],
                    status=Course.Status.PUBLISHED,
                    visibility=Course.Visibility.PUBLIC,
                )
                for index in range(COURSES)
                if f"bench-course-{index:04d}" not in existing
            ]
        )
        courses = list(Course.objects.filter(slug__startswith="bench-course-").values_list("pk", flat=True))
        priced = set(CoursePrice.objects.filter(course_id__in=courses).values_list("course_id", "currency"))
        prices = [
            CoursePrice(course_id=pk, currency="USD", amount=Decimal(29 + pk % 90))
            for pk in courses
            if (pk, "USD") not in priced
        ]
        # A third of the courses also carry admin-set GBP and SAR prices; the rest are derived.
        prices += [
            CoursePrice(course_id=pk, currency=code, amount=Decimal(amount))
            for pk in courses[::3]
            for code, amount in (("GBP", "25.00"), ("SAR", "120.00"))
            if (pk, code) not in priced
        ]
        CoursePrice.objects.bulk_create(prices)
        if not ExchangeRate.objects.exists():
            from commerce import demo

            demo.seed()


def targets():
    return [
        Target(
            "checkout start, SAR (/checkout/start/…)",
            "/checkout/start/bench-course-0500/",
            headers={"Accept-Language": "ar-SA"},
            login_as="student.sara@fluentory.test",
        )
    ]
