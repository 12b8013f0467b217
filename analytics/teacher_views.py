"""The teacher portal's analytics page (/teach/analytics/): figures for the courses a teacher teaches, and only
those, read from the rollups; days and hours are the teacher's own time zone's."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.permissions import role_required
from learning.models import Lesson
from tutor.models import TutorSettings

from .reports import courses as report
from .reports.teachers import Period

DEFAULT_DAYS = 30
STUDENTS_PER_PAGE = 25


class TeacherPeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end of the period must not be before its start."))
        return data

    def days(self, today):
        """Whole days, both ends included; the last 30 days unless the teacher chose others."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        end = data.get("end") or today
        return data.get("start") or end - timedelta(days=DEFAULT_DAYS - 1), end


@role_required(Role.TEACHER)
def teacher_analytics(request):
    """Teachers: completion, quizzes, attendance, tutor use and activity of their own courses' students."""
    zone = ZoneInfo(request.user.time_zone or "UTC")
    form = TeacherPeriodForm(request.GET if {"start", "end"} & set(request.GET) else None)
    first, last = form.days(timezone.now().astimezone(zone).date())
    period = Period(
        start=datetime.combine(first, time.min, tzinfo=zone),
        end=datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )
    course_ids = list(request.user.taught_courses.values_list("pk", flat=True))
    figures = report.teacher_analytics(course_ids=course_ids, period=period, zone=zone)
    page = Paginator(report.student_progress(course_ids=course_ids), STUDENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    lessons = dict(
        Lesson.objects.filter(course_id__in=course_ids, live=True, retired=False)
        .values("course_id")
        .annotate(n=Count("pk"))
        .values_list("course_id", "n")
        .order_by()
    )
    for row in page:
        row["percent"] = report.percent(
            min(row["lessons"], lessons.get(row["course_id"], 0)), lessons.get(row["course_id"])
        )
    chart = {
        "type": "bar",
        "labels": [row["course"] for row in figures.courses],
        "datasets": [
            {"label": _("Completion rate (%)"), "data": [row["completion_rate"] for row in figures.courses]},
            {"label": _("Quiz pass rate (%)"), "data": [row["quiz_pass_rate"] for row in figures.courses]},
            {"label": _("Attendance rate (%)"), "data": [row["attendance_rate"] for row in figures.courses]},
        ],
    }
    heat_rows = [
        {
            "label": WEEKDAYS[row["weekday"] - 1],
            "cells": [
                {"n": n, "shade": round(n * 100 / figures.heat_max) if figures.heat_max else 0} for n in row["hours"]
            ],
        }
        for row in figures.heat_map
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "analytics/teach/analytics.html",
        {
            "form": form,
            "first": first,
            "last": last,
            "zone": zone.key,
            "figures": figures,
            "chart": chart if figures.courses else None,
            "heat_rows": heat_rows,
            "hours": range(24),
            "page": page,
            "query": query.urlencode(),
            "show_examples": TutorSettings.load().teachers_read_conversations,
        },
    )
