from datetime import timedelta

import pytest

from learning.models import Course
from learning.services import enroll
from notifications.models import SequenceDelivery
from notifications.sequences import engine
from scheduling.models import Booking, CancellationRule, CreditEntry, LiveSession
from scheduling.services import bookings, credits, reminders
from scheduling.services.errors import BookingRefused, SchedulingError
from tests.factories import UserFactory
from tests.scheduling.factories import NOW, at, give_credits, make_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule(teacher):
    return make_schedule(teacher)


def book(student, teacher, starts_at, now=NOW):
    return bookings.book_private_session(student=student, teacher=teacher, starts_at=starts_at, now=now)


def test_booking_a_free_slot_spends_one_credit_and_plans_reminders(
    schedule, teacher, student, mailoutbox, django_capture_on_commit_callbacks
):
    give_credits(student, 2)
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(student, teacher, at(2, 7))
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.session.teacher == teacher and booking.ends_at == at(2, 8)
    assert credits.balance(student=student) == 1
    assert planned_reminders(booking.session).count() == 4  # 24 h and 1 h, student and teacher
    assert mailoutbox[0].attachments[0][0] == "fluentory-session.ics"


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        (at(-1, 7), "in the past"),
        (at(2, 3), "not available"),  # 06:00 Amman: outside the hours
        (at(2, 7, 10), "not available"),  # forged: not on the 30-minute grid
        (NOW + timedelta(days=200), "not available"),  # beyond the horizon
    ],
)
def test_bad_slots_are_refused_and_book_nothing(schedule, teacher, student, starts_at, message):
    give_credits(student)
    with pytest.raises(SchedulingError, match=message):
        book(student, teacher, starts_at)
    assert not Booking.objects.exists() and credits.balance(student=student) == 5


def test_naive_datetime_is_refused(schedule, teacher, student):
    give_credits(student)
    with pytest.raises(SchedulingError, match="time zone"):
        book(student, teacher, at(2, 7).replace(tzinfo=None))


def test_booking_without_credit_is_refused(schedule, teacher, student):
    with pytest.raises(BookingRefused, match="no session credits") as refused:
        book(student, teacher, at(2, 7))
    assert refused.value.status == 402
    assert not LiveSession.objects.exists()


def test_a_taken_slot_is_refused(schedule, teacher, student, other_student):
    give_credits(student)
    give_credits(other_student)
    book(student, teacher, at(2, 7))
    with pytest.raises(BookingRefused):
        book(other_student, teacher, at(2, 7, 30))  # overlapping but unequal
    assert credits.balance(student=other_student) == 5


def test_student_cannot_be_in_two_overlapping_sessions(schedule, teacher, other_teacher, student):
    make_schedule(other_teacher)  # London 09:00-17:00 = 09:00-17:00 UTC in winter
    give_credits(student)
    book(student, teacher, at(2, 9))
    with pytest.raises(BookingRefused, match="already have a session"):
        book(student, other_teacher, at(2, 9, 30))


def test_early_cancellation_restores_the_credit(schedule, teacher, student):
    give_credits(student, 1)
    booking = book(student, teacher, at(3, 7))
    decision = bookings.cancel_booking(booking=booking, by=student, now=NOW)
    assert decision.restores_credit and "24 hours" in decision.reason
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.decision_reason == decision.reason
    assert credits.balance(student=student) == 1
    assert booking.session.__class__.objects.get(pk=booking.session_id).status == LiveSession.Status.CANCELLED
    assert engine.tick(now=at(3, 6, 30)) == 0  # the exit condition drops the cancelled session's reminders
    assert not planned_reminders(booking.session).filter(state__in=["pending", "sent"]).exists()


def test_late_cancellation_forfeits_the_credit(schedule, teacher, student):
    give_credits(student, 1)
    booking = book(student, teacher, at(0, 10))
    decision = bookings.cancel_booking(booking=booking, by=student, now=NOW)
    assert not decision.restores_credit and "Late cancellation" in decision.reason
    assert credits.balance(student=student) == 0
    assert CreditEntry.objects.filter(student=student, kind="forfeit").exists()


