from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin import ReadOnlyPermissionPolicy

from .admin_views import OutboxIndexView, OutboxInspectView
from .forms import SuppressionForm
from .models import EmailSuppression, EmailTemplate, OutboxEmail, Sequence, SequenceDelivery, SequenceEntry


class OutboxViewSet(ModelViewSet):
    model = OutboxEmail
    icon = "mail"
    menu_label = _("Email outbox")
    menu_order = 910
    add_to_admin_menu = True
    index_view_class = OutboxIndexView
    index_template_name = "notifications/admin/outbox_index.html"
    list_display = ["created_at", "to", "subject", "key", "status"]
    list_filter = ["status", "key"]
    search_fields = ["to", "subject"]
    inspect_view_enabled = True
    inspect_view_class = OutboxInspectView
    inspect_template_name = "notifications/admin/outbox_inspect.html"
    inspect_view_fields = ["created_at", "to", "from_email", "subject", "key", "headers", "status", "error", "body"]
    form_fields = ["subject"]  # required by ModelViewSet; no form is ever shown
    permission_policy = ReadOnlyPermissionPolicy(OutboxEmail)


class SuppressionPermissionPolicy(ReadOnlyPermissionPolicy):
    """Admins add an address by hand or remove one that was suppressed by mistake; a row is never edited."""

    refused_actions = frozenset({"change"})


class SuppressionViewSet(ModelViewSet):
    model = EmailSuppression
    icon = "cross"
    menu_label = _("Suppressed addresses")
    menu_order = 911
    add_to_admin_menu = True
    list_display = ["address", "reason", "created_at"]
    list_filter = ["reason"]
    search_fields = ["address"]
    inspect_view_enabled = True
    inspect_view_fields = ["address", "reason", "note", "event", "created_at"]
    form_fields = ["address", "reason", "note"]
    permission_policy = SuppressionPermissionPolicy(EmailSuppression)

    def get_form_class(self, for_update=False):
        return SuppressionForm


@hooks.register("register_admin_viewset")
def register_outbox():
    return OutboxViewSet()


@hooks.register("register_admin_viewset")
def register_suppressions():
    return SuppressionViewSet()


class EmailTemplateViewSet(SnippetViewSet):
    model = EmailTemplate
    icon = "mail"
    menu_label = _("Email templates")
    menu_order = 905
    add_to_admin_menu = True
    list_display = ["key", "subject", "locale"]
    list_filter = ["key", "locale"]
    search_fields = ["subject"]


register_snippet(EmailTemplateViewSet)


def _count(queryset, sequence: str, **filters):
    """A per-sequence count as a subquery: one query for the whole list, however many people are in sequences."""
    rows = (
        queryset.filter(**{sequence: OuterRef("pk")}, **filters)
        .order_by()
        .values(sequence)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class SequenceViewSet(SnippetViewSet):
    """Sequences with their steps, and how many people entered, were emailed and left each one."""

    model = Sequence
    icon = "mail"
    menu_label = _("Email sequences")
    menu_order = 906
    add_to_admin_menu = True
    list_display = [
        "name",
        "trigger",
        "active",
        Column("entered", label=_("Entered")),
        Column("sent", label=_("Emails sent")),
        Column("exited", label=_("Left (exit met)")),
    ]
    list_filter = ["trigger", "active"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return Sequence.objects.annotate(
            entered=_count(SequenceEntry.objects, "sequence"),
            exited=_count(SequenceEntry.objects, "sequence", exited_at__isnull=False),
            sent=_count(SequenceDelivery.objects, "entry__sequence", state=SequenceDelivery.State.SENT),
        )


register_snippet(SequenceViewSet)
