import json
from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from scheduling.models import BlockedTime, Booking, DateOverride, LiveSession, WeeklyWindow
from scheduling.services import bookings, credits
from tests.scheduling.factories import NOW, at, give_credits, make_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def schedule(teacher):
    return make_schedule(teacher)


@pytest.fixture
def booking(schedule, teacher, student):
    give_credits(student)
    return bookings.book_private_session(student=student, teacher=teacher, starts_at=at(3, 9))


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


ROLES = ["anonymous", "student", "other_student", "teacher", "other_teacher", "partner", "admin_user"]


def status_of(response) -> int:
    """LocaleMiddleware turns an unprefixed 404 into a redirect to /en/…, which 404s in turn."""
    if response.status_code == 302 and response["Location"].startswith("/en/"):
        return 404
    return response.status_code


def person(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_teacher_pages(client, request, role, booking):
    user = person(request, role)
    as_user(client, user)
    expected = {"anonymous": 302, "teacher": 200, "other_teacher": 200}.get(role, 403)
    for name in ("teacher-calendar", "teacher-sessions", "teacher-class-new"):
        assert client.get(reverse(f"scheduling:{name}")).status_code == expected
    own_session = status_of(client.get(reverse("scheduling:teacher-session", args=[booking.session_id])))
    assert own_session == {"teacher": 200, "other_teacher": 404}.get(role, expected)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_student_pages(client, request, role, booking, teacher):
    user = person(request, role)
    as_user(client, user)
    expected = {"anonymous": 302, "student": 200, "other_student": 200}.get(role, 403)
    assert client.get(reverse("scheduling:student-sessions")).status_code == expected
    assert client.get(reverse("scheduling:book-teacher", args=[teacher.pk])).status_code == expected
    for name in ("booking-detail", "booking-ics", "booking-reschedule"):
        status = status_of(client.get(reverse(f"scheduling:{name}", args=[booking.pk])))
        assert status == {"student": 200, "other_student": 404}.get(role, expected)


def test_booking_page_shows_slots_in_the_students_time_zone(client, schedule, teacher, student):
    client.force_login(student)  # Europe/London: Amman 09:00 is 07:00 here in winter
    html = client.get(reverse("scheduling:book-teacher", args=[teacher.pk])).content.decode()
    assert f'data-starts-at="{at(1, 6).isoformat()}"' in html
    assert ">07:00</button>" in html
    assert "Europe/London" in html


def api(client, body):
    return client.post(reverse("scheduling:api-bookings"), data=json.dumps(body), content_type="application/json")


def test_api_books_with_201_then_409_for_the_same_slot(client, schedule, teacher, student, other_student):
    give_credits(student)
    give_credits(other_student)
    client.force_login(student)
    response = api(client, {"teacher": teacher.pk, "starts_at": at(1, 7).isoformat()})
    assert response.status_code == 201
    assert response.json()["url"] == reverse("scheduling:booking-detail", args=[response.json()["booking"]])
    client.force_login(other_student)
    response = api(client, {"teacher": teacher.pk, "starts_at": at(1, 7).isoformat()})
    assert response.status_code == 409 and "not available" in response.json()["error"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("not json", 400),
        ([], 400),
        ({"teacher": "x", "starts_at": "2027-01-05T07:00:00Z"}, 400),
        ({"teacher": 999999, "starts_at": "2027-01-05T07:00:00Z"}, 400),
        ({"teacher": "TEACHER", "starts_at": "tomorrow"}, 400),
        ({"teacher": "TEACHER", "starts_at": "2027-01-05T07:00:00"}, 400),  # no zone
        ({"teacher": "TEACHER", "starts_at": "2027-01-01T07:00:00Z"}, 400),  # past
        ({"teacher": "TEACHER", "starts_at": "2027-01-05T02:00:00Z"}, 409),  # outside hours
        ({"teacher": "TEACHER", "starts_at": "2027-02-30T07:00:00Z"}, 400),  # no such day
        ({"teacher": "TEACHER", "starts_at": "2027-01-05T25:00:00Z"}, 400),  # no such hour
        ({"teacher": "TEACHER", "starts_at": "0001-01-01T00:00:00+05:00"}, 400),  # before the calendar in UTC
        ({"teacher": "TEACHER", "starts_at": "9999-12-31T23:00:00-05:00"}, 400),  # after it
        ('{"teacher": 1e400, "starts_at": "2027-01-05T07:00:00Z"}', 400),  # reads as infinity
        ("[" * 100_000 + "]" * 100_000, 400),  # deeper than the JSON parser's stack
        ('{"teacher": ' + "[" * 5_000 + "]" * 5_000 + "}", 400),
    ],
)
def test_api_bad_input_gets_a_clear_error_and_books_nothing(client, schedule, teacher, student, body, status):
    give_credits(student)
    client.force_login(student)
    if isinstance(body, dict) and body.get("teacher") == "TEACHER":
        body["teacher"] = teacher.pk
    data = body if isinstance(body, str) else json.dumps(body)
    response = client.post(reverse("scheduling:api-bookings"), data=data, content_type="application/json")
    assert response.status_code == status
    assert response.json()["error"]
    assert not Booking.objects.exists() and credits.balance(student=student) == 5


