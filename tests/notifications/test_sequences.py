"""Each shipped trigger walked with frozen time: the right person gets the right email once, in their language;
people who opted out, unsubscribed or met the exit condition get nothing."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from analytics.models import Event
from commerce.models import Order, OrderLine, PaymentAttempt
from commerce.services import checkout
from learning.models import Enrollment
from learning.services import progress
from notifications import preferences
from notifications.kinds import Category
from notifications.models import OutboxEmail, Sequence, SequenceDelivery, SequenceEntry, SequenceStep
from notifications.sequences import engine
from tests.factories import UserFactory
from tests.learning.factories import CourseFactory, EnrollmentFactory, LessonFactory, ModuleFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)


def emails_to(user):
    return OutboxEmail.objects.filter(to=user.email).order_by("created_at")


def tick_at(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return engine.run()


# --- welcome ---------------------------------------------------------------------------------------------------


def confirm(user):
    address, _new = EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"primary": True})
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)


def test_a_confirmed_address_gets_one_welcome_in_the_persons_language(student):
    arabic = UserFactory(preferred_language="ar")
    with time_machine.travel(MONDAY, tick=False):
        confirm(student)
        confirm(student)  # a second confirmation welcomes nobody twice
        confirm(arabic)
    assert tick_at(MONDAY + timedelta(minutes=1)) == 2
    assert tick_at(MONDAY + timedelta(minutes=2)) == 0
    welcome = emails_to(student).get()
    assert welcome.subject == "[Fluentory] Welcome to Fluentory, Sam Student"
    assert "List-Unsubscribe" in welcome.headers and welcome.headers["List-Unsubscribe-Post"]
    assert "/notifications/unsubscribe/" in welcome.body or "unsubscribe" in welcome.body.lower()
    assert "أهلًا بك في Fluentory" in emails_to(arabic).get().subject
    assert Event.objects.filter(name="email_sent", user=student).get().properties["key"] == "accounts.welcome"


def test_someone_who_turned_learning_email_off_gets_no_welcome(student):
    preferences.unsubscribe(user=student, category=Category.LEARNING, source="one_click")
    with time_machine.travel(MONDAY, tick=False):
        confirm(student)
    assert tick_at(MONDAY + timedelta(minutes=1)) == 0
    assert not emails_to(student).exists()
    assert SequenceDelivery.objects.get(entry__user=student).skip_reason == "opted_out"


def test_a_welcome_due_in_the_night_waits_for_the_morning(student, settings):
    settings.NOTIFICATIONS_QUIET_HOURS = "22:00-08:00"
    student.time_zone = "Asia/Amman"  # UTC+3 in March 2027
    student.save()
    night = datetime(2027, 3, 1, 21, 0, tzinfo=UTC)  # midnight in Amman
    with time_machine.travel(night, tick=False):
        confirm(student)
    assert tick_at(night + timedelta(minutes=1)) == 0
    assert SequenceDelivery.objects.get(entry__user=student).due_at == datetime(2027, 3, 2, 5, 0, tzinfo=UTC)
    assert tick_at(datetime(2027, 3, 2, 5, 1, tzinfo=UTC)) == 1


# --- learning --------------------------------------------------------------------------------------------------


@pytest.fixture
def course():
    course = CourseFactory(title="Arabic One", level="A1")
    module = ModuleFactory(course=course)
    for _ in range(4):
        LessonFactory(module=module, course=course)
    return course


def test_progress_milestones_and_completion_each_send_one_email(student, course):
    CourseFactory(title="Arabic Two", level="A2")  # the next course to suggest
    enrollment = EnrollmentFactory(student=student, course=course, enrolled_at=MONDAY)
    lessons = list(course.lessons.order_by("sort_order"))
    with time_machine.travel(MONDAY, tick=False):
        progress.complete_lesson(enrollment=enrollment, lesson=lessons[0])  # 25 %
        progress.complete_lesson(enrollment=enrollment, lesson=lessons[1])  # 50 %
    assert tick_at(MONDAY + timedelta(minutes=1)) == 2
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        progress.complete_lesson(enrollment=enrollment, lesson=lessons[2])  # 75 %
        progress.complete_lesson(enrollment=enrollment, lesson=lessons[3])  # done
    tick_at(MONDAY + timedelta(hours=2, minutes=1))  # the congratulations wait an hour for the certificate
    subjects = list(emails_to(student).values_list("subject", flat=True))
    # Both were due in the same tick, so either may go first.
    milestones = ["[Fluentory] A quarter of Arabic One done", "[Fluentory] Halfway through Arabic One"]
    assert sorted(subjects[:2]) == milestones
    # The 75 % email was still waiting when the course was completed: its exit condition cancels it.
    assert subjects[2:] == ["[Fluentory] Congratulations, you completed Arabic One"]
    congratulations = emails_to(student).last()
    assert "Arabic Two" in congratulations.body


def test_a_completed_course_with_nothing_next_suggests_the_catalogue(student, course):
    enrollment = EnrollmentFactory(student=student, course=course)
    with time_machine.travel(MONDAY, tick=False):
        progress.mark_course_completed(enrollment=enrollment)
    assert tick_at(MONDAY + timedelta(minutes=1)) == 0
    tick_at(MONDAY + timedelta(hours=1, minutes=1))
    body = emails_to(student).get().body
    assert "another course from our catalogue" in body and "/courses/" in body
    assert "/learn/certificates/" not in body  # no certificate, no link


def test_the_congratulations_link_the_certificate_issued_meanwhile(student, course, settings):
    from learning.services import certificates

    enrollment = EnrollmentFactory(student=student, course=course)
    with time_machine.travel(MONDAY, tick=False):
        progress.mark_course_completed(enrollment=enrollment)
        certificates.issue_certificate(enrollment=enrollment)
    tick_at(MONDAY + timedelta(hours=1, minutes=1))
    assert f"{settings.SITE_URL}/learn/certificates/" in emails_to(student).get().body


def test_an_unlocked_lesson_is_emailed_once(student, course):
    enrollment = EnrollmentFactory(student=student, course=course)
    lesson = course.lessons.first()
    with time_machine.travel(MONDAY, tick=False):
        engine.enter(
            trigger="learning.lesson_unlocked",
            user=student,
            subject=f"unlocked-{enrollment.pk}-{lesson.pk}",
            anchor=MONDAY,
            object_id=enrollment.pk,
        )
    assert tick_at(MONDAY + timedelta(minutes=1)) == 1
    email = emails_to(student).get()
    assert email.subject == f"[Fluentory] A new lesson is open: {lesson.title}"
    assert f"/lessons/{lesson.pk}/" in email.body or str(lesson.pk) in email.body


def test_inactive_students_get_the_week_and_fortnight_emails_until_they_come_back(student, other_student, course):
    idle = EnrollmentFactory(student=student, course=course, enrolled_at=MONDAY)
    back = EnrollmentFactory(student=other_student, course=course, enrolled_at=MONDAY)
    Sequence.objects.filter(trigger="learning.inactive").update(scanned_until=MONDAY)
    week = MONDAY + timedelta(days=7, minutes=5)
    assert tick_at(week) == 2
    assert [e.subject for e in emails_to(student)] == ["[Fluentory] We miss you in Arabic One"]
    with time_machine.travel(week + timedelta(days=1), tick=False):
        progress.start_lesson(enrollment=back, lesson=course.lessons.first())
    assert tick_at(MONDAY + timedelta(days=14, minutes=5)) == 1
    assert emails_to(student).last().subject == "[Fluentory] Your place in Arabic One is waiting"
    assert emails_to(other_student).count() == 1  # came back: no fortnight email
    assert SequenceEntry.objects.get(user=other_student).exited_at is not None
    idle.refresh_from_db()
    assert idle.status == Enrollment.Status.ACTIVE


# --- commerce --------------------------------------------------------------------------------------------------


def abandoned_order(student, course, at):
    order = Order.objects.create(
        student=student, cart_key=f"course:{course.pk}", currency="SAR", subtotal=100, tax=0, total=100, created_at=at
    )
    OrderLine.objects.create(order=order, course=course, description=course.title, unit_price=100)
    attempt = PaymentAttempt.objects.create(order=order, gateway="test", amount=100, currency="SAR")
    PaymentAttempt.objects.filter(pk=attempt.pk).update(created_at=at)
    with time_machine.travel(at + timedelta(minutes=70), tick=False):
        checkout.mark_abandoned()
    return order


def test_an_abandoned_checkout_is_reminded_after_an_hour_and_a_day_until_paid(student, other_student, course):
    abandoned_order(student, course, MONDAY)
    paid = abandoned_order(other_student, course, MONDAY)
    assert tick_at(MONDAY + timedelta(minutes=71)) == 2
    assert "Still thinking about Arabic One?" in emails_to(student).get().subject
    Order.objects.filter(pk=paid.pk).update(status=Order.Status.PAID)
    assert tick_at(MONDAY + timedelta(hours=24, minutes=1)) == 1
    assert emails_to(student).last().subject == "[Fluentory] Your Arabic One is still waiting"
    assert emails_to(other_student).count() == 1


# --- the engine ------------------------------------------------------------------------------------------------


PER_BATCH, PER_EMAIL = 16, 11  # claim, exits, preferences, context… / suppression, outbox row, sent mark, event…


@pytest.mark.parametrize("people", [10, 50])
def test_a_tick_runs_a_fixed_number_of_queries_per_batch(people, django_assert_max_num_queries):
    users = UserFactory.create_batch(people)
    with time_machine.travel(MONDAY, tick=False):
        for user in users:
            confirm(user)
    moment = time_machine.travel(MONDAY + timedelta(minutes=1), tick=False)
    with moment, django_assert_max_num_queries(PER_BATCH + PER_EMAIL * people):
        assert engine.tick() == people


def test_an_editor_cannot_pick_an_email_its_trigger_cannot_fill():
    sequence = Sequence.objects.get(trigger="accounts.welcome")
    step = SequenceStep(sequence=sequence, email="commerce.checkout_reminder", offset_hours=0)
    with pytest.raises(ValidationError) as refused:
        step.full_clean()
    assert "{{ item }}" in refused.value.message_dict["email"][0]


def test_every_trigger_ships_a_sequence():
    from notifications.sequences import registry

    assert {t.key for t in registry.triggers()} <= set(Sequence.objects.values_list("trigger", flat=True))


# --- the admin -------------------------------------------------------------------------------------------------


@pytest.fixture
def editor():
    user = UserFactory(is_student=False)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_who_may_see_the_sequences_and_their_counts(client, student, teacher, editor, admin_user):
    with time_machine.travel(MONDAY, tick=False):
        confirm(student)
    tick_at(MONDAY + timedelta(minutes=1))
    url = "/admin/snippets/notifications/sequence/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for person in (student, teacher):
        client.force_login(person)
        assert client.get(url).status_code in (302, 403)
    for person in (editor, admin_user):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        welcome = next(row for row in response.context["object_list"] if row.trigger == "accounts.welcome")
        assert (welcome.entered, welcome.sent, welcome.exited) == (1, 1, 0)
        assert "Emails sent" in response.content.decode()
