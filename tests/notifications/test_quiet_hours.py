"""Quiet hours: non-urgent email waits for the person's morning, in their own time zone, across DST."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from hypothesis import given, settings
from hypothesis import strategies as st

from notifications.models import Notification
from notifications.quiet import _is_quiet, quiet_until
from notifications.services import notify
from notifications.tasks import send_notification_email, send_stalled_emails

ZONES = ["UTC", "Europe/London", "America/New_York", "America/Santiago", "Asia/Amman", "Australia/Lord_Howe"]


@settings(max_examples=400, deadline=None)
@given(
    now=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 1, 1), timezones=st.just(UTC)),
    zone=st.sampled_from(ZONES),
    start_hour=st.integers(0, 23),
    end_hour=st.integers(0, 23),
)
def test_quiet_hours_end_at_the_first_awake_moment_in_the_persons_zone(now, zone, start_hour, end_hour):
    start, end = time(start_hour), time(end_hour)
    if start == end:
        return
    until = quiet_until(now=now, time_zone=zone, start=start, end=end)
    local_now = now.astimezone(ZoneInfo(zone))
    assert (until is None) == (not _is_quiet(local_now.time(), start, end))
    if until is None:
        return
    assert now < until <= now + timedelta(hours=25)  # a night never lasts longer than a day and a DST hour
    awake = until.astimezone(ZoneInfo(zone))
    assert not _is_quiet(awake.time(), start, end)  # they are awake when it goes
    assert _is_quiet((until - timedelta(minutes=1)).astimezone(ZoneInfo(zone)).time(), start, end)  # not later


def test_the_end_follows_the_clocks_on_a_dst_night():
    # London springs forward at 01:00 UTC on 29 March 2026: 08:00 local is 07:00 UTC, not 08:00.
    until = quiet_until(
        now=datetime(2026, 3, 28, 23, 0, tzinfo=UTC), time_zone="Europe/London", start=time(22), end=time(8)
    )
    assert until == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)


@pytest.fixture
def night_in_amman(settings, time_machine):
    settings.NOTIFICATIONS_QUIET_HOURS = "22:00-08:00"
    time_machine.move_to(datetime(2026, 7, 1, 21, 0, tzinfo=UTC), tick=False)  # midnight in Amman (UTC+3)


@pytest.mark.django_db
def test_a_non_urgent_email_waits_until_morning_and_then_goes_once(student, commit_now, night_in_amman, time_machine):
    student.time_zone = "Asia/Amman"
    student.save()
    notice = commit_now(lambda: notify(student, "learning.announcement", "Course news", "Read this."))
    notice.refresh_from_db()
    assert notice.email_not_before == datetime(2026, 7, 2, 5, 0, tzinfo=UTC)  # 08:00 in Amman
    assert notice.email_state == Notification.EmailState.PENDING and not mail.outbox
    send_notification_email.apply(args=[notice.pk])  # an early retry does not send it either
    time_machine.move_to(datetime(2026, 7, 2, 4, 0, tzinfo=UTC), tick=False)
    assert send_stalled_emails() == 0 and not mail.outbox
    time_machine.move_to(datetime(2026, 7, 2, 5, 6, tzinfo=UTC), tick=False)
    assert send_stalled_emails() == 1
    assert len(mail.outbox) == 1
    send_notification_email.apply(args=[notice.pk])
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_urgent_and_essential_email_goes_at_night(student, commit_now, night_in_amman):
    student.time_zone = "Asia/Amman"
    student.save()
    commit_now(lambda: notify(student, "session_reminder", "Class in 1 hour", "Join soon."))
    commit_now(lambda: notify(student, "commerce.refund_rejected", "Refund not approved", "Sorry."))
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_someone_whose_day_it_is_gets_it_now(student, commit_now, night_in_amman):
    student.time_zone = "America/New_York"  # 17:00 there
    student.save()
    commit_now(lambda: notify(student, "learning.announcement", "Course news", "Read this."))
    assert len(mail.outbox) == 1
