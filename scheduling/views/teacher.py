"""Teachers' screens under /teach/schedule/: week calendar, hours, overrides, blocks, classes, attendance."""

import zoneinfo
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import record
from accounts.models import Role
from accounts.permissions import role_required

from .. import selectors
from ..forms import BlockedTimeForm, DateOverrideForm, GroupClassForm, ScheduleSettingsForm, WeeklyHoursForm
from ..models import BlockedTime, Booking, LiveSession, Weekday
from ..services import bookings, calendars, hours, presence
from ..services.errors import SchedulingError


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@role_required(Role.TEACHER)
def calendar(request):
    """Teachers only: their own week calendar (hours, overrides, blocks, sessions) in their schedule's zone."""
    schedule = bookings.schedule_for(request.user)
    zone = zoneinfo.ZoneInfo(schedule.time_zone)
    week = selectors.week_containing(request.GET.get("week", ""), zone=zone)
    columns = selectors.teacher_week(teacher=request.user, schedule=schedule, week=week)
    overrides = list(schedule.overrides.filter(date__gte=timezone.now().astimezone(zone).date() - timedelta(days=1)))
    blocks = list(BlockedTime.objects.filter(teacher=request.user, ends_at__gt=timezone.now()).order_by("starts_at"))
    with timezone.override(zone):
        return render(
            request,
            "scheduling/teacher_calendar.html",
            {
                "schedule": schedule,
                "zone": zone,
                "columns": columns,
                "week": week,
                "previous_week": week - timedelta(days=7),
                "next_week": week + timedelta(days=7),
                # The week starts on Monday, so each weekday's hours are those of its column.
                "windows_by_day": [(label, columns[value].weekly) for value, label in Weekday.choices],
                "overrides": overrides,
                "blocks": blocks,
                "hours_form": WeeklyHoursForm(),
                # Several forms on one page share field names: each gets its own ids.
                "override_form": DateOverrideForm(auto_id="override_%s"),
                "block_form": BlockedTimeForm(auto_id="block_%s"),
                "settings_form": ScheduleSettingsForm(instance=schedule),
                "feed": calendars.feed_for(request.user),
            },
        )


def _or_404(change, **kwargs) -> None:
    """Another teacher's hours look exactly like hours that do not exist."""
    try:
        change(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def _back(request, anchor=""):
    return HttpResponseRedirect(reverse("scheduling:teacher-calendar") + anchor)


@require_POST
@role_required(Role.TEACHER)
def add_hours(request):
    """Teachers only: add weekly hours on one or more days of their own schedule."""
    form = WeeklyHoursForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request, "#hours")
    hours.add_weekly_hours(teacher=request.user, **form.cleaned_data)
    messages.success(request, _("Weekly hours saved."))
    return _back(request, "#hours")


@require_POST
@role_required(Role.TEACHER)
def delete_hours(request, pk):
    """Teachers only: remove one of their own weekly windows."""
    _or_404(hours.remove_weekly_hours, teacher=request.user, window_id=pk)
    messages.success(request, _("Weekly hours removed."))
    return _back(request, "#hours")


@require_POST
@role_required(Role.TEACHER)
def add_override(request):
    """Teachers only: extra hours or a day off on a date of their own schedule."""
    form = DateOverrideForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request, "#overrides")
    hours.add_date_override(teacher=request.user, **form.cleaned_data)
    messages.success(request, _("Date override saved."))
    return _back(request, "#overrides")


@require_POST
@role_required(Role.TEACHER)
def delete_override(request, pk):
    """Teachers only: remove one of their own date overrides."""
    _or_404(hours.remove_date_override, teacher=request.user, override_id=pk)
    messages.success(request, _("Date override removed."))
    return _back(request, "#overrides")


@require_POST
@role_required(Role.TEACHER)
def add_block(request):
    """Teachers only: block a stretch of their own time (typed in their schedule's zone)."""
    schedule = bookings.schedule_for(request.user)
    with timezone.override(zoneinfo.ZoneInfo(schedule.time_zone)):
        form = BlockedTimeForm(request.POST)
        valid = form.is_valid()
    if not valid:
        _form_errors(request, form)
        return _back(request, "#blocks")
    hours.block_time(teacher=request.user, **form.cleaned_data)
    messages.success(request, _("Time blocked."))
    return _back(request, "#blocks")


@require_POST
@role_required(Role.TEACHER)
def delete_block(request, pk):
    """Teachers only: unblock one of their own blocked times."""
    _or_404(hours.unblock_time, teacher=request.user, block_id=pk)
    messages.success(request, _("Blocked time removed."))
    return _back(request, "#blocks")