def test_api_without_credit_is_402(client, schedule, teacher, student):
    client.force_login(student)
    response = api(client, {"teacher": teacher.pk, "starts_at": at(1, 7).isoformat()})
    assert response.status_code == 402 and "credits" in response.json()["error"]


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("teacher", 403), ("partner", 403)])
def test_api_is_for_students(client, request, schedule, teacher, role, status):
    as_user(client, person(request, role))
    response = api(client, {"teacher": teacher.pk, "starts_at": at(1, 7).isoformat()})
    assert response.status_code == status
    assert not Booking.objects.exists()


def test_api_requires_csrf(schedule, teacher, student):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    assert api(client, {"teacher": teacher.pk, "starts_at": at(1, 7).isoformat()}).status_code == 403


def test_form_fallback_books_and_redirects(client, schedule, teacher, student):
    give_credits(student)
    client.force_login(student)
    url = reverse("scheduling:book-teacher", args=[teacher.pk])
    response = client.post(url, {"starts_at": at(1, 7).isoformat()})
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "scheduling:booking-detail", args=[booking.pk]
    )
    again = client.post(url, {"starts_at": at(1, 7).isoformat()})
    assert again.status_code == 409 and "not available" in again.content.decode()


def test_booking_detail_shows_local_time_policy_and_ics(client, booking, student):
    client.force_login(student)
    html = client.get(reverse("scheduling:booking-detail", args=[booking.pk])).content.decode()
    assert "09:00" in html and "Europe/London" in html  # 09:00 UTC = 09:00 London in January
    assert "24 hours" in html
    ics = client.get(reverse("scheduling:booking-ics", args=[booking.pk]))
    assert ics["Content-Type"].startswith("text/calendar")


def test_reschedule_and_cancel_through_the_views(client, booking, student):
    client.force_login(student)
    url = reverse("scheduling:booking-reschedule", args=[booking.pk])
    assert client.post(url, {"starts_at": "garbage"}).status_code == 400
    response = client.post(url, {"starts_at": at(4, 10).isoformat()})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.starts_at == at(4, 10)
    response = client.post(reverse("scheduling:booking-cancel", args=[booking.pk]), follow=True)
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert "your credit is back" in response.content.decode()


def test_teacher_sees_sessions_in_their_own_time_zone(client, booking, teacher):
    client.force_login(teacher)  # Asia/Amman: 09:00 UTC is 12:00
    html = client.get(reverse("scheduling:teacher-sessions")).content.decode()
    assert "12:00" in html and "Asia/Amman" in html


