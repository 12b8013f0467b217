"""Dates read day before month with a 24-hour clock in both languages, with the Arabic comma in Arabic."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import formats, translation

from notifications.services import notify

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 3, 7, 14, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            {
                "DATE_FORMAT": "7 March 2026",
                "DATETIME_FORMAT": "7 March 2026, 14:05",
                "SHORT_DATE_FORMAT": "07/03/2026",
            },
        ),
        (
            "ar",
            {"DATE_FORMAT": "7 مارس 2026", "DATETIME_FORMAT": "7 مارس 2026، 14:05", "SHORT_DATE_FORMAT": "07/03/2026"},
        ),
    ],
)
def test_every_named_format_reads_day_first_in_each_language(language, expected):
    with translation.override(language):
        shown = {name: formats.date_format(WHEN, name) for name in expected}
        assert shown == expected
        assert (
            formats.date_format(WHEN, "SHORT_DATETIME_FORMAT")
            == "07/03/2026" + ("، " if language == "ar" else " ") + "14:05"
        )
        assert formats.number_format(1234.5, 1, force_grouping=True) == "1,234.5"  # as Babel writes prices


@pytest.mark.parametrize(("language", "shown"), [("en", "7 March 2026, 17:05"), ("ar", "7 مارس 2026، 17:05")])
def test_the_notification_centre_shows_dates_in_the_readers_language_and_zone(client, student, language, shown):
    student.time_zone = "Asia/Riyadh"
    student.save(update_fields=["time_zone"])
    with time_machine.travel(WHEN, tick=False):
        notify(student, "learning.lesson_unlocked", "Lesson 2 is open", "Carry on.", url="/learn/", email=False)
    client.force_login(student)
    html = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f">{shown}</time>" in html
    assert "Mar. 7" not in html and "p.m." not in html
