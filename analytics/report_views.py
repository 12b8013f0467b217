"""The base of every analytics report in the Wagtail admin: admins only, a date range in the admin's time zone,
a chart drawn from the rows the table shows, and Wagtail's CSV and Excel export of the same rows.

A report subclasses `AnalyticsReport`, adds its own filters to a `PeriodFilterSet` subclass, and implements
`get_rows()` (a list of dicts or a queryset of `values()`, read from rollup tables for `self.period`) and, when a
chart helps, `get_chart(rows)`. Filtering happens in `get_rows()`: the filter set only validates the form.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.widgets import AdminSnippetChooser

from accounts.permissions import require_admin
from learning.models import Course

from .models import RollupWatermark
from .reports.teachers import Period

DEFAULT_DAYS = 30
REPORT_MEDIA = forms.Media(
    js=["vendor/chartjs/chart.umd.min.js", "js/charts.js"], css={"all": ["analytics/admin-figures.css"]}
)


class FigureColumn(Column):
    """A report's cell; a day reads as a short date, which keeps a table of many figures narrow."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if isinstance(value, date) and not isinstance(value, datetime):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        return value


def local_days(start: date, end: date) -> Period:
    """Whole days in the current time zone, both ends included, as UTC instants: [start of the first day, start
    of the day after the last)."""
    zone = timezone.get_current_timezone()
    return Period(
        start=datetime.combine(start, time.min, tzinfo=zone),
        end=datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


class CourseChooser(AdminSnippetChooser):
    """Wagtail's course chooser: a hidden `?course=<pk>` and a searching modal, where a `<select>` would render
    an option per course into every report page."""

    def __init__(self, **kwargs):
        super().__init__(Course, icon="doc-full-inverse", **kwargs)

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (TypeError, ValueError):  # not an id: the field says why, the chooser shows nothing chosen
            return None


def course_filter(label) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=label, queryset=Course.objects.all(), widget=CourseChooser, method="keep"
    )


class PeriodFilterSet(WagtailFilterSet):
    """The date range every report has: whole days in the admin's time zone, both ends included."""

    period = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date range"), widget=DateRangePickerWidget, method="keep"
    )

    def keep(self, queryset, name, value):
        return queryset

    def cleaned(self, name: str, default):
        """A filter's valid value, or `default` when it is empty or refused (the form shows why); one refused
        filter leaves the others applied."""
        self.is_valid()
        return self.form.cleaned_data.get(name) or default

    def clean_range(self) -> tuple[date, date]:
        today = timezone.localdate()
        value = self.cleaned("period", None)
        # The range field gives the first and last instants of those days in the current time zone: keep the days.
        start = timezone.localdate(value.start) if value and value.start else None
        end = timezone.localdate(value.stop) if value and value.stop else None
        if start and end and end < start:
            self.form.add_error("period", _("The end of the range must not be before its start."))
            start = end = None
        end = end or today
        start = start or min(end, today) - timedelta(days=DEFAULT_DAYS - 1)
        return start, end


class AnalyticsReport(ReportView):
    template_name = "analytics/admin/report.html"
    results_template_name = "analytics/admin/report_results.html"
    filterset_class = PeriodFilterSet
    header_icon = "table"
    paginate_by = 50
    # Chart.js chart type for `get_chart`: "line" for trends, "bar" for comparisons.
    chart_type = "line"

    def dispatch(self, request, *args, **kwargs):
        require_admin(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def date_range(self) -> tuple[date, date]:
        return self.filters.clean_range()

    @cached_property
    def period(self) -> Period:
        return local_days(*self.date_range)

    @cached_property
    def columns(self):
        """One column per exported field, headed as in the export, unless a report lays out its own."""
        return [FigureColumn(field, label=self.export_headings.get(field, field)) for field in self.list_export]

    def get_filename(self):
        start, end = self.date_range
        return f"{self.export_filename}-{start:%Y-%m-%d}-{end:%Y-%m-%d}"

    def get_filterset_kwargs(self):
        # The filter set validates the form; the rows are read in `get_rows`, so it never filters a queryset.
        return {**super().get_filterset_kwargs(), "queryset": RollupWatermark.objects.none()}

    def filter_queryset(self, queryset):
        return queryset

    def get_queryset(self):
        return self.get_rows()

    def get_rows(self):
        raise NotImplementedError

    def get_chart(self, rows) -> dict | None:
        """`{"labels": [...], "datasets": [{"label": ..., "data": [...]}]}` drawn above the table, or None."""
        return None

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        chart = self.get_chart(self.object_list)
        if chart:
            chart.setdefault("type", self.chart_type)
        context.update(chart=chart, date_range=self.date_range)
        context["media"] = context.get("media", forms.Media()) + REPORT_MEDIA
        return context
