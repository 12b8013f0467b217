"""The enrollment funnel and retention reports in the Wagtail admin (Reports menu), admins only."""

from __future__ import annotations

import django_filters
from django.urls import path, reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from accounts.models import User
from core.admin import AdminOnlyMenuItem
from learning.models import Course

from . import home
from .report_views import AnalyticsReport, PeriodFilterSet, course_filter, local_days
from .reports import funnel as figures


def _languages():
    return [
        (language, language)
        for language in Course.objects.values_list("language", flat=True).distinct().order_by("language")
    ]


def _utm_sources():
    return [(source, source) for source in figures.utm_sources()]


class RetentionFilterSet(PeriodFilterSet):
    course = course_filter(gettext_lazy("Course"))
    language = django_filters.ChoiceFilter(label=gettext_lazy("Language"), choices=_languages, method="keep")


class FunnelFilterSet(RetentionFilterSet):
    utm_source = django_filters.ChoiceFilter(
        label=gettext_lazy("Traffic source (UTM)"), choices=_utm_sources, method="keep"
    )
    partner = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Partner"),
        queryset=User.objects.filter(is_partner=True).order_by("display_name", "email"),
        method="keep",
    )


class _FilteredReport(AnalyticsReport):
    @cached_property
    def chosen(self) -> dict:
        data = self.filters.form.cleaned_data if self.filters.is_valid() else {}
        return {name: value for name, value in data.items() if name != "period" and value}


class FunnelReport(_FilteredReport):
    """Admins: how many distinct visitors reached each step of the way to completing a course, and who dropped."""

    page_title = gettext_lazy("Enrollment funnel")
    header_icon = "order-down"
    filterset_class = FunnelFilterSet
    chart_type = "bar"
    export_filename = "enrollment-funnel"
    index_url_name = "analytics_funnel"
    index_results_url_name = "analytics_funnel_results"
    list_export = ["step", "visitors", "of_previous", "of_first", "dropped"]
    export_headings = {
        "step": gettext_lazy("Step"),
        "visitors": gettext_lazy("Visitors"),
        "of_previous": gettext_lazy("Conversion from the previous step (%)"),
        "of_first": gettext_lazy("Conversion from the first visit (%)"),
        "dropped": gettext_lazy("Drop-off from the previous step"),
    }

    def get_rows(self):
        return [
            {
                "step": str(row.step.label),
                "visitors": row.visitors,
                "of_previous": row.of_previous,
                "of_first": row.of_first,
                "dropped": row.dropped,
            }
            for row in figures.funnel(period=self.period, **self.chosen)
        ]

    def get_chart(self, rows):
        return {
            "labels": [row["step"] for row in rows],
            "datasets": [{"label": str(_("Visitors")), "data": [row["visitors"] for row in rows]}],
        }


class RetentionReport(_FilteredReport):
    """Admins: cohorts by week of enrollment, the share active 1, 2 and 4 weeks on, churn and engagement."""

    page_title = gettext_lazy("Retention")
    header_icon = "history"
    filterset_class = RetentionFilterSet
    chart_type = "bar"
    export_filename = "retention"
    index_url_name = "analytics_retention"
    index_results_url_name = "analytics_retention_results"
    list_export = ["week", "enrolled", "week_1", "week_2", "week_4", "churned", "lessons", "minutes"]
    export_headings = {
        "week": gettext_lazy("Enrolled in the week of"),
        "enrolled": gettext_lazy("Enrollments"),
        "week_1": gettext_lazy("Active in week 1 (%)"),
        "week_2": gettext_lazy("Active in week 2 (%)"),
        "week_4": gettext_lazy("Active in week 4 (%)"),
        "churned": gettext_lazy("Churned (%)"),
        "lessons": gettext_lazy("Lessons completed per active student"),
        "minutes": gettext_lazy("Minutes per active student"),
    }

    def get_rows(self):
        return [
            {
                "week": cohort.week,
                "enrolled": cohort.enrolled,
                "week_1": cohort.retained[1],
                "week_2": cohort.retained[2],
                "week_4": cohort.retained[4],
                "churned": cohort.churned,
                "lessons": cohort.lessons_per_active,
                "minutes": cohort.minutes_per_active,
            }
            for cohort in figures.retention(period=self.period, **self.chosen)
        ]

    def get_chart(self, rows):
        return {
            "labels": [row["week"].isoformat() for row in rows],
            "datasets": [
                {"label": str(self.export_headings[f"week_{week}"]), "data": [row[f"week_{week}"] for row in rows]}
                for week in figures.RETENTION_WEEKS
            ],
        }


@hooks.register("register_admin_urls")
def funnel_urls():
    return [
        path("reports/funnel/", FunnelReport.as_view(), name="analytics_funnel"),
        path("reports/funnel/results/", FunnelReport.as_view(results_only=True), name="analytics_funnel_results"),
        path("reports/retention/", RetentionReport.as_view(), name="analytics_retention"),
        path(
            "reports/retention/results/",
            RetentionReport.as_view(results_only=True),
            name="analytics_retention_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def funnel_menu_item():
    return AdminOnlyMenuItem(_("Enrollment funnel"), reverse("analytics_funnel"), icon_name="order-down", order=720)


@hooks.register("register_reports_menu_item")
def retention_menu_item():
    return AdminOnlyMenuItem(_("Retention"), reverse("analytics_retention"), icon_name="history", order=730)


@home.figure_provider(order=20)
def enrollment_figures(days):
    counts = figures.headline_figures(local_days(*days))
    return [
        home.Figure(
            _("New enrollments"),
            formats.number_format(counts["enrollments"], force_grouping=True),
            reverse("analytics_funnel"),
        )
    ]