def test_teacher_edits_hours_overrides_blocks_and_rules(client, teacher):
    client.force_login(teacher)
    client.post(
        reverse("scheduling:teacher-hours-add"), {"days": ["0", "2"], "start_time": "10:00", "end_time": "14:00"}
    )
    assert WeeklyWindow.objects.filter(schedule__teacher=teacher).count() == 2
    client.post(reverse("scheduling:teacher-override-add"), {"date": "2027-01-10", "kind": "off"})
    assert DateOverride.objects.filter(schedule__teacher=teacher, kind="off").exists()
    client.post(
        reverse("scheduling:teacher-block-add"), {"starts_at": "2027-01-11T10:00", "ends_at": "2027-01-11T12:00"}
    )
    block = BlockedTime.objects.get(teacher=teacher)
    assert block.starts_at == at(7, 7)  # 10:00 in Amman
    response = client.post(
        reverse("scheduling:teacher-settings"),
        {
            "time_zone": "Asia/Amman",
            "session_minutes": 45,
            "slot_step_minutes": 15,
            "buffer_before_minutes": 5,
            "buffer_after_minutes": 10,
            "minimum_notice_minutes": 120,
            "horizon_days": 30,
            "accepts_private_sessions": "on",
        },
    )
    assert response.status_code == 302
    teacher.schedule.refresh_from_db()
    assert teacher.schedule.session_minutes == 45
    html = client.get(reverse("scheduling:teacher-calendar")).content.decode()
    assert "10:00\u201314:00" in html


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("teacher-hours-add", {"days": ["0"], "start_time": "14:00", "end_time": "10:00"}),
        ("teacher-hours-add", {"days": ["9"], "start_time": "10:00", "end_time": "11:00"}),
        ("teacher-override-add", {"date": "2027-01-10", "kind": "extra"}),
        ("teacher-block-add", {"starts_at": "2027-01-11T12:00", "ends_at": "2027-01-11T10:00"}),
        ("teacher-settings", {"time_zone": "Mars/Olympus", "session_minutes": 60}),
    ],
)
def test_teacher_bad_input_changes_nothing(client, teacher, name, data):
    make_schedule(teacher, days=[])
    client.force_login(teacher)
    response = client.post(reverse(f"scheduling:{name}"), data, follow=True)
    assert response.status_code == 200
    assert b"message--error" in response.content
    assert not WeeklyWindow.objects.exists() and not DateOverride.objects.exists() and not BlockedTime.objects.exists()
    assert teacher.schedule.session_minutes == 60


def test_teacher_cannot_touch_another_teachers_hours(client, teacher, other_teacher):
    schedule = make_schedule(teacher, days=[0])
    client.force_login(other_teacher)
    window = schedule.windows.get()
    assert status_of(client.post(reverse("scheduling:teacher-hours-delete", args=[window.pk]))) == 404
    assert WeeklyWindow.objects.filter(pk=window.pk).exists()


def test_teacher_schedules_a_class_and_a_student_joins(client, schedule, teacher, student):
    from learning.models import Course
    from learning.services import enroll

    course = Course.objects.create(title="Live", slug="live", language="Arabic", course_type="hybrid")
    course.teachers.add(teacher)
    client.force_login(teacher)
    response = client.post(
        reverse("scheduling:teacher-class-new"),
        {"course": course.pk, "title": "Club", "starts_at": "2027-01-08T18:00", "minutes": 60, "capacity": 5},
    )
    session = LiveSession.objects.get(kind="group")
    assert response.status_code == 302 and session.starts_at == at(4, 15)
    bad = client.post(
        reverse("scheduling:teacher-class-new"),
        {"course": course.pk, "title": "Clash", "starts_at": "2027-01-08T18:30", "minutes": 60, "capacity": 5},
    )
    assert bad.status_code == 400 and LiveSession.objects.count() == 1
    enroll(student=student, course=course, source="admin")
    give_credits(student)
    client.force_login(student)
    assert b"Club" in client.get(reverse("scheduling:student-sessions")).content
    response = client.post(reverse("scheduling:class-join", args=[session.pk]))
    assert response.status_code == 302 and Booking.objects.get().status == "confirmed"


def test_attendance_after_the_start(client, booking, teacher, student):
    client.force_login(student)
    with time_machine.travel(at(3, 9, 2), tick=False):
        response = client.get(reverse("scheduling:booking-join", args=[booking.pk]))
        assert response.status_code == 302 and "meet.jit.si" in response["Location"]
        client.force_login(teacher)
        page = client.get(reverse("scheduling:teacher-session", args=[booking.session_id])).content.decode()
        assert 'value="present" selected' in page
        client.post(
            reverse("scheduling:teacher-attendance", args=[booking.session_id]), {f"attendance-{booking.pk}": "late"}
        )
    booking.refresh_from_db()
    assert booking.attendance == "late"


