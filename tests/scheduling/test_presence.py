import pytest

from notifications.models import Notification
from scheduling.models import OnlineWatch
from scheduling.services import presence

pytestmark = pytest.mark.django_db


def test_heartbeat_marks_online_and_tells_watchers_once(teacher, student):
    presence.watch(student=student, teacher=teacher)
    assert not presence.is_online(teacher.pk)
    assert presence.heartbeat(user=teacher) is True
    assert presence.heartbeat(user=teacher) is False
    assert presence.is_online(teacher.pk) and presence.online_ids([teacher.pk, student.pk]) == {teacher.pk}
    assert Notification.objects.filter(user=student, kind="teacher_online").count() == 1
    assert not OnlineWatch.objects.exists()
    presence.go_offline(user=teacher)
    assert not presence.is_online(teacher.pk)


def test_heartbeat_endpoint_is_for_teachers(client, teacher, student):
    assert client.post("/teach/schedule/presence/").status_code == 302
    client.force_login(student)
    assert client.post("/teach/schedule/presence/").status_code == 403
    client.force_login(teacher)
    assert client.get("/teach/schedule/presence/").status_code == 405
    assert client.post("/teach/schedule/presence/").json()["online"] is True
    assert presence.is_online(teacher.pk)
