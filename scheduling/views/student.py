"""Students' screens under /learn/sessions/: teachers and slots, booking (JSON API + form), their bookings."""

import zoneinfo
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import role_required
from core.json_body import json_object
from learning.models import Enrollment

from ..credit_offers import credit_offers
from ..models import Booking, CreditLot, LiveSession, TeacherSchedule
from ..services import bookings, calendars, credit_validity, credits, presence
from ..services.availability import free_slots, slots_by_local_day
from ..services.errors import SchedulingError


def _viewer_zone(request) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(request.user.time_zone or "UTC")


def _parse_start(value) -> datetime:
    try:
        starts_at = parse_datetime(value) if isinstance(value, str) else None
        if starts_at is None or timezone.is_naive(starts_at):
            raise ValueError
        return starts_at.astimezone(zoneinfo.ZoneInfo("UTC"))
    except (ValueError, OverflowError):  # no such day or hour (2026-02-30, T25:00), or no UTC time (year 1, +05:00)
        raise SchedulingError(_("Give the start time as a full date and time with its time zone.")) from None


def _teacher_or_404(teacher_id):
    teacher = get_user_model().objects.filter(pk=teacher_id, is_teacher=True, is_active=True).first()
    if teacher is None:
        raise Http404(_("No such teacher."))
    return teacher


def _offered(request, teacher, *, exclude_session_id=None):
    """Slots for the days shown, starting at ?from= (the viewer's local date), grouped by local date."""
    zone = _viewer_zone(request)
    today = timezone.now().astimezone(zone).date()
    try:
        first = min(max(today, date.fromisoformat(request.GET.get("from", ""))), today + timedelta(days=366))
    except ValueError:
        first = today
    days = settings.SCHEDULING_BOOKING_DAYS_SHOWN
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(first + timedelta(days=days), datetime.min.time(), tzinfo=zone)
    schedule = bookings.schedule_for(teacher)
    slots = free_slots(schedule=schedule, start=start, end=end, exclude_session_id=exclude_session_id)
    # Hide times the viewer is already busy (the booking service refuses them anyway).
    busy = list(
        Booking.objects.filter(
            student=request.user, status=Booking.Status.CONFIRMED, starts_at__lt=end, ends_at__gt=start
        )
        .exclude(session_id=exclude_session_id)
        .values_list("starts_at", "ends_at")
    )
    slots = [slot for slot in slots if not any(slot.overlaps(b, e) for b, e in busy)]
    return {
        "days": slots_by_local_day(slots, zone),
        "first": first,
        "previous": first - timedelta(days=days) if first > today else None,
        "next": first + timedelta(days=days),
        "viewer_zone": zone,
        "schedule": schedule,
    }


@role_required(Role.STUDENT)
def dashboard(request):
    """Students only: their own bookings, credits, teachers (with presence), classes and calendar feed."""
    now = timezone.now()
    mine = Booking.objects.filter(student=request.user).select_related("session__teacher", "session__course")
    upcoming = mine.filter(ends_at__gte=now).exclude(status=Booking.Status.CANCELLED).order_by("starts_at")
    past = mine.exclude(pk__in=upcoming.values("pk")).order_by("-starts_at")[:20]
    teachers = list(
        get_user_model()
        .objects.filter(is_teacher=True, is_active=True, schedule__accepts_private_sessions=True)
        .filter(schedule__windows__isnull=False)
        .distinct()
        .select_related("teacher_profile")
        .order_by("display_name")
    )
    online = presence.online_ids(t.pk for t in teachers)
    for teacher in teachers:
        teacher.online = teacher.pk in online
    course_ids = Enrollment.objects.filter(
        student=request.user, status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED]
    ).values("course_id")
    booked = mine.exclude(status=Booking.Status.CANCELLED).values("session_id")
    classes = (
        LiveSession.objects.filter(
            kind=LiveSession.Kind.GROUP,
            status=LiveSession.Status.SCHEDULED,
            starts_at__gt=now,
            course_id__in=course_ids,
        )
        .exclude(pk__in=booked)
        .select_related("teacher", "course")
        .order_by("starts_at")[:30]
    )
    balance = credits.balance(student=request.user)
    lots = (
        CreditLot.objects.filter(student=request.user, remaining__gt=0)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("teacher")
        .order_by(F("expires_at").asc(nulls_last=True), "pk")[:20]
    )
    return render(
        request,
        "scheduling/student_dashboard.html",
        {
            "upcoming": upcoming,
            "past": past,
            "teachers": teachers,
            "classes": classes,
            "balance": balance,
            "lots": lots,
            "offers": credit_offers(request, needs_credits=not balance),
            "feed": calendars.feed_for(request.user),
        },
    )


