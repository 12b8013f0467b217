"""Opening a lesson records the view; a reload within a minute writes nothing."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from learning.models import LessonProgress

pytestmark = pytest.mark.django_db

START = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def last_viewed(built, lesson):
    return LessonProgress.objects.get(enrollment=built.enrollment, lesson=lesson).last_viewed_at


def open_lesson(client, built, lesson, at):
    with time_machine.travel(at, tick=False):
        response = client.get(f"{built.url}lessons/{lesson.pk}/")
    assert response.status_code == 200
    return response


def test_a_reload_within_a_minute_writes_nothing_and_a_later_one_does(client, student, built):
    client.force_login(student)
    open_lesson(client, built, built.lesson1, START)
    assert last_viewed(built, built.lesson1) == START
    open_lesson(client, built, built.lesson1, START + timedelta(seconds=30))
    assert last_viewed(built, built.lesson1) == START
    open_lesson(client, built, built.lesson1, START + timedelta(minutes=2))
    assert last_viewed(built, built.lesson1) == START + timedelta(minutes=2)


def test_returning_to_a_lesson_after_viewing_another_is_recorded(client, student, built):
    built.lesson1.quiz_required = False
    built.lesson1.save()
    client.force_login(student)
    open_lesson(client, built, built.lesson1, START)
    open_lesson(client, built, built.lesson2, START + timedelta(seconds=10))
    open_lesson(client, built, built.lesson1, START + timedelta(seconds=20))
    assert last_viewed(built, built.lesson1) == START + timedelta(seconds=20)
