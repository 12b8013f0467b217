"""Back-office screens: grant or remove credits by hand with a reason, approve extensions, and read a teacher's
week. Admins only."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import require_admin

from . import selectors
from .models import CreditLot, TeacherSchedule
from .services import credit_adjustments, credit_validity, credits
from .services.errors import SchedulingError


class AdjustCreditsForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        choices=[("grant", gettext_lazy("Grant credits")), ("remove", gettext_lazy("Remove unused credits"))],
        widget=forms.RadioSelect,
        initial="grant",
    )
    student = forms.EmailField(label=gettext_lazy("Student's email"))
    quantity = forms.IntegerField(label=gettext_lazy("Credits"), min_value=1, max_value=500)
    reason = forms.CharField(label=gettext_lazy("Reason (kept in the audit log)"), max_length=300)
    teacher = forms.EmailField(
        label=gettext_lazy("Only with this teacher (email)"), required=False, help_text=gettext_lazy("Grants only.")
    )
    valid_days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=1095,
        required=False,
        help_text=gettext_lazy("Grants only; empty: no expiry."),
    )

    def clean_student(self):
        student = get_user_model().objects.filter(email__iexact=self.cleaned_data["student"], is_student=True).first()
        if student is None:
            raise forms.ValidationError(_("No student has this email."))
        return student

    def clean_teacher(self):
        email = self.cleaned_data.get("teacher")
        if not email:
            return None
        teacher = get_user_model().objects.filter(email__iexact=email, is_teacher=True).first()
        if teacher is None:
            raise forms.ValidationError(_("No teacher has this email."))
        return teacher


def adjust_credits(request):
    """Admins: grant or remove a student's credits by hand, and see extensions waiting for approval."""
    require_admin(request)
    form = AdjustCreditsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        student = data["student"]
        try:
            if data["action"] == "grant":
                days = data.get("valid_days")
                credit_adjustments.grant_by_admin(
                    student=student,
                    quantity=data["quantity"],
                    reason=data["reason"],
                    by=request.user,
                    teacher=data.get("teacher"),
                    expires_at=timezone.now() + timedelta(days=days) if days else None,
                )
                messages.success(request, _("Granted. %(name)s has %(count)d credits.") % _summary(student))
            else:
                taken = credit_adjustments.remove_by_admin(
                    student=student, quantity=data["quantity"], reason=data["reason"], by=request.user
                )
                messages.success(
                    request,
                    _("Removed %(taken)d unused credits. %(name)s has %(count)d credits.")
                    % {"taken": taken, **_summary(student)},
                )
            return redirect("scheduling_credits:index")
        except SchedulingError as exc:
            form.add_error(None, exc.message)
    waiting = (
        CreditLot.objects.filter(extension_requested_at__isnull=False, extended_at__isnull=True, remaining__gt=0)
        .select_related("student", "teacher")
        .order_by("extension_requested_at")
    )
    return render(
        request,
        "scheduling/admin/adjust_credits.html",
        {
            "page_title": _("Session credits"),
            "header_icon": "form",
            "form": form,
            "waiting": Paginator(waiting, 50).get_page(request.GET.get("p")),
        },
        status=400 if request.method == "POST" else 200,
    )


def _summary(student) -> dict:
    return {"name": student.name, "count": credits.balance(student=student)}


@require_POST
def approve_extension(request, pk):
    """Admins: give a requested extension (once per grant)."""
    require_admin(request)
    lot = get_object_or_404(CreditLot, pk=pk)
    try:
        credit_validity.approve_extension(lot=lot, by=request.user)
    except SchedulingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Extended."))
    return redirect("scheduling_credits:index")


def teacher_calendar(request, user_id):
    """Admins: one teacher's week, read-only: open hours, and live sessions (past ones with their attendance)."""
    require_admin(request)
    teacher = get_object_or_404(get_user_model(), pk=user_id, is_teacher=True)
    schedule = TeacherSchedule.objects.filter(teacher=teacher).first()  # reading never creates one
    zone = zoneinfo.ZoneInfo(schedule.time_zone if schedule else teacher.time_zone or "UTC")
    week = selectors.week_containing(request.GET.get("week", ""), zone=zone)
    days = selectors.teacher_week(teacher=teacher, schedule=schedule, week=week, include_cancelled=True)
    with timezone.override(zone):
        return render(
            request,
            "scheduling/admin/teacher_calendar.html",
            {
                "page_title": _("Calendar of %(name)s") % {"name": teacher.name},
                "header_icon": "date",
                "teacher": teacher,
                "schedule": schedule,
                "zone": zone,
                "days": days,
                "week": week,
                "previous_week": week - timedelta(days=7),
                "next_week": week + timedelta(days=7),
                "now": timezone.now(),
            },
        )