@role_required(Role.STUDENT)
def book_teacher(request, teacher_id):
    """Students only: a teacher's free slots in the student's own time zone; POST books one (no-JS fallback)."""
    teacher = _teacher_or_404(teacher_id)
    status = 200
    if request.method == "POST":
        try:
            booking = bookings.book_private_session(
                student=request.user, teacher=teacher, starts_at=_parse_start(request.POST.get("starts_at"))
            )
        except SchedulingError as exc:
            messages.error(request, exc.message)
            status = exc.status
        else:
            messages.success(request, _("Booked. A confirmation with a calendar file is on its way."))
            return redirect("scheduling:booking-detail", pk=booking.pk)
    context = _offered(request, teacher)
    can_spend = credits.has_credit_for(student=request.user, teacher=teacher)
    context.update(
        {
            "teacher": teacher,
            "online": presence.is_online(teacher.pk),
            "balance": credits.balance(student=request.user),
            "offers": credit_offers(request, teacher=teacher, needs_credits=not can_spend),
            "api_url": reverse("scheduling:api-bookings"),
        }
    )
    return render(request, "scheduling/book_teacher.html", context, status=status)


def _json_error(message, status):
    return JsonResponse({"error": str(message)}, status=status)


@require_POST
def api_book(request):
    """Students only (JSON): book `{"teacher": id, "starts_at": ISO 8601}`; 201 booked, 409 taken, 4xx refused."""
    if not request.user.is_authenticated:
        return _json_error(_("Log in to book."), 401)
    if not request.user.has_role(Role.STUDENT):
        return _json_error(_("Only students book sessions."), 403)
    try:
        payload = json_object(request.body)
        teacher_id = int(payload.get("teacher"))
    except (TypeError, ValueError, OverflowError):  # OverflowError: a teacher id of 1e400 reads as infinity
        return _json_error(_("Send JSON with a teacher id and a start time."), 400)
    teacher = get_user_model().objects.filter(pk=teacher_id, is_teacher=True, is_active=True).first()
    if teacher is None:
        return _json_error(_("No such teacher."), 400)  # a 404 would be redirected to /en/… by LocaleMiddleware
    try:
        booking = bookings.book_private_session(
            student=request.user, teacher=teacher, starts_at=_parse_start(payload.get("starts_at"))
        )
    except SchedulingError as exc:
        return _json_error(exc.message, exc.status)
    url = reverse("scheduling:booking-detail", args=[booking.pk])
    return JsonResponse(
        {
            "booking": booking.pk,
            "starts_at": booking.starts_at.isoformat(),
            "ends_at": booking.ends_at.isoformat(),
            "url": url,
            "message": _("Booked. A confirmation with a calendar file is on its way."),
        },
        status=201,
    )


def _own_booking(request, pk) -> Booking:
    booking = (
        Booking.objects.filter(pk=pk, student=request.user)
        .select_related("session__teacher", "session__course")
        .first()
    )
    if booking is None:
        raise Http404(_("No such booking."))
    return booking


@role_required(Role.STUDENT)
def booking_detail(request, pk):
    """Students only, their own bookings: confirmation page with the time in their zone, links and actions."""
    booking = _own_booking(request, pk)
    now = timezone.now()
    active = booking.is_active and not booking.session.is_cancelled and booking.session.ends_at > now
    return render(
        request,
        "scheduling/booking_detail.html",
        {
            "booking": booking,
            "session": booking.session,
            "active": active,
            "can_join": active
            and booking.status == Booking.Status.CONFIRMED
            and booking.session.starts_at - bookings.JOIN_OPENS_BEFORE <= now,
            "cancel_preview": bookings.preview_cancellation(booking=booking) if active else None,
        },
    )


