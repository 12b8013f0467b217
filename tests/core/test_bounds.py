"""Every number a teacher or admin types has a bound the database itself keeps, whatever path writes it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from scheduling.models import CancellationRule, LiveSession
from tests.commerce.factories import CoursePriceFactory, ExchangeRateFactory, RefundPolicyFactory, TaxRateFactory
from tests.learning.factories import CourseFactory, LessonFactory, ModuleFactory, QuizFactory
from tests.scheduling.factories import NOW, make_schedule

pytestmark = pytest.mark.django_db


def _window(teacher):
    return make_schedule(teacher, days=[0]).windows.get()


def _class(teacher):
    return LiveSession.objects.create(
        teacher=teacher, kind=LiveSession.Kind.GROUP, title="Class", starts_at=NOW, ends_at=NOW.replace(hour=7)
    )


ROWS = {
    "course": lambda teacher: CourseFactory(),
    "module": lambda teacher: ModuleFactory(),
    "lesson": lambda teacher: LessonFactory(),
    "quiz": lambda teacher: QuizFactory(lesson=LessonFactory()),
    "schedule": make_schedule,
    "window": _window,
    "class": _class,
    "rule": lambda teacher: CancellationRule.objects.create(action="student_cancel", outcome="restore", reason="r"),
    "price": lambda teacher: CoursePriceFactory(),
    "rate": lambda teacher: ExchangeRateFactory(),
    "tax": lambda teacher: TaxRateFactory(),
    "refund_policy": lambda teacher: RefundPolicyFactory(),
}

OUT_OF_BOUNDS = [
    ("course", "estimated_hours", 1_000_000),
    ("course", "included_live_sessions", 30_000),
    ("module", "days_after_enrollment", 3_000_000),
    ("lesson", "estimated_minutes", 1_000_000),
    ("quiz", "pass_mark", 0),
    ("quiz", "pass_mark", 101),
    ("quiz", "attempt_limit", 30_000),
    ("schedule", "session_minutes", 10_000),
    ("schedule", "slot_step_minutes", 1),
    ("schedule", "buffer_before_minutes", 10_000),
    ("schedule", "buffer_after_minutes", 10_000),
    ("schedule", "minimum_notice_minutes", 100_000_000),
    ("schedule", "max_sessions_per_day", 0),
    ("schedule", "horizon_days", 30_000),
    ("window", "weekday", 7),
    ("class", "capacity", 30_000),
    ("rule", "min_hours_before", 10_000_000),
    ("price", "amount", Decimal("10000000")),
    ("rate", "rate", Decimal("0.00001")),
    ("rate", "rate", Decimal("1000000")),
    ("tax", "rate", Decimal("100")),
    ("refund_policy", "window_days", 3_000_000),
    ("refund_policy", "max_progress_percent", 101),
    ("refund_policy", "max_lessons_completed", 10_000_000),
    ("refund_policy", "max_live_sessions_attended", 10_000_000),
]


@pytest.mark.parametrize(("row", "field", "value"), OUT_OF_BOUNDS)
def test_the_database_refuses_a_number_out_of_bounds(teacher, row, field, value):
    obj = ROWS[row](teacher)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(obj).objects.filter(pk=obj.pk).update(**{field: value})
    obj.refresh_from_db()
    assert getattr(obj, field) != value


@pytest.mark.parametrize(("row", "field", "value"), OUT_OF_BOUNDS)
def test_forms_say_which_limit_a_number_crosses(teacher, row, field, value):
    obj = ROWS[row](teacher)
    setattr(obj, field, value)
    with pytest.raises(ValidationError) as refused:
        obj.full_clean()
    assert field in refused.value.message_dict
    reasons = ("less than or equal to", "greater than or equal to", "not a valid choice")
    assert any(reason in m for m in refused.value.message_dict[field] for reason in reasons)
