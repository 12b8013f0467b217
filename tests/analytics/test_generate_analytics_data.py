"""generate_analytics_data at a tiny scale: people, courses, payments and refunds made and rolled up, the same
school from the same seed; bad arguments and a seed already used are refused with a message."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from accounts.models import User
from analytics.models import RevenueCurrencyHour, RevenueHour
from commerce.models import Payment, Refund
from learning.models import Course

pytestmark = pytest.mark.django_db

TINY = {"students": 50, "events": 500, "payments": 100, "days": 30, "seed": 5}


def test_a_tiny_school_is_generated_and_rolled_up(capsys):
    call_command("generate_analytics_data", **TINY)
    assert User.objects.filter(email__startswith="gen5-student").count() == 50
    assert User.objects.filter(email__startswith="gen5-teacher", teacher_profile__isnull=False).count() == 2
    assert User.objects.filter(email__startswith="gen5-partner", partner_profile__isnull=False).count() == 1
    courses = Course.objects.filter(slug__startswith="gen5-course-")
    assert courses.count() == 3 and all(course.prices.count() == 6 for course in courses)
    payments = Payment.objects.filter(reference__startswith="gen5-pay-")
    assert payments.count() == 100
    assert set(payments.values_list("currency", flat=True)) == {"USD", "EUR", "SAR", "AED", "JOD", "GBP"}
    rolled = RevenueHour.objects.aggregate(
        payments=Sum("payments"), converted=Sum("gross_converted"), refunds=Sum("refunds")
    )
    assert rolled == {
        "payments": 100,
        "converted": payments.aggregate(total=Sum("reporting_amount"))["total"],
        "refunds": Refund.objects.filter(payment__in=payments).count(),
    }
    figures = ("payments", "gross", "gross_converted", "refunds", "refunded", "refunded_converted")
    per_currency = {name: Sum(name) for name in figures}
    assert list(RevenueCurrencyHour.objects.values("currency").annotate(**per_currency).order_by("currency")) == (
        list(RevenueHour.objects.values("currency").annotate(**per_currency).order_by("currency"))
    )
    out = capsys.readouterr().out
    assert "people:" in out and "payments:" in out and "rollups:" in out


def test_the_same_seed_twice_is_refused():
    call_command("generate_analytics_data", **TINY)
    with pytest.raises(CommandError, match="already here"):
        call_command("generate_analytics_data", **TINY)


@pytest.mark.parametrize("argument", ["students", "events", "payments", "days"])
def test_counts_below_one_are_refused(argument):
    with pytest.raises(CommandError, match=f"--{argument} must be at least 1"):
        call_command("generate_analytics_data", **{**TINY, argument: 0})
    assert not User.objects.filter(email__startswith="gen5-").exists()


def test_settings_that_forbid_demo_data_refuse_it(settings):
    settings.DEMO_SEED_ALLOWED = False
    with pytest.raises(CommandError, match="forbid"):
        call_command("generate_analytics_data", **TINY)


@pytest.mark.services
def test_the_planner_statistics_describe_the_generated_school():
    from django.db import connection

    from learning.models import Enrollment

    call_command("generate_analytics_data", **TINY)

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Enrollment._meta.db_table])
        (estimated,) = cursor.fetchone()
    assert estimated == Enrollment.objects.count() > 0


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_generated_school_is_vacuumed_for_index_only_scans(capsys):
    from django.db import connection

    from learning.models import Enrollment

    call_command("generate_analytics_data", **TINY)

    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = %s", [Enrollment._meta.db_table])
        (visible_pages,) = cursor.fetchone()
    assert visible_pages > 0  # the visibility map is set: an index-only scan need not read the heap
    assert "VACUUM (ANALYZE):" in capsys.readouterr().out


def test_inside_a_transaction_the_generated_school_is_only_analyzed(capsys):
    call_command("generate_analytics_data", **TINY)
    output = capsys.readouterr().out
    assert "ANALYZE:" in output and "VACUUM" not in output
