"""The notification centre: the bell, the list, reading notices, and the poll the bell makes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notice(user, title="Lesson 2 is open", kind="learning.lesson_unlocked", url="/learn/"):
    return notify(user, kind, title, "Carry on.", url=url, email=False)


def test_the_bell_shows_the_unread_count_on_every_page(client, student):
    _notice(student, "One")
    _notice(student, "Two")
    client.force_login(student)
    html = client.get("/notifications/preferences/").content.decode()
    assert 'class="notice-bell"' in html
    assert "data-unread>2</span>" in html
    assert "notifications/bell.js" in html


def test_nobody_signed_out_gets_a_bell(client, student):
    response = client.get("/notifications/unsubscribe/x/")
    assert "notice-bell" not in response.content.decode()


def test_the_list_shows_own_notices_with_icon_kind_and_link(client, student, other_student):
    _notice(student, "Lesson 2 is open")
    notify(student, "learning.message", "New message from Tariq", "Hello", url="/learn/messages/1/", email=False)
    _notice(other_student, "Not yours")
    client.force_login(student)
    html = client.get("/notifications/").content.decode()
    assert "Lesson 2 is open" in html and "New message from Tariq" in html
    assert "🔓" in html and "Lesson unlocked" in html and "✉️" in html and "New message" in html
    assert "Not yours" not in html


def test_the_list_is_paginated(client, student):
    for number in range(25):
        _notice(student, f"Notice {number}")
    client.force_login(student)
    first = client.get("/notifications/").content.decode()
    second = client.get("/notifications/?page=2").content.decode()
    assert "Notice 24" in first and "Notice 4" not in first.replace("Notice 24", "")
    assert "Notice 4" in second and "Page 2 of 2" in second


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, student):
    notice = _notice(student, url="/learn/courses/x/")
    client.force_login(student)
    response = client.post(f"/notifications/{notice.pk}/open/")
    assert response["Location"] == "/learn/courses/x/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_notice_pointing_off_site_opens_the_centre_instead(client, student):
    notice = _notice(student, url="https://evil.example/")
    client.force_login(student)
    assert client.post(f"/notifications/{notice.pk}/open/")["Location"] == "/notifications/"


def test_mark_one_and_mark_all_read(client, student, other_student):
    first, second, third = _notice(student, "A"), _notice(student, "B"), _notice(student, "C")
    theirs = _notice(other_student, "Theirs")
    client.force_login(student)
    client.post(f"/notifications/{first.pk}/read/")
    assert set(Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True)) == {
        second.pk,
        third.pk,
        theirs.pk,
    }
    client.post("/notifications/read-all/")
    assert list(Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True)) == [theirs.pk]


def test_reading_needs_a_post(client, student):
    notice = _notice(student)
    client.force_login(student)
    assert client.get(f"/notifications/{notice.pk}/read/").status_code == 405
    notice.refresh_from_db()
    assert notice.read_at is None


@pytest.mark.parametrize("who", ["another student", "teacher", "partner", "admin"])
def test_nobody_else_can_open_or_read_a_notice(client, student, who):
    notice = _notice(student)
    traits = {"another student": {}, "teacher": {"teacher": True}, "partner": {"partner": True}}
    traits["admin"] = {"admin": True}
    client.force_login(UserFactory(**traits[who]))
    assert client.post(f"/notifications/{notice.pk}/open/", follow=True).status_code == 404
    assert client.post(f"/notifications/{notice.pk}/read/", follow=True).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_signed_out_people_are_sent_to_log_in(client, student):
    notice = _notice(student)
    response = client.post(f"/notifications/{notice.pk}/open/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "/accounts/login/" in client.get("/notifications/poll/")["Location"]
    notice.refresh_from_db()
    assert notice.read_at is None


def test_the_poll_answers_count_and_newest_in_one_query(client, student, django_assert_max_num_queries):
    for number in range(8):
        _notice(student, f"Notice {number}")
    client.force_login(student)
    client.get("/notifications/poll/")  # warms the session cache
    with CaptureQueriesContext(connection) as queries:
        data = client.get("/notifications/poll/").json()
    notice_queries = [q for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(notice_queries) == 1
    assert data["unread"] == 8
    assert [item["title"] for item in data["latest"]] == [f"Notice {n}" for n in (7, 6, 5, 4, 3)]
    assert data["latest"][0]["icon"] == "🔓"
    for number in range(30):
        _notice(student, f"More {number}")
    # Six are the signed-in user and allauth's session tracking on every request; one is the notices.
    with django_assert_max_num_queries(7):
        assert client.get("/notifications/poll/").json()["unread"] == 38


def test_a_notice_turned_off_in_app_does_not_show(client, student):
    from notifications import preferences
    from notifications.preferences import Channels

    preferences.set_channels(
        user=student, category="learning", channels=Channels(in_app=False, email=True), source="preferences"
    )
    _notice(student, "Hidden")
    client.force_login(student)
    assert "Hidden" not in client.get("/notifications/").content.decode()
    assert client.get("/notifications/poll/").json()["unread"] == 0


def test_tell_me_when_they_come_online_shows_in_the_centre(client, student, teacher):
    from scheduling.services import presence

    presence.watch(student=student, teacher=teacher)
    presence.heartbeat(user=teacher)
    client.force_login(student)
    html = client.get("/notifications/").content.decode()
    assert "Tariq Teacher is online now" in html and "Teacher is online" in html
    assert f"/learn/sessions/teachers/{teacher.pk}/" in str(Notification.objects.get(user=student).url)


def test_the_notice_is_in_the_recipients_language_and_the_page_in_the_viewers(client, student):
    from scheduling.services import presence

    student.preferred_language = "ar"
    student.save()
    teacher = UserFactory(teacher=True, display_name="Tariq")
    presence.watch(student=student, teacher=teacher)
    presence.heartbeat(user=teacher)
    notice = Notification.objects.get(user=student)
    assert notice.title != "Tariq is online now" and "Tariq" in notice.title


def test_the_list_gives_each_notice_a_valid_machine_readable_time(client, student):
    notify(student, "learning.announcement", "Course news", "Read this.")
    client.force_login(student)
    html = client.get("/notifications/").content.decode()
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">', html)


def _bell_count(client) -> str:
    return re.search(
        r"data-unread(?: hidden)?>(\d+)</span>", client.get("/notifications/preferences/").content.decode()
    )[1]


def test_the_bell_reads_its_count_from_the_cache_between_changes(client, student):
    _notice(student, "One")
    client.force_login(student)
    assert _bell_count(client) == "1"
    with CaptureQueriesContext(connection) as queries:
        assert _bell_count(client) == "1"
    assert not [q for q in queries.captured_queries if '"notifications_notification"' in q["sql"]]


def test_the_bell_counts_again_once_a_notice_arrives_or_is_read(client, student, django_capture_on_commit_callbacks):
    first = _notice(student, "One")
    client.force_login(student)
    assert _bell_count(client) == "1"
    with django_capture_on_commit_callbacks(execute=True):
        _notice(student, "Two")
    assert _bell_count(client) == "2"
    client.post(f"/notifications/{first.pk}/read/")
    assert _bell_count(client) == "1"
    client.post("/notifications/read-all/")
    assert _bell_count(client) == "0"


def test_a_count_stored_by_a_page_that_raced_a_new_notice_is_forgotten_when_it_commits(
    student, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from notifications import centre

    with django_capture_on_commit_callbacks(execute=True):
        _notice(student, "One")
        cache.set(f"notifications:unread:{student.pk}", 0)  # what a page counting before the commit stored
    assert centre.unread_count(user=student) == 1


def test_each_poll_refreshes_the_bell_count(client, student):
    from notifications import centre

    client.force_login(student)
    assert centre.unread_count(user=student) == 0
    Notification.objects.create(user=student, kind="learning.lesson_unlocked", title="Bulk", body="", in_app=True)
    assert client.get("/notifications/poll/").json()["unread"] == 1
    assert centre.unread_count(user=student) == 1
