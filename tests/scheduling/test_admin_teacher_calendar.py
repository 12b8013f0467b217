"""An admin reads a teacher's week in the back office: open hours, sessions past (with attendance) and to come."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from wagtail.users.models import UserProfile

from scheduling.models import TeacherSchedule

from .factories import NOW, at, live_session, make_schedule

pytestmark = pytest.mark.django_db


def test_an_admin_reads_a_teachers_week_with_hours_and_sessions(client, admin_user, teacher, other_teacher):
    make_schedule(teacher, days=[0, 2])  # Amman, from 09:00 to 17:00 on Mondays and Wednesdays
    live_session(teacher, at(0, 7), title="Monday conversation", attendances=["present", "no_show"])
    live_session(teacher, at(2, 8), title="Wednesday grammar", attendances=[""])
    live_session(teacher, at(1, 8), title="Cancelled reading", status="cancelled")
    live_session(teacher, at(8, 8), title="Next week's class")
    live_session(other_teacher, at(0, 9), title="Someone else's class")
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        client.force_login(admin_user)  # inside: a session opened today would have lapsed by then
        response = client.get(reverse("teacher_calendar", args=[teacher.pk]), {"week": "2027-01-06"})
    html = response.content.decode()
    assert response.status_code == 200 and "Calendar of Tariq Teacher" in html
    assert "Asia/Amman" in html and "09:00\u201317:00" in html
    assert "10:00\u201311:00" in html  # 07:00 UTC in Amman
    assert "Monday conversation" in html and "1 attended of 2 booked, 1 no-shows" in html
    assert "Wednesday grammar" in html and "1 of 5 seats booked" in html
    assert "Cancelled reading" in html and "Cancelled" in html
    assert "Next week&#x27;s class" not in html
    assert "Someone else&#x27;s class" not in html


def test_another_week_is_chosen_by_date_and_odd_dates_show_this_week(client, admin_user, teacher):
    live_session(teacher, at(8, 8), title="Next week's class")
    url = reverse("teacher_calendar", args=[teacher.pk])
    with time_machine.travel(NOW, tick=False):
        client.force_login(admin_user)
        assert "Next week&#x27;s class" in client.get(url, {"week": "2027-01-12"}).content.decode()
        for odd in ("garbage", "2027-02-30", "9999-12-31"):
            response = client.get(url, {"week": odd})
            assert response.status_code == 200 and "Next week&#x27;s class" not in response.content.decode()


def test_reading_a_calendar_never_creates_a_schedule(client, admin_user, teacher):
    client.force_login(admin_user)
    response = client.get(reverse("teacher_calendar", args=[teacher.pk]))
    assert response.status_code == 200 and "has not set any hours yet" in response.content.decode()
    assert not TeacherSchedule.objects.exists()


def test_the_calendar_costs_a_fixed_number_of_queries(client, admin_user, teacher, django_assert_max_num_queries):
    make_schedule(teacher)
    for day in range(7):
        live_session(teacher, at(day, 7), title=f"Class {day}", attendances=["present", "late", "no_show"])
    with time_machine.travel(NOW + timedelta(days=7), tick=False):
        client.force_login(admin_user)
        with django_assert_max_num_queries(22):
            response = client.get(reverse("teacher_calendar", args=[teacher.pk]), {"week": NOW.date().isoformat()})
    assert response.content.decode().count("2 attended of 3 booked, 1 no-shows") == 7


@pytest.mark.parametrize("who", [None, "student", "teacher", "other_teacher", "partner", "marketing_editor"])
def test_only_admins_read_a_teachers_calendar(client, request, teacher, who):
    live_session(teacher, NOW + timedelta(hours=2), title="Private plans")
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("teacher_calendar", args=[teacher.pk]))
    assert response.status_code in {302, 403}
    assert "Private plans" not in response.content.decode()


def test_the_calendar_reads_right_to_left_in_arabic(client, admin_user, teacher):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "ar"
    profile.save()
    client.force_login(admin_user)
    html = client.get(reverse("teacher_calendar", args=[teacher.pk])).content.decode()
    assert 'dir="rtl"' in html and "تقويم" in html and "لم يحدّد هذا المعلّم أي ساعات بعد." in html