def test_rules_set_in_the_admin_decide(schedule, teacher, student):
    CancellationRule.objects.filter(action="student_cancel").delete()
    CancellationRule.objects.create(
        action="student_cancel", min_hours_before=0, outcome="restore", reason="Always free"
    )
    give_credits(student, 1)
    booking = book(student, teacher, at(0, 10))
    assert bookings.cancel_booking(booking=booking, by=student, now=NOW).reason == "Always free"
    assert credits.balance(student=student) == 1


def test_rescheduling_within_policy_keeps_the_credit_and_bumps_sequence(schedule, teacher, student):
    give_credits(student, 1)
    booking = book(student, teacher, at(3, 7))
    decision = bookings.reschedule_booking(booking=booking, starts_at=at(4, 8), by=student, now=NOW)
    booking.refresh_from_db()
    assert decision.keeps_credit
    assert booking.starts_at == at(4, 8) and booking.session.starts_at == at(4, 8)
    assert booking.sequence == 1 and booking.session.sequence == 1
    assert credits.balance(student=student) == 0
    assert engine.tick(now=at(2, 7, 1)) == 0  # the old time's reminders leave with the exit condition
    assert not planned_reminders(booking.session).filter(state="pending", due_at=at(2, 7)).exists()
    assert planned_reminders(booking.session).filter(state="pending", due_at=at(3, 8)).count() == 2


def test_late_rescheduling_is_refused_with_the_reason(schedule, teacher, student):
    give_credits(student, 1)
    booking = book(student, teacher, at(0, 10))
    with pytest.raises(BookingRefused, match="at least 24 hours"):
        bookings.reschedule_booking(booking=booking, starts_at=at(2, 8), by=student, now=NOW)


def test_teacher_cancellation_always_restores_and_tells_the_student(schedule, teacher, student):
    give_credits(student, 1)
    booking = book(student, teacher, at(0, 10))
    assert bookings.cancel_session(session=booking.session, by=teacher, reason="Ill", now=NOW) == 1
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and credits.balance(student=student) == 1
    assert student.notifications.filter(kind="session_cancelled").exists()


@pytest.fixture
def live_course(teacher):
    course = Course.objects.create(title="Live", slug="live", language="Arabic", course_type="live")
    course.teachers.add(teacher)
    return course


def test_group_class_capacity_waitlist_and_promotion(schedule, teacher, live_course):
    session = bookings.create_group_class(
        teacher=teacher, course=live_course, title="Club", starts_at=at(3, 9), minutes=60, capacity=2, now=NOW
    )
    students = [UserFactory() for _ in range(3)]
    for person in students:
        enroll(student=person, course=live_course, source="admin")
        give_credits(person, 1)
    first, second, third = (bookings.join_class(student=p, session=session, now=NOW) for p in students)
    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waitlisted"]
    assert credits.balance(student=students[2]) == 1
    bookings.cancel_booking(booking=first, by=students[0], now=NOW)
    third.refresh_from_db()
    session.refresh_from_db()
    assert third.status == "confirmed" and session.seats_taken == 2
    assert credits.balance(student=students[2]) == 0


def test_group_class_needs_enrollment_and_a_live_course(schedule, teacher, student, live_course):
    session = bookings.create_group_class(
        teacher=teacher, course=live_course, title="Club", starts_at=at(3, 9), minutes=60, capacity=2, now=NOW
    )
    give_credits(student)
    with pytest.raises(SchedulingError, match="Enrol"):
        bookings.join_class(student=student, session=session, now=NOW)
    recorded = Course.objects.create(title="Rec", slug="rec", language="Arabic", course_type="recorded")
    recorded.teachers.add(teacher)
    with pytest.raises(SchedulingError, match="live and hybrid"):
        bookings.create_group_class(
            teacher=teacher, course=recorded, title="x", starts_at=at(3, 12), minutes=60, capacity=2, now=NOW
        )


def test_group_class_cannot_overlap_the_teachers_other_sessions(schedule, teacher, student, live_course):
    give_credits(student)
    book(student, teacher, at(3, 9))
    with pytest.raises(BookingRefused):
        bookings.create_group_class(
            teacher=teacher, course=live_course, title="x", starts_at=at(3, 9, 30), minutes=60, capacity=2, now=NOW
        )


