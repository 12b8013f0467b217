"""The admins' report of shares: how often each page was shared, through which network, day by day."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput

from accounts.permissions import require_admin
from analytics.models import Event
from core import sharing as networks

from . import sharing


class SharesFilterSet(WagtailFilterSet):
    since = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label=_("Shared on or after"), widget=AdminDateInput
    )
    network = django_filters.ChoiceFilter(
        field_name="properties__network",
        label=_("Network"),
        choices=[
            *((code, network.label) for code, network in networks.NETWORKS.items()),
            (networks.NATIVE, _("Phone's share sheet")),
        ],
    )

    class Meta:
        model = Event
        fields = []


class SharesReportView(ReportView):
    """Admins only: shares by day, network, page and language, newest first; exportable as CSV or Excel."""

    page_title = _("Shares")
    header_icon = "link"
    index_url_name = "cms_shares_report"
    index_results_url_name = "cms_shares_report_results"
    filterset_class = SharesFilterSet
    paginate_by = 50
    columns = [
        Column("day", label=_("Day")),
        Column("network", label=_("Network")),
        Column("path", label=_("Page")),
        Column("language", label=_("Language")),
        Column("shares", label=_("Shares")),
    ]
    list_export = ["day", "network", "path", "language", "shares"]
    export_headings = {
        "day": _("Day"),
        "network": _("Network"),
        "path": _("Page"),
        "language": _("Language"),
        "shares": _("Shares"),
    }

    def dispatch(self, request, *args, **kwargs):
        require_admin(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return Event.objects.filter(name=sharing.EVENT)

    def get_queryset(self):
        return self.get_base_queryset()

    def get_filtered_queryset(self):
        return sharing.count_by_day(self.filter_queryset(self.get_queryset()))
