"""Course performance and AI tutor usage in the admin's reports, read from the rollups. Admins only."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.admin import AdminOnlyMenuItem
from core.money import Money
from learning.models import Course
from learning.models.courses import CourseType

from . import home
from .report_views import AnalyticsReport, PeriodFilterSet, course_filter, local_days
from .reports import courses as report


def _languages():
    return [(code, code) for code in Course.objects.order_by("language").values_list("language", flat=True).distinct()]


class CoursePerformanceFilterSet(PeriodFilterSet):
    language = django_filters.ChoiceFilter(label=_("Language taught"), choices=_languages, method="keep")
    teacher = django_filters.ModelChoiceFilter(
        label=_("Teacher"),
        queryset=lambda request: get_user_model().objects.filter(is_teacher=True).order_by("display_name", "email"),
        method="keep",
    )
    course_type = django_filters.ChoiceFilter(label=_("Course type"), choices=CourseType.choices, method="keep")


class CoursePerformanceReport(AnalyticsReport):
    """Admins: per course, completion and quiz pass rates, time to complete, rating and refunds."""

    page_title = _("Course performance")
    header_icon = "folder-open-inverse"
    filterset_class = CoursePerformanceFilterSet
    chart_type = "bar"
    index_url_name = "course_performance"
    index_results_url_name = "course_performance_results"
    export_filename = "course-performance"
    list_export = [
        "course",
        "course__language",
        "enrolled",
        "completed",
        "completion_rate",
        "days_to_complete",
        "quiz_attempts",
        "quiz_pass_rate",
        "lessons_completed",
        "rating",
        "reviews",
        "refunds",
    ]
    export_headings = {
        "course": _("Course"),
        "course__language": _("Language"),
        "enrolled": _("Enrollments"),
        "completed": _("Completed"),
        "completion_rate": _("Completion rate (%)"),
        "days_to_complete": _("Average days to complete"),
        "quiz_attempts": _("Quiz attempts"),
        "quiz_pass_rate": _("Quiz pass rate (%)"),
        "lessons_completed": _("Lessons completed"),
        "rating": _("Rating (of 5)"),
        "reviews": _("Reviews"),
        "refunds": _("Refunds"),
    }

    def get_rows(self):
        data = self.filters.form.cleaned_data if self.filters.is_valid() else {}
        teacher = data.get("teacher")
        return report.course_performance(
            period=self.period,
            language=data.get("language") or "",
            teacher_id=teacher.pk if teacher else None,
            course_type=data.get("course_type") or "",
        )

    def get_chart(self, rows):
        return {
            "labels": [row["course"] for row in rows],
            "datasets": [
                {"label": str(_("Completion rate (%)")), "data": [row["completion_rate"] for row in rows]},
                {"label": str(_("Quiz pass rate (%)")), "data": [row["quiz_pass_rate"] for row in rows]},
            ],
        }


class TutorUsageFilterSet(PeriodFilterSet):
    course = course_filter(_("Course"))


class TutorUsageReport(AnalyticsReport):
    """Admins: the AI tutor's questions and what became of them (answered, refused, by moderation, errors, left
    early, reported), tokens, cost and latency per day, course and student, what students ask, and the answers
    they reported."""

    page_title = _("AI tutor usage")
    header_icon = "help"
    filterset_class = TutorUsageFilterSet
    results_template_name = "analytics/admin/tutor_usage_results.html"
    index_url_name = "tutor_usage_report"
    index_results_url_name = "tutor_usage_report_results"
    export_filename = "tutor-usage"
    paginate_by = 100
    list_export = [
        "day",
        "questions",
        "answered",
        "refused",
        "moderated",
        "errors",
        "abandoned",
        "reported",
        "tokens_in",
        "tokens_out",
        "cost",
        "latency",
    ]
    export_headings = {
        "day": _("Day"),
        "questions": _("Questions"),
        "answered": _("Answered"),
        "refused": _("Refused"),
        "moderated": _("Of which by moderation"),
        "errors": _("Errors"),
        "abandoned": _("Left early"),
        "reported": _("Reported"),
        "tokens_in": _("Tokens in"),
        "tokens_out": _("Tokens out"),
        "cost": _("Cost"),
        "latency": _("Average latency (ms)"),
    }

    @property
    def usage(self) -> report.TutorUsage:
        if not hasattr(self, "_usage"):
            data = self.filters.form.cleaned_data if self.filters.is_valid() else {}
            course = data.get("course")
            self._usage = report.tutor_usage(
                period=self.period,
                days=self.date_range,
                zone=timezone.get_current_timezone(),
                course_id=course.pk if course else None,
            )
        return self._usage

    def get_rows(self):
        return self.usage.days

    def get_chart(self, rows):
        # Questions and what became of them, day by day; the cost is in the tables (an offline tutor costs nothing).
        return {
            "labels": [row["day"].isoformat() for row in rows],
            "datasets": [
                {"label": str(_("Questions")), "data": [row["questions"] for row in rows]},
                {"label": str(_("Answered")), "data": [row["answered"] for row in rows]},
                {"label": str(_("Refused")), "data": [row["refused"] for row in rows]},
            ],
        }

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context.update(usage=self.usage, currency=settings.FLUENTORY_REPORTING_CURRENCY)
        return context


@hooks.register("register_admin_urls")
def course_report_urls():
    return [
        path("reports/courses/", CoursePerformanceReport.as_view(), name="course_performance"),
        path(
            "reports/courses/results/",
            CoursePerformanceReport.as_view(results_only=True),
            name="course_performance_results",
        ),
        path("reports/tutor-usage/", TutorUsageReport.as_view(), name="tutor_usage_report"),
        path(
            "reports/tutor-usage/results/",
            TutorUsageReport.as_view(results_only=True),
            name="tutor_usage_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def course_performance_menu_item():
    return AdminOnlyMenuItem(
        _("Course performance"), reverse("course_performance"), icon_name="folder-open-inverse", order=720
    )


@hooks.register("register_reports_menu_item")
def tutor_usage_menu_item():
    return AdminOnlyMenuItem(_("AI tutor usage"), reverse("tutor_usage_report"), icon_name="help", order=730)


@home.figure_provider(order=30)
def learning_figures(days):
    counts = report.headline(period=local_days(*days))
    cost = Money(counts["tutor_cost"], settings.FLUENTORY_REPORTING_CURRENCY)
    return [
        home.Figure(
            _("Courses completed"),
            formats.number_format(counts["completions"], force_grouping=True),
            reverse("course_performance"),
        ),
        home.Figure(
            _("AI tutor questions"),
            formats.number_format(counts["tutor_questions"], force_grouping=True),
            reverse("tutor_usage_report"),
        ),
        home.Figure(_("AI tutor cost"), cost.format(), reverse("tutor_usage_report")),
    ]