def test_attendance_and_no_show(schedule, teacher, student):
    give_credits(student, 1)
    booking = book(student, teacher, at(0, 10))
    with pytest.raises(SchedulingError, match="once the session has started"):
        bookings.record_attendance(booking=booking, attendance="present", by=teacher, now=NOW)
    later = at(0, 10, 20)
    assert bookings.record_join(booking=booking, now=at(0, 10, 15)).startswith("https://meet.jit.si/fluentory-")
    booking.refresh_from_db()
    assert bookings.suggested_attendance(booking) == "late"
    booking = bookings.record_attendance(booking=booking, attendance="no_show", by=teacher, now=later)
    assert booking.attendance == "no_show" and "No-show" in booking.decision_reason
    assert CreditEntry.objects.filter(student=student, kind="forfeit").exists()
    with pytest.raises(SchedulingError):
        bookings.record_attendance(booking=booking, attendance="maybe", by=teacher, now=later)


def test_join_link_opens_fifteen_minutes_before(schedule, teacher, student):
    give_credits(student, 1)
    booking = book(student, teacher, at(0, 10))
    with pytest.raises(SchedulingError, match="opens 15 minutes"):
        bookings.record_join(booking=booking, now=at(0, 9, 30))


def test_policy_reasons_are_translated(schedule):
    from django.utils import translation

    from scheduling.services import policies

    with translation.override("ar"):
        decision = policies.decide(action="student_cancel", starts_at=at(0, 10), at=NOW)
    assert decision.reason == "إلغاء متأخر (قبل البداية بأقل من 24 ساعة): يُفقد الرصيد."


def test_waitlist_promotion_passes_over_students_without_credit(schedule, teacher, live_course):
    session = bookings.create_group_class(
        teacher=teacher, course=live_course, title="Club", starts_at=at(3, 9), minutes=60, capacity=1, now=NOW
    )
    seated, broke, next_in_line = (UserFactory() for _ in range(3))
    for person in (seated, broke, next_in_line):
        enroll(student=person, course=live_course, source="admin")
        give_credits(person, 1)
    first = bookings.join_class(student=seated, session=session, now=NOW)
    waiting_broke = bookings.join_class(student=broke, session=session, now=NOW)
    waiting_next = bookings.join_class(student=next_in_line, session=session, now=NOW)
    credits.revoke_credits(student=broke, quantity=1, reference="refund")
    bookings.cancel_booking(booking=first, by=seated, now=NOW)
    waiting_broke.refresh_from_db()
    waiting_next.refresh_from_db()
    assert waiting_broke.status == "waitlisted" and waiting_next.status == "confirmed"


def test_teacher_cancellation_emails_a_cancel_calendar_file(
    schedule, teacher, student, mailoutbox, django_capture_on_commit_callbacks
):
    from icalendar import Calendar

    give_credits(student, 1)
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(student, teacher, at(2, 10))
    with django_capture_on_commit_callbacks(execute=True):
        bookings.cancel_session(session=booking.session, by=teacher, now=NOW)
    (cancel_mail,) = [
        m
        for m in mailoutbox
        if m.to == [student.email] and m.subject.endswith("Cancelled: " + "Private session with Tariq Teacher")
    ]
    calendar = Calendar.from_ical(cancel_mail.attachments[0][1])
    assert calendar["METHOD"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] >= 2


def test_reminders_run_on_the_sequence_beat_every_minute():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["notifications-run-sequences"]
    assert entry["task"] == "notifications.tasks.run_sequences" and entry["schedule"] <= 60


def planned_reminders(session):
    return SequenceDelivery.objects.filter(entry__object_id=session.pk, entry__sequence__trigger=reminders.TRIGGER)


def test_without_rules_in_the_admin_the_default_policy_applies(schedule):
    from scheduling.services import policies

    CancellationRule.objects.all().delete()
    early = policies.decide(action="student_cancel", starts_at=at(3, 10), at=NOW)
    late = policies.decide(action="student_reschedule", starts_at=at(0, 10), at=NOW)
    assert early.restores_credit and early.rule_id is None
    assert not late.allowed and "at least 24 hours" in late.reason
