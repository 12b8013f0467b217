"""The revenue report in the Wagtail admin's reports menu, and the revenue figures on the admin home. Admins only."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from core.admin import AdminOnlyMenuItem
from core.money import Money

from . import home
from .report_views import AnalyticsReport, PeriodFilterSet, local_days
from .reports import revenue


class RevenueFilterSet(PeriodFilterSet):
    group_by = django_filters.ChoiceFilter(
        label=gettext_lazy("Group by"), choices=list(revenue.GROUPS.items()), method="keep", empty_label=None
    )
    granularity = django_filters.ChoiceFilter(
        label=gettext_lazy("Trend by"), choices=list(revenue.GRANULARITIES.items()), method="keep", empty_label=None
    )
    currency = django_filters.ChoiceFilter(
        label=gettext_lazy("Currency paid in"),
        choices=[(code, code) for code in settings.FLUENTORY_CURRENCIES],
        method="keep",
        empty_label=gettext_lazy("All currencies"),
    )


class RevenueReport(AnalyticsReport):
    """Payments, refunds and net revenue per day, week or month in the admin's time zone, per currency (as paid
    and converted) or per course, teacher or partner (converted); the chart stacks each currency's net revenue."""

    page_title = gettext_lazy("Revenue")
    filterset_class = RevenueFilterSet
    export_filename = "revenue"
    index_url_name = "analytics_revenue"
    index_results_url_name = "analytics_revenue_results"
    chart_type = "bar"

    @cached_property
    def group_by(self) -> str:
        return self.filters.cleaned("group_by", "currency")

    @cached_property
    def granularity(self) -> str:
        return self.filters.cleaned("granularity", "day")

    @cached_property
    def currency(self) -> str:
        return self.filters.cleaned("currency", "")

    @property
    def list_export(self) -> list[str]:
        if self.group_by == "currency":
            return ["step", "group", "payments", "gross", "refunds", "refunded", "net", *self._converted]
        return ["step", "group", "payments", "refunds", *self._converted]

    _converted = ["gross_converted", "refunded_converted", "net_converted"]

    @property
    def export_headings(self) -> dict[str, str]:
        reporting = settings.FLUENTORY_REPORTING_CURRENCY
        return {
            "step": {"day": _("Day"), "week": _("Week starting"), "month": _("Month")}[self.granularity],
            "group": str(revenue.GROUPS[self.group_by]),
            "payments": _("Payments"),
            "gross": _("Paid (as paid)"),
            "refunds": _("Refunds"),
            "refunded": _("Refunded (as paid)"),
            "net": _("Net (as paid)"),
            "gross_converted": _("Paid (%(currency)s)") % {"currency": reporting},
            "refunded_converted": _("Refunded (%(currency)s)") % {"currency": reporting},
            "net_converted": _("Net (%(currency)s)") % {"currency": reporting},
        }

    def get_rows(self):
        return revenue.revenue_rows(
            period=self.period,
            zone=self.zone,
            group_by=self.group_by,
            granularity=self.granularity,
            currency=self.currency,
        )

    def get_chart(self, rows) -> dict:
        if self.group_by == "currency":  # the table's own rows: no second query
            series: dict[str, dict] = {}
            for row in rows:
                series.setdefault(row["currency"], {})[row["step"]] = row["net_converted"]
        else:
            series = revenue.net_by_currency(
                period=self.period, zone=self.zone, granularity=self.granularity, currency=self.currency
            )
        labels = revenue.steps(*self.date_range, self.granularity)
        reporting = settings.FLUENTORY_REPORTING_CURRENCY
        return {
            "labels": labels,
            "datasets": [
                {
                    "label": _("Net revenue paid in %(paid)s, in %(reporting)s")
                    % {"paid": code, "reporting": reporting},
                    "data": [float(values.get(label, 0)) for label in labels],
                }
                for code, values in sorted(series.items())
            ],
            "stacked": True,
        }

    @cached_property
    def zone(self):
        return timezone.get_current_timezone()


@hooks.register("register_admin_urls")
def revenue_urls():
    return [
        path("reports/revenue/", RevenueReport.as_view(), name="analytics_revenue"),
        path("reports/revenue/results/", RevenueReport.as_view(results_only=True), name="analytics_revenue_results"),
    ]


@hooks.register("register_reports_menu_item")
def revenue_menu_item():
    return AdminOnlyMenuItem(_("Revenue"), reverse("analytics_revenue"), icon_name="table", order=700)


@home.figure_provider(order=10)
def revenue_figures(days):
    figures = revenue.totals(period=local_days(*days))
    net = Money(figures["net"], settings.FLUENTORY_REPORTING_CURRENCY)
    return [
        home.Figure(_("Net revenue"), net.format(), reverse("analytics_revenue")),
        home.Figure(_("Payments"), formats.number_format(figures["payments"], force_grouping=True)),
        home.Figure(_("Refunds"), formats.number_format(figures["refunds"], force_grouping=True)),
    ]
