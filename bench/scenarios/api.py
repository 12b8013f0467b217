"""The API's catalogue: 100 courses priced in six currencies, against the trivial view, with its fixed queries."""

from decimal import Decimal

from bench.harness import STANDARD, Target

COURSES = 100


def prepare():
    """Enough public courses for a full page of 100, each with a base price (the other currencies derived)."""
    from django.conf import settings

    from commerce.models import CoursePrice
    from learning.models import Course

    missing = COURSES - Course.objects.filter(slug__startswith="bench-api-").count()
    for number in range(missing):
        course = Course.objects.create(
            title=f"Bench course {number:03d}",
            slug=f"bench-api-{number:03d}",
            language="English",
            course_type="recorded",
            status=Course.Status.PUBLISHED,
            visibility=Course.Visibility.PUBLIC,
        )
        CoursePrice.objects.create(course=course, currency=settings.COMMERCE_BASE_CURRENCY, amount=Decimal("49.00"))


def targets():
    return [
        Target(
            "API catalogue, 100 courses x 6 currencies",
            f"/api/v1/courses/?page_size={COURSES}",
            server=STANDARD,
            max_queries=12,
            note="prices read in one query, exchange rates once per currency that derives one",
        )
    ]
