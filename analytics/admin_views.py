"""The reports area of the Wagtail admin: teacher performance, for everyone and per teacher. Admins only."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import require_admin

from .reports import teachers as report

PER_PAGE = 50


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end of the period must not be before its start."))
        return data

    def period(self) -> report.Period:
        """Whole days in the admin's time zone, both ends included."""
        zone = timezone.get_current_timezone()
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        return report.Period(
            start=datetime.combine(start, time.min, tzinfo=zone) if start else None,
            end=datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone) if end else None,
        )


def _period(request) -> tuple[PeriodForm, report.Period]:
    form = PeriodForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return PeriodForm(), report.Period()
    return form, form.period() if form.is_bound else report.Period()


def teacher_performance(request):
    """Admins: every teacher's headline figures for a period, sortable by any of them."""
    require_admin(request)
    form, period = _period(request)
    sort = request.GET.get("sort", "name")
    sort = sort if sort.lstrip("-") in report.SORTS else "name"
    rows = report.teacher_rows(period=period, sort=sort.lstrip("-"), descending=sort.startswith("-"))
    query = request.GET.copy()
    query.pop("p", None)
    query.pop("sort", None)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("p"))
    return render(
        request,
        "analytics/admin/teacher_performance.html",
        {
            "page_title": _("Teacher performance"),
            "header_icon": "crosshairs",
            "form": form,
            "page": page,
            "elided_page_range": page.paginator.get_elided_page_range(page.number),
            "sort": sort,
            "query": query.urlencode(),
        },
    )


def teacher_performance_detail(request, user_id):
    """Admins: one teacher's figures for a period, and the same figures for each course they teach."""
    require_admin(request)
    teacher = get_object_or_404(get_user_model(), pk=user_id, is_teacher=True)
    form, period = _period(request)
    figures = report.figures_by(teacher_ids=[teacher.pk], period=period)[teacher.pk]
    by_course = report.figures_by_course(teacher=teacher, period=period)
    courses = list(teacher.taught_courses.filter(pk__in=by_course).order_by("title"))
    return render(
        request,
        "analytics/admin/teacher_performance_detail.html",
        {
            "page_title": _("Performance of %(name)s") % {"name": teacher.name},
            "header_icon": "crosshairs",
            "teacher": teacher,
            "form": form,
            "figures": figures,
            "courses": [(course, by_course[course.pk]) for course in courses],
        },
    )
