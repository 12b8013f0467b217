"""The AI tutor's day and hour tables: whole UTC days read there and the edge hours from the hour tables give
exactly the hour tables' answer in any whole-hour time zone, as does the series by local day read from the hours
over every course; a rebuild gives the same rows, a late question and a later report are counted, the migrations
fill the tables from hours rolled up before they existed, and the top users are those who asked most."""

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db.models import Q, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.models import LearnerHour, TutorDay, TutorHour, TutorTermDay
from analytics.reports import courses as report
from analytics.reports import spans as spans_module
from analytics.reports.teachers import Period
from analytics.rollups import engine
from tests.analytics.test_courses import ask, enroll
from tests.learning.factories import CourseFactory
from tutor.models import Decision

pytestmark = pytest.mark.django_db

START = datetime(2026, 10, 4, tzinfo=UTC)
QUESTIONS = ("Plural of book?", "Plural of pen?", "Gender of sun?", "Gender of moon?", "Past tense of go?")
ZONES = ("UTC", "Asia/Amman", "America/New_York", "Asia/Dubai", "Pacific/Kiritimati")


@pytest.fixture
def asked():
    """Questions every five hours over six days, in two courses, some refused, errors and reported answers."""
    courses = [CourseFactory(title="Arabic A1"), CourseFactory(title="French B1")]
    enrollments = [enroll(course, at=START - timedelta(days=2)) for course in courses for _ in range(2)]
    for n in range(30):
        at = START + timedelta(hours=5 * n, minutes=7 * n % 60)
        decision = (Decision.ANSWERED, Decision.MODERATED, Decision.PROVIDER_ERROR)[n % 3]
        exchange = ask(enrollments[n % 4], QUESTIONS[n % 5], at=at, decision=decision, tokens=(n, 2 * n))
        exchange.latency_ms = 100 * n
        exchange.save(update_fields=["latency_ms"])
        if n % 4 == 0:
            exchange.reported_at, exchange.report_reason = at + timedelta(hours=30), "Wrong"
            exchange.save(update_fields=["reported_at", "report_reason"])
    engine.roll_up_pending()
    return courses


def _figures(period, zone, course_id=None):
    usage = report.tutor_usage(period=period, days=_local_days(period, zone), zone=zone, course_id=course_id)
    return usage.totals, usage.by_course, usage.themes


def _local_days(period, zone):
    return period.start.astimezone(zone).date(), (period.end - timedelta(seconds=1)).astimezone(zone).date()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    zone=st.sampled_from(ZONES),
    first=st.integers(min_value=-1, max_value=7),
    length=st.integers(min_value=1, max_value=8),
    course=st.sampled_from([None, 0, 1]),
)
def test_whole_days_and_edge_hours_add_up_to_the_hours_alone(asked, monkeypatch, zone, first, length, course):
    tz = ZoneInfo(zone)
    day = date(2026, 10, 4) + timedelta(days=first)
    period = Period(
        start=datetime.combine(day, time.min, tzinfo=tz),
        end=datetime.combine(day + timedelta(days=length), time.min, tzinfo=tz),
    )
    course_id = None if course is None else asked[course].pk
    split = _figures(period, tz, course_id)
    with monkeypatch.context() as patched:
        patched.setattr(report, "spans", lambda period: spans_module.Spans(period.q("bucket"), spans_module.NOTHING))
        assert split == _figures(period, tz, course_id)


def test_the_figures_of_each_outcome_and_the_reported_answers(asked):
    period = Period(start=START, end=START + timedelta(days=8))
    usage = report.tutor_usage(period=period, days=(date(2026, 10, 4), date(2026, 10, 11)), zone=UTC)
    totals = usage.totals
    assert (totals["questions"], totals["answered"], totals["refused"], totals["moderated"]) == (30, 10, 10, 10)
    assert (totals["errors"], totals["reported"], totals["tokens_in"]) == (10, 8, sum(range(30)))
    assert totals["latency"] == round(sum(100 * n for n in range(0, 30, 3)) / 10)
    assert len(usage.reported) == 8 and usage.reported[0].reported_at > usage.reported[-1].reported_at


def test_a_rebuilt_day_gives_the_same_day_rows(asked):
    def rows():
        return sorted(TutorDay.objects.values_list("day", "course_id", "tutor_questions", "tutor_reported")), sorted(
            TutorTermDay.objects.values_list("day", "term", "questions", "word", "example")
        )

    before = rows()
    engine.rebuild_days(days=[date(2026, 10, 5), date(2026, 10, 6)], names=["learning_activity"])
    assert rows() == before and before[0]


