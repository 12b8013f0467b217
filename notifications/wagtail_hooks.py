from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin import ReadOnlyPermissionPolicy

from .models import EmailTemplate, OutboxEmail


class OutboxViewSet(ModelViewSet):
    model = OutboxEmail
    icon = "mail"
    menu_label = _("Email outbox")
    menu_order = 910
    add_to_admin_menu = True
    list_display = ["created_at", "to", "subject", "status"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    inspect_view_enabled = True
    inspect_view_fields = ["created_at", "to", "from_email", "subject", "headers", "status", "error", "body"]
    form_fields = ["subject"]  # required by ModelViewSet; no form is ever shown
    permission_policy = ReadOnlyPermissionPolicy(OutboxEmail)


@hooks.register("register_admin_viewset")
def register_outbox():
    return OutboxViewSet()


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