def test_teacher_cancels_a_session(client, booking, teacher, student):
    client.force_login(teacher)
    client.post(reverse("scheduling:teacher-session-cancel", args=[booking.session_id]), {"reason": "Ill"})
    booking.refresh_from_db()
    assert booking.status == "cancelled" and credits.balance(student=student) == 5


def test_watch_teacher(client, schedule, teacher, student):
    client.force_login(student)
    response = client.post(reverse("scheduling:watch-teacher", args=[teacher.pk]))
    assert response.status_code == 302 and teacher.online_watchers.filter(student=student).exists()
    assert status_of(client.post(reverse("scheduling:watch-teacher", args=[student.pk]))) == 404


def test_arabic_pages_render_right_to_left(client, booking, student):
    student.preferred_language = "ar"
    student.save()
    client.force_login(student)
    client.cookies["django_language"] = "ar"
    response = client.get(reverse("scheduling:student-sessions"), HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "الجلسات المباشرة" in html and "جلساتي القادمة" in html


def test_dashboard_query_count_is_bounded(client, booking, student, site, django_assert_max_num_queries):
    client.force_login(student)
    client.get(reverse("scheduling:student-sessions"))
    with django_assert_max_num_queries(20):
        client.get(reverse("scheduling:student-sessions"))
    with django_assert_max_num_queries(20):
        client.get(
            reverse("scheduling:book-teacher", args=[booking.session.teacher_id])
            + "?from="
            + (NOW + timedelta(days=1)).date().isoformat()
        )


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "garbage", "2027-02-30"])
def test_odd_dates_in_the_query_string_never_fail(client, schedule, teacher, student, value):
    client.force_login(student)
    booking = client.get(reverse("scheduling:book-teacher", args=[teacher.pk]), {"from": value})
    assert booking.status_code == 200 and f"Book a session with {teacher.name}" in booking.content.decode()
    client.force_login(teacher)
    calendar = client.get(reverse("scheduling:teacher-calendar"), {"week": value})
    assert calendar.status_code == 200 and "<h1>My calendar</h1>" in calendar.content.decode()


def test_booking_page_hides_times_the_student_is_already_busy(client, schedule, teacher, other_teacher, student):
    make_schedule(other_teacher)
    give_credits(student)
    bookings.book_private_session(student=student, teacher=other_teacher, starts_at=at(1, 9))
    client.force_login(student)
    html = client.get(reverse("scheduling:book-teacher", args=[teacher.pk])).content.decode()
    assert f'data-starts-at="{at(1, 8).isoformat()}"' in html
    assert f'data-starts-at="{at(1, 9, 30).isoformat()}"' not in html
    assert f'data-starts-at="{at(1, 10).isoformat()}"' in html


@pytest.mark.parametrize("starts_at", ["2027-02-30T07:00:00Z", "2027-01-05T25:00:00Z", "0001-01-01T00:00:00+05:00"])
def test_booking_form_refuses_a_time_that_does_not_exist(client, schedule, teacher, student, starts_at):
    give_credits(student)
    client.force_login(student)
    response = client.post(reverse("scheduling:book-teacher", args=[teacher.pk]), {"starts_at": starts_at})
    assert response.status_code == 400
    assert "Give the start time as a full date and time" in response.content.decode()
    assert not Booking.objects.exists() and credits.balance(student=student) == 5


@pytest.mark.parametrize("starts_at", ["2027-02-30T07:00:00Z", "2027-01-05T25:00:00Z"])
def test_reschedule_form_refuses_a_time_that_does_not_exist(client, booking, student, starts_at):
    client.force_login(student)
    response = client.post(reverse("scheduling:booking-reschedule", args=[booking.pk]), {"starts_at": starts_at})
    assert response.status_code == 400
    assert "Give the start time as a full date and time" in response.content.decode()
    booking.refresh_from_db()
    assert booking.starts_at == at(3, 9)


def test_arabic_dates_use_the_arabic_comma(client, booking, student):
    student.preferred_language = "ar"
    student.save()
    client.force_login(student)
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("scheduling:booking-detail", args=[booking.pk]), HTTP_ACCEPT_LANGUAGE="ar")
    shown = BeautifulSoup(html.content.decode(), "html.parser").find("time", attrs={"data-booking-start": True})
    assert "، 09:00" in shown.text and ", " not in shown.text