@role_required(Role.STUDENT)
def booking_ics(request, pk):
    """Students only, their own bookings: the calendar file."""
    booking = _own_booking(request, pk)
    response = HttpResponse(calendars.booking_ics(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fluentory-session-{booking.pk}.ics"'
    return response


@role_required(Role.STUDENT)
def cancel_booking(request, pk):
    """Students only, their own bookings: GET shows what the policy decides and why; POST cancels."""
    booking = _own_booking(request, pk)
    if request.method != "POST":
        return redirect("scheduling:booking-detail", pk=pk)
    try:
        decision = bookings.cancel_booking(booking=booking, by=request.user)
    except SchedulingError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("scheduling:booking-detail", args=[pk]))
    messages.info(request, _("Cancelled. %(reason)s") % {"reason": decision.reason})
    return redirect("scheduling:booking-detail", pk=pk)


@role_required(Role.STUDENT)
def reschedule(request, pk):
    """Students only, their own private bookings: pick another free slot of the same teacher."""
    booking = _own_booking(request, pk)
    session = booking.session
    status = 200
    if request.method == "POST":
        try:
            decision = bookings.reschedule_booking(
                booking=booking, starts_at=_parse_start(request.POST.get("starts_at")), by=request.user
            )
        except SchedulingError as exc:
            messages.error(request, exc.message)
            status = exc.status
        else:
            messages.success(request, _("Moved. %(reason)s") % {"reason": decision.reason})
            return redirect("scheduling:booking-detail", pk=pk)
    if session.kind != LiveSession.Kind.PRIVATE or not booking.is_active or session.is_cancelled:
        messages.error(request, _("Only confirmed private sessions can be rescheduled."))
        return redirect("scheduling:booking-detail", pk=pk)
    context = _offered(request, session.teacher, exclude_session_id=session.pk)
    context.update(
        {
            "booking": booking,
            "teacher": session.teacher,
            "decision": bookings.policies.decide(action="student_reschedule", starts_at=session.starts_at),
        }
    )
    return render(request, "scheduling/reschedule.html", context, status=status)


@role_required(Role.STUDENT)
def join(request, pk):
    """Students only, their own confirmed bookings: note the join (attendance) and go to the meeting room."""
    booking = _own_booking(request, pk)
    try:
        url = bookings.record_join(booking=booking)
    except SchedulingError as exc:
        messages.error(request, exc.message)
        return redirect("scheduling:booking-detail", pk=pk)
    return HttpResponseRedirect(url)


@require_POST
@role_required(Role.STUDENT)
def join_class(request, session_id):
    """Students only: take a seat in a group class of a course they are enrolled in (or join its waitlist)."""
    session = get_object_or_404(LiveSession, pk=session_id, kind=LiveSession.Kind.GROUP)
    try:
        booking = bookings.join_class(student=request.user, session=session)
    except SchedulingError as exc:
        messages.error(request, exc.message)
        return redirect("scheduling:student-sessions")
    if booking.status == Booking.Status.WAITLISTED:
        messages.info(request, _("The class is full: you are on the waitlist and will be told if a seat frees."))
    else:
        messages.success(request, _("You have a seat in this class."))
    return redirect("scheduling:booking-detail", pk=booking.pk)


@require_POST
@role_required(Role.STUDENT)
def watch_teacher(request, teacher_id):
    """Students only: ask to be told when a teacher comes online."""
    teacher = _teacher_or_404(teacher_id)
    if not TeacherSchedule.objects.filter(teacher=teacher).exists():
        raise Http404(_("No such teacher."))
    presence.watch(student=request.user, teacher=teacher)
    messages.success(request, _("We will tell you when %(name)s comes online.") % {"name": teacher.name})
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/learn/")
        else "scheduling:student-sessions"
    )


@require_POST
@role_required(Role.STUDENT)
def request_extension(request, pk):
    """Students only, their own credits: ask once for more time to use them."""
    lot = CreditLot.objects.filter(pk=pk, student=request.user).first()
    if lot is None:
        raise Http404(_("No such credits."))
    try:
        lot = credit_validity.request_extension(lot=lot, student=request.user)
    except SchedulingError as exc:
        messages.error(request, exc.message)
    else:
        if lot.extended_at:
            messages.success(request, _("Extended: your credits now expire later."))
        else:
            messages.success(request, _("Asked. An admin will look at your request soon."))
    return redirect("scheduling:student-sessions")