@require_POST
@role_required(Role.TEACHER)
def update_settings(request):
    """Teachers only: their own booking rules (length, buffers, notice, daily maximum, horizon, zone)."""
    schedule = bookings.schedule_for(request.user)
    form = ScheduleSettingsForm(request.POST, instance=schedule)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request, "#settings")
    form.save()
    record(actor=request.user, action="scheduling.settings_changed", target=schedule)
    messages.success(request, _("Booking rules saved."))
    return _back(request, "#settings")


@role_required(Role.TEACHER)
def sessions(request):
    """Teachers only: their own upcoming and recent sessions, in their own time zone."""
    now = timezone.now()
    mine = LiveSession.objects.filter(teacher=request.user).select_related("course", "teacher")
    upcoming = mine.filter(ends_at__gte=now).order_by("starts_at")[:100]
    past = mine.filter(ends_at__lt=now).order_by("-starts_at")[:30]
    return render(request, "scheduling/teacher_sessions.html", {"upcoming": upcoming, "past": past})


@role_required(Role.TEACHER)
def new_class(request):
    """Teachers only: schedule a group class for a live or hybrid course they teach."""
    form = GroupClassForm(request.POST or None, teacher=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session = bookings.create_group_class(teacher=request.user, **form.cleaned_data)
        except SchedulingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Class scheduled."))
            return redirect("scheduling:teacher-session", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "scheduling/teacher_class_form.html", {"form": form}, status=status)


def _own_session(request, pk) -> LiveSession:
    session = LiveSession.objects.filter(pk=pk, teacher=request.user).select_related("course", "teacher").first()
    if session is None:
        raise Http404(_("No such session."))
    return session


@role_required(Role.TEACHER)
def session_detail(request, pk):
    """Teachers only, their own sessions: roster, waitlist, meeting link, attendance, cancellation."""
    session = _own_session(request, pk)
    roster = list(session.bookings.filter(status=Booking.Status.CONFIRMED).select_related("student"))
    for booking in roster:
        booking.suggested = bookings.suggested_attendance(booking)
    waitlist = session.bookings.filter(status=Booking.Status.WAITLISTED).select_related("student").order_by("booked_at")
    return render(
        request,
        "scheduling/teacher_session.html",
        {
            "session": session,
            "roster": roster,
            "waitlist": waitlist,
            "attendance_choices": [c for c in Booking.Attendance.choices if c[0]],
            "started": session.starts_at <= timezone.now(),
        },
    )


@require_POST
@role_required(Role.TEACHER)
def cancel_session(request, pk):
    """Teachers only, their own sessions: cancel; every student gets the credit back and is told."""
    session = _own_session(request, pk)
    try:
        count = bookings.cancel_session(session=session, by=request.user, reason=request.POST.get("reason", "")[:200])
    except SchedulingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Session cancelled; %(count)d student(s) told and refunded.") % {"count": count})
    return redirect("scheduling:teacher-session", pk=pk)


@require_POST
@role_required(Role.TEACHER)
def attendance(request, pk):
    """Teachers only, their own sessions: confirm each student's attendance."""
    session = _own_session(request, pk)
    saved = 0
    with transaction.atomic():
        for booking in session.bookings.filter(status=Booking.Status.CONFIRMED):
            value = request.POST.get(f"attendance-{booking.pk}")
            if not value:
                continue
            try:
                bookings.record_attendance(booking=booking, attendance=value, by=request.user)
            except SchedulingError as exc:
                transaction.set_rollback(True)
                messages.error(request, exc.message)
                return redirect("scheduling:teacher-session", pk=pk)
            saved += 1
    messages.success(request, _("Attendance saved for %(count)d student(s).") % {"count": saved})
    return redirect("scheduling:teacher-session", pk=pk)


@role_required(Role.TEACHER)
def join_session(request, pk):
    """Teachers only, their own sessions: go to the meeting room."""
    session = _own_session(request, pk)
    if session.is_cancelled:
        messages.error(request, _("This session is cancelled."))
        return redirect("scheduling:teacher-session", pk=pk)
    return HttpResponseRedirect(session.meeting_url)


@require_POST
@role_required(Role.TEACHER)
def heartbeat(request):
    """Teachers only: their pages ping this while open, so students see them online."""
    came_online = presence.heartbeat(user=request.user)
    return JsonResponse({"online": True, "came_online": came_online})
