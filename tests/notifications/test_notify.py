from django.core import mail

from notifications.models import Notification, OutboxEmail
from notifications.services import mark_read, notify
from notifications.tasks import send_notification_email


def test_notify_stores_the_notice_and_emails_it_once(student, commit_now):
    notification = commit_now(
        lambda: notify(student, "lesson_unlocked", "Lesson 2 is open", "Carry on where you left off.", url="/learn/")
    )
    notification.refresh_from_db()
    assert notification.email_state == Notification.EmailState.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [student.email]
    assert "Lesson 2 is open" in mail.outbox[0].subject
    kept = OutboxEmail.objects.get()
    assert kept.status == OutboxEmail.Status.SENT
    assert "/learn/" in kept.body


def test_a_retried_send_sends_nothing_more(student, commit_now):
    notification = commit_now(lambda: notify(student, "welcome", "Welcome", "Hello."))
    send_notification_email.apply(args=[notification.pk])
    assert len(mail.outbox) == 1
    assert OutboxEmail.objects.count() == 1


def test_in_app_only_notices_send_no_email(student, commit_now):
    notification = commit_now(lambda: notify(student, "badge", "New badge", "Well done.", email=False))
    assert notification.email_state == Notification.EmailState.NONE
    assert not mail.outbox


def test_a_repeated_notice_with_the_same_key_is_stored_once(student, commit_now):
    first = commit_now(lambda: notify(student, "reminder", "Class soon", "In 1 hour.", dedupe_key="session-9-1h"))
    again = commit_now(lambda: notify(student, "reminder", "Class soon", "In 1 hour.", dedupe_key="session-9-1h"))
    assert first.pk == again.pk
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_email_follows_the_persons_language(student, commit_now):
    student.preferred_language = "ar"
    student.save()
    commit_now(lambda: notify(student, "welcome", "مرحبا", "أهلا بك."))
    html = mail.outbox[0].alternatives[0][0]
    assert 'dir="rtl"' in html


def test_mark_read_touches_only_the_persons_own_notices(student, other_student, commit_now):
    mine = commit_now(lambda: notify(student, "x", "Mine", "", email=False))
    theirs = commit_now(lambda: notify(other_student, "x", "Theirs", "", email=False))
    assert mark_read(user=student, notification_ids=[mine.pk, theirs.pk]) == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None
