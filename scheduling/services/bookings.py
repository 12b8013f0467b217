"""Booking private sessions and seats in group classes; rescheduling, cancelling, attendance.

Each entry point is one transaction. Row locks (the teacher's schedule, the class, the student's wallet) order
concurrent requests; on PostgreSQL the exclusion constraints are the final guarantee against overlaps.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

import analytics
from learning import services as learning_services

from .. import selectors
from ..models import Booking, CreditWallet, LiveSession, TeacherSchedule, private_session_title
from . import credits, emails, policies, reminders
from .availability import is_free
from .errors import BookingRefused, SchedulingError

Action = policies.Action
JOIN_OPENS_BEFORE = timedelta(minutes=15)
LATE_AFTER = timedelta(minutes=10)


def _require_aware_future(starts_at, now) -> None:
    if not isinstance(starts_at, datetime) or timezone.is_naive(starts_at):
        raise SchedulingError(_("Give the start time as a full date and time with its time zone."))
    if starts_at <= now:
        raise SchedulingError(_("This time is in the past. Choose one of the offered times."))


def _lock_wallet(student) -> CreditWallet:
    credits.wallet_for(student)
    return CreditWallet.objects.select_for_update().get(student=student)


def _refuse_student_overlap(student, starts_at, ends_at, *, exclude_booking_id=None) -> None:
    clashes = Booking.objects.filter(
        student=student, status=Booking.Status.CONFIRMED, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude_booking_id:
        clashes = clashes.exclude(pk=exclude_booking_id)
    if clashes.exists():
        raise BookingRefused(_("You already have a session at this time."))


def schedule_for(teacher) -> TeacherSchedule:
    """The teacher's schedule, created with their time zone the first time it is needed."""
    try:
        with transaction.atomic():
            schedule, _created = TeacherSchedule.objects.get_or_create(
                teacher=teacher, defaults={"time_zone": teacher.time_zone or "UTC"}
            )
    except IntegrityError:  # created by a concurrent request
        schedule = TeacherSchedule.objects.get(teacher=teacher)
    return schedule


def book_private_session(*, student, teacher, starts_at: datetime, now: datetime | None = None) -> Booking:
    """Book one of `teacher`'s free slots for `student`, spending one credit."""
    now = now or timezone.now()
    _require_aware_future(starts_at, now)
    if not teacher.is_teacher or student.pk == teacher.pk:
        raise SchedulingError(_("This teacher does not take private sessions."))
    try:
        with transaction.atomic():
            schedule_for(teacher)
            schedule = TeacherSchedule.objects.select_for_update().get(teacher=teacher)
            _lock_wallet(student)
            if not is_free(schedule=schedule, starts_at=starts_at, now=now):
                raise BookingRefused(_("This time is not available any more. Choose another of the offered times."))
            ends_at = starts_at + timedelta(minutes=schedule.session_minutes)
            _refuse_student_overlap(student, starts_at, ends_at)
            session = LiveSession.objects.create(
                teacher=teacher,
                kind=LiveSession.Kind.PRIVATE,
                title=private_session_title(teacher),
                starts_at=starts_at,
                ends_at=ends_at,
                capacity=1,
                seats_taken=1,
            )
            booking = Booking.objects.create(session=session, student=student, starts_at=starts_at, ends_at=ends_at)
            credits.use_credit(student=student, booking=booking, now=now)
            booking.save(update_fields=["credit_used"])
            reminders.plan_reminders(session=session, bookings=[booking], teacher=True, now=now)
    except IntegrityError as exc:  # PostgreSQL's exclusion constraints caught a concurrent overlap
        raise BookingRefused(_("This time is not available any more. Choose another of the offered times.")) from exc
    analytics.track("booking_made", user=student, kind="private", teacher=teacher.pk, session=session.pk)
    emails.queue_booking_email(booking=booking, event="confirmed")
    return booking


