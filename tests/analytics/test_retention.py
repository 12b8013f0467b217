"""Retention cohorts: weeks active after enrolling, churn and engagement, from known enrollments and activity."""

from datetime import UTC, datetime, timedelta

import pytest

from analytics.models import Event
from analytics.reports import funnel as figures
from analytics.reports.teachers import Period
from analytics.rollups import engine
from learning.models import LessonProgress
from tests.learning.factories import CourseFactory, EnrollmentFactory, LessonFactory

pytestmark = pytest.mark.django_db

T = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # a Monday
NOW = T + timedelta(days=40)


def active(enrollment, days, name="lesson_completed"):
    Event.objects.create(
        name=name,
        user=enrollment.student,
        occurred_at=enrollment.enrolled_at + timedelta(days=days),
        properties={"course": enrollment.course_id},
    )


def test_a_cohort_shows_weeks_active_churn_and_engagement():
    course = CourseFactory()
    lesson = LessonFactory(module__course=course)
    keen, gone, done = (EnrollmentFactory(course=course, enrolled_at=T + timedelta(hours=n)) for n in range(3))
    active(keen, 1)
    active(keen, 9)
    active(keen, 25)
    active(keen, 35, name="lesson_started")  # active in the last fourteen days: not churned
    active(gone, 2)
    active(done, 3)
    active(done, 10, name="course_completed")  # completed: not churned
    LessonProgress.objects.create(
        enrollment=keen, lesson=lesson, started_at=T, last_viewed_at=T, time_spent_seconds=1_800
    )
    engine.roll_up_pending(names=["retention"])
    [cohort] = figures.retention(period=Period(start=T - timedelta(days=1), end=T + timedelta(days=6)), now=NOW)
    assert cohort.week == T.date()
    assert cohort.enrolled == 3
    assert cohort.retained == {1: 100.0, 2: 66.7, 4: 33.3}
    assert cohort.churned == 33.3
    assert cohort.lessons_per_active == round(5 / 3, 1)  # keen 3, gone 1, done 1
    assert cohort.minutes_per_active == 10.0  # 30 minutes over three active students
    engine.rebuild_days(days=[T.date()], names=["retention"])
    assert figures.retention(period=Period(start=T - timedelta(days=1), end=T + timedelta(days=6)), now=NOW) == [cohort]
