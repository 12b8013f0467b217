"""A signed-in session's "last seen" (the sessions list) is written at most every few minutes, not on every
request, and at once when the session moves to another address or browser."""

from allauth.usersessions.models import UserSession
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.middleware import ACTIVITY_SESSION_KEY


def usersession_writes(client, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/learn/", **headers).status_code == 200
    return sum(
        1 for query in captured if "usersessions_usersession" in query["sql"] and query["sql"].startswith("UPDATE")
    )


def test_last_seen_is_written_once_per_interval(client, student, settings):
    settings.USERSESSIONS_TRACK_ACTIVITY_EVERY = 300
    client.force_login(student)

    assert usersession_writes(client) == 0  # the first request creates the session's row
    assert UserSession.objects.filter(user=student).count() == 1
    assert [usersession_writes(client) for _ in range(3)] == [0, 0, 0]


def test_last_seen_is_written_again_once_the_interval_has_passed(client, student, settings):
    settings.USERSESSIONS_TRACK_ACTIVITY_EVERY = 300
    client.force_login(student)
    client.get("/learn/")
    session = client.session
    seen_at, fingerprint = session[ACTIVITY_SESSION_KEY]
    session[ACTIVITY_SESSION_KEY] = [seen_at - 301, fingerprint]
    session.save()

    assert usersession_writes(client) == 1


def test_a_new_browser_on_the_same_session_is_recorded_at_once(client, student):
    client.force_login(student)
    client.get("/learn/", HTTP_USER_AGENT="Laptop browser")

    assert usersession_writes(client, HTTP_USER_AGENT="Phone browser") == 1
    assert UserSession.objects.get(user=student).user_agent == "Phone browser"
