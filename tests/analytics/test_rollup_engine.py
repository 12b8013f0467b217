"""The rollup engine, shown on the revenue rollup: a day rebuilt again gives the same rows, a late record is
counted on its own day, and two runs at once (PostgreSQL, threads) count nothing twice because they take turns on
the watermarks' row lock."""

import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum

from analytics.models import RevenueHour, RollupWatermark
from analytics.rollups import REGISTRY, Rollup, engine
from tests.analytics.factories import pay, refund
from tests.concurrency import run_in_threads

DAY = datetime(2026, 3, 10, tzinfo=UTC)


def snapshot() -> list[tuple]:
    return sorted(
        RevenueHour.objects.values_list(
            "bucket", "currency", "course", "teacher", "partner", "payments", "gross_converted", "refunds", "refunded"
        )
    )


def totals() -> dict:
    return RevenueHour.objects.aggregate(
        payments=Sum("payments"), converted=Sum("gross_converted"), refunds=Sum("refunds")
    )


@pytest.mark.django_db
def test_rebuilding_a_day_again_gives_the_same_rows():
    first = pay("10.00", "USD", at=DAY + timedelta(hours=1))
    pay("7.00", "GBP", rate="1.25", at=DAY + timedelta(hours=1, minutes=30))
    refund(first, "4.00", at=DAY + timedelta(hours=5))
    engine.roll_up_pending(names=["revenue"])
    before = snapshot()
    assert len(before) == 3
    engine.rebuild_days(days=[DAY.date(), DAY.date()], names=["revenue"])
    engine.rebuild_days(days=[DAY.date()])
    assert snapshot() == before
    assert engine.roll_up_pending(names=["revenue"]) == {"revenue": []}  # nothing new: nothing rebuilt


@pytest.mark.django_db
def test_a_late_record_is_counted_on_its_own_day():
    pay("10.00", "USD", at=DAY)
    assert engine.roll_up_pending(names=["revenue"]) == {"revenue": [date(2026, 3, 10)]}
    pay("5.00", "USD", at=DAY - timedelta(days=3))  # stored now, about three days ago
    refund(pay("8.00", "USD", at=DAY), "8.00", at=DAY + timedelta(days=1))
    assert engine.roll_up_pending(names=["revenue"]) == {
        "revenue": [date(2026, 3, 7), date(2026, 3, 10), date(2026, 3, 11)]
    }
    assert totals() == {"payments": 3, "converted": 23, "refunds": 1}
    assert RevenueHour.objects.get(bucket=DAY - timedelta(days=3)).payments == 1


@pytest.mark.django_db
def test_an_unknown_rollup_is_refused_by_name():
    with pytest.raises(ValueError, match="Unknown rollups: nonsense"):
        engine.roll_up_pending(names=["nonsense"])


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_count_nothing_twice(monkeypatch):
    engine.roll_up_pending(names=["revenue"])  # the watermark rows exist and are committed
    assert RollupWatermark.objects.filter(rollup="revenue").count() == 2
    for hour in range(6):
        pay("10.00", "USD", at=DAY + timedelta(hours=hour))
    revenue = REGISTRY["revenue"]

    def slow_rebuild(day):
        revenue.rebuild(day)
        time.sleep(0.5)  # both runs are inside their transaction at once

    monkeypatch.setitem(REGISTRY, "revenue", Rollup(name="revenue", sources=revenue.sources, rebuild=slow_rebuild))
    done = run_in_threads(2, lambda: engine.roll_up_pending(names=["revenue"]))
    assert sorted(len(result["revenue"]) for result in done) == [0, 1]  # the second found nothing left to do
    assert totals() == {"payments": 6, "converted": 60, "refunds": 0}


@pytest.mark.django_db
def test_hours_rolled_up_before_the_per_currency_table_are_added_up_into_it():
    from django.apps import apps

    from analytics.models import RevenueCurrencyHour

    migration = __import__("analytics.migrations.0006_revenue_per_currency", fromlist=["add_up_existing_hours"])
    first = pay("10.00", "USD", at=DAY + timedelta(hours=1))
    pay("5.00", "USD", at=DAY + timedelta(hours=1, minutes=20))
    pay("7.00", "GBP", rate="1.25", at=DAY + timedelta(hours=1, minutes=30))
    refund(first, "4.00", at=DAY + timedelta(hours=5))
    engine.roll_up_pending(names=["revenue"])
    RevenueCurrencyHour.objects.all().delete()  # as a database rolled up before the table existed

    migration.add_up_existing_hours(apps, None)

    assert sorted(
        RevenueCurrencyHour.objects.values_list("bucket", "currency", "payments", "gross", "refunds", "refunded")
    ) == [
        (DAY + timedelta(hours=1), "GBP", 1, Decimal("7.000"), 0, Decimal("0.000")),
        (DAY + timedelta(hours=1), "USD", 2, Decimal("15.000"), 0, Decimal("0.000")),
        (DAY + timedelta(hours=5), "USD", 0, Decimal("0.000"), 1, Decimal("4.000")),
    ]