def test_a_late_question_and_a_later_report_are_counted_on_their_days(asked):
    late = ask(next(iter(asked[0].enrollments.all())), "Plural of cup?", at=datetime(2026, 10, 5, 12, 30, tzinfo=UTC))
    engine.roll_up_pending()
    assert TutorDay.objects.get(day=date(2026, 10, 5), course=asked[0]).tutor_questions == 4
    late.reported_at = datetime(2026, 10, 12, 8, tzinfo=UTC)  # after every other report, as a report is made now
    late.save(update_fields=["reported_at"])
    engine.roll_up_pending()
    reported = TutorDay.objects.get(day=date(2026, 10, 12), course=asked[0])
    assert (reported.tutor_reported, reported.tutor_questions) == (1, 0)


def test_the_migration_adds_up_the_hours_rolled_up_before_the_day_tables(asked):
    migration = __import__(
        "analytics.migrations.0008_tutor_outcomes_and_day_tables", fromlist=["fill_days_and_count_outcomes"]
    )
    expected = sorted(TutorDay.objects.values_list("day", "course_id", "tutor_questions", "tutor_cost"))
    terms = sorted(TutorTermDay.objects.values_list("day", "term", "questions", "word", "example"))
    TutorDay.objects.all().delete()
    TutorTermDay.objects.all().delete()  # as a database rolled up before the tables existed

    migration.fill_days_and_count_outcomes(apps, None)

    assert sorted(TutorDay.objects.values_list("day", "course_id", "tutor_questions", "tutor_cost")) == expected
    assert sorted(TutorTermDay.objects.values_list("day", "term", "questions", "word", "example")) == terms
    assert engine.roll_up_pending(names=["learning_activity"])["learning_activity"]  # outcomes counted again


def _tutor_hours():
    figures = ("bucket", "tutor_questions", "tutor_reported", "tokens_in", "tutor_cost")
    return sorted(TutorHour.objects.values_list(*figures))


def test_the_hour_rows_add_up_every_course_and_a_rebuild_gives_the_same_rows(asked):
    students = (
        LearnerHour.objects.filter(Q(tutor_questions__gt=0) | Q(tutor_reported__gt=0))
        .values("bucket")
        .annotate(q=Sum("tutor_questions"), r=Sum("tutor_reported"), t=Sum("tokens_in"), c=Sum("tutor_cost"))
        .order_by("bucket")
    )
    before = _tutor_hours()
    assert before == [tuple(row.values()) for row in students] and before
    engine.rebuild_days(days=[date(2026, 10, 5), date(2026, 10, 6)], names=["learning_activity"])
    assert _tutor_hours() == before


@pytest.mark.parametrize("zone", ZONES)
def test_the_series_by_local_day_is_the_students_hours_added_up_in_any_zone(asked, zone):
    tz = ZoneInfo(zone)
    period = Period(start=START - timedelta(days=1), end=START + timedelta(days=9))
    usage = report.tutor_usage(period=period, days=_local_days(period, tz), zone=tz)
    by_day = defaultdict(lambda: [0, 0])
    for row in LearnerHour.objects.all():
        by_day[row.bucket.astimezone(tz).date()][0] += row.tutor_questions
        by_day[row.bucket.astimezone(tz).date()][1] += row.tutor_reported
    assert {row["day"]: [row["questions"], row["reported"]] for row in usage.days if row["questions"]} == {
        day: figures for day, figures in by_day.items() if figures[0]
    }


def test_the_top_users_are_ranked_by_questions_with_every_figure_of_theirs(asked):
    period = Period(start=START, end=START + timedelta(days=8))
    usage = report.tutor_usage(period=period, days=(date(2026, 10, 4), date(2026, 10, 11)), zone=UTC)
    expected = (
        LearnerHour.objects.values("student_id")
        .annotate(questions=Sum("tutor_questions"), reported=Sum("tutor_reported"), tokens_in=Sum("tokens_in"))
        .order_by("-questions", "student_id")
    )
    assert [(r["student_id"], r["questions"], r["reported"], r["tokens_in"]) for r in usage.top_users] == [
        tuple(row.values()) for row in expected
    ]


def test_the_top_users_are_the_twenty_who_asked_most(asked, monkeypatch):
    period = Period(start=START, end=START + timedelta(days=8))
    monkeypatch.setattr(report, "TOP_USERS", 2)
    usage = report.tutor_usage(period=period, days=(date(2026, 10, 4), date(2026, 10, 11)), zone=UTC)
    asked_most = LearnerHour.objects.values("student_id")
    asked_most = asked_most.annotate(n=Sum("tutor_questions")).order_by("-n", "student_id")
    assert [row["student_id"] for row in usage.top_users] == [row["student_id"] for row in asked_most[:2]]


def test_the_migration_adds_up_the_tutor_hours_rolled_up_before_the_table(asked):
    migration = __import__("analytics.migrations.0009_tutor_hours_and_ranking_indexes", fromlist=["fill_hours"])
    expected = _tutor_hours()
    TutorHour.objects.all().delete()

    migration.fill_hours(apps, None)

    assert _tutor_hours() == expected and expected
