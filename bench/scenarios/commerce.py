"""Commerce: the catalogue with prices in six currencies over 1,000 courses, and the checkout start page."""

from decimal import Decimal

from bench.harness import Row, Target

COURSES = 1000
# The visitor's currency comes from the browser's region on a first visit.
ACCEPT_LANGUAGE = {"USD": "en-US", "EUR": "de-DE", "SAR": "ar-SA", "AED": "ar-AE", "JOD": "ar-JO", "GBP": "en-GB"}


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
    rows = [
        Target(
            f"catalogue page 20, {code} (/courses/)",
            "/courses/?page=20",
            headers={"Accept-Language": header},
            target_ratio=0.1,
        )
        for code, header in ACCEPT_LANGUAGE.items()
    ]
    rows.append(
        Target(
            "checkout start, SAR (/checkout/start/…)",
            "/checkout/start/bench-course-0500/",
            headers={"Accept-Language": "ar-SA"},
            login_as="student.sara@fluentory.test",
        )
    )
    return rows


def measure():
    """Queries per catalogue page: the same with 1,000 courses as with a handful, in every currency."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    client.get("/courses/", HTTP_ACCEPT_LANGUAGE="en-US", secure=True)  # warm the site's own caches
    for code, header in ACCEPT_LANGUAGE.items():
        per_page = []
        for page in (1, 20, 40):
            cache.clear()  # count the listing's own queries, not a cached copy
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/courses/", {"page": page}, HTTP_ACCEPT_LANGUAGE=header, secure=True)
            assert response.status_code == 200, response.status_code
            per_page.append(len(queries))
        counts[code] = per_page
    constant = all(len(set(per_page)) == 1 for per_page in counts.values())
    return [
        Row(
            "catalogue queries per page (pages 1/20/40)",
            " ".join(f"{code}:{'/'.join(map(str, n))}" for code, n in counts.items()),
            "constant",
            f"{'same' if constant else 'DIFFERENT'} on every page, {COURSES} courses, "
            f"{len(settings.FLUENTORY_CURRENCIES)} currencies (Arabic chrome +2, USD needs no rate)",
        )
    ]
