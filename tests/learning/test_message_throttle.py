"""Messages to teachers are limited per student and per address; a refused message is not stored or sent."""

import pytest
import time_machine

from learning.models import Message
from notifications.models import OutboxEmail
from tests.learning.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_messages_an_hour(settings):
    settings.FLUENTORY_RATE_LIMITS = {**settings.FLUENTORY_RATE_LIMITS, "message": "2/h/user,3/h/ip"}


def send(client, built, teacher, body="Is lesson 2 on the exam?", address="203.0.113.7"):
    return client.post(f"{built.url}message/", {"teacher": teacher.pk, "body": body}, REMOTE_ADDR=address)


def test_the_message_past_the_limit_is_refused_and_nothing_is_sent(client, student, teacher, built):
    client.force_login(student)
    with time_machine.travel("2026-01-05 06:10Z", tick=False):
        assert [send(client, built, teacher, address=f"198.51.100.{n}").status_code for n in (1, 2)] == [302, 302]
        emails = OutboxEmail.objects.count()
        refused = send(client, built, teacher, body="Third", address="198.51.100.3")
    assert refused.status_code == 429
    assert "Please try again in 50 minutes." in refused.content.decode()
    assert not Message.objects.filter(body="Third").exists()
    assert Message.objects.count() == 2 and OutboxEmail.objects.count() == emails


def test_another_student_is_not_affected(client, student, other_student, teacher, built):
    EnrollmentFactory(student=other_student, course=built.course)
    client.force_login(student)
    with time_machine.travel("2026-01-05 06:10Z", tick=False):
        for n in (1, 2, 3):
            send(client, built, teacher, address=f"198.51.100.{n}")
        client.force_login(other_student)
        assert send(client, built, teacher, body="Mine", address="198.51.100.4").status_code == 302
    assert Message.objects.filter(body="Mine", sender=other_student).exists()


def test_one_address_is_limited_across_accounts(client, student, other_student, teacher, built):
    EnrollmentFactory(student=other_student, course=built.course)
    with time_machine.travel("2026-01-05 06:10Z", tick=False):
        client.force_login(student)
        send(client, built, teacher)
        send(client, built, teacher)
        client.force_login(other_student)
        send(client, built, teacher)
        assert send(client, built, teacher, body="Fourth").status_code == 429
    assert Message.objects.count() == 3


def test_the_limit_lifts_after_the_hour(client, student, teacher, built):
    client.force_login(student)
    with time_machine.travel("2026-01-05 06:10Z", tick=False) as clock:
        for n in (1, 2, 3):
            send(client, built, teacher, address=f"198.51.100.{n}")
        clock.move_to("2026-01-05 07:00Z")
        assert send(client, built, teacher, body="Later").status_code == 302
    assert Message.objects.filter(body="Later").exists()


def test_teachers_replies_are_limited_too(client, student, teacher, built):
    client.force_login(student)
    send(client, built, teacher)
    thread = Message.objects.get().thread
    client.force_login(teacher)
    with time_machine.travel("2026-01-05 06:10Z", tick=False):
        statuses = [client.post(f"/teach/messages/{thread.pk}/", {"body": "Yes"}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert Message.objects.filter(sender=teacher).count() == 2


def test_announcements_past_the_limit_are_refused_and_email_no_one(client, teacher, built, settings):
    settings.FLUENTORY_RATE_LIMITS = {**settings.FLUENTORY_RATE_LIMITS, "announcement": "1/h/user"}
    client.force_login(teacher)
    url = f"/teach/courses/{built.course.pk}/announcements/"
    first = client.post(url, {"title": "Quiz on Monday", "body": "Revise lesson 2."})
    emails = OutboxEmail.objects.count()
    refused = client.post(url, {"title": "Another", "body": "More news."})
    assert (first.status_code, refused.status_code) == (302, 429)
    assert list(built.course.announcements.values_list("title", flat=True)) == ["Quiz on Monday"]
    assert OutboxEmail.objects.count() == emails
