import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from scheduling.models import CancellationRule
from tests.scheduling.factories import make_schedule

pytestmark = pytest.mark.django_db


def test_admin_sees_and_edits_any_teachers_calendar(client, admin_user, teacher):
    schedule = make_schedule(teacher, days=[0])
    client.force_login(admin_user)
    listing = client.get(reverse("scheduling_teacher_calendars:index"))
    assert listing.status_code == 200 and teacher.display_name in listing.content.decode()
    edit = client.get(reverse("scheduling_teacher_calendars:edit", args=[schedule.pk]))
    assert edit.status_code == 200 and "Weekly hours" in edit.content.decode()


def test_admin_lists_cancellation_rules_and_read_only_ledgers(client, admin_user):
    client.force_login(admin_user)
    assert CancellationRule.objects.count() == 6  # the defaults from the migration
    screens = {
        "cancellation_rules": "Cancellation rules",
        "live_sessions": "Live sessions",
        "bookings": "Bookings",
        "credit_ledger": "Credit ledger",
        "blocked_times": "Blocked times",
    }
    for name, title in screens.items():
        response = client.get(reverse(f"scheduling_{name}:index"))
        assert response.status_code == 200
        assert BeautifulSoup(response.content, "html.parser").title.get_text(strip=True) == f"{title} - Wagtail"
        if name == "cancellation_rules":
            assert str(CancellationRule.objects.first()) in response.content.decode()


@pytest.mark.parametrize("role", ["student", "teacher"])
def test_back_office_is_not_for_students_or_teachers(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("scheduling_cancellation_rules:index"))
    assert response.status_code in {302, 403}
    assert str(CancellationRule.objects.first()) not in response.content.decode()


def test_admin_adds_weekly_hours_to_a_teachers_calendar(client, admin_user, teacher):
    schedule = make_schedule(teacher, days=[0])
    window = schedule.windows.get()
    client.force_login(admin_user)
    url = reverse("scheduling_teacher_calendars:edit", args=[schedule.pk])
    data = {
        "teacher": teacher.pk,
        "time_zone": "Asia/Amman",
        "session_minutes": 45,
        "slot_step_minutes": 15,
        "buffer_before_minutes": 0,
        "buffer_after_minutes": 10,
        "minimum_notice_minutes": 60,
        "max_sessions_per_day": "",
        "horizon_days": 30,
        "accepts_private_sessions": "on",
        "windows-TOTAL_FORMS": 2,
        "windows-INITIAL_FORMS": 1,
        "windows-MIN_NUM_FORMS": 0,
        "windows-MAX_NUM_FORMS": 1000,
        "windows-0-id": window.pk,
        "windows-0-weekday": 0,
        "windows-0-start_time": "09:00",
        "windows-0-end_time": "17:00",
        "windows-0-ORDER": 1,
        "windows-0-DELETE": "",
        "windows-1-id": "",
        "windows-1-weekday": 3,
        "windows-1-start_time": "18:00",
        "windows-1-end_time": "20:00",
        "windows-1-ORDER": 2,
        "windows-1-DELETE": "",
        "overrides-TOTAL_FORMS": 0,
        "overrides-INITIAL_FORMS": 0,
        "overrides-MIN_NUM_FORMS": 0,
        "overrides-MAX_NUM_FORMS": 1000,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    schedule.refresh_from_db()
    assert schedule.session_minutes == 45
    assert sorted(schedule.windows.values_list("weekday", flat=True)) == [0, 3]


def test_admin_adds_a_cancellation_rule(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("scheduling_cancellation_rules:add"),
        {
            "action": "student_cancel",
            "min_hours_before": 48,
            "outcome": "restore",
            "reason": "Two days ahead: free",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert CancellationRule.objects.filter(min_hours_before=48).exists()