@transaction.atomic
def create_group_class(
    *, teacher, course, title: str, starts_at: datetime, minutes: int, capacity: int, now: datetime | None = None
) -> LiveSession:
    """A teacher schedules a class for a live or hybrid course they teach."""
    now = now or timezone.now()
    _require_aware_future(starts_at, now)
    if course is None or not course.has_live_sessions:
        raise SchedulingError(_("Group classes are for live and hybrid courses."))
    if not course.teachers.filter(pk=teacher.pk).exists():
        raise SchedulingError(_("You can only schedule classes for courses you teach."), status=403)
    if not 1 <= capacity <= 500 or not 15 <= minutes <= 480:
        raise SchedulingError(_("Capacity must be between 1 and 500, and length between 15 and 480 minutes."))
    ends_at = starts_at + timedelta(minutes=minutes)
    schedule_for(teacher)
    TeacherSchedule.objects.select_for_update().get(teacher=teacher)
    if LiveSession.objects.filter(
        teacher=teacher, status=LiveSession.Status.SCHEDULED, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exists():
        raise BookingRefused(_("You already have a session at this time."))
    try:
        with transaction.atomic():
            session = LiveSession.objects.create(
                teacher=teacher,
                course=course,
                kind=LiveSession.Kind.GROUP,
                title=title,
                starts_at=starts_at,
                ends_at=ends_at,
                capacity=capacity,
            )
    except IntegrityError as exc:
        raise BookingRefused(_("You already have a session at this time.")) from exc
    reminders.plan_reminders(session=session, teacher=True, now=now)
    return session


def join_class(*, student, session: LiveSession, now: datetime | None = None) -> Booking:
    """Take a seat in a group class (one credit), or join its waitlist when it is full."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            session = LiveSession.objects.select_for_update().get(pk=session.pk)
            if session.kind != LiveSession.Kind.GROUP or session.is_cancelled:
                raise SchedulingError(_("This class is not open for booking."))
            if session.starts_at <= now:
                raise SchedulingError(_("This class has already started."))
            if session.course_id and not learning_services.has_access(student=student, course=session.course):
                raise SchedulingError(_("Enrol in the course to join its live classes."), status=403)
            if Booking.objects.filter(
                session=session, student=student, status__in=[Booking.Status.CONFIRMED, Booking.Status.WAITLISTED]
            ).exists():
                raise BookingRefused(_("You are already booked into this class."))
            _lock_wallet(student)
            if not credits.has_credit_for(student=student, teacher=session.teacher, now=now):
                raise BookingRefused(_("You have no session credits left. Buy a session package to book."), status=402)
            seated = LiveSession.objects.filter(pk=session.pk, seats_taken__lt=F("capacity")).update(
                seats_taken=F("seats_taken") + 1
            )
            if seated:
                _refuse_student_overlap(student, session.starts_at, session.ends_at)
            booking = Booking.objects.create(
                session=session,
                student=student,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                status=Booking.Status.CONFIRMED if seated else Booking.Status.WAITLISTED,
            )
            if seated:
                credits.use_credit(student=student, booking=booking, now=now)
                booking.save(update_fields=["credit_used"])
                reminders.plan_reminders(session=session, bookings=[booking], now=now)
    except IntegrityError as exc:
        raise BookingRefused(_("You already have a session at this time.")) from exc
    analytics.track("booking_made", user=student, kind="group", session=session.pk, waitlisted=not seated)
    emails.queue_booking_email(booking=booking, event="confirmed" if seated else "waitlisted")
    return booking


def _promote_waitlist(session: LiveSession, now) -> list[Booking]:
    """Fill freed seats from the waitlist in order; students without credit or with a clash are passed over."""
    promoted = []
    queue = Booking.objects.filter(session=session, status=Booking.Status.WAITLISTED).order_by("booked_at", "pk")
    for booking in queue:
        if not LiveSession.objects.filter(pk=session.pk, seats_taken__lt=F("capacity")).exists():
            break
        try:
            with transaction.atomic():
                _lock_wallet(booking.student)
                _refuse_student_overlap(booking.student, session.starts_at, session.ends_at)
                booking.status = Booking.Status.CONFIRMED
                booking.sequence += 1
                booking.save(update_fields=["status", "sequence", "updated_at"])
                credits.use_credit(student=booking.student, booking=booking, now=now)
                booking.save(update_fields=["credit_used"])
                LiveSession.objects.filter(pk=session.pk).update(seats_taken=F("seats_taken") + 1)
                reminders.plan_reminders(session=session, bookings=[booking], now=now)
        except (BookingRefused, IntegrityError):
            continue
        promoted.append(booking)
    return promoted


def preview_cancellation(*, booking: Booking, now: datetime | None = None) -> policies.Decision:
    if booking.status == Booking.Status.WAITLISTED:
        return policies.Decision(True, policies.Outcome.KEEP_CREDIT, _("You leave the waitlist; no credit was used."))
    return policies.decide(action=Action.STUDENT_CANCEL, starts_at=booking.session.starts_at, at=now)


def cancel_booking(*, booking: Booking, by, now: datetime | None = None) -> policies.Decision:
    """The student cancels; the cancellation rules decide what happens to the credit, and say why."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("session", "student").get(pk=booking.pk)
        session = LiveSession.objects.select_for_update().get(pk=booking.session_id)
        if not booking.is_active or session.is_cancelled:
            raise SchedulingError(_("This booking is already cancelled."))
        if session.ends_at <= now:
            raise SchedulingError(_("This session is over; it can no longer be cancelled."))
        was_seated = booking.status == Booking.Status.CONFIRMED
        decision = preview_cancellation(booking=booking, now=now)
        if not decision.allowed:
            raise BookingRefused(decision.reason)
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.cancelled_by = by
        booking.decision_reason = decision.reason[:300]
        booking.sequence += 1
        if decision.restores_credit:
            credits.restore_credit(booking=booking, note=decision.reason)
        else:
            credits.forfeit_credit(booking=booking, note=decision.reason)
        booking.save(
            update_fields=[
                "status",
                "cancelled_at",
                "cancelled_by",
                "decision_reason",
                "sequence",
                "credit_used",
                "updated_at",
            ]
        )
        if session.kind == LiveSession.Kind.PRIVATE:
            session.status = LiveSession.Status.CANCELLED
            session.seats_taken = 0
            session.sequence += 1
            session.cancel_reason = decision.reason[:300]
            session.save(update_fields=["status", "seats_taken", "sequence", "cancel_reason", "updated_at"])
        elif was_seated:
            LiveSession.objects.filter(pk=session.pk).update(seats_taken=F("seats_taken") - 1)
            for promoted in _promote_waitlist(session, now):
                emails.queue_booking_email(booking=promoted, event="promoted")
    analytics.track("booking_cancelled", user=booking.student, session=session.pk, outcome=decision.outcome)
    emails.queue_booking_email(booking=booking, event="cancelled")
    return decision


def reschedule_booking(*, booking: Booking, starts_at: datetime, by, now: datetime | None = None) -> policies.Decision:
    """Move a private session to another free slot; within the policy the credit moves with it."""
    now = now or timezone.now()
    _require_aware_future(starts_at, now)
    try:
        with transaction.atomic():
            schedule = TeacherSchedule.objects.select_for_update().get(teacher_id=booking.session.teacher_id)
            booking = Booking.objects.select_for_update().select_related("student").get(pk=booking.pk)
            session = LiveSession.objects.select_for_update().get(pk=booking.session_id)
            if session.kind != LiveSession.Kind.PRIVATE:
                raise SchedulingError(_("Group classes cannot be moved; cancel and join another class instead."))
            if booking.status != Booking.Status.CONFIRMED or session.is_cancelled:
                raise SchedulingError(_("Only confirmed sessions can be rescheduled."))
            if starts_at == session.starts_at:
                raise SchedulingError(_("Choose a different time."))
            decision = policies.decide(action=Action.STUDENT_RESCHEDULE, starts_at=session.starts_at, at=now)
            if not decision.allowed:
                raise BookingRefused(decision.reason)
            if not is_free(schedule=schedule, starts_at=starts_at, now=now, exclude_session_id=session.pk):
                raise BookingRefused(_("This time is not available any more. Choose another of the offered times."))
            ends_at = starts_at + timedelta(minutes=schedule.session_minutes)
            _refuse_student_overlap(booking.student, starts_at, ends_at, exclude_booking_id=booking.pk)
            session.starts_at, session.ends_at = starts_at, ends_at
            session.sequence += 1
            session.save(update_fields=["starts_at", "ends_at", "sequence", "updated_at"])
            booking.starts_at, booking.ends_at = starts_at, ends_at
            booking.sequence += 1
            booking.decision_reason = decision.reason[:300]
            booking.save(update_fields=["starts_at", "ends_at", "sequence", "decision_reason", "updated_at"])
            reminders.plan_reminders(session=session, bookings=[booking], teacher=True, now=now)
    except IntegrityError as exc:
        raise BookingRefused(_("This time is not available any more. Choose another of the offered times.")) from exc
    analytics.track("booking_rescheduled", user=booking.student, session=session.pk)
    emails.queue_booking_email(booking=booking, event="updated")
    return decision


def cancel_session(*, session: LiveSession, by, reason: str = "", now: datetime | None = None) -> int:
    """The teacher (or an admin) cancels a session: every student gets the credit back and is told why."""
    from notifications.services import notify

    now = now or timezone.now()
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().get(pk=session.pk)
        if session.is_cancelled:
            raise SchedulingError(_("This session is already cancelled."))
        if session.ends_at <= now:
            raise SchedulingError(_("This session is over; it can no longer be cancelled."))
        decision = policies.decide(action=Action.TEACHER_CANCEL, starts_at=session.starts_at, at=now)
        session.status = LiveSession.Status.CANCELLED
        session.sequence += 1
        session.seats_taken = 0
        session.cancel_reason = (reason or decision.reason)[:300]
        session.save(update_fields=["status", "sequence", "seats_taken", "cancel_reason", "updated_at"])
        affected = list(
            Booking.objects.select_for_update()
            .filter(session=session, status__in=[Booking.Status.CONFIRMED, Booking.Status.WAITLISTED])
            .select_related("student")
        )
        for booking in affected:
            booking.status = Booking.Status.CANCELLED
            booking.cancelled_at = now
            booking.cancelled_by = by
            booking.decision_reason = decision.reason[:300]
            booking.sequence += 1
            credits.restore_credit(booking=booking, note=decision.reason)
            booking.save(
                update_fields=[
                    "status",
                    "cancelled_at",
                    "cancelled_by",
                    "decision_reason",
                    "sequence",
                    "credit_used",
                    "updated_at",
                ]
            )
            notify(
                booking.student,
                "session_cancelled",
                _("Your session was cancelled"),
                f"{session.title}: {decision.reason} {reason}".strip(),
                url=f"/learn/sessions/{booking.pk}/",
                email=False,
                dedupe_key=f"scheduling-cancelled-{booking.pk}",
            )
            emails.queue_booking_email(booking=booking, event="cancelled")
    return len(affected)


def record_join(*, booking: Booking, now: datetime | None = None) -> str:
    """The student opens the meeting link: note when (first time only) and return the meeting URL."""
    now = now or timezone.now()
    session = booking.session
    if booking.status != Booking.Status.CONFIRMED or session.is_cancelled:
        raise SchedulingError(_("This booking is not active."), status=403)
    if not session.starts_at - JOIN_OPENS_BEFORE <= now <= session.ends_at:
        raise SchedulingError(_("The meeting room opens 15 minutes before the session starts."))
    Booking.objects.filter(pk=booking.pk, joined_at__isnull=True).update(joined_at=now)
    return session.meeting_url


def suggested_attendance(booking: Booking) -> str:
    if booking.attendance:
        return booking.attendance
    if booking.joined_at is None:
        return Booking.Attendance.ABSENT
    if booking.joined_at > booking.starts_at + LATE_AFTER:
        return Booking.Attendance.LATE
    return Booking.Attendance.PRESENT


@transaction.atomic
def record_attendance(*, booking: Booking, attendance: str, by, now: datetime | None = None) -> Booking:
    """The teacher confirms attendance once the session has started; a no-show follows the policy."""
    now = now or timezone.now()
    if attendance not in {a for a in Booking.Attendance.values if a}:
        raise SchedulingError(_("Choose present, late, absent or no-show."))
    booking = Booking.objects.select_for_update().select_related("session").get(pk=booking.pk)
    if booking.session.teacher_id != by.pk and not by.has_role("admin"):
        raise SchedulingError(_("Only the session's teacher records attendance."), status=403)
    if booking.status != Booking.Status.CONFIRMED:
        raise SchedulingError(_("Attendance is recorded for confirmed bookings only."))
    if booking.session.starts_at > now:
        raise SchedulingError(_("Attendance can be recorded once the session has started."))
    booking.attendance = attendance
    fields = ["attendance", "updated_at"]
    if attendance == Booking.Attendance.NO_SHOW and not booking.decision_reason:
        decision = policies.decide(action=Action.NO_SHOW, starts_at=booking.session.starts_at, at=now)
        booking.decision_reason = decision.reason[:300]
        if decision.restores_credit:
            credits.restore_credit(booking=booking, note=decision.reason)
        else:
            credits.forfeit_credit(booking=booking, note=decision.reason)
        fields += ["decision_reason", "credit_used"]
    booking.save(update_fields=fields)
    course = booking.session.course
    if course is not None:  # learning completes live and hybrid courses from the attendance count
        attended = selectors.sessions_attended(student=booking.student, course=course)
        learning_services.record_sessions_attended(student=booking.student, course=course, count=attended)
    analytics.track("attendance_recorded", user=by, session=booking.session_id, attendance=attendance)
    return booking
