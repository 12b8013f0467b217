from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin import ReadOnlyPermissionPolicy

from .models import Event


class EventViewSet(ModelViewSet):
    model = Event
    icon = "view"
    menu_label = _("Funnel events")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["occurred_at", "name", "user", "path", "utm_source", "utm_campaign"]
    list_filter = ["name", "utm_source", "utm_campaign"]
    inspect_view_enabled = True
    form_fields = ["name"]  # required by ModelViewSet; no form is ever shown
    permission_policy = ReadOnlyPermissionPolicy(Event)
    # A log row is never the target of a reference, and indexing one costs a transaction on every tracked event.
    add_to_reference_index = False


@hooks.register("register_admin_viewset")
def register_events():
    return EventViewSet()
